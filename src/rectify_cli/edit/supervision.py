"""Between feedback and closure, written into a ledger: report submissions, supervision instruments and
their replies, handovers (新官理旧账) and their acknowledgements.

Each record is appended with its chain hash (validation/records.py); an instrument, its reply and a
handover that re-points `responsible` also append a history entry to every problem concerned, so the
problem's own chain says it was supervised or handed over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rectify_cli import figures
from rectify_cli.edit.operations import Actor, evidence_records, find_problem, find_round, history_entry
from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import (
    HANDOVER_ROLES,
    INSTRUMENT_KINDS,
    PERIOD_PATTERN,
    Acknowledgement,
    Handover,
    Instrument,
    Ledger,
    Policy,
    ProblemItem,
    Reply,
    Submission,
)
from rectify_cli.suggest import did_you_mean, with_suggestion
from rectify_cli.validation.records import next_hash, record_hash, seed
from rectify_cli.yamlio.splicer import YamlDocument


def _check_day(day: dt.date, actor: Actor, what: str, earliest: dt.date | None = None, since: str = "") -> None:
    if day > actor.today:
        raise RefusedChange(say("{what} date {day} is in the future (today is {today})", what=what, day=day,
                                today=actor.today))
    if earliest is not None and day < earliest:
        raise RefusedChange(say("{what} date {day} is before {since} ({start})", what=what, day=day, since=since,
                                start=earliest))


def _clean(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not None and value != []}


def _append_history(ledger: Ledger, document: YamlDocument, problem_ids: list[str], actor: Actor, did: str,
                    **fields) -> None:
    for problem_id in problem_ids:
        position, problem = find_problem(ledger, problem_id)
        document.append(("problems", position, "history"), history_entry(problem, actor, did, **fields), flow=True)


# --- 报送: the periodic progress report --------------------------------------------------------------


def submit_report(ledger: Ledger, document: YamlDocument, round_number: int, period: str, file: Path | None,
                  note: str | None, root: Path, actor: Actor) -> str:
    """`rectify submit-report`: record the report for `period` (2026-05 or 2026-Q3) submitted on the actor's date."""
    import re

    index = find_round(ledger, round_number)
    inspection = ledger.inspections[index]
    if not re.fullmatch(PERIOD_PATTERN, period):
        raise RefusedChange(say("--period {period!r} is not a month such as 2026-05 or a quarter such as 2026-Q3",
                                period=period))
    if any(s.period == period for s in inspection.submissions):
        raise RefusedChange(say("{org} already records the report for {period} of round {round}",
                                org=ledger.organisation.id, period=period, round=round_number),
                            hint=say("a report is recorded once; correct a mistaken one in git"))
    _check_day(actor.date, actor, say("submission"), inspection.feedback_on, say("the feedback"))
    values = _clean({"period": period, "date": actor.date, "by": actor.by,
                     "file": evidence_records([file], root)[0] if file is not None else None, "note": note})
    record = Submission.model_validate(values)
    values["hash"] = next_hash(inspection.submissions, seed(ledger.organisation.id, round_number, "submissions"),
                               record)
    document.append(("inspections", index, "submissions"), values, flow=True)
    return say("{org}: report for {period} of round {round} recorded as submitted on {date}",
               org=ledger.organisation.id, period=period, round=round_number, date=actor.date)


# --- 督办: instruments and replies -------------------------------------------------------------------


def _round_of(ledger: Ledger, problem_ids: list[str], round_number: int | None) -> int:
    rounds = {find_problem(ledger, problem_id)[1].round for problem_id in problem_ids}
    if round_number is None:
        if len(rounds) != 1:
            raise RefusedChange(say("the problems named are of rounds {rounds}: name the round with --round",
                                    rounds=", ".join(str(r) for r in sorted(rounds))))
        return rounds.pop()
    if rounds - {round_number}:
        raise RefusedChange(say("--problems names problems of round {rounds}, not of round {round}",
                                rounds=", ".join(str(r) for r in sorted(rounds - {round_number})), round=round_number))
    return round_number


