"""A ledger and a round's figures as rows of flat tables: the columns of every table, and the rows.

Nothing here computes a figure: the round tables hold what figures.py and consequences.py computed
(`figures.organisation_round`, `consequences.evaluate`), one row per problem state, per
organisation's figures and per rule judged. The column list `TABLES` is the schema (version
`tabular.TABLES_VERSION`); docs/tables.md documents it column by column and a test keeps the two
the same. Every table starts with `organisation`, the key an incremental export replaces rows by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from rectify_cli import consequences, figures
from rectify_cli.figures import Figures
from rectify_cli.model import Evidence, Inspection, Ledger, Policy, ProblemItem

# column types: string, int, bool, date, timestamp (UTC, from the recorded offset), money (yuan,
# 2 decimals, exact), float (a share as a double, as in the report's JSON)
Column = tuple[str, str]

_ORG: tuple[Column, ...] = (("organisation", "string"),)
_AT: tuple[Column, ...] = (("round", "int"), ("as_of", "date"), ("organisation", "string"))

LEDGER_TABLES: dict[str, tuple[Column, ...]] = {
    "organisations": _ORG + (("name", "string"), ("kind", "string"), ("secretary", "string"), ("parent", "string"),
                             ("file", "string"), ("content_sha256", "string")),
    "inspections": _ORG + (
        ("round", "int"), ("term", "int"), ("kind", "string"), ("team", "string"), ("feedback_on", "date"),
        ("rectify_by", "date"), ("report_on", "date"), ("on_site_start", "date"), ("on_site_end", "date"),
        ("survey_held_on", "date"), ("survey_participants", "int"), ("survey_satisfied", "int"),
        ("survey_basically_satisfied", "int"), ("survey_dissatisfied", "int"), ("evaluation_score", "float"),
        ("evaluation_grade", "string"), ("evaluation_by", "string"), ("evaluation_date", "date")),
    "clues": _ORG + (("round", "int"), ("clue", "string"), ("handed_on", "date"), ("to", "string"),
                     ("summary", "string"), ("disposal", "string"), ("disposed_on", "date")),
    "problems": _ORG + (
        ("problem", "string"), ("round", "int"), ("category", "string"), ("summary", "string"), ("source", "string"),
        ("common", "bool"), ("immediate", "bool"), ("repeat_of", "string"), ("found_on", "date"),
        ("leader", "string"), ("unit", "string"), ("person", "string"), ("deadline", "date"), ("status", "string"),
        ("label", "string"), ("closed_on", "date"), ("closed_by", "string"), ("verified_by", "string"),
        ("long_term_since", "date"), ("long_term_review_by", "date"), ("long_term_reason", "string"),
        ("claimed_on", "date"), ("claimed_by", "string"), ("claimed_awaits", "string"),
        ("rules_made", "int"), ("funds_returned", "money"), ("losses_recovered", "money"),
        ("notes", "string"), ("heading", "string"), ("review_submitted", "date")),
    "reviews": _ORG + (
        ("problem", "string"), ("seq", "int"), ("submitted", "date"), ("submitted_by", "string"), ("step", "string"),
        ("decision", "string"), ("date", "date"), ("by", "string"), ("note", "string")),
    "extensions": _ORG + (("problem", "string"), ("seq", "int"), ("to", "date"), ("reason", "string"),
                          ("approved_by", "string"), ("date", "date")),
    "extension_requests": _ORG + (("problem", "string"), ("seq", "int"), ("date", "date"), ("by", "string"),
                                  ("to", "date"), ("reason", "string"), ("decision", "string"),
                                  ("decided_on", "date"), ("decided_by", "string"), ("note", "string")),
    "decisions": _ORG + (("problem", "string"), ("seq", "int"), ("kind", "string"), ("date", "date"),
                         ("by", "string"), ("approved_by", "string"), ("reason", "string"), ("expires", "date"),
                         ("ground", "string"), ("remaining", "string")),
    "samples": _ORG + (("round", "int"), ("seq", "int"), ("date", "date"), ("seed", "string"), ("by", "string"),
                       ("share", "float"), ("count", "int"), ("per_organisation", "bool"), ("candidates", "int"),
                       ("drawn", "string")),
    "rechecks": _ORG + (("problem", "string"), ("seq", "int"), ("date", "date"), ("by", "string"),
                        ("seed", "string"), ("result", "string"), ("reason", "string")),
    "submissions": _ORG + (("round", "int"), ("seq", "int"), ("period", "string"), ("date", "date"),
                           ("by", "string"), ("file", "string"), ("file_sha256", "string"), ("note", "string"),
                           ("hash", "string")),
    "supervision": _ORG + (("round", "int"), ("instrument", "string"), ("kind", "string"), ("date", "date"),
                           ("issuer", "string"), ("to", "string"), ("problems", "string"), ("reply_due", "date"),
                           ("note", "string"), ("by", "string"), ("hash", "string"), ("reply_date", "date"),
                           ("reply_by", "string"), ("reply_summary", "string"), ("reply_file", "string"),
                           ("reply_file_sha256", "string")),
    "handovers": _ORG + (("seq", "int"), ("date", "date"), ("role", "string"), ("predecessor", "string"),
                         ("successor", "string"), ("items", "string"), ("repointed", "bool"), ("annex", "string"),
                         ("by", "string"), ("hash", "string"), ("acknowledged_on", "date"),
                         ("acknowledged_by", "string")),
    "reopenings": _ORG + (("problem", "string"), ("seq", "int"), ("date", "date"), ("by", "string"),
                          ("reason", "string"), ("closed_on", "date")),
    "measures": _ORG + (("problem", "string"), ("measure", "string"), ("text", "string"), ("owner", "string"),
                        ("due", "date"), ("done_on", "date")),
    "milestones": _ORG + (("problem", "string"), ("measure", "string"), ("milestone", "string"), ("text", "string"),
                          ("due", "date"), ("done_on", "date")),
    "progress": _ORG + (("problem", "string"), ("measure", "string"), ("seq", "int"), ("date", "date"),
                        ("by", "string"), ("done", "string"), ("next", "string"), ("obstacles", "string"),
                        ("support", "string"), ("percent", "int")),
    "history": _ORG + (
        ("problem", "string"), ("seq", "int"), ("at", "timestamp"), ("at_text", "string"), ("by", "string"),
        ("did", "string"), ("date", "date"), ("reason", "string"), ("deadline", "date"), ("to", "date"),
        ("measure", "string"), ("status", "string"), ("hash", "string"), ("milestone", "string"), ("percent", "int"),
        ("step", "string")),
    "accountability": _ORG + (
        ("problem", "string"), ("seq", "int"), ("person", "string"), ("post", "string"), ("form", "int"),
        ("action", "string"), ("responsibility", "string"), ("date", "date")),
    "evidence": _ORG + (("problem", "string"), ("attached_to", "string"), ("measure", "string"), ("seq", "int"),
                        ("path", "string"), ("sha256", "string"), ("note", "string")),
}

_FIGURES: tuple[Column, ...] = (
    ("problems", "int"), ("rectified", "int"), ("closed", "int"), ("in_progress", "int"), ("open", "int"),
    ("basically_done", "int"), ("long_term", "int"), ("claimed", "int"), ("extended", "int"), ("overdue", "int"),
    ("reopened", "int"), ("hanging", "int"), ("rate", "float"), ("rate_exact", "string"),
    ("measures_done", "int"), ("measures_total", "int"), ("measure_rate", "float"), ("closed_on_time", "int"),
    ("on_time_rate", "float"), ("immediate", "int"), ("immediate_rectified", "int"), ("immediate_rate", "float"),
    ("rules_made", "int"), ("funds_returned", "money"), ("losses_recovered", "money"),
    ("accountability_1", "int"), ("accountability_2", "int"), ("accountability_3", "int"),
    ("accountability_4", "int"), ("held_accountable", "int"), ("surveys", "int"), ("participants", "int"),
    ("satisfied", "int"), ("satisfaction_rate", "float"), ("grade", "string"), ("repeats", "int"),
    ("clues_handed_over", "int"), ("clues_disposed", "int"), ("clue_disposal_rate", "float"),
    ("under_review", "int"), ("returned", "int"),
    ("measures_behind_plan", "int"), ("milestones_missed", "int"), ("partial", "int"), ("waived", "int"),
    ("dismissed", "int"), ("excluded", "int"), ("waivers_expired", "int"), ("unfinished", "int"),
    ("extensions_requested", "int"), ("extensions_approved", "int"), ("extension_share", "float"),
    ("reports_missing", "int"))

ROUND_TABLES: dict[str, tuple[Column, ...]] = {
    "problem_status": _AT + (
        ("problem", "string"), ("problem_round", "int"), ("carried_over", "bool"), ("in_figures", "bool"),
        ("counted", "bool"), ("start", "date"), ("status", "string"), ("rectified", "bool"), ("closed_on", "date"),
        ("deadline", "date"), ("overdue", "bool"), ("days_overdue", "int"), ("extended", "bool"),
        ("reopened", "bool"), ("hanging", "bool"), ("immediate", "bool"), ("measures_done", "int"),
        ("measures_total", "int"), ("on_time", "bool"), ("behind_plan", "int"), ("progress_date", "date"),
        ("progress_percent", "int"), ("progress_done", "string")),
    "figures": _AT + (
        ("name", "string"), ("at", "string"), ("on", "date"), ("feedback_on", "date"), ("end_of_period", "date"),
        ("consequence_date", "date"), ("provisional", "bool")) + _FIGURES,
    "consequences": _AT + (
        ("rule", "string"), ("on", "date"), ("fired", "bool"), ("applicable", "bool"), ("distance", "int"),
        ("reason_en", "string"), ("reason_zh", "string"), ("consequence_en", "string"), ("consequence_zh", "string"),
        ("distance_en", "string"), ("distance_zh", "string")),
}

TABLES: dict[str, tuple[Column, ...]] = {**LEDGER_TABLES, **ROUND_TABLES}

Columns = dict[str, list]


def empty(tables: Iterable[str]) -> dict[str, Columns]:
    """Column lists, empty, for each table named."""
    return {name: {column: [] for column, _ in TABLES[name]} for name in tables}


def _put(table: Columns, *values: object) -> None:
    for column, value in zip(table.values(), values):
        column.append(value)


def ledger_rows(ledger: Ledger, file: str, sha256: str, out: dict[str, Columns]) -> None:
    """Append one valid ledger's rows to the ledger tables of `out`."""
    org = ledger.organisation
    _put(out["organisations"], org.id, org.name, org.kind, org.secretary, org.parent, file, sha256)
    for i in ledger.inspections:
        survey, evaluation, site = i.survey, i.evaluation, i.on_site
        _put(out["inspections"], org.id, i.round, i.term, i.kind, i.team, i.feedback_on, i.rectify_by, i.report_on,
             site and site.start, site and site.end, survey and survey.held_on, survey and survey.participants,
             survey and survey.satisfied, survey and survey.basically_satisfied, survey and survey.dissatisfied,
             float(evaluation.score) if evaluation and evaluation.score is not None else None,
             evaluation and evaluation.grade, evaluation and evaluation.by, evaluation and evaluation.date)
        for clue in i.clues:
            _put(out["clues"], org.id, i.round, clue.id, clue.handed_on, clue.to, clue.summary, clue.disposal,
                 clue.disposed_on)
        _round_records(org.id, i, out)
    for seq, handover in enumerate(ledger.handovers, start=1):
        ack = handover.acknowledged
        _put(out["handovers"], org.id, seq, handover.date, handover.role, handover.predecessor, handover.successor,
             _ids(handover.items), handover.repointed, handover.annex, handover.by, handover.hash,
             ack and ack.date, ack and ack.by)
    for problem in ledger.problems:
        _problem_rows(org.id, problem, out)


