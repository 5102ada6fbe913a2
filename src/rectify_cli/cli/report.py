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

import os
import sys
from enum import Enum
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


class ReportOutputFormat(str, Enum):
    """The report's formats: those of the reading commands, and Word (docx, written with --output)."""

    table = "table"
    markdown = "markdown"
    plain = "plain"
    csv = "csv"
    json = "json"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class DocumentKind(str, Enum):
    """The Word documents of a round (render/official.py)."""

    committee = "committee"
    unit = "unit"
    closure = "closure"
    notice = "notice"


OutputFormatOption = Annotated[ReportOutputFormat, typer.Option(
    "--format", "-f", help="Output format; docx writes the Word document chosen by --document (needs --output; in Chinese unless --lang en); "
    "pdf prints the HTML report on A4 (needs --output and the [pdf] extra).")]
DocumentOption = Annotated[DocumentKind, typer.Option(
    "--document", help="With --format docx: committee (整改进展情况综合报告 with its 统计表), unit (each "
                       "organisation's 整改情况报告), closure (对账销号单 of each closed problem) or notice (督办通知 to "
                       "each organisation with warnings or consequences).")]
TemplateOption = Annotated[Optional[Path], typer.Option(
    "--template", help="With --format docx: fill this Word template (docxtpl placeholders, docs/placeholders.md) "
                       "instead of --document.", exists=True, dir_okay=False, metavar="FILE", show_default=False)]
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
    output_format: OutputFormatOption = ReportOutputFormat.table,
    output: OutputOption = None,
    document: DocumentOption = DocumentKind.committee,
    template: TemplateOption = None,
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
    docx = output_format is ReportOutputFormat.docx
    if docx and (open_view or explain or due_soon or trend):
        _usage(say("--format docx writes a document: choose it with --document, not --open, --due-soon, --explain or --trend"))
    if docx and output is None:
        _usage(say("--format docx needs --output FILE (e.g. -o 第七轮整改进展情况.docx)"))
    if output_format is ReportOutputFormat.pdf and output is None:
        _usage(say("--format pdf needs --output FILE (e.g. -o 第七轮整改进展情况.pdf)"))
    if (document is not DocumentKind.committee or template is not None) and not docx:
        _usage(say("{option} goes with --format docx", option="--template" if template is not None else "--document"))
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
        if docx:
            view = "open"   # the documents list problems: every model is loaded
        request = reports.RoundRequest(
            read_from, round_number, today(), parse_date(as_of, "--as-of"), tuple(org or []), tuple(category or []),
            view, explain, trend, gate, git_folder=folder, commit=commit, limits=limits())
        _print_report(request, output_format, output, lang, no_color, document.value, template)


def _print_report(request, output_format: ReportOutputFormat, output: Path | None, lang: Lang | None,
                  no_color: bool, document: str = "committee", template: Path | None = None) -> None:
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
    if output_format is ReportOutputFormat.docx:
        assert output is not None
        # What leaves an office is in Chinese: a document is, unless --lang or RECTIFY_LANG asks for English.
        if lang is None and not os.environ.get("RECTIFY_LANG", "").strip():
            language = "zh"
        _write_docx(result, document, language, output, template)
        _exit(result)
    to_terminal = output is None and sys.stdout.isatty()
    width = None
    if to_terminal:
        import shutil

        width = shutil.get_terminal_size().columns
    rendered_as = "html" if output_format is ReportOutputFormat.pdf else output_format.value
    text = render(result.report, result.results, rendered_as, language, view=request.view,
                  explain=result.explained, color=to_terminal and color_wanted(no_color), width=width,
                  provenance=result.provenance, series=result.series, invalid=result.invalid)
    if output_format is ReportOutputFormat.pdf:
        assert output is not None
        _write_pdf(text, output, language)
    else:
        emit(text, output, language)
    _exit(result)


def _write_pdf(page: str, output: Path, language: str) -> None:
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.pdf import PdfUnavailable, html_to_pdf
    from rectify_cli.render.words import word

    try:
        data = html_to_pdf(page)
    except PdfUnavailable as error:
        _usage(say("--format pdf needs WeasyPrint, which cannot be loaded here ({error})", error=str(error)),
               say("install the extra: pip install 'rectify-cli[pdf]' (on Debian WeasyPrint also needs "
                   "libpango-1.0-0 and libpangoft2-1.0-0, and fonts-noto-cjk for Chinese)"))
    try:
        output.write_bytes(data)
    except OSError as exc:
        _usage(f"--output: cannot write {str(output)!r}: {exc.strerror or exc}")
    write_stderr(word("wrote", language, path=str(output)))


def _exit(result) -> None:
    """Exit by the contract: 1 when ledgers were left out, 3 when a --fail-on rule fired, else 0."""
    from rectify_cli.render.console import write_stderr

    if result.invalid:
        _left_out(result.invalid, result.errors)
    for rule, organisations in result.fired.items():
        # the gate says why it failed: which rule, for which organisations
        write_stderr(said(say("rectify: {rule} fired for {value} (--fail-on)", rule=rule, value=', '.join(organisations))))
    raise typer.Exit(EXIT_CONSEQUENCE if result.fired else EXIT_OK)


def _write_docx(result, document: str, language: str, output: Path, template: Path | None) -> None:
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.official import render_docx
    from rectify_cli.render.words import word

    if template is not None:
        import json

        from rectify_cli.render.data import report_json
        from rectify_cli.render.template import TemplateProblem, fill

        values = json.loads(report_json(result.report, result.results, language, "open", None, result.provenance,
                                        None, result.invalid))
        try:
            data = fill(template.read_bytes(), str(template), values)
        except (TemplateProblem, OSError) as error:
            message = error.args[0] if isinstance(error, TemplateProblem) else str(error)  # a say(): said in Chinese
            _usage(message, say("docs/placeholders.md lists every placeholder"))
    else:
        data = render_docx(document, result.report, result.results, language, result.provenance, result.invalid)
    try:
        output.write_bytes(data)
    except OSError as exc:
        _usage(say("--output: cannot write {output!r}: {value}", output=str(output), value=exc.strerror or exc))
    write_stderr(word("wrote", language, path=str(output)))


def _left_out(invalid: list[str], errors: int) -> None:
    from rectify_cli.render.console import write_stderr

    write_stderr(said(say("rectify: {countinvalid} invalid ledger file(s) left out of the report ({errors} error(s); run `rectify validate` for details):", countinvalid=len(invalid), errors=errors)))
    for name in invalid:
        write_stderr(said(say("  {name}", name=name)))
    raise typer.Exit(EXIT_INVALID)
