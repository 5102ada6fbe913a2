"""The reading commands: `rectify show` (one ledger or problem) and `rectify list` (problems across ledgers).

Exit codes as for `rectify report`: 0 printed; 1 some ledgers invalid (the valid ones are listed);
2 a usage error, among them an organisation, round or problem that is not there (the message
lists those there are). Categories, statuses and history are in the words of --lang.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from rectify_cli.cli import EXIT_INVALID, LedgersOption, NoColorOption, fail, guarded
from rectify_cli.cli.common import message_language, said
from rectify_cli.errors import say


class ListFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


LangOption = Annotated[Optional[str], typer.Option("--lang", help="en or zh (default: RECTIFY_LANG, then the locale).")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Show things as they stood on this date (default: today).")]




def _lang(lang: str | None) -> str:
    from rectify_cli.cli.common import language_of
    from rectify_cli.render.words import LANGS

    if lang is None:
        return language_of(None)
    if lang not in LANGS:
        sys.stderr.write(said(say("rectify: error: --lang: {lang!r} is not one of {value}", lang=lang, value=', '.join(LANGS))) + "\n")
        raise typer.Exit(2)
    return lang


def _date(value: str | None, option: str):
    from rectify_cli.cli.edit import parse_date
    from rectify_cli.settings import today

    return parse_date(value, option, today())


@guarded
def list_problems(
    round_number: Annotated[Optional[int], typer.Option("--round", help="Only this round.")] = None,
    org: Annotated[Optional[list[str]], typer.Option("--org", help="Only this organisation (repeatable).")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only problems still owed: neither closed nor dismissed (不予认定).")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only problems past their deadline and not closed.")] = False,
    unsettled: Annotated[bool, typer.Option(
        "--unsettled", help="Carry-over (未结账): earlier rounds' problems not rectified on the feedback date of each "
                            "organisation's latest round (or of --round N).")] = False,
    due_soon: Annotated[bool, typer.Option(
        "--due-soon", help="Warnings (三色预警): open problems and unfinished measures coloured red (overdue), yellow "
                           "or green by days left (policy warning_days), most urgent first.")] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="table, markdown, csv or json.")] = ListFormat.table,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List problems across ledgers, with status, deadline and responsible person at a date."""
    from rectify_cli import reports
    from rectify_cli.cli.common import ledger_folder, limits, today

    language = _lang(lang)
    request = reports.ListRequest(ledger_folder(ledgers), today(), _date(as_of, "--as-of"), round_number,
                                  tuple(org or []), open_only, overdue, unsettled, due_soon, limits())
    try:
        result = reports.problem_list(request)
    except reports.NotThere as error:
        _skipped(error.findings)
        fail(error)
    _skipped(result.findings)
    if result.due is not None:
        _print_due(result.due, result.rows, result.policy, output_format, language, result.on, no_color)
    else:
        _print_rows(result.rows, output_format, language, result.on, no_color, result.policy)
    if result.invalid:
        raise typer.Exit(EXIT_INVALID)


def _skipped(findings) -> None:
    """The findings of the invalid ledgers that were left out, on stderr."""
    if findings:
        from rectify_cli.render.console import write_stderr
        from rectify_cli.render.findings import findings_text

        write_stderr(findings_text(findings, message_language()))
        write_stderr(said(say("skipped invalid ledger(s): {value}", value=', '.join(dict.fromkeys(f.file for f in findings if f.severity == 'error')))))


def _print_due(items, rows, policy, output_format: ListFormat, lang: str, on, no_color: bool) -> None:
    from rectify_cli.render.problems import due_text

    sys.stdout.write(due_text(items, rows, policy, output_format.value, lang, on, *_terminal(no_color)))


def _print_rows(rows, output_format: ListFormat, lang: str, on, no_color: bool, policy) -> None:
    from rectify_cli.render.problems import rows_text

    sys.stdout.write(rows_text(rows, output_format.value, lang, on, policy, *_terminal(no_color)))


def _terminal(no_color: bool) -> tuple[bool, int | None]:
    """(colours wanted, the terminal's width) on a terminal; (False, None: full rows) otherwise."""
    if not sys.stdout.isatty():
        return False, None
    import shutil

    from rectify_cli.render.console import color_wanted

    return color_wanted(no_color), shutil.get_terminal_size().columns


@guarded
def show(
    org: Annotated[str, typer.Argument(help="Organisation id.")],
    problem: Annotated[Optional[str], typer.Argument(help="Problem id (default: the whole ledger in brief).")] = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Show a ledger in brief, or one problem with its measures, closure and history."""
    from rectify_cli import reports
    from rectify_cli.cli.common import ledger_folder, limits, today
    from rectify_cli.render import problems
    from rectify_cli.render.visible import visible

    language = _lang(lang)
    on = _date(as_of, "--as-of")
    result = reports.show(ledger_folder(ledgers), org, problem, today(), on, limits())
    _skipped(result.findings)
    if result.ledger is None:
        raise typer.Exit(EXIT_INVALID)

    if result.state is None:
        sys.stdout.write(visible(problems.ledger_brief(result.ledger, language)))
        _print_rows(result.rows, ListFormat.table, language, result.on, no_color, result.policy)
        return
    sys.stdout.write(visible(problems.problem_text(result.ledger, result.state.problem, result.state, language,
                                                   result.policy)))
