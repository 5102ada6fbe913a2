"""Lossless, atomic, locked edits of one ledger file.

A write is a transaction: lock the ledger folder, read the file, check it is valid, apply the edit
as text splices (yamledit), append a hash-chained history entry, validate the result with the same
rules as `rectify validate`, and only then replace the file atomically (temp file in the same
folder, fsync, rename, keeping the file's mode, BOM and line endings). If anything fails, the old
file is untouched. `dry_run` returns the diff and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from yaml import Node as YamlNode

from rectify_cli import load
from rectify_cli.errors import Finding, RectifyError, RefusedChange, UnreadableInput, os_reason, reason_of, say
from rectify_cli.model import FORMAT_VERSION, Ledger, Policy
from rectify_cli.settings import DEFAULT_LOCK_TIMEOUT
from rectify_cli.suggest import did_you_mean, fold, with_suggestion
from rectify_cli.validation.document import validate_text
from rectify_cli.yamlio import reader
from rectify_cli.yamlio.splicer import YamlDocument, YamlEditError


@dataclass
class Outcome:
    """What an edit did: the file, a one-line message for the user, and the diff."""

    path: Path
    message: str
    diff: str
    written: bool
    value: str = ""


LOCK_NAME = ".rectify.lock"


@contextmanager
def folder_lock(folder: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """An exclusive lock on the ledger folder, so two commands never interleave read-modify-write.

    The lock is the file `.rectify.lock` in the folder, taken with filelock: the system's own lock
    (flock on Linux and macOS, msvcrt.locking on Windows), which the system releases when a process
    dies; where the system has none, a lock file recording its owner, taken over when that owner is
    gone. The file stays (removing a lock file another process waits on would let two in), is never
    read as a ledger, and is left out of a report's "uncommitted changes".
    """
    if not folder.is_dir():
        raise UnreadableInput(say("cannot open the ledger folder {folder!r}: {value}", folder=str(folder), value=say("not a folder") if folder.exists() else say("no such folder")),
                              hint=say("check --ledgers (or RECTIFY_LEDGERS)"))
    with warnings.catch_warnings():  # "only soft file lock is available": how it locks, not a problem to report
        warnings.simplefilter("ignore")
        import filelock
    lock = filelock.FileLock(folder / LOCK_NAME, timeout=timeout, thread_local=False)
    try:
        lock.acquire(poll_interval=0.02)
    except filelock.Timeout:
        raise RefusedChange(say("another rectify command has been writing in {folder} for {timeout:.0f}s; nothing was written", folder=folder, timeout=timeout),
                            hint=say("try again; RECTIFY_LOCK_TIMEOUT sets the wait")) from None
    except OSError as exc:
        raise RectifyError(say("cannot write in {folder}: {value}; the old file is intact", folder=folder, value=_write_failure(exc)),
                           exit_code=1) from None
    try:
        yield
    finally:
        lock.release()


def ledger_path(folder: Path, org_id: str) -> Path:
    """The file of an organisation; the id is checked as a slug before any file is touched."""
    import re

    from rectify_cli.model import ORG_ID_PATTERN

    if not re.fullmatch(ORG_ID_PATTERN, org_id or ""):
        # typed in capitals or full width: the id it spells when that is one (a new organisation's too), else the nearest
        known, meant = load.ledger_ids(folder), fold(org_id or "")
        suggestion = (say("did you mean {value!r}?", value=meant) if meant not in known and re.fullmatch(ORG_ID_PATTERN, meant)
                      else did_you_mean(org_id or "", known))
        raise UnreadableInput(say("{org_id!r} is not an organisation id", org_id=org_id),
                              hint=with_suggestion(suggestion, say("ids are lower-case letters, digits and '-', e.g. tj-police")))
    from rectify_cli.validation.rules import reserved_on_windows

    if reserved_on_windows(org_id):
        raise UnreadableInput(say("{org_id!r} cannot be an organisation id: {org_id}.yaml is a device name on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9), so the ledger could not be opened there", org_id=org_id),
                              hint=say("choose another id, such as {org_id}-1 or a fuller name", org_id=org_id))
    return folder / f"{org_id}.yaml"


def missing_ledger(path: Path, create: bool = True) -> UnreadableInput:
    """The error of an organisation without a ledger file (exit 2): the nearest id there is, else how to start one."""
    hint = (say("create it with `rectify init {stem} --name ...`, or check --ledgers", stem=path.stem) if create
            else say("check --ledgers"))
    suggestion = did_you_mean(path.stem, load.ledger_ids(path.parent))
    return UnreadableInput(say("no ledger {name} in {parent}", name=path.name, parent=path.parent),
                           hint=with_suggestion(suggestion, say("a new organisation: {hint}", hint=hint)
                                                if suggestion and create else hint))


def _read(path: Path) -> tuple[bytes, str, bool]:
    if not path.exists():
        raise missing_ledger(path)
    raw = _read_bytes(path)
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableInput(say("{path} is not UTF-8", path=path), hint=say("run `rectify validate` for details")) from None
    return raw, text, bom


def _read_bytes(path: Path) -> bytes:
    # The reader `validate` uses: a regular file, never read past the size limit (no /dev/zero).
    raw, problems = load.read_bytes(path, str(path))
    if raw is None:
        raise UnreadableInput(say("cannot edit {path}: {message}", path=path, message=problems[0].message), hint=problems[0].hint)
    return raw


def edit(folder: Path, org_id: str, change: Callable[[Ledger, YamlDocument], str], policy: Policy,
         today: dt.date, dry_run: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Outcome:
    """Apply `change` (which edits the document and returns a message) to one ledger, safely."""
    path = ledger_path(folder, org_id)
    with folder_lock(folder, lock_timeout):
        raw, text, bom = _read(path)
        display = load.display_path(path)
        strict = _StrictParse(display)
        node, data, found = strict.compose(text)
        ledger, problems = validate_text(text, display, policy, today, path.stem, parsed=(data, found))
        errors = [p for p in problems if p.severity == "error"]
        if ledger is None or errors:
            raise RefusedChange(say("{display} is not valid; fix it before editing it with a command", display=display),
                                problems=errors, hint=say("rectify validate {display}", display=display))
        # The splicer works on the strict parse validation just used, and its verifying re-parse of
        # the new text is the one the new text is validated from: two parses an edit, not four.
        document = YamlDocument(text, load=strict.load, parsed=(node, data), load_data=strict.load_data)
        try:
            with document.batch():  # one verifying parse for all the splices of this change
                message = change(ledger, document)
        except YamlEditError as exc:
            raise RefusedChange(say("cannot edit {display} without disturbing its text: {exc}", display=display, exc=reason_of(exc)),
                                hint=say("edit this part by hand, then run rectify validate")) from None
        new = document.text
        return _finish(path, raw, text, new, bom, display, policy, today, message, dry_run, strict.parsed(new))


class _StrictParse:
    """The strict reader (the one validation uses) as the splicer's parser, remembering its last parse."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.last: tuple[str, object, list[Finding]] | None = None

    def compose(self, text: str) -> tuple[YamlNode | None, object, list[Finding]]:
        node, data, found = reader.compose_text(text, self.display)
        self.last = (text, data, found)
        return node, data, found

    def load(self, text: str) -> tuple[YamlNode | None, object]:
        node, data, found = self.compose(text)
        if data is None and found:
            raise YamlEditError(say("the YAML text cannot be parsed: {message}", message=found[0].message))
        return node, data

    def load_data(self, text: str) -> object:
        data, found = reader.parse_text(text, self.display)
        self.last = (text, data, found)
        if data is None and found:
            raise YamlEditError(say("the YAML text cannot be parsed: {message}", message=found[0].message))
        return data

    def parsed(self, text: str) -> tuple[object, list[Finding]] | None:
        """What the last parse gave, if it was of `text`."""
        if self.last is None or self.last[0] != text:
            return None
        return self.last[1], self.last[2]


