"""Rates and counts of a round at a date: pure functions over ledger models, exact arithmetic.

Nothing here reads files or prints; `round_report(ledgers, round=7, as_of=d, policy=p)` returns
data that policy.py judges and report_render.py prints. Every figure is "as it stood on a date",
by the business dates recorded in the ledger, never by when a command was typed.

A round report is the sum of its organisations' parts: `organisation_round(ledger, ...)` is one
ledger's share (with its problem states), `combine(parts, ...)` adds them up (totals, categories).
`summarise_ledger` is the same part without the problem states, small enough to be computed in a
validation worker and kept in the content-keyed cache (what `rectify report` does for its main view).

Decisions (the contract; docs/report.md repeats them):

- Belonging. A problem belongs to round N when `problem.round == N`. An organisation is in the
  report of round N when its ledger records an inspection of round N (even with no problems).
- Counting. A problem counts at date D when its start (its own `found_on`, else its round's
  `feedback_on`, see rules.start_date) is on or before D. Uncounted problems are in no figure.
- Status at D, from business dates only:
    * closed when a closure is in force at D: the current `closed.date <= D`, or a reopened
      closure with `closed_on <= D < reopened.date` (a problem reopened on D is open on D);
    * else long-term when the problem is long-term now and `long_term.since <= D`;
    * else basically-done when it is basically-done now, from the business date of the last
      history entry that set it (`did: status`), or from its start when no such entry exists
      (the format keeps no date for it: a limitation);
    * else under-review (待审核) when a closure submitted for review (申请销号) awaits its steps now and
      `review.submitted <= D`; before that day, the status it had (`review.was`) is read as below;
      rectified only when the policy lists under-review in `rectified_statuses` (default: no: the
      closure counts on the day the last required step approves it, as `closed`);
    * else claimed (自报完成，待对账销号) when it is claimed now and `claimed.date <= D`: the unit
      says it is finished, the closure is not verified; never rectified, whatever the policy;
    * else partial (部分整改), waived (暂缓整改) or dismissed (不予认定: 反馈不实, 申诉成立) when that is the status
      now and the last of `decisions` (its kind) is dated on or before D; a waiver holds to its `expires` day
      and from the day after the problem is open again (reactivated, 暂缓期满), in every figure, whatever the
      file's status still says;
    * else open. Other past states are not reconstructed (the ledger does not record them).
- Outcomes other than rectified. Problems whose status at D is in `policy.excluded_statuses` (default:
  dismissed) are out of the count: in no figure but `excluded` and their own count, their record kept.
  The others count as any problem: rectified only if the policy lists their status in
  `rectified_statuses`. Partial, waived and dismissed problems are decided: never overdue, hanging or
  warned about.
- Unfinished (the self-examination rule): counted problems, not rectified, whose status at D is in the
  rule's `statuses` (default: every status not rectified, i.e. `in_progress`).
- Extensions. Requested at D: a request (`extension_requests`) dated on or before D and not decided by D
  (pending). Approved at D: a counted problem with an extension approved on or before D, whatever its
  status; extension share = approved / problems (published as "申请延期18个，占3.82%").
- Before feedback. Problems handed over while the team was on site (found_on before the feedback date)
  count in the figures from their start, but consequences are never due before the organisation had
  its feedback: at a consequence date before `feedback_on` the judged figures hold no problem.
- Rectified at D: status at D is in `policy.rectified_statuses` (default: closed only).
- Rate = rectified / counted, an exact Fraction; no counted problems -> None (no rate, not 0%).
- Effective deadline at D: the `to` of the last extension approved (`date`) on or before D, else
  `deadline`. Extended at D: open, with such an extension.
- Overdue at D: not closed at D and the effective deadline is before D (a deadline day itself is
  not overdue). A long-term problem's deadline is replaced by its review date: it is overdue when
  `review_by` is before D (its review was missed).
- Measures: a measure of a counted problem is in the total at D when it had been added by D:
  the history entry `did: measure-added` that names it has a business date (else its timestamp's
  date) on or before D; a measure no such entry names (written with the problem, or by hand) is
  in the total from the problem's start. Done at D when `done_on <= D`. Only measures in the
  total count as done, and only they are warned about.
- On-time closure: a problem closed at D whose closure date is on or before its effective
  deadline as of the closure date. On-time rate = on time / closed; no closures -> None.
- Returned (退回) at D: counted problems neither closed nor under review at D with a return
  (`returns`) dated on or before D: the unit has a returned closure to act on.
- Reopened (改后又犯): counted problems with at least one reopening dated on or before D.
- Hanging (挂账) at D: not closed at D and no measure done by D (including a problem with no
  measures at all: a plan standing in for the work).
- Outcomes (rules made, funds returned, losses recovered) carry no date: they are summed over the
  problems counted at D (Decimal, exact). Accountability records count when dated on or before D,
  by form 1-4.
- Assessments (satisfaction survey, evaluation grade) judge the period after it ends, so they are
  taken as recorded by the as-of date (survey `held_on <= as_of`; evaluation with no date or
  `date <= as_of`), for the figures at as-of and at the consequence date alike. Satisfaction =
  the answers in `policy.satisfaction_counts` / participants. Totals pool all surveys.
- Scored evaluation: with `policy.evaluation` (a scheme), `OrgReport.sheet` is scoring.py's score
  sheet on the figures at the consequence date and the evaluators' scores recorded by as-of; when it
  is complete its grade replaces the recorded one in both figures (and `score` holds its total), so
  the grade rules fire on the computed grade. Incomplete, or no scheme: the grade as recorded.
- Consequence date, per organisation: `policy.consequence_date == "as-of"` -> the as-of date;
  "end-of-period" (default) -> the round's `rectify_by`, else feedback + `policy.period_months`
  (day clamped to the month's end); when that is after as-of, as-of is used and the
  organisation's consequences are marked provisional. Figures printed are at as-of; consequences
  are judged on figures at the consequence date (`OrgReport.judged`).
- Filters: `organisations` keeps only those ids; `categories` keeps only problems of those
  categories (organisations stay, possibly with no problems).
- Repeats and relapses. Repeats: counted problems of the round with `repeat_of` set (a finding
  that repeats an earlier one). Relapses (改后又犯) are the `reopened` figure: counted problems with
  a reopening dated on or before D. Both are counted per organisation and round, and summed.
- Carry-over (未结账) into round N, per organisation: the problems of its earlier rounds
  (`problem.round < N`) that count on round N's feedback date F and are not rectified on F (status
  on F not in `policy.rectified_statuses`). The set is fixed at F; each carried problem is then
  followed to the as-of date: settled when rectified on as-of. `OrgReport.carry` is the figures of
  the carried problems on as-of (problems = carried, rectified = settled since F, overdue, ...).
  By default (`include_carry_over: false`) carried problems are in no figure of the round.
  With `include_carry_over: true` they join the round's problems in every problem figure, at
  as-of and at the consequence date alike: the denominator grows by the number carried, the
  numerator by those rectified on that date; overdue, hanging, measures, outcomes,
  accountability and the category figures include them too, and so do the consequence rules.
- Clues (问题线索移交) of the round's inspection: handed over when `handed_on <= D`, disposed when
  `disposed_on <= D` (a disposal written without a date is still in progress). Disposal rate
  (问题线索处置完成率) = disposed / handed over; no clue -> None. Only counts leave this module.
- Due-soon warnings at D: every counted problem not closed on D, by its effective deadline (the
  review date when long-term), and every measure of such a problem not done by D, by its `due`.
  days_left = due - D; colour red when days_left < 0 (overdue), yellow when 0 <= days_left <=
  `policy.warning_days.yellow`, green when days_left <= `policy.warning_days.green`; otherwise
  no warning. Sorted by days left (most overdue first), then organisation, problem, measure.
  In a round report: the round's problems and its carried-over problems.
- Trends. `organisation_rounds` is an organisation's part of every round it received, each judged
  at its own consequence date. `rate_series` is a round's rate at points of time: every month-end
  on or after an organisation's feedback date and before the end of its concentrated period,
  then that end (its consequence date), and the as-of date when it falls before the last end;
  points after the as-of date are left out (figures never look ahead).
- Common problems (共性问题): `common_problems` groups the problems counted on D (of round N, or of
  every round) by category across organisations; a category recurs when at least `min_orgs`
  organisations have such a problem. Problems marked `common` are counted per category too.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, get_args

from rectify_cli import dates, duties, formalism, scoring
from rectify_cli.dates import add_months, month_ends, start_date
from rectify_cli.model import (
    Approval,
    Decision,
    Grade,
    Inspection,
    Ledger,
    Measure,
    Milestone,
    Policy,
    ProblemItem,
    Progress,
    Reopening,
)

__all__ = [
    "COLOURS",
    "GRADE_ORDER",
    "PUBLISHED",
    "RULES_VERSION",
    "CarryOver",
    "CommonCategory",
    "DueItem",
    "Figures",
    "LedgerSummary",
    "OrgReport",
    "ProblemState",
    "Published",
    "RateSeries",
    "RoundReport",
    "add_months",
    "behind_plan",
    "carried_over",
    "closure_at",
    "colour",
    "combine",
    "common_problems",
    "decision_at",
    "due_items",
    "effective_deadline",
    "end_of_period",
    "grade_counts",
    "latest_progress",
    "measures_at",
    "merge",
    "milestones_at",
    "month_ends",
    "open_items",
    "organisation_round",
    "organisation_rounds",
    "problem_state",
    "published_figures",
    "rate_series",
    "returned_at",
    "round_report",
    "rounds_in",
    "series_points",
    "status_at",
    "submission_at",
    "summarise_ledger",
    "tally",
    "under_review_at",
]


# Bumped when the rule of a figure changes: the report's cache key includes it, so summaries cached
# under an older rule are never read back (2: measures are counted from their measure-added date;
# 4: measures behind plan and missed milestones; closure review; the evaluation scheme's score sheet;
# 5: outcomes other than rectified, unfinished by the policy's statuses, extension requests, before feedback).
RULES_VERSION = 5


def end_of_period(inspection: Inspection, policy: Policy) -> dt.date:
    """End of the concentrated period: `rectify_by`, else feedback + policy.period_months."""
    return dates.end_of_period(inspection, policy.period_months)


def closure_at(problem: ProblemItem, on: dt.date) -> dt.date | None:
    """The date of the closure in force on `on`, or None when the problem was not closed that day."""
    if problem.closed is not None and problem.closed.date <= on:
        return problem.closed.date
    for reopening in problem.reopened:
        if reopening.closed_on <= on < reopening.date:
            return reopening.closed_on
    return None


def _basically_done_since(problem: ProblemItem) -> dt.date | None:
    since = None
    for entry in problem.history:
        if entry.did == "status" and entry.status == "basically-done":
            since = entry.date or entry.at.date()
    return since


def measures_at(problem: ProblemItem, on: dt.date) -> list:
    """The measures the problem had on `on`: all but those a `measure-added` entry dates after `on`."""
    added = {entry.measure: entry.date or entry.at.date() for entry in problem.history
             if entry.did == "measure-added" and entry.measure}
    if not added:
        return list(problem.measures)
    return [m for m in problem.measures if m.id not in added or added[m.id] <= on]


def milestones_at(problem: ProblemItem, measure: Measure, on: dt.date) -> list[Milestone]:
    """The milestones of `measure` planned by `on`: all but those a `milestone-added` entry dates after `on`."""
    planned = {entry.milestone: entry.date or entry.at.date() for entry in problem.history
               if entry.did == "milestone-added" and entry.measure == measure.id and entry.milestone}
    return [m for m in measure.milestones if m.id not in planned or planned[m.id] <= on]


def missed_milestones(problem: ProblemItem, measure: Measure, on: dt.date) -> list[Milestone]:
    """Milestones of an unfinished measure whose planned date is before `on` and not done by `on` (进度滞后)."""
    if measure.done_on is not None and measure.done_on <= on:
        return []
    return [m for m in milestones_at(problem, measure, on)
            if m.due < on and (m.done_on is None or m.done_on > on)]


def behind_plan(problem: ProblemItem, on: dt.date) -> tuple[str, ...]:
    """The measures (in the total on `on`) behind plan: a milestone's date has passed undone."""
    return tuple(m.id for m in measures_at(problem, on) if missed_milestones(problem, m, on))


