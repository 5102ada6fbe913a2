"""One error type, raised by the core with all it knows and rendered once at the edge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

# Parameter types a message keeps as they are (the validation cache unpickles only these);
# anything else is kept as its text, which is what an unadorned `{name}` prints anyway.
_KEPT = (str, int, float, bool, type(None), dt.date, Decimal, Fraction)


class Say(str):
    """A message in English that remembers its template and parameters, so the edge can say it in Chinese.

    It is a `str` (the English text), so everything that treats messages as text keeps working;
    `render.messages.localised(text, lang)` looks the template up in the catalogue
    (`data/messages.zh.txt`). Build one with `say(...)`; joining it to other text with `+` or an
    f-string gives a plain English `str` again, so compose messages with `say` all the way.
    """

    template: str
    params: dict

    def __new__(cls, template: str, params: dict | None = None) -> Say:
        kept = {name: _kept(value) for name, value in (params or {}).items()}
        self = super().__new__(cls, template.format(**(params or {})))
        self.template = template
        self.params = kept
        return self

    def __reduce__(self):
        return (Say, (self.template, self.params))


def _kept(value: object) -> object:
    if isinstance(value, Say) or type(value) in _KEPT:
        return value
    return format(value, "")  # what `{name}` prints (an enum's value, a path's text)


def say(template: str, **params: object) -> Say:
    """A message from an English `str.format` template, e.g. ``say("no problem {id!r} in {org}", id=..., org=...)``.

    The template is the catalogue's key: keep it a literal string, so `tests/test_messages_zh.py`
    finds it in the source and checks that it has a Chinese entry.
    """
    return Say(template, params)


class Joined(Say):
    """Messages joined by a separator (the lines of a list of errors), each part still said in the reader's language."""

    parts: tuple
    separator: str

    def __new__(cls, parts, separator: str) -> Joined:
        self = str.__new__(cls, separator.join(parts))
        self.template, self.params = "", {}
        self.parts, self.separator = tuple(parts), separator
        return self

    def __reduce__(self):
        return (Joined, (self.parts, self.separator))


def joined(parts, separator: str) -> Joined:
    """`separator.join(parts)` that keeps each part a `Say`: use it instead of `str.join` for messages."""
    return Joined(list(parts), separator)


def reason_of(error: BaseException) -> str:
    """An exception's message, kept a `Say` when it was raised with one (`str(error)` would make it English)."""
    if len(error.args) == 1 and isinstance(error.args[0], Say):
        return error.args[0]
    return str(error)


def os_reason(error: OSError) -> str:
    """The system's reason for a failed file operation ("Permission denied"), as a `Say` for the usual ones."""
    import errno

    known = {errno.ENOENT: say("No such file or directory"), errno.EACCES: say("Permission denied"),
             errno.EPERM: say("Operation not permitted"), errno.EISDIR: say("Is a directory"),
             errno.ENOTDIR: say("Not a directory"), errno.ENOSPC: say("No space left on device"),
             errno.EROFS: say("Read-only file system"), errno.EBUSY: say("Device or resource busy")}
    said = known.get(error.errno or 0)
    reason = error.strerror or str(error)
    return said if said is not None and said == reason else reason


@dataclass(frozen=True)
class Finding:
    """A finding about a ledger file: where it is, a stable code, what is wrong and how to fix it.

    `line` and `column` are 1-based; 0 means "the whole file". `path` is the field path inside the
    document, e.g. ``problems[3].deadline``.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    path: str = ""
    hint: str = ""
    excerpt: str = ""
    severity: str = "error"

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


@dataclass
class RectifyError(Exception):
    """A failure a user can act on; `exit_code` follows the documented contract (1 refused, 2 input)."""

    message: str
    exit_code: int = 1
    problems: list[Finding] = field(default_factory=list)
    hint: str = ""

    def __str__(self) -> str:  # pragma: no cover - used only in debugging output
        return self.message

    def __reduce__(self):
        # from a worker process back to the CLI: subclasses take other arguments than their fields,
        # so the error is rebuilt from its state, not by calling __init__ again
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))


def _rebuilt(kind: type[RectifyError], args: tuple, state: dict) -> RectifyError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class RefusedChange(RectifyError):
    """An edit refused by the rules; nothing was written."""


class UnreadableInput(RectifyError):
    """A file, folder or argument that cannot be read at all (exit 2)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message=message, exit_code=2, hint=hint)
