"""Why a problem is in or out of the numerator and the denominator of the rate (`--explain`): its status
on the date in words, the review step a submitted closure awaits, and the corrections of the dates it is
counted by. Used by the document (render/document.py) and the JSON (render/data.py).
"""

from __future__ import annotations

from rectify_cli.figures import (
    ProblemState,
    RoundReport,
    submission_at,
)
from rectify_cli.render.words import (
    NONE,
    field_word,
    status_word,
    word,
)


def why(state: ProblemState, report: RoundReport, lang: str) -> str:
    """Why a problem is in or out of the denominator and the numerator of the rate."""
    as_of = state.on.isoformat()
    if state.start is None:
        return word("why_no_start", lang)
    if not state.counted:
        return word("why_not_yet", lang, date=state.start.isoformat(), as_of=as_of)
    if state.excluded:
        return ("；" if lang == "zh" else "; ").join(decision_words(state, lang))
    parts = [word("why_counted", lang, date=state.start.isoformat(), as_of=as_of)]
    parts.extend(decision_words(state, lang))
    status = status_word(state.status, lang)
    if state.rectified:
        if state.last_reopening is not None:
            parts.append(word("why_reopened", lang, closed_on=state.last_reopening.closed_on.isoformat(),
                              date=state.last_reopening.date.isoformat()))
        parts.append(word("why_closed", lang, date=str(state.closed_on)) if state.status == "closed"
                     else word("why_status_counted", lang, status=status))
        parts.extend(review_words(state, report, lang))
    else:
        if state.last_reopening is not None and state.status != "closed":
            parts.append(word("why_reopened", lang, closed_on=state.last_reopening.closed_on.isoformat(),
                              date=state.last_reopening.date.isoformat()))
        if state.status == "under-review" or state.returned:
            parts.extend(review_words(state, report, lang))
            if state.status == "under-review":
                parts.append(word("why_under_review_waits", lang))
            if state.later_closure is not None:
                parts.append(word("why_closed_later", lang, date=state.later_closure.isoformat(), as_of=as_of))
        elif state.later_closure is not None:
            parts.append(word("why_closed_later", lang, date=state.later_closure.isoformat(), as_of=as_of))
        elif state.status == "long-term" and state.problem.long_term is not None:
            parts.append(word("why_long_term", lang, date=state.problem.long_term.since.isoformat()))
        elif state.status == "claimed" and state.problem.claimed is not None:
            claim = state.problem.claimed
            awaits = (f"：{claim.awaits}" if lang == "zh" else f": {claim.awaits}") if claim.awaits else ""
            parts.append(word("why_claimed", lang, date=claim.date.isoformat(), awaits=awaits))
        elif state.status != "open":
            parts.append(word("why_status_not_counted", lang, status=status))
        elif state.last_reopening is None and not state.reactivated:
            parts.append(word("why_open", lang))
    parts.extend(corrected_dates(state, lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def decision_words(state: ProblemState, lang: str) -> list[str]:
    """The decision in force (部分整改, 暂缓整改, 不予认定) or the waiver that expired, in words."""
    from rectify_cli.figures import decision_at

    decision = decision_at(state.problem, state.on)
    if decision is None:
        return []
    ground = word(f"ground_{decision.ground}", lang) if decision.ground else ""
    said = word(f"why_{decision.kind}", lang, date=decision.date.isoformat(), approved_by=decision.approved_by,
                reason=decision.reason, expires=str(decision.expires), ground=ground)
    if state.reactivated:
        return [said, word("why_reactivated", lang, expires=str(decision.expires))]
    if state.excluded:
        return [said, word("why_excluded", lang)]
    return [said]


def review_words(state: ProblemState, report: RoundReport, lang: str) -> list[str]:
    """销号审核 in words: the step a submitted closure waits for, the approvals of a closure, the last return."""
    problem, steps = state.problem, report.policy.review
    sep = "、" if lang == "zh" else ", "

    def name(step_id: str) -> str:
        step = steps.step(step_id) if steps is not None else None
        return step.name if step is not None else step_id

    def approvals(records) -> str:
        return sep.join(f"{name(a.step)} {a.by} {a.date.isoformat()}" for a in records) or NONE

    if state.status == "under-review":
        submission = submission_at(problem, state.on)
        if submission is None:
            return []
        submitted, done = submission
        pending = steps.pending(list(done)) if steps is not None else None
        number = steps.steps.index(pending) + 1 if steps is not None and pending is not None else 0
        return [word("why_under_review", lang, date=submitted.isoformat(),
                     step=pending.name if pending is not None else NONE, number=number,
                     steps=len(steps.steps) if steps is not None else 0, approved=approvals(done))]
    if state.status == "closed" and problem.closed is not None and problem.closed.approvals and state.closed_on == problem.closed.date:
        return [word("why_approved", lang, approvals=approvals(problem.closed.approvals))]
    if state.returned:
        last = [r for r in problem.returns if r.date <= state.on][-1]
        return [word("why_returned", lang, submitted=last.submission.submitted.isoformat(), step=name(last.step),
                     date=last.date.isoformat(), reason=last.reason)]
    return []


# The corrected fields the rate is counted from: an explanation names their corrections.
COUNTED_DATES = ("found_on", "closed.date", "done_on", "claimed.date", "long_term.since")


def date_corrections(state: ProblemState) -> list:
    """The corrections (更正, `did: corrected`) of the dates the problem is counted by, oldest first."""
    return [entry for entry in state.problem.history if entry.did == "corrected" and entry.field in COUNTED_DATES]


def corrected_dates(state: ProblemState, lang: str) -> list[str]:
    """Each correction of a date the problem is counted by, in words: field, old → new, when, why."""
    return [word("why_corrected", lang, field=field_word(entry.field, lang, entry.measure),
                 old=entry.old if entry.old is not None else NONE, new=entry.new,
                 date=(entry.date or entry.at.date()).isoformat(), reason=entry.reason or NONE)
            for entry in date_corrections(state)]