def _ids(ids: list[str]) -> str:
    return ",".join(ids)


def _file(item: Evidence | None) -> tuple[str | None, str | None]:
    return (item.path, item.sha256) if item is not None else (None, None)


def _round_records(org: str, i: Inspection, out: dict[str, Columns]) -> None:
    """回头看 samples, periodic report submissions (报送) and supervision instruments (督办) of one round."""
    for seq, sample in enumerate(i.samples, start=1):
        _put(out["samples"], org, i.round, seq, sample.date, sample.seed, sample.by,
             float(sample.share) if sample.share is not None else None, sample.count, sample.per_organisation,
             sample.candidates, _ids(sample.drawn))
    for seq, submission in enumerate(i.submissions, start=1):
        _put(out["submissions"], org, i.round, seq, submission.period, submission.date, submission.by,
             *_file(submission.file), submission.note, submission.hash)
    for instrument in i.supervision:
        reply = instrument.reply
        _put(out["supervision"], org, i.round, instrument.id, instrument.kind, instrument.date, instrument.issuer,
             instrument.to, _ids(instrument.problems), instrument.reply_due, instrument.note, instrument.by,
             instrument.hash, reply and reply.date, reply and reply.by, reply and reply.summary,
             *_file(reply.file if reply else None))


def _problem_rows(org: str, p: ProblemItem, out: dict[str, Columns]) -> None:
    closed, long_term, claimed, outcomes = p.closed, p.long_term, p.claimed, p.outcomes
    _put(out["problems"], org, p.id, p.round, p.category, p.summary, p.source, p.common, p.immediate, p.repeat_of,
         p.found_on, p.responsible.leader, p.responsible.unit, p.responsible.person, p.deadline, p.status, p.label,
         closed and closed.date, closed and closed.by, closed and closed.verified_by,
         long_term and long_term.since, long_term and long_term.review_by, long_term and long_term.reason,
         claimed and claimed.date, claimed and claimed.by, claimed and claimed.awaits,
         outcomes.rules_made if outcomes else 0, outcomes.funds_returned if outcomes else Decimal(0),
         outcomes.losses_recovered if outcomes else Decimal(0), p.notes, p.heading, p.review and p.review.submitted)
    _review_rows(org, p, out)
    for seq, extension in enumerate(p.extensions, start=1):
        _put(out["extensions"], org, p.id, seq, extension.to, extension.reason, extension.approved_by, extension.date)
    for seq, request in enumerate(p.extension_requests, start=1):
        _put(out["extension_requests"], org, p.id, seq, request.date, request.by, request.to, request.reason,
             request.decision, request.decided_on, request.decided_by, request.note)
    for seq, decision in enumerate(p.decisions, start=1):
        _put(out["decisions"], org, p.id, seq, decision.kind, decision.date, decision.by, decision.approved_by,
             decision.reason, decision.expires, decision.ground, decision.remaining)
    for seq, recheck in enumerate(p.rechecks, start=1):
        _put(out["rechecks"], org, p.id, seq, recheck.date, recheck.by, recheck.seed, recheck.result, recheck.reason)
    for seq, reopening in enumerate(p.reopened, start=1):
        _put(out["reopenings"], org, p.id, seq, reopening.date, reopening.by, reopening.reason, reopening.closed_on)
        if reopening.closure is not None:
            _evidence_rows(org, p.id, "reopened-closure", None, reopening.closure.evidence, out)
    for measure in p.measures:
        _put(out["measures"], org, p.id, measure.id, measure.text, measure.owner, measure.due, measure.done_on)
        _evidence_rows(org, p.id, "measure", measure.id, measure.evidence, out)
        for milestone in measure.milestones:
            _put(out["milestones"], org, p.id, measure.id, milestone.id, milestone.text, milestone.due, milestone.done_on)
    for measure_id, reports in [(None, p.progress)] + [(m.id, m.progress) for m in p.measures]:
        for seq, report in enumerate(reports, start=1):
            _put(out["progress"], org, p.id, measure_id, seq, report.date, report.by, report.done, report.next,
                 report.obstacles, report.support, report.percent)
    if closed is not None:
        _evidence_rows(org, p.id, "closure", None, closed.evidence, out)
    for seq, entry in enumerate(p.history, start=1):
        _put(out["history"], org, p.id, seq, entry.at.astimezone(dt.timezone.utc), entry.at.isoformat(), entry.by,
             entry.did, entry.date, entry.reason, entry.deadline, entry.to, entry.measure, entry.status, entry.hash,
             entry.milestone, entry.percent, entry.step)
    for seq, record in enumerate(p.accountability, start=1):
        _put(out["accountability"], org, p.id, seq, record.person, record.post, record.form, record.action,
             record.responsibility, record.date)


