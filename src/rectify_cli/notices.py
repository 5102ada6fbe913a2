"""`rectify notices`: the supervision notices due on a date, by the policy's escalation ladder.

A problem counted and not rectified on the date climbs the ladder (policy `supervision.ladder`,
mildest step first) to the last step that applies to it: by its warning colour (green, yellow, red,
figures.colour) or by its days overdue. The notice of that step is due unless an instrument of that
kind or of a later step's kind naming the problem was recorded on or before the date. Notices are
grouped by organisation, instrument and recipient; rectify writes them, a person sends them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rectify_cli import figures
from rectify_cli.figures import ProblemState, RoundReport
from rectify_cli.model import Ledger, Policy, Step

RANK = {"green": 1, "yellow": 2, "red": 3}


@dataclass(frozen=True)
class NoticeItem:
    problem: str
    summary: str
    deadline: dt.date
    days_left: int          # negative when overdue
    colour: str | None


@dataclass(frozen=True)
class Notice:
    """One notice to send: to whom, which instrument, about which problems, the reply asked by when."""

    organisation: str
    name: str
    round: int
    kind: str
    role: str               # person, leader, unit or secretary (the ladder's `to`)
    recipient: str
    issuer: str | None
    date: dt.date
    reply_due: dt.date
    items: tuple[NoticeItem, ...]

    @property
    def problems(self) -> list[str]:
        return [item.problem for item in self.items]


def step_for(state: ProblemState, ladder: list[Step], policy: Policy) -> int | None:
    """The index of the last step of the ladder that applies to the problem on its date, or None."""
    days_left = (state.deadline - state.on).days
    shade = figures.colour(days_left, policy)
    found = None
    for index, step in enumerate(ladder):
        if step.colour is not None and shade is not None and RANK[shade] >= RANK[step.colour]:
            found = index
        if step.overdue_days is not None and -days_left >= step.overdue_days:
            found = index
    return found


def _recipient(ledger: Ledger, state: ProblemState, role: str) -> str:
    responsible = state.problem.responsible
    if role == "secretary":
        return ledger.organisation.secretary or ledger.organisation.name
    return {"person": responsible.person, "leader": responsible.leader, "unit": responsible.unit}[role]


def notices_due(report: RoundReport, ledgers: list[Ledger], policy: Policy) -> list[Notice]:
    """The notices due on the report's as-of date, by organisation, then by the ladder's order and recipient."""
    ladder = policy.supervision.ladder
    by_id = {ledger.organisation.id: ledger for ledger in ledgers}
    on = report.as_of
    result: list[Notice] = []
    for org in report.organisations:
        ledger = by_id[org.id]
        inspection = next(i for i in ledger.inspections if i.round == report.round)
        sent: dict[str, set[str]] = {}
        for record in inspection.supervision:
            if record.date <= on:
                for problem_id in record.problems:
                    sent.setdefault(problem_id, set()).add(record.kind)
        groups: dict[tuple[int, str], list[NoticeItem]] = {}
        for state in org.states:
            if not state.in_count or state.rectified:
                continue
            index = step_for(state, ladder, policy)
            if index is None:
                continue
            if sent.get(state.id, set()) & {step.kind for step in ladder[index:]}:
                continue
            days_left = (state.deadline - on).days
            item = NoticeItem(state.id, state.problem.summary, state.deadline, days_left, figures.colour(days_left, policy))
            groups.setdefault((index, _recipient(ledger, state, ladder[index].to)), []).append(item)
        for (index, recipient), items in sorted(groups.items()):
            step = ladder[index]
            result.append(Notice(org.id, org.name, report.round, step.kind, step.to, recipient,
                                 policy.supervision.issuer, on, on + dt.timedelta(days=step.reply_days),
                                 tuple(sorted(items, key=lambda i: (i.days_left, i.problem)))))
    return result
