"""The consoles: data to stdout, messages to stderr, with colour only when wanted."""

from __future__ import annotations

import sys
from contextlib import suppress


def tolerate_unencodable() -> None:
    """Characters the console cannot encode are written as escapes (\\U00020000), never a crash.

    A GBK console (code page 936, Windows' Chinese default when output is redirected, or a
    zh_CN.GBK locale) has no 𠀀, ✓ or emoji; an ASCII one (LANG=C, PYTHONIOENCODING=ascii) no
    Chinese at all. Python's default for both is UnicodeEncodeError mid-output.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError, TypeError):  # a closed or replaced stream keeps its own rules
                reconfigure(errors="backslashreplace")


def color_wanted(no_color: bool = False) -> bool:
    from rectify_cli import settings

    return not no_color and not settings.current().no_color


def stdout_console(no_color: bool = False):
    from rich.console import Console

    return Console(soft_wrap=True, no_color=not color_wanted(no_color), highlight=False,
                   force_terminal=None if color_wanted(no_color) else False)


def stderr_console(no_color: bool = False):
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, no_color=not color_wanted(no_color), highlight=False,
                   force_terminal=None if color_wanted(no_color) else False)


def write_stdout(text: str) -> None:
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def write_stderr(text: str) -> None:
    if text:
        sys.stderr.write(text if text.endswith("\n") else text + "\n")


def write_document(text: str) -> None:
    """A whole document to stdout: to a file or a pipe as UTF-8 whatever the code page (a CSV's BOM
    included), so that Excel and other programs read it intact; to a terminal in its own encoding."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    utf8 = (getattr(stream, "encoding", "") or "").lower().replace("-", "") in ("utf8", "utf8sig")
    if buffer is not None and not utf8 and not _is_terminal(stream):
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (ValueError, OSError):
        return False