def supervise(ledger: Ledger, document: YamlDocument, kind: str, issuer: str, to: str, problem_ids: list[str],
              reply_due: dt.date | None, note: str | None, round_number: int | None, actor: Actor) -> str:
    """`rectify supervise`: record an instrument sent on the actor's date; returns its new id (S<round>-<nnn>)."""
    if kind not in INSTRUMENT_KINDS:
        raise RefusedChange(say("--kind {kind!r} is not one of {kinds}", kind=kind, kinds=", ".join(INSTRUMENT_KINDS)),
                            hint=with_suggestion(did_you_mean(kind, list(INSTRUMENT_KINDS)), ""))
    if not problem_ids and round_number is None:
        raise RefusedChange(say("name the problems it concerns with --problems, or the round with --round"))
    problem_ids = list(dict.fromkeys(problem_ids))
    round_number = _round_of(ledger, problem_ids, round_number) if problem_ids else round_number
    assert round_number is not None
    index = find_round(ledger, round_number)
    inspection = ledger.inspections[index]
    _check_day(actor.date, actor, kind, inspection.feedback_on, say("the feedback"))
    if reply_due is not None and reply_due < actor.date:
        raise RefusedChange(say("--reply-due {due} is before the date it is issued ({date})", due=reply_due,
                                date=actor.date))
    numbers = [int(r.id.rsplit("-", 1)[1]) for r in inspection.supervision if r.id.rsplit("-", 1)[-1].isdigit()]
    new_id = f"S{round_number}-{max(numbers, default=0) + 1:03d}"
    values = _clean({"id": new_id, "kind": kind, "date": actor.date, "issuer": issuer, "to": to,
                     "problems": problem_ids, "reply_due": reply_due, "note": note, "by": actor.by})
    record = Instrument.model_validate(values)
    values["hash"] = next_hash(inspection.supervision, seed(ledger.organisation.id, round_number, "supervision"),
                               record)
    document.append(("inspections", index, "supervision"), values, flow=False)
    _append_history(ledger, document, problem_ids, actor, "supervised", reason=f"{kind} {new_id}: {issuer} → {to}")
    return new_id


def find_instrument(ledger: Ledger, instrument_id: str) -> tuple[int, int, Instrument]:
    known = []
    for index, inspection in enumerate(ledger.inspections):
        for number, record in enumerate(inspection.supervision):
            if record.id == instrument_id:
                return index, number, record
            known.append(record.id)
    raise RefusedChange(say("{org} records no instrument {id!r}", org=ledger.organisation.id, id=instrument_id),
                        hint=with_suggestion(did_you_mean(instrument_id, known),
                                             say("instruments: {known}", known=", ".join(known) or "-")))


def reply(ledger: Ledger, document: YamlDocument, instrument_id: str, summary: str, file: Path | None, root: Path,
          actor: Actor) -> str:
    """`rectify reply`: record the organisation's reply to an instrument on the actor's date."""
    index, number, record = find_instrument(ledger, instrument_id)
    if record.reply is not None:
        raise RefusedChange(say("{id} already has a reply (dated {date})", id=instrument_id, date=record.reply.date))
    _check_day(actor.date, actor, say("reply"), record.date, say("the instrument was issued"))
    values = _clean({"date": actor.date, "by": actor.by, "summary": summary,
                     "file": evidence_records([file], root)[0] if file is not None else None})
    values["hash"] = record_hash(record.hash or "", Reply.model_validate(values))
    document.set(("inspections", index, "supervision", number, "reply"), values, flow=True)
    _append_history(ledger, document, record.problems, actor, "replied", reason=f"{record.kind} {instrument_id}")
    late = record.reply_due is not None and actor.date > record.reply_due
    return (say("{id}: reply recorded on {date}, after it was due ({due})", id=instrument_id, date=actor.date,
                due=record.reply_due) if late else
            say("{id}: reply recorded on {date}", id=instrument_id, date=actor.date))


# --- 新官理旧账: handovers -----------------------------------------------------------------------------


def unfinished(ledger: Ledger, on: dt.date, policy: Policy) -> list[ProblemItem]:
    """Problems not rectified on `on` (unfinished and long-term): what a handover passes on."""
    return [problem for problem in ledger.problems
            if not (state := figures.problem_state(ledger, problem, on, policy)).rectified and state.in_count]


def statuses(ledger: Ledger, items: list[ProblemItem], on: dt.date) -> dict[str, str]:
    """Each item's status on `on`, for the handover list."""
    return {problem.id: figures.status_at(problem, on) for problem in items}


def _answers(problem: ProblemItem, role: str, name: str, secretary: str | None) -> bool:
    if role == "leader":
        return problem.responsible.leader == name
    if role == "person":
        return problem.responsible.person == name
    return True  # the secretary answers for every unfinished item (第一责任人)


def handover_items(ledger: Ledger, role: str, predecessor: str, on: dt.date, policy: Policy) -> list[ProblemItem]:
    return [p for p in unfinished(ledger, on, policy)
            if _answers(p, role, predecessor, ledger.organisation.secretary)]


