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
from rectify_cli.errors import UnreadableInput
from rectify_cli.model import Policy
from rectify_cli.settings import DEFAULT_LOCK_TIMEOUT
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

    @property
    def awaiting(self) -> list[sheet_records.Imported]:
        """Problems the sheet calls finished whose closure is not yet verified."""
        return [item for item in self.imported if item.awaiting]

    @property
    def unfiled(self) -> int:
        """Evidence items of imported closures that are not files in the repository."""
        return sum(item.missing_files for item in self.imported)


def check_category_default(policy: Policy, category: str | None) -> None:
    if category is not None and policy.categories and category not in policy.categories:
        raise UnreadableInput(f"--category-default: {category!r} is not a category of the policy",
                              hint="categories: " + ", ".join(policy.categories))


def import_sheet(request: ImportRequest) -> ImportResult:
    """Read the sheet and append its problems to the organisation's ledger, in one write (or a dry run)."""
    check_category_default(request.policy, request.defaults.get("category"))
    if not request.file.exists():
        raise UnreadableInput(f"{request.file}: no such file")
    sheets = sheet_read.read_sheet(request.file, request.sheet, display=str(request.file))
    chosen, columns = sheet_import.choose_sheet(sheets, request.mapping)
    policy = request.policy
    imported: list[sheet_records.Imported] = []
    skipped: list[Skipped] = []

    def change(ledger, document) -> str:
        inspection = ledger.inspections[edits.find_round(ledger, request.round)]
        options = sheet_import.ImportOptions(
            round=request.round, feedback_on=inspection.feedback_on,
            end_of_period=end_of_period(inspection, policy.period_months),
            today=request.today, categories=policy.categories, defaults=request.defaults,
            on_site_start=inspection.on_site.start if inspection.on_site is not None else None)
        read = sheet_import.read_problems(chosen, columns, options)
        skipped[:] = read.skipped
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
    return ImportResult(outcome, chosen, columns, imported, skipped)


def refuse_duplicates(ledger, read: sheet_import.ReadResult, round_number: int) -> None:
    """Importing the same sheet twice would double the problems: refuse rows already in the ledger."""
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
                                      hint="remove the rows already imported from the sheet, or edit those problems "
                                           "with commands")
