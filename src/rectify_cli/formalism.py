"""Signs of formalism (形式主义的迹象): patterns in closures that a supervisor should look at.

Warnings, never consequences: each names the problems it concerns and why, with the policy's
thresholds (`policy.formalism`). Four signs, from what published checks found (回头看, 台账销号反向核查):

- closures bunched in the last days of the concentrated period (突击销号);
- the same evidence file (by sha256) supporting several problems (一材料多用);
- a closure recorded well after the date it claims, so its evidence came after the closure it
  supports (补材料, 倒签);
- every measure of a problem done on the closure day itself (a task list written to fit).

Pure functions of the problems as they stood on the report's date; figures.py calls `signs`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from rectify_cli.model import Formalism, ProblemItem

KINDS = ("closures-at-the-end", "shared-evidence", "evidence-after-closure", "measures-on-closure-day")


@dataclass(frozen=True)
class Sign:
    """One sign of formalism in one organisation's round: which, on which problems, and the numbers behind it."""

    kind: str                         # one of KINDS
    problems: tuple[str, ...]         # the problems it concerns
    count: int                        # closures at the end / problems sharing the file / days late / measures
    of: int = 0                       # closures in the round (closures-at-the-end)
    days: int = 0                     # the window or the delay, in days
    sha256: str = ""                  # the shared file's hash (shared-evidence)


@dataclass(frozen=True)
class Closed:
    """A closure in force on the report's date, with what the signs look at."""

    problem: ProblemItem
    date: dt.date
    recorded: dt.date | None          # when the command recorded it (the history entry's `at`), if known


def closures(problems: Sequence[ProblemItem], closed_on: Sequence[dt.date | None]) -> list[Closed]:
    """The problems closed on the report's date (`closed_on[i]` from the states), with when each was recorded."""
    found = []
    for problem, day in zip(problems, closed_on):
        if day is None:
            continue
        recorded = next((entry.at.date() for entry in reversed(problem.history)
                         if entry.did == "closed" and entry.date == day), None)
        found.append(Closed(problem, day, recorded))
    return found


def signs(closed: Sequence[Closed], end_of_period: dt.date, rules: Formalism) -> tuple[Sign, ...]:
    """Every sign `rules` finds among the closures of one organisation's round."""
    if not rules.enabled:
        return ()
    found: list[Sign] = []
    found += _at_the_end(closed, end_of_period, rules)
    found += _shared_evidence(closed, rules)
    found += _recorded_late(closed, rules)
    found += _measures_on_closure_day(closed, rules)
    return tuple(found)


def _at_the_end(closed: Sequence[Closed], end: dt.date, rules: Formalism) -> list[Sign]:
    window = end - dt.timedelta(days=rules.last_days - 1)
    late = sorted((c for c in closed if window <= c.date <= end), key=lambda c: (c.date, c.problem.id))
    if not closed or len(late) < rules.last_days_at_least or Fraction(len(late), len(closed)) < rules.last_days_share:
        return []
    return [Sign("closures-at-the-end", tuple(c.problem.id for c in late), len(late), of=len(closed),
                 days=rules.last_days)]


def _shared_evidence(closed: Sequence[Closed], rules: Formalism) -> list[Sign]:
    users: dict[str, list[str]] = defaultdict(list)
    for item in closed:
        files = {evidence.sha256 for evidence in (item.problem.closed.evidence if item.problem.closed else [])
                 if evidence.sha256}
        for sha in files:
            users[sha].append(item.problem.id)
    return [Sign("shared-evidence", tuple(ids), len(ids), sha256=sha)
            for sha, ids in sorted(users.items(), key=lambda pair: pair[1]) if len(ids) >= rules.shared_evidence_at_least]


def _recorded_late(closed: Sequence[Closed], rules: Formalism) -> list[Sign]:
    found = []
    for item in closed:
        if item.recorded is not None and (item.recorded - item.date).days > rules.recorded_within_days:
            found.append(Sign("evidence-after-closure", (item.problem.id,), (item.recorded - item.date).days,
                              days=rules.recorded_within_days))
    return found


def _measures_on_closure_day(closed: Sequence[Closed], rules: Formalism) -> list[Sign]:
    found = []
    for item in closed:
        measures = item.problem.measures
        if len(measures) >= rules.same_day_measures_at_least and all(m.done_on == item.date for m in measures):
            found.append(Sign("measures-on-closure-day", (item.problem.id,), len(measures)))
    return found
