"""Write docs/commands.md from the commands' own --help, so the reference cannot drift.

    python scripts/cli_reference.py            # rewrite docs/commands.md
    python scripts/cli_reference.py --check    # exit 1 if it is out of date (tests/test_shell.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from rectify_cli.cli import app

TARGET = Path(__file__).resolve().parent.parent / "docs" / "commands.md"


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=100, env={"NO_COLOR": "1", "COLUMNS": "100"})
    return result.stdout.rstrip() + "\n"


def reference() -> str:
    names = sorted(command.name or command.callback.__name__.replace("_", "-") for command in app.registered_commands)
    parts = ["# Command reference", "",
             "Generated from each command's `--help` by `python scripts/cli_reference.py`; do not edit by hand.",
             "Exit codes: 0 success, 1 invalid ledgers or a refused change, 2 usage error or unreadable input,",
             "3 a consequence fired under `--fail-on`.", "", "```text", help_text().rstrip(), "```"]
    for name in names:
        parts += ["", f"## rectify {name}", "", "```text", help_text(name).rstrip(), "```"]
    return "\n".join(parts) + "\n"


def main() -> None:
    text = reference()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            sys.stderr.write("docs/commands.md is out of date: run python scripts/cli_reference.py\n")
            raise SystemExit(1)
        return
    TARGET.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
