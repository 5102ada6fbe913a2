"""Between feedback and closure: the reporting duty, the supervision instruments and the handovers, on a date.

Pure functions over the models, as figures.py's are: `reporting` lists the periodic reports a round
owes by the policy's `reporting:` and which were late or missing; `supervision` counts the
instruments sent (督办单, 提醒函, 告诫函, 约谈, 通报) and the replies awaited; `handovers` flags the
changes of post not acknowledged and the unsettled problems still answered for by someone who left.
Which problems are unsettled on a day is the caller's (figures.py's) to say: this module knows no
status rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rectify_cli.model import INSTRUMENT_KINDS, PERIOD_PATTERN, Cadence, Inspection, Ledger, ProblemItem, Reporting


@dataclass(frozen=True)
class Period:
    """One report owed: the period it covers (2026-05, 2026-Q3), its first day and its due date."""

    name: str
    start: dt.date
    due: dt.date


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _period_of(day: dt.date, every: str) -> tuple[str, dt.date, dt.date]:
    """The month or calendar quarter holding `day`: its name, first day and the first day after it."""
    if every == "month":
        start = dt.date(day.year, day.month, 1)
        return f"{day.year}-{day.month:02d}", start, _month_after(start)
    quarter = (day.month - 1) // 3
    start = dt.date(day.year, quarter * 3 + 1, 1)
    after = dt.date(start.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
    return f"{day.year}-Q{quarter + 1}", start, after


def period_named(name: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period named as submissions name it (2026-05, 2026-Q3); ValueError if not one."""
    if not re.fullmatch(PERIOD_PATTERN, name):
        raise ValueError(name)
    year, part = int(name[:4]), name[5:]
    first_month = (int(part[1]) - 1) * 3 + 1 if part.startswith("Q") else int(part)
    start = dt.date(year, first_month, 1)
    _, _, after = _period_of(start, "quarter" if part.startswith("Q") else "month")
    return start, after - dt.timedelta(days=1)


def _due(after: dt.date, cadence: Cadence) -> dt.date:
    return dt.date(after.year, after.month, cadence.by_day)


def periods(inspection: Inspection, end: dt.date, reporting: Reporting, as_of: dt.date,
            unsettled_on: Callable[[dt.date], bool]) -> list[Period]:
    """The reports owed by `as_of` (their due date on or before it), oldest first.

    During the concentrated period: one per month (or quarter) from the feedback's to the period end's.
    After it: one per `long_term` period, from the one holding the month after the period's last,
    while `unsettled_on` the later of the period's first day and the day after the concentrated period."""
    owed: list[Period] = []
    day = inspection.feedback_on
    last_after = None
    if reporting.during_period is not None:
        cadence = reporting.during_period
        while day <= end:
            name, start, after = _period_of(day, cadence.every)
            owed.append(Period(name, start, _due(after, cadence)))
            day, last_after = after, after
    if reporting.long_term is not None:
        cadence = reporting.long_term
        day = last_after or _month_after(end)
        seen = {period.name for period in owed}
        while day <= as_of:
            name, start, after = _period_of(day, cadence.every)
            if name not in seen and unsettled_on(max(start, end + dt.timedelta(days=1))):
                owed.append(Period(name, start, _due(after, cadence)))
            seen.add(name)
            day = after
    return [period for period in owed if period.due <= as_of]


@dataclass(frozen=True)
class ReportingFigures:
    """The reporting duty of one organisation's round on a date (报送情况)."""

    owed: int = 0                                        # reports due by the date
    submitted: int = 0                                   # of those, submitted by the date
    late: tuple[tuple[str, dt.date, dt.date], ...] = ()  # (period, due, submitted on) past the grace days
    missing: tuple[tuple[str, dt.date], ...] = ()        # (period, due) not submitted by the date
    duty: bool = False                                   # the policy states a reporting duty

    def __add__(self, other: ReportingFigures) -> ReportingFigures:
        return ReportingFigures(self.owed + other.owed, self.submitted + other.submitted, self.late + other.late,
                                self.missing + other.missing, self.duty or other.duty)