@dataclass
class HandoverRequest:
    role: str
    predecessor: str
    successor: str
    repoint: bool
    annex: str | None      # the file the 交接清单 is written to, as the user named it


def handover(ledger: Ledger, document: YamlDocument, request: HandoverRequest, policy: Policy, actor: Actor) -> str:
    """`rectify handover`: record the change of post on the actor's date, with the items handed over; for a
    secretary, `organisation.secretary` becomes the successor; with `repoint`, each item's responsible
    leader or person becomes the successor, each with a `handed-over` history entry."""
    if request.role not in HANDOVER_ROLES:
        raise RefusedChange(say("--role {role!r} is not one of {roles}", role=request.role,
                                roles=", ".join(HANDOVER_ROLES)))
    if request.predecessor == request.successor:
        raise RefusedChange(say("--from and --to name the same person ({name})", name=request.successor))
    _check_day(actor.date, actor, say("handover"))
    secretary = ledger.organisation.secretary
    if request.role == "secretary" and secretary is not None and secretary != request.predecessor:
        raise RefusedChange(say("the ledger's secretary is {secretary}, not {name}", secretary=secretary,
                                name=request.predecessor), hint=say("--from names the secretary who leaves"))
    items = handover_items(ledger, request.role, request.predecessor, actor.date, policy)
    if request.role != "secretary" and not items:
        raise RefusedChange(say("{name} answers as {role} for no unfinished problem of {org}", name=request.predecessor,
                                role=request.role, org=ledger.organisation.id),
                            hint=with_suggestion(did_you_mean(request.predecessor, sorted(
                                {p.responsible.leader for p in ledger.problems} |
                                {p.responsible.person for p in ledger.problems})), ""))
    repoint = request.repoint and request.role != "secretary"
    values = _clean({"date": actor.date, "role": request.role, "predecessor": request.predecessor,
                     "successor": request.successor, "items": [p.id for p in items], "repointed": repoint or None,
                     "annex": request.annex, "by": actor.by})
    record = Handover.model_validate(values)
    values["hash"] = next_hash(ledger.handovers, seed(ledger.organisation.id, None, "handovers"), record)
    document.append(("handovers",), values, flow=False)
    if request.role == "secretary":
        document.set(("organisation", "secretary"), request.successor)
    if repoint:
        field = "leader" if request.role == "leader" else "person"
        for problem in items:
            position, _ = find_problem(ledger, problem.id)
            document.set(("problems", position, "responsible", field), request.successor)
            document.append(("problems", position, "history"),
                            history_entry(problem, actor, "handed-over", field=f"responsible.{field}",
                                          old=request.predecessor, new=request.successor,
                                          reason=f"handover {actor.date}"), flow=True)
    role = {"secretary": say("secretary"), "leader": say("responsible leader"),
            "person": say("responsible person")}[request.role]
    return say("{org}: handover of the {role} from {old} to {new} recorded on {date}, {count} item(s) handed over",
               org=ledger.organisation.id, role=role, old=request.predecessor, new=request.successor,
               date=actor.date, count=len(items))


def acknowledge(ledger: Ledger, document: YamlDocument, number: int | None, actor: Actor) -> str:
    """`rectify acknowledge`: the successor's acknowledgement of a handover (the latest unacknowledged one)."""
    waiting = [n for n, record in enumerate(ledger.handovers) if record.acknowledged is None]
    if number is None:
        if not waiting:
            raise RefusedChange(say("{org} has no handover awaiting acknowledgement", org=ledger.organisation.id))
        position = waiting[-1]
    else:
        position = number - 1
        if not 0 <= position < len(ledger.handovers):
            raise RefusedChange(say("{org} records {count} handover(s), not {number}", org=ledger.organisation.id,
                                    count=len(ledger.handovers), number=number))
    record = ledger.handovers[position]
    if record.acknowledged is not None:
        raise RefusedChange(say("handover {number} was already acknowledged on {date}", number=position + 1,
                                date=record.acknowledged.date))
    _check_day(actor.date, actor, say("acknowledgement"), record.date, say("the handover"))
    values = {"date": actor.date, "by": actor.by}
    values["hash"] = record_hash(record.hash or "", Acknowledgement.model_validate(values))
    document.set(("handovers", position, "acknowledged"), values, flow=True)
    return say("{org}: handover {number} ({old} → {new}) acknowledged by {by} on {date}", org=ledger.organisation.id,
               number=position + 1, old=record.predecessor, new=record.successor, by=actor.by, date=actor.date)


