#!/usr/bin/env python3
"""Write the example ledgers of 江城市委巡察 (ledgers/<org>.yaml) and the evidence files they point to.

The committed YAML is the product; this script saves writing hash chains and sha256 sums by hand.
It is deterministic (times of day come from random.Random seeded with the problem id), so running
it again rewrites identical bytes. Run from the repository root:

    python scripts/make_examples.py            # write ledgers/*.yaml (not policy.yaml) and evidence/
    python scripts/make_examples.py --table    # also print the per-organisation figures at 2026-08-15

The figures printed by --table are computed here, independently of rectify's own report code, so
that the report can be checked against them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rectify_cli.model import Acknowledgement, Handover, HistoryEntry, Instrument, Reply, Submission  # noqa: E402
from rectify_cli.validation.records import record_hash, seed  # noqa: E402
from rectify_cli.validation.rules import history_hash  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2026, 11, 24)
CONSEQUENCE_DATE = dt.date(2026, 8, 15)   # end of round 7's concentrated period
WARNING_DATE = dt.date(2026, 12, 1)       # the as-of date docs use for due-soon warnings

ROUND7 = dict(round=7, term=11, kind="regular", feedback_on="2026-05-15", rectify_by="2026-08-15")
ROUND4 = dict(round=4, term=11, kind="regular", feedback_on="2025-03-10", rectify_by="2025-06-10")


def d(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


# ---------------------------------------------------------------------------------------------
# Specs: a compact way to write the problems; build() expands them into ledger documents.


@dataclass
class M:
    text: str
    owner: str
    due: str
    done: str | None = None
    added: str | None = None        # a measure added later (after a reopening): measure-added entry
    evidence: str | None = None     # note of an evidence file for this measure
    planned: str | None = None      # the day its milestones were planned (rectify milestone)
    milestones: list[tuple[str, str, str | None]] = field(default_factory=list)   # (text, due, done)
    progress: list[tuple] = field(default_factory=list)   # (date, done, next, obstacles, support, percent)


@dataclass
class P:
    id: str
    category: str
    summary: str
    responsible: tuple[str, str, str]
    deadline: str
    measures: list[M]
    closed: str | None = None                     # final closure date
    evidence: str = "整改销号审批表"               # what the closure evidence file is
    verified_by: str | None = None                # overrides the organisation's verifier
    extensions: list[tuple[str, str, str, str]] = field(default_factory=list)   # (to, reason, approved_by, date)
    reopened: list[tuple[str, str, str]] = field(default_factory=list)          # (date, reason, closed_on)
    long_term: list[tuple[str, str, str]] = field(default_factory=list)         # (date, review_by, reason)
    basically: str | None = None                  # date set to basically-done (基本完成)
    immediate: bool = False
    common: bool = False
    repeat_of: str | None = None
    found_on: str | None = None
    source: str | None = None
    label: str | None = None
    notes: str | None = None
    comment: str | None = None                    # a YAML comment line above the problem
    outcomes: tuple[int, str, str] | None = None  # (rules_made, funds_returned, losses_recovered)
    accountability: list[tuple] = field(default_factory=list)  # (person, post, form, action, responsibility, date)
    # 销号审核: (submitted, by, [(step, date, by)], returned) with returned = (date, step, by, reason) or None;
    # the last one not returned is under review, or closed on its last approval when `closed` is set
    reviews: list[tuple] = field(default_factory=list)
    progress: list[tuple] = field(default_factory=list)   # (date, done, next, obstacles, support, percent)
    events: list[tuple[str, dict]] = field(default_factory=list)  # (date, entry): supervised, replied, handed-over
    # 整改认定 (rectify partial / waive / dismiss): dicts of kind, date, approved_by, reason, expires, ground, remaining
    decisions: list[dict] = field(default_factory=list)
    requests: list[tuple[str, str, str]] = field(default_factory=list)   # 申请延期 pending: (date, to, reason)

    @property
    def round(self) -> int:
        return int(self.id[1:].split("-")[0])


@dataclass
class Org:
    id: str
    name: str
    kind: str
    secretary: str
    parent: str
    clerk: str
    verifier: str
    title: str                    # header comment
    inspections: list[dict]
    problems: list[P]
    # between feedback and closure (round 7 only): rectify submit-report, supervise/reply, handover/acknowledge
    submissions: list[tuple[str, str, str | None]] = field(default_factory=list)   # (period, date, file note)
    supervision: list[dict] = field(default_factory=list)   # kind, date, to, problems, reply_due, reply
    handovers: list[dict] = field(default_factory=list)     # date, role, predecessor, successor, repoint, acknowledged


# ---------------------------------------------------------------------------------------------
# YAML writing by hand: block style, flow mappings for measures and history, dates unquoted.

_PLAIN_UNSAFE = re.compile(r"[,\[\]{}#:&*!|>'\"%@`?]|^[-\s]|\s$")
_LOOKS_TYPED = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_.:eE+-]*|\.[0-9].*|\.(?:inf|Inf|INF|nan|NaN|NAN))$")


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Money):
        return json.dumps(str(value))
    text = str(value)
    if not text or _PLAIN_UNSAFE.search(text) or _LOOKS_TYPED.match(text):
        return json.dumps(text, ensure_ascii=False)
    return text


class Money(str):
    """An amount in yuan, always written as quoted text so that YAML keeps it exact."""


def flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in mapping.items()) + "}"


def nested_flow(value: object) -> str:
    """A mapping or list on one line, nested ones too: {period: 2026-05, file: {path: …, sha256: …}}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {nested_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(nested_flow(item) for item in value) + "]"
    return scalar(value)


def record_lines(record: dict, indent: int) -> list[str]:
    """A record as a block list item whose nested values (a reply, a list of ids) are on one line each."""
    pad = " " * indent
    return [f"{pad}{'- ' if number == 0 else '  '}{key}: {nested_flow(value)}"
            for number, (key, value) in enumerate(record.items())]


def block(mapping: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(block(value, indent + 2))
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                sub = block(item, indent + 4)
                lines.append(f"{pad}  - " + sub[0].lstrip())
                lines.extend(sub[1:])
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


# ---------------------------------------------------------------------------------------------


def at_times(org: Org, problem: P, dates: list[dt.date]) -> list[dt.datetime]:
    """Recording times: the business date (or a day later), office hours, strictly increasing."""
    rng = random.Random(f"{org.id}/{problem.id}")
    times = []
    previous = None
    for date in dates:
        lag = rng.choice((0, 0, 0, 1))
        day = date + dt.timedelta(days=lag)
        if day > TODAY:
            day = date
        moment = dt.datetime(day.year, day.month, day.day, rng.randint(9, 17), rng.randrange(0, 60, 1), 0, tzinfo=TZ)
        if previous is not None and moment <= previous:
            moment = previous + dt.timedelta(minutes=rng.randint(3, 25))
        times.append(moment)
        previous = moment
    return times


def history(org: Org, problem: P, start: dt.date, measure_ids: list[str]) -> list[dict]:
    events: list[tuple[dt.date, int, dict]] = [
        (start, 0, {"did": "added", "date": start, "deadline": d(problem.deadline)})]
    for to, reason, _approver, date in problem.extensions:
        events.append((d(date), 1, {"did": "extended", "date": d(date), "to": d(to), "reason": reason}))
    for measure_id, measure in zip(measure_ids, problem.measures):
        if measure.added:
            events.append((d(measure.added), 2, {"did": "measure-added", "date": d(measure.added), "measure": measure_id}))
        if measure.done:
            events.append((d(measure.done), 3, {"did": "measure-done", "date": d(measure.done), "measure": measure_id}))
        for number, (text, due, done) in enumerate(measure.milestones, 1):
            # the words `rectify milestone` records
            events.append((d(measure.planned), 2.5, {"did": "milestone-added", "date": d(measure.planned),
                                                     "measure": measure_id, "milestone": f"N{number}", "to": d(due),
                                                     "reason": text}))
            if done:
                events.append((d(done), 2.6, {"did": "milestone-done", "date": d(done), "measure": measure_id,
                                              "milestone": f"N{number}"}))
        for date, done, *_rest, percent in measure.progress:
            events.append((d(date), 2.7, {"did": "progress", "date": d(date), "measure": measure_id,
                                          "percent": percent, "reason": done}))
    for date, done, *_rest, percent in problem.progress:
        events.append((d(date), 2.8, {"did": "progress", "date": d(date), "percent": percent, "reason": done}))
    if problem.basically:
        events.append((d(problem.basically), 4, {"did": "status", "date": d(problem.basically),
                                                 "status": "basically-done", "reason": "主体工作已完成，剩余事项持续推进"}))
    for date, review_by, reason in problem.long_term:
        events.append((d(date), 5, {"did": "long-term", "date": d(date), "to": d(review_by), "reason": reason}))
    for person, _post, _form, action, _responsibility, date in problem.accountability:
        # the words `rectify accountability` records
        events.append((d(date), 6, {"did": "accountability", "date": d(date), "reason": f"{person}: {action}（第{_form}种形态）"}))
    for date, reason, closed_on in problem.reopened:
        events.append((d(closed_on), 7, {"did": "closed", "date": d(closed_on)}))
        events.append((d(date), 8, {"did": "reopened", "date": d(date), "reason": reason}))
    for submitted, by, approvals, returned in problem.reviews:
        events.append((d(submitted), 9, {"did": "submitted", "date": d(submitted), "by": by}))
        for step, date, approver in approvals:
            events.append((d(date), 10, {"did": "approved", "date": d(date), "by": approver, "step": step}))
        if returned:
            date, step, approver, reason = returned
            events.append((d(date), 11, {"did": "returned", "date": d(date), "by": approver, "step": step,
                                         "reason": reason, "status": status_before_review(problem)}))
    if problem.closed:
        closer = problem.reviews[-1][2][-1][2] if problem.reviews else None
        events.append((d(problem.closed), 12 if closer else 7,
                       {"did": "closed", "date": d(problem.closed), **({"by": closer} if closer else {})}))
    for date, content in problem.events:
        events.append((d(date), 9, {**content, "date": d(date)}))
    for decision in problem.decisions:   # the words `rectify partial`, `waive` and `dismiss` record
        events.append((d(decision["date"]), 13, {"did": decision["kind"], "date": d(decision["date"]),
                                                 "to": d(decision.get("expires")), "reason": decision["reason"]}))
    for date, to, reason in problem.requests:
        events.append((d(date), 14, {"did": "extension-requested", "date": d(date), "to": d(to), "reason": reason}))
    events.sort(key=lambda event: (event[0], event[1]))
    times = at_times(org, problem, [event[0] for event in events])
    entries = []
    previous = problem.id
    for moment, (_date, _order, content) in zip(times, events):
        entry = {"at": moment, "by": org.clerk, **{k: v for k, v in content.items() if v is not None}}
        entry["hash"] = history_hash(previous, HistoryEntry.model_validate(entry))
        previous = entry["hash"]
        entries.append(entry)
    return entries


def evidence_file(org: Org, problem: P, kind: str, name: str, lines: list[str]) -> dict:
    """Write one small evidence file and return its record (path and sha256)."""
    relative = f"evidence/{org.id}/{name}"
    body = [f"# {kind}（示例材料）", "", f"- 单位：{org.name}", f"- 问题：{problem.id} {problem.summary}", *lines, "",
            "> 本文件是 rectify 示例台账的虚构佐证材料，单位、人员和数字均为虚构。", ""]
    data = "\n".join(body).encode("utf-8")
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"path": relative, "sha256": hashlib.sha256(data).hexdigest(), "note": kind}


def start_of(org: Org, problem: P) -> dt.date:
    if problem.found_on:
        return d(problem.found_on)
    for inspection in org.inspections:
        if inspection["round"] == problem.round:
            return d(inspection["feedback_on"])
    raise SystemExit(f"{org.id} {problem.id}: no inspection for round {problem.round}")


def status_of(problem: P) -> str:
    if problem.closed:
        return "closed"
    if problem.decisions:
        return problem.decisions[-1]["kind"]
    if problem.reviews and problem.reviews[-1][3] is None:
        return "under-review"
    return status_before_review(problem)


def status_before_review(problem: P) -> str:
    if problem.long_term:
        return "long-term"
    if problem.basically:
        return "basically-done"
    return "open"


def problem_document(org: Org, problem: P) -> dict:
    start = start_of(org, problem)
    measure_ids = [f"M{index}" for index in range(1, len(problem.measures) + 1)]
    doc: dict = {"id": problem.id, "round": problem.round, "category": problem.category}
    if problem.common:
        doc["common"] = True
    if problem.immediate:
        doc["immediate"] = True
    if problem.repeat_of:
        doc["repeat_of"] = problem.repeat_of
    if problem.found_on:
        doc["found_on"] = d(problem.found_on)
    if problem.source:
        doc["source"] = problem.source
    doc["summary"] = problem.summary
    leader, unit, person = problem.responsible
    doc["responsible"] = {"leader": leader, "unit": unit, "person": person}
    doc["deadline"] = d(problem.deadline)
    if problem.extensions:
        doc["extensions"] = [{"to": d(to), "reason": reason, "approved_by": approver, "date": d(date)}
                             for to, reason, approver, date in problem.extensions]
    if problem.requests:
        doc["extension_requests"] = [{"date": d(date), "by": person, "to": d(to), "reason": reason}
                                     for date, to, reason in problem.requests]
    measures = []
    for measure_id, measure in zip(measure_ids, problem.measures):
        item = {"id": measure_id, "text": measure.text, "owner": measure.owner, "due": d(measure.due)}
        if measure.done:
            item["done_on"] = d(measure.done)
        if measure.milestones:
            item["milestones"] = [{"id": f"N{number}", "text": text, "due": d(due), **({"done_on": d(done)} if done else {})}
                                  for number, (text, due, done) in enumerate(measure.milestones, 1)]
        if measure.progress:
            item["progress"] = [progress_record(org, report) for report in measure.progress]
        measures.append(item)
        if measure.evidence:
            record = evidence_file(org, problem, measure.evidence, f"{problem.id}-{measure_id}.md", [
                f"- 措施：{measure_id} {measure.text}", f"- 责任人：{measure.owner}",
                f"- 完成日期：{measure.done}" if measure.done else f"- 完成时限：{measure.due}"])
            item["evidence"] = [record]
    doc["measures"] = measures
    status = status_of(problem)
    doc["status"] = status
    if problem.label:
        doc["label"] = problem.label
    if problem.decisions:
        doc["decisions"] = [{"kind": x["kind"], "date": d(x["date"]), "by": org.clerk, "approved_by": x["approved_by"],
                             "reason": x["reason"], **{k: (d(x[k]) if k == "expires" else x[k])
                                                        for k in ("expires", "ground", "remaining") if k in x}}
                            for x in problem.decisions]
    if problem.long_term:
        since = problem.long_term[0][0]
        doc["long_term"] = {"since": d(since), "review_by": d(problem.long_term[-1][1]), "reason": problem.long_term[0][2]}
    if problem.closed:
        done_lines = [f"  {index}. {measure.text}（{measure.owner}，{measure.done} 完成）"
                      for index, measure in enumerate(problem.measures, 1)]
        record = evidence_file(org, problem, problem.evidence, f"{problem.id}.md", [
            f"- 销号日期：{problem.closed}", f"- 验收单位：{problem.verified_by or org.verifier}", "- 整改措施：", *done_lines])
        doc["closed"] = {"date": d(problem.closed), "by": person, "verified_by": problem.verified_by or org.verifier,
                         "evidence": [record]}
        if problem.reviews:  # closed by the last required step's approval, as `rectify approve` writes it
            submitted, _by, approvals, _returned = problem.reviews[-1]
            doc["closed"].update({"by": approvals[-1][2], "verified_by": "、".join(REVIEW_ROLES[a[0]] for a in approvals),
                                  "submitted": d(submitted), "approvals": [approval(a) for a in approvals]})
    returns = []
    for number, (submitted, by, approvals, returned) in enumerate(problem.reviews, 1):
        if problem.closed and number == len(problem.reviews):
            break
        record = evidence_file(org, problem, "销号申请材料", f"{problem.id}-submission-{number}.md", [
            f"- 申请销号日期：{submitted}", f"- 申请人：{by}", "- 整改措施：",
            *(f"  {index}. {m.text}（{m.owner}，{m.done} 完成）" for index, m in enumerate(problem.measures, 1))])
        submission = {"submitted": d(submitted), "by": by, "was": status_before_review(problem), "evidence": [record]}
        if approvals:
            submission["approvals"] = [approval(a) for a in approvals]
        if returned:
            date, step, approver, reason = returned
            returns.append({"date": d(date), "step": step, "by": approver, "reason": reason, "submission": submission})
        else:
            doc["review"] = submission
    if returns:
        doc["returns"] = returns
    if problem.reopened:
        # As `rectify reopen` keeps it: the undone closure, with its evidence, under `reopened`.
        doc["reopened"] = []
        for number, (date, reason, closed_on) in enumerate(problem.reopened, 1):
            done = [m for m in problem.measures if m.done and d(m.done) <= d(closed_on)]
            record = evidence_file(org, problem, "整改销号审批表", f"{problem.id}-closure-{number}.md", [
                f"- 销号日期：{closed_on}（{date} 重新整改，本次销号撤销）", "- 整改措施：",
                *(f"  {index}. {m.text}（{m.owner}，{m.done} 完成）" for index, m in enumerate(done, 1))])
            closure = {"date": d(closed_on), "by": person, "verified_by": problem.verified_by or org.verifier,
                       "evidence": [record]}
            doc["reopened"].append({"date": d(date), "by": org.clerk, "reason": reason, "closed_on": d(closed_on),
                                    "closure": closure})
    if problem.outcomes:
        rules, funds, losses = problem.outcomes
        doc["outcomes"] = {"rules_made": rules, "funds_returned": Money(funds), "losses_recovered": Money(losses)}
    if problem.accountability:
        doc["accountability"] = []
        for person_held, post, form, action, responsibility, date in problem.accountability:
            record = {"person": person_held, "post": post, "form": form, "action": action}
            if responsibility:
                record["responsibility"] = responsibility
            record["date"] = d(date)
            doc["accountability"].append(record)
    if problem.progress:
        doc["progress"] = [progress_record(org, report) for report in problem.progress]
    if problem.notes:
        doc["notes"] = problem.notes
    doc["history"] = history(org, problem, start, measure_ids)
    return doc


REVIEW_ROLES = {"team": "巡察组", "office": "巡察办", "cosign": "纪委监委"}


def approval(spec: tuple[str, str, str]) -> dict:
    step, date, by = spec
    return {"step": step, "date": d(date), "by": by}
def progress_record(org: Org, report: tuple) -> dict:
    """A progress report as `rectify progress` writes it (by: who recorded it)."""
    date, done, next_step, obstacles, support, percent = report
    record = {"date": d(date), "by": org.clerk, "done": done, "next": next_step, "obstacles": obstacles,
              "support": support, "percent": percent}
    return {key: value for key, value in record.items() if value is not None}


def inspection_document(spec: dict) -> dict:
    doc = {}
    for key in ("round", "term", "kind", "team", "feedback_on", "rectify_by", "report_on"):
        if key in spec:
            value = spec[key]
            doc[key] = d(value) if key in ("feedback_on", "rectify_by", "report_on") else value
    if "survey" in spec:
        held_on, participants, satisfied, basically, dissatisfied = spec["survey"]
        doc["survey"] = {"held_on": d(held_on), "participants": participants, "satisfied": satisfied,
                         "basically_satisfied": basically, "dissatisfied": dissatisfied}
    if "evaluation" in spec:
        score, grade, by, date = spec["evaluation"]
        doc["evaluation"] = {"score": score, "grade": grade, "by": by, "date": d(date)}
        if spec.get("scores"):
            # 评价打分: the evaluator-scored indicators of the policy's example scheme (八查); the other
            # indicators are computed by the report, and score/grade above must agree with the total.
            doc["evaluation"]["scores"] = [
                {"indicator": indicator, "points": points, "by": EVALUATOR, "date": d(date), "note": note}
                for indicator, points, note in spec["scores"]]
    if spec.get("disclosures"):
        doc["disclosures"] = spec["disclosures"]
    if spec.get("clues"):
        doc["clues"] = []
        for clue_id, handed_on, to, summary, disposal, disposed_on in spec["clues"]:
            clue = {"id": clue_id, "handed_on": d(handed_on), "to": to, "summary": summary}
            if disposal:
                clue["disposal"] = disposal
            if disposed_on:
                clue["disposed_on"] = d(disposed_on)
            doc["clues"].append(clue)
    return doc


SUPERVISOR = "市委巡察工作领导小组办公室"
SUPERVISOR_CLERK = "林静"   # who records the instruments in the ledgers (巡察办)


def record_file(org: Org, kind: str, name: str, lines: list[str]) -> dict:
    """A report or reply as filed (a small Markdown file) and its record: path and sha256."""
    relative = f"evidence/{org.id}/{name}"
    body = [f"# {kind}（示例材料）", "", f"- 单位：{org.name}", *lines, "",
            "> 本文件是 rectify 示例台账的虚构材料，单位、人员和数字均为虚构。", ""]
    data = "\n".join(body).encode("utf-8")
    path = ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"path": relative, "sha256": hashlib.sha256(data).hexdigest()}