def _evidence_rows(org: str, problem: str, attached_to: str, measure: str | None, items: list[Evidence],
                   out: dict[str, Columns]) -> None:
    for seq, item in enumerate(items, start=1):
        _put(out["evidence"], org, problem, attached_to, measure, seq, item.path, item.sha256, item.note)


def _review_rows(org: str, p: ProblemItem, out: dict[str, Columns]) -> None:
    """销号审核: one row per approval or return, of every submission the problem kept (returned, closed, current)."""
    submissions = [(r.submission, r) for r in p.returns]
    closures = [c for c in [*(r.closure for r in p.reopened), p.closed] if c is not None and c.submitted is not None]
    rows: list[tuple] = []
    for submission, returned in submissions:
        rows += [(submission.submitted, submission.by, a.step, "approved", a.date, a.by, a.note) for a in submission.approvals]
        rows.append((submission.submitted, submission.by, returned.step, "returned", returned.date, returned.by,
                     returned.reason))
    for closure in closures:
        rows += [(closure.submitted, None, a.step, "approved", a.date, a.by, a.note) for a in closure.approvals]
    if p.review is not None:
        rows += [(p.review.submitted, p.review.by, a.step, "approved", a.date, a.by, a.note) for a in p.review.approvals]
    for seq, row in enumerate(sorted(rows, key=lambda r: (r[4], r[0])), start=1):
        _put(out["reviews"], org, p.id, seq, *row)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None  # the float of the exact fraction, as the report's JSON has it


