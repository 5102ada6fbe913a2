"""The periodic progress report (月报, 季报: 一月一报) of an organisation for one period, from its ledger.

`rectify progress-report` writes what a unit hands in each month or quarter, and nothing in it is
typed twice: the figures are the round report's on the period's last day (or the as-of date, when
the period has not ended), and the work of the period is the progress entries (`rectify progress`)
dated in it, the milestones planned in it and whether they were met, and the problems closed in it.
A problem still being rectified with no progress entry in the period is listed as such (本期未报送
进展): a report that is silent about a problem says so, rather than leaving it out.

Pure: the models and figures.py's states in, values out; rendering is render/periodic.py's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rectify_cli import duties, figures
from rectify_cli.figures import Figures, OrgReport, ProblemState, RoundReport
from rectify_cli.model import Ledger, Milestone, Progress, Submission


@dataclass(frozen=True)
class Entry:
    """One progress report dated in the period, on the problem as a whole (measure None) or on a measure."""

    measure: str | None
    measure_text: str
    progress: Progress


@dataclass(frozen=True)
class PlannedStep:
    """A milestone planned for a day in the period, and whether it was done by the report's date."""

    measure: str
    milestone: Milestone
    done: bool


@dataclass(frozen=True)
class ProblemPeriod:
    """One problem in the period: its state on the report's date and the period's entries and milestones."""

    state: ProblemState
    entries: tuple[Entry, ...]
    milestones: tuple[PlannedStep, ...]
    closed_in_period: bool

    @property
    def settled(self) -> bool:
        """Closed, or decided otherwise (partial, waived, dismissed), on the report's date."""
        return self.state.status == "closed" or self.state.status in figures.DECIDED

    @property
    def silent(self) -> bool:
        """Still being rectified and no progress reported in the period (本期未报送进展)."""
        return not self.entries and not self.settled


@dataclass(frozen=True)
class PeriodicReport:
    """One organisation's report for one period of one round."""

    organisation: str
    name: str
    round: int
    period: str
    start: dt.date
    end: dt.date                      # the period's last day
    on: dt.date                       # the figures' date: the period's last day, or the as-of date if earlier
    figures: Figures
    problems: tuple[ProblemPeriod, ...]
    submitted: Submission | None      # the submission recorded for this period by the as-of date, if any

    @property
    def entries(self) -> int:
        return sum(len(p.entries) for p in self.problems)

    @property
    def silent(self) -> tuple[str, ...]:
        return tuple(p.state.id for p in self.problems if p.silent)

    @property
    def milestones_due(self) -> int:
        return sum(len(p.milestones) for p in self.problems)

    @property
    def milestones_met(self) -> int:
        return sum(1 for p in self.problems for step in p.milestones if step.done)


def report_date(period: str, as_of: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The period's first and last day and the report's date (the last day, or `as_of` if earlier).

    ValueError when `period` is not a month (2026-05) or a quarter (2026-Q3), or starts after `as_of`."""
    start, end = duties.period_named(period)
    if start > as_of:
        raise ValueError(period)
    return start, end, min(end, as_of)


def _within(day: dt.date, start: dt.date, on: dt.date) -> bool:
    return start <= day <= on


def _problem_period(state: ProblemState, start: dt.date, end: dt.date) -> ProblemPeriod:
    problem, on = state.problem, state.on
    entries = [Entry(None, "", p) for p in problem.progress if _within(p.date, start, on)]
    steps: list[PlannedStep] = []
    for measure in figures.measures_at(problem, on):
        entries += [Entry(measure.id, measure.text, p) for p in measure.progress if _within(p.date, start, on)]
        steps += [PlannedStep(measure.id, m, m.done_on is not None and m.done_on <= on)
                  for m in figures.milestones_at(problem, measure, on) if _within(m.due, start, end)]
    entries.sort(key=lambda e: (e.progress.date, e.measure or ""))
    closed = state.closed_on is not None and _within(state.closed_on, start, on)
    return ProblemPeriod(state, tuple(entries), tuple(steps), closed)


def _org_period(org: OrgReport, ledger: Ledger, round_number: int, period: str, start: dt.date,
                end: dt.date, on: dt.date, as_of: dt.date) -> PeriodicReport:
    lines = []
    for state in org.states:
        if not state.in_count:
            continue
        line = _problem_period(state, start, end)
        if line.entries or line.milestones or line.closed_in_period or not line.settled:
            lines.append(line)
    inspection = next(i for i in ledger.inspections if i.round == round_number)
    submitted = next((s for s in inspection.submissions if s.period == period and s.date <= as_of), None)
    return PeriodicReport(org.id, org.name, round_number, period, start, end, on, org.figures, tuple(lines),
                          submitted)


def periodic_reports(report: RoundReport, ledgers: list[Ledger], period: str, start: dt.date,
                     end: dt.date, as_of: dt.date) -> list[PeriodicReport]:
    """The report of each organisation of `report` (the round report on the report's date) for `period`; a
    submission of the period counts when it is recorded by `as_of` (a report is submitted after its period)."""
    by_id = {ledger.organisation.id: ledger for ledger in ledgers}
    return [_org_period(org, by_id[org.id], report.round, period, start, end, report.as_of, as_of)
            for org in report.organisations]
