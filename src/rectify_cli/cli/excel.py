"""The Excel commands: `import` a rectification sheet into a ledger, `export` a ledger or a round as a workbook.

Thin: options are parsed here, the work is in edit/sheet_import.py and render/workbook.py, the write is write.edit's (one locked,
validated transaction for the whole sheet). See docs/excel.md.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    ByOption,
    DateOption,
    DryRunOption,
    LedgersOption,
    actor,
    context,
    exit_left_out,
    guarded,
    limits,
    message_language,
    parse_date,
    report_outcome,
    said,
)
from rectify_cli.cli.common import usage_error as _usage
from rectify_cli.errors import reason_of, say


@guarded
def import_sheet(
    file: Annotated[Path, typer.Argument(help="The sheet: .xlsx (Excel, WPS) or .csv (UTF-8 or GBK).",
                                         dir_okay=False, show_default=False)],
    round_number: Annotated[int, typer.Option("--round", "-r", min=1, help="Round that fed the problems back.",
                                              show_default=False)],
    org: Annotated[Optional[str], typer.Argument(
        help="Organisation id (the ledger file name), e.g. jc-edu; leave out with --sheet-org.",
        show_default=False)] = None,
    sheet_org: Annotated[Optional[list[str]], typer.Option(
        "--sheet-org", metavar="SHEET=ORG", show_default=False,
        help="A workbook of many organisations: import sheet SHEET into ORG's ledger (repeatable), checked "
             "against the workbook's 汇总 sheet; all or nothing.")] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", help="Sheet name (default: the first sheet with a recognisable header row).",
        show_default=False)] = None,
    mapping: Annotated[Optional[list[str]], typer.Option(
        "--map", metavar="列名=FIELD", show_default=False,
        help="Read a column the tool does not recognise, by header text (or column letter), e.g. "
             "--map 牵头领导同志=leader; FIELD=ignore skips a column. Repeatable.")] = None,
    category_default: Annotated[Optional[str], typer.Option(
        "--category-default", metavar="ID", show_default=False,
        help="Category of problems whose 问题类别 is empty or unknown.")] = None,
    defaults: Annotated[Optional[list[str]], typer.Option(
        "--default", metavar="FIELD=VALUE", show_default=False,
        help="Value for an empty cell or a missing column: leader, unit, person, source, verified_by. Repeatable.")] = None,
    review_by: Annotated[Optional[str], typer.Option(
        "--review-by", show_default=False,
        help="Review date of problems the sheet calls long-term (需长期坚持) (default: 3 months after --date).")] = None,
    strict_evidence: Annotated[bool, typer.Option(
        "--strict-evidence",
        help="Close a finished row only when its 佐证材料 names a file present in the repository.")] = False,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add the problems of an Excel or CSV rectification sheet (整改台账) to a ledger, in one write.

    The ledger and the round must exist (init, add-round). Errors name the sheet, row and column
    (台账.xlsx:Sheet1!D7); on any error nothing is written (exit 1). Headings, totals, repeated
    headers and notes are not problems (--dry-run lists them). A row the sheet calls finished is
    closed only with a closing date, evidence and done measures; otherwise it is imported as
    claimed (自报完成，待对账销号), not in the rate until closed (docs/excel.md).
    """
    from rectify_cli.edit import importing, sheet_read

    try:
        columns_map = sheet_read.parse_mapping(mapping or [])
    except ValueError as exc:
        _usage(reason_of(exc))
    values = _defaults(defaults or [], sheet_read.DEFAULTABLE)
    if category_default is not None:
        values["category"] = category_default
    if (org is None) == (not sheet_org):
        _usage(say("name the organisation (rectify import FILE ORG) or map the sheets (--sheet-org SHEET=ORG), not both"))
    folder, policy, today = context(ledgers)
    request = importing.ImportRequest(
        file, org or "", round_number, folder, policy, today, actor(by, date, today), sheet, columns_map, values,
        parse_date(review_by, "--review-by"), strict_evidence, dry_run, limits().lock_timeout)
    if sheet_org:
        results = importing.import_workbook(request, importing.parse_sheet_orgs(sheet_org))
    else:
        results = [importing.import_sheet(request)]
    for result in results:
        _tell(result, dry_run)