def _chained(records: list[dict], model, start: str) -> list[dict]:
    """Each record with its chain hash (and its nested reply or acknowledgement's), as rectify writes them."""
    previous = start
    for record in records:
        nested = {key: record.pop(key) for key in ("reply", "acknowledged") if key in record}
        record["hash"] = record_hash(previous, model.model_validate(record))
        previous = record["hash"]
        for key, answer in nested.items():
            answer["hash"] = record_hash(previous, (Reply if key == "reply" else Acknowledgement).model_validate(answer))
            record[key] = answer
    return records


def submissions_document(org: Org) -> list[dict]:
    records = []
    for period, date, note in org.submissions:
        record: dict = {"period": period, "date": d(date), "by": org.clerk}
        if note:
            record["file"] = record_file(org, note, f"report-{period}.md", [f"- 报送期次：{period}", f"- 报送日期：{date}"])
        records.append(record)
    return _chained(records, Submission, seed(org.id, 7, "submissions"))


def _problem(org: Org, problem_id: str) -> P:
    return next(p for p in org.problems if p.id == problem_id and p.round == 7)


def supervision_document(org: Org) -> list[dict]:
    """Round 7's instruments, each problem concerned given its `supervised` (and `replied`) history entry."""
    records = []
    for number, spec in enumerate(org.supervision, 1):
        instrument_id = f"S7-{number:03d}"
        record: dict = {"id": instrument_id, "kind": spec["kind"], "date": d(spec["date"]), "issuer": SUPERVISOR,
                        "to": spec["to"], "problems": spec["problems"]}
        if spec.get("reply_due"):
            record["reply_due"] = d(spec["reply_due"])
        record["by"] = SUPERVISOR_CLERK
        if spec.get("reply"):
            date, summary = spec["reply"]
            record["reply"] = {"date": d(date), "by": org.clerk, "summary": summary}
        for problem_id in spec["problems"]:
            problem = _problem(org, problem_id)
            problem.events.append((spec["date"], {"did": "supervised", "by": SUPERVISOR_CLERK,
                                                  "reason": f"{spec['kind']} {instrument_id}: {SUPERVISOR} → {spec['to']}"}))
            if spec.get("reply"):
                problem.events.append((spec["reply"][0], {"did": "replied", "reason": f"{spec['kind']} {instrument_id}"}))
        records.append(record)
    return _chained(records, Instrument, seed(org.id, 7, "supervision"))


def handovers_document(org: Org) -> list[dict]:
    """The handovers; with `repoint`, each item's responsible leader becomes the successor (a history entry each)."""
    records = []
    for spec in org.handovers:
        record: dict = {"date": d(spec["date"]), "role": spec["role"], "predecessor": spec["predecessor"],
                        "successor": spec["successor"], "items": spec["items"]}
        if spec.get("repoint"):
            record["repointed"] = True
            for problem_id in spec["items"]:
                problem = _problem(org, problem_id)
                leader, unit, person = problem.responsible
                problem.responsible = (spec["successor"], unit, person)
                problem.events.append((spec["date"], {"did": "handed-over", "reason": f"handover {spec['date']}",
                                                      "field": "responsible.leader", "old": leader,
                                                      "new": spec["successor"]}))
        record["by"] = org.clerk
        if spec.get("acknowledged"):
            record["acknowledged"] = {"date": d(spec["acknowledged"]), "by": spec["successor"]}
        records.append(record)
    return _chained(records, Handover, seed(org.id, None, "handovers"))


def ledger_text(org: Org) -> tuple[str, dict]:
    inspections = [inspection_document(spec) for spec in org.inspections]
    for inspection in inspections:
        if inspection["round"] == 7 and org.submissions:
            inspection["submissions"] = submissions_document(org)
        if inspection["round"] == 7 and org.supervision:
            inspection["supervision"] = supervision_document(org)
    handovers = handovers_document(org) if org.handovers else []
    secretary = org.handovers[-1]["successor"] if any(h["role"] == "secretary" for h in org.handovers) else org.secretary
    problems = [problem_document(org, problem) for problem in org.problems]
    document = {"version": 1,
                "organisation": {"id": org.id, "name": org.name, "kind": org.kind, "secretary": secretary,
                                 "parent": org.parent},
                "inspections": inspections, "problems": problems}
    if handovers:
        document["handovers"] = handovers
    lines = ["# yaml-language-server: $schema=../schemas/ledger.schema.json", *(f"# {line}" for line in org.title.splitlines()),
             "# 本台账为 rectify 的示例数据，单位、人员、数字均为虚构。", "version: 1", "organisation:"]
    lines += block(document["organisation"], 2)
    lines.append("inspections:")
    for inspection in inspections:
        label = {4: "# 第四轮巡察（2025年）", 7: "# 第七轮巡察（2026年，本届重点）"}.get(inspection["round"])
        if label:
            lines.append(f"  {label}")
        lines.extend(_inspection_lines(inspection))
    lines.append("problems:")
    current_round = None
    for spec, problem in zip(org.problems, problems):
        if problem["round"] != current_round:
            current_round = problem["round"]
            lines.append(f"  # ── 第{'四' if current_round == 4 else '七'}轮巡察反馈问题 ──")
        if spec.comment:
            lines.append(f"  # {spec.comment}")
        lines.extend(_problem_lines(problem))
    if handovers:
        lines.append("handovers:                 # 新官理旧账")
        for handover in handovers:
            lines.extend(record_lines(handover, 2))
    return "\n".join(lines) + "\n", document


def _inspection_lines(inspection: dict) -> list[str]:
    lines = []
    first = True
    for key, value in inspection.items():
        prefix = "  - " if first else "    "
        first = False
        if key == "clues":
            lines.append(f"{prefix}clues:               # 问题线索移交")
            for clue in value:
                lines.append(f"      - {flow(clue)}")
        elif key == "submissions":
            lines.append(f"{prefix}submissions:         # 定期报送")
            for item in value:
                lines.append(f"      - {nested_flow(item)}")
        elif key == "supervision":
            lines.append(f"{prefix}supervision:         # 督办情况")
            for item in value:
                lines.extend(record_lines(item, 6))
        elif isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            lines.extend(block(value, 6))
        elif key == "disclosures":
            lines.append(f"{prefix}disclosures:         # 整改情况公开 (rectify disclose --record)")
            lines.extend(block({"x": value}, 4)[1:])
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}")
    return lines


