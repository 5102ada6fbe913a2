"""Files → text: which files are ledgers, and reading one safely.

A regular file only (a pipe or device is refused, never read), within the size limit, as UTF-8
with a BOM tolerated; display names as the user would type them.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rectify_cli.errors import Finding, os_reason, say
from rectify_cli.settings import DEFAULT_MAX_FILE_BYTES

# Limits that keep a hostile or broken file from exhausting the machine (docs/reliability.md).


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def read_bytes(path: Path, display: str, limit: int = DEFAULT_MAX_FILE_BYTES) -> tuple[bytes | None, list[Finding]]:
    """A ledger file's bytes: a regular file, refused over the size limit before it is read.

    Opened without blocking and checked on the open handle, so a pipe or a device (a symlink to
    /dev/zero, a FIFO) is refused instead of hanging or filling the memory, and a file that grows
    after the check is still read no further than the limit.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None, [Finding(display, 0, 0, "E-UNREADABLE",
                                      say("not a regular file (a folder, device or pipe): a ledger is a plain text file"))]
            size = info.st_size
            raw = b"" if size > limit else stream.read(limit + 1)
            size = max(size, len(raw))
        if size > limit:
            return None, [Finding(display, 0, 0, "E-TOO-LARGE",
                                  say("file is {size:,} bytes, over the limit of {limit:,}", size=size, limit=limit),
                                  hint=say("split the ledger or raise RECTIFY_MAX_FILE_BYTES"))]
        return raw, []
    except OSError as exc:
        return None, [Finding(display, 0, 0, "E-UNREADABLE", say("cannot read the file: {value}", value=os_reason(exc)))]


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text; a BOM is tolerated and CRLF kept (the writer preserves both)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Finding(display, line, column, "E-ENCODING",
                              say("the file is not UTF-8 (byte 0x{raw:02x} at offset {start})", raw=raw[exc.start], start=exc.start),
                              hint=say("save the file as UTF-8 (in Excel/Notepad: 'UTF-8'), not GBK/GB2312"))]
    if "\x00" in text:
        offset = text.index("\x00")
        return None, [Finding(display, text.count("\n", 0, offset) + 1, 1, "E-ENCODING",
                              say("the file contains a NUL character: it is binary, not a YAML text"))]
    return text, []


def read_text(path: Path, display: str, limit: int = DEFAULT_MAX_FILE_BYTES) -> tuple[str | None, list[Finding]]:
    """Read a ledger file as text (size limit, UTF-8), or the problems that prevent it."""
    raw, problems = read_bytes(path, display, limit)
    if raw is None:
        return None, problems
    return decode(raw, display)


def ledger_files(paths: list[Path]) -> list[Path]:
    """Expand folders to the ledger files in them (sorted); policy.yaml is not a ledger."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
                if p.name not in ("policy.yaml", "policy.yml") and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def ledger_ids(folder: Path) -> list[str]:
    """The organisation ids of the ledger files in `folder` (their file names), for a "did you mean"."""
    return [path.stem for path in ledger_files([folder])] if folder.is_dir() else []