def _tell(result, dry_run: bool) -> None:
    """What one sheet's import read and did, on stderr (the diff of a dry run on stdout)."""
    from rectify_cli.render import sheet as sheet_words
    from rectify_cli.render.console import write_stderr

    if dry_run:
        write_stderr(said(sheet_words.columns_text(result.sheet, result.columns)))
        if result.skipped:
            write_stderr(said(sheet_words.skipped_text(result.skipped)))
        write_stderr(said(result.outcome.message))
    report_outcome(result.outcome, False)
    if result.unread:
        write_stderr(said(say("note: {countunread} progress cell(s) name no status word rectify knows and were read as open (正在整改): {value}{value2}; if one says finished, write 已完成 there (docs/excel.md lists the words)", countunread=len(result.unread), value='; '.join(result.unread[:8]), value2=' …' if len(result.unread) > 8 else '')))
    if result.awaiting:
        write_stderr(said(sheet_words.claimed_note([item.id for item in result.awaiting], result.outcome.path.stem)))
    if result.unfiled:
        write_stderr(said(say("note: {unfiled} evidence item(s) of imported closures are named in the sheet but are not files in the repository: recorded as paper documents (paper:, with a note saying so); --strict-evidence leaves such rows claimed instead", unfiled=result.unfiled)))


def _defaults(items: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not value.strip():
            _usage(say("--default {item!r}: write FIELD=VALUE, e.g. --default leader=李四", item=item))
        if name.strip() not in allowed:
            _usage(say("--default {item!r}: {value!r} has no default; fields: {value2}", item=item, value=name.strip(), value2=', '.join(allowed)))
        values[name.strip()] = value.strip()
    return values


class ExportFormat(str, Enum):
    xlsx = "xlsx"


@guarded
def export(
    org: Annotated[Optional[str], typer.Argument(
        help="Organisation id: export its ledger. Leave out and give --round for a round's report tables.",
        show_default=False)] = None,
    round_number: Annotated[Optional[int], typer.Option(
        "--round", "-r", min=1, help="Round: the report tables of the round (or only this round of ORG).",
        show_default=False)] = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.xlsx,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="The workbook to write, e.g. 台账.xlsx.", dir_okay=False, show_default=False)] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Round tables as they stood on this date (default: today).", show_default=False)] = None,
    ledgers: LedgersOption = None,
) -> None:
    """Write a ledger (problems, measures, accountability, rounds) or a round's report tables as an Excel workbook.

    One sheet per table, Chinese headers, the header row frozen. Exit 0 written, 1 the ledger (or a
    ledger of the round) is invalid, 2 usage.
    """
    from rectify_cli import reports
    from rectify_cli.edit import transaction as write
    from rectify_cli.render import workbook
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.findings import findings_text

    if org is None and round_number is None:
        _usage(say("name an organisation (rectify export ORG ...) or a round (rectify export --round N ...)"))
    if output is None:
        _usage(say("missing option --output (the workbook to write, e.g. --output 台账.xlsx)"))
    if not output.parent.is_dir():
        _usage(say("--output: the folder {parent!r} does not exist", parent=str(output.parent)))
    folder, _, today = context(ledgers)
    try:
        data = reports.export_data(folder, today, org, round_number, parse_date(as_of, "--as-of", today), limits())
    except reports.NotThere as error:
        if error.findings:
            write_stderr(findings_text(error.findings, message_language()))
        _usage(error.message)
    if data.ledger is not None:
        tables = workbook.ledger_tables(data.ledger, data.policy, round_number)
    else:
        assert data.report is not None
        tables = workbook.round_tables(data.report, data.results, data.policy)
    if data.provenance is not None:
        tables.append(workbook.provenance_table(data.provenance))
    invalid = data.invalid
    write.atomic_write(output, workbook.write_workbook(tables))
    sheets = ", ".join(f"{t.title} ({len(t.rows)})" for t in tables)
    write_stderr(said(say("wrote {output}: {sheets}", output=output, sheets=sheets)))
    exit_left_out(invalid)


