"""回头看 in a ledger: a sample recorded on the round's inspection, a re-check's result on the problem.

`record_sample` writes one organisation's part of a draw (sampling.py) with a `sampled` history
entry on each problem drawn; `recheck` records a result and, for inadequate or false, reopens the
problem as `rectify reopen` does, marked as a re-check's finding (not a relapse).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rectify_cli import sampling
from rectify_cli.edit.operations import Actor, find_problem, find_round, history_entry, reopen
from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import RECHECK_RESULTS, HistoryEntry, Ledger, Policy
from rectify_cli.sampling import Draw, closed_for_sampling
from rectify_cli.settings import DEFAULT_LIMITS, Limits
from rectify_cli.yamlio.splicer import YamlDocument


def record_sample(ledger: Ledger, document: YamlDocument, draw: Draw, ids: list[str], candidates: int,
                  actor: Actor) -> str:
    """Write this organisation's part of the sample `draw` (its problems `ids`, drawn from `candidates`)."""
    index = find_round(ledger, draw.round)
    inspection = ledger.inspections[index]
    if any(sample.seed == draw.seed for sample in inspection.samples):
        raise RefusedChange(say("{org} already records a sample of round {round} with seed {seed!r}",
                                org=ledger.organisation.id, round=draw.round, seed=draw.seed),
                            hint=say("choose another --seed, or check it with --check"))
    for problem_id in ids:
        _, problem = find_problem(ledger, problem_id)
        if not closed_for_sampling(problem, draw.date):
            raise RefusedChange(say("{id} is no longer closed on {date}; nothing was written", id=problem_id,
                                    date=draw.date), hint=say("draw the sample again"))
    block: dict = {"date": draw.date, "seed": draw.seed, "by": actor.by,
                   "share": f"{float(draw.share * 100):g}%" if draw.share is not None else None,
                   "count": draw.count, "per_organisation": draw.per_organisation or None,
                   "candidates": candidates, "drawn": ids}
    document.append(("inspections", index, "samples"), {k: v for k, v in block.items() if v is not None},
                    flow=False)
    for problem_id in ids:
        position, problem = find_problem(ledger, problem_id)
        entry = history_entry(problem, actor, "sampled", reason=f"sample {draw.seed}")
        document.append(("problems", position, "history"), entry, flow=True)
    return say("{org}: {drawn} of {candidates} closed problem(s) drawn", org=ledger.organisation.id,
               drawn=len(ids), candidates=candidates)


def recheck(ledger: Ledger, document: YamlDocument, problem_id: str, result: str, reason: str,
            actor: Actor) -> str:
    """Record the re-check of a sampled problem; inadequate and false reopen it."""
    if result not in RECHECK_RESULTS:
        raise RefusedChange(say("--result {result!r} is not one of confirmed, inadequate, false", result=result))
    index, problem = find_problem(ledger, problem_id)
    samples = [s for i in ledger.inspections if i.round == problem.round for s in i.samples if problem_id in s.drawn]
    if not samples:
        raise RefusedChange(say("{id} was not drawn in any sample of round {round}", id=problem_id, round=problem.round),
                            hint=say("draw one with `rectify sample --round {round} ...`", round=problem.round))
    answered = {r.seed for r in problem.rechecks}
    waiting = [s for s in samples if s.seed not in answered]
    if not waiting:
        raise RefusedChange(say("{id} was already re-checked for every sample it was drawn in", id=problem_id))
    sample = waiting[0]
    if not sample.date <= actor.date <= actor.today:
        raise RefusedChange(say("re-check date {date} must be between the draw ({drawn}) and today ({today})",
                                date=actor.date, drawn=sample.date, today=actor.today))
    if result != "confirmed" and problem.closed is None:
        raise RefusedChange(say("{id} is not closed (status {status}): it was reopened since the draw",
                                id=problem_id, status=problem.status))
    document.append(("problems", index, "rechecks"),
                    {"date": actor.date, "by": actor.by, "seed": sample.seed, "result": result, "reason": reason},
                    flow=True)
    entry = history_entry(problem, actor, "rechecked", reason=f"{result}: {reason}")
    document.append(("problems", index, "history"), entry, flow=True)
    if result == "confirmed":
        return say("{id}: re-check confirmed the closure on {date}", id=problem_id, date=actor.date)
    # the reopening's own history entry chains after the re-check's
    problems = list(ledger.problems)
    problems[index] = problem.model_copy(update={"history": [*problem.history, HistoryEntry.model_validate(entry)]})
    reopened = ledger.model_copy(update={"problems": problems})
    reopen(reopened, document, problem_id, reason, actor, recheck=result)
    if result == "false":
        return say("{id} reopened on {date}: 虚假整改 found by the re-check; record the accountability "
                   "(rectify accountability)", id=problem_id, date=actor.date)
    return say("{id} reopened on {date}: the re-check found it inadequate (整改不到位)", id=problem_id, date=actor.date)


