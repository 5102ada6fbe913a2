"""The commands across rounds and organisations: `rectify trend` and `rectify common`.

Each parses its options, calls one core function (reports.trend, reports.common) and renders
with render/report.py. Exit codes as for `rectify report`: 0 printed, 1 some ledgers invalid
(the valid ones are used; the invalid are listed on stderr), 2 a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from rectify_cli.cli import EXIT_INVALID, Lang, LedgersOption, NoColorOption, ReportFormat, guarded
from rectify_cli.cli.common import (
    emit,
    exit_left_out,
    language_of,
    ledger_folder,
    limits,
    message_language,
    said,
    today,
)
from rectify_cli.errors import say


def _date(value: str | None, option: str):
    from rectify_cli.cli.edit import parse_date

    return parse_date(value, option)


FormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
LangOption = Annotated[Optional[Lang], typer.Option(
    "--lang", help="Language of headers and words (default: RECTIFY_LANG, then the locale).", show_default=False)]
AsOfOption = Annotated[Optional[str], typer.Option(
    "--as-of", help="As things stood on this date, YYYY-MM-DD (default: today).", metavar="DATE", show_default=False)]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False, metavar="FILE", show_default=False)]


def _computed(use_case, request):
    """The core call; an invalid policy is its findings, then the message, and exit 1."""
    from rectify_cli import reports
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.findings import findings_text

    try:
        return use_case(request)
    except reports.InvalidPolicy as error:
        write_stderr(findings_text(error.problems, message_language()))
        write_stderr(said(say("rectify: error: {message}", message=error.message)))
        raise typer.Exit(EXIT_INVALID) from None


def _emit(text: str, output: Path | None, lang: str, invalid: list[str]) -> NoReturn:
    emit(text, output, lang)
    exit_left_out(invalid)


def _document_text(doc, output_format: ReportFormat, source, lang: str, color: bool, width: int | None,
                   invalid: list[str]) -> str:
    """A trend or common document in the chosen format; CSV carries the provenance rows."""
    from rectify_cli.render import data, report

    if output_format is ReportFormat.csv:
        return data.document_csv(doc, source, lang, invalid)
    return report.render_document(doc, output_format.value, lang, color, width, invalid)


def _terminal(output: Path | None, no_color: bool) -> tuple[bool, int | None]:
    from rectify_cli.render.console import color_wanted

    if output is not None or not sys.stdout.isatty():
        return False, None
    import shutil

    return color_wanted(no_color), shutil.get_terminal_size().columns


@guarded
def trend(
    org: Annotated[Optional[str], typer.Argument(
        help="Organisation id or name: its rate, overdue and consequences round after round.", show_default=False)] = None,
    round_number: Annotated[Optional[int], typer.Option(
        "--round", "-r", min=1, metavar="N", show_default=False,
        help="Instead: round N's rate at each month-end of the concentrated period (with ORG: that organisation's).")] = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """An organisation round after round (each round at its consequence date), or a round month by month.

    `rectify trend ORG`: per round, problems, rate, overdue, repeats, relapses, carry-over, clue
    disposal and the consequences that fired. `rectify trend --round N`: the rate of every
    organisation and in total at each month-end of the concentrated period and at its end (the
    consequence date); in HTML also as a line chart.
    """
    from rectify_cli import reports
    from rectify_cli.render import report as report_render

    language = language_of(lang)
    request = reports.AcrossRequest(ledger_folder(ledgers), today(), _date(as_of, "--as-of"), org, round_number,
                                    limits=limits())
    result = _computed(reports.trend, request)
    color, width = _terminal(output, no_color)
    if result.rounds is not None:
        assert result.org_id is not None
        if output_format is ReportFormat.json:
            text = report_render.trend_json(result.rounds, result.org_id, result.on, result.policy, language,
                                            result.provenance, result.invalid)
        else:
            doc = report_render.trend_document(result.rounds, result.on, result.policy, language, result.provenance)
            text = _document_text(doc, output_format, result.provenance, language, color, width, result.invalid)
    else:
        assert result.series is not None
        if output_format is ReportFormat.json:
            text = report_render.series_report_json(result.series, language, result.provenance, result.invalid)
        else:
            doc = report_render.series_document(result.series, result.policy, language, result.provenance)
            text = _document_text(doc, output_format, result.provenance, language, color, width, result.invalid)
    _emit(text, output, language, result.invalid)


@guarded
def common(
    round_number: Annotated[Optional[int], typer.Option(
        "--round", "-r", min=1, metavar="N", show_default=False,
        help="Only problems of round N, among the organisations that received it (default: every round).")] = None,
    min_orgs: Annotated[int, typer.Option(
        "--min-orgs", min=1, metavar="K", help="List a category found in at least K organisations.")] = 2,
    as_of: AsOfOption = None,
    output_format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Problems recurring across organisations (共性问题), for 未巡先改.

    The categories found in at least K organisations, how many and which, and how many of their
    problems were fed back as common."""
    from rectify_cli import reports
    from rectify_cli.render import report as report_render

    language = language_of(lang)
    request = reports.AcrossRequest(ledger_folder(ledgers), today(), _date(as_of, "--as-of"), round=round_number,
                                    min_orgs=min_orgs, limits=limits())
    result = _computed(reports.common, request)
    arguments = (result.considered, result.common, result.policy, language, round_number, min_orgs, result.on,
                 result.provenance)
    if output_format is ReportFormat.json:
        text = report_render.common_json(*arguments, result.invalid)
    else:
        color, width = _terminal(output, no_color)
        doc = report_render.common_document(*arguments)
        text = _document_text(doc, output_format, result.provenance, language, color, width, result.invalid)
    _emit(text, output, language, result.invalid)
