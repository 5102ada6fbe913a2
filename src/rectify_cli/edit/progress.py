"""Between feedback and closure: progress reports (一月一报) and the plan's milestones (时间节点) in a ledger.

`record_progress` appends a dated report to a problem or one of its measures; `add_milestone` plans a
step of a measure with its date and `milestone_done` marks it done. Each writes a history entry
(`progress`, `milestone-added`, `milestone-done`) chained like every other, and validation compares
the blocks with it (rules.check_plan), so a report or a planned date changed by hand is caught.
"""

from __future__ import annotations

import datetime as dt

from rectify_cli.edit.operations import Actor, check_date, find_problem, history_entry
from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import Ledger, Measure, Milestone, ProblemItem, Progress
from rectify_cli.suggest import did_you_mean
from rectify_cli.yamlio.splicer import YamlDocument


def find_measure(problem: ProblemItem, measure_id: str) -> tuple[int, Measure]:
    for index, measure in enumerate(problem.measures):
        if measure.id == measure_id:
            return index, measure
    known = ", ".join(m.id for m in problem.measures) or say("none")
    raise RefusedChange(say("{problem_id} has no measure {measure_id!r} (measures: {known})", problem_id=problem.id,
                            measure_id=measure_id, known=known),
                        hint=did_you_mean(measure_id, [m.id for m in problem.measures]))


def _find_milestone(problem: ProblemItem, measure: Measure, milestone_id: str) -> tuple[int, Milestone]:
    for index, milestone in enumerate(measure.milestones):
        if milestone.id == milestone_id:
            return index, milestone
    known = ", ".join(m.id for m in measure.milestones) or say("none")
    raise RefusedChange(say("{problem_id}/{measure_id} has no milestone {milestone_id!r} (milestones: {known})",
                            problem_id=problem.id, measure_id=measure.id, milestone_id=milestone_id, known=known),
                        hint=did_you_mean(milestone_id, [m.id for m in measure.milestones]))


def _record(document: YamlDocument, index: int, problem: ProblemItem, actor: Actor, did: str, **fields) -> None:
    document.append(("problems", index, "history"), history_entry(problem, actor, did, **fields), flow=True)


def record_progress(ledger: Ledger, document: YamlDocument, problem_id: str, measure_id: str | None, done: str,
                    next_step: str | None, obstacles: str | None, support: str | None, percent: int | None,
                    actor: Actor) -> str:
    """`rectify progress`: a dated report on the problem, or on its measure `measure_id`."""
    index, problem = find_problem(ledger, problem_id)
    if percent is not None and not 0 <= percent <= 100:
        raise RefusedChange(say("--percent {percent} is not between 0 and 100", percent=percent))
    check_date(ledger, problem, actor.date, actor, say("progress report"))
    if problem.closed is not None and actor.date > problem.closed.date:
        raise RefusedChange(say("{problem_id} was closed on {closed}; a progress report dated {date} comes after it",
                                problem_id=problem_id, closed=problem.closed.date, date=actor.date),
                            hint=say("reopen it first (rectify reopen) if the work goes on"))
    earlier = problem.progress
    where: tuple = ("problems", index, "progress")
    target = problem_id
    if measure_id is not None:
        m_index, measure = find_measure(problem, measure_id)
        if measure.done_on is not None and actor.date > measure.done_on:
            raise RefusedChange(say("{target} was done on {done_on}; a progress report dated {date} comes after it",
                                    target=f"{problem_id}/{measure_id}", done_on=measure.done_on, date=actor.date),
                                hint=say("report on the problem instead (leave out --measure)"))
        earlier = measure.progress
        where = ("problems", index, "measures", m_index, "progress")
        target = f"{problem_id}/{measure_id}"
    if earlier and actor.date < earlier[-1].date:
        raise RefusedChange(say("{target}: a progress report dated {date} is earlier than the last one ({last})",
                                target=target, date=actor.date, last=earlier[-1].date),
                            hint=say("reports are kept in date order; give a --date on or after {last}", last=earlier[-1].date))
    record = {"date": actor.date, "by": actor.by, "done": done.strip(), "next": _text(next_step),
              "obstacles": _text(obstacles), "support": _text(support), "percent": percent}
    record = {key: value for key, value in record.items() if value is not None}
    Progress.model_validate(record)
    document.append(where, record, flow=True)
    _record(document, index, problem, actor, "progress", measure=measure_id, percent=percent, reason=record["done"])
    shown = f" ({percent}%)" if percent is not None else ""
    return say("{target}: progress reported on {date}{percent}", target=target, date=actor.date, percent=shown)


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise RefusedChange(say("a progress report's text must not be blank"),
                            hint=say("leave the option out, or say what it is"))
    return value.strip()