def _problem_lines(problem: dict) -> list[str]:
    lines = []
    first = True
    for key, value in problem.items():
        prefix = "  - " if first else "    "
        first = False
        if key in ("measures", "history", "extensions", "accountability", "progress"):
            lines.append(f"{prefix}{key}:")
            for item in value:
                nested = [k for k in ("evidence", "milestones", "progress") if k in item]
                head = {k: v for k, v in item.items() if k not in nested}
                text = flow(head)[:-1] + "".join(f", {k}: [" + ", ".join(flow(e) for e in item[k]) + "]" for k in nested) + "}"
                lines.append(f"      - {text}")
        elif key == "immediate":
            lines.append(f"{prefix}immediate: true               # 立行立改")
        elif key == "common":
            lines.append(f"{prefix}common: true                  # 共性问题")
        elif isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            lines.extend(block(value, 6))
        elif isinstance(value, list):
            lines.append(f"{prefix}{key}:")
            for item in value:
                sub = block(item, 8)
                lines.append("      - " + sub[0].lstrip())
                lines.extend(sub[1:])
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}")
    return lines


# ---------------------------------------------------------------------------------------------
# Figures computed here, by the definitions of the domain brief, to check the report against.


def effective_deadline(problem: P, on: dt.date) -> dt.date:
    deadline = d(problem.deadline)
    for to, _reason, _approver, date in problem.extensions:
        if d(date) <= on:
            deadline = max(deadline, d(to))
    return deadline


def closed_on(problem: P, on: dt.date) -> bool:
    """Closed at `on`: the latest closure or reopening dated on or before `on` decides."""
    events = [(d(closed), "closed") for _date, _reason, closed in problem.reopened]
    events += [(d(date), "reopened") for date, _reason, _closed in problem.reopened]
    if problem.closed:
        events.append((d(problem.closed), "closed"))
    state = "open"
    for date, what in sorted(events):
        if date <= on:
            state = what
    return state == "closed"


def status_at(problem: P, on: dt.date) -> str:
    if closed_on(problem, on):
        return "closed"
    decided = [x for x in problem.decisions if d(x["date"]) <= on]
    if decided and (decided[-1]["kind"] != "waived" or d(decided[-1]["expires"]) >= on):
        return decided[-1]["kind"]
    if problem.long_term and d(problem.long_term[0][0]) <= on:
        return "long-term"
    if problem.basically and d(problem.basically) <= on:
        return "basically-done"
    return "open"


def table(orgs: list[Org]) -> str:
    rows = ["| organisation | problems | closed | rate | unfinished | overdue | hanging | satisfaction | grade | consequences |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    on = CONSEQUENCE_DATE
    for org in orgs:
        problems = [p for p in org.problems if p.round == 7 and start_of(org, p) <= on
                    and status_at(p, on) != "dismissed"]
        closed = sum(1 for p in problems if closed_on(p, on))
        rate = Fraction(closed, len(problems))
        unfinished = len(problems) - closed
        overdue = sum(1 for p in problems if not closed_on(p, on) and effective_deadline(p, on) < on)
        hanging = sum(1 for p in problems if status_at(p, on) == "open"
                      and not any(m.done and d(m.done) <= on for m in p.measures))
        inspection = next(i for i in org.inspections if i["round"] == 7)
        _held, participants, satisfied, basically, _dis = inspection["survey"]
        satisfaction = Fraction(satisfied + basically, participants)
        grade = inspection["evaluation"][1]
        fired = []
        if rate <= Fraction(1, 2):
            fired.append("democratic-life-meeting")
        if unfinished >= 1:
            fired.append("self-examination")
        if satisfaction < Fraction(4, 5):
            fired.append("interview")
        if grade in ("不合格", "差"):
            fired.append("re-rectification")
        if overdue >= 3 or hanging >= 3:
            fired.append("warning-interview")
        rows.append(f"| {org.id} | {len(problems)} | {closed} | {closed}/{len(problems)} = {float(rate) * 100:.2f}% | "
                    f"{unfinished} | {overdue} | {hanging} | {satisfied + basically}/{participants} = "
                    f"{float(satisfaction) * 100:.2f}% | {grade} | {', '.join(fired) or '—'} |")
    return "\n".join(rows)


def warnings(orgs: list[Org], on: dt.date = WARNING_DATE) -> str:
    rows = ["| colour | days left | organisation | item | due | kind |", "|---|---|---|---|---|---|"]
    found = []
    for org in orgs:
        for problem in org.problems:
            if closed_on(problem, on):
                continue
            # A long-term item is watched by its review date; its original deadline is history.
            if problem.long_term and d(problem.long_term[0][0]) <= on:
                items = [(d(problem.long_term[-1][1]), problem.id, "review")]
            else:
                items = [(effective_deadline(problem, on), problem.id, "deadline")]
            for index, measure in enumerate(problem.measures, 1):
                if not measure.done:
                    items.append(_measure_warning(problem, index, measure, on))
            for due, item, kind in items:
                left = (due - on).days
                colour = "red" if left < 0 else "yellow" if left <= 10 else "green" if left <= 20 else None
                if kind == "behind plan":
                    colour = "yellow"   # the policy's warning_days.behind_plan: a milestone missed, the deadline not
                if colour:
                    found.append((left, colour, org.id, item, due, kind))
    for left, colour, org_id, item, due, kind in sorted(found, key=lambda row: (row[0], row[2], row[3])):
        rows.append(f"| {colour} | {left} | {org_id} | {item} | {due} | {kind} |")
    return "\n".join(rows)


def _measure_warning(problem: P, index: int, measure: M, on: dt.date) -> tuple[dt.date, str, str]:
    """A measure's warning by its plan: a milestone missed while the deadline is ahead, else the nearer of
    the next milestone and the deadline (milestones are planned on `measure.planned`)."""
    planned = [(number, d(due), d(done) if done else None) for number, (_text, due, done) in enumerate(measure.milestones, 1)
               if measure.planned and d(measure.planned) <= on]
    missed = [(number, due) for number, due, done in planned if due < on and (done is None or done > on)]
    ahead = [(due, number) for number, due, done in planned if due >= on and (done is None or done > on)]
    if missed and d(measure.due) >= on:
        return missed[0][1], f"{problem.id}/M{index}/N{missed[0][0]}", "behind plan"
    if ahead and min(ahead)[0] < d(measure.due):
        return min(ahead)[0], f"{problem.id}/M{index}/N{min(ahead)[1]}", "milestone"
    return d(measure.due), f"{problem.id}/M{index}", "measure"


def carry_over(orgs: list[Org]) -> str:
    rows = []
    for org in orgs:
        feedback7 = d(next(i for i in org.inspections if i["round"] == 7)["feedback_on"])
        for problem in org.problems:
            if problem.round < 7 and not closed_on(problem, feedback7):
                rows.append(f"- {org.id} {problem.id}: status now {status_of(problem)}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", action="store_true", help="print the figures at 2026-08-15 and the warnings at 2026-12-01")
    parser.add_argument("--check", action="store_true", help="validate what was written with rectify's own loader")
    arguments = parser.parse_args()
    for org in ORGS:
        text, document = ledger_text(org)
        (ROOT / "ledgers" / f"{org.id}.yaml").write_text(text, encoding="utf-8")
    _publish_example()
    for org in ORGS:
        text, document = ledger_text(org)
        (ROOT / "ledgers" / f"{org.id}.yaml").write_text(text, encoding="utf-8")
        if arguments.check:
            _check_roundtrip(org.id, text, document)
    if arguments.table:
        print(table(ORGS))
        print()
        print(warnings(ORGS))
        print()
        print(carry_over(ORGS))


PUBLISHED_ORGS = ("jc-cityinvest", "jc-hospital", "jc-university")
PUBLISHED_TEXT = ROOT / "published" / "round-7-2026-08-25.txt"


def _publish_example() -> None:
    """整改情况公开: the text `rectify disclose --round 7 --as-of 2026-08-15 --org …` makes for three organisations,
    written to published/ and recorded in their ledgers as published on 2026-08-25 (with its sha256 and figures),
    as `rectify disclose --record` does. The record changes no figure, so the text stays the same."""
    from rectify_cli import disclosure, figures
    from rectify_cli.validation.document import validate_text
    from rectify_cli.validation.policy_file import load_policy

    policy, _ = load_policy(ROOT / "ledgers")
    on = dt.date(2026, 8, 15)
    ledgers = []
    for org_id in PUBLISHED_ORGS:
        text = (ROOT / "ledgers" / f"{org_id}.yaml").read_text(encoding="utf-8")
        checked = validate_text(text, org_id, policy, dt.date(2026, 12, 2), org_id)
        ledgers.append(checked[0] if isinstance(checked, tuple) else checked.ledger)
    report = figures.round_report(ledgers, 7, on, policy, organisations=PUBLISHED_ORGS)
    made = disclosure.disclose(report, ledgers, policy, scope="organisation")
    assert not made.leaks, made.leaks
    PUBLISHED_TEXT.parent.mkdir(exist_ok=True)
    PUBLISHED_TEXT.write_text(made.text, encoding="utf-8")
    for org in ORGS:
        if org.id not in PUBLISHED_ORGS:
            continue
        stated = {name: (Money(f"{value:.2f}") if not isinstance(value, int) else value)
                  for name, value in made.figures[org.id].items()}
        record = {"date": d("2026-08-25"), "by": "市委巡察办", "scope": "organisation", "where": "江城日报",
                  "sha256": made.sha256, "as_of": on, "figures": stated}
        inspection = next(i for i in org.inspections if i["round"] == 7)
        inspection["disclosures"] = [record]


def _check_roundtrip(org_id: str, text: str, document: dict) -> None:
    """What YAML reads back must be exactly the document written (no quoting slip)."""
    from rectify_cli.yamlio import reader

    data, problems = reader.parse_text(text, org_id)
    if problems:
        raise SystemExit(f"{org_id}: {problems}")

    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, Money):
            return str(value)
        return value

    if data != plain(document):
        raise SystemExit(f"{org_id}: the YAML written does not read back as the document")


# ---------------------------------------------------------------------------------------------
# The data: 中共江城市委第十一届巡察 (fictional), round 4 (2025) and round 7 (2026).

CITY_OFFICE = "市委巡察工作领导小组办公室"
EVALUATOR = "市委巡察办整改检查组"