def create(folder: Path, org_id: str, text: str, policy: Policy, today: dt.date, message: str,
           dry_run: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Outcome:
    """Write a new ledger; refused if the organisation already has one."""
    path = ledger_path(folder, org_id)
    with folder_lock(folder, lock_timeout):
        if path.exists():
            raise RefusedChange(say("{path} already exists; ledger ids are never reused", path=path))
        return _finish(path, None, "", text, False, load.display_path(path), policy, today, message, dry_run)


def _finish(path: Path, raw: bytes | None, old: str, new: str, bom: bool, display: str, policy: Policy,
            today: dt.date, message: str, dry_run: bool, parsed: tuple[object, list[Finding]] | None = None) -> Outcome:
    ledger, problems = validate_text(new, display, policy, today, path.stem, parsed=parsed)
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        raise RefusedChange(say("the change would make the ledger invalid; nothing was written"),
                            problems=on_disk(errors, old, new))
    if dry_run:
        diff = "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                            f"a/{display}", f"b/{display}"))
        return Outcome(path, message, diff, written=False)
    if raw is not None and _read_bytes(path) != raw:
        raise RefusedChange(say("{display} changed while the command ran (edited by hand?); nothing was written", display=display),
                            hint=say("run the command again"))
    data = (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")
    atomic_write(path, data)
    return Outcome(path, message, "", written=True)


def on_disk(problems: list[Finding], old: str, new: str) -> list[Finding]:
    """Findings about a refused edit's text, placed where a person can look: a line the change kept
    at its line in the file on disk; a line the change wrote (which is in no file) said to be in the
    edited text, and quoted, never given a line number of a version that was not written."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    kept: dict[int, int] = {}  # line of the edited text -> the same line in the file (1-based)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for old_start, new_start, size in matcher.get_matching_blocks():
        for offset in range(size):
            kept[new_start + offset + 1] = old_start + offset + 1
    placed = []
    for problem in problems:
        if not problem.line:
            placed.append(problem)
        elif problem.line in kept:
            placed.append(replace(problem, line=kept[problem.line]))
        else:
            quoted = new_lines[problem.line - 1].strip() if problem.line <= len(new_lines) else ""
            placed.append(replace(problem, line=0, column=0, excerpt=quoted,
                                  message=say("{message} (in the text the command would have written, not in the "
                                              "file)", message=problem.message)))
    return placed


# os.replace over a file another program holds open (Excel, an editor, a sync client, an antivirus
# scan) fails on Windows with PermissionError until it lets go: retried before giving up.
REPLACE_ATTEMPTS = 6
REPLACE_FIRST_WAIT = 0.05  # seconds, doubled each time: 1.55 s in all


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a reader sees the old file or the new one, never a mix."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp = None, None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            handle = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        _replace(temp, path)
        temp = None
        _sync_folder(folder)
    except OSError as exc:
        held = isinstance(exc, PermissionError) and path.exists()
        raise RectifyError(say("cannot write {path}: {value}; the old file is intact", path=path, value=_write_failure(exc)), exit_code=1,
                           hint=say("if the ledger is open in another program (Excel, an editor, a sync client), close it and run the command again") if held else "") from None
    finally:
        if handle is not None:
            os.close(handle)
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)


def _replace(temp: str, path: Path) -> None:
    wait = REPLACE_FIRST_WAIT
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(temp, path)
            return
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(wait)
            wait *= 2


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: fsync the folder where the system allows it (not on Windows, where a
    folder cannot be opened as a file and NTFS journals the rename)."""
    if os.name == "nt":
        return
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _write_failure(exc: OSError) -> str:
    return {errno.ENOSPC: say("the disk is full"), errno.EROFS: say("the folder is read-only"),
            errno.EACCES: say("permission denied"), errno.EPERM: say("permission denied"),
            getattr(errno, "EDQUOT", -1): say("the disk quota is exceeded")}.get(exc.errno or 0, os_reason(exc))


__all__ = ["FORMAT_VERSION", "LOCK_NAME", "Outcome", "atomic_write", "create", "edit", "folder_lock", "ledger_path",
           "missing_ledger"]
