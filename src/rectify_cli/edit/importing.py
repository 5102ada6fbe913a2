"""`rectify import` as one use case: a sheet and its options in, the ledger change and what was read out.

`import_sheet` chooses the sheet and its columns, reads the problems, refuses rows already in the
ledger, turns the rest into ledger entries and appends them in one locked, validated write
(`transaction.edit`). Nothing here prints; the CLI renders the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rectify_cli.dates import end_of_period
from rectify_cli.edit import operations as edits
from rectify_cli.edit import sheet_import, sheet_read, sheet_records, transaction
from rectify_cli.edit.operations import Actor
from rectify_cli.edit.sheet_rows import Skipped
from rectify_cli.errors import UnreadableInput, say
from rectify_cli.model import Policy
from rectify_cli.settings import DEFAULT_LOCK_TIMEOUT
from rectify_cli.suggest import did_you_mean, near_file, with_suggestion
from rectify_cli.validation.evidence import repository_root


@dataclass(frozen=True)
class ImportRequest:
    """What `rectify import` was asked, its options already parsed."""

    file: Path
    org: str
    round: int
    folder: Path
    policy: Policy
    today: dt.date
    actor: Actor
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # header text or column letter → field
    defaults: dict[str, str] = field(default_factory=dict)  # field → value for empty cells
    review_by: dt.date | None = None
    strict_evidence: bool = False
    dry_run: bool = False
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT


@dataclass
class ImportResult:
    outcome: transaction.Outcome
    sheet: sheet_read.Sheet
    columns: sheet_read.Columns
    imported: list[sheet_records.Imported]
    skipped: list[Skipped] = field(default_factory=list)  # rows that are not problems: headings, totals, notes
    unread: list[str] = field(default_factory=list)  # progress cells naming no status word, read as open

    @property
    def awaiting(self) -> list[sheet_records.Imported]:
        """Problems the sheet calls finished whose closure is not yet verified."""
        return [item for item in self.imported if item.awaiting]

    @property
    def unfiled(self) -> int:
        """Evidence items of imported closures that are not files in the repository."""
        return sum(item.missing_files for item in self.imported)


def check_category_default(policy: Policy, category: str | None) -> str | None:
    """--category-default as the id of a category of the policy, named by id, Chinese name or alias (exit 2 otherwise)."""
    from rectify_cli.validation.rules import category_named

    return None if category is None else category_named(policy, category, "--category-default", UnreadableInput)


def import_sheet(request: ImportRequest) -> ImportResult:
    """Read the sheet and append its problems to the organisation's ledger, in one write (or a dry run)."""
    defaults = dict(request.defaults)
    if defaults.get("category"):
        defaults["category"] = check_category_default(request.policy, defaults["category"]) or ""
    if not request.file.exists():
        raise UnreadableInput(say("{file}: no such file", file=request.file), hint=near_file(request.file))
    sheets = sheet_read.read_sheet(request.file, request.sheet, display=str(request.file))
    chosen, columns = sheet_import.choose_sheet(sheets, request.mapping)
    policy = request.policy
    imported: list[sheet_records.Imported] = []
    skipped: list[Skipped] = []
    unread: list[str] = []

    def change(ledger, document) -> str:
        inspection = ledger.inspections[edits.find_round(ledger, request.round)]
        options = sheet_import.ImportOptions(
            round=request.round, feedback_on=inspection.feedback_on,
            end_of_period=end_of_period(inspection, policy.period_months),
            today=request.today, categories=policy.categories, defaults=defaults,
            on_site_start=inspection.on_site.start if inspection.on_site is not None else None)
        read = sheet_import.read_problems(chosen, columns, options)
        skipped[:] = read.skipped
        unread[:] = read.unread
        refuse_duplicates(ledger, read, request.round)
        first = int(edits.next_problem_id(ledger, request.round).rsplit("-", 1)[1])
        imported[:] = sheet_records.problem_records(read, first, options, request.actor,
                                                    repository_root(request.folder),
                                                    strict_evidence=request.strict_evidence,
                                                    review_by=request.review_by)
        sheet_records.append_problems(document, [item.record for item in imported])
        return sheet_records.summary_line(imported, ledger.organisation.id)

    outcome = transaction.edit(request.folder, request.org, change, policy, request.today,
                               dry_run=request.dry_run, lock_timeout=request.lock_timeout)
    return ImportResult(outcome, chosen, columns, imported, skipped, unread)


def refuse_duplicates(ledger, read: sheet_import.ReadResult, round_number: int) -> None:
    """Importing the same sheet twice would double the problems: refuse rows already in the ledger."""
    known = {sheet_read.normalise(p.summary): p.id for p in ledger.problems if p.round == round_number}
    errors = []
    for problem in read.problems:
        existing = known.get(sheet_read.normalise(problem.summary))
        if existing:
            place = read.sheet.where(problem.rows[0], read.columns.first("summary"))
            errors.append(sheet_read.SheetError(place, say("{value} is already in the ledger as {existing} (imported before?)", value=read.columns.label('summary'), existing=existing)))
    if errors:
        raise sheet_read.SheetRefused(read.sheet.source, errors,
                                      hint=say("remove the rows already imported from the sheet, or edit those problems with commands"))


# --- a workbook of many organisations -------------------------------------------------------------