# ── 新河区委: round 7 rate exactly 50% (5/10); round 4 leaves two items unsettled (carry-over) ──
XINHE = Org(
    id="jc-xinhe", name="中共江城市新河区委员会", kind="district", secretary="陈建国", parent="中共江城市委员会",
    clerk="刘倩", verifier="市纪委监委第二监督检查室",
    title="中共江城市新河区委员会 巡察整改台账（三清单一台账）\n第四轮巡察 2025-03-10 反馈；第七轮巡察 2026-05-15 反馈，集中整改期至 2026-08-15",
    inspections=[
        dict(ROUND4, team="市委第二巡察组", report_on="2025-06-09",
             survey=("2025-06-06", 96, 70, 18, 8), evaluation=(83, "合格", CITY_OFFICE, "2025-06-09")),
        dict(ROUND7, team="市委第一巡察组", report_on="2026-08-14",
             survey=("2026-08-12", 128, 82, 28, 18), evaluation=(68, "基本合格", CITY_OFFICE, "2026-08-14")),
    ],
    problems=[
        P("P4-001", "party-building", "区委常委会会议“第一议题”学习后研究落实不够，学习与工作“两张皮”",
          ("王海涛", "区委办公室", "张伟"), "2025-06-10",
          [M("修订区委常委会会议“第一议题”学习制度，明确学习后研究部署环节", "张伟", "2025-04-30", "2025-04-22"),
           M("建立学习贯彻落实情况季度跟踪问效机制", "张伟", "2025-05-31", "2025-05-16")],
          closed="2025-05-20", evidence="区委常委会会议纪要", outcomes=(2, "0", "0")),
        P("P4-002", "strict-governance", "区纪委监委对同级党委监督偏软，对区直部门“一把手”日常监督不到位",
          ("赵明", "区纪委监委", "周鹏"), "2025-06-10",
          [M("制定同级监督重点事项清单", "周鹏", "2025-04-30", "2025-04-28"),
           M("对15个区直部门“一把手”开展廉政谈话", "周鹏", "2025-06-05", "2025-06-03")],
          closed="2025-06-05", evidence="廉政谈话记录汇总", outcomes=(1, "0", "0")),
        P("P4-003", "corruption-near-people", "农村集体资产资源租赁管理不规范，部分合同未经民主程序、租金明显偏低",
          ("孙洁", "区农业农村局", "李娜"), "2025-06-10",
          [M("对全区86个村集体资产租赁合同开展清查", "李娜", "2025-05-15", "2025-05-12"),
           M("对租金明显偏低的合同重新议价或依法终止", "李娜", "2025-06-05", "2025-06-02")],
          closed="2025-06-08", evidence="村集体资产合同清查报告", outcomes=(1, "0", "213000.00")),
        P("P4-004", "formalism", "督查检查考核过多过频，基层迎检负担重",
          ("王海涛", "区委督查室", "张伟"), "2025-06-10",
          [M("制定年度督查检查考核计划，压减督查检查事项", "张伟", "2025-04-25", "2025-04-21")],
          closed="2025-04-28", evidence="督查检查考核计划", outcomes=(1, "0", "0")),
        P("P4-005", "central-decisions", "耕地保护“非农化”整治不到位，6处违法占用耕地问题未整改",
          ("吴刚", "区自然资源分局", "钱磊"), "2025-06-10",
          [M("逐宗核查违法占用耕地图斑，制定一宗一策整治方案", "钱磊", "2025-05-20", "2025-05-18"),
           M("完成6处违法占地拆除复耕并通过验收", "钱磊", "2025-12-31", "2026-06-15", evidence="复耕验收单")],
          extensions=[("2025-12-31", "复耕需待秋收后实施，且需省级图斑核销", "市委巡察办", "2025-06-05")],
          closed="2026-06-20", evidence="耕地复耕验收报告",
          comment="逾期后于第七轮巡察期间才销号：第七轮反馈日（2026-05-15）时仍未结账"),
        P("P4-006", "grassroots-weak", "村级组织活动场所建设不达标，12个村活动场所面积不足或功能不全",
          ("黄丽", "区委组织部", "钟伟"), "2025-06-10",
          [M("制定村级组织活动场所三年提升计划", "钟伟", "2025-05-31", "2025-05-28"),
           M("完成12个村活动场所新建或改扩建", "钟伟", "2026-12-31")],
          long_term=[("2025-06-05", "2025-12-31", "涉及用地报批和建设资金，需分年度实施"),
                     ("2026-06-28", "2026-12-18", "第七轮巡察复查：已完成7个村，其余5个村继续推进")],
          label="需长期坚持"),
        P("P7-001", "central-decisions", "落实河湖长制不到位，新河沿线违法建设整治推进迟缓，12处问题点位未按期清零",
          ("吴刚", "区水利局", "何军"), "2026-08-15",
          [M("制定新河沿线违建整治攻坚方案，实行挂图作战", "何军", "2026-05-31", "2026-05-28"),
           M("完成12处点位拆除整治并复绿", "何军", "2026-08-10", "2026-08-08")],
          closed="2026-08-12", evidence="违建整治验收报告", outcomes=(1, "0", "0")),
        P("P7-002", "party-building", "区委理论学习中心组学习流于形式，专题研讨质量不高，调研成果转化不够",
          ("郑凯", "区委宣传部", "杨帆"), "2026-07-31",
          [M("修订区委理论学习中心组学习规则", "杨帆", "2026-06-15", "2026-06-10"),
           M("开展专题研讨4次，形成调研报告并推动转化", "杨帆", "2026-07-25", "2026-07-25")],
          closed="2026-07-30", evidence="区委理论学习中心组学习记录", outcomes=(1, "0", "0")),
        P("P7-003", "strict-governance", "履行全面从严治党主体责任不到位，对下级党组织“一把手”监督偏软",
          ("陈建国", "区委办公室", "张伟"), "2026-08-15",
          [M("出台加强对“一把手”和领导班子监督的实施办法", "张伟", "2026-07-15", "2026-07-15"),
           M("组织28个部门和乡镇（街道）“一把手”述责述廉", "张伟", "2026-08-10", "2026-08-05")],
          closed="2026-08-14", evidence="区委常委会会议纪要", outcomes=(1, "0", "0")),
        P("P7-004", "personnel", "干部人事档案审核不严，个别干部“三龄二历”认定有误",
          ("黄丽", "区委组织部", "钟伟"), "2026-06-15",
          [M("对全区科级干部人事档案开展专项审核", "钟伟", "2026-06-10", "2026-06-05"),
           M("对3名干部档案问题依规予以纠正", "钟伟", "2026-06-12", "2026-06-10")],
          immediate=True, source="巡察期间立行立改", closed="2026-06-12", evidence="干部档案专项审核报告",
          accountability=[("吴某某", "区委组织部干部监督科原科长", 1, "批评教育", "supervisory", "2026-06-08")]),
        P("P7-005", "formalism", "以会议落实会议、以文件落实文件，基层报表多、工作群多，“指尖上的形式主义”问题突出",
          ("王海涛", "区委办公室", "张伟"), "2026-08-15",
          [M("精简会议文件，区级会议和发文数量同比压减30%以上", "张伟", "2026-06-30", "2026-06-15"),
           M("清理规范面向基层的报表和政务工作群", "张伟", "2026-07-31", "2026-07-20")],
          common=True, source="共性问题", closed="2026-07-29", evidence="精简文件会议工作通报", outcomes=(2, "0", "0")),
        P("P7-006", "corruption-near-people", "农村集体“三资”管理不规范，部分村集体资产未经公开招租即续租，第四轮巡察指出的问题出现反弹",
          ("孙洁", "区农业农村局", "李娜"), "2026-07-31",
          [M("全面清查村集体资产资源合同", "李娜", "2026-07-20", "2026-07-20"),
           M("对27份不规范合同重新公开招租或依法终止", "李娜", "2026-10-31", "2026-10-20")],
          repeat_of="P4-003",
          extensions=[("2026-10-31", "涉及27份合同需逐一协商解除或重签，部分承租户已投入种植", "市委巡察办", "2026-07-28")],
          closed="2026-10-26", evidence="村集体资产公开招租结果公示", outcomes=(1, "0", "386000.00"),
          accountability=[("刘某某", "新河镇东岗村党支部书记", 1, "诫勉谈话", "main", "2026-08-20")],
          comment="改后又犯：重复第四轮 P4-003"),
        P("P7-007", "grassroots-weak", "部分村（社区）党组织软弱涣散，3个村党组织书记长期不在岗、组织生活不正常",
          ("黄丽", "区委组织部", "钟伟"), "2026-12-31",
          [M("调整不胜任现职的村党组织书记3名", "钟伟", "2026-07-15", "2026-07-01"),
           M("建立软弱涣散村党组织区级领导包联整顿机制并验收销号", "钟伟", "2026-12-31")],
          long_term=[("2026-08-10", "2026-12-05", "整顿转化需经一个完整考核周期，年底前验收")],
          label="需长期坚持"),
        P("P7-008", "previous-rectification", "上轮巡察反馈问题整改不彻底，第四轮巡察指出的2个问题至今未销号",
          ("王海涛", "区委巡察办", "赵倩"), "2026-08-31",
          [M("对第四轮巡察反馈问题逐项开展“回头看”", "赵倩", "2026-06-30", "2026-06-28"),
           M("推动剩余问题全部销号并报市委巡察办备案", "赵倩", "2026-08-31", "2026-11-05")],
          basically="2026-08-10", label="基本完成",
          notes="P4-005 已于 2026-06-20 销号；P4-006 转入长期整改，尚需验收",
          reviews=[("2026-11-06", "赵倩", [("team", "2026-11-09", "孙立")],
                    ("2026-11-12", "office", "周宁", "未附市委巡察办备案回执，P4-006长期整改验收材料不全")),
                   ("2026-11-20", "赵倩", [("team", "2026-11-23", "孙立")], None)]),
        P("P7-009", "party-leadership", "意识形态工作责任制落实不到位，对网络舆情研判处置不及时",
          ("郑凯", "区委宣传部", "杨帆"), "2026-07-31",
          [M("制定意识形态工作责任清单并逐级签订", "杨帆", "2026-06-30", "2026-06-20"),
           M("建立网络舆情监测研判处置机制，接入全市舆情监测平台", "杨帆", "2026-12-08", "2026-11-19")],
          extensions=[("2026-12-08", "全市网络舆情监测平台年底上线，需同步对接", "市委巡察办", "2026-07-25")],
          label="申请延期",
          reviews=[("2026-11-20", "杨帆", [], ("2026-11-23", "team", "孙立", "舆情监测平台尚未正式上线，缺接入测试报告"))]),
        P("P7-010", "corruption-near-people", "惠民惠农财政补贴资金“一卡通”发放监管不严，存在优亲厚友、冒领套取现象",
          ("孙洁", "区财政局", "林涛"), "2026-09-30",
          [M("开展惠民惠农补贴“一卡通”专项治理，逐户核对发放信息", "林涛", "2026-07-31", "2026-07-30"),
           M("追回违规发放补贴资金并公示", "林涛", "2026-09-30", "2026-11-10")],
          closed="2026-11-18", evidence="违规补贴资金追缴凭证", outcomes=(1, "128600.00", "0"),
          reviews=[("2026-11-12", "林涛", [("team", "2026-11-14", "孙立"), ("office", "2026-11-18", "周宁")], None)],
          accountability=[("郭某某", "新河镇柳湾村村委会主任", 2, "党内警告", "main", "2026-09-05")]),
    ],
)

# ── 市教育局党组: round 7 rate 4/9 (below 50%), 4 problems overdue at the end of the period ──
EDU = Org(
    id="jc-edu", name="中共江城市教育局党组", kind="department", secretary="周慧敏", parent="中共江城市委员会",
    clerk="何静", verifier="市纪委监委驻市教育局纪检监察组",
    title="中共江城市教育局党组 巡察整改台账\n第四轮巡察 2025-03-10 反馈；第七轮巡察 2026-05-15 反馈（问题线索 2 条已移交市纪委监委）",
    inspections=[
        dict(ROUND4, team="市委第三巡察组", report_on="2025-06-09",
             survey=("2025-06-05", 110, 78, 22, 10), evaluation=(81, "合格", CITY_OFFICE, "2025-06-09")),
        dict(ROUND7, team="市委第二巡察组", report_on="2026-08-14",
             survey=("2026-08-11", 142, 88, 30, 24), evaluation=(64, "基本合格", CITY_OFFICE, "2026-08-14"),
             clues=[("C7-001", "2026-05-20", "市纪委监委第四监督检查室", "反映某直属学校原总务主任在食堂采购中收受供应商财物",
                     "立案审查调查", "2026-09-18"),
                    ("C7-002", "2026-05-20", "市纪委监委驻市教育局纪检监察组", "反映局机关个别干部违规参与校外培训机构经营",
                     "谈话函询", None)]),
    ],
    problems=[
        P("P4-001", "party-leadership", "党组落实“第一议题”制度不严格，研究教育领域重大问题不够",
          ("周慧敏", "局办公室", "何静"), "2025-06-10",
          [M("修订党组工作规则和党组会议议事规则", "何静", "2025-05-15", "2025-05-12")],
          closed="2025-05-30", evidence="党组会议纪要", outcomes=(1, "0", "0")),
        P("P4-002", "corruption-near-people", "部分中小学违规向学生推荐、代购教辅资料",
          ("宋立群", "基础教育科", "曹阳"), "2025-06-10",
          [M("开展教辅资料征订专项检查", "曹阳", "2025-04-30", "2025-04-25"),
           M("清退违规代收费用", "曹阳", "2025-05-15", "2025-05-14")],
          closed="2025-05-15", evidence="教辅费用清退台账", outcomes=(1, "236400.00", "0")),
        P("P4-003", "formalism", "进校园活动过多过滥，冲击正常教学秩序",
          ("宋立群", "基础教育科", "曹阳"), "2025-06-10",
          [M("建立进校园事项白名单制度", "曹阳", "2025-05-31", "2025-05-26")],
          closed="2025-06-06", evidence="进校园事项白名单", outcomes=(1, "0", "0")),
        P("P4-004", "party-building", "直属学校党组织书记抓党建述职评议考核走过场",
          ("韩雪梅", "机关党委", "彭丽"), "2025-06-10",
          [M("完善述职评议考核办法，考核结果与评先评优挂钩", "彭丽", "2025-06-05", "2025-06-04")],
          closed="2025-06-09", evidence="述职评议考核办法", outcomes=(1, "0", "0")),
        P("P4-005", "personnel", "教师编制管理混乱，存在“在编不在岗”、借调人员长期不回原单位问题",
          ("韩雪梅", "人事科", "蒋涛"), "2025-06-10",
          [M("全面清理在编不在岗和长期借调人员", "蒋涛", "2025-05-31", "2025-05-20"),
           M("督促43名借调人员回原单位任教并建立借调审批制度", "蒋涛", "2025-12-31")],
          extensions=[("2025-12-31", "涉及学期中途调整，需待学年结束后统筹安排", "市委巡察办", "2025-06-03")],
          label="超期未完", comment="挂账：延期后仍未完成，第七轮巡察时未结账"),
        P("P7-001", "central-decisions", "落实“双减”政策不到位，对校外培训机构监管存在盲区，隐形变异培训时有发生",
          ("宋立群", "基础教育科", "曹阳"), "2026-08-15",
          [M("会同市场监管等部门开展校外培训机构联合执法检查", "曹阳", "2026-06-30", "2026-06-26"),
           M("建立隐形变异培训举报查处闭环机制", "曹阳", "2026-08-05", "2026-08-04")],
          closed="2026-08-10", evidence="联合执法检查通报", outcomes=(1, "0", "0")),
        P("P7-002", "formalism", "以会议落实会议、以文件落实文件，面向学校的检查评比和填表报数过多",
          ("周慧敏", "局办公室", "何静"), "2026-08-15",
          [M("清理面向中小学的检查评比事项，压减40%", "何静", "2026-06-30", "2026-06-22"),
           M("建立基层报表统一归口报送机制", "何静", "2026-07-15", "2026-07-15")],
          common=True, source="共性问题", closed="2026-07-20", evidence="减轻中小学教师负担清单", outcomes=(2, "0", "0")),
        P("P7-003", "corruption-near-people", "部分学校违规代收教辅资料费问题再次出现，第四轮巡察指出后整改不彻底",
          ("宋立群", "基础教育科", "曹阳"), "2026-06-15",
          [M("立即停止违规代收并全额清退", "曹阳", "2026-06-05", "2026-05-28"),
           M("对涉事学校负责人问责并全市通报", "曹阳", "2026-06-12", "2026-06-10")],
          immediate=True, repeat_of="P4-002", source="巡察期间立行立改",
          closed="2026-06-12", evidence="违规收费清退凭证汇总", outcomes=(0, "418200.00", "0"),
          accountability=[("王某某", "市第十五中学校长", 1, "通报批评", "main", "2026-06-10"),
                          ("李某某", "市实验小学校长", 1, "诫勉谈话", "main", "2026-06-10")],
          comment="改后又犯：重复第四轮 P4-002"),
        P("P7-004", "personnel", "中小学校长选拔任用程序不规范，个别校长任职资格审查把关不严",
          ("韩雪梅", "人事科", "蒋涛"), "2026-07-31",
          [M("修订中小学校长选拔任用办法", "蒋涛", "2026-06-30", "2026-06-28"),
           M("对近三年任用的校长开展任职资格复核", "蒋涛", "2026-07-31", "2026-07-29")],
          closed="2026-07-31", evidence="校长任职资格复核报告", outcomes=(1, "0", "0")),
        P("P7-005", "strict-governance", "对直属学校财务监管不力，学校食堂经费管理混乱、账实不符",
          ("谢国强", "财务审计科", "魏敏"), "2026-06-30",
          [M("对18所直属学校食堂开展专项审计", "魏敏", "2026-06-30", "2026-07-10"),
           M("推行食堂经费专户管理和大宗食材集中采购", "魏敏", "2026-09-20", "2026-09-20")],
          closed="2026-09-25", evidence="食堂专项审计报告", outcomes=(2, "0", "263450.00"),
          accountability=[("陈某某", "某直属学校原总务主任", 2, "党内严重警告", "main", "2026-09-15")],
          notes="超期完成：期满时仍在整改，2026-09-25 销号"),
        P("P7-006", "party-building", "直属学校党组织建设薄弱，“三会一课”等组织生活制度落实不到位",
          ("韩雪梅", "机关党委", "彭丽"), "2026-07-31",
          [M("对52所直属学校党组织开展全面体检", "彭丽", "2026-07-15", "2026-07-15"),
           M("整顿提升9个后进党组织", "彭丽", "2026-07-31", planned="2026-05-25",
             milestones=[("完成后进党组织排查认定", "2026-06-30", "2026-06-28"),
                         ("完成5个后进党组织整顿验收", "2026-07-20", None),
                         ("9个后进党组织全部整顿验收", "2026-07-31", None)],
             progress=[("2026-07-25", "已完成3个后进党组织整顿验收", "加快剩余6个党组织整顿", "部分学校书记刚调整到位", None, 40)])],
          label="超期未完",
          progress=[("2026-09-08", "又完成2个后进党组织整顿验收，累计5个", "10月底前完成其余4个", "暑期后师资调整影响组织生活开展",
                     "请机关党委派员驻校指导", 55),
                    ("2026-10-09", "累计完成7个后进党组织整顿验收", "11月中旬前完成最后2个", None, None, 75),
                    ("2026-11-06", "第8个党组织完成整顿验收，第9个已提交验收申请", "11月底前组织验收", None, None, 90)]),
        P("P7-007", "party-leadership", "党组落实“第一议题”制度不到位，研究部署教育领域重大事项不够",
          ("周慧敏", "局办公室", "何静"), "2026-06-30",
          [M("修订党组会议议事规则", "何静", "2026-06-30", "2026-06-25"),
           M("建立重大事项党组前置研究清单", "何静", "2026-10-31", "2026-10-25")],
          extensions=[("2026-10-31", "前置研究清单需经市委教育工委审定", "市委巡察办", "2026-09-01")],
          closed="2026-10-29", evidence="党组会议纪要", outcomes=(2, "0", "0"),
          comment="超期后才申请延期：集中整改期满时按逾期计"),
        P("P7-008", "previous-rectification", "第四轮巡察反馈的教师编制管理问题整改不彻底，借调人员仍未全部回原单位",
          ("韩雪梅", "人事科", "蒋涛"), "2026-07-31",
          [M("对第四轮巡察反馈问题开展整改“回头看”", "蒋涛", "2026-07-20", "2026-07-20"),
           M("完成剩余借调人员清理并建立长效管理制度", "蒋涛", "2026-12-08", planned="2026-11-05",
             milestones=[("剩余11名借调人员逐一谈话并明确返岗时间", "2026-11-15", "2026-11-13"),
                         ("印发借调人员管理办法（征求意见稿）", "2026-11-30", None),
                         ("借调人员全部返岗，管理办法正式印发", "2026-12-08", None)],
             progress=[("2026-11-13", "完成11名借调人员谈话，8人已确定返岗学校", "起草借调人员管理办法", None, None, 40),
                       ("2026-11-20", "8名借调人员已返岗任教；管理办法初稿已形成", "征求各直属学校意见后印发",
                        "3名借调人员所在单位工作尚未交接完毕", "请市委组织部协调借调单位", 60)])],
          extensions=[("2026-12-08", "需待秋季学期教学安排结束后调整", "市委巡察办", "2026-11-05")],
          label="申请延期"),
        P("P7-009", "central-decisions", "学生心理健康工作机制不健全，专职心理健康教师配备不足",
          ("宋立群", "体卫艺科", "沈琳"), "2026-12-31",
          [M("配齐中小学专职心理健康教师", "沈琳", "2026-12-31", planned="2026-08-12",
             milestones=[("专项招聘计划报市人社局审批", "2026-09-30", "2026-09-28"),
                         ("完成笔试、面试和体检", "2026-11-20", None),
                         ("新聘心理健康教师全部到岗", "2026-12-31", None)],
             progress=[("2026-09-28", "专项招聘计划（46名）已获市人社局批复", "10月中旬发布招聘公告", None, None, 30),
                       ("2026-10-30", "招聘公告已发布，报名312人，资格审查完成", "11月中旬组织笔试", None, None, 45),
                       ("2026-11-23", "笔试已完成，面试因考点调整推迟", "12月上旬完成面试和体检", "面试考官需从外市抽调",
                        "请市人社局协调面试考官", 55)]),
           M("建立学生心理健康监测预警平台", "沈琳", "2026-08-10", "2026-08-10")],
          long_term=[("2026-08-12", "2026-12-15", "心理健康教师招聘需纳入年度公开招聘计划")],
          label="需长期坚持"),
    ],
)