def latest_progress(problem: ProblemItem, on: dt.date) -> tuple[str | None, Progress] | None:
    """The latest progress report dated on or before `on`, on the problem or one of its measures, with the
    measure's id (None for the problem); of reports on the same day, the problem's own, then the last measure's."""
    found: tuple[tuple[dt.date, int], str | None, Progress] | None = None
    targets = [(measure.id, measure.progress) for measure in problem.measures] + [(None, problem.progress)]
    for order, (measure_id, reports) in enumerate(targets):
        for report in reports:
            if report.date <= on and (found is None or (report.date, order) >= found[0]):
                found = ((report.date, order), measure_id, report)
    return None if found is None else (found[1], found[2])


def status_at(problem: ProblemItem, on: dt.date) -> str:
    """The status on `on` by business dates: closed, under-review, long-term, basically-done, claimed or open
    (see module doc)."""
    if closure_at(problem, on) is not None:
        return "closed"
    if under_review_at(problem, on):
        return "under-review"
    status = problem.status
    if status == "under-review" and problem.review is not None:
        status = problem.review.was
    if status == "long-term" and problem.long_term is not None and problem.long_term.since <= on:
        return "long-term"
    if status == "basically-done":
        since = _basically_done_since(problem)
        if since is None or since <= on:
            return "basically-done"
    if status == "claimed" and problem.claimed is not None and problem.claimed.date <= on:
        return "claimed"
    decided = decision_at(problem, on)
    if decided is not None and not waiver_expired(decided, on):
        return decided.kind
    return "open"


DECIDED = ("partial", "waived", "dismissed")


def decision_at(problem: ProblemItem, on: dt.date) -> Decision | None:
    """The decision in force on `on`: the last of `decisions` when the status is its kind and it is dated by then."""
    if problem.status not in DECIDED or not problem.decisions:
        return None
    last = problem.decisions[-1]
    return last if last.kind == problem.status and last.date <= on else None


def waiver_expired(decision: Decision, on: dt.date) -> bool:
    """A waiver whose last day has passed on `on` (暂缓期满): the problem is open again."""
    return decision.kind == "waived" and decision.expires is not None and decision.expires < on


def extension_pending_at(problem: ProblemItem, on: dt.date) -> bool:
    """An extension asked for by `on` and not decided by then (申请延期, 待批)."""
    return any(r.date <= on and (r.decided_on is None or r.decided_on > on) for r in problem.extension_requests)


