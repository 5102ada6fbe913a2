"""The consoles: data to stdout, messages to stderr, with colour only when wanted."""

from __future__ import annotations

import sys


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
    """A whole document to stdout as UTF-8 whatever the console's code page (a CSV's BOM included)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()