# ── 江城城投集团党委 (state-owned enterprise): 10/12; money, clues, accountability in all four forms ──
CITYINVEST = Org(
    id="jc-cityinvest", name="中共江城城市建设投资集团有限公司委员会", kind="enterprise", secretary="孙志强",
    parent="中共江城市国资委委员会", clerk="邓雪", verifier="市纪委监委驻市国资委纪检监察组",
    title="江城城投集团党委 巡察整改台账\n第七轮巡察 2026-05-15 反馈；集中整改期至 2026-08-15",
    inspections=[
        dict(ROUND7, team="市委第三巡察组", report_on="2026-08-14",
             survey=("2026-08-13", 150, 118, 24, 8), evaluation=(85, "合格", CITY_OFFICE, "2026-08-20"),
             # computed at 2026-08-15: ledger 20×10/12 = 16.67, on-time 10×10/10 = 10, overdue 5−0 = 5,
             # clues 10×1/3 = 3.33, satisfaction 15×142/150 = 14.20; with 36 scored: 85.20 → 合格
             scores=[("leadership", 9, "党委书记主持召开整改专题会6次，亲自审定整改方案；未明确整改专班人员分工"),
                     ("meetings", 5, "查阅党委会、专题会会议记录8份，均有研究整改事项"),
                     ("evidence", 9, "抽查佐证材料12份、实地查看项目工地3处，1处整改资料不全"),
                     ("mechanisms", 9, "修订工程招投标、资金出借等制度14项"),
                     ("innovation", 4, "建立工程项目“红黄绿”预警台账")],
             clues=[("C7-001", "2026-05-20", "市纪委监委第五监督检查室", "反映集团原副总经理在工程发包中收受好处",
                     "立案审查调查", "2026-09-28"),
                    ("C7-002", "2026-05-20", "市纪委监委驻市国资委纪检监察组", "反映下属置业公司违规对外出借资金",
                     "初步核实", None),
                    ("C7-003", "2026-06-03", "市纪委监委驻市国资委纪检监察组", "反映下属物业公司负责人违规发放福利",
                     "了结", "2026-07-20")]),
    ],
    problems=[
        P("P7-001", "party-leadership", "党委“把方向、管大局、保落实”作用发挥不充分，“三重一大”事项党委前置研究不规范",
          ("孙志强", "党委办公室", "邓雪"), "2026-08-15",
          [M("修订党委前置研究讨论重大经营管理事项清单", "邓雪", "2026-06-30", "2026-06-24"),
           M("对2025年以来“三重一大”事项决策程序逐项复核", "邓雪", "2026-07-25", "2026-07-22")],
          closed="2026-07-28", evidence="党委会议纪要", outcomes=(3, "0", "0")),
        P("P7-002", "state-assets", "工程项目招投标管理不规范，存在规避招标、化整为零和围标串标风险",
          ("郑宏", "工程管理部", "陆斌"), "2026-08-15",
          [M("对近三年127个工程项目招投标情况开展专项检查", "陆斌", "2026-07-15", "2026-07-10"),
           M("上线工程招投标全流程电子监管平台", "陆斌", "2026-08-10", "2026-08-06")],
          closed="2026-08-11", evidence="招投标专项检查报告", outcomes=(2, "0", "0"),
          accountability=[("许某某", "原工程管理部经理", 3, "撤销党内职务、降级", "main", "2026-08-03")]),
        P("P7-003", "strict-governance", "对领导人员监督不力，个别领导人员利用职权为亲属经营活动谋取利益",
          ("李红", "纪委", "石磊"), "2026-08-15",
          [M("开展领导人员亲属经商办企业专项清理", "石磊", "2026-06-30", "2026-06-28"),
           M("配合纪检监察机关追缴违纪违法所得", "石磊", "2026-08-05", "2026-08-01")],
          closed="2026-08-05", evidence="专项清理情况报告", outcomes=(1, "0", "5670000.00"),
          accountability=[("马某某", "原副总经理", 4, "严重违纪违法涉嫌受贿犯罪，立案审查调查并移送检察机关", None, "2026-07-16")]),
        P("P7-004", "eight-rules", "违反中央八项规定精神，违规发放津补贴、超标准公务接待",
          ("郑宏", "财务部", "韦芳"), "2026-06-15",
          [M("立即停止违规发放并全额清退", "韦芳", "2026-06-10", "2026-05-30"),
           M("修订公务接待和薪酬福利管理办法", "韦芳", "2026-06-15", "2026-06-08")],
          immediate=True, source="巡察期间立行立改", closed="2026-06-10", evidence="违规资金清退凭证",
          outcomes=(2, "1250000.00", "0"),
          accountability=[("黄某某", "财务部经理", 1, "诫勉谈话", "main", "2026-06-05"),
                          ("郑宏", "集团副总经理", 1, "批评教育", "leading", "2026-06-05")]),
        P("P7-005", "formalism", "以会议落实会议、以文件落实文件，调研走过场，解决项目实际问题少",
          ("孙志强", "党委办公室", "邓雪"), "2026-08-15",
          [M("精简会议文件，建立领导班子成员联系重点项目制度", "邓雪", "2026-07-10", "2026-07-08")],
          common=True, source="共性问题", closed="2026-07-15", evidence="联系重点项目制度", outcomes=(1, "0", "0")),
        P("P7-006", "personnel", "选人用人把关不严，中层干部“近亲繁殖”，关键岗位长期未交流",
          ("李红", "组织人事部", "唐敏"), "2026-08-15",
          [M("开展中层干部任职回避和关键岗位交流专项检查", "唐敏", "2026-07-15", "2026-07-12"),
           M("对应回避未回避的5名干部调整岗位", "唐敏", "2026-07-31", "2026-07-28")],
          closed="2026-07-30", evidence="干部交流调整文件", outcomes=(1, "0", "0")),
        P("P7-007", "central-decisions", "落实国有企业改革深化提升行动不到位，低效无效资产处置进度滞后",
          ("孙志强", "战略发展部", "苏畅"), "2026-08-15",
          [M("制定低效无效资产处置工作方案", "苏畅", "2026-06-30", "2026-06-20"),
           M("完成首批14项低效资产处置", "苏畅", "2026-08-12", "2026-08-12")],
          closed="2026-08-14", evidence="资产处置完成情况报告", outcomes=(1, "0", "0")),
        P("P7-008", "state-assets", "国有资产出租出借管理混乱，部分房产长期被无偿占用或低价出租",
          ("郑宏", "资产运营部", "邱峰"), "2026-08-15",
          [M("开展经营性房产清查，建立资产台账", "邱峰", "2026-06-30", "2026-06-29"),
           M("收回被无偿占用房产，低价租赁合同重新评估招租", "邱峰", "2026-08-05", "2026-08-02")],
          closed="2026-08-08", evidence="房产清查台账", outcomes=(1, "0", "2318000.00")),
        P("P7-009", "party-building", "基层党支部“三会一课”落实不规范，党建与生产经营融合不紧",
          ("李红", "党群工作部", "叶静"), "2026-08-15",
          [M("开展基层党支部标准化规范化建设", "叶静", "2026-07-20", "2026-07-18")],
          closed="2026-07-22", evidence="党支部标准化建设验收表", outcomes=(1, "0", "0")),
        P("P7-010", "strict-governance", "审计发现问题整改不到位，内部审计监督作用发挥不充分",
          ("李红", "审计部", "范莉"), "2026-08-15",
          [M("建立审计发现问题整改台账，逐项销号", "范莉", "2026-07-25", "2026-07-25")],
          closed="2026-08-01", evidence="审计整改台账", outcomes=(1, "0", "0")),
        P("P7-011", "state-assets", "应收账款清收不力，逾期债权累计达1.2亿元",
          ("郑宏", "财务部", "韦芳"), "2026-12-31",
          [M("成立应收账款清收专班，逐笔落实清收责任", "韦芳", "2026-07-31", "2026-07-30"),
           M("完成逾期债权清收或依法诉讼", "韦芳", "2026-12-31")],
          long_term=[("2026-08-10", "2026-12-31", "部分债务人已进入诉讼程序，清收周期较长")],
          label="需长期坚持"),
        P("P7-012", "central-decisions", "防范化解地方政府隐性债务风险工作推进不力，融资平台转型进度滞后",
          ("孙志强", "融资部", "廖凯"), "2026-10-31",
          [M("制定债务风险化解年度方案", "廖凯", "2026-06-30", "2026-06-30"),
           M("完成两笔高成本融资置换", "廖凯", "2026-12-18")],
          extensions=[("2026-12-18", "置换资金需待省级专项债券额度下达", "市委巡察办", "2026-10-25")],
          label="正在整改"),
    ],
)

