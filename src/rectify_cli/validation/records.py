"""Checks of the records kept beside the problems: report submissions, supervision instruments, handovers.

These records are not problems, so they carry no history of their own: each carries a `hash`,
chained within its list as the history entries of a problem are (the first from a seed naming the
organisation and the list), and a reply or an acknowledgement chains from the record it answers.
A hand edit, a removal or a reordering breaks the chain (E-RECORD-CHAIN); a record naming a problem
the ledger does not have is E-RECORD-PROBLEM.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from rectify_cli.errors import say
from rectify_cli.suggest import did_you_mean

Finding = tuple[tuple, str, str, str]  # (path, code, message, hint)

# the answer nested in a record is not part of the record's own hash: it is added later and chains after it
NESTED = ("reply", "acknowledged")


def record_hash(previous: str, record: BaseModel) -> str:
    """First 16 hex of sha256 over the previous hash (or the list's seed) and the record's content."""
    content = record.model_dump(mode="json", exclude_none=True, exclude={"hash", *NESTED})
    payload = previous + "\n" + json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def seed(org_id: str, round_number: int | None, name: str) -> str:
    """The chain's start: `ORG/round N/submissions`, `ORG/round N/supervision`, `ORG/handovers`."""
    return f"{org_id}/round {round_number}/{name}" if round_number is not None else f"{org_id}/{name}"


def next_hash(records: Sequence[BaseModel], start: str, record: BaseModel) -> str:
    """The hash a new record appended after `records` carries."""
    previous = start
    for item in records:
        previous = getattr(item, "hash", None) or previous
    return record_hash(previous, record)


def _chain(records: Sequence[BaseModel], start: str, here: tuple, what: str) -> Iterator[Finding]:
    previous = start
    hint = say("restore it from git (git log -p) rather than editing it by hand; record changes with the commands")
    for index, record in enumerate(records):
        path = here + (index,)
        expected = record_hash(previous, record)
        if getattr(record, "hash", None) != expected:
            yield (path + ("hash",), "E-RECORD-CHAIN",
                   say("{what} {number} does not match its hash chain (it was edited, added by hand, removed or reordered)",
                       what=what, number=index + 1), hint)
        previous = getattr(record, "hash", None) or expected
        for name in NESTED:
            answer = getattr(record, name, None)
            if answer is not None and answer.hash != record_hash(previous, answer):
                yield (path + (name, "hash"), "E-RECORD-CHAIN",
                       say("{what} {number}: its {name} does not match its hash chain", what=what, number=index + 1,
                           name=name), hint)


def _future(day: dt.date, today: dt.date, path: tuple, what: str) -> Iterator[Finding]:
    if day > today:
        yield (path, "E-FUTURE-DATE", say("{what} dated {date}, after today ({today})", what=what, date=day, today=today), "")


def check_records(ledger, today: dt.date) -> Iterator[Finding]:
    org = ledger.organisation.id
    known = [problem.id for problem in ledger.problems]
    ids = set(known)
    for index, inspection in enumerate(ledger.inspections):
        here = ("inspections", index)
        yield from _chain(inspection.submissions, seed(org, inspection.round, "submissions"), here + ("submissions",),
                          say("submission"))
        yield from _chain(inspection.supervision, seed(org, inspection.round, "supervision"), here + ("supervision",),
                          say("instrument"))
        for number, submission in enumerate(inspection.submissions):
            yield from _future(submission.date, today, here + ("submissions", number, "date"), say("report submission"))
        seen: set[str] = set()
        for number, instrument in enumerate(inspection.supervision):
            path = here + ("supervision", number)
            if instrument.id in seen:
                yield (path + ("id",), "E-DUPLICATE-ID", say("instrument id {id!r} is used twice", id=instrument.id), "")
            seen.add(instrument.id)
            yield from _future(instrument.date, today, path + ("date",), instrument.kind)
            for place, problem_id in enumerate(instrument.problems):
                if problem_id not in ids:
                    yield (path + ("problems", place), "E-RECORD-PROBLEM",
                           say("{id} names problem {problem!r}, which is not in this ledger", id=instrument.id,
                               problem=problem_id), did_you_mean(problem_id, known))
            if instrument.reply_due is not None and instrument.reply_due < instrument.date:
                yield (path + ("reply_due",), "E-DATE-ORDER",
                       say("{id}: reply due {due}, before it was issued ({date})", id=instrument.id,
                           due=instrument.reply_due, date=instrument.date), "")
            if instrument.reply is not None:
                yield from _future(instrument.reply.date, today, path + ("reply", "date"), say("reply"))
                if instrument.reply.date < instrument.date:
                    yield (path + ("reply", "date"), "E-DATE-ORDER",
                           say("{id}: replied {reply}, before it was issued ({date})", id=instrument.id,
                               reply=instrument.reply.date, date=instrument.date), "")
    yield from _chain(ledger.handovers, seed(org, None, "handovers"), ("handovers",), say("handover"))
    for number, handover in enumerate(ledger.handovers):
        where = ("handovers", number)
        yield from _future(handover.date, today, where + ("date",), say("handover"))
        for place, problem_id in enumerate(handover.items):
            if problem_id not in ids:
                yield (where + ("items", place), "E-RECORD-PROBLEM",
                       say("handover {number} names problem {problem!r}, which is not in this ledger", number=number + 1,
                           problem=problem_id), did_you_mean(problem_id, known))
        if handover.acknowledged is not None:
            yield from _future(handover.acknowledged.date, today, where + ("acknowledged", "date"), say("acknowledgement"))
            if handover.acknowledged.date < handover.date:
                yield (where + ("acknowledged", "date"), "E-DATE-ORDER",
                       say("handover {number} acknowledged {ack}, before the handover ({date})", number=number + 1,
                           ack=handover.acknowledged.date, date=handover.date), "")
