"""The dates still ahead of a round, as calendar events: pure over ledger models (render/ics.py writes them).

On the as-of date, for each organisation and the round's problems (every round's, without --round):
the end of the concentrated period (集中整改期满) while it is not past; each problem not closed, at its
effective deadline (完成时限; a long-term problem at its review date, 长期整改督查); each measure not done,
at its deadline; each milestone not done, at its planned date (时间节点); each periodic report the policy's
reporting duty asks for (报送, duties.periods) and not yet submitted, at its due date, up to a year
ahead (a long-term period only while the round is unsettled on the as-of date). Past dates stay in while the
thing is undone (an overdue deadline is still a date to act on). Each event has a stable uid made of
what it is about, so a calendar imported again updates its events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rectify_cli import duties
from rectify_cli.dates import end_of_period
from rectify_cli.figures import closure_at, effective_deadline, measures_at, milestones_at, problem_state, status_at
from rectify_cli.model import Inspection, Ledger, Policy

KINDS = ("period-end", "report", "deadline", "review", "measure", "milestone")
HORIZON = dt.timedelta(days=366)   # reports owed this far ahead of the as-of date are in the calendar


@dataclass(frozen=True)
class Event:
    """One all-day date: what kind, whose, which item, its text and the person responsible."""

    uid: str
    kind: str                  # one of KINDS
    date: dt.date
    organisation: str
    organisation_name: str
    round: int
    item: str                  # P7-001, P7-001/M1, P7-001/M1/N1, or "" for the period's end
    text: str
    person: str
    overdue: bool              # the date is before the as-of date


def _uid(org: str, round_number: int, item: str, kind: str) -> str:
    return f"{kind}.{round_number}.{item.replace('/', '.') or 'round'}.{org}@rectify"


def _reports_owed(ledger: Ledger, inspection: Inspection, end: dt.date, on: dt.date,
                  policy: Policy) -> list[duties.Period]:
    """The periodic reports of a round due up to a year after `on` and not submitted by `on`."""
    duty = policy.reporting
    if duty is None or not duty.applies_to(ledger.organisation.id):
        return []
    problems = [p for p in ledger.problems if p.round == inspection.round]

    def unsettled_on(day: dt.date) -> bool:   # the future is not known: a round unsettled today stays so
        state_day = min(day, on)
        return any(not (state := problem_state(ledger, p, state_day, policy)).rectified and state.in_count
                   for p in problems)

    made = {submission.period for submission in inspection.submissions if submission.date <= on}
    return [period for period in duties.periods(inspection, end, duty, on + HORIZON, unsettled_on)
            if period.name not in made]


def ledger_events(ledger: Ledger, on: dt.date, round_number: int | None, period_months: int,
                  policy: Policy | None = None) -> list[Event]:
    """The dates ahead (or missed and still undone) of one ledger on `on`."""
    org, name = ledger.organisation.id, ledger.organisation.name
    events: list[Event] = []

    def add(kind: str, date: dt.date, round_of: int, item: str, text: str, person: str) -> None:
        events.append(Event(_uid(org, round_of, item, kind), kind, date, org, name, round_of, item, text, person,
                            date < on))

    for inspection in ledger.inspections:
        if round_number is not None and inspection.round != round_number:
            continue
        end = end_of_period(inspection, period_months)
        if inspection.feedback_on <= on <= end:
            add("period-end", end, inspection.round, "", "", ledger.organisation.secretary or "")
        if policy is not None and inspection.feedback_on <= on:
            for period in _reports_owed(ledger, inspection, end, on, policy):
                add("report", period.due, inspection.round, period.name, "", ledger.organisation.secretary or "")
    for problem in ledger.problems:
        if round_number is not None and problem.round != round_number:
            continue
        if closure_at(problem, on) is not None:
            continue
        status = status_at(problem, on)
        if status == "long-term" and problem.long_term is not None:
            add("review", problem.long_term.review_by, problem.round, problem.id, problem.summary,
                problem.responsible.person)
        else:
            add("deadline", effective_deadline(problem, on), problem.round, problem.id, problem.summary,
                problem.responsible.person)
        for measure in measures_at(problem, on):
            if measure.done_on is not None and measure.done_on <= on:
                continue
            add("measure", measure.due, problem.round, f"{problem.id}/{measure.id}", measure.text, measure.owner)
            for milestone in milestones_at(problem, measure, on):
                if milestone.done_on is None or milestone.done_on > on:
                    add("milestone", milestone.due, problem.round, f"{problem.id}/{measure.id}/{milestone.id}",
                        milestone.text, measure.owner)
    return events


def events(ledgers: Iterable[Ledger], on: dt.date, round_number: int | None = None, period_months: int = 3,
           organisations: Iterable[str] = (), policy: Policy | None = None) -> list[Event]:
    """Every ledger's dates (of `organisations` only, when given), by date, then organisation, item and kind;
    the reporting dates when a policy is given."""
    wanted = set(organisations)
    found = [event for ledger in ledgers if not wanted or ledger.organisation.id in wanted
             for event in ledger_events(ledger, on, round_number, period_months, policy)]
    return sorted(found, key=lambda e: (e.date, e.organisation, e.round, e.item, KINDS.index(e.kind)))


def stamp(ledgers: Iterable[Ledger], as_of: dt.date | None, today: dt.date) -> dt.datetime:
    """DTSTAMP of every event: the --as-of date, else the moment of the latest recorded change (so the
    same ledgers give the same file, whenever it is written), else today; at midnight UTC for a date."""
    if as_of is not None:
        return dt.datetime.combine(as_of, dt.time(), dt.timezone.utc)
    moments = [entry.at for ledger in ledgers for problem in ledger.problems for entry in problem.history]
    if moments:
        return max(moments).astimezone(dt.timezone.utc).replace(microsecond=0)
    return dt.datetime.combine(today, dt.time(), dt.timezone.utc)
