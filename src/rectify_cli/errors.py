"""One error type, raised by the core with all it knows and rendered once at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field


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


class RefusedChange(RectifyError):
    """An edit refused by the rules; nothing was written."""


class UnreadableInput(RectifyError):
    """A file, folder or argument that cannot be read at all (exit 2)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message=message, exit_code=2, hint=hint)
