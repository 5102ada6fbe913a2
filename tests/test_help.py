"""`--help` reads as a person would write it: no raw type placeholders, required options marked,
and every command's summary in `rectify --help` whole."""

from __future__ import annotations

import re

import pytest

from rectify_cli.cli import app
from rectify_cli.cli.helptext import summary

COMMANDS = [info.name for info in app.registered_commands]
RAW = re.compile(r"<(?:str|int|float|bool|dir|file|path|Path|list\[[^\]]*\]|int range|[a-z]+\|[a-z|]+)>|\{[a-z_]+\}")


def help_of(invoke, *command: str) -> str:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_a_commands_help_shows_no_raw_placeholder(invoke, command):
    text = help_of(invoke, command)
    assert not RAW.findall(text), (command, RAW.findall(text))
    assert f"Usage: rectify {command} [OPTIONS]" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_the_options_a_command_cannot_do_without_are_marked_required(invoke, command, tmp_path):
    # run it with no options at all (not on a terminal, so nothing is asked): every option it
    # names as missing is marked [required] in its help
    (tmp_path / "ledgers").mkdir()
    result = invoke(command, "org-a", "P7-001", "M1", "--ledgers", tmp_path / "ledgers") if command not in (
        "validate", "schema", "new-repo", "list", "report", "trend", "common", "import", "export", "show") else None
    if result is None:
        pytest.skip("reads; no option it needs but typer's own")
    missing = re.findall(r"--[a-z-]+", result.stderr.split("\n")[0]) if "missing option" in result.stderr else []
    text = " ".join(help_of(invoke, command).split())
    for option in missing:
        assert re.search(re.escape(option) + r" \S+ [^[]*\[required\]", text), (command, option)


def test_every_summary_in_rectify_help_is_a_whole_sentence(invoke):
    text = help_of(invoke)
    listed = " ".join(text.split("Commands:")[1].split())
    for info in app.registered_commands:
        line = summary(info.callback.__doc__)
        assert line.endswith("."), (info.name, line)   # the first sentence of the docstring, whole
        # compared without white space: click wraps a long word at its hyphen (long-term -> "long-" "term")
        assert "".join(f"{info.name} {line}".split()) in "".join(listed.split()), info.name
    assert "..." not in listed


def test_all_missing_options_are_reported_in_one_run(invoke, tmp_path):
    (tmp_path / "ledgers").mkdir()
    result = invoke("add-problem", "org-a", "--round", "7", "--ledgers", tmp_path / "ledgers")
    assert result.exit_code == 2
    assert "missing options --category, --summary, --leader, --unit and --person" in result.stderr
    result = invoke("survey", "org-a", "--ledgers", tmp_path / "ledgers")
    assert result.exit_code == 2
    assert "missing options --round, --participants and --satisfied" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_run_naming_a_command_builds_only_that_one_and_reads_the_same(command):
    """`rectify NAME ...` runs an app of the root and that one command (typer reads every command's
    signature before parsing); its help, options and exit codes must be those of the whole app."""
    from typer.testing import CliRunner

    from rectify_cli.cli import _application

    single = _application([command, "--help"], {})
    assert [info.name for info in single.registered_commands] == [command]
    runner = CliRunner()
    alone, whole = runner.invoke(single, [command, "--help"]), runner.invoke(app, [command, "--help"])
    assert (alone.exit_code, alone.stdout) == (whole.exit_code, whole.stdout)
    missing = [command, "--no-such-option"]
    assert runner.invoke(single, missing).exit_code == runner.invoke(app, missing).exit_code == 2


@pytest.mark.parametrize("arguments, environment", [
    (["--help"], {}), ([], {}), (["add-measur", "x"], {}), (["--version"], {}),
    (["add-measure", "x"], {"_RECTIFY_COMPLETE": "complete_bash"}),
])
def test_help_a_mistyped_command_and_completion_get_the_whole_app(arguments, environment):
    from rectify_cli.cli import _application

    assert _application(arguments, environment) is app


def test_a_mistyped_command_still_gets_its_suggestion_from_the_entry_point():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rectify_cli", "add-measur"], capture_output=True, text=True,
                          env={"PATH": "", "LANG": "C.UTF-8", "RECTIFY_LANG": "en"}, check=False)
    assert done.returncode == 2
    assert "Did you mean 'add-measure'?" in done.stderr
