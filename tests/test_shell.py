"""The shell contract: version, help on every command, python -m, completion, colours, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from rectify_cli import __version__
from rectify_cli.cli import app

COMMANDS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def test_version(invoke):
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == f"rectify {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(invoke, command):
    from conftest import ROOT

    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) > 3
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    assert f"rectify {command}" in docs, f"`rectify {command}` is not in README.md or docs/"


def test_python_dash_m_runs_the_same_app():
    result = subprocess.run([sys.executable, "-m", "rectify_cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"rectify {__version__}"


def test_no_traceback_and_exit_2_for_an_unknown_command():
    result = subprocess.run([sys.executable, "-m", "rectify_cli", "frobnicate"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_completion_script_is_offered(invoke):
    result = invoke("--show-completion", "bash")
    assert result.exit_code == 0
    assert "_rectify_completion()" in result.stdout


def test_no_color_environment_removes_escape_codes(tmp_path):
    from conftest import DATA

    env = {**os.environ, "NO_COLOR": "1", "RECTIFY_TODAY": "2026-11-24", "RECTIFY_CACHE": "0"}
    result = subprocess.run([sys.executable, "-m", "rectify_cli", "validate", str(DATA / "broken" / "wrong-type.yaml")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert not re.search(r"\x1b\[", result.stdout + result.stderr)


def test_quiet_validate_prints_nothing_when_all_is_well(invoke):
    from conftest import DATA

    result = invoke("validate", DATA / "valid", "--quiet")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_the_command_reference_is_generated_from_the_help_texts():
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_progress_bar_only_on_a_terminal_for_many_files(monkeypatch):
    import io

    from rectify_cli.cli import progress_bar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_bar(500, quiet=False, no_color=True) as advance:
        assert advance is None  # a pipe or CI: silence
    monkeypatch.setattr(sys, "stderr", Terminal())
    with progress_bar(10, quiet=False, no_color=True) as advance:
        assert advance is None  # too few files to bother
    with progress_bar(500, quiet=True, no_color=True) as advance:
        assert advance is None  # --quiet
    with progress_bar(500, quiet=False, no_color=True) as advance:
        assert advance is not None
        for _ in range(500):
            advance()