def _submissions(problem: ProblemItem) -> list[tuple[dt.date, dt.date | None, list[Approval]]]:
    """Every closure submitted for review: (submitted, the day it was closed or returned, its approvals),
    open-ended for the current submission."""
    spans: list[tuple[dt.date, dt.date | None, list[Approval]]] = []
    if problem.review is not None:
        spans.append((problem.review.submitted, None, problem.review.approvals))
    closures = [problem.closed] + [r.closure for r in problem.reopened]
    spans += [(c.submitted, c.date, c.approvals) for c in closures if c is not None and c.submitted is not None]
    spans += [(r.submission.submitted, r.date, r.submission.approvals) for r in problem.returns]
    return spans


def _review_spans(problem: ProblemItem) -> list[tuple[dt.date, dt.date | None]]:
    return [(start, end) for start, end, _ in _submissions(problem)]


def submission_at(problem: ProblemItem, on: dt.date) -> tuple[dt.date, tuple[Approval, ...]] | None:
    """The submission awaiting review on `on`: its date and the approvals it had by then; None if none was."""
    for start, end, approvals in _submissions(problem):
        if start <= on and (end is None or on < end):
            return start, tuple(a for a in approvals if a.date <= on)
    return None


def under_review_at(problem: ProblemItem, on: dt.date) -> bool:
    """Whether a closure submitted for review (申请销号) was awaiting its steps on `on`."""
    return any(start <= on and (end is None or on < end) for start, end in _review_spans(problem))


def returned_at(problem: ProblemItem, on: dt.date) -> bool:
    """Whether, on `on`, the last word on the problem's closure was a return (退回): a return dated by then,
    with no submission or closure after it by then."""
    returns = [r.date for r in problem.returns if r.date <= on]
    if not returns:
        return False
    last = max(returns)
    # a submission after the return that was not itself returned: the current one, or a closure's
    later = [start for start in [problem.review.submitted if problem.review else None,
                                 *(c.submitted for c in [problem.closed] + [r.closure for r in problem.reopened] if c)]
             if start is not None and last <= start <= on]
    closures = [c.date for c in [problem.closed] + [r.closure for r in problem.reopened] if c is not None]
    return not later and not any(last <= day <= on for day in closures)


def effective_deadline(problem: ProblemItem, on: dt.date) -> dt.date:
    """The deadline in force on `on`: the last extension approved by then, else the original."""
    deadline = problem.deadline
    for extension in problem.extensions:
        if extension.date <= on:
            deadline = extension.to
    return deadline


@dataclass(frozen=True)
class ProblemState:
    """One problem as it stood on a date: the facts every figure and every explanation is made of."""

    organisation: str
    problem: ProblemItem
    on: dt.date
    start: dt.date | None
    counted: bool
    status: str
    rectified: bool
    closed_on: dt.date | None       # closure in force on `on`
    later_closure: dt.date | None   # the current closure, when it is after `on`
    last_reopening: Reopening | None
    reopenings: int
    deadline: dt.date               # effective on `on` (review date for long-term)
    overdue: bool
    extended: bool
    measures_done: int
    measures_total: int
    hanging: bool
    on_time: bool | None            # for a closed problem: closed by its deadline?
    returned: bool = False          # a closure returned by a review step, not submitted again by `on`
    behind_plan: tuple[str, ...] = ()   # measures behind plan (a milestone passed undone), when not closed
    milestones_missed: int = 0          # their milestones passed undone
    progress: tuple[str | None, Progress] | None = None   # the latest progress report by `on` (measure, report)
    excluded: bool = False              # out of the count by the policy's excluded_statuses (dismissed)
    unfinished: bool = False            # counts for the self-examination rule (the rule's statuses)
    reactivated: bool = False           # open again because its waiver expired
    extension_requested: bool = False   # an extension asked for and not decided
    extension_approved: bool = False    # an extension approved by `on`

    @property
    def id(self) -> str:
        return self.problem.id

    @property
    def in_count(self) -> bool:
        """Counted on its date and not left out of the count by the policy (不予认定)."""
        return self.counted and not self.excluded

    @property
    def days_overdue(self) -> int:
        return (self.on - self.deadline).days if self.overdue else 0


def problem_state(ledger: Ledger, problem: ProblemItem, on: dt.date, policy: Policy) -> ProblemState:
    start = start_date(ledger, problem)
    counted = start is not None and start <= on
    status = status_at(problem, on)
    closed_on = closure_at(problem, on)
    deadline = effective_deadline(problem, on)
    if status == "long-term" and problem.long_term is not None:
        deadline = problem.long_term.review_by
    extended = status == "open" and any(extension.date <= on for extension in problem.extensions)
    reopenings = [r for r in problem.reopened if r.date <= on]
    measures = measures_at(problem, on)
    done = sum(1 for measure in measures if measure.done_on is not None and measure.done_on <= on)
    on_time = None
    if closed_on is not None:
        on_time = closed_on <= effective_deadline(problem, closed_on)
    later = problem.closed.date if problem.closed is not None and problem.closed.date > on else None
    working = status != "closed" and status not in DECIDED
    lagging = behind_plan(problem, on) if working else ()
    missed = sum(len(missed_milestones(problem, m, on)) for m in measures if m.id in lagging)
    rectified = status != "claimed" and status in policy.rectified_statuses
    excluded = status in policy.excluded_statuses
    statuses = policy.rules.self_examination.statuses
    return ProblemState(
        organisation=ledger.organisation.id, problem=problem, on=on, start=start, counted=counted,
        status=status, rectified=rectified, closed_on=closed_on, later_closure=later,
        last_reopening=reopenings[-1] if reopenings else None,
        reopenings=sum(1 for r in reopenings if r.recheck is None),  # a re-check's reopening is not a relapse
        deadline=deadline, overdue=working and deadline < on, extended=extended,
        measures_done=done, measures_total=len(measures),
        hanging=working and done == 0, on_time=on_time,
        returned=status not in ("closed", "under-review") and returned_at(problem, on),
        behind_plan=lagging, milestones_missed=missed, progress=latest_progress(problem, on),
        excluded=excluded, unfinished=not rectified and not excluded and (statuses is None or status in statuses),
        # open on `on` only because its waiver ran out (status_at read everything else first)
        reactivated=status == "open" and (decided := decision_at(problem, on)) is not None and waiver_expired(decided, on),
        extension_requested=extension_pending_at(problem, on),
        extension_approved=any(extension.date <= on for extension in problem.extensions),
    )


GRADE_ORDER: tuple[str, ...] = get_args(Grade)   # best to worst: 优秀 合格 基本合格 不合格, then 好 较好 一般 差


