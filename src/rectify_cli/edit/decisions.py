"""Outcomes other than rectified (整改认定) and extensions asked for (申请延期), as edits of a ledger.

`decide` records a decision, partial (部分整改), waived (暂缓整改, with its last day) or dismissed (不予认定:
反馈不实 or 申诉成立), with its reason and approver: it is appended under `decisions:` (earlier ones are
kept, never replaced), the status becomes its kind, and a history entry (`did:` the kind) is chained
and, with a key, signed over the decision. The problem's own text is never touched.

`request_extension` records a request (`extension-requested`); `rectify extend` approves the pending
request when it moves the deadline (`decide_request`), `refuse_extension` refuses it (`extension-refused`).
"""

from __future__ import annotations

import datetime as dt

from rectify_cli.edit import operations
from rectify_cli.edit.operations import Actor, check_date, find_problem, record_entry
from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import DECISION_NAMES, Decision, ExtensionRequest, Ledger, ProblemItem, decision_named
from rectify_cli.yamlio.splicer import YamlDocument


def decide(ledger: Ledger, document: YamlDocument, problem_id: str, kind: str, reason: str, approved_by: str,
           actor: Actor, expires: dt.date | None = None, ground: str | None = None,
           remaining: str | None = None) -> str:
    """`rectify partial`, `rectify waive`, `rectify dismiss`: a decision appended, the status set to its kind."""
    index, problem = find_problem(ledger, problem_id)
    _check_decidable(ledger.organisation.id, problem, kind, actor)
    check_date(ledger, problem, actor.date, actor, say("decision"))
    if kind == "waived" and expires is not None and expires < actor.date:
        raise RefusedChange(say("the waiver's last day {expires} is before its date {date}", expires=expires,
                                date=actor.date))
    record = {"kind": kind, "date": actor.date, "by": actor.by, "approved_by": approved_by, "reason": reason,
              "expires": expires, "ground": ground, "remaining": remaining}
    record = {key: value for key, value in record.items() if value is not None}
    decision = Decision.model_validate(record)
    document.append(("problems", index, "decisions"), record, flow=False)
    if problem.status != kind:
        document.set(("problems", index, "status"), kind)
    if problem.long_term is not None:   # the long-term record is in the history; a decision replaces it
        document.delete(("problems", index, "long_term"))
    if problem.label is not None:       # the unit's wording of the earlier status, as `close` drops it
        document.delete(("problems", index, "label"))
    record_entry(document, index, problem, actor, kind, signed=(ledger.organisation.id, decision),
                 to=expires, reason=reason)
    if kind == "waived":
        return say("{problem_id} waived (暂缓整改) on {date}, approved by {approved_by}, until {expires}; "
                   "from the day after it is open again", problem_id=problem_id, date=actor.date,
                   approved_by=approved_by, expires=expires)
    return say("{problem_id}: {kind} ({word}) on {date}, approved by {approved_by}", problem_id=problem_id,
               kind=kind, word=DECISION_NAMES[kind], date=actor.date, approved_by=approved_by)


def _check_decidable(org_id: str, problem: ProblemItem, kind: str, actor: Actor) -> None:
    named = decision_named(kind)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is closed (on {date}); reopen it before recording a {kind} decision",
                                problem_id=problem.id, date=problem.closed.date if problem.closed else "?", kind=named),
                            hint=say("rectify reopen {org} {problem_id} --reason ...", org=org_id, problem_id=problem.id))
    if problem.status == "under-review":
        raise RefusedChange(say("{problem_id} has a closure under review (待审核); let the review step return it first",
                                problem_id=problem.id),
                            hint=say("rectify return {org} {problem_id} --step ... --reason ...", org=org_id, problem_id=problem.id))
    if problem.status == "dismissed" and kind != "dismissed":
        raise RefusedChange(say("{problem_id} is dismissed (不予认定); set it open again before another decision",
                                problem_id=problem.id),
                            hint=say("rectify set-status {org} {problem_id} open --reason ...", org=org_id, problem_id=problem.id))
    if problem.status == kind and kind != "waived":
        raise RefusedChange(say("{problem_id} is already {kind}", problem_id=problem.id, kind=named))
    if problem.decisions and actor.date < problem.decisions[-1].date:
        raise RefusedChange(say("a decision dated {date} is earlier than the last one ({last})", date=actor.date,
                                last=problem.decisions[-1].date))


