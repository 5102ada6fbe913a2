"""The commands across rounds and organisations: `rectify trend` and `rectify common`.

Each parses its options, loads the valid ledgers, calls one function of figures.py and renders
with report_render.py. Exit codes as for `rectify report`: 0 printed, 1 some ledgers invalid
(the valid ones are used; the invalid are listed on stderr), 2 a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from rectify_cli.cli import EXIT_INVALID, Lang, LedgersOption, NoColorOption, ReportFormat, guarded
from rectify_cli.cli import usage_error as _usage
from rectify_cli.cli.common import emit, exit_left_out


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


def _load(ledgers: Path | None, only: Path | None = None):
    """(folder, policy, today, valid ledgers, invalid file names); an invalid policy is exit 1."""
    from rectify_cli import settings
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.findings import findings_text
    from rectify_cli.validation import pipeline as check
    from rectify_cli.validation.policy_file import load_policy

    folder = check.ledger_folder(ledgers)
    policy, problems = load_policy(folder)
    if problems:
        write_stderr(findings_text(problems))
        write_stderr(f"rectify: error: the policy in {folder} is not valid")
        raise typer.Exit(EXIT_INVALID)
    today = settings.today()
    result = check.check_paths([only or folder], policy, today)
    return folder, policy, today, [item.ledger for item in result.valid_ledgers()], result.invalid_files


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
    from rectify_cli import figures, provenance
    from rectify_cli.render import report as report_render
    from rectify_cli.render.words import default_lang

    if org is None and round_number is None:
        _usage("name an organisation (rectify trend ORG) or a round (rectify trend --round N)")
    language = lang.value if lang is not None else default_lang()
    folder, policy, today, valid, invalid = _load(ledgers)
    on = _date(as_of, "--as-of") or today
    org_id = None
    if org is not None:
        known = {ledger.organisation.id: ledger.organisation.name for ledger in valid}
        org_id = next((i for i, name in known.items() if org in (i, name)), None)
        if org_id is None:
            _usage(f"no valid ledger of an organisation {org!r} in {folder}",
                   "organisations: " + ", ".join(f"{i} ({n})" for i, n in sorted(known.items())))
    color, width = _terminal(output, no_color)
    if round_number is None:
        assert org_id is not None  # without --round an organisation is named (checked above)
        ledger = next(item for item in valid if item.organisation.id == org_id)
        parts = figures.organisation_rounds(ledger, on, policy)
        source = provenance.describe(folder, provenance.parameters(policy, organisation=org_id, as_of=on.isoformat()))
        if output_format is ReportFormat.json:
            text = report_render.trend_json(parts, org_id, on, policy, language, source, invalid)
        else:
            doc = report_render.trend_document(parts, on, policy, language, source)
            text = _document_text(doc, output_format, source, language, color, width, invalid)
        _emit(text, output, language, invalid)
    if not any(i.round == round_number for ledger in valid for i in ledger.inspections):
        recorded = ", ".join(str(r) for r in figures.rounds_in(valid)) or "none"
        _usage(f"no valid ledger in {folder} records round {round_number} (rounds recorded: {recorded})")
    chosen = [org_id] if org_id else []
    series = figures.rate_series(valid, round_number, on, policy, chosen)
    if not series.organisations:
        _usage(f"{org_id} has not received round {round_number}")
    source = provenance.describe(folder, provenance.parameters(
        policy, round=round_number, as_of=on.isoformat(), organisations=chosen))
    if output_format is ReportFormat.json:
        text = report_render.series_report_json(series, language, source, invalid)
    else:
        doc = report_render.series_document(series, policy, language, source)
        text = _document_text(doc, output_format, source, language, color, width, invalid)
    _emit(text, output, language, invalid)


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
    """Problems recurring across organisations (共性问题), for 未巡先改: categories found in at least K
    organisations, how many and which, and how many of their problems were fed back as common."""
    from rectify_cli import figures, provenance
    from rectify_cli.render import report as report_render
    from rectify_cli.render.words import default_lang

    language = lang.value if lang is not None else default_lang()
    folder, policy, today, valid, invalid = _load(ledgers)
    on = _date(as_of, "--as-of") or today
    if round_number is not None and not any(i.round == round_number for ledger in valid for i in ledger.inspections):
        recorded = ", ".join(str(r) for r in figures.rounds_in(valid)) or "none"
        _usage(f"no valid ledger in {folder} records round {round_number} (rounds recorded: {recorded})")
    considered, found = figures.common_problems(valid, on, policy, round_number, min_orgs)
    source = provenance.describe(folder, provenance.parameters(
        policy, round=round_number, as_of=on.isoformat(), min_orgs=min_orgs))
    if output_format is ReportFormat.json:
        text = report_render.common_json(considered, found, policy, language, round_number, min_orgs, on, source,
                                         invalid)
    else:
        doc = report_render.common_document(considered, found, policy, language, round_number, min_orgs, on, source)
        color, width = _terminal(output, no_color)
        text = _document_text(doc, output_format, source, language, color, width, invalid)
    _emit(text, output, language, invalid)
