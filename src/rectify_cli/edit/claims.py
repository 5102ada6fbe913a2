"""Claims of completion (自报完成) and turning them into verified closures (对账销号) without retyping.

  claim         a unit reports a problem finished: status `claimed`, with the date, who and what the
                closure awaits; never counted as rectified
  claim_evidence  the evidence files of each claimed problem in a folder, matched by problem id
                (evidence/jc-edu/P7-003-会议纪要.pdf, or a folder evidence/jc-edu/P7-003/)
  close_claims  every claimed problem whose evidence was found, closed in one write: its measures not
                yet done are done on the claimed date (the unit's word, recorded in the history), then
                the closure passes the same gates as `rectify close`
"""

from __future__ import annotations

from pathlib import Path

from rectify_cli.edit.operations import (
    Actor,
    check_date,
    close,
    evidence_records,
    find_problem,
    history_entry,
    refuse_unreviewed,
)
from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import HistoryEntry, Ledger, Policy, ProblemItem
from rectify_cli.yamlio.splicer import YamlDocument


def claim(ledger: Ledger, document: YamlDocument, problem_id: str, awaits: str | None, actor: Actor) -> str:
    """Record the unit's report that a problem is finished (status claimed), on the actor's date."""
    index, problem = find_problem(ledger, problem_id)
    if problem.status in ("closed", "claimed"):
        raise RefusedChange(say("{problem_id} is already {status}", problem_id=problem_id, status=problem.status))
    check_date(ledger, problem, actor.date, actor, say("claim"))
    record = {"date": actor.date, "by": actor.by, "awaits": awaits}
    if problem.long_term is not None:
        document.delete(("problems", index, "long_term"))
    document.set(("problems", index, "status"), "claimed")
    document.set(("problems", index, "claimed"), {k: v for k, v in record.items() if v is not None})
    document.append(("problems", index, "history"), history_entry(problem, actor, "claimed", reason=awaits),
                    flow=True)
    return say("{problem_id} claimed done on {date} (自报完成): not in the rate until closed with evidence", problem_id=problem_id, date=actor.date)


def claim_evidence(ledger: Ledger, folder: Path) -> dict[str, list[Path]]:
    """Each claimed problem's evidence files in `folder`: files named after its id, or the files of a folder so named."""
    found: dict[str, list[Path]] = {}
    folder = Path(str(folder).replace("\\", "/"))  # typed on Windows: evidence\jc-edu
    if not folder.is_dir():
        raise RefusedChange(say("--evidence-dir: {folder!r} is not a folder", folder=str(folder)),
                            hint=say("the folder of this organisation's evidence, e.g. evidence/{org}", org=ledger.organisation.id))
    entries = sorted(folder.iterdir())
    for problem in ledger.problems:
        if problem.status != "claimed":
            continue
        files: list[Path] = []
        for entry in entries:
            name = entry.name
            if not (name == problem.id or name.startswith((problem.id + "-", problem.id + "_", problem.id + "."))):
                continue
            files.extend(sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry])
        if files:
            found[problem.id] = files
    return found


def close_claims(ledger: Ledger, document: YamlDocument, evidence: dict[str, list[Path]], root: Path,
                 verified_by: str | None, actor: Actor, policy: Policy | None = None) -> str:
    """Close every claimed problem in `evidence` (its files found); returns what was closed and what was not."""
    claimed = [p for p in ledger.problems if p.status == "claimed"]
    if not claimed:
        raise RefusedChange(say("{id} has no claimed problem (status claimed) to close", id=ledger.organisation.id))
    refuse_unreviewed(ledger, claimed[0], actor.date, policy)
    closed, waiting = [], []
    for problem in claimed:
        if problem.id not in evidence:
            waiting.append(problem.id)
            continue
        records = evidence_records(evidence[problem.id], root)
        problem = _measures_done_as_claimed(ledger, document, problem, actor)
        close(_with(ledger, problem), document, problem.id, verified_by, records, actor)
        closed.append(say("{id} ({count} file(s))", id=problem.id, count=len(records)))
    if not closed:
        raise RefusedChange(say("no evidence file named after a claimed problem was found: nothing was closed"),
                            hint=say("name the files after the problem, e.g. P7-003-会议纪要.pdf, or put them in a folder named P7-003"))
    message = say("closed {count} claimed problem(s) on {date} (对账销号): {names}", count=len(closed), date=actor.date,
                  names=", ".join(closed))
    if waiting:
        message = say("{message}; still claimed, no evidence found: {names}", message=message, names=", ".join(waiting))
    return message


def _measures_done_as_claimed(ledger: Ledger, document: YamlDocument, problem: ProblemItem, actor: Actor
                              ) -> ProblemItem:
    """Mark the problem's undone measures done on its claimed date; the problem as it then stands."""
    assert problem.claimed is not None  # a claimed problem has its claim (validation requires it)
    index, _ = find_problem(ledger, problem.id)
    day = problem.claimed.date
    dated = Actor(actor.by, actor.at, day, actor.today)
    measures = list(problem.measures)
    history = list(problem.history)
    for m_index, measure in enumerate(measures):
        if measure.done_on is not None:
            continue
        document.set(("problems", index, "measures", m_index, "done_on"), day)
        entry = history_entry(problem.model_copy(update={"history": history}), dated, "measure-done",
                              measure=measure.id, reason=f"done as claimed on {day} (自报完成)")
        document.append(("problems", index, "history"), entry, flow=True)
        history.append(HistoryEntry.model_validate(entry))
        measures[m_index] = measure.model_copy(update={"done_on": day})
    return problem.model_copy(update={"measures": measures, "history": history})


def _with(ledger: Ledger, problem: ProblemItem) -> Ledger:
    problems = [problem if p.id == problem.id else p for p in ledger.problems]
    return ledger.model_copy(update={"problems": problems})


__all__ = ["claim", "claim_evidence", "close_claims"]