def request_extension(ledger: Ledger, document: YamlDocument, problem_id: str, to: dt.date, reason: str,
                      actor: Actor) -> str:
    """`rectify request-extension`: the unit asks for a new deadline (申请延期); pending until decided."""
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is closed; a closed problem has no deadline to extend", problem_id=problem_id))
    pending = _pending(problem)
    if pending is not None:
        raise RefusedChange(say("{problem_id} already has an extension request pending (made {date}, to {to})",
                                problem_id=problem_id, date=pending[1].date, to=pending[1].to),
                            hint=say("approve it with `rectify extend` or refuse it with `rectify refuse-extension`"))
    current = max([problem.deadline] + [e.to for e in problem.extensions])
    if to <= current:
        raise RefusedChange(say("new deadline {to} does not move the deadline past {current}", to=to, current=current))
    check_date(ledger, problem, actor.date, actor, say("request"))
    record = {"date": actor.date, "by": actor.by, "to": to, "reason": reason}
    ExtensionRequest.model_validate(record)
    document.append(("problems", index, "extension_requests"), record, flow=True)
    record_entry(document, index, problem, actor, "extension-requested", to=to, reason=reason)
    return say("{problem_id}: extension to {to} requested on {date} (申请延期), pending approval",
               problem_id=problem_id, to=to, date=actor.date)


def _pending(problem: ProblemItem) -> tuple[int, ExtensionRequest] | None:
    return next(((n, r) for n, r in enumerate(problem.extension_requests) if r.decision is None), None)


def decide_request(problem: ProblemItem, index: int, document: YamlDocument, decision: str, decided_by: str,
                   day: dt.date, note: str | None = None) -> bool:
    """Mark the pending request of problem `index` approved or refused on `day`; False when none is pending."""
    pending = _pending(problem)
    if pending is None:
        return False
    number, request = pending
    if day < request.date:
        raise RefusedChange(say("the request was made on {date}; its decision cannot be dated {day}",
                                date=request.date, day=day))
    where = ("problems", index, "extension_requests", number)
    document.set(where + ("decision",), decision)
    document.set(where + ("decided_on",), day)
    document.set(where + ("decided_by",), decided_by)
    if note is not None:
        document.set(where + ("note",), note)
    return True


def extend(ledger: Ledger, document: YamlDocument, problem_id: str, to: dt.date, reason: str, approved_by: str,
           actor: Actor) -> str:
    """`rectify extend`: the deadline moved (operations.extend), and the request pending, if any, approved."""
    message = operations.extend(ledger, document, problem_id, to, reason, approved_by, actor)
    index, problem = find_problem(ledger, problem_id)
    pending = _pending(problem)
    if pending is not None and decide_request(problem, index, document, "approved", approved_by, actor.date):
        message += say("; the request of {date} is approved", date=pending[1].date)
    return message


def refuse_extension(ledger: Ledger, document: YamlDocument, problem_id: str, reason: str, refused_by: str,
                     actor: Actor) -> str:
    """`rectify refuse-extension`: the pending request refused (不予批准), with the reasons, the deadline unchanged."""
    index, problem = find_problem(ledger, problem_id)
    pending = _pending(problem)
    if pending is None:
        raise RefusedChange(say("{problem_id} has no extension request pending", problem_id=problem_id),
                            hint=say("the unit asks with `rectify request-extension`"))
    check_date(ledger, problem, actor.date, actor, say("decision"))
    decide_request(problem, index, document, "refused", refused_by, actor.date, reason)
    record_entry(document, index, problem, actor, "extension-refused", to=pending[1].to, reason=reason)
    return say("{problem_id}: extension to {to} refused on {date} by {refused_by}; the deadline stays {deadline}",
               problem_id=problem_id, to=pending[1].to, date=actor.date, refused_by=refused_by,
               deadline=max([problem.deadline] + [e.to for e in problem.extensions]))