# ── 市第一人民医院党委: 8/8 at the end of the period; P7-005 closed, reopened after it, closed again ──
HOSPITAL = Org(
    id="jc-hospital", name="中共江城市第一人民医院委员会", kind="hospital", secretary="林少华",
    parent="中共江城市卫生健康委员会委员会", clerk="钟琳", verifier="市纪委监委驻市卫生健康委纪检监察组",
    title="江城市第一人民医院党委 巡察整改台账\n第四轮巡察 2025-03-10 反馈；第七轮巡察 2026-05-15 反馈",
    inspections=[
        dict(ROUND4, team="市委第四巡察组", report_on="2025-06-06",
             survey=("2025-06-04", 160, 120, 32, 8), evaluation=(86, "合格", CITY_OFFICE, "2025-06-09")),
        dict(ROUND7, team="市委第四巡察组", report_on="2026-08-14",
             survey=("2026-08-10", 200, 150, 38, 12), evaluation=(98, "优秀", CITY_OFFICE, "2026-08-20"),
             # computed at 2026-08-15: 20 + 10 + 5 + 10 (no clue: full) + 15×188/200 = 14.10; with 39 scored: 98.10
             scores=[("leadership", 10, "党委书记牵头成立整改领导小组并每周调度"),
                     ("meetings", 5, "查阅党委会会议记录10份，整改事项逐项研究"),
                     ("evidence", 10, "抽查佐证材料8份、实地查看科室4个，均整改到位"),
                     ("mechanisms", 9, "修订议事规则、药品采购等制度10项，个别制度未印发"),
                     ("innovation", 5, "推行医德医风“码上监督”")]),
    ],
    problems=[
        P("P4-001", "party-leadership", "党委领导下的院长负责制议事规则不健全，党委会与院长办公会议题界限不清",
          ("林少华", "党委办公室", "钟琳"), "2025-06-10",
          [M("修订党委会议和院长办公会议议事规则", "钟琳", "2025-04-30", "2025-04-27")],
          closed="2025-05-08", evidence="议事规则（修订稿）", outcomes=(2, "0", "0")),
        P("P4-002", "corruption-near-people", "医保基金使用不规范，存在串换项目、超标准收费问题",
          ("王建平", "医保办", "邵华"), "2025-06-10",
          [M("开展医保基金使用自查自纠", "邵华", "2025-04-30", "2025-04-29"),
           M("退回违规使用医保基金", "邵华", "2025-05-31", "2025-05-30")],
          closed="2025-06-03", evidence="医保基金退回凭证", outcomes=(1, "562000.00", "0")),
        P("P4-003", "party-building", "党支部书记“双带头人”比例偏低",
          ("林少华", "党委组织部", "孔颖"), "2025-06-10",
          [M("调整配强临床科室党支部书记", "孔颖", "2025-05-31", "2025-05-25")],
          closed="2025-06-06", evidence="党支部书记调整文件", outcomes=(0, "0", "0")),
        P("P4-004", "formalism", "院内会议多、评比考核多，临床科室负担重",
          ("王建平", "院办公室", "姚敏"), "2025-06-10",
          [M("精简院内会议和评比考核事项", "姚敏", "2025-04-30", "2025-04-20")],
          closed="2025-04-25", evidence="精简会议考核通知", outcomes=(1, "0", "0")),
        P("P7-001", "party-leadership", "党委领导下的院长负责制落实不到位，重大事项党委把关定向作用发挥不充分",
          ("林少华", "党委办公室", "钟琳"), "2026-08-15",
          [M("制定党委会议研究“三重一大”事项目录清单", "钟琳", "2026-06-30", "2026-06-18"),
           M("对2025年以来重大事项决策程序开展复核", "钟琳", "2026-07-15", "2026-07-14")],
          closed="2026-07-20", evidence="党委会议纪要", outcomes=(1, "0", "0")),
        P("P7-002", "corruption-near-people", "医药购销领域“带金销售”、违规收受回扣问题整治不彻底",
          ("何文", "纪委", "贾雯"), "2026-08-15",
          [M("开展医药购销领域不正之风专项整治", "贾雯", "2026-07-15", "2026-07-10"),
           M("建立医药代表院内接待登记和备案制度", "贾雯", "2026-08-05", "2026-08-03")],
          closed="2026-08-10", evidence="专项整治工作报告", outcomes=(2, "356800.00", "0"),
          accountability=[("赵某某", "心内科主任", 2, "党内警告、免去科主任职务", "main", "2026-07-28"),
                          ("孙某某", "设备科原科长", 2, "政务记过", "main", "2026-07-28")]),
        P("P7-003", "corruption-near-people", "违规收费、过度检查问题时有发生，医保基金使用监管不严",
          ("王建平", "医保办", "邵华"), "2026-05-31",
          [M("立即停止6项违规收费项目并退费", "邵华", "2026-04-30", "2026-04-28"),
           M("退回违规使用医保基金并完善院内审核规则", "邵华", "2026-05-31", "2026-05-26")],
          immediate=True, found_on="2026-04-22", source="巡察期间交办立行立改",
          closed="2026-05-28", evidence="医保基金退回凭证", outcomes=(1, "892300.00", "0"),
          comment="巡察期间（2026-04-22）即交办，计数自交办日起"),
        P("P7-004", "formalism", "以会议落实会议、以文件落实文件，临床一线填表报数负担重",
          ("王建平", "院办公室", "姚敏"), "2026-08-15",
          [M("清理院内各类报表，推行数据一次采集多方共享", "姚敏", "2026-07-05", "2026-07-02")],
          common=True, source="共性问题", closed="2026-07-10", evidence="报表清理目录", outcomes=(1, "0", "0")),
        P("P7-005", "personnel", "干部轮岗交流制度落实不到位，药剂、设备等关键岗位人员长期不交流",
          ("林少华", "党委组织部", "孔颖"), "2026-08-15",
          [M("制定关键岗位轮岗交流办法", "孔颖", "2026-06-15", "2026-06-12"),
           M("完成药剂科、设备科等8个关键岗位人员轮岗", "孔颖", "2026-07-05", "2026-07-03"),
           M("落实轮岗人员实际到岗，建立交接审计和回访机制", "孔颖", "2026-10-31", "2026-10-20", added="2026-09-14",
             evidence="轮岗交接审计报告")],
          reopened=[("2026-09-12", "市纪委监委回访发现药剂科、设备科关键岗位仍由原人员实际负责，轮岗流于形式", "2026-07-05")],
          closed="2026-10-28", evidence="关键岗位轮岗回访报告", outcomes=(1, "0", "0"),
          comment="2026-07-05 销号，2026-09-12 回访发现反弹重新整改，2026-10-28 再次销号"),
        P("P7-006", "party-building", "党支部建在科室上的要求落实不到位，业务骨干入党积极性不高",
          ("林少华", "党委组织部", "孔颖"), "2026-08-15",
          [M("按科室调整设置党支部", "孔颖", "2026-06-30", "2026-06-30"),
           M("制定从高知群体中发展党员工作计划", "孔颖", "2026-07-31", "2026-07-28")],
          closed="2026-08-03", evidence="党支部设置调整批复", outcomes=(1, "0", "0")),
        P("P7-007", "strict-governance", "对医德医风问题监督不力，收受“红包”、开单提成问题时有发生",
          ("何文", "纪委", "贾雯"), "2026-08-15",
          [M("开展医德医风专项整治并公开举报渠道", "贾雯", "2026-07-31", "2026-07-25"),
           M("将医德考评结果与职称晋升、绩效分配挂钩", "贾雯", "2026-08-10", "2026-08-10")],
          closed="2026-08-13", evidence="医德考评办法", outcomes=(2, "0", "0")),
        P("P7-008", "previous-rectification", "第四轮巡察反馈的医保基金使用问题整改不彻底，串换项目问题仍有发生",
          ("王建平", "医保办", "邵华"), "2026-08-15",
          [M("对第四轮巡察整改情况开展“回头看”", "邵华", "2026-07-15", "2026-07-10"),
           M("上线医保智能审核系统", "邵华", "2026-08-10", "2026-08-10")],
          closed="2026-08-14", evidence="医保智能审核系统验收报告", outcomes=(1, "0", "0")),
    ],
)

# ── 江城大学党委 (university): 7/10; P7-008 closed, reopened before the end of the period, still open ──
COLLEGE = Org(
    id="jc-university", name="中共江城大学委员会", kind="university", secretary="高文斌",
    parent="中共江城市委教育工作委员会", clerk="罗佳", verifier="江城大学纪委",
    title="中共江城大学委员会 巡察整改台账\n第七轮巡察 2026-05-15 反馈；集中整改期至 2026-08-15",
    inspections=[
        dict(ROUND7, team="市委第二巡察组", report_on="2026-08-14",
             survey=("2026-08-12", 300, 230, 45, 25), evaluation=(74, "基本合格", CITY_OFFICE, "2026-08-20"),
             # computed at 2026-08-15: 20×7/10 = 14, 10×7/7 = 10, 5, 10 (no clue: full), 15×275/300 = 13.75;
             # with 21 scored: 73.75 → 基本合格 (score 74: 73.75 rounded to whole points)
             scores=[("leadership", 6, "主要领导部署整改，但亲自研究整改措施记录少"),
                     ("meetings", 3, "党委会研究整改仅2次，且未形成专题纪要"),
                     ("evidence", 5, "实地抽查3个学院，2个学院整改停留在发文"),
                     ("mechanisms", 5, "建章立制8项，部分制度未落地执行"),
                     ("innovation", 2, "未见整改创新举措")]),
    ],
    problems=[
        P("P7-001", "party-leadership", "落实党委领导下的校长负责制不到位，党委会议和校长办公会议事范围交叉",
          ("高文斌", "党委办公室", "罗佳"), "2026-08-15",
          [M("修订党委常委会议事规则和校长办公会议事规则", "罗佳", "2026-06-30", "2026-06-29"),
           M("建立党委会议决策事项督办落实机制", "罗佳", "2026-07-20", "2026-07-20")],
          closed="2026-07-25", evidence="党委常委会会议纪要", outcomes=(2, "0", "0")),
        P("P7-002", "party-leadership", "意识形态阵地管理不严，对报告会、研讨会、讲座论坛审批把关不严",
          ("田雨", "党委宣传部", "白雪"), "2026-07-31",
          [M("修订报告会、研讨会、讲座论坛管理办法，实行“一会一报”", "白雪", "2026-06-30", "2026-06-20"),
           M("对2025年以来举办的讲座论坛开展全面排查", "白雪", "2026-07-10", "2026-07-08")],
          closed="2026-07-12", evidence="讲座论坛管理办法", outcomes=(1, "0", "0")),
        P("P7-003", "personnel", "干部选拔任用工作不规范，存在超职数配备干部和“带病提拔”风险",
          ("高文斌", "党委组织部", "常明"), "2026-08-15",
          [M("消化超职数配备中层干部", "常明", "2026-07-31", "2026-07-31"),
           M("严格落实干部选拔任用“凡提四必”", "常明", "2026-08-01", "2026-08-01")],
          closed="2026-08-06", evidence="干部职数核定情况说明", outcomes=(1, "0", "0")),
        P("P7-004", "formalism", "以会议落实会议、以文件落实文件，教学科研人员事务性负担重",
          ("田雨", "党政办公室", "康宁"), "2026-08-15",
          [M("精简校内会议、文件和各类评估检查", "康宁", "2026-07-15", "2026-07-12")],
          common=True, source="共性问题", closed="2026-07-18", evidence="精简文件会议工作通报", outcomes=(1, "0", "0")),
        P("P7-005", "corruption-near-people", "科研经费管理使用不规范，个别课题组虚列劳务费套取科研经费",
          ("秦峰", "科研处", "黎明"), "2026-08-15",
          [M("开展科研经费使用专项审计", "黎明", "2026-07-15", "2026-07-14"),
           M("追回被套取科研经费并完善劳务费发放管理", "黎明", "2026-08-10", "2026-08-08")],
          closed="2026-08-12", evidence="科研经费专项审计报告", outcomes=(2, "643500.00", "0"),
          accountability=[("钱某某", "某学院教授、课题负责人", 3, "留党察看一年", "main", "2026-08-07"),
                          ("周某某", "科研处副处长", 1, "诫勉谈话", "supervisory", "2026-08-07")]),
        P("P7-006", "strict-governance", "基建维修项目管理不严，工程变更签证随意，结算审核把关不严",
          ("秦峰", "基建处", "邹强"), "2026-08-15",
          [M("对近三年基建维修项目变更签证开展复审", "邹强", "2026-07-25", "2026-07-24"),
           M("修订基建维修工程变更管理办法", "邹强", "2026-07-31", "2026-07-30")],
          closed="2026-08-01", evidence="工程变更复审报告", outcomes=(1, "0", "0")),
        P("P7-007", "central-decisions", "服务地方产业发展不够，高校毕业生留江城就业工作措施不实",
          ("田雨", "招生就业处", "龚琪"), "2026-08-15",
          [M("与市人社局联合开展“留江城”专场招聘", "龚琪", "2026-07-15", "2026-07-10"),
           M("建立校地企就业实习基地", "龚琪", "2026-07-31", "2026-07-27")],
          closed="2026-07-30", evidence="校地合作协议", outcomes=(0, "0", "0")),
        P("P7-008", "eight-rules", "违规使用公务用车，个别单位存在公车私用、私车公养问题",
          ("秦峰", "后勤保障处", "汪洋"), "2026-07-31",
          [M("开展公务用车使用情况专项检查", "汪洋", "2026-06-30", "2026-06-25"),
           M("收回违规使用的公务用车并集中管理", "汪洋", "2026-07-05", "2026-07-05"),
           M("安装公务用车北斗定位监控平台，实行“一车一卡”", "汪洋", "2026-12-10", added="2026-08-06")],
          reopened=[("2026-08-05", "市委巡察办回访发现仍有二级学院公车私用，整改不彻底", "2026-07-10")],
          extensions=[("2026-12-10", "重新整改需采购安装定位监控平台", "市委巡察办", "2026-08-10")],
          label="重新整改", comment="改后又犯：2026-07-10 销号，2026-08-05 回访发现反弹重新整改"),
        P("P7-009", "party-building", "学生党员发展质量不高，入党积极分子培养考察不严格",
          ("高文斌", "党委组织部", "常明"), "2026-09-30",
          [M("修订学生党员发展工作实施细则", "常明", "2026-07-15", "2026-07-10"),
           M("对2025年以来发展的学生党员材料开展复查", "常明", "2026-09-30")],
          basically="2026-08-14", label="基本完成"),
        P("P7-010", "grassroots-weak", "院系党组织政治功能发挥不充分，部分教工党支部组织生活不正常",
          ("高文斌", "党委组织部", "常明"), "2026-12-31",
          [M("开展院系党组织“对标争先”建设", "常明", "2026-08-10", "2026-08-06"),
           M("整顿提升组织生活不正常的教工党支部", "常明", "2026-12-31")],
          long_term=[("2026-08-08", "2026-12-20", "党支部整顿提升需经一个学期检验")],
          label="需长期坚持"),
    ],
)

