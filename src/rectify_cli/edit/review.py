"""销号审核: a closure submitted by the unit (申请销号), approved or returned step by step.

The policy's `review.steps` are the steps in order, each with the role that acts in it. `submit`
writes the problem's `review:` block (the evidence, the status it had) and sets the status
under-review; `approve` adds a step's approval, and the approval of the last required step closes
the problem on its date (the closure keeps the submission date and every approval); `return_closure`
moves the submission, as it was, into `returns:` with the reason and restores the earlier status.
Each writes a history entry (submitted, approved, returned, and closed on the last approval); the
approvals, returns and the closure can be signed (signing.py). Without review steps in the policy,
`rectify close` closes in one step, as before.
"""

from __future__ import annotations

from rectify_cli.edit.operations import Actor, check_closable, check_date, find_problem, record_entry
from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import Approval, Closure, Ledger, Policy, ProblemItem, Return, ReviewPolicy, ReviewStep
from rectify_cli.suggest import did_you_mean
from rectify_cli.yamlio.splicer import YamlDocument


def steps_of(policy: Policy) -> ReviewPolicy:
    """The policy's review steps; refused when it has none (then `rectify close` is the one step)."""
    if policy.review is None:
        raise RefusedChange(say("the policy defines no review steps, so a closure is one step"),
                            hint=say("close it with `rectify close`, or add `review: steps:` to policy.yaml (docs/format.md)"))
    return policy.review


def step_named(review: ReviewPolicy, step_id: str) -> ReviewStep:
    step = review.step(step_id)
    if step is None:
        known = ", ".join(f"{s.id} ({s.name})" for s in review.steps)
        raise RefusedChange(say("the policy has no review step {step!r} (steps: {known})", step=step_id, known=known),
                            hint=did_you_mean(step_id, [s.id for s in review.steps]))
    return step


def _under_review(ledger: Ledger, problem: ProblemItem) -> None:
    if problem.status == "under-review" and problem.review is not None:
        return
    hint = say("the unit submits it first: rectify submit {org} {id} --evidence FILE", org=ledger.organisation.id, id=problem.id)
    if problem.status == "closed":
        raise RefusedChange(say("{id} is already closed (on {date})", id=problem.id,
                                date=problem.closed.date if problem.closed else "?"))
    raise RefusedChange(say("{id} has no closure awaiting review (status {status})", id=problem.id, status=problem.status),
                        hint=hint)


def _check_role(policy: Policy, step: ReviewStep, actor: Actor) -> None:
    """A person the policy lists as a signer acts only in their roles; others are checked by signatures."""
    if policy.signatures is None:
        return
    person = next((signer for signer in policy.signatures.signers if signer.name == actor.by), None)
    if person is not None and step.role not in person.roles:
        raise RefusedChange(say("{by} does not hold the role {role} that acts in {step}; nothing was written", by=actor.by,
                                role=step.role, step=step.name),
                            hint=say("someone in the role acts (--by), or the policy gives {by} the role", by=actor.by))


def submit(ledger: Ledger, document: YamlDocument, problem_id: str, note: str | None, evidence: list[dict],
           actor: Actor, policy: Policy) -> str:
    """申请销号: the unit submits the closure with its evidence; the closure gates apply as to `close`."""
    review = steps_of(policy)
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{id} is already closed (on {date})", id=problem_id,
                                date=problem.closed.date if problem.closed else "?"))
    if problem.review is not None:
        pending = review.pending(problem.review.approvals)
        raise RefusedChange(say("{id} was submitted on {date} and awaits {step}", id=problem_id, date=problem.review.submitted,
                                step=pending.name if pending else "?"),
                            hint=say("a step returns it (rectify return) before the unit submits again"))
    check_closable(ledger, problem, evidence, actor, say("submission"))
    block = {"submitted": actor.date, "by": actor.by, "was": problem.status, "note": note, "evidence": evidence}
    block = {key: value for key, value in block.items() if value is not None}
    document.set(("problems", index, "status"), "under-review")
    document.set(("problems", index, "review"), block)
    record_entry(document, index, problem, actor, "submitted", reason=note)
    first = review.pending([])
    return say("{id} submitted for closure on {date} (申请销号); it awaits {step}", id=problem_id, date=actor.date,
               step=first.name if first else "?")


