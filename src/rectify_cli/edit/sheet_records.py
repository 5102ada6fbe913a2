"""A sheet's problems as ledger entries: the closure gates, the history entry, the splice (docs/excel.md).

  problem_records the ledger entries of what read_problems (edit/sheet_import.py) found: a row the sheet
                  calls finished is closed only with a closing date, evidence and done measures
  append_problems all of them spliced into the ledger text in one batch (one write.edit transaction)
  summary_line    what the import did, in one line
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from rectify_cli.edit.sheet_import import ImportOptions, ReadResult, SheetProblem
from rectify_cli.edit.sheet_read import Sheet
from rectify_cli.errors import say
from rectify_cli.yamlio.splicer import OneLinePerItem

if TYPE_CHECKING:
    from rectify_cli.edit.operations import Actor
    from rectify_cli.model import ProblemItem

IMPORT_NOTE = "imported from"


@dataclass
class Imported:
    """One problem as it will be written, and what became of the sheet's word for it."""

    id: str
    record: dict
    sheet_status: str
    status: str
    awaiting: list[str]           # why a finished row was not closed (empty when closed or not finished)
    missing_files: int            # evidence named in the sheet that is not a file in the repository


def evidence_record(item: str, root: Path) -> tuple[dict, bool]:
    """An evidence entry for a name in the sheet: a file in the repository pinned by sha256, else a paper
    document (paper:) saying it was only named, never a path to a file that is not there."""
    from rectify_cli.validation.evidence import sha256_of
    from rectify_cli.validation.rules import is_inside_repository

    path = item.replace("\\", "/").strip()
    if is_inside_repository(path):
        candidate = (root / path).resolve()
        real_root = root.resolve()
        if (real_root in candidate.parents) and candidate.is_file():
            return {"path": path, "sha256": sha256_of(candidate)}, True
    return {"paper": item.strip(), "note": UNFILED_NOTE}, False


UNFILED_NOTE = "named in the imported sheet; not a file in the repository when imported"


def problem_records(read: ReadResult, first_number: int, options: ImportOptions, actor: Actor, root: Path,
                    strict_evidence: bool = False, review_by: dt.date | None = None) -> list[Imported]:
    """The ledger entries of the sheet's problems, ids from `first_number` on.

    A problem the sheet calls finished (已完成/已销号) is closed only when the sheet gives a closing
    date and evidence and it has measures, all done by then (with `strict_evidence`, evidence that is
    a file in the repository). Otherwise it is imported as claimed (自报完成，待对账销号), its label
    keeping the sheet's word, its `claimed:` block and history reason saying what the closure awaits.
    """
    gates = _Gates(root, strict_evidence, review_by)
    return [_imported(read, sheet_problem, f"P{options.round}-{first_number + offset:03d}", options, actor, gates)
            for offset, sheet_problem in enumerate(read.problems)]


@dataclass
class _Gates:
    """What a closure needs beyond the sheet's word: where evidence files live, and the review date of long-term work."""

    root: Path
    strict_evidence: bool
    review_by: dt.date | None


@dataclass
class _Outcome:
    """The status a problem is written with, what its closure awaits, and its closed / long_term records."""

    status: str
    awaiting: list[str] = field(default_factory=list)
    closure: dict[str, Any] | None = None
    long_term: dict[str, Any] | None = None
    claim: dict[str, Any] | None = None


def _imported(read: ReadResult, sheet_problem: SheetProblem, problem_id: str, options: ImportOptions, actor: Actor,
              gates: _Gates) -> Imported:
    from rectify_cli.edit.operations import Actor, history_entry

    measures = _measure_entries(sheet_problem)
    evidence, found = _evidence_entries(sheet_problem, gates.root)
    notes = list(sheet_problem.notes)
    if sheet_problem.progress and sheet_problem.progress != sheet_problem.label:
        notes.append(f"{read.columns.label('status')}：{sheet_problem.progress}")
    outcome = _outcome(sheet_problem, measures, evidence, found, actor, gates, notes)
    record = _record(problem_id, options.round, sheet_problem, measures, outcome, notes)
    # history_entry reads only the id and the history of the problem: the chain starts from the id
    draft = cast("ProblemItem", SimpleNamespace(id=problem_id, history=[]))
    dated = Actor(actor.by, actor.at, options.feedback_on, actor.today)
    record["history"] = OneLinePerItem([history_entry(draft, dated, "imported", deadline=sheet_problem.deadline,
                                                      status=outcome.status,
                                                      reason=_reason(read, sheet_problem, outcome.awaiting))])
    missing = sum(1 for e in evidence if "paper" in e) if outcome.closure else 0
    return Imported(problem_id, record, sheet_problem.status, outcome.status, outcome.awaiting, missing)


def _measure_entries(sheet_problem: SheetProblem) -> list[dict[str, Any]]:
    measures = []
    for index, measure in enumerate(sheet_problem.measures, start=1):
        entry: dict[str, Any] = {"id": f"M{index}", "text": measure.text, "owner": measure.owner, "due": measure.due}
        if measure.done_on is not None:
            entry["done_on"] = measure.done_on
        measures.append(entry)
    return measures


def _evidence_entries(sheet_problem: SheetProblem, root: Path) -> tuple[list[dict], int]:
    """The evidence records of a problem and how many of them are files in the repository."""
    evidence, found = [], 0
    for item in sheet_problem.evidence:
        record, exists = evidence_record(item, root)
        evidence.append(record)
        found += exists
    return evidence, found


