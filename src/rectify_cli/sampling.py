"""回头看: the reproducible draw of closed problems to re-check (docs/format.md, "Samples").

The method, so that anyone re-draws the same sample from the same ledgers and seed:

1. Candidates: the round's problems (`round:` equal to it) with a closure in force on the draw's
   date: the current `closed.date` on or before it, or a closure later undone by a re-check
   (`reopened[].recheck`), or undone by a relapse after the date. They are sorted by
   (organisation id, problem id), as text.
2. Overall: one draw over all of them with `random.Random(f"{seed}:{round}")`; per organisation:
   one draw per organisation, in id order, with `random.Random(f"{seed}:{round}:{organisation}")`.
3. Size: `count` (at most the candidates), or `share` of the candidates rounded up.
4. `random.Random(...).sample(candidates, size)`: Python's Mersenne Twister, seeded from the text
   by SHA-512, the same on every machine. The drawn ids are kept sorted.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from rectify_cli.model import Ledger, ProblemItem, Sample


@dataclass(frozen=True)
class Draw:
    """What to draw: the round, the date, the seed, the size and whether per organisation."""

    round: int
    date: dt.date
    seed: str
    share: Fraction | None = None
    count: int | None = None
    per_organisation: bool = False

    @classmethod
    def of(cls, round_number: int, sample: Sample) -> Draw:
        return cls(round_number, sample.date, sample.seed, sample.share, sample.count, sample.per_organisation)


def closed_for_sampling(problem: ProblemItem, on: dt.date) -> bool:
    """Whether the problem had a closure in force on `on` that a sample drawn that day could take."""
    if problem.closed is not None and problem.closed.date <= on:
        return True
    return any(r.closed_on <= on and (r.date > on or r.recheck is not None) for r in problem.reopened)


def candidates(ledgers: Iterable[Ledger], round_number: int, on: dt.date) -> list[tuple[str, str]]:
    """(organisation, problem) of every candidate, sorted."""
    return sorted((ledger.organisation.id, problem.id) for ledger in ledgers for problem in ledger.problems
                  if problem.round == round_number and closed_for_sampling(problem, on))


def size(draw: Draw, available: int) -> int:
    if draw.count is not None:
        return min(draw.count, available)
    return min(available, math.ceil((draw.share or Fraction(0)) * available))


def drawn(ledgers: Sequence[Ledger], draw: Draw) -> dict[str, list[str]]:
    """The sample: each organisation with candidates -> its problems drawn, sorted (maybe none)."""
    pool = candidates(ledgers, draw.round, draw.date)
    result: dict[str, list[str]] = {org: [] for org, _ in pool}
    if draw.per_organisation:
        groups = [(f"{draw.seed}:{draw.round}:{org}", [c for c in pool if c[0] == org]) for org in result]
    else:
        groups = [(f"{draw.seed}:{draw.round}", pool)]
    for seed_text, group in groups:
        for org, problem in random.Random(seed_text).sample(group, size(draw, len(group))):
            result[org].append(problem)
    return {org: sorted(ids) for org, ids in result.items()}


def recorded(ledgers: Iterable[Ledger], round_number: int, seed: str) -> dict[str, Sample]:
    """The sample of that seed as each ledger records it: organisation -> its record."""
    found = {}
    for ledger in ledgers:
        for inspection in ledger.inspections:
            if inspection.round == round_number:
                for sample in inspection.samples:
                    if sample.seed == seed:
                        found[ledger.organisation.id] = sample
    return found


def differences(ledgers: Sequence[Ledger], round_number: int, seed: str) -> tuple[Draw | None, list[tuple[str, list[str], list[str]]]]:
    """Re-draw the recorded sample of `seed`: (its draw, [(organisation, recorded, re-drawn)] where they differ).

    The draw is None when no ledger records that seed for the round."""
    records = recorded(ledgers, round_number, seed)
    if not records:
        return None, []
    first = next(iter(records.values()))
    draw = Draw.of(round_number, first)
    again = drawn(ledgers, draw)
    differ = []
    for org in sorted(set(records) | {o for o, ids in again.items() if ids}):
        kept = records[org].drawn if org in records else []
        redrawn = again.get(org, [])
        if kept != redrawn or (org in records and Draw.of(round_number, records[org]) != draw):
            differ.append((org, kept, redrawn))
    return draw, differ