def _figure_values(f: Figures) -> tuple:
    return (f.problems, f.rectified, f.closed, f.in_progress, f.open, f.basically_done, f.long_term, f.claimed,
            f.extended, f.overdue, f.reopened, f.hanging, _share(f.rectified, f.problems),
            f"{f.rectified}/{f.problems}" if f.problems else None, f.measures_done, f.measures_total,
            _share(f.measures_done, f.measures_total), f.closed_on_time, _share(f.closed_on_time, f.closed),
            f.immediate, f.immediate_rectified, _share(f.immediate_rectified, f.immediate), f.rules_made,
            f.funds_returned, f.losses_recovered, *f.accountability, f.held_accountable, f.surveys, f.participants,
            f.satisfied, _share(f.satisfied, f.participants), f.grade, f.repeats, f.clues_handed, f.clues_disposed,
            _share(f.clues_disposed, f.clues_handed), f.under_review, f.returned, f.behind_plan,
            f.milestones_missed, f.partial, f.waived, f.dismissed, f.excluded, f.reactivated, f.unfinished,
            f.extension_requested, f.extension_approved, _share(f.extension_approved, f.problems),
            f.reports_missing)


def _latest(state: figures.ProblemState) -> tuple:
    """The latest progress report on the date: its date, percent and what was done (None when there is none)."""
    if state.progress is None:
        return None, None, None
    report = state.progress[1]
    return report.date, report.percent, report.done