def add_milestone(ledger: Ledger, document: YamlDocument, problem_id: str, measure_id: str, text: str, due: dt.date,
                  actor: Actor) -> str:
    """`rectify milestone ... --text --due`: plan a step of a measure; returns its id (N1, N2, ...)."""
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is closed; reopen it first (rectify reopen) to plan more",
                                problem_id=problem_id))
    m_index, measure = find_measure(problem, measure_id)
    target = f"{problem_id}/{measure_id}"
    if measure.done_on is not None:
        raise RefusedChange(say("{target} was already done on {done_on}: a plan comes before the work",
                                target=target, done_on=measure.done_on))
    check_date(ledger, problem, actor.date, actor, say("plan"))
    if due < actor.date:
        raise RefusedChange(say("milestone date {due} is before the day it is planned ({date})", due=due,
                                date=actor.date), hint=say("a plan names dates to come; --date is the day it was made"))
    if due > measure.due:
        raise RefusedChange(say("milestone date {due} is after {target}'s deadline ({deadline})", due=due,
                                target=target, deadline=measure.due),
                            hint=say("a milestone is a step towards the measure's deadline"))
    numbers = [int(m.id[1:]) for m in measure.milestones if m.id[:1] == "N" and m.id[1:].isdigit()]
    milestone_id = f"N{max(numbers, default=0) + 1}"
    document.append(("problems", index, "measures", m_index, "milestones"),
                    {"id": milestone_id, "text": text.strip(), "due": due}, flow=True)
    _record(document, index, problem, actor, "milestone-added", measure=measure_id, milestone=milestone_id, to=due,
            reason=text.strip())
    return milestone_id


def milestone_done(ledger: Ledger, document: YamlDocument, problem_id: str, measure_id: str, milestone_id: str,
                   actor: Actor) -> str:
    """`rectify milestone ... --done N1`: the planned step done on the business date."""
    index, problem = find_problem(ledger, problem_id)
    m_index, measure = find_measure(problem, measure_id)
    n_index, milestone = _find_milestone(problem, measure, milestone_id)
    target = f"{problem_id}/{measure_id}/{milestone_id}"
    if milestone.done_on is not None:
        raise RefusedChange(say("{target} was already done on {done_on}", target=target, done_on=milestone.done_on))
    check_date(ledger, problem, actor.date, actor, say("completion"))
    if problem.closed is not None and actor.date > problem.closed.date:
        raise RefusedChange(say("{problem_id} was closed on {closed}; nothing is done after it", problem_id=problem_id,
                                closed=problem.closed.date))
    document.set(("problems", index, "measures", m_index, "milestones", n_index, "done_on"), actor.date)
    _record(document, index, problem, actor, "milestone-done", measure=measure_id, milestone=milestone_id)
    late = (actor.date - milestone.due).days
    if late > 0:
        return say("{target} done on {date}, {days} day(s) after its planned date {due}", target=target,
                   date=actor.date, days=late, due=milestone.due)
    return say("{target} done on {date} (planned {due})", target=target, date=actor.date, due=milestone.due)

