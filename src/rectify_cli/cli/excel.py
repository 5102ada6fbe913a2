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
    OrgArgument,
    actor,
    context,
    exit_left_out,
    guarded,
    limits,
    parse_date,
    report_outcome,
)
from rectify_cli.cli.common import usage_error as _usage


@guarded
def import_sheet(
    file: Annotated[Path, typer.Argument(help="The sheet: .xlsx (Excel, WPS) or .csv (UTF-8 or GBK).",
                                         dir_okay=False, show_default=False)],
    org: OrgArgument,
    round_number: Annotated[int, typer.Option("--round", "-r", min=1, help="Round that fed the problems back.",
                                              show_default=False)],
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
    (台账.xlsx:Sheet1!D7); on any error nothing is written (exit 1). A row the sheet calls finished
    is closed only with a closing date, evidence and done measures; otherwise it is imported as
    basically-done with a note saying what the closure awaits (docs/excel.md).
    """
    from rectify_cli.dates import end_of_period
    from rectify_cli.edit import operations as edits
    from rectify_cli.edit import sheet_import as excel
    from rectify_cli.edit import sheet_read, sheet_records
    from rectify_cli.edit import transaction as write
    from rectify_cli.errors import UnreadableInput
    from rectify_cli.render.console import write_stderr
    from rectify_cli.validation.evidence import repository_root

    try:
        columns_map = sheet_read.parse_mapping(mapping or [])
    except ValueError as exc:
        _usage(str(exc))
    values = _defaults(defaults or [], sheet_read.DEFAULTABLE)
    folder, policy, today = context(ledgers)
    if category_default is not None:
        if policy.categories and category_default not in policy.categories:
            _usage(f"--category-default: {category_default!r} is not a category of the policy; categories: "
                   + ", ".join(policy.categories))
        values["category"] = category_default
    review = parse_date(review_by, "--review-by")
    if not file.exists():
        raise UnreadableInput(f"{file}: no such file")
    sheets = sheet_read.read_sheet(file, sheet, display=str(file))
    chosen, columns = excel.choose_sheet(sheets, columns_map)
    acting = actor(by, date, today)
    imported: list = []

    def change(ledger, document) -> str:
        inspection = ledger.inspections[edits.find_round(ledger, round_number)]
        options = excel.ImportOptions(
            round=round_number, feedback_on=inspection.feedback_on,
            end_of_period=end_of_period(inspection, policy.period_months),
            today=today, categories=policy.categories, defaults=values)
        read = excel.read_problems(chosen, columns, options)
        _refuse_duplicates(ledger, read, round_number)
        first = int(edits.next_problem_id(ledger, round_number).rsplit("-", 1)[1])
        imported[:] = sheet_records.problem_records(read, first, options, acting, repository_root(folder),
                                            strict_evidence=strict_evidence, review_by=review)
        sheet_records.append_problems(document, [item.record for item in imported])
        return sheet_records.summary_line(imported, ledger.organisation.id)

    if dry_run:
        write_stderr(_columns_text(chosen, columns))
    outcome = write.edit(folder, org, change, policy, today, dry_run=dry_run, lock_timeout=limits().lock_timeout)
    if dry_run:
        write_stderr(outcome.message)
    report_outcome(outcome, False)
    awaiting = [item for item in imported if item.awaiting]
    if awaiting:
        write_stderr(f"note: {len(awaiting)} problem(s) the sheet calls finished were imported as basically-done "
                     f"({', '.join(item.id for item in awaiting)}): the closure awaits what their notes name; "
                     "close them with `rectify close` once it is there")
    unfiled = sum(item.missing_files for item in imported)
    if unfiled:
        write_stderr(f"note: {unfiled} evidence item(s) of imported closures are named in the sheet but are not "
                     "files in the repository; `rectify validate --evidence` lists them")


def _defaults(items: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not value.strip():
            _usage(f"--default {item!r}: write FIELD=VALUE, e.g. --default leader=李四")
        if name.strip() not in allowed:
            _usage(f"--default {item!r}: {name.strip()!r} has no default; fields: {', '.join(allowed)}")
        values[name.strip()] = value.strip()
    return values


def _refuse_duplicates(ledger, read, round_number: int) -> None:
    """Importing the same sheet twice would double the problems: refuse rows already in the ledger."""
    from rectify_cli.edit import sheet_read

    known = {sheet_read.normalise(p.summary): p.id for p in ledger.problems if p.round == round_number}
    errors = []
    for problem in read.problems:
        existing = known.get(sheet_read.normalise(problem.summary))
        if existing:
            place = read.sheet.where(problem.rows[0], read.columns.first("summary"))
            errors.append(sheet_read.SheetError(place, f"{read.columns.label('summary')} is already in the ledger as "
                                                  f"{existing} (imported before?)"))
    if errors:
        raise sheet_read.SheetRefused(read.sheet.source, errors,
                                 hint="remove the rows already imported from the sheet, or edit those problems with commands")


def _columns_text(sheet, columns) -> str:
    from openpyxl.utils import get_column_letter

    where = f"sheet {sheet.name!r}, " if sheet.name else ""
    rows = "-".join(str(r) for r in columns.header_rows)
    read = ", ".join(f"{get_column_letter(c)} {columns.headers[c]}→{name}"
                     for name, found in columns.fields.items() for c in found)
    text = f"reading {sheet.source}: {where}header row {rows}: {read}"
    if columns.ignored:
        text += "\nnot read: " + ", ".join(f"{get_column_letter(c)} {columns.headers[c]}" for c in columns.ignored)
    return text


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
    from rectify_cli import load
    from rectify_cli.edit import transaction as write
    from rectify_cli.errors import RefusedChange
    from rectify_cli.render import workbook
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.findings import findings_text
    from rectify_cli.validation import pipeline as check

    if org is None and round_number is None:
        _usage("name an organisation (rectify export ORG ...) or a round (rectify export --round N ...)")
    if output is None:
        _usage("missing option --output (the workbook to write, e.g. --output 台账.xlsx)")
    if not output.parent.is_dir():
        _usage(f"--output: the folder {str(output.parent)!r} does not exist")
    folder, policy, today = context(ledgers)
    on = parse_date(as_of, "--as-of", today)
    invalid: list[str] = []
    if org is not None:
        path = write.ledger_path(folder, org)
        if not path.exists():
            _usage(f"no ledger {path.name} in {folder}")
        result = check.check_paths([path], policy, today)
        if not result.ok or not result.ledgers:
            raise RefusedChange(f"{load.display_path(path)} is not valid; nothing was exported",
                                problems=[p for p in result.problems if p.severity == "error"],
                                hint=f"rectify validate {load.display_path(path)}")
        ledger = result.ledgers[0].ledger
        if round_number is not None and not any(i.round == round_number for i in ledger.inspections):
            _usage(f"{org} has not received round {round_number}")
        tables = workbook.ledger_tables(ledger, policy, round_number)
    else:
        from rectify_cli import consequences as rules
        from rectify_cli import figures

        result = check.check_paths([folder], policy, today)
        invalid = result.invalid_files
        valid = [item.ledger for item in result.valid_ledgers()]
        if not any(i.round == round_number for ledger in valid for i in ledger.inspections):
            recorded = ", ".join(str(r) for r in figures.rounds_in(valid)) or "none"
            if invalid:
                write_stderr(findings_text([p for p in result.problems if p.severity == "error"]))
            _usage(f"no valid ledger in {folder} records round {round_number} (rounds recorded: {recorded})")
        assert round_number is not None  # the organisation branch above returned
        report = figures.round_report(valid, round=round_number, as_of=on, policy=policy)
        tables = workbook.round_tables(report, rules.apply(report), policy)
    write.atomic_write(output, workbook.write_workbook(tables))
    sheets = ", ".join(f"{t.title} ({len(t.rows)})" for t in tables)
    write_stderr(f"wrote {output}: {sheets}")
    exit_left_out(invalid)