def round_rows(ledger: Ledger, round_number: int, as_of: dt.date, policy: Policy, out: dict[str, Columns]) -> None:
    """Append one ledger's part of the round (when it received it) to the round tables of `out`."""
    part = figures.organisation_round(ledger, round_number, as_of, policy)
    if part is None:
        return
    at = (round_number, as_of, part.id)
    carried = ((state, False) for state in part.states), ((state, True) for state in part.carry_states)
    for group in carried:
        for state, is_carried in group:
            _put(out["problem_status"], *at, state.id, state.problem.round, is_carried,
                 state.in_count and (part.carried_in or not is_carried), state.counted, state.start, state.status,
                 state.rectified, state.closed_on, state.deadline, state.overdue, state.days_overdue, state.extended,
                 state.reopenings > 0, state.hanging, state.problem.immediate, state.measures_done,
                 state.measures_total, state.on_time, len(state.behind_plan), *_latest(state))
    dates = (part.feedback_on, part.end_of_period, part.consequence_date, part.provisional)
    _put(out["figures"], *at, part.name, "as_of", as_of, *dates, *_figure_values(part.figures))
    _put(out["figures"], *at, part.name, "consequence_date", part.consequence_date, *dates,
         *_figure_values(part.judged))
    for result in consequences.evaluate(part.judged, policy):
        _put(out["consequences"], *at, result.rule, result.on, result.fired, result.applicable, result.distance,
             consequences.reason(result, "en"), consequences.reason(result, "zh"),
             consequences.consequence_text(result, "en"), consequences.consequence_text(result, "zh"),
             consequences.distance_text(result, "en"), consequences.distance_text(result, "zh"))