def reporting(inspection: Inspection, end: dt.date, policy_reporting: Reporting | None, as_of: dt.date,
              unsettled_on: Callable[[dt.date], bool]) -> ReportingFigures:
    """Reports owed by `as_of`, and those of them late or missing (a submission dated after `as_of` is not yet made)."""
    if policy_reporting is None:
        return ReportingFigures()
    grace = dt.timedelta(days=policy_reporting.late_after_days)
    made: dict[str, dt.date] = {}
    for submission in inspection.submissions:
        if submission.date <= as_of:
            made.setdefault(submission.period, submission.date)
    late, missing, submitted = [], [], 0
    owed = periods(inspection, end, policy_reporting, as_of, unsettled_on)
    for period in owed:
        date = made.get(period.name)
        if date is None:
            if as_of > period.due + grace:
                missing.append((period.name, period.due))
            continue
        submitted += 1
        if date > period.due + grace:
            late.append((period.name, period.due, date))
    return ReportingFigures(len(owed), submitted, tuple(late), tuple(missing), True)


@dataclass(frozen=True)
class SupervisionFigures:
    """Instruments sent about one organisation's round by a date, by kind, and the replies awaited (督办情况)."""

    counts: tuple[tuple[str, int], ...] = ()   # (kind, number) in INSTRUMENT_KINDS' order, kinds sent only
    awaiting: tuple[str, ...] = ()             # instruments with a reply due and none recorded by the date
    overdue: tuple[str, ...] = ()              # of those, the ones whose reply date has passed

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)

    def __add__(self, other: SupervisionFigures) -> SupervisionFigures:
        counts = Counter(dict(self.counts)) + Counter(dict(other.counts))
        return SupervisionFigures(tuple((k, counts[k]) for k in INSTRUMENT_KINDS if counts[k]),
                                  self.awaiting + other.awaiting, self.overdue + other.overdue)


def supervision(inspection: Inspection, as_of: dt.date) -> SupervisionFigures:
    sent = [record for record in inspection.supervision if record.date <= as_of]
    counts: Counter[str] = Counter(record.kind for record in sent)
    awaiting = [record for record in sent if record.reply_due is not None
                and (record.reply is None or record.reply.date > as_of)]
    return SupervisionFigures(tuple((kind, counts[kind]) for kind in INSTRUMENT_KINDS if counts[kind]),
                              tuple(record.id for record in awaiting),
                              tuple(record.id for record in awaiting if record.reply_due is not None
                                    and record.reply_due < as_of))


@dataclass(frozen=True)
class HandoverFigures:
    """Handovers recorded by a date (新官理旧账): those not acknowledged, and unsettled problems whose
    responsible leader or person is someone who left their post."""

    handovers: int = 0
    unacknowledged: tuple[tuple[dt.date, str, str, str], ...] = ()   # (date, role, predecessor, successor)
    left: tuple[tuple[str, str], ...] = ()                            # (problem, the person who left)

    def __add__(self, other: HandoverFigures) -> HandoverFigures:
        return HandoverFigures(self.handovers + other.handovers, self.unacknowledged + other.unacknowledged,
                               self.left + other.left)


def _answered_by(problem: ProblemItem, role: str) -> tuple[str, ...]:
    if role == "leader":
        return (problem.responsible.leader,)
    if role == "person":
        return (problem.responsible.person,)
    return (problem.responsible.leader, problem.responsible.person)   # a secretary may answer as either


def handovers(ledger: Ledger, unsettled: Iterable[ProblemItem], as_of: dt.date) -> HandoverFigures:
    done = [record for record in ledger.handovers if record.date <= as_of]
    waiting = tuple((r.date, r.role, r.predecessor, r.successor) for r in done
                    if r.acknowledged is None or r.acknowledged.date > as_of)
    left = []
    for problem in unsettled:
        gone = [r.predecessor for r in done if r.predecessor in _answered_by(problem, r.role)]
        if gone:
            left.append((problem.id, gone[0]))
    return HandoverFigures(len(done), waiting, tuple(left))
