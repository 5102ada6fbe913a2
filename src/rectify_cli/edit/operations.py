"""The editing operations on a ledger: preconditions (refusals), splices and history entries.

Each operation takes the validated ledger (to check what is allowed) and its YamlDocument (to
change the text without disturbing anything else), and returns the message for the user. The
transaction around it (lock, validate, atomic write) is write.py's; the commands are cli_edit.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from rectify_cli.dates import add_months, end_of_period, work_start
from rectify_cli.errors import RefusedChange, joined, say
from rectify_cli.model import Closure, Extension, HistoryEntry, Ledger, Policy, ProblemItem
from rectify_cli.signing import SIGNABLE, signable_word, signed_text, subject_of
from rectify_cli.suggest import did_you_mean, with_suggestion
from rectify_cli.validation.rules import category_named, closure_gaps, history_hash
from rectify_cli.yamlio.splicer import OneLinePerItem, YamlDocument


@dataclass
class Actor:
    """Who makes a change, when the command ran, and the business date of the event."""

    by: str
    at: dt.datetime
    date: dt.date
    today: dt.date
    sign: Callable[[bytes], dict] | None = None  # signs a closure's or extension's entry (signing.SshKeygenSigner)


def find_problem(ledger: Ledger, problem_id: str) -> tuple[int, ProblemItem]:
    """The problem of that exact id; another is never taken for it, only suggested (a typo, P7-01, Ｐ７－００１)."""
    for index, problem in enumerate(ledger.problems):
        if problem.id == problem_id:
            return index, problem
    known = ", ".join(p.id for p in ledger.problems[:12]) + (" ..." if len(ledger.problems) > 12 else "")
    suggestion = did_you_mean(problem_id, [p.id for p in ledger.problems])
    raise RefusedChange(say("{id} has no problem {problem_id!r}", id=ledger.organisation.id, problem_id=problem_id),
                        hint=with_suggestion(suggestion, say("problems: {known}", known=known) if known
                                             else say("add one with `rectify add-problem`")))


def find_category(policy: Policy, written: str) -> str:
    """`--category` as the id of a category of the policy (a refused change otherwise)."""
    return category_named(policy, written, "--category", RefusedChange)


def find_round(ledger: Ledger, round_number: int) -> int:
    for index, inspection in enumerate(ledger.inspections):
        if inspection.round == round_number:
            return index
    known = ", ".join(str(i.round) for i in ledger.inspections) or say("none")
    raise RefusedChange(say("{id} has not received round {round_number} (recorded: {known})", id=ledger.organisation.id, round_number=round_number, known=known),
                        hint=say("record it first: rectify add-round {id} --round {round_number} ...", id=ledger.organisation.id, round_number=round_number))


def check_date(ledger: Ledger, problem: ProblemItem, day: dt.date, actor: Actor, what: str) -> None:
    if day > actor.today:
        raise RefusedChange(say("{what} date {day} is in the future (today is {today})", what=what, day=day, today=actor.today))
    start = work_start(ledger, problem)  # the on-site period for an immediate problem (边巡边改)
    if start is not None and day < start:
        since = say("was found") if problem.found_on is not None else say("was fed back")
        raise RefusedChange(say("{what} date {day} is before {id} {since} ({start})", what=what, day=day, id=problem.id, since=since, start=start))


def history_entry(problem: ProblemItem, actor: Actor, did: str, **fields) -> dict:
    """A new history entry for `problem`, chained to the last hashed entry (or the problem id)."""
    previous = problem.id
    for entry in problem.history:
        if entry.hash is not None:
            previous = entry.hash
    values = {"at": actor.at, "by": actor.by, "did": did, "date": actor.date}
    values.update({key: value for key, value in fields.items() if value is not None})
    entry = HistoryEntry.model_validate(values)
    values["hash"] = history_hash(previous, entry)
    return values


def record_entry(document: YamlDocument, index: int, problem: ProblemItem, actor: Actor, did: str,
                 signed: tuple[str, BaseModel] | None = None, **fields) -> HistoryEntry:
    """Append a history entry; with `signed` (organisation id, the block the action wrote) and a signer, signed.
    Returns the entry, for a second entry on the same problem to chain from."""
    values = history_entry(problem, actor, did, **fields)
    if signed is not None and actor.sign is not None:
        org_id, subject = signed
        text = signed_text(org_id, problem.id, HistoryEntry.model_validate(values), subject)
        values["signature"] = actor.sign(text)
    document.append(("problems", index, "history"), values, flow=True)
    return HistoryEntry.model_validate(values)


def sign(ledger: Ledger, document: YamlDocument, problem_id: str, entry_number: int | None, actor: Actor) -> str:
    """Add the signature of the person who acted to a closure or extension entry recorded unsigned."""
    if actor.sign is None:
        raise RefusedChange(say("nothing to sign with"), hint=say("name your key with --key"))
    index, problem = find_problem(ledger, problem_id)
    signable = [n for n, e in enumerate(problem.history) if e.did in SIGNABLE]
    if entry_number is None:
        unsigned = [n for n in signable if problem.history[n].signature is None]
        if not unsigned:
            raise RefusedChange(say("{problem_id} has no unsigned closure or extension to sign", problem_id=problem_id))
        position = unsigned[-1]
    else:
        position = entry_number - 1
        if not 0 <= position < len(problem.history):
            raise RefusedChange(say("{problem_id} has {counthistory} history entries, not {entry_number}", problem_id=problem_id, counthistory=len(problem.history), entry_number=entry_number))
        if position not in signable:
            raise RefusedChange(say("history entry {entry_number} of {problem_id} is {did!r}; only a closure or an extension is signed", entry_number=entry_number, problem_id=problem_id, did=problem.history[position].did))
    entry = problem.history[position]
    if entry.signature is not None:
        raise RefusedChange(say("history entry {entry} of {problem_id} is already signed ({key})", entry=position + 1, problem_id=problem_id, key=entry.signature.key))
    if entry.by != actor.by:
        raise RefusedChange(say("history entry {entry} of {problem_id} was recorded by {by}; only {by} signs it (you act as {actor})",
                                entry=position + 1, problem_id=problem_id, by=entry.by, actor=actor.by))
    text = signed_text(ledger.organisation.id, problem_id, entry, subject_of(problem, position))
    document.set(("problems", index, "history", position, "signature"), actor.sign(text))
    return say("{problem_id}: signed the {what} of history entry {entry}", problem_id=problem_id,
               what=signable_word(entry.did), entry=position + 1)


def next_problem_id(ledger: Ledger, round_number: int) -> str:
    """P<round>-<nnn>, one past the highest number ever used for the round (ids are never reused)."""
    prefix = f"P{round_number}-"
    used = [p.id for p in ledger.problems] + [p.repeat_of or "" for p in ledger.problems]
    numbers = [int(i[len(prefix):]) for i in used if i.startswith(prefix) and i[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


# --- the organisation and its rounds -----------------------------------------------------------


def new_ledger_text(org_id: str, name: str, kind: str | None, secretary: str | None, parent: str | None) -> str:
    from rectify_cli.yamlio.splicer import render_scalar

    organisation = {"id": org_id, "name": name, "kind": kind, "secretary": secretary, "parent": parent}
    fields = ", ".join(f"{key}: {render_scalar(value)}" for key, value in organisation.items() if value)
    return (
        "# yaml-language-server: $schema=../schemas/ledger.schema.json\n"
        f"# {name} 巡视巡察整改台账 (rectification ledger), kept with `rectify`; see docs/format.md\n"
        f"organisation: {{{fields}}}\n"
        "inspections: []\n"
        "problems: []\n"
    )


def add_round(ledger: Ledger, document: YamlDocument, round_number: int, kind: str, feedback_on: dt.date,
              rectify_by: dt.date | None, period_months: int, term: int | None, team: str | None,
              actor: Actor, on_site: tuple[dt.date, dt.date] | None = None) -> str:
    if any(i.round == round_number for i in ledger.inspections):
        raise RefusedChange(say("{id} already records round {round_number}", id=ledger.organisation.id, round_number=round_number))
    if feedback_on > actor.today:
        raise RefusedChange(say("feedback date {feedback_on} is in the future (today is {today})", feedback_on=feedback_on, today=actor.today))
    end = rectify_by or add_months(feedback_on, period_months)
    if end < feedback_on:
        raise RefusedChange(say("end of the period {end} is before the feedback date {feedback_on}", end=end, feedback_on=feedback_on))
    if on_site is not None and not on_site[0] <= on_site[1] <= feedback_on:
        raise RefusedChange(say("the on-site period {on_site}..{on_site2} must end on or before the feedback date {feedback_on}, and start before it ends", on_site=on_site[0], on_site2=on_site[1], feedback_on=feedback_on))
    inspection = {"round": round_number, "term": term, "kind": kind, "team": team,
                  "feedback_on": feedback_on, "rectify_by": end,
                  "on_site": {"start": on_site[0], "end": on_site[1]} if on_site is not None else None}
    document.append(("inspections",), {k: v for k, v in inspection.items() if v is not None}, flow=False)
    return say("round {round_number} recorded for {id}: feedback {feedback_on}, period ends {end}", round_number=round_number, id=ledger.organisation.id, feedback_on=feedback_on, end=end)


# --- problems and measures ---------------------------------------------------------------------


def add_problem(ledger: Ledger, document: YamlDocument, round_number: int, category: str, summary: str,
                leader: str, unit: str, person: str, deadline: dt.date | None, immediate: bool, common: bool,
                source: str | None, repeat_of: str | None, found_on: dt.date | None, actor: Actor,
                period_months: int) -> str:
    round_index = find_round(ledger, round_number)
    inspection = ledger.inspections[round_index]
    start = found_on or inspection.feedback_on
    if found_on is not None and found_on > actor.today:
        raise RefusedChange(say("--found-on {found_on} is after today ({today})", found_on=found_on, today=actor.today))
    if deadline is None:
        deadline = end_of_period(inspection, period_months)
    if deadline < start:
        raise RefusedChange(say("deadline {deadline} is before the problem was fed back ({start})", deadline=deadline, start=start))
    if repeat_of is not None:
        find_problem(ledger, repeat_of)
    new_id = next_problem_id(ledger, round_number)
    problem = {
        "id": new_id, "round": round_number, "category": category, "summary": summary, "source": source,
        "common": True if common else None, "immediate": True if immediate else None, "repeat_of": repeat_of,
        "found_on": found_on,
        "responsible": {"leader": leader, "unit": unit, "person": person},
        "deadline": deadline, "status": "open",
    }
    problem = {key: value for key, value in problem.items() if value is not None}
    draft = ProblemItem.model_validate({**problem, "history": []})
    problem["history"] = OneLinePerItem([history_entry(draft, actor.__class__(actor.by, actor.at, start, actor.today),
                                                       "added", deadline=deadline)])
    document.append(("problems",), problem, flow=False)
    return new_id


def add_measure(ledger: Ledger, document: YamlDocument, problem_id: str, text: str, owner: str, due: dt.date,
                actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is closed; reopen it first (rectify reopen) to add measures", problem_id=problem_id))
    numbers = [int(m.id[1:]) for m in problem.measures if m.id[:1] == "M" and m.id[1:].isdigit()]
    measure_id = f"M{max(numbers, default=0) + 1}"
    check_date(ledger, problem, actor.date, actor, say("measure"))
    document.append(("problems", index, "measures"),
                    {"id": measure_id, "text": text, "owner": owner, "due": due}, flow=True)
    record_entry(document, index, problem, actor, "measure-added", measure=measure_id)
    return measure_id


def measure_done(ledger: Ledger, document: YamlDocument, problem_id: str, measure_id: str, actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    for m_index, measure in enumerate(problem.measures):  # noqa: B007 - m_index is used after the loop
        if measure.id == measure_id:
            break
    else:
        known = ", ".join(m.id for m in problem.measures) or say("none")
        raise RefusedChange(say("{problem_id} has no measure {measure_id!r} (measures: {known})", problem_id=problem_id,
                                measure_id=measure_id, known=known),
                            hint=did_you_mean(measure_id, [m.id for m in problem.measures]))
    if measure.done_on is not None:
        raise RefusedChange(say("{problem_id}/{measure_id} was already done on {done_on}", problem_id=problem_id, measure_id=measure_id, done_on=measure.done_on))
    check_date(ledger, problem, actor.date, actor, say("completion"))
    document.set(("problems", index, "measures", m_index, "done_on"), actor.date)
    record_entry(document, index, problem, actor, "measure-done", measure=measure_id)
    return say("{problem_id}/{measure_id} done on {date}", problem_id=problem_id, measure_id=measure_id, date=actor.date)


def check_closable(ledger: Ledger, problem: ProblemItem, evidence: list[dict], actor: Actor, what: str) -> None:
    """The closure gates (rules.closure_gaps) as refusals, on `actor.date`: what `close` and a submission
    for review (申请销号) both refuse, before anything is written."""
    problem_id = problem.id
    gaps = closure_gaps(problem, actor.date, bool(evidence))
    kinds = {gap for gap, _ in gaps}
    if "no-measure" in kinds:
        raise RefusedChange(say("{problem_id} cannot be closed: it has no measure recorded", problem_id=problem_id),
                            hint=say("rectify add-measure {id} {problem_id} --text ... --owner ... --due ...", id=ledger.organisation.id, problem_id=problem_id))
    unfinished = [problem.measures[index] for gap, index in gaps if gap == "unfinished" and index is not None]
    if unfinished:
        names = joined([say("{id} {text} (due {due})", id=m.id, text=m.text, due=m.due) for m in unfinished], "; ")
        raise RefusedChange(say("{problem_id} cannot be closed: measure(s) not done: {names}", problem_id=problem_id, names=names),
                            hint=say("rectify done {id} {problem_id} {id2} --date ...", id=ledger.organisation.id, problem_id=problem_id, id2=unfinished[0].id))
    if "no-evidence" in kinds:
        raise RefusedChange(say("{problem_id} cannot be closed without evidence (佐证材料)", problem_id=problem_id),
                            hint=say("name at least one file with --evidence PATH, or a paper document with --paper TEXT"))
    check_date(ledger, problem, actor.date, actor, what)
    late = [problem.measures[index] for gap, index in gaps if gap == "late" and index is not None]
    if late:
        raise RefusedChange(say("{problem_id}: measure {id} was done on {done_on}, after the closure date {date}", problem_id=problem_id, id=late[0].id, done_on=late[0].done_on, date=actor.date))
    if "before-reopening" in kinds:
        raise RefusedChange(say("{problem_id} was reopened on {date}; the closure date must not be earlier", problem_id=problem_id, date=problem.reopened[-1].date))


def refuse_unreviewed(ledger: Ledger, problem: ProblemItem, day: dt.date, policy: Policy | None) -> None:
    """A closure in one step, refused where the policy reviews closures dated `day` in steps."""
    if policy is None or policy.review is None:
        return
    if policy.review.since is not None and day < policy.review.since:
        return
    first = policy.review.pending([])
    if problem.status == "under-review":
        waiting = policy.review.pending(problem.review.approvals) if problem.review is not None else None
        raise RefusedChange(say("{id} is under review; the review steps close it (next: {step})", id=problem.id,
                                step=waiting.name if waiting is not None else "?"),
                            hint=say("rectify approve {org} {id} --step STEP, or rectify return {org} {id} --step STEP --reason ...",
                                     org=ledger.organisation.id, id=problem.id))
    raise RefusedChange(say("the policy reviews closures in steps ({steps}): {id} is not closed in one step",
                            steps=" → ".join(step.name for step in policy.review.steps), id=problem.id),
                        hint=say("the unit submits it: rectify submit {org} {id} --evidence FILE; then {step} approves it",
                                 org=ledger.organisation.id, id=problem.id, step=first.name if first else "?"))


def close(ledger: Ledger, document: YamlDocument, problem_id: str, verified_by: str | None,
          evidence: list[dict], actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is already closed (on {value})", problem_id=problem_id, value=problem.closed.date if problem.closed else '?'))
    check_closable(ledger, problem, evidence, actor, "closure")
    closure = {"date": actor.date, "by": actor.by, "verified_by": verified_by, "evidence": evidence}
    closure = {key: value for key, value in closure.items() if value is not None}
    Closure.model_validate(closure)
    if problem.long_term is not None:
        document.delete(("problems", index, "long_term"))
    document.set(("problems", index, "status"), "closed")
    if problem.label is not None:
        document.delete(("problems", index, "label"))
    document.set(("problems", index, "closed"), closure)
    record_entry(document, index, problem, actor, "closed", signed=(ledger.organisation.id, Closure.model_validate(closure)))
    files = sum(1 for item in evidence if "path" in item)
    papers = say(" and {count} paper document(s)", count=len(evidence) - files) if files < len(evidence) else ""
    return say("{problem_id} closed on {date} (对账销号) with {files} evidence file(s){papers}", problem_id=problem_id, date=actor.date, files=files, papers=papers)


def reopen(ledger: Ledger, document: YamlDocument, problem_id: str, reason: str, actor: Actor,
           recheck: str | None = None) -> str:
    """Undo a closure, keeping it under `reopened`; `recheck` (inadequate, false) when a re-check found it."""
    index, problem = find_problem(ledger, problem_id)
    if problem.closed is None:
        raise RefusedChange(say("{problem_id} is not closed (status {status}); only a closed problem can be reopened", problem_id=problem_id, status=problem.status))
    if actor.date < problem.closed.date:
        raise RefusedChange(say("reopening date {date} is before the closure on {date2}", date=actor.date, date2=problem.closed.date))
    if actor.date > actor.today:
        raise RefusedChange(say("reopening date {date} is in the future (today is {today})", date=actor.date, today=actor.today))
    closure = problem.closed.model_dump(mode="python", exclude_none=True)
    record = {"date": actor.date, "by": actor.by, "reason": reason, "closed_on": problem.closed.date, "closure": closure}
    if recheck is not None:
        record["recheck"] = recheck
    document.append(("problems", index, "reopened"), record, flow=False)
    document.delete(("problems", index, "closed"))
    document.set(("problems", index, "status"), "open")
    record_entry(document, index, problem, actor, "reopened", reason=reason)
    return say("{problem_id} reopened on {date} (改后又犯); its closure is kept under `reopened`", problem_id=problem_id, date=actor.date)


def long_term(ledger: Ledger, document: YamlDocument, problem_id: str, review_by: dt.date, reason: str,
              actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is closed; reopen it before declaring it long-term", problem_id=problem_id))
    if review_by < actor.date:
        raise RefusedChange(say("review date {review_by} is before {date}", review_by=review_by, date=actor.date))
    check_date(ledger, problem, actor.date, actor, say("long-term"))
    # A renewed review keeps the date the problem became long-term: figures count from it.
    since = problem.long_term.since if problem.long_term is not None else actor.date
    block = {"since": since, "review_by": review_by, "reason": reason}
    if problem.status != "long-term":
        document.set(("problems", index, "status"), "long-term")
    document.set(("problems", index, "long_term"), block)
    record_entry(document, index, problem, actor, "long-term", to=review_by, reason=reason)
    return say("{problem_id} is long-term (需长期坚持) since {since}; next review by {review_by}", problem_id=problem_id, since=since, review_by=review_by)


def extend(ledger: Ledger, document: YamlDocument, problem_id: str, to: dt.date, reason: str, approved_by: str,
           actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is closed; a closed problem has no deadline to extend", problem_id=problem_id))
    current = max([problem.deadline] + [e.to for e in problem.extensions])
    if to <= current:
        raise RefusedChange(say("new deadline {to} does not move the deadline past {current}", to=to, current=current))
    check_date(ledger, problem, actor.date, actor, say("approval"))
    record = {"to": to, "reason": reason, "approved_by": approved_by, "date": actor.date}
    document.append(("problems", index, "extensions"), record, flow=True)
    record_entry(document, index, problem, actor, "extended", signed=(ledger.organisation.id, Extension.model_validate(record)),
            to=to, reason=reason)
    return say("{problem_id} deadline extended from {current} to {to} (approved by {approved_by})", problem_id=problem_id, current=current, to=to, approved_by=approved_by)


def set_status(ledger: Ledger, document: YamlDocument, problem_id: str, status: str, reason: str | None,
               label: str | None, actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    if status in ("closed", "long-term"):
        raise RefusedChange(say("use `rectify close`, `rectify reopen` or `rectify long-term` to set {status!r}", status=status))
    if status not in ("open", "basically-done"):
        raise RefusedChange(say("status {status!r} is not one of open, basically-done", status=status), hint=with_suggestion(
            did_you_mean(status, ["open", "basically-done"]),
            say("closed and long-term are set by `rectify close` and `rectify long-term`")))
    if problem.status in ("closed", "long-term"):
        raise RefusedChange(say("{problem_id} is {status}; use `rectify reopen` first", problem_id=problem_id, status=problem.status) if problem.status == "closed"
                            else say("{problem_id} is long-term; close it when done", problem_id=problem_id))
    check_date(ledger, problem, actor.date, actor, say("status"))
    document.set(("problems", index, "status"), status)
    if label is not None:
        document.set(("problems", index, "label"), label)
    record_entry(document, index, problem, actor, "status", status=status, reason=reason)
    return say("{problem_id} status {status} -> {status2}", problem_id=problem_id, status=problem.status, status2=status)


def hold_accountable(ledger: Ledger, document: YamlDocument, problem_id: str, person: str, post: str | None,
                     form: int, action: str, responsibility: str | None, actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    if form not in (1, 2, 3, 4):
        raise RefusedChange(say("form {form} is not one of the four forms (1-4)", form=form))
    check_date(ledger, problem, actor.date, actor, say("decision"))
    record = {"person": person, "post": post, "form": form, "action": action,
              "responsibility": responsibility, "date": actor.date}
    document.append(("problems", index, "accountability"),
                    {k: v for k, v in record.items() if v is not None}, flow=True)
    record_entry(document, index, problem, actor, "accountability", reason=f"{person}: {action}（第{form}种形态）")
    return say("{problem_id}: {person} held accountable, form {form} ({action})", problem_id=problem_id, person=person, form=form, action=action)


def set_outcomes(ledger: Ledger, document: YamlDocument, problem_id: str, rules_made: int | None,
                 funds_returned: Decimal | None, losses_recovered: Decimal | None, actor: Actor) -> str:
    index, problem = find_problem(ledger, problem_id)
    changes = {"rules_made": rules_made, "funds_returned": funds_returned, "losses_recovered": losses_recovered}
    changes = {key: value for key, value in changes.items() if value is not None}
    if not changes:
        raise RefusedChange(say("nothing to record: give --rules-made, --funds-returned or --losses-recovered"))
    if problem.outcomes is None:
        document.set(("problems", index, "outcomes"), changes)
    else:
        for key, value in changes.items():
            document.set(("problems", index, "outcomes", key), value)
    described = ", ".join(f"{key} {value}" for key, value in changes.items())
    record_entry(document, index, problem, actor, "outcomes", reason=described)
    return say("{problem_id} outcomes: {described}", problem_id=problem_id, described=described)


def record_survey(ledger: Ledger, document: YamlDocument, round_number: int, participants: int, satisfied: int,
                  basically_satisfied: int, dissatisfied: int, actor: Actor, replace: bool = False) -> str:
    index = find_round(ledger, round_number)
    existing = ledger.inspections[index].survey
    if existing is not None and not replace:
        raise RefusedChange(say("round {round_number} already has a survey (held {held_on}, {participants} participants)", round_number=round_number, held_on=existing.held_on, participants=existing.participants),
                            hint=say("pass --replace to replace it (git keeps the old one)"))
    survey = {"held_on": actor.date, "participants": participants, "satisfied": satisfied,
              "basically_satisfied": basically_satisfied, "dissatisfied": dissatisfied}
    if satisfied + basically_satisfied + dissatisfied > participants:
        raise RefusedChange(say("{value} answers from {participants} participants", value=satisfied + basically_satisfied + dissatisfied, participants=participants))
    document.set(("inspections", index, "survey"), survey)
    return say("survey of round {round_number} recorded: {value}/{participants} satisfied or basically satisfied", round_number=round_number, value=satisfied + basically_satisfied, participants=participants)


def record_evaluation(ledger: Ledger, document: YamlDocument, round_number: int, grade: str, score: int | None,
                      by: str | None, actor: Actor, replace: bool = False) -> str:
    index = find_round(ledger, round_number)
    existing = ledger.inspections[index].evaluation
    if existing is not None and not replace:
        raise RefusedChange(say("round {round_number} already has an evaluation ({grade}{date})", round_number=round_number,
                                grade=existing.grade, date=f", {existing.date}" if existing.date else ""),
                            hint=say("pass --replace to replace it (git keeps the old one)"))
    evaluation = {"score": score, "grade": grade, "by": by, "date": actor.date}
    if existing is not None and existing.scores:
        # the evaluators' scores stay: a grade replaced is checked against them (E-EVALUATION-GRADE)
        for key, value in evaluation.items():
            if value is not None:
                document.set(("inspections", index, "evaluation", key), value)
            elif getattr(existing, key) is not None:
                document.delete(("inspections", index, "evaluation", key))
    else:
        document.set(("inspections", index, "evaluation"), {k: v for k, v in evaluation.items() if v is not None})
    return say("evaluation of round {round_number} recorded: {grade}{score}", round_number=round_number, grade=grade,
               score=f" ({score})" if score is not None else "")


def record_score(ledger: Ledger, document: YamlDocument, round_number: int, indicator_id: str, points: Decimal,
                 note: str, by: str | None, policy: Policy, actor: Actor, replace: bool = False) -> str:
    """An evaluator's points for one indicator of the policy's evaluation scheme (评价打分), with the note that
    justifies them; the computed indicators are never typed in."""
    index = find_round(ledger, round_number)
    scheme = policy.evaluation
    if scheme is None:
        raise RefusedChange(say("the policy has no evaluation scheme, so there is no indicator {indicator!r} to score",
                                indicator=indicator_id),
                            hint=say("add evaluation: to ledgers/policy.yaml (docs/format.md), or record only "
                                     "--grade and --score"))
    scored = [i.id for i in scheme.indicators if i.computed is None]
    indicator = scheme.indicator(indicator_id)
    if indicator is None:
        raise RefusedChange(say("{indicator!r} is not an indicator of the policy's evaluation scheme",
                                indicator=indicator_id),
                            hint=did_you_mean(indicator_id, scored) or say("the scored indicators are {value}",
                                                                          value=", ".join(scored)))
    if indicator.computed is not None:
        raise RefusedChange(say("{indicator} is computed from the ledger ({measure}), not scored by an evaluator",
                                indicator=indicator_id, measure=indicator.computed),
                            hint=say("the scored indicators are {value}", value=", ".join(scored)))
    if points > indicator.points:
        raise RefusedChange(say("{indicator} scored {points} points, more than the {most} it is worth",
                                indicator=indicator_id, points=points, most=indicator.points))
    evaluation = ledger.inspections[index].evaluation
    record = {"indicator": indicator_id, "points": int(points) if points == int(points) else str(points),
              "by": by or actor.by, "date": actor.date, "note": note}
    here = ("inspections", index, "evaluation")
    if evaluation is None:
        document.set(here, {"scores": [record]}, flow=False)
    else:
        earlier = next((n for n, score in enumerate(evaluation.scores) if score.indicator == indicator_id), None)
        if earlier is not None and not replace:
            old = evaluation.scores[earlier]
            raise RefusedChange(say("{indicator} of round {round_number} is already scored ({points} points by {by}, "
                                    "{date})", indicator=indicator_id, round_number=round_number, points=old.points,
                                    by=old.by, date=old.date),
                                hint=say("pass --replace to replace it (git keeps the old one)"))
        if earlier is not None:
            document.set(here + ("scores", earlier), record, flow=False)
        else:
            document.append(here + ("scores",), record, flow=False)
    return say("{indicator} of round {round_number} scored: {points} of {most} points", indicator=indicator_id,
               round_number=round_number, points=points, most=indicator.points)


def record_disclosure(ledger: Ledger, document: YamlDocument, round_number: int, scope: str, sha256: str,
                      as_of: dt.date, figures: dict, where: str | None, actor: Actor) -> str:
    """整改情况公开: what was published, when, where and by whom, with the text's sha256 and the figures it stated
    for this organisation, so that a later change of the ledger contradicting them is reported."""
    index = find_round(ledger, round_number)
    if any(record.sha256 == sha256 for record in ledger.inspections[index].disclosures):
        raise RefusedChange(say("{org}: this text (sha256 {sha}…) is already recorded as published",
                                org=ledger.organisation.id, sha=sha256[:12]))
    stated = {name: (f"{value:.2f}" if isinstance(value, Decimal) else value) for name, value in figures.items()}
    record = {"date": actor.date, "by": actor.by, "scope": scope, "where": where, "sha256": sha256, "as_of": as_of,
              "figures": stated}
    document.append(("inspections", index, "disclosures"), {k: v for k, v in record.items() if v is not None},
                    flow=False)
    return say("{org}: publication of round {round_number} recorded (sha256 {sha}…)", org=ledger.organisation.id,
               round_number=round_number, sha=sha256[:12])


def evidence_records(paths: list[Path], root: Path, paper: list[str] | None = None) -> list[dict]:
    """Evidence as recorded: each file by its path in the repository (with '/') and its sha256, each paper
    document (纸质材料, a document number) by its text. A file that does not exist is refused, naming the
    near names found: a closure never points at nothing."""
    from rectify_cli.validation.evidence import missing_hint, record_path, resolve_inside, sha256_of

    records: list[dict] = []
    for typed in paths:
        if "\x00" in str(typed):  # the file system cannot even be asked about such a name
            raise RefusedChange(say("evidence path {typed!r} contains a NUL character: nothing was written", typed=str(typed)),
                                hint=say("type the path again, without control characters"))
        given = Path(str(typed).replace("\\", "/"))  # typed on Windows: evidence\jc-edu\P7-001.md
        if not given.is_absolute() and not given.exists() and ((root / given).exists() or not _inside(Path.cwd(), root)):
            given = root / given  # a path written relative to the repository, from elsewhere
        relative = record_path(root, given)
        real = resolve_inside(root, relative)
        if not real.exists():
            looked = say(" (looked for {path} in the repository)", path=relative) if relative != str(typed) else ""
            raise RefusedChange(say("evidence file {typed!r} does not exist{looked}: nothing was written", typed=str(typed), looked=looked),
                                hint=missing_hint(root, relative, say("check the name and the folder (ls evidence/).")))
        if not real.is_file():
            raise RefusedChange(say("evidence {typed!r} is not a file", typed=str(typed)),
                                hint=say("name the files in it, one --evidence each, or use close-claims --evidence-dir"))
        records.append({"path": relative, "sha256": sha256_of(real)})
    for text in paper or []:
        if not text.strip():
            raise RefusedChange(say("--paper: the paper document is blank"),
                                hint=say("say what it is and where it is kept, e.g. --paper \"〔2026〕12号 整改报告（纸质，存档于办公室）\""))
        records.append({"paper": text.strip()})
    return records


def _inside(folder: Path, root: Path) -> bool:
    real, real_root = folder.resolve(), root.resolve()
    return real == real_root or real_root in real.parents


def close_with(ledger: Ledger, document: YamlDocument, problem_id: str, verified_by: str | None,
               files: list[Path], paper: list[str], root: Path, actor: Actor, policy: Policy | None = None) -> str:
    """`rectify close`: the problem is looked up before its evidence, so an unknown id is the error named.
    Where the policy reviews closures in steps (from `review.since`), a closure is submitted and approved instead."""
    _, problem = find_problem(ledger, problem_id)
    if problem.status == "closed":
        raise RefusedChange(say("{problem_id} is already closed (on {value})", problem_id=problem_id, value=problem.closed.date if problem.closed else '?'))
    refuse_unreviewed(ledger, problem, actor.date, policy)
    return close(ledger, document, problem_id, verified_by, evidence_records(files, root, paper), actor)


# --- clues handed over (问题线索移交) ---------------------------------------------------------------


def add_clue(ledger: Ledger, document: YamlDocument, round_number: int, to: str, handed_on: dt.date,
             summary: str | None, actor: Actor) -> str:
    """Record a clue handed over during round `round_number`; returns its new id (C<round>-<nnn>)."""
    index = find_round(ledger, round_number)
    if handed_on > actor.today:
        raise RefusedChange(say("hand-over date {handed_on} is in the future (today is {today})", handed_on=handed_on, today=actor.today))
    prefix = f"C{round_number}-"
    used = [c.id[len(prefix):] for c in ledger.inspections[index].clues if c.id.startswith(prefix)]
    clue_id = f"{prefix}{max((int(n) for n in used if n.isdigit()), default=0) + 1:03d}"
    clue = {"id": clue_id, "handed_on": handed_on, "to": to, "summary": summary}
    # a new list is written in block style; a further clue matches the existing ones (one line each)
    document.append(("inspections", index, "clues"), {k: v for k, v in clue.items() if v is not None}, flow=None)
    return clue_id


def dispose_clue(ledger: Ledger, document: YamlDocument, clue_id: str, disposal: str, round_number: int | None,
                 actor: Actor) -> str:
    """Record how a clue was disposed of and the date it was settled (counts in the disposal rate from then)."""
    found = [(i, j, clue) for i, inspection in enumerate(ledger.inspections)
             if round_number is None or inspection.round == round_number
             for j, clue in enumerate(inspection.clues) if clue.id == clue_id]
    if not found:
        known = ", ".join(c.id for i in ledger.inspections for c in i.clues) or say("none")
        where = say(" in round {round_number}", round_number=round_number) if round_number is not None else ""
        raise RefusedChange(say("{org} has no clue {clue_id!r}{where} (clues: {known})", org=ledger.organisation.id,
                                clue_id=clue_id, where=where, known=known),
                            hint=did_you_mean(clue_id, [c.id for i in ledger.inspections for c in i.clues]))
    if len(found) > 1:
        rounds = ", ".join(str(ledger.inspections[i].round) for i, _, _ in found)
        raise RefusedChange(say("clue {clue_id!r} is recorded in rounds {rounds}; say which with --round", clue_id=clue_id, rounds=rounds))
    index, clue_index, clue = found[0]
    if clue.disposed_on is not None:
        raise RefusedChange(say("clue {clue_id} was already disposed of on {disposed_on} ({disposal})", clue_id=clue_id, disposed_on=clue.disposed_on, disposal=clue.disposal))
    if actor.date > actor.today:
        raise RefusedChange(say("disposal date {date} is in the future (today is {today})", date=actor.date, today=actor.today))
    if actor.date < clue.handed_on:
        raise RefusedChange(say("disposal date {date} is before the clue was handed over ({handed_on})", date=actor.date, handed_on=clue.handed_on))
    document.set(("inspections", index, "clues", clue_index, "disposal"), disposal)
    document.set(("inspections", index, "clues", clue_index, "disposed_on"), actor.date)
    return say("clue {clue_id} disposed of on {date}: {disposal}", clue_id=clue_id, date=actor.date, disposal=disposal)