def approve(ledger: Ledger, document: YamlDocument, problem_id: str, step_id: str, note: str | None, actor: Actor,
            policy: Policy) -> str:
    """One step approves; the last required step's approval closes the problem on its date."""
    review = steps_of(policy)
    step = step_named(review, step_id)
    index, problem = find_problem(ledger, problem_id)
    _under_review(ledger, problem)
    submission = problem.review
    assert submission is not None
    done = {approval.step for approval in submission.approvals}
    if step.id in done:
        approval = next(a for a in submission.approvals if a.step == step.id)
        raise RefusedChange(say("{step} already approved {id} on {date} ({by})", step=step.name, id=problem_id,
                                date=approval.date, by=approval.by))
    before = review.steps[:review.steps.index(step)]
    waiting = [s for s in before if s.required and s.id not in done]
    if waiting:
        raise RefusedChange(say("{id} awaits {first} before {step}", id=problem_id, first=waiting[0].name, step=step.name),
                            hint=say("steps approve in the policy's order"))
    _check_role(policy, step, actor)
    check_date(ledger, problem, actor.date, actor, say("approval"))
    latest = max([submission.submitted] + [a.date for a in submission.approvals])
    if actor.date < latest:
        raise RefusedChange(say("approval date {date} is before the submission or an earlier approval ({latest})",
                                date=actor.date, latest=latest))
    record = {key: value for key, value in {"step": step.id, "date": actor.date, "by": actor.by, "note": note}.items()
              if value is not None}
    approvals = [*submission.approvals, Approval.model_validate(record)]
    document.append(("problems", index, "review", "approvals"), record, flow=False)
    subject = Closure(date=actor.date, by=actor.by, evidence=list(submission.evidence), approvals=[approvals[-1]])
    entry = record_entry(document, index, problem, actor, "approved", signed=(ledger.organisation.id, subject),
                  step=step.id, reason=note)
    pending = review.pending(approvals)
    if pending is not None:
        return say("{id}: {step} approved on {date}; it now awaits {next}", id=problem_id, step=step.name,
                   date=actor.date, next=pending.name)
    roles = list(dict.fromkeys(review.step(a.step).role if review.step(a.step) else a.step for a in approvals))  # type: ignore[union-attr]
    closure = {"date": actor.date, "by": actor.by, "verified_by": "、".join(roles),
               "evidence": [e.model_dump(mode="python", exclude_none=True) for e in submission.evidence],
               "submitted": submission.submitted,
               "approvals": [a.model_dump(mode="python", exclude_none=True) for a in approvals]}
    if problem.long_term is not None:
        document.delete(("problems", index, "long_term"))
    document.delete(("problems", index, "review"))
    document.set(("problems", index, "status"), "closed")
    if problem.label is not None:
        document.delete(("problems", index, "label"))
    document.set(("problems", index, "closed"), closure)
    # The chain continues from the approval just written: the closure entry follows it.
    chained = problem.model_copy(update={"history": [*problem.history, entry]})
    record_entry(document, index, chained, actor, "closed", signed=(ledger.organisation.id, Closure.model_validate(closure)))
    return say("{id}: {step} approved on {date}, the last required step: closed (对账销号)", id=problem_id,
               step=step.name, date=actor.date)


def return_closure(ledger: Ledger, document: YamlDocument, problem_id: str, step_id: str, reason: str, actor: Actor,
                   policy: Policy) -> str:
    """退回: a step returns the submission with its reasons; the problem goes back to the status it had."""
    review = steps_of(policy)
    step = step_named(review, step_id)
    index, problem = find_problem(ledger, problem_id)
    _under_review(ledger, problem)
    submission = problem.review
    assert submission is not None
    if any(approval.step == step.id for approval in submission.approvals):
        raise RefusedChange(say("{step} already approved {id}; a later step returns it", step=step.name, id=problem_id))
    _check_role(policy, step, actor)
    check_date(ledger, problem, actor.date, actor, say("return"))
    latest = max([submission.submitted] + [a.date for a in submission.approvals])
    if actor.date < latest:
        raise RefusedChange(say("return date {date} is before the submission or an earlier approval ({latest})",
                                date=actor.date, latest=latest))
    record = {"date": actor.date, "step": step.id, "by": actor.by, "reason": reason,
              "submission": submission.model_dump(mode="python", exclude_none=True)}
    document.append(("problems", index, "returns"), record, flow=False)
    document.delete(("problems", index, "review"))
    document.set(("problems", index, "status"), submission.was)
    record_entry(document, index, problem, actor, "returned", signed=(ledger.organisation.id, Return.model_validate(record)),
                  step=step.id, reason=reason, status=submission.was)
    return say("{id}: returned by {step} on {date} ({reason}); status {status} again, for the unit to act on",
               id=problem_id, step=step.name, date=actor.date, reason=reason, status=submission.was)