@dataclass
class SampleResult:
    """A sample drawn and written (or, with `check`, re-drawn): its draw, organisation -> problems drawn,
    the candidates of each organisation, and for a check the organisations where record and re-draw differ."""

    draw: Draw
    drawn: dict[str, list[str]]
    candidates: dict[str, int]
    differences: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def _valid_ledgers(folder: Path, policy: Policy, today: dt.date, limits: Limits) -> list[Ledger]:
    from rectify_cli.validation import pipeline

    checked = pipeline.check_paths([folder], policy, today, limits=limits)
    if checked.invalid_files:
        raise RefusedChange(say("a sample is drawn from valid ledgers only; not valid: {files}",
                                files=", ".join(checked.invalid_files)), hint=say("run `rectify validate` and fix them"))
    return [item.ledger for item in checked.valid_ledgers()]


def draw_sample(folder: Path, policy: Policy, draw: Draw, actor: Actor, limits: Limits = DEFAULT_LIMITS,
                dry_run: bool = False) -> SampleResult:
    """`rectify sample`: draw from every ledger of the folder and write each organisation's part into its ledger."""
    from rectify_cli.edit import transaction

    ledgers = _valid_ledgers(folder, policy, actor.today, limits)
    if draw.date > actor.today:
        raise RefusedChange(say("draw date {date} is in the future (today is {today})", date=draw.date, today=actor.today))
    if sampling.recorded(ledgers, draw.round, draw.seed):
        raise RefusedChange(say("a sample of round {round} with seed {seed!r} is already recorded", round=draw.round,
                                seed=draw.seed), hint=say("choose another --seed, or re-draw it with --check"))
    pool = sampling.candidates(ledgers, draw.round, draw.date)
    if not pool:
        raise RefusedChange(say("round {round} has no problem closed on {date} to draw from", round=draw.round,
                                date=draw.date))
    counts = Counter(org for org, _ in pool)
    drawn = sampling.drawn(ledgers, draw)
    result = SampleResult(draw, drawn, dict(counts))
    # every ledger's part is tried before any is written: a refusal in one leaves all untouched
    for trial in ((True, False) if not dry_run else (True,)):
        for org, ids in drawn.items():
            if ids:
                change = partial(record_sample, draw=draw, ids=ids, candidates=counts[org], actor=actor)
                outcome = transaction.edit(folder, org, change, policy, actor.today, dry_run=trial,
                                           lock_timeout=limits.lock_timeout)
                if outcome.written:
                    result.written.append(outcome.path)
    return result


def check_sample(folder: Path, policy: Policy, round_number: int, seed: str, today: dt.date,
                 limits: Limits = DEFAULT_LIMITS) -> SampleResult:
    """`rectify sample --check`: re-draw the recorded sample of `seed` and compare it with the records."""
    ledgers = _valid_ledgers(folder, policy, today, limits)
    draw, differ = sampling.differences(ledgers, round_number, seed)
    if draw is None:
        raise RefusedChange(say("no ledger records a sample of round {round} with seed {seed!r}", round=round_number,
                                seed=seed))
    records = sampling.recorded(ledgers, round_number, seed)
    # the candidates of the re-draw, in every ledger: a ledger none of whose problems was drawn records nothing
    counts = Counter(org for org, _ in sampling.candidates(ledgers, round_number, draw.date))
    return SampleResult(draw, {org: record.drawn for org, record in sorted(records.items())}, dict(counts), differ)