SUMMARY_NAMES = ("汇总", "汇总表", "统计", "统计表", "总表")
_SUMMARY_COLUMNS = {"problems": ("反馈问题数", "问题数", "反馈问题", "问题总数"),
                    "measures": ("整改措施数", "措施数", "整改措施"),
                    "done": ("已完成", "已完成数", "已整改", "完成数")}


@dataclass(frozen=True)
class SummaryRow:
    """A summary sheet's line for one organisation's sheet: the totals it states, with their cells."""

    sheet: str
    row: int
    stated: dict[str, tuple[int, str]]  # figure -> (number, cell)


def parse_sheet_orgs(items: list[str]) -> dict[str, str]:
    """--sheet-org SHEET=ORG (repeatable) -> {sheet: org}; UnreadableInput on a bad item."""
    mapping: dict[str, str] = {}
    for item in items:
        sheet, equals, org = item.rpartition("=")
        if not equals or not sheet.strip() or not org.strip():
            raise UnreadableInput(say("--sheet-org {item!r}: write SHEET=ORG, e.g. --sheet-org 东山村=qs-dongshan", item=item))
        if sheet.strip() in mapping:
            raise UnreadableInput(say("--sheet-org: sheet {value!r} is mapped twice", value=sheet.strip()))
        mapping[sheet.strip()] = org.strip()
    return mapping


def import_workbook(request: ImportRequest, sheet_orgs: dict[str, str]) -> list[ImportResult]:
    """Each mapped sheet into its organisation's ledger, checked against the workbook's summary sheet.

    Every sheet is read and checked first (a dry run of each); only when all pass, and the summary
    sheet's totals (反馈问题数, 整改措施数, 已完成 = closed + claimed) agree with what was read, are
    the ledgers written, one locked write each.
    """
    from dataclasses import replace

    if not request.file.exists():
        raise UnreadableInput(say("{file}: no such file", file=request.file), hint=near_file(request.file))
    sheets = sheet_read.read_sheet(request.file, None, display=str(request.file))
    names = [sheet.name for sheet in (sheets if isinstance(sheets, list) else [sheets])]
    missing = [name for name in sheet_orgs if name not in names]
    if missing:
        raise UnreadableInput(say("{file} has no sheet {value}", file=request.file, value=', '.join(map(repr, missing))),
                              hint=with_suggestion(did_you_mean(missing[0], [str(name) for name in names]),
                                                   say("sheets: {names}", names=", ".join(str(name) for name in names))))
    trial = [import_sheet(replace(request, org=org, sheet=sheet, dry_run=True)) for sheet, org in sheet_orgs.items()]
    summary = _summary_rows(sheets if isinstance(sheets, list) else [sheets], sheet_orgs)
    _compare(summary, dict(zip(sheet_orgs, trial)), str(request.file))
    if request.dry_run:
        return trial
    return [import_sheet(replace(request, org=org, sheet=sheet)) for sheet, org in sheet_orgs.items()]


def _summary_rows(sheets: list[sheet_read.Sheet], sheet_orgs: dict[str, str]) -> dict[str, SummaryRow]:
    """The lines of the summary sheet (a sheet named 汇总 or 统计 that is not imported), by the sheet each names."""
    from rectify_cli.cells import text_of

    for sheet in sheets:
        if sheet.name in sheet_orgs or not any(word in (sheet.name or "") for word in SUMMARY_NAMES):
            continue
        for header in range(1, min(len(sheet.rows), 10) + 1):
            columns = {sheet_read.normalise(text_of(cell.value)): index
                       for index, cell in enumerate(sheet.rows[header - 1], start=1)}
            found = {figure: next((columns[name] for name in options if name in columns), None)
                     for figure, options in _SUMMARY_COLUMNS.items()}
            if found["problems"] is None:
                continue
            rows: dict[str, SummaryRow] = {}
            for row in range(header + 1, len(sheet.rows) + 1):
                texts = [sheet_read.normalise(text_of(cell.value)) for cell in sheet.rows[row - 1]]
                named = next((name for name in sheet_orgs if sheet_read.normalise(name) in texts), None)
                if named is None:
                    continue
                stated = {}
                for figure, column in found.items():
                    value = sheet.cell(row, column).value if column else None
                    number = _whole(value)
                    if number is not None:
                        stated[figure] = (number, sheet.where(row, column))
                rows[named] = SummaryRow(named, row, stated)
            return rows
    return {}


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value or "").strip().removesuffix("个").removesuffix("项")
    return int(text) if text.isdigit() else None


def _compare(summary: dict[str, SummaryRow], results: dict[str, ImportResult], source: str) -> None:
    errors = []
    for sheet, result in results.items():
        line = summary.get(sheet)
        if line is None:
            continue
        read = {"problems": len(result.imported),
                "measures": sum(len(item.record.get("measures", [])) for item in result.imported),
                "done": sum(1 for item in result.imported if item.status in ("closed", "claimed"))}
        for figure, (stated, cell) in line.stated.items():
            if stated != read[figure]:
                errors.append(sheet_read.SheetError(cell, say("the summary says {stated} {figure} for {sheet}, but {read} were read from its sheet", stated=stated, figure=figure, sheet=sheet, read=read[figure])))
    if errors:
        raise sheet_read.SheetRefused(source, errors, hint=say("correct the summary sheet or the village sheet, then import again; nothing was written"))