# ── 青石镇党委 (township, 市委提级巡察): 6/8; satisfaction 62/85 = 72.94%, below 80% ──
QINGSHI = Org(
    id="jc-qingshi", name="中共临江县青石镇委员会", kind="township", secretary="唐国平",
    parent="中共临江县委员会", clerk="冯丽", verifier="临江县纪委监委",
    title="中共临江县青石镇委员会 巡察整改台账（市委提级巡察）\n第四轮巡察 2025-03-10 反馈；第七轮巡察 2026-05-15 反馈",
    inspections=[
        dict(ROUND4, team="市委第五巡察组", report_on="2025-06-09",
             survey=("2025-06-07", 80, 52, 18, 10), evaluation=(78, "合格", CITY_OFFICE, "2025-06-09")),
        dict(ROUND7, team="市委第五巡察组", report_on="2026-08-14",
             survey=("2026-08-13", 85, 40, 22, 23), evaluation=(72, "基本合格", CITY_OFFICE, "2026-08-14")),
    ],
    problems=[
        P("P4-001", "corruption-near-people", "农村低保动态管理不到位，存在死亡人员未及时退保问题",
          ("邓志华", "社会事务办", "柯敏"), "2025-06-10",
          [M("对全镇低保对象开展全面复核", "柯敏", "2025-04-30", "2025-04-26"),
           M("追回违规领取的低保金", "柯敏", "2025-05-31", "2025-05-29")],
          closed="2025-06-03", evidence="低保复核清退台账", outcomes=(0, "68400.00", "0")),
        P("P4-002", "grassroots-weak", "3个村党组织书记年龄偏大、带富能力不强",
          ("唐国平", "党建办", "傅强"), "2025-06-10",
          [M("选优配强村党组织书记", "傅强", "2025-05-31", "2025-05-20")],
          closed="2025-05-26", evidence="村党组织书记调整文件", outcomes=(0, "0", "0")),
        P("P4-003", "formalism", "村级台账资料过多，迎检负担重",
          ("邓志华", "党政综合办", "冯丽"), "2025-06-10",
          [M("精简村级台账资料", "冯丽", "2025-04-30", "2025-04-18")],
          closed="2025-04-22", evidence="村级台账精简目录", outcomes=(1, "0", "0")),
        P("P4-004", "strict-governance", "镇纪委对村级“小微权力”监督不到位",
          ("严俊", "镇纪委", "万涛"), "2025-06-10",
          [M("制定村级小微权力清单，推行村务监督委员会履职清单", "万涛", "2025-05-31", "2025-05-30")],
          closed="2025-06-06", evidence="小微权力清单", outcomes=(2, "0", "0")),
        P("P4-005", "central-decisions", "农村土地承包经营权确权遗留问题未解决，群众反映强烈",
          ("邓志华", "农业综合服务中心", "曾涛"), "2025-06-10",
          [M("逐户梳理确权遗留问题，建立问题台账", "曾涛", "2025-05-31", "2025-05-28"),
           M("完成遗留地块确权登记颁证", "曾涛", "2026-12-15")],
          extensions=[("2025-12-31", "涉及跨村土地权属争议，需县级调处", "市委巡察办", "2025-06-05"),
                      ("2026-12-15", "权属争议进入司法程序，待判决后登记", "市委巡察办", "2025-12-26")],
          basically="2025-06-08", label="基本完成",
          comment="两次延期；第七轮巡察时未结账"),
        P("P7-001", "central-decisions", "巩固拓展脱贫攻坚成果不扎实，防止返贫动态监测帮扶不精准",
          ("邓志华", "乡村振兴办", "曾涛"), "2026-08-15",
          [M("开展防止返贫监测对象集中排查", "曾涛", "2026-06-30", "2026-06-28"),
           M("对新识别的监测对象逐户落实帮扶措施", "曾涛", "2026-08-05", "2026-08-04")],
          closed="2026-08-08", evidence="防返贫监测排查台账", outcomes=(1, "0", "0")),
        P("P7-002", "corruption-near-people", "村级工程项目“小微权力”监管不到位，存在虚报工程量、套取资金问题",
          ("严俊", "镇纪委", "万涛"), "2026-08-15",
          [M("对2023年以来村级工程项目开展审计", "万涛", "2026-07-20", "2026-07-16"),
           M("追缴虚报工程款并移交问题线索", "万涛", "2026-08-10", "2026-08-10")],
          closed="2026-08-12", evidence="村级工程审计报告", outcomes=(1, "0", "97500.00"),
          accountability=[("卢某某", "石桥村党支部书记", 2, "党内严重警告", "main", "2026-08-06")]),
        P("P7-003", "grassroots-weak", "2个村党组织软弱涣散，村“两委”班子不团结、议事决策不规范",
          ("唐国平", "党建办", "傅强"), "2026-08-15",
          [M("县镇两级领导包村整顿", "傅强", "2026-07-31", "2026-07-25"),
           M("规范落实“四议两公开”", "傅强", "2026-07-31", "2026-07-29")],
          closed="2026-08-01", evidence="软弱涣散村整顿验收表", outcomes=(1, "0", "0")),
        P("P7-004", "formalism", "以会议落实会议、以文件落实文件，村级组织承担事项过多",
          ("邓志华", "党政综合办", "冯丽"), "2026-08-15",
          [M("清理村级组织工作事项和证明事项", "冯丽", "2026-07-05", "2026-07-03")],
          common=True, source="共性问题", closed="2026-07-08", evidence="村级工作事项清单", outcomes=(1, "0", "0")),
        P("P7-005", "party-building", "党员教育管理不严，流动党员失联、党费收缴不规范",
          ("唐国平", "党建办", "傅强"), "2026-08-15",
          [M("开展流动党员排查和失联党员清理", "傅强", "2026-07-20", "2026-07-20"),
           M("规范党费收缴使用管理", "傅强", "2026-07-25", "2026-07-22")],
          closed="2026-07-26", evidence="流动党员排查台账", outcomes=(1, "0", "0")),
        P("P7-006", "eight-rules", "镇机关违规发放加班补助和节日慰问品",
          ("邓志华", "财政所", "任芳"), "2026-06-10",
          [M("全额清退违规发放的补助和慰问品折价款", "任芳", "2026-06-05", "2026-06-03")],
          immediate=True, source="巡察期间立行立改", closed="2026-06-09", evidence="违规资金清退凭证",
          outcomes=(0, "46800.00", "0")),
        P("P7-007", "corruption-near-people", "低保、临时救助审核把关不严，存在“人情保”“关系保”",
          ("邓志华", "社会事务办", "柯敏"), "2026-07-31",
          [M("对全镇低保和临时救助对象逐户复核", "柯敏", "2026-07-31", "2026-07-28"),
           M("清退不符合条件对象并公示", "柯敏", "2026-09-30", "2026-09-22")],
          extensions=[("2026-09-30", "复核涉及外出务工人员，需逐户入户核实", "市委巡察办", "2026-07-29")],
          closed="2026-09-26", evidence="低保复核公示材料", outcomes=(0, "52300.00", "0")),
        P("P7-008", "previous-rectification", "第四轮巡察指出的土地确权遗留问题未整改到位，群众反复信访",
          ("邓志华", "农业综合服务中心", "曾涛"), "2026-10-31",
          [M("建立信访问题包案化解责任制", "曾涛", "2026-07-20", "2026-07-20"),
           M("完成确权遗留问题化解并答复信访人", "曾涛", "2026-10-31")],
          label="正在整改"),
    ],
)

# ── 东门街道党工委 (street office, 市委提级巡察): 3/8 = 37.5%, graded 不合格 ──
DONGMEN = Org(
    id="jc-dongmen", name="中共江城市新河区东门街道工作委员会", kind="street-office", secretary="许文静",
    parent="中共江城市新河区委员会", clerk="谢涛", verifier="新河区纪委监委",
    title="中共江城市新河区东门街道工作委员会 巡察整改台账（市委提级巡察）\n第七轮巡察 2026-05-15 反馈；整改考核评价为不合格，责令重新整改",
    inspections=[
        dict(ROUND7, team="市委第一巡察组", report_on="2026-08-14",
             survey=("2026-08-12", 90, 60, 16, 14), evaluation=(58, "不合格", CITY_OFFICE, "2026-08-14")),
    ],
    problems=[
        P("P7-001", "formalism", "以会议落实会议、以文件落实文件，社区工作群和报表过多",
          ("许文静", "党政办", "谢涛"), "2026-08-15",
          [M("清理社区政务工作群和报表", "谢涛", "2026-07-25", "2026-07-25")],
          common=True, source="共性问题", closed="2026-07-31", evidence="社区减负清单", outcomes=(1, "0", "0")),
        P("P7-002", "party-building", "社区党组织“三会一课”不规范，党员活动阵地使用率低",
          ("许文静", "党建办", "罗敏"), "2026-08-15",
          [M("规范社区党组织组织生活记录", "罗敏", "2026-07-31", "2026-07-30"),
           M("统筹党群服务中心使用，建立开放清单", "罗敏", "2026-08-05", "2026-08-05")],
          closed="2026-08-10", evidence="党群服务中心开放清单", outcomes=(1, "0", "0")),
        P("P7-003", "eight-rules", "街道机关违规使用公款购买烟酒和礼品",
          ("高建", "财政所", "蔡琴"), "2026-06-10",
          [M("清退违规支出款项", "蔡琴", "2026-06-05", "2026-06-02")],
          immediate=True, source="巡察期间立行立改", closed="2026-06-08", evidence="违规资金清退凭证",
          outcomes=(0, "23600.00", "0"),
          accountability=[("高建", "街道办事处副主任", 1, "诫勉谈话", "leading", "2026-06-05")]),
        P("P7-004", "corruption-near-people", "老旧小区改造工程质量监管不力，群众反映强烈",
          ("高建", "城市管理办", "黎伟"), "2026-07-31",
          [M("对2025年改造的9个老旧小区开展质量回访检测", "黎伟", "2026-07-20", "2026-07-20"),
           M("督促施工单位完成质量问题返修并组织居民验收", "黎伟", "2026-12-18")],
          extensions=[("2026-12-18", "返修涉及外墙保温，需避开雨季施工", "新河区委巡察办", "2026-09-10")],
          label="超期后申请延期", comment="集中整改期满时已逾期（延期在期满后才批准）"),
        P("P7-005", "grassroots-weak", "社区网格党组织作用发挥不明显，网格员队伍不稳定",
          ("许文静", "党建办", "罗敏"), "2026-07-31",
          [M("按“一网格一支部”调整网格党组织设置", "罗敏", "2026-07-31", "2026-07-25"),
           M("完善网格员招录、考核和薪酬保障办法", "罗敏", "2026-10-10", "2026-10-10")],
          closed="2026-10-15", evidence="网格党组织设置文件", outcomes=(1, "0", "0")),
        P("P7-006", "central-decisions", "“接诉即办”群众诉求办理不及时，重复投诉率高",
          ("高建", "综合治理办", "彭辉"), "2026-07-31",
          [M("建立诉求办理街道领导包案机制", "彭辉", "2026-07-15", "2026-07-15"),
           M("重复投诉问题逐件回访化解", "彭辉", "2026-10-31")],
          extensions=[("2026-10-31", "部分诉求涉及历史遗留产权问题，需区级部门协调", "新河区委巡察办", "2026-07-30")],
          label="超期未完"),
        P("P7-007", "strict-governance", "对社区“两委”成员监督不力，社区集体资产收支不透明",
          ("许文静", "纪工委", "姜涛"), "2026-12-31",
          [M("建立社区“两委”成员履职负面清单", "姜涛", "2026-08-10", "2026-08-10"),
           M("社区集体资产收支按季度公开并接受审计", "姜涛", "2026-12-31")],
          long_term=[("2026-08-14", "2026-11-30", "集体资产清理需分季度公开审计")],
          label="需长期坚持"),
        P("P7-008", "personnel", "社区工作者招聘不规范，个别人员未经公开招聘直接聘用",
          ("许文静", "党政办", "谢涛"), "2026-09-30",
          [M("对2023年以来聘用的社区工作者开展资格复查", "谢涛", "2026-09-20", "2026-09-20"),
           M("修订社区工作者招聘管理办法", "谢涛", "2026-10-10", "2026-10-08")],
          closed="2026-10-10", evidence="社区工作者招聘管理办法", outcomes=(1, "0", "0"),
          comment="集中整改期满时尚无一项措施完成（挂账）"),
    ],
)

