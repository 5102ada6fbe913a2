"""Checks of what follows a problem's record: its plan (progress reports, milestones), the review of its
closure in steps (销号审核), and the evaluators' scores of the round (考核评价).

Split from rules.py, which calls them, to keep each module one a reader can hold; they yield the same
(path, code, message, hint) findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rectify_cli.errors import say
from rectify_cli.model import Ledger, Policy, ProblemItem, Progress
from rectify_cli.suggest import did_you_mean, with_suggestion

Finding = tuple[tuple, str, str, str]  # (path, code, message, hint)


def was_begun(problem: ProblemItem) -> str:
    """How a problem began, for "before the problem …": found on its own date, or fed back with its round."""
    return say("was found") if problem.found_on is not None else say("was fed back")


def check_evaluations(ledger: Ledger, policy: Policy, today: dt.date) -> Iterator[Finding]:
    """The evaluators' scores name indicators of the scheme they may score, within their points; a grade or
    score recorded beside a complete score sheet agrees with it (scoring.py)."""
    scheme = policy.evaluation
    for index, inspection in enumerate(ledger.inspections):
        evaluation = inspection.evaluation
        if evaluation is None:
            continue
        here = ("inspections", index, "evaluation")
        for score_index, score in enumerate(evaluation.scores):
            path = here + ("scores", score_index)
            if score.date > today:
                yield (path + ("date",), "E-FUTURE-DATE",
                       say("score of {indicator} dated {date}, after today ({today})", indicator=score.indicator,
                           date=score.date, today=today), "")
            if scheme is None:
                yield (path + ("indicator",), "E-EVALUATION-INDICATOR",
                       say("score of {indicator}, but the policy has no evaluation scheme", indicator=score.indicator),
                       say("add the scheme to the policy (evaluation:, see docs/format.md) or remove scores:"))
                continue
            indicator = scheme.indicator(score.indicator)
            scored = [i.id for i in scheme.indicators if i.computed is None]
            if indicator is None:
                yield (path + ("indicator",), "E-EVALUATION-INDICATOR",
                       say("{indicator!r} is not an indicator of the policy's evaluation scheme",
                           indicator=score.indicator),
                       did_you_mean(score.indicator, scored) or say("the scored indicators are {value}",
                                                                    value=", ".join(scored)))
            elif indicator.computed is not None:
                yield (path + ("indicator",), "E-EVALUATION-INDICATOR",
                       say("{indicator} is computed from the ledger ({measure}), not scored by an evaluator",
                           indicator=score.indicator, measure=indicator.computed),
                       say("remove this score: the report computes it"))
            elif score.points > indicator.points:
                yield (path + ("points",), "E-EVALUATION-INDICATOR",
                       say("{indicator} scored {points} points, more than the {most} it is worth",
                           indicator=score.indicator, points=score.points, most=indicator.points), "")
        if scheme is None or (evaluation.grade is None and evaluation.score is None):
            continue
        scored_ids = {score.indicator for score in evaluation.scores if score.date <= today}
        if any(i.computed is None and i.id not in scored_ids for i in scheme.indicators):
            continue  # incomplete: the recorded grade stands
        from rectify_cli import figures
        from rectify_cli.scoring import points_text

        part = figures.organisation_round(ledger, inspection.round, today, policy)
        sheet = part.sheet if part is not None else None
        if sheet is None or not sheet.complete:
            continue
        if not sheet.grade_agrees:
            yield (here + ("grade",), "E-EVALUATION-GRADE",
                   say("grade {grade} recorded, but the evaluation scheme gives {computed} ({total} points on {date})",
                       grade=evaluation.grade, computed=sheet.grade, total=points_text(sheet.total), date=sheet.on),
                   say("write grade: {computed}, or remove grade: (the report computes it); "
                       "rectify report --round {round} --explain {org} shows the score sheet",
                       computed=sheet.grade, round=inspection.round, org=ledger.organisation.id))
        if not sheet.score_agrees:
            yield (here + ("score",), "E-EVALUATION-SCORE",
                   say("score {score} recorded, but the evaluation scheme gives {total} points on {date}",
                       score=evaluation.score, total=points_text(sheet.total), date=sheet.on),
                   say("write score: {total}, or remove score: (the report computes it)",
                       total=points_text(sheet.total)))


def check_plan(problem: ProblemItem, here: tuple, today: dt.date, earliest: dt.date | None) -> Iterator[Finding]:
    """Progress reports (整改进展) and milestones (时间节点): dates in order, within the work, inside the deadline."""
    closed = problem.closed.date if problem.closed is not None else None
    lists: list[tuple[tuple, str, list[Progress], dt.date | None]] = [(here + ("progress",), problem.id, problem.progress, None)]
    lists += [(here + ("measures", index, "progress"), f"{problem.id}/{measure.id}", measure.progress, measure.done_on)
              for index, measure in enumerate(problem.measures)]
    for path, name, reports, done_on in lists:
        previous = None
        for index, report in enumerate(reports):
            at = path + (index, "date")
            if report.date > today:
                yield (at, "E-FUTURE-DATE", say("{name}: progress reported on {date}, after today ({today})", name=name,
                                                date=report.date, today=today), "")
            if earliest is not None and report.date < earliest:
                yield (at, "E-DATE-ORDER", say("{name}: progress reported on {date}, before the problem {value} ({start})",
                                               name=name, date=report.date, value=was_begun(problem), start=earliest), "")
            if previous is not None and report.date < previous:
                yield (at, "E-DATE-ORDER", say("{name}: progress report {value} ({date}) is earlier than the one before it "
                                               "({previous})", name=name, value=index + 1, date=report.date,
                                               previous=previous), say("progress reports are kept oldest first"))
            previous = report.date
            if closed is not None and report.date > closed:
                yield (at, "E-PROGRESS", say("{name}: progress reported on {date}, after the closure on {closed}", name=name,
                                             date=report.date, closed=closed),
                       say("a closed problem has no more progress; reopen it (rectify reopen) if the work goes on"))
            elif done_on is not None and report.date > done_on:
                yield (at, "E-PROGRESS", say("{name}: progress reported on {date}, after the measure was done ({done_on})",
                                             name=name, date=report.date, done_on=done_on),
                       say("report on the problem once its measure is done"))
    for index, measure in enumerate(problem.measures):
        seen: set[str] = set()
        for n_index, milestone in enumerate(measure.milestones):
            path = here + ("measures", index, "milestones", n_index)
            name = f"{problem.id}/{measure.id}/{milestone.id}"
            if milestone.id in seen:
                yield (path + ("id",), "E-DUPLICATE-ID",
                       say("{id}: milestone id {id2!r} is used twice", id=f"{problem.id}/{measure.id}", id2=milestone.id), "")
            seen.add(milestone.id)
            if milestone.due > measure.due:
                yield (path + ("due",), "E-MILESTONE",
                       say("{name}: planned for {due}, after the measure's deadline ({deadline})", name=name,
                           due=milestone.due, deadline=measure.due),
                       say("a milestone is a step towards the measure's deadline: plan it on or before {deadline}",
                           deadline=measure.due))
            if earliest is not None and milestone.due < earliest:
                yield (path + ("due",), "E-DATE-ORDER", say("{name}: planned for {due}, before the problem {value} ({start})",
                                                            name=name, due=milestone.due, value=was_begun(problem),
                                                            start=earliest), "")
            if milestone.done_on is not None:
                if milestone.done_on > today:
                    yield (path + ("done_on",), "E-FUTURE-DATE", say("{name}: done on {date}, after today ({today})",
                                                                     name=name, date=milestone.done_on, today=today), "")
                if earliest is not None and milestone.done_on < earliest:
                    yield (path + ("done_on",), "E-DATE-ORDER",
                           say("{name}: done on {date}, before the problem {value} ({start})", name=name,
                               date=milestone.done_on, value=was_begun(problem), start=earliest), "")


def check_review(problem: ProblemItem, policy: Policy, here: tuple, today: dt.date,
                  earliest: dt.date | None) -> Iterator[Finding]:
    """销号审核: a submission's dates and steps in order; a closure the policy reviews has its required approvals."""
    steps = policy.review
    submissions = [(here + ("review",), problem.review)] if problem.review is not None else []
    submissions += [(here + ("returns", i, "submission"), r.submission) for i, r in enumerate(problem.returns)]
    for path, submission in submissions:
        if submission.submitted > today:
            yield (path + ("submitted",), "E-FUTURE-DATE",
                   say("{id}: closure submitted on {date}, after today ({today})", id=problem.id, date=submission.submitted, today=today), "")
        if earliest is not None and submission.submitted < earliest:
            yield (path + ("submitted",), "E-DATE-ORDER",
                   say("{id}: closure submitted on {date}, before it {value} ({earliest})", id=problem.id,
                       date=submission.submitted, value=was_begun(problem), earliest=earliest), "")
        yield from check_approvals(problem, steps, submission.approvals, submission.submitted, path, today)
    for index, record in enumerate(problem.returns):
        if record.date < record.submission.submitted:
            yield (here + ("returns", index, "date"), "E-DATE-ORDER",
                   say("{id}: returned on {date}, before it was submitted ({submitted})", id=problem.id, date=record.date,
                       submitted=record.submission.submitted), "")
        if steps is not None and steps.step(record.step) is None:
            yield (here + ("returns", index, "step"), "E-REVIEW-STEP",
                   say("{id}: returned by step {step!r}, which the policy does not define", id=problem.id, step=record.step),
                   with_suggestion(did_you_mean(record.step, [s.id for s in steps.steps]),
                                   say("steps: {steps}", steps=", ".join(s.id for s in steps.steps))))
    closure = problem.closed
    if closure is None:
        return
    path = here + ("closed",)
    if closure.approvals and closure.submitted is not None:
        yield from check_approvals(problem, steps, closure.approvals, closure.submitted, path, today)
        last = max(approval.date for approval in closure.approvals)
        if closure.date < last:
            yield (path + ("date",), "E-DATE-ORDER",
                   say("{id}: closed on {date}, before its last approval ({last})", id=problem.id, date=closure.date, last=last), "")
    if steps is None or (steps.since is not None and closure.date < steps.since):
        return
    missing = steps.pending(closure.approvals)
    if missing is not None:
        since = say(" (from {since})", since=steps.since) if steps.since is not None else ""
        yield (path, "E-REVIEW-MISSING",
               say("{id}: closed on {date} without the approval of {step}, which the policy requires{since}",
                   id=problem.id, date=closure.date, step=missing.name, since=since),
               say("reopen it (rectify reopen), then the unit submits it (rectify submit) and each step approves (rectify approve)"))


