"""Every environment variable rectify reads, in one place, validated.

`read()` takes the environment as a mapping and returns `Settings`, or raises `UnreadableInput`
(exit 2) naming the variable, the value and the accepted form. The CLI calls it before a command
runs, so a bad value stops the command before any work, never with a traceback, and passes what
the core needs as arguments: today, the moment, who, and the `Limits`. Nothing else in the
package touches `os.environ` for a setting; the core does not call `current()`.

| variable | meaning | default |
|---|---|---|
| RECTIFY_TODAY | today's date for rules and figures (YYYY-MM-DD) | the system date |
| RECTIFY_NOW | the moment recorded in history (ISO 8601 with offset) | the system clock |
| RECTIFY_MAX_FILE_BYTES | largest ledger file read, in bytes (≥ 1) | 16 MiB |
| RECTIFY_LOCK_TIMEOUT | seconds an edit waits for the folder's lock (≥ 0) | 30 |
| RECTIFY_JOBS | worker processes for validation (≥ 1) | by the amount of work |
| RECTIFY_CACHE | 0/no/false/off turns the cache off | on |
| RECTIFY_CACHE_DIR, XDG_CACHE_HOME | where the cache lives | ~/.cache/rectify |
| RECTIFY_LANG, LC_ALL, LC_MESSAGES, LANG | the language of reports (en, zh) | the locale, else en |
| NO_COLOR | no colours | colours on a terminal |
| GITHUB_ACTIONS | `validate` prints GitHub annotations | text |
| RECTIFY_LEDGERS | the ledger folder (read by the `--ledgers` option) | ./ledgers |
"""

from __future__ import annotations

import datetime as dt
import getpass
import locale
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rectify_cli.errors import UnreadableInput, say

DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024
DEFAULT_LOCK_TIMEOUT = 30.0
OFF_WORDS = ("0", "no", "false", "off")


@dataclass(frozen=True)
class Limits:
    """The bounds the core works within. The core takes them as an argument (their defaults when not
    given); only the CLI reads them from the environment, through `Settings.limits()`."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    jobs: int | None = None  # worker processes for validation; None: by the amount of work
    cache_dir: Path | None = None  # None: no cache
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Settings:
    today: dt.date | None = None
    now: dt.datetime | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    jobs: int | None = None
    cache_enabled: bool = True
    cache_dir: Path = Path.home() / ".cache" / "rectify"
    lang: str = "en"
    no_color: bool = False
    github_actions: bool = False
    ledgers: Path = Path("ledgers")

    def limits(self) -> Limits:
        return Limits(self.max_file_bytes, self.jobs, self.cache_dir if self.cache_enabled else None,
                      self.lock_timeout)

    def today_or_system(self) -> dt.date:
        return self.today or dt.date.today()

    def now_or_system(self) -> dt.datetime:
        moment = self.now or dt.datetime.now().astimezone()
        return moment.replace(microsecond=0)


def _bad(name: str, value: str, accepted: str) -> UnreadableInput:
    return UnreadableInput(say("environment variable {name}={value!r} is not valid: {accepted}", name=name, value=value, accepted=accepted),
                           hint=say("set it as shown, or unset it (`unset {name}`)", name=name))


def _date(environ: Mapping[str, str], name: str) -> dt.date | None:
    value = environ.get(name, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(name, value, say("use a date as YYYY-MM-DD, e.g. 2026-07-01")) from None


def _moment(environ: Mapping[str, str], name: str) -> dt.datetime | None:
    value = environ.get(name, "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _bad(name, value, say("use a date-time with its offset, e.g. 2026-07-30T16:02:00+08:00")) from None
    return moment if moment.tzinfo else moment.astimezone()


def _number(environ: Mapping[str, str], name: str, kind: type, minimum: float, default: float | None) -> float | None:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        what = say("a whole number") if kind is int else say("a number")
        raise _bad(name, value, say("use {what} of at least {minimum:g}", what=what, minimum=minimum))
    return number


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language of messages from the environment alone: it never fails, so even the error about
    a bad environment variable is said in the reader's language."""
    return _lang(os.environ if environ is None else environ)


def _lang(environ: Mapping[str, str]) -> str:
    """RECTIFY_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG, then Python's), then English."""
    for name in ("RECTIFY_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").strip().lower()
        if not value:
            continue
        if value.startswith("zh"):
            return "zh"
        if name == "RECTIFY_LANG" and value.startswith("en"):
            return "en"
        if name != "RECTIFY_LANG":
            return "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:  # a malformed locale setting
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def _cache_dir(environ: Mapping[str, str]) -> Path:
    explicit = environ.get("RECTIFY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rectify"


def read(environ: Mapping[str, str]) -> Settings:
    """The settings in `environ`; UnreadableInput (exit 2) for the first value that cannot be read."""
    max_bytes = _number(environ, "RECTIFY_MAX_FILE_BYTES", int, 1, DEFAULT_MAX_FILE_BYTES)
    lock_timeout = _number(environ, "RECTIFY_LOCK_TIMEOUT", float, 0, DEFAULT_LOCK_TIMEOUT)
    jobs = _number(environ, "RECTIFY_JOBS", int, 1, None)
    return Settings(
        today=_date(environ, "RECTIFY_TODAY"),
        now=_moment(environ, "RECTIFY_NOW"),
        max_file_bytes=int(max_bytes or DEFAULT_MAX_FILE_BYTES),
        lock_timeout=float(lock_timeout if lock_timeout is not None else DEFAULT_LOCK_TIMEOUT),
        jobs=int(jobs) if jobs is not None else None,
        cache_enabled=environ.get("RECTIFY_CACHE", "1").strip().lower() not in OFF_WORDS,
        cache_dir=_cache_dir(environ),
        lang=_lang(environ),
        no_color="NO_COLOR" in environ,
        github_actions=environ.get("GITHUB_ACTIONS") == "true",
        ledgers=Path(environ.get("RECTIFY_LEDGERS") or "ledgers"),
    )


def current() -> Settings:
    """The settings of this process's environment now."""
    return read(os.environ)


def today() -> dt.date:
    """Today for rules and figures: RECTIFY_TODAY, else the system date."""
    return current().today_or_system()


def now() -> dt.datetime:
    """The moment a command runs, local time with its offset, to the second: RECTIFY_NOW, else the clock."""
    return current().now_or_system()


def who(by: str | None) -> str:
    """--by, else git's user.name, else the login name."""
    if by and by.strip():
        return by.strip()
    try:
        name = subprocess.run(["git", "config", "user.name"], check=False, capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