# ── 江城高新区党工委 (development zone): 8/9 ──
HITECH = Org(
    id="jc-hitech", name="中共江城高新技术产业开发区工作委员会", kind="development-zone", secretary="马骏",
    parent="中共江城市委员会", clerk="潘婷", verifier="市纪委监委驻江城高新区纪检监察工委",
    title="中共江城高新技术产业开发区工作委员会 巡察整改台账\n第七轮巡察 2026-05-15 反馈；集中整改期至 2026-08-15",
    inspections=[
        dict(ROUND7, team="市委第三巡察组", report_on="2026-08-14",
             survey=("2026-08-11", 110, 88, 15, 7), evaluation=(86, "合格", CITY_OFFICE, "2026-08-14")),
    ],
    problems=[
        P("P7-001", "central-decisions", "优化营商环境举措落实不到位，招商引资优惠政策兑现不及时",
          ("马骏", "经济发展局", "董浩"), "2026-08-15",
          [M("梳理未兑现的招商优惠政策，建立兑现台账", "董浩", "2026-06-30", "2026-06-26"),
           M("完成政策兑现并推行“免申即享”", "董浩", "2026-08-01", "2026-08-01")],
          closed="2026-08-05", evidence="政策兑现台账", outcomes=(1, "0", "0")),
        P("P7-002", "state-assets", "园区低效用地清理处置不力，部分出让土地长期闲置",
          ("袁鹏", "规划建设局", "梁斌"), "2026-08-15",
          [M("开展低效用地和闲置土地专项清查", "梁斌", "2026-06-30", "2026-06-30"),
           M("依法收回闲置土地或收缴土地闲置费", "梁斌", "2026-08-10", "2026-08-10")],
          closed="2026-08-12", evidence="闲置土地处置报告", outcomes=(1, "0", "4120000.00")),
        P("P7-003", "strict-governance", "工程建设领域廉政风险防控不到位，项目代建管理不规范",
          ("袁鹏", "规划建设局", "梁斌"), "2026-08-15",
          [M("对代建项目开展廉政风险排查", "梁斌", "2026-07-15", "2026-07-12"),
           M("修订政府投资项目代建管理办法", "梁斌", "2026-07-25", "2026-07-21")],
          closed="2026-07-28", evidence="代建管理办法", outcomes=(1, "0", "0"),
          accountability=[("龙某某", "规划建设局原副局长", 2, "党内警告", "main", "2026-07-20")]),
        P("P7-004", "formalism", "以会议落实会议、以文件落实文件，服务企业“走过场”",
          ("马骏", "党政办公室", "潘婷"), "2026-08-15",
          [M("精简会议文件，推行“企业吹哨、部门报到”", "潘婷", "2026-07-10", "2026-07-10")],
          common=True, source="共性问题", closed="2026-07-16", evidence="精简会议文件通报", outcomes=(1, "0", "0")),
        P("P7-005", "personnel", "聘用制人员管理不规范，岗位设置和薪酬核定随意",
          ("马骏", "组织人事部", "韩冰"), "2026-08-15",
          [M("核定聘用制人员岗位和薪酬标准", "韩冰", "2026-07-25", "2026-07-25")],
          closed="2026-07-30", evidence="聘用制人员管理办法", outcomes=(1, "0", "0")),
        P("P7-006", "party-building", "非公企业党建“两个覆盖”质量不高，部分企业党组织活动不正常",
          ("马骏", "组织人事部", "韩冰"), "2026-08-15",
          [M("开展非公企业党组织规范化建设", "韩冰", "2026-08-05", "2026-08-05"),
           M("选派党建指导员驻企指导", "韩冰", "2026-08-05", "2026-08-03")],
          closed="2026-08-10", evidence="非公企业党建指导员派驻文件", outcomes=(0, "0", "0")),
        P("P7-007", "eight-rules", "违规发放年终奖金和考核奖励",
          ("袁鹏", "财政金融局", "谭莉"), "2026-06-20",
          [M("全额清退违规发放的奖金", "谭莉", "2026-06-15", "2026-06-12")],
          immediate=True, source="巡察期间立行立改", closed="2026-06-18", evidence="违规奖金清退凭证",
          outcomes=(1, "315000.00", "0")),
        P("P7-008", "party-leadership", "党工委落实“第一议题”和重大事项请示报告制度不严格",
          ("马骏", "党政办公室", "潘婷"), "2026-08-15",
          [M("修订党工委工作规则和重大事项请示报告办法", "潘婷", "2026-07-31", "2026-07-30")],
          closed="2026-08-14", evidence="党工委会议纪要", outcomes=(2, "0", "0")),
        P("P7-009", "central-decisions", "化工园区安全风险排查整治不彻底，部分企业重大危险源监控不到位",
          ("袁鹏", "安全生产监督管理局", "易军"), "2026-12-31",
          [M("开展化工企业重大危险源专项排查", "易军", "2026-07-31", "2026-07-31"),
           M("建成园区危险化学品安全风险智能化管控平台", "易军", "2026-12-31", planned="2026-08-12",
             milestones=[("完成平台需求论证和公开招标", "2026-09-30", "2026-09-25"),
                         ("完成平台主体部署并试运行", "2026-11-30", "2026-11-20"),
                         ("平台验收并正式上线", "2026-12-25", None)],
             progress=[("2026-09-25", "平台建设项目已完成公开招标，签订合同", "10月启动主体部署", None, None, 30),
                       ("2026-10-30", "重大危险源监测点位接入完成62%", "11月中旬试运行", None, None, 60),
                       ("2026-11-23", "平台主体部署完成并试运行，接入全部37家化工企业", "12月下旬组织验收", None,
                        None, 85)])],
          long_term=[("2026-08-12", "2026-12-31", "智能化管控平台建设周期较长")],
          label="需长期坚持",
          requests=[("2026-11-18", "2027-03-31", "平台验收需待省应急管理厅联网测试，申请延期至2027年3月底")]),
        # 整改认定 (issue 14): a finding not upheld on appeal (out of the count, its record kept), and one waived
        # until the provincial land plan is approved (in the count, unfinished, open again after 2027-03-31)
        P("P7-010", "eight-rules", "反映园区管委会超标准配备公务用车",
          ("袁鹏", "党政办公室", "潘婷"), "2026-07-15",
          [M("核查公务用车配备情况", "潘婷", "2026-06-30", "2026-06-25")],
          decisions=[dict(kind="dismissed", date="2026-07-08", approved_by="市委巡察办", ground="appeal",
                          reason="经复核，所涉车辆为市应急局调拨的应急保障用车，编制手续齐全，申诉成立")]),
        P("P7-011", "state-assets", "部分入园企业历史遗留用地手续不全，不动产权证办理滞后",
          ("袁鹏", "规划建设局", "梁斌"), "2026-08-15",
          [M("逐宗梳理历史遗留用地问题，建立台账", "梁斌", "2026-07-15", "2026-07-10"),
           M("待国土空间规划批复后分批补办用地手续", "梁斌", "2026-08-15")],
          decisions=[dict(kind="waived", date="2026-08-10", approved_by="市委巡察办", expires="2027-03-31",
                          reason="补办手续以国土空间规划批复为前提，规划尚在省政府审批，经批准暂缓整改")]),
    ],
)

# ── 市交通运输局党组: 8/8; satisfaction exactly 80% (the interview rule does not fire: "below") ──
TRANSPORT = Org(
    id="jc-transport", name="中共江城市交通运输局党组", kind="department", secretary="方志远",
    parent="中共江城市委员会", clerk="杜鹃", verifier="市纪委监委驻市交通运输局纪检监察组",
    title="中共江城市交通运输局党组 巡察整改台账\n第七轮巡察 2026-05-15 反馈；集中整改期至 2026-08-15",
    inspections=[
        dict(ROUND7, team="市委第四巡察组", report_on="2026-08-14",
             survey=("2026-08-12", 100, 60, 20, 20), evaluation=(88, "合格", CITY_OFFICE, "2026-08-14")),
    ],
    problems=[
        P("P7-001", "central-decisions", "“四好农村路”建设管护不到位，部分农村公路养护资金未及时拨付",
          ("方志远", "公路管理科", "胡斌"), "2026-08-15",
          [M("拨付滞留的农村公路养护资金", "胡斌", "2026-06-30", "2026-06-20"),
           M("建立农村公路“路长制”管护考核机制", "胡斌", "2026-07-31", "2026-07-31")],
          closed="2026-08-06", evidence="养护资金拨付凭证", outcomes=(1, "0", "0")),
        P("P7-002", "corruption-near-people", "交通运输执法不规范，个别执法人员“吃拿卡要”",
          ("卢江", "综合执法支队", "夏宇"), "2026-08-15",
          [M("开展执法领域突出问题专项整治", "夏宇", "2026-07-15", "2026-07-15"),
           M("推行执法全过程记录和执法记录仪全覆盖", "夏宇", "2026-07-25", "2026-07-23")],
          closed="2026-07-29", evidence="执法专项整治报告", outcomes=(1, "0", "0"),
          accountability=[("金某某", "综合执法支队三大队中队长", 1, "诫勉谈话", "main", "2026-07-10")]),
        P("P7-003", "formalism", "以会议落实会议、以文件落实文件，行业督查检查多头重复",
          ("方志远", "局办公室", "杜鹃"), "2026-08-15",
          [M("整合行业督查检查，推行“综合查一次”", "杜鹃", "2026-07-10", "2026-07-08")],
          common=True, source="共性问题", closed="2026-07-14", evidence="综合查一次工作方案", outcomes=(1, "0", "0")),
        P("P7-004", "personnel", "干部队伍年龄结构老化，年轻干部培养选拔力度不够",
          ("方志远", "人事科", "段薇"), "2026-08-15",
          [M("制定年轻干部培养选拔三年规划", "段薇", "2026-07-20", "2026-07-20")],
          closed="2026-07-24", evidence="年轻干部培养规划", outcomes=(1, "0", "0")),
        P("P7-005", "party-building", "机关党建与业务融合不紧，党建品牌创建流于形式",
          ("卢江", "机关党委", "薛梅"), "2026-08-15",
          [M("开展“党建+交通服务”融合项目", "薛梅", "2026-07-25", "2026-07-25")],
          closed="2026-07-31", evidence="党建融合项目清单", outcomes=(0, "0", "0")),
        P("P7-006", "strict-governance", "交通工程项目变更管理不规范，部分项目结算超概算",
          ("卢江", "建设管理科", "阎磊"), "2026-08-15",
          [M("对在建项目设计变更开展专项审计", "阎磊", "2026-07-31", "2026-07-28"),
           M("核减不合理变更费用", "阎磊", "2026-08-10", "2026-08-07")],
          closed="2026-08-12", evidence="设计变更专项审计报告", outcomes=(1, "0", "1836000.00")),
        P("P7-007", "eight-rules", "个别下属单位公车私用，公务用车管理不严",
          ("卢江", "机关服务中心", "尹亮"), "2026-06-10",
          [M("收回违规使用的公务用车，加装定位系统", "尹亮", "2026-06-05", "2026-06-01")],
          immediate=True, source="巡察期间立行立改", closed="2026-06-05", evidence="公务用车检查通报",
          outcomes=(1, "0", "0")),
        P("P7-008", "party-leadership", "落实安全生产“党政同责、一岗双责”不到位，行业安全风险研判不够",
          ("方志远", "安全监督科", "邹凯"), "2026-08-15",
          [M("修订安全生产责任清单，逐级签订责任书", "邹凯", "2026-07-15", "2026-07-15"),
           M("建立行业安全风险月度研判机制", "邹凯", "2026-08-05", "2026-08-05")],
          closed="2026-08-11", evidence="安全生产责任清单", outcomes=(1, "0", "0")),
    ],
)

# ── Between feedback and closure (issue 15): reporting duty (policy.yaml `reporting:`, monthly by the 5th
# in the period, then quarterly while an item is unsettled), supervision instruments and handovers ──
# 交通运输局: every report on time; one 提醒函, answered.
TRANSPORT.submissions = [("2026-05", "2026-06-03", None), ("2026-06", "2026-07-03", None),
                         ("2026-07", "2026-08-04", None), ("2026-08", "2026-09-02", "整改进展月报")]
TRANSPORT.supervision = [dict(kind="提醒函", date="2026-07-20", to="阎磊", problems=["P7-006"], reply_due="2026-07-27",
                              reply=("2026-07-25", "设计变更专项审计已完成，正在核减不合理变更费用"))]
# 东门街道: the June report late, July's and the third quarter's missing (the missing-reports rule fires);
# 督办单 twice (the second unanswered) and an interview; a leader handed over with the items re-pointed,
# then the secretary changed, not yet acknowledged: P7-007 is still answered for by the secretary who left.
DONGMEN.submissions = [("2026-05", "2026-06-05", None), ("2026-06", "2026-07-10", None),
                       ("2026-08", "2026-09-04", "整改进展月报")]
DONGMEN.supervision = [
    dict(kind="督办单", date="2026-08-20", to="许文静", problems=["P7-004", "P7-006", "P7-007"], reply_due="2026-08-31",
         reply=("2026-08-29", "已制定未完成事项推进计划，明确责任人和完成时限")),
    dict(kind="督办单", date="2026-09-20", to="高建", problems=["P7-006"], reply_due="2026-09-30"),
    dict(kind="约谈", date="2026-10-20", to="许文静", problems=["P7-006", "P7-007"]),
]
DONGMEN.handovers = [
    dict(date="2026-10-12", role="leader", predecessor="高建", successor="孔亮", items=["P7-004", "P7-006"],
         repoint=True, acknowledged="2026-10-14"),
    dict(date="2026-11-02", role="secretary", predecessor="许文静", successor="邹宁",
         items=["P7-004", "P7-006", "P7-007"]),
]
# 青石镇: the third quarter's report four days late; a 提醒函 answered; the secretary changed and acknowledged.
QINGSHI.submissions = [("2026-05", "2026-06-04", None), ("2026-06", "2026-07-03", None),
                       ("2026-07", "2026-08-05", None), ("2026-08", "2026-09-04", None),
                       ("2026-Q3", "2026-10-09", "整改进展季报")]
QINGSHI.supervision = [dict(kind="提醒函", date="2026-10-20", to="曾涛", problems=["P7-008"], reply_due="2026-10-27",
                            reply=("2026-10-26", "土地确权遗留问题已完成外业测量，正在公示"))]
QINGSHI.handovers = [dict(date="2026-10-15", role="secretary", predecessor="唐国平", successor="陆明",
                          items=["P7-008"], acknowledged="2026-10-16")]

ORGS = [XINHE, EDU, CITYINVEST, HOSPITAL, COLLEGE, QINGSHI, DONGMEN, HITECH, TRANSPORT]


if __name__ == "__main__":
    main()
