"""Which problems `rectify list` shows, as they stood on a date: pure selection over ledgers.

Filters combine (all must hold): round, organisation, open (neither closed nor dismissed: work is
still owed on it, so a waived or partly rectified problem is open), overdue. Rows come
sorted by organisation, round and problem id.

`--unsettled` (未结账) selects instead the problems carried over into an organisation's latest
round: for each organisation, the round is `--round N` when given (organisations that received
it), else the highest round it received on or before the as-of date; the problems are those of
its earlier rounds that counted and were not rectified (policy.rectified_statuses) on that round's
feedback date (figures.carried_over). Each is shown as it stands on the as-of date, so one settled
since is listed with its closure; add --open to keep only those still not closed.

`--due-soon` turns the selected problems into warnings (figures.due_items): each problem not
closed and each of its measures not done, coloured red (overdue), yellow or green by the days
left (policy.warning_days), most urgent first; --overdue keeps the red ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rectify_cli.figures import DueItem, ProblemState, carried_over, due_items, problem_state
from rectify_cli.model import Ledger, Policy


@dataclass(frozen=True)
class Row:
    organisation: str
    organisation_name: str
    state: ProblemState
    carried_into: int | None = None          # with --unsettled: the round it is carried into
    feedback_on: dt.date | None = None       # that round's feedback date
    status_then: str | None = None           # its status on that date

    @property
    def days_left(self) -> int:
        return (self.state.deadline - self.state.on).days


def latest_round(ledger: Ledger, on: dt.date) -> int | None:
    """The highest round the organisation received on or before `on`."""
    rounds = [inspection.round for inspection in ledger.inspections if inspection.feedback_on <= on]
    return max(rounds, default=None)


_SETTLED = frozenset({"closed", "dismissed"})  # nothing more is owed on it: closed (销号) or not upheld (不予认定)


def select(ledgers: Iterable[Ledger], policy: Policy, on: dt.date, round_number: int | None = None,
           organisations: Iterable[str] = (), open_only: bool = False, overdue_only: bool = False,
           unsettled: bool = False) -> list[Row]:
    wanted = set(organisations)
    rows = []
    for ledger in ledgers:
        if wanted and ledger.organisation.id not in wanted:
            continue
        into = None
        if unsettled:
            into = round_number if round_number is not None else latest_round(ledger, on)
            if into is None:
                continue
            problems = carried_over(ledger, into, policy, on=on)
            inspection = next(i for i in ledger.inspections if i.round == into) if problems else None
        else:
            problems = [p for p in ledger.problems if round_number is None or p.round == round_number]
            inspection = None
        for problem in problems:
            state = problem_state(ledger, problem, on, policy)
            if not state.counted:
                continue
            if open_only and state.status in _SETTLED:
                continue
            if overdue_only and not state.overdue:
                continue
            extra: dict[str, Any] = {}
            if inspection is not None:
                then = problem_state(ledger, problem, inspection.feedback_on, policy)
                extra = {"carried_into": into, "feedback_on": inspection.feedback_on, "status_then": then.status}
            rows.append(Row(ledger.organisation.id, ledger.organisation.name, state, **extra))
    rows.sort(key=lambda row: (row.organisation, row.state.problem.round, _id_key(row.state.problem.id)))
    return rows


def due_soon(rows: Iterable[Row], policy: Policy, red_only: bool = False) -> list[DueItem]:
    """The warnings of the selected problems and their unfinished measures, most urgent first."""
    items = due_items((row.state for row in rows), policy)
    return [item for item in items if item.colour == "red"] if red_only else items


def _id_key(problem_id: str) -> tuple:
    head, _, number = problem_id.rpartition("-")
    return (head, int(number)) if number.isdigit() else (problem_id, 0)
