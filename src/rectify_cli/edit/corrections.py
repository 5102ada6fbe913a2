"""`rectify correct`: a mistyped value put right (更正), with its reason, recorded in the history.

A correction replaces a value the ledger records by mistake: a business date, an evidence path,
the summary, a measure's text or owner, a responsible person. It never moves a deadline (that is
`rectify extend`, with its approver) and never undoes a closure or a completion (that is
`rectify reopen`, counted as 改后又犯): those are events the figures count, not typing mistakes.
The history entry `did: corrected` names the field, the old and the new value and why; the
history check (validation/rules.py) then takes the corrected value as the recorded one.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rectify_cli.edit.operations import Actor, find_problem, history_entry
from rectify_cli.errors import RefusedChange, UnreadableInput, say
from rectify_cli.model import Evidence, Ledger, Measure, ProblemItem
from rectify_cli.yamlio.splicer import YamlDocument

Kind = Literal["date", "text", "evidence"]


@dataclass(frozen=True)
class CorrectableField:
    """A field `rectify correct` may put right: its name in the ledger, its kind, where it lives."""

    name: str
    kind: Kind
    of_measure: bool
    block: str | None = None  # the block that must be recorded for the field to exist: closed, claimed, long_term
    what: str = ""            # in words, for the messages

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


PROBLEM_FIELDS = {field.name: field for field in (
    CorrectableField("found_on", "date", False, what=say("the date it counts from (交办日期)")),
    CorrectableField("summary", "text", False, what=say("the problem as fed back (问题表现)")),
    CorrectableField("responsible.leader", "text", False, what=say("the responsible leader (责任领导)")),
    CorrectableField("responsible.unit", "text", False, what=say("the responsible unit (责任部门)")),
    CorrectableField("responsible.person", "text", False, what=say("the responsible person (责任人)")),
    CorrectableField("closed.date", "date", False, "closed", say("the closure date (销号日期)")),
    CorrectableField("closed.evidence", "evidence", False, "closed", say("an evidence file of the closure (佐证材料)")),
    CorrectableField("claimed.date", "date", False, "claimed", say("the date it was reported finished (自报完成日期)")),
    CorrectableField("long_term.since", "date", False, "long_term", say("the date it became long-term")),
)}
MEASURE_FIELDS = {field.name: field for field in (
    CorrectableField("text", "text", True, what=say("the measure (整改措施)")),
    CorrectableField("owner", "text", True, what=say("who carries it out (责任人)")),
    CorrectableField("done_on", "date", True, what=say("the completion date (完成日期)")),
    CorrectableField("evidence", "evidence", True, what=say("an evidence file of the measure (佐证材料)")),
)}
# Shorter names people type; each means one field.
PROBLEM_ALIASES = {"date": "closed.date", "evidence": "closed.evidence", "leader": "responsible.leader",
                   "unit": "responsible.unit", "person": "responsible.person"}
MEASURE_ALIASES = {"date": "done_on", "person": "owner"}


def _not_corrected(key: str, org: str, problem: str) -> str | None:
    """Why a field that only its own command changes is not corrected, and the command; None for another field."""
    deadline = say("a correction never moves a deadline: `rectify extend {org} {problem} --to DATE --reason ... "
                   "--approved-by ...` moves the problem's deadline, with its approver (申请延期)", org=org, problem=problem)
    closure = say("a correction never undoes a closure: `rectify reopen {org} {problem} --reason ...` does, and the "
                  "report counts it as a relapse (改后又犯); a wrong closure date is corrected with --field closed.date",
                  org=org, problem=problem)
    refusals = {
        "deadline": deadline,
        "extensions": deadline,
        "due": say("a measure's due date is its deadline, and {deadline}", deadline=deadline),
        "long_term.review_by": say("the review date is renewed by `rectify long-term {org} {problem} --review-by DATE "
                                   "--reason ...`", org=org, problem=problem),
        "status": say("a status is changed by `rectify close`, `rectify reopen`, `rectify long-term` or `rectify "
                      "set-status`, never by a correction; {closure}", closure=closure),
        "closed": closure,
        "reopened": say("a reopening is a relapse the report counts (改后又犯): it is not corrected"),
        "history": say("the history is never corrected: it is where corrections are recorded"),
        "id": say("an id is never changed: other files and the history refer to it"),
        "round": say("a problem's round is not corrected: add the problem to the right round and keep the ids"),
    }
    first = key.split(".", 1)[0]
    if key not in refusals and first in ("deadline", "extensions", "history", "reopened"):
        key = first  # deadline.x, history.3: the block's own refusal
    return refusals.get(key)


def field_named(name: str, of_measure: bool, org: str = "ORG", problem: str = "PROBLEM") -> CorrectableField:
    """The field `name` of a problem (or of a measure): UnreadableInput (exit 2) for a name that is none,
    RefusedChange (exit 1) for a field that only its own command changes (deadlines, closures)."""
    key = name.strip().replace("-", "_")
    fields, aliases = (MEASURE_FIELDS, MEASURE_ALIASES) if of_measure else (PROBLEM_FIELDS, PROBLEM_ALIASES)
    key = aliases.get(key, key)
    if key in fields:
        return fields[key]
    refused = _not_corrected(key, org, problem)
    if refused is not None:
        raise RefusedChange(say("--field {name}: {refusal}", name=name, refusal=refused))
    other, where = (PROBLEM_FIELDS, say("of the problem: leave out MEASURE")) if of_measure else (
        MEASURE_FIELDS, say("of a measure: name the measure after the problem, e.g. P7-001 M1"))
    if key in other:
        raise UnreadableInput(say("--field {name} is a field {where}", name=name, where=where))
    raise UnreadableInput(say("--field {name!r} is not a field a correction can change", name=name),
                          hint=say("fields of a problem: {problem_fields}; of a measure (give MEASURE): {measure_fields}",
                                   problem_fields=", ".join(PROBLEM_FIELDS), measure_fields=", ".join(MEASURE_FIELDS)))


@dataclass(frozen=True)
class Correction:
    """What `rectify correct` is asked to put right.

    `value` is a date for a date field, a text for a text field, and for an evidence field the new
    record ({path, sha256} as `evidence_records` makes it). `replacing` (--from) names the value to
    replace: required to pick one of several evidence files, a check of the current value otherwise.
    """

    problem: str
    field: CorrectableField
    value: dt.date | str | dict[str, Any]
    reason: str
    measure: str | None = None
    replacing: str | None = None


def correct(ledger: Ledger, document: YamlDocument, request: Correction, actor: Actor) -> str:
    """Put one value right and append its `corrected` history entry; returns the message for the user."""
    index, problem = find_problem(ledger, request.problem)
    base: tuple = ("problems", index)
    holder: ProblemItem | Measure = problem
    if request.measure is not None:
        m_index, holder = _find_measure(problem, request.measure)
        base += ("measures", m_index)
    field = request.field
    _require_block(ledger, problem, field)
    old_text: str | None
    if field.kind == "evidence":
        position, old, new = _evidence_change(problem, holder, request)
        document.set(base + field.path + (position,), new)
        old_text, new_text = old.path, str(new["path"])
    else:
        current = _current(holder, field)
        _check_value(problem, request, current, actor)
        document.set(base + field.path, request.value)
        old_text = None if current is None else _as_text(current)
        new_text = _as_text(request.value)
    entry = history_entry(problem, actor, "corrected", field=field.name, measure=request.measure,
                          old=old_text, new=new_text, reason=request.reason)
    document.append(("problems", index, "history"), entry, flow=True)
    name = f"{problem.id}/{request.measure}" if request.measure else problem.id
    return (say("{name}: {field} corrected from {old} to {new} (更正); the history records the old value and the reason", name=name, field=field.name, old=old_text if old_text is not None else say("(not set)"), new=new_text))


def evidence_record(given: str, root: Path) -> dict[str, Any]:
    """The new evidence record of a corrected path: the file must be there, its sha256 is recorded.

    A correction puts a wrong path right, so a path to no file is refused rather than recorded.
    """
    from rectify_cli.edit.operations import evidence_records

    record = evidence_records([Path(given.strip().replace("\\", "/"))], root)[0]
    if "sha256" not in record:
        raise RefusedChange(say("evidence {record!r} does not exist: a corrected path must name the file that is there", record=record['path']), hint=say("check the path under {root}; nothing was written", root=root))
    return record


def _find_measure(problem: ProblemItem, measure_id: str) -> tuple[int, Measure]:
    for m_index, measure in enumerate(problem.measures):
        if measure.id == measure_id:
            return m_index, measure
    known = ", ".join(m.id for m in problem.measures) or say("none")
    raise RefusedChange(say("{id} has no measure {measure_id!r} (measures: {known})", id=problem.id, measure_id=measure_id, known=known))


def _require_block(ledger: Ledger, problem: ProblemItem, field: CorrectableField) -> None:
    org = ledger.organisation.id
    if field.block == "closed" and problem.closed is None:
        raise RefusedChange(say("{id} is not closed (status {status}): it has no {what} to correct", id=problem.id, status=problem.status, what=field.what),
                            hint=say("a closure is recorded by `rectify close {org} {id} --evidence PATH`", org=org, id=problem.id))
    if field.block == "claimed" and problem.claimed is None:
        raise RefusedChange(say("{id} has no claim of completion (自报完成) to correct", id=problem.id),
                            hint=say("a claim is recorded by `rectify claim {org} {id}`", org=org, id=problem.id))
    if field.block == "long_term" and problem.long_term is None:
        raise RefusedChange(say("{id} is not long-term: it has no {what} to correct", id=problem.id, what=field.what),
                            hint=say("`rectify long-term {org} {id} --review-by DATE --reason ...` declares it", org=org, id=problem.id))


def _current(holder: ProblemItem | Measure, field: CorrectableField) -> Any:
    value: Any = holder
    for step in field.path:
        value = getattr(value, step, None)
    return value


def _check_value(problem: ProblemItem, request: Correction, current: Any, actor: Actor) -> None:
    field, value = request.field, request.value
    name = f"{problem.id}/{request.measure}" if request.measure else problem.id
    if field.name == "done_on" and current is None:
        raise RefusedChange(say("{name} is not done: there is no completion date to correct", name=name),
                            hint=say("a completion is recorded by `rectify done ORG PROBLEM MEASURE --date DATE`"))
    if request.replacing is not None and _as_text(current) != request.replacing.strip():
        raise RefusedChange(say("{name}: {field} is {value}, not {replacing!r} (--from); nothing was changed", name=name, field=field.name, value=_as_text(current) if current is not None else say("(not set)"), replacing=request.replacing))
    if current == value:
        raise RefusedChange(say("{name}: {field} is already {value}; a correction must change the value", name=name, field=field.name, value=_as_text(value)))
    if isinstance(value, dt.date) and value > actor.today:
        raise RefusedChange(say("{name}: {field} {value} is in the future (today is {today})", name=name, field=field.name, value=value, today=actor.today))


def _evidence_change(problem: ProblemItem, holder: ProblemItem | Measure,
                     request: Correction) -> tuple[int, Evidence, dict[str, Any]]:
    """Which evidence record is replaced (its index and old record) and the new record, keeping its note."""
    records = problem.closed.evidence if isinstance(holder, ProblemItem) and problem.closed else (
        holder.evidence if isinstance(holder, Measure) else [])
    name = f"{problem.id}/{request.measure}" if request.measure else problem.id
    if not records:
        raise RefusedChange(say("{name} records no evidence file to correct", name=name))
    paths = ", ".join(record.path or f"paper: {record.paper}" for record in records)
    if request.replacing is not None:
        wanted = _normal(request.replacing)
        found = [i for i, record in enumerate(records) if record.path is not None and _normal(record.path) == wanted]
        if not found:
            raise RefusedChange(say("{name} records no evidence {replacing!r} (--from)", name=name, replacing=request.replacing), hint=say("recorded: {paths}", paths=paths))
        position = found[0]
    elif len(records) == 1:
        position = 0
    else:
        raise RefusedChange(say("{name} records {countrecords} evidence files: say which one is wrong with --from PATH", name=name, countrecords=len(records)),
                            hint=say("recorded: {paths}", paths=paths))
    old = records[position]
    new = dict(request.value) if isinstance(request.value, dict) else {"path": str(request.value)}
    if old.path is not None and _normal(str(new["path"])) == _normal(old.path):
        raise RefusedChange(say("{name}: the evidence is already {path}; a correction must change the path", name=name, path=old.path))
    if old.note is not None:
        new["note"] = old.note
    return position, old, new


def _normal(path: str) -> str:
    """An evidence path compared as recorded: '/' for '\\', no './' or doubled separators."""
    return posixpath.normpath(path.strip().replace("\\", "/"))


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
