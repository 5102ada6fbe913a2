"""The typer app: each command parses its options, calls one core function and renders the result.

Exit codes (a contract, see README): 0 success, 1 invalid ledgers or a refused change,
2 usage error or unreadable input, 3 a consequence fired under --fail-on.
Heavy modules (pydantic, yaml, rich) are imported inside the commands so `rectify --help` is quick.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from rectify_cli import __version__
from rectify_cli.cli.common import (
    EXIT_CONSEQUENCE,
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_OK,
    FindingsFormat,
    Lang,
    LedgersOption,
    NoColorOption,
    QuietOption,
    ReportFormat,
    fail,
    guarded,
    progress_bar,
    usage_error,
)

app = typer.Typer(
    name="rectify",
    help="Ledgers for the rectification of problems found by inspection tours (巡视巡察整改台账), kept as YAML in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"rectify {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """rectify keeps one YAML ledger per inspected organisation and reports on a round."""
    from rectify_cli import settings
    from rectify_cli.errors import RectifyError

    try:
        settings.current()  # a bad environment variable stops here, before any work, with exit 2
    except RectifyError as error:
        fail(error)


__all__ = ["EXIT_CONSEQUENCE", "EXIT_INPUT", "EXIT_INVALID", "EXIT_OK", "FindingsFormat", "Lang", "LedgersOption",
           "NoColorOption", "QuietOption", "ReportFormat", "app", "fail", "guarded", "main", "progress_bar", "usage_error"]


def main() -> None:
    """Console entry point: typer's own exit codes, and no traceback for what we can explain."""
    import gc

    # A command is one short run that builds many objects and no reference cycles: the cyclic
    # collector would only rescan them (measured: a third of an edit of a 1,000-problem ledger).
    gc.disable()
    from rectify_cli.render.console import tolerate_unencodable

    tolerate_unencodable()
    _register_commands()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("rectify: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


def _register_commands() -> None:
    """Every command on `app`, in the order `rectify --help` lists them (the modules import only typer)."""
    from rectify_cli.cli import closure, correct, edit, excel, read, report, rounds, validate

    if app.registered_commands:
        return  # registered once, at import

    for name, function in [("validate", validate.validate), ("schema", validate.schema)]:
        app.command(name)(function)
    for name, function in [
        ("new-repo", edit.new_repo),
        ("init", edit.init),
        ("add-round", edit.add_round),
        ("add-problem", edit.add_problem),
        ("add-measure", edit.add_measure),
        ("done", edit.done),
        ("close", edit.close),
        ("claim", closure.claim),
        ("close-claims", closure.close_claims),
        ("reopen", edit.reopen),
        ("long-term", edit.long_term),
        ("extend", edit.extend),
        ("sign", edit.sign),
        ("correct", correct.correct),
        ("set-status", edit.set_status),
        ("accountability", edit.accountability),
        ("outcomes", edit.outcomes),
        ("survey", edit.survey),
        ("evaluate", edit.evaluate),
        ("add-clue", edit.add_clue),
        ("dispose-clue", edit.dispose_clue),
    ]:
        app.command(name)(function)
    for name, function in [("list", read.list_problems), ("show", read.show), ("report", report.report),
                           ("import", excel.import_sheet), ("export", excel.export),
                           ("trend", rounds.trend), ("common", rounds.common)]:
        app.command(name)(function)


_register_commands()
