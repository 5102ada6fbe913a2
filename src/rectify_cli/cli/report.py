"""The `report` command: parse options, call figures.round_report and policy.apply, render.

Exit codes (the contract, see cli.py and docs): 0 the report was printed; 1 some ledger files are
invalid (the report covers the valid ones and the invalid files are listed on stderr) or the
policy is invalid (no report); 2 a usage error: a bad option value, an unknown --fail-on rule, an
organisation or category that is not there, or a round no valid ledger records; 3 a consequence
named by --fail-on fired (stderr says which rule fired for which organisations). When ledgers are
invalid, 1 wins over 3: a gate must not pass or fail on partial figures; the output names the
invalid files too. Data goes to stdout (or --output), messages to stderr.

Views: the report itself (computed from per-file summaries, cached), --open, --due-soon, --explain
and --trend (these load every model). --at COMMIT copies the ledger files and policy of that
commit into a temporary folder (provenance.checkout) and reports on them; every report ends with
its provenance (provenance.describe).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli import (
    EXIT_CONSEQUENCE,
    EXIT_INVALID,
    EXIT_OK,
    Lang,
    LedgersOption,
    NoColorOption,
    ReportFormat,
    guarded,
)
from rectify_cli.cli import usage_error as _usage
from rectify_cli.cli.common import emit, language_of, ledger_folder, limits, message_language, parse_date, said, today
from rectify_cli.consequences import RULES_HELP
from rectify_cli.errors import say

RoundNumberOption = Annotated[int, typer.Option("--round", "-r", min=1, help="Inspection round, e.g. 7.", metavar="N", show_default=False)]
AsOfOption = Annotated[Optional[str], typer.Option(
    "--as-of", help="Figures as they stood on this date, YYYY-MM-DD (default: today).", metavar="DATE",
    show_default=False)]
OrgOption = Annotated[Optional[list[str]], typer.Option(
    "--org", help="Only this organisation (id or name); repeatable.", metavar="ORG", show_default=False)]
CategoryOption = Annotated[Optional[list[str]], typer.Option(
    "--category", help="Only problems of this category; repeatable.", metavar="CATEGORY", show_default=False)]
OpenViewOption = Annotated[bool, typer.Option(
    "--open", help="The table of items still being rectified (正在整改情况统计表), overdue marked.")]
DueSoonOption = Annotated[bool, typer.Option(
    "--due-soon", help="The warnings (三色预警): open problems and unfinished measures of the round and its "
                       "carry-over, red (overdue), yellow or green by days left, most urgent first.")]
ExplainOption = Annotated[Optional[str], typer.Option(
    "--explain", help="How ORG's rate is counted: each problem in or out of numerator and denominator, and why.",
    metavar="ORG", show_default=False)]
OutputFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False, metavar="FILE",
    show_default=False)]
LangOption = Annotated[Optional[Lang], typer.Option(
    "--lang", help="Language of headers, statuses and reasons (default: RECTIFY_LANG, then the locale).",
    show_default=False)]
FailOnOption = Annotated[Optional[list[str]], typer.Option(
    "--fail-on", help=f"Exit 3 when this consequence fires: {RULES_HELP}, or any; repeatable.",
    metavar="RULE", show_default=False)]
TrendOption = Annotated[bool, typer.Option(
    "--trend", help="Add the rate at each month-end of the concentrated period (a table; a line chart in HTML).")]
AtOption = Annotated[Optional[str], typer.Option(
    "--at", help="Read the ledgers and policy as they were at this git commit (the work tree is not touched).",
    metavar="COMMIT", show_default=False)]


@guarded
def report(
    round_number: RoundNumberOption,
    as_of: AsOfOption = None,
    org: OrgOption = None,
    category: CategoryOption = None,
    open_view: OpenViewOption = False,
    due_soon: DueSoonOption = False,
    explain: ExplainOption = None,
    output_format: OutputFormatOption = ReportFormat.table,
    output: OutputOption = None,
    lang: LangOption = None,
    fail_on: FailOnOption = None,
    trend: TrendOption = False,
    at: AtOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The figures of a round, the consequences that fire, and a summary (整改进展情况统计表).

    Figures are as of --as-of (default today) by the business dates in the ledgers; consequences
    are judged at the end of each organisation's concentrated period (or as-of if earlier, or as
    the policy says). Every report ends with its provenance: git commit, content hash, parameters.
    Exit 0 printed, 1 invalid ledgers (the valid ones are reported), 2 usage, 3 a --fail-on
    consequence fired.
    """
    import contextlib

    from rectify_cli import reports

    if sum(map(bool, (open_view, explain, due_soon))) > 1:
        _usage(say("choose one of --open, --due-soon and --explain"))
    if trend and (open_view or explain or due_soon):
        _usage(say("--trend goes with the report itself, not with --open, --due-soon or --explain"))
    folder = ledger_folder(ledgers)
    gate = reports.fail_on_rules(fail_on or [])
    with contextlib.ExitStack() as stack:
        commit = None
        read_from = folder
        if at is not None:
            import tempfile

            from rectify_cli.provenance import checkout

            read_from = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rectify-at-"))) / folder.name
            commit = checkout(folder, at, read_from)
        view = "explain" if explain else ("open" if open_view else ("due" if due_soon else "report"))
        request = reports.RoundRequest(
            read_from, round_number, today(), parse_date(as_of, "--as-of"), tuple(org or []), tuple(category or []),
            view, explain, trend, gate, git_folder=folder, commit=commit, limits=limits())
        _print_report(request, output_format, output, lang, no_color)


def _print_report(request, output_format: ReportFormat, output: Path | None, lang: Lang | None,
                  no_color: bool) -> None:
    """Compute the report, render it to stdout or --output, and exit by the contract."""
    from rectify_cli import reports
    from rectify_cli.render.console import color_wanted, write_stderr
    from rectify_cli.render.findings import findings_text
    from rectify_cli.render.report import render

    language = language_of(lang)
    try:
        result = reports.round_report(request)
    except reports.InvalidPolicy as error:
        write_stderr(findings_text(error.problems, message_language()))
        write_stderr(said(say("rectify: error: {message}", message=error.message)))
        raise typer.Exit(EXIT_INVALID) from None
    except reports.RoundNotRecorded as error:
        if not error.invalid:
            _usage(error.message, error.hint)
        write_stderr(said(say("rectify: error: {message}", message=error.message)))
        _left_out(error.invalid, error.errors)
    to_terminal = output is None and sys.stdout.isatty()
    width = None
    if to_terminal:
        import shutil

        width = shutil.get_terminal_size().columns
    text = render(result.report, result.results, output_format.value, language, view=request.view,
                  explain=result.explained, color=to_terminal and color_wanted(no_color), width=width,
                  provenance=result.provenance, series=result.series, invalid=result.invalid)
    emit(text, output, language)
    if result.invalid:
        _left_out(result.invalid, result.errors)
    for rule, organisations in result.fired.items():
        # the gate says why it failed: which rule, for which organisations
        write_stderr(said(say("rectify: {rule} fired for {value} (--fail-on)", rule=rule, value=', '.join(organisations))))
    raise typer.Exit(EXIT_CONSEQUENCE if result.fired else EXIT_OK)


def _left_out(invalid: list[str], errors: int) -> None:
    from rectify_cli.render.console import write_stderr

    write_stderr(said(say("rectify: {countinvalid} invalid ledger file(s) left out of the report ({errors} error(s); run `rectify validate` for details):", countinvalid=len(invalid), errors=errors)))
    for name in invalid:
        write_stderr(f"  {name}")
    raise typer.Exit(EXIT_INVALID)
