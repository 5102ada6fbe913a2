"""Which problems `rectify list` shows, as they stood on a date: pure selection over ledgers.

Filters combine (all must hold): round, organisation, open (not rectified), overdue. Rows come
sorted by organisation and problem id; `by_urgency` sorts by days left instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rectify_cli.figures import ProblemState, problem_state
from rectify_cli.model import Ledger, Policy


@dataclass(frozen=True)
class Row:
    organisation: str
    organisation_name: str
    state: ProblemState

    @property
    def days_left(self) -> int:
        return (self.state.deadline - self.state.on).days


def select(ledgers: Iterable[Ledger], policy: Policy, on: dt.date, round_number: int | None = None,
           organisations: Iterable[str] = (), open_only: bool = False, overdue_only: bool = False) -> list[Row]:
    wanted = set(organisations)
    rows = []
    for ledger in ledgers:
        if wanted and ledger.organisation.id not in wanted:
            continue
        for problem in ledger.problems:
            if round_number is not None and problem.round != round_number:
                continue
            state = problem_state(ledger, problem, on, policy)
            if not state.counted:
                continue
            if open_only and state.status == "closed":
                continue
            if overdue_only and not state.overdue:
                continue
            rows.append(Row(ledger.organisation.id, ledger.organisation.name, state))
    rows.sort(key=lambda row: (row.organisation, row.state.problem.round, _id_key(row.state.problem.id)))
    return rows


def _id_key(problem_id: str) -> tuple:
    head, _, number = problem_id.rpartition("-")
    return (head, int(number)) if number.isdigit() else (problem_id, 0)