def _outcome(sheet_problem: SheetProblem, measures: list[dict[str, Any]], evidence: list[dict], found: int,
             actor: Actor, gates: _Gates, notes: list[str]) -> _Outcome:
    """How the sheet's status is written: finished is closed only through the gates; `notes` gain what the sheet said."""
    from rectify_cli.edit.operations import add_months

    status = sheet_problem.status
    if status == "finished":
        awaiting = _closure_awaits(sheet_problem, measures, evidence, found, gates.strict_evidence)
        if awaiting:
            if sheet_problem.evidence:
                notes.append("佐证材料：" + "、".join(sheet_problem.evidence))
            claim = {"date": sheet_problem.closed_on or actor.date, "by": sheet_problem.unit,
                     "awaits": "、".join(awaiting)}
            return _Outcome("claimed", awaiting, claim=claim)
        closure: dict[str, Any] = {"date": sheet_problem.closed_on, "by": actor.by}
        if sheet_problem.verified_by:
            closure["verified_by"] = sheet_problem.verified_by
        closure["evidence"] = evidence
        return _Outcome("closed", closure=closure)
    if status == "long-term":
        since = actor.date
        review = gates.review_by or add_months(since, 3)
        if review < since:
            review = since
        return _Outcome(status, long_term={"since": since, "review_by": review,
                                           "reason": sheet_problem.progress or sheet_problem.label or "需长期坚持"})
    if evidence:
        notes.append("佐证材料：" + "、".join(sheet_problem.evidence))
    return _Outcome(status)


def _closure_awaits(sheet_problem: SheetProblem, measures: list[dict[str, Any]], evidence: list[dict], found: int,
                    strict_evidence: bool) -> list[str]:
    """What a problem the sheet calls finished lacks to be closed (empty when it may be)."""
    awaiting: list[str] = []
    if not evidence:
        awaiting.append("佐证材料 (evidence)")
    elif strict_evidence and not found:
        awaiting.append("佐证材料 as a file in the repository (evidence file)")
    if sheet_problem.closed_on is None:
        awaiting.append("销号日期 (closing date)")
    if not measures:
        awaiting.append("整改措施 (measures)")
    undone = [m["id"] for m in measures if "done_on" not in m]
    if undone:
        awaiting.append("完成日期 of " + ", ".join(undone))
    late = [m["id"] for m in measures if sheet_problem.closed_on and m.get("done_on")
            and m["done_on"] > sheet_problem.closed_on]
    if late:
        awaiting.append("measures done after the closing date: " + ", ".join(late))
    return awaiting


def _record(problem_id: str, round_number: int, sheet_problem: SheetProblem, measures: list[dict[str, Any]],
            outcome: _Outcome, notes: list[str]) -> dict[str, Any]:
    """The problem as the ledger holds it, without its history; fields with no value left out."""
    record = {
        "id": problem_id, "round": round_number, "category": sheet_problem.category,
        "summary": sheet_problem.summary, "source": sheet_problem.source,
        "common": True if sheet_problem.common else None,
        "immediate": True if sheet_problem.immediate else None,
        "responsible": {"leader": sheet_problem.leader, "unit": sheet_problem.unit, "person": sheet_problem.person},
        "deadline": sheet_problem.deadline,
        "measures": OneLinePerItem(measures) or None,  # one line each, as docs/format.md writes them
        "status": outcome.status,
        "label": sheet_problem.label,
        "closed": outcome.closure,
        "long_term": outcome.long_term,
        "claimed": outcome.claim,
        "notes": "\n".join(notes) if notes else None,
        "heading": sheet_problem.heading,
    }
    return {key: value for key, value in record.items() if value is not None}


def _reason(read: ReadResult, sheet_problem: SheetProblem, awaiting: list[str]) -> str:
    """The history reason of the import: the sheet's rows and number, and what a closure awaits."""
    rows = sheet_problem.rows
    place = Sheet(Path(read.sheet.source).name, read.sheet.name, []).where(rows[0])
    if len(rows) > 1:
        place += f"-{rows[-1]}"
    number = f" (序号 {sheet_problem.number})" if sheet_problem.number else ""
    reason = f"{IMPORT_NOTE} {place}{number}"
    if awaiting:
        reason += f"; the sheet says {sheet_problem.label or '已完成'}, closure awaits {', '.join(awaiting)}"
    return reason


def append_problems(document, records: list[dict]) -> None:
    """Every new problem appended to `problems:`, all or nothing.

    Into an empty list (a ledger fresh from `rectify init`) the whole list is one splice; after
    existing problems each is appended in turn, which re-reads the text after each one (the
    splicer's positions are stale once the end of the list has moved).
    """
    if not records:
        return
    if document.get(("problems",)) in ([], None):
        document.set(("problems",), records, flow=False)
        return
    with document.batch():
        for record in records:
            document.append(("problems",), record, flow=False)


def summary_line(imported: list[Imported], org: str) -> str:
    counts: dict[str, int] = {}
    for item in imported:
        counts[item.status] = counts.get(item.status, 0) + 1
    parts = ", ".join(f"{counts[s]} {s}" for s in ("closed", "claimed", "basically-done", "long-term", "open")
                      if s in counts)
    ids = f"{imported[0].id}..{imported[-1].id}" if len(imported) > 1 else imported[0].id
    return say("imported {countimported} problem(s) into {org} ({ids}): {parts}", countimported=len(imported), org=org, ids=ids, parts=parts)