def check_approvals(problem: ProblemItem, steps, approvals: list, submitted: dt.date, path: tuple,
                     today: dt.date) -> Iterator[Finding]:
    """Approvals dated from the submission, in date order, each of a step the policy defines, once, in its order."""
    previous = submitted
    seen: set[str] = set()
    order = {step.id: n for n, step in enumerate(steps.steps)} if steps is not None else {}
    last_rank = -1
    for index, approval in enumerate(approvals):
        where = path + ("approvals", index)
        if approval.date > today:
            yield (where + ("date",), "E-FUTURE-DATE",
                   say("{id}: approved on {date}, after today ({today})", id=problem.id, date=approval.date, today=today), "")
        if approval.date < previous:
            yield (where + ("date",), "E-DATE-ORDER",
                   say("{id}: approval by {step} on {date} is before the submission or the approval before it ({previous})",
                       id=problem.id, step=approval.step, date=approval.date, previous=previous), "")
        previous = max(previous, approval.date)
        if steps is None:
            continue
        if approval.step not in order:
            yield (where + ("step",), "E-REVIEW-STEP",
                   say("{id}: approved by step {step!r}, which the policy does not define", id=problem.id, step=approval.step),
                   with_suggestion(did_you_mean(approval.step, list(order)),
                                   say("steps: {steps}", steps=", ".join(order))))
        elif approval.step in seen or order[approval.step] < last_rank:
            yield (where + ("step",), "E-REVIEW-STEP",
                   say("{id}: step {step!r} approves twice or out of the policy's order", id=problem.id, step=approval.step),
                   say("steps approve once each, in order: {steps}", steps=" → ".join(order)))
        else:
            last_rank = order[approval.step]
        seen.add(approval.step)
