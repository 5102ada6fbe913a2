"""The typer app: each command parses its options, calls one core function and renders the result.

Exit codes (a contract, see README): 0 success, 1 invalid ledgers or a refused change,
2 usage error or unreadable input, 3 a consequence fired under --fail-on.
Heavy modules (pydantic, yaml, rich) are imported inside the commands so `rectify --help` is quick.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

# pydantic loads every installed plugin (entry points of the group "pydantic") when the first model is
# built, and a plugin sees every value validated: here, the ledgers' contents. Ledgers are sensitive and
# rectify sends nothing anywhere, so no plugin runs inside the command (it also saves scanning the entry
# points of every installed package at each start). Someone who sets the variable themselves decides.
# Set before any model is imported; worker processes inherit it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer
from typer.core import TyperGroup

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
    message_language,
    progress_bar,
    said,
    set_language,
    usage_error,
)
from rectify_cli.errors import say


class Group(TyperGroup):
    """typer's group, whose parser errors ("Missing option", "No such command") are said in the run's language."""

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:  # a new run: its messages are in the --lang of its command line, else the environment's
            self.arguments = list(args)
            set_language(_language_on(self.arguments))
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as error:
            localise_usage_error(error, self.arguments)
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as error:
            localise_usage_error(error, getattr(self, "arguments", []))
            raise


def localise_usage_error(error: Exception, arguments: list[str]) -> None:
    """Make a parser's usage error show itself in Chinese when the run is in Chinese (its English is kept)."""
    if getattr(error, "exit_code", None) != 2 or not hasattr(error, "format_message") or \
            type(error).__name__ == "NoArgsIsHelpError":
        return
    language = _language_on(arguments) or message_language()
    if language != "zh":
        return
    from rectify_cli.render.parser_words import usage_lines

    def show(file=None) -> None:
        context = getattr(error, "ctx", None)
        help_option = None
        if context is not None and context.command.get_help_option(context) is not None:
            help_option = context.help_option_names[0]
        if context is None:
            text = "错误：" + parser_words_message(error.format_message())
        else:
            text = usage_lines(context.get_usage(), context.command_path, help_option, error.format_message(), language)
        sys.stderr.write(text + "\n")  # the console's own encoding, what it lacks as escapes (never typer.echo's bytes)

    error.show = show  # type: ignore[attr-defined]


def parser_words_message(message: str) -> str:
    from rectify_cli.render.parser_words import parser_message

    return parser_message(message, "zh")


def _language_on(arguments: list[str]) -> str | None:
    """The value of `--lang` on the command line, if one is given (en or zh)."""
    for index, argument in enumerate(arguments):
        value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else (
            arguments[index + 1] if argument == "--lang" and index + 1 < len(arguments) else None)
        if value in ("en", "zh"):
            return value
    return None


def _new_app() -> typer.Typer:
    return typer.Typer(
        name="rectify",
        cls=Group,
        help="Ledgers for the rectification of problems found by inspection tours (巡视巡察整改台账), kept as YAML in git.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _new_app()

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
        _application(sys.argv[1:], os.environ)()
    except SystemExit as stop:
        _exit_now(stop.code)
    except KeyboardInterrupt:
        sys.stderr.write(said(say("rectify: interrupted")) + "\n")
        _exit_now(130)
    except BrokenPipeError:
        sys.stderr.close()
        _exit_now(0)
    _exit_now(0)


def _exit_now(code: object) -> NoReturn:
    """End the run with `code` (as `sys.exit` reads it): the exit handlers run and the output is
    flushed, but the interpreter's teardown is skipped.

    The teardown frees every object the run built, one by one: the models, the parsed ledgers,
    pydantic's validators. That is 0.15-0.2 s after an import of a 1,000-row sheet, and a tenth of
    an edit, spent after the answer is out. Nothing is left to finish by then: every file rectify
    writes is written and closed inside its command, every worker pool is joined in its `with`
    block, the folder lock is released; what registered itself to run at exit (coverage) still
    runs, and under a profiler or a debugger the run ends the ordinary way.
    """
    import atexit
    import contextlib

    status = 0 if code is None else code if isinstance(code, int) else 1
    if not isinstance(code, (int, type(None))):
        sys.stderr.write(f"{code}\n")
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)  # under a profiler or a debugger, which write their results once the run returns
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away, or a stream already closed
            stream.flush()
    os._exit(status)


def _application(arguments: list[str], environment) -> typer.Typer:
    """The app to run for this command line: the whole `app`, or one made of the root and the one
    command named, when one is.

    typer turns every registered command into a click command before parsing (reading each
    function's signature): for 53 commands that is a fifth of an edit's time, spent on 52 commands
    that will not run. A run that names a command needs only that one; `rectify --help`, a mistyped
    command (its "did you mean") and shell completion get the whole app. The root takes no option
    with a value, so the first argument not starting with "-" is the command.
    """
    name = next((argument for argument in arguments if not argument.startswith("-")), None)
    if name is None or any(key.endswith("_COMPLETE") for key in environment):
        return app
    chosen = [info for info in app.registered_commands if info.name == name]
    if not chosen:
        return app
    single = _new_app()
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single


def _register_commands() -> None:
    """Every command on `app`, in the order `rectify --help` lists them (the modules import only typer)."""
    from rectify_cli.cli import (
        calendar,
        closure,
        correct,
        decisions,
        disclose,
        edit,
        excel,
        progress,
        read,
        rechecks,
        report,
        review,
        rollup,
        rounds,
        supervision,
        tables,
        validate,
    )
    from rectify_cli.cli.helptext import Command

    if app.registered_commands:
        return  # registered once, at import

    for name, function in [("validate", validate.validate), ("schema", validate.schema)]:
        app.command(name, cls=Command)(function)
    for name, function in [
        ("new-repo", edit.new_repo), ("init", edit.init), ("add-round", edit.add_round),
        ("add-problem", edit.add_problem), ("add-measure", edit.add_measure), ("done", edit.done),
        ("milestone", progress.milestone), ("progress", progress.progress), ("close", edit.close),
        ("submit", review.submit), ("approve", review.approve), ("return", review.return_closure),
        ("claim", closure.claim), ("close-claims", closure.close_claims), ("reopen", edit.reopen),
        ("sample", rechecks.sample), ("recheck", rechecks.recheck),
        ("submit-report", supervision.submit_report), ("supervise", supervision.supervise),
        ("reply", supervision.reply), ("handover", supervision.handover), ("acknowledge", supervision.acknowledge),
        ("long-term", edit.long_term), ("request-extension", decisions.request_extension), ("extend", edit.extend),
        ("refuse-extension", decisions.refuse_extension), ("partial", decisions.partial), ("waive", decisions.waive),
        ("dismiss", decisions.dismiss), ("sign", edit.sign), ("correct", correct.correct),
        ("set-status", edit.set_status), ("accountability", edit.accountability), ("outcomes", edit.outcomes),
        ("survey", edit.survey), ("evaluate", edit.evaluate), ("add-clue", edit.add_clue),
        ("dispose-clue", edit.dispose_clue),
    ]:
        app.command(name, cls=Command)(function)
    for name, function in [("list", read.list_problems), ("show", read.show), ("report", report.report),
                           ("disclose", disclose.disclose),
                           ("rollup", rollup.rollup), ("notices", supervision.notices),
                           ("progress-report", progress.progress_report),
                           ("import", excel.import_sheet), ("export", excel.export),
                           ("export-tables", tables.export_tables), ("calendar", calendar.calendar),
                           ("trend", rounds.trend), ("common", rounds.common)]:
        app.command(name, cls=Command)(function)


_register_commands()