def grade_counts(grades: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """(grade, organisations) in the fixed order of GRADE_ORDER, best first; any other grade after, by name."""
    counts: dict[str, int] = {}
    for each in grades:
        counts[each] = counts.get(each, 0) + 1
    rank = {grade: index for index, grade in enumerate(GRADE_ORDER)}
    return tuple(sorted(counts.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


@dataclass(frozen=True)
class Figures:
    """The counts of a set of problems on a date, and the rates made of them (exact)."""

    on: dt.date
    problems: int = 0
    rectified: int = 0
    closed: int = 0
    open: int = 0
    basically_done: int = 0
    long_term: int = 0
    claimed: int = 0                                          # 自报完成，待对账销号: not in the rate
    under_review: int = 0                                     # 待审核: closures submitted, awaiting review steps
    returned: int = 0                                         # 退回: closures returned, not yet submitted again
    extended: int = 0
    overdue: int = 0
    reopened: int = 0
    hanging: int = 0
    immediate: int = 0
    immediate_rectified: int = 0
    measures_done: int = 0
    measures_total: int = 0
    behind_plan: int = 0                                      # measures behind plan (进度滞后), of problems not closed
    milestones_missed: int = 0                                # their milestones passed undone
    closed_on_time: int = 0
    repeats: int = 0                                          # problems with repeat_of (重复问题)
    clues_handed: int = 0                                     # clues handed over by `on` (问题线索移交)
    clues_disposed: int = 0                                   # of which disposed by `on`
    rules_made: int = 0
    funds_returned: Decimal = Decimal(0)
    losses_recovered: Decimal = Decimal(0)
    accountability: tuple[int, int, int, int] = (0, 0, 0, 0)   # people by form 1..4
    surveys: int = 0
    participants: int = 0
    satisfied: int = 0                                        # answers the policy counts as satisfied
    grade: str | None = None                                  # computed by the evaluation scheme, else recorded
    grades: tuple[tuple[str, int], ...] = ()                   # for totals: grade -> organisations
    score: Fraction | None = None                             # the scheme's total when it computed the grade
    reports_missing: int = 0                                  # periodic reports owed by `on` and not submitted (duties.py)
    reporting_duty: bool = False                              # the policy's reporting duty applies (not summed)
    partial: int = 0                                          # 部分整改 (in the count unless the policy excludes it)
    waived: int = 0                                           # 暂缓整改, waiver in force
    dismissed: int = 0                                        # 不予认定 (反馈不实, 申诉成立)
    excluded: int = 0                                         # out of the count by policy.excluded_statuses
    reactivated: int = 0                                      # open again: the waiver expired
    unfinished: int = 0                                       # for the self-examination rule (its statuses)
    extension_requested: int = 0                              # extensions asked for, not decided (待批)
    extension_approved: int = 0                               # problems with an extension approved

    @property
    def in_progress(self) -> int:
        """正在整改: counted and not rectified (open, basically done, long-term, extended)."""
        return self.problems - self.rectified

    @property
    def extension_share(self) -> Fraction | None:
        """Problems with an extension approved, of the problems (申请延期18个，占3.82%)."""
        return _share(self.extension_approved, self.problems)

    @property
    def rate(self) -> Fraction | None:
        return _share(self.rectified, self.problems)

    @property
    def measure_rate(self) -> Fraction | None:
        return _share(self.measures_done, self.measures_total)

    @property
    def on_time_rate(self) -> Fraction | None:
        return _share(self.closed_on_time, self.closed)

    @property
    def immediate_rate(self) -> Fraction | None:
        return _share(self.immediate_rectified, self.immediate)

    @property
    def satisfaction(self) -> Fraction | None:
        return _share(self.satisfied, self.participants)

    @property
    def held_accountable(self) -> int:
        return sum(self.accountability)

    @property
    def relapses(self) -> int:
        """改后又犯: problems reopened after a closure (the `reopened` figure)."""
        return self.reopened

    @property
    def clue_disposal_rate(self) -> Fraction | None:
        """问题线索处置完成率: clues disposed / clues handed over."""
        return _share(self.clues_disposed, self.clues_handed)


def _survey_and_grade(inspection: Inspection | None, assessed_on: dt.date, policy: Policy):
    survey = grade = None
    if inspection is not None:
        if inspection.survey is not None and inspection.survey.held_on <= assessed_on:
            survey = inspection.survey
        evaluation = inspection.evaluation
        if evaluation is not None and (evaluation.date is None or evaluation.date <= assessed_on):
            grade = evaluation.grade
    satisfied = 0
    if survey is not None:
        satisfied = sum(getattr(survey, answer) for answer in policy.satisfaction_counts)
    return survey, satisfied, grade


def _clues_at(inspection: Inspection | None, on: dt.date) -> tuple[int, int]:
    """(handed over, disposed) clues of an inspection on `on`."""
    if inspection is None:
        return 0, 0
    handed = [clue for clue in inspection.clues if clue.handed_on <= on]
    return len(handed), sum(1 for clue in handed if clue.disposed_on is not None and clue.disposed_on <= on)


def tally(states: Iterable[ProblemState], on: dt.date, surveys: Sequence[tuple[int, int]] = (),
          grade: str | None = None, grades: Sequence[str] = (), clues: tuple[int, int] = (0, 0)) -> Figures:
    """Figures over the counted problems among `states`; surveys as (participants, satisfied) pairs;
    clues as (handed over, disposed)."""
    counts: dict[str, Any] = dict.fromkeys(("problems", "rectified", "closed", "open", "basically_done", "long_term", "claimed",
                            "under_review", "returned", "extended",
                            "overdue", "reopened", "hanging", "immediate", "immediate_rectified",
                            "measures_done", "measures_total", "closed_on_time", "repeats", "rules_made",
                            "behind_plan", "milestones_missed", "partial", "waived", "dismissed", "excluded",
                            "reactivated", "unfinished", "extension_requested", "extension_approved"), 0)
    funds = losses = Decimal(0)
    forms = [0, 0, 0, 0]
    for state in states:
        if not state.counted:
            continue
        problem = state.problem
        counts[state.status.replace("-", "_")] += 1
        if state.excluded:   # out of the count, its record kept: only its own figure
            counts["excluded"] += 1
            continue
        counts["problems"] += 1
        counts["rectified"] += state.rectified
        counts["unfinished"] += state.unfinished
        counts["reactivated"] += state.reactivated
        counts["extension_requested"] += state.extension_requested
        counts["extension_approved"] += state.extension_approved
        counts["extended"] += state.extended
        counts["returned"] += state.returned
        counts["overdue"] += state.overdue
        counts["reopened"] += state.reopenings > 0
        counts["hanging"] += state.hanging
        counts["immediate"] += problem.immediate
        counts["immediate_rectified"] += problem.immediate and state.rectified
        counts["measures_done"] += state.measures_done
        counts["measures_total"] += state.measures_total
        counts["behind_plan"] += len(state.behind_plan)
        counts["milestones_missed"] += state.milestones_missed
        counts["closed_on_time"] += bool(state.on_time)
        counts["repeats"] += problem.repeat_of is not None
        if problem.outcomes is not None:
            counts["rules_made"] += problem.outcomes.rules_made
            funds += problem.outcomes.funds_returned
            losses += problem.outcomes.losses_recovered
        for record in problem.accountability:
            if record.date <= state.on:
                forms[record.form - 1] += 1
    return Figures(
        on=on, **counts, funds_returned=funds, losses_recovered=losses, accountability=(forms[0], forms[1], forms[2], forms[3]),
        surveys=len(surveys), participants=sum(p for p, _ in surveys), satisfied=sum(s for _, s in surveys),
        grade=grade, grades=grade_counts(grades), clues_handed=clues[0], clues_disposed=clues[1],
    )


@dataclass(frozen=True)
class CarryOver:
    """An earlier round's problem not rectified on the feedback date of a later round (未结账), followed to as-of."""

    organisation: str
    id: str
    round: int                      # the round that found it
    into: int                       # the round it is carried into
    feedback_on: dt.date            # that round's feedback date, when the set was fixed
    category: str
    summary: str
    person: str
    status_then: str                # status on feedback_on
    status: str                     # status on as-of
    settled: bool                   # rectified on as-of
    closed_on: dt.date | None       # closure in force on as-of
    deadline: dt.date               # effective on as-of (review date when long-term)
    overdue: bool                   # on as-of
    days_overdue: int


COLOURS = ("red", "yellow", "green")


@dataclass(frozen=True)
class DueItem:
    """A problem or a measure still to be done, with the time left before its deadline (到期预警)."""

    organisation: str
    round: int
    problem: str
    measure: str | None             # None for the problem itself
    text: str                       # the problem's summary or the measure's text
    person: str                     # the responsible person, or the measure's owner
    due: dt.date
    days_left: int                  # negative when overdue
    colour: str                     # red, yellow or green
    status: str                     # the problem's status on the date
    milestone: str | None = None    # the milestone whose planned date `due` is (the plan), else None
    behind_plan: bool = False       # a milestone of the measure passed undone (进度滞后)
    milestone_text: str = ""        # that milestone's text

    @property
    def item(self) -> str:
        if self.milestone:
            return f"{self.problem}/{self.measure}/{self.milestone}"
        return f"{self.problem}/{self.measure}" if self.measure else self.problem


def colour(days_left: int, policy: Policy) -> str | None:
    """Jiangjin's three colours: red when overdue, yellow and green at the policy's days left, else none."""
    if days_left < 0:
        return "red"
    if days_left <= policy.warning_days.yellow:
        return "yellow"
    if days_left <= policy.warning_days.green:
        return "green"
    return None


def due_items(states: Iterable[ProblemState], policy: Policy) -> list[DueItem]:
    """Warnings for counted problems not closed on their date, and for their measures not done by then."""
    items = []
    for state in states:
        if not state.counted or state.status == "closed" or state.status in DECIDED:
            continue
        problem = state.problem
        days = (state.deadline - state.on).days
        shade = colour(days, policy)
        if shade is not None:
            items.append(DueItem(state.organisation, problem.round, problem.id, None, problem.summary,
                                 problem.responsible.person, state.deadline, days, shade, state.status))
        for measure in measures_at(problem, state.on):
            if measure.done_on is not None and measure.done_on <= state.on:
                continue
            item = _measure_item(state, measure, policy)
            if item is not None:
                items.append(item)
    return sort_due(items)


_SEVERITY = {None: 0, "green": 1, "yellow": 2, "red": 3}


def _measure_item(state: ProblemState, measure: Measure, policy: Policy) -> DueItem | None:
    """A measure's warning by its plan: the nearest of its deadline and its next undone milestone; a milestone
    passed undone makes it behind plan, coloured at least `warning_days.behind_plan` (red when overdue)."""
    problem, on = state.problem, state.on
    due, milestone = measure.due, None
    missed = missed_milestones(problem, measure, on)
    ahead = [m for m in milestones_at(problem, measure, on) if m.due >= on and (m.done_on is None or m.done_on > on)]
    step = None
    if missed and measure.due >= on:
        step = missed[0]
    elif ahead and min(m.due for m in ahead) < measure.due:
        step = min(ahead, key=lambda m: (m.due, m.id))
    if step is not None:
        due, milestone = step.due, step.id
    days = (due - on).days
    shade = colour(days, policy) if not missed or measure.due < on else None
    if missed and _SEVERITY[policy.warning_days.behind_plan] > _SEVERITY[shade]:
        shade = policy.warning_days.behind_plan
    if shade is None:
        return None
    return DueItem(state.organisation, problem.round, problem.id, measure.id, measure.text, measure.owner, due, days,
                   shade, state.status, milestone, bool(missed), step.text if step is not None else "")


def _id_key(item_id: str) -> tuple:
    head, _, number = item_id.rpartition("-")
    return (head, int(number), "") if number.isdigit() else (item_id, 0, "")


def sort_due(items: Iterable[DueItem]) -> list[DueItem]:
    """Most urgent first: fewest days left, then organisation, round, problem, the problem before its measures."""
    return sorted(items, key=lambda i: (i.days_left, i.organisation, i.round, _id_key(i.problem),
                                        i.measure is not None, i.measure or ""))


@dataclass(frozen=True)
class RecheckFigures:
    """回头看 on a date: samples recorded on the round's inspection by then and the re-checks of their problems.

    `failed` counts re-checks that found the closure inadequate (整改不到位, a failed verification),
    `false` those that found it false (虚假整改); `awaiting_accountability` names each problem found
    false with no accountability dated on or after that re-check (the report warns of it)."""

    samples: int = 0
    drawn: int = 0
    rechecked: int = 0
    confirmed: int = 0
    failed: int = 0
    false: int = 0
    awaiting_accountability: tuple[str, ...] = ()   # "organisation/problem"

    @property
    def confirmed_share(self) -> Fraction | None:
        return _share(self.confirmed, self.rechecked)

    def __add__(self, other: RecheckFigures) -> RecheckFigures:
        return RecheckFigures(self.samples + other.samples, self.drawn + other.drawn, self.rechecked + other.rechecked,
                              self.confirmed + other.confirmed, self.failed + other.failed, self.false + other.false,
                              self.awaiting_accountability + other.awaiting_accountability)


def recheck_figures(ledger: Ledger, inspection: Inspection, on: dt.date) -> RecheckFigures:
    """The round's samples and re-checks recorded on or before `on` (one re-check per sample and problem)."""
    samples = [sample for sample in inspection.samples if sample.date <= on]
    seeds = {sample.seed for sample in samples}
    drawn = {problem for sample in samples for problem in sample.drawn}
    results: Counter[str] = Counter()
    waiting = []
    for problem in ledger.problems:
        if problem.id not in drawn:
            continue
        for recheck in problem.rechecks:
            if recheck.seed in seeds and recheck.date <= on:
                results[recheck.result] += 1
                held = any(record.date >= recheck.date for record in problem.accountability if record.date <= on)
                if recheck.result == "false" and not held:
                    waiting.append(f"{ledger.organisation.id}/{problem.id}")
    return RecheckFigures(samples=len(samples), drawn=sum(len(sample.drawn) for sample in samples),
                          rechecked=sum(results.values()), confirmed=results["confirmed"],
                          failed=results["inadequate"], false=results["false"], awaiting_accountability=tuple(waiting))


# The figures a published text (rectify disclose) states, by name: what a disclosure record keeps.
PUBLISHED: tuple[str, ...] = ("problems", "rectified", "in_progress", "basically_done", "long_term", "extended",
                              "measures_total", "measures_done", "rules_made", "funds_returned", "losses_recovered",
                              "held_accountable", "clues_handed")


def published_figures(f: Figures) -> dict[str, int | Decimal]:
    """The figures a published text states (PUBLISHED), from `f`."""
    return {name: getattr(f, name) for name in PUBLISHED}


@dataclass(frozen=True)
class Published:
    """A text published about the round (a disclosure record), and the figures of the ledger now that contradict it."""

    date: dt.date
    scope: str
    sha256: str
    where: str | None
    as_of: dt.date
    contradicted: tuple[tuple[str, int | Decimal, int | Decimal], ...]   # (figure, published, now at its as-of)


def _published(ledger: Ledger, inspection: Inspection, as_of: dt.date, policy: Policy) -> tuple[Published, ...]:
    """The disclosures recorded by `as_of`, each compared figure by figure with the ledger's figures, computed now,
    at the date the text stood at: a later change of the ledger that contradicts a published figure shows here."""
    found = []
    for record in inspection.disclosures:
        if record.date > as_of:
            continue
        part = organisation_round(ledger, inspection.round, record.as_of, policy, published=False)
        now = published_figures(part.figures) if part is not None else {}
        contradicted = tuple((name, value, now[name]) for name, value in record.figures.items()
                             if name in now and now[name] != value)
        found.append(Published(record.date, record.scope, record.sha256, record.where, record.as_of, contradicted))
    return tuple(found)


@dataclass(frozen=True)
class OrgReport:
    """One organisation's round: its problems on the as-of date, figures then and at the consequence date."""

    id: str
    name: str
    feedback_on: dt.date
    end_of_period: dt.date
    consequence_date: dt.date
    provisional: bool                      # the period had not ended by the as-of date
    before_feedback: bool                  # the consequence date is before the feedback: no consequence is due
    states: tuple[ProblemState, ...]       # every problem of the round (after filters), on as-of; () in a summary
    figures: Figures                       # on the as-of date
    judged: Figures                        # on the consequence date: what policy.py judges
    categories: tuple[tuple[str, Figures], ...] = ()   # this organisation's figures per category, on as-of
    round: int = 0
    carry_over: tuple[CarryOver, ...] = ()  # earlier rounds' problems unsettled on the feedback date; () in a summary
    carry_ids: tuple[str, ...] = ()         # their ids
    carry: Figures | None = None            # figures of the carried problems on as-of
    carry_states: tuple[ProblemState, ...] = ()   # the carried problems on as-of; () in a summary
    carried_in: bool = False                # policy.include_carry_over: carried problems are in figures/judged
    repeat_pairs: tuple[tuple[str, str], ...] = ()   # (problem, the earlier problem it repeats), counted on as-of
    due: tuple[DueItem, ...] = ()           # warnings on as-of, most urgent first; () in a summary
    due_counts: tuple[int, int, int] = (0, 0, 0)   # warnings by colour: red, yellow, green
    signs: tuple[formalism.Sign, ...] = ()  # signs of formalism among the closures on as-of (kept in a summary)
    rechecks: RecheckFigures = RecheckFigures()   # 回头看: samples and re-checks on as-of
    sheet: scoring.ScoreSheet | None = None       # 考核评价得分表 at the consequence date; None without a scheme
    published: tuple[Published, ...] = ()         # texts published by as-of, each checked against the ledger now
    reporting: duties.ReportingFigures = duties.ReportingFigures()  # noqa: RUF009 (frozen) the reporting duty on as-of
    supervision: duties.SupervisionFigures = duties.SupervisionFigures()  # noqa: RUF009 (frozen) instruments sent by as-of
    handovers: duties.HandoverFigures = duties.HandoverFigures()  # noqa: RUF009 (frozen) handovers (新官理旧账) on as-of

    def summary(self) -> OrgReport:
        """The same without the problem states and warnings: small and plain, for worker processes and the cache."""
        return replace(self, states=(), carry_states=(), carry_over=(), due=())


@dataclass(frozen=True)
class RoundReport:
    round: int
    as_of: dt.date
    basis: str                             # policy.consequence_date: "end-of-period" or "as-of"
    policy: Policy
    organisations: tuple[OrgReport, ...]
    categories: tuple[tuple[str, Figures], ...]
    totals: Figures
    organisation_filter: tuple[str, ...] = ()
    category_filter: tuple[str, ...] = ()
    category_order: tuple[str, ...] = field(default=())
    carry: Figures | None = None           # the carried problems of every organisation, on as-of

    @property
    def consequence_date(self) -> dt.date | None:
        """The consequence date shared by every organisation, or None when they differ."""
        dates = {org.consequence_date for org in self.organisations}
        return dates.pop() if len(dates) == 1 else None

    @property
    def consequence_dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({org.consequence_date for org in self.organisations}))

    @property
    def due(self) -> list[DueItem]:
        """Every organisation's warnings, most urgent first (empty when made from summaries)."""
        return sort_due(item for org in self.organisations for item in org.due)

    @property
    def due_counts(self) -> tuple[int, int, int]:
        """Warnings of every organisation by colour: red, yellow, green."""
        red, yellow, green = (sum(org.due_counts[i] for org in self.organisations) for i in range(3))
        return red, yellow, green

    @property
    def signs(self) -> list[tuple[OrgReport, formalism.Sign]]:
        """Every organisation's signs of formalism, in organisation order."""
        return [(org, sign) for org in self.organisations for sign in org.signs]

    @property
    def rechecks(self) -> RecheckFigures:
        """回头看 of every organisation, summed."""
        return sum((org.rechecks for org in self.organisations), RecheckFigures())

    @property
    def reporting(self) -> duties.ReportingFigures:
        """The reporting duty of every organisation, summed."""
        return sum((org.reporting for org in self.organisations), duties.ReportingFigures())

    @property
    def supervision(self) -> duties.SupervisionFigures:
        """Instruments sent to every organisation, summed by kind."""
        return sum((org.supervision for org in self.organisations), duties.SupervisionFigures())

    @property
    def handovers(self) -> duties.HandoverFigures:
        return sum((org.handovers for org in self.organisations), duties.HandoverFigures())

    def organisation(self, org_id: str) -> OrgReport | None:
        return next((org for org in self.organisations if org.id == org_id), None)


def rounds_in(ledgers: Iterable[Ledger]) -> list[int]:
    """Every round some ledger records an inspection of, ascending."""
    return sorted({inspection.round for ledger in ledgers for inspection in ledger.inspections})


def _inspection(ledger: Ledger, round_number: int) -> Inspection | None:
    return next((i for i in ledger.inspections if i.round == round_number), None)


def carried_over(ledger: Ledger, round_number: int, policy: Policy, categories: Sequence[str] = (),
                 on: dt.date | None = None) -> list[ProblemItem]:
    """未结账: problems of earlier rounds counted and not rectified on round `round_number`'s feedback date.

    None when looked at (`on`) before that feedback date: the round had not begun.
    """
    inspection = _inspection(ledger, round_number)
    if inspection is None or (on is not None and on < inspection.feedback_on):
        return []
    wanted = set(categories)
    found = []
    for problem in ledger.problems:
        if problem.round >= round_number or (wanted and problem.category not in wanted):
            continue
        then = problem_state(ledger, problem, inspection.feedback_on, policy)
        if then.in_count and not then.rectified:
            found.append(problem)
    return found


def _carry_record(ledger: Ledger, problem: ProblemItem, into: Inspection, now: ProblemState,
                  policy: Policy) -> CarryOver:
    return CarryOver(
        organisation=ledger.organisation.id, id=problem.id, round=problem.round, into=into.round,
        feedback_on=into.feedback_on, category=problem.category, summary=problem.summary,
        person=problem.responsible.person, status_then=status_at(problem, into.feedback_on), status=now.status,
        settled=now.rectified, closed_on=now.closed_on, deadline=now.deadline, overdue=now.overdue,
        days_overdue=now.days_overdue)


def _consequence_day(end: dt.date, as_of: dt.date, policy: Policy) -> dt.date:
    return as_of if policy.consequence_date == "as-of" else min(end, as_of)


def organisation_round(ledger: Ledger, round: int, as_of: dt.date, policy: Policy | None = None,
                       categories: Sequence[str] = (), published: bool = True) -> OrgReport | None:
    """One organisation's part of round `round` on `as_of`, or None when it did not receive that round.

    `published`: check the texts published by as-of against the ledger (off for that check itself)."""
    policy = policy or Policy()
    round_number = round
    inspection = _inspection(ledger, round_number)
    if inspection is None:
        return None
    wanted = set(categories)
    problems = [p for p in ledger.problems if p.round == round_number and (not wanted or p.category in wanted)]
    carried = carried_over(ledger, round_number, policy, categories, as_of)
    include = policy.include_carry_over
    end = end_of_period(inspection, policy)
    judged_on = _consequence_day(end, as_of, policy)
    states = tuple(problem_state(ledger, p, as_of, policy) for p in problems)
    carry_states = tuple(problem_state(ledger, p, as_of, policy) for p in carried)
    counted = states + carry_states if include else states
    before_feedback = judged_on < inspection.feedback_on
    judged_states = _judged_states(ledger, problems + (carried if include else []), counted, judged_on, as_of,
                                   before_feedback, policy)
    survey, satisfied, grade = _survey_and_grade(inspection, as_of, policy)
    surveys = [(survey.participants, satisfied)] if survey is not None else []
    present = sorted({s.problem.category for s in counted if s.counted})
    due = due_items(states + carry_states, policy)
    judged = tally(judged_states, judged_on, surveys, grade, clues=_clues_at(inspection, judged_on))
    sheet = scoring.score_sheet(judged, inspection.evaluation, policy.evaluation, as_of)
    now = tally(counted, as_of, surveys, grade, clues=_clues_at(inspection, as_of))
    if sheet is not None and sheet.grade is not None:
        # The scheme computed the grade: the grade rules judge it, and the tables print it.
        judged = replace(judged, grade=sheet.grade, score=sheet.total)
        now = replace(now, grade=sheet.grade, score=sheet.total)
    reporting, judged_reporting = _reporting(ledger, inspection, round_number, end, as_of, judged_on, policy)
    unsettled = [s.problem for s in states + carry_states if s.in_count and not s.rectified]
    now = replace(now, reports_missing=len(reporting.missing), reporting_duty=reporting.duty)
    judged = replace(judged, reports_missing=len(judged_reporting.missing), reporting_duty=judged_reporting.duty)
    return OrgReport(
        id=ledger.organisation.id, name=ledger.organisation.name, feedback_on=inspection.feedback_on,
        end_of_period=end, consequence_date=judged_on,
        provisional=policy.consequence_date != "as-of" and end > as_of,
        before_feedback=before_feedback,
        states=states,
        figures=now,
        judged=judged,
        categories=tuple((c, tally([s for s in counted if s.problem.category == c], as_of)) for c in present),
        round=round_number,
        carry_over=tuple(_carry_record(ledger, p, inspection, s, policy) for p, s in zip(carried, carry_states)),
        carry_ids=tuple(p.id for p in carried),
        carry=tally(carry_states, as_of),
        carry_states=carry_states,
        carried_in=include,
        repeat_pairs=tuple((s.id, s.problem.repeat_of) for s in states if s.counted and s.problem.repeat_of),
        due=tuple(due),
        due_counts=_colour_counts(due),
        signs=formalism.signs(formalism.closures([s.problem for s in states], [s.closed_on for s in states]), end,
                              policy.formalism),
        rechecks=recheck_figures(ledger, inspection, as_of),
        sheet=sheet,
        published=_published(ledger, inspection, as_of, policy) if published and not categories else (),
        reporting=reporting,
        supervision=duties.supervision(inspection, as_of),
        handovers=duties.handovers(ledger, unsettled, as_of),
    )


def _judged_states(ledger: Ledger, problems: list[ProblemItem], counted: tuple[ProblemState, ...], judged_on: dt.date,
                   as_of: dt.date, before_feedback: bool, policy: Policy) -> tuple[ProblemState, ...]:
    """The problems the consequences judge, at the consequence date: none before the feedback (items handed
    over on site make no consequence due before it), the states on as-of when that is the date."""
    if before_feedback:
        return ()
    if judged_on == as_of:
        return counted
    return tuple(problem_state(ledger, p, judged_on, policy) for p in problems)


def _colour_counts(due: Sequence[DueItem]) -> tuple[int, int, int]:
    red, yellow, green = (sum(1 for item in due if item.colour == shade) for shade in COLOURS)
    return red, yellow, green


def _four(counts: tuple[int, ...]) -> tuple[int, int, int, int]:
    return counts[0], counts[1], counts[2], counts[3]


def _figures_at(ledger: Ledger, round: int, on: dt.date, policy: Policy | None, categories: Sequence[str]) -> Figures:
    """The figures of an organisation known to be in the round, at `on`."""
    part = organisation_round(ledger, round, on, policy, categories)
    assert part is not None  # the caller chose ledgers that record the round
    return part.figures


def _reporting(ledger: Ledger, inspection: Inspection, round_number: int, end: dt.date, as_of: dt.date,
               judged_on: dt.date, policy: Policy) -> tuple[duties.ReportingFigures, duties.ReportingFigures]:
    """The reporting duty (报送制度) on as-of and at the consequence date (duties.py)."""
    round_problems = [p for p in ledger.problems if p.round == round_number]

    def unsettled_on(day: dt.date) -> bool:
        return any(not (state := problem_state(ledger, p, day, policy)).rectified and state.in_count
                   for p in round_problems)

    duty = policy.reporting if policy.reporting is not None and policy.reporting.applies_to(ledger.organisation.id) else None
    reporting = duties.reporting(inspection, end, duty, as_of, unsettled_on)
    judged = reporting if judged_on == as_of else duties.reporting(inspection, end, duty, judged_on, unsettled_on)
    return reporting, judged


def organisation_rounds(ledger: Ledger, as_of: dt.date, policy: Policy | None = None) -> list[OrgReport]:
    """An organisation's part of every round it received (trend): each judged at its own consequence date."""
    parts = [organisation_round(ledger, inspection.round, as_of, policy)
             for inspection in sorted(ledger.inspections, key=lambda i: i.round)]
    return [part for part in parts if part is not None]


@dataclass(frozen=True)
class LedgerSummary:
    """What the report needs of one ledger file, computed where the file was validated (maybe a worker)."""

    organisation: str
    name: str
    rounds: tuple[int, ...]
    report: OrgReport | None       # without problem states


def summarise_ledger(ledger: Ledger, round: int, as_of: dt.date, policy: Policy,
                     categories: Sequence[str] = ()) -> LedgerSummary:
    org = organisation_round(ledger, round, as_of, policy, categories)
    return LedgerSummary(ledger.organisation.id, ledger.organisation.name,
                         tuple(sorted({i.round for i in ledger.inspections})), org.summary() if org else None)


_SUMMED = ("problems", "rectified", "closed", "open", "basically_done", "long_term", "claimed", "under_review", "returned", "extended",
           "overdue",
           "reopened", "hanging", "immediate", "immediate_rectified", "measures_done", "measures_total",
           "closed_on_time", "repeats", "clues_handed", "clues_disposed", "rules_made", "surveys", "participants",
           "satisfied", "behind_plan", "milestones_missed", "reports_missing", "partial", "waived", "dismissed",
           "excluded", "reactivated", "unfinished", "extension_requested", "extension_approved")


_summed_of = operator.attrgetter(*_SUMMED)   # a Figures' summed counts as one tuple, in C


def merge(items: Iterable[Figures], on: dt.date, grades: Sequence[str] = ()) -> Figures:
    """Figures of disjoint sets of problems added up; surveys pooled; `grades` counted (for totals)."""
    items = list(items)
    columns = list(zip(*map(_summed_of, items))) or [()] * len(_SUMMED)   # one tuple of values per figure
    counts: dict[str, Any] = dict(zip(_SUMMED, map(sum, columns)))
    return Figures(
        on=on, **counts,
        funds_returned=sum((f.funds_returned for f in items), Decimal(0)),
        losses_recovered=sum((f.losses_recovered for f in items), Decimal(0)),
        accountability=_four(tuple(sum(f.accountability[i] for f in items) for i in range(4))),
        grades=grade_counts(grades),
    )


def combine(org_reports: Iterable[OrgReport], round: int, as_of: dt.date, policy: Policy | None = None,
            organisations: Sequence[str] = (), categories: Sequence[str] = ()) -> RoundReport:
    """A round's report from its organisations' parts: totals and categories are their sums.

    `organisations` keeps only those ids; `categories` records the filter the parts were made with.
    """
    policy = policy or Policy()
    wanted = set(organisations)
    orgs = tuple(sorted((o for o in org_reports if not wanted or o.id in wanted), key=lambda o: o.id))
    order = list(policy.categories)
    present = sorted({c for org in orgs for c, _ in org.categories},
                     key=lambda c: (order.index(c) if c in order else len(order), c))
    by_category = tuple((c, merge([f for org in orgs for name, f in org.categories if name == c], as_of))
                        for c in present)
    totals = merge([org.figures for org in orgs], as_of,
                   grades=[org.figures.grade for org in orgs if org.figures.grade is not None])
    carry = merge([org.carry for org in orgs if org.carry is not None], as_of)
    return RoundReport(round=round, as_of=as_of, basis=policy.consequence_date, policy=policy,
                       organisations=orgs, categories=by_category, totals=totals,
                       organisation_filter=tuple(organisations), category_filter=tuple(categories),
                       category_order=tuple(order), carry=carry)


def round_report(ledgers: Iterable[Ledger], round: int, as_of: dt.date, policy: Policy | None = None,
                 organisations: Sequence[str] = (), categories: Sequence[str] = ()) -> RoundReport:
    """The figures of round `round` on `as_of` for every organisation inspected in it, per category and in total."""
    policy = policy or Policy()
    wanted = set(organisations)
    parts = [organisation_round(ledger, round, as_of, policy, categories) for ledger in ledgers
             if not wanted or ledger.organisation.id in wanted]
    return combine([part for part in parts if part is not None], round, as_of, policy, organisations, categories)


def open_items(report: RoundReport) -> list[ProblemState]:
    """正在整改: counted problems not rectified on the as-of date, overdue first within each organisation.

    With `include_carry_over`, the carried problems still unsettled are among them.
    """
    items = []
    for org in report.organisations:
        states = org.states + org.carry_states if org.carried_in else org.states
        pending = [s for s in states if s.in_count and not s.rectified]
        items.extend(sorted(pending, key=lambda s: (not s.overdue, s.deadline, s.id)))
    return items


# --- the rate through the concentrated period (as-of series) ---------------------------------------


def series_points(parts: Iterable[OrgReport], as_of: dt.date) -> tuple[dt.date, ...]:
    """The dates of a round's as-of series (see the module doc): month-ends, the ends of the periods, as-of."""
    points: set[dt.date] = set()
    last_end = None
    for org in parts:
        points.update(month_ends(org.feedback_on, org.end_of_period))
        points.add(org.consequence_date)
        last_end = max(last_end or org.end_of_period, org.end_of_period)
    if last_end is not None and as_of < last_end:
        points.add(as_of)
    return tuple(sorted(day for day in points if day <= as_of))


@dataclass(frozen=True)
class RateSeries:
    """A round's figures at each point of its concentrated period, per organisation and in total."""

    round: int
    as_of: dt.date
    points: tuple[dt.date, ...]
    judged_on: tuple[dt.date, ...]                    # the points that are some organisation's consequence date
    organisations: tuple[tuple[str, str, tuple[Figures, ...]], ...]   # (id, name, figures at each point)
    totals: tuple[Figures, ...]


def rate_series(ledgers: Iterable[Ledger], round: int, as_of: dt.date, policy: Policy | None = None,
                organisations: Sequence[str] = (), categories: Sequence[str] = ()) -> RateSeries:
    """The rate of round `round` at every point of `series_points`, per organisation and in total."""
    policy = policy or Policy()
    wanted = set(organisations)
    chosen = [ledger for ledger in ledgers if not wanted or ledger.organisation.id in wanted]
    parts = {ledger.organisation.id: organisation_round(ledger, round, as_of, policy, categories) for ledger in chosen}
    present = sorted((ledger for ledger in chosen if parts[ledger.organisation.id] is not None),
                     key=lambda ledger: ledger.organisation.id)
    points = series_points([part for ledger in present if (part := parts[ledger.organisation.id]) is not None], as_of)
    rows = []
    for ledger in present:
        at_points = tuple(_figures_at(ledger, round, point, policy, categories) for point in points)
        rows.append((ledger.organisation.id, ledger.organisation.name, at_points))
    totals = tuple(merge([row[2][index] for row in rows], point) for index, point in enumerate(points))
    judged = tuple(sorted({part.consequence_date for part in parts.values() if part is not None} & set(points)))
    return RateSeries(round, as_of, points, judged, tuple(rows), totals)


# --- common problems across organisations (共性问题, for 未巡先改) -----------------------------------


@dataclass(frozen=True)
class CommonCategory:
    """A category and the organisations that have problems in it."""

    category: str
    organisations: tuple[tuple[str, str], ...]                # (id, name), by id
    problems: tuple[tuple[str, str, bool], ...]               # (organisation, problem id, marked common)

    @property
    def marked_common(self) -> int:
        return sum(1 for _, _, common in self.problems if common)

    @property
    def marked_by(self) -> tuple[str, ...]:
        return tuple(sorted({org for org, _, common in self.problems if common}))


def common_problems(ledgers: Iterable[Ledger], as_of: dt.date, policy: Policy | None = None,
                    round: int | None = None, min_orgs: int = 2) -> tuple[int, list[CommonCategory]]:
    """(organisations considered, categories recurring in at least `min_orgs` of them), most widespread first.

    Considered: every ledger, or with `round` those that received it; problems: counted on `as_of`
    (of that round only, when given).
    """
    policy = policy or Policy()
    considered = 0
    names: dict[str, str] = {}
    found: dict[str, list[tuple[str, str, bool]]] = {}
    for ledger in ledgers:
        if round is not None and _inspection(ledger, round) is None:
            continue
        considered += 1
        org = ledger.organisation
        names[org.id] = org.name
        for problem in ledger.problems:
            if round is not None and problem.round != round:
                continue
            start = start_date(ledger, problem)
            if start is None or start > as_of:
                continue
            found.setdefault(problem.category, []).append((org.id, problem.id, problem.common))
    order = list(policy.categories)
    rows = []
    for category, problems in found.items():
        orgs = sorted({org for org, _, _ in problems})
        if len(orgs) >= min_orgs:
            rows.append(CommonCategory(category, tuple((o, names[o]) for o in orgs),
                                       tuple(sorted(problems, key=lambda p: (p[0], _id_key(p[1]))))))
    rows.sort(key=lambda row: (-len(row.organisations), order.index(row.category) if row.category in order
                               else len(order), row.category))
    return considered, rows
