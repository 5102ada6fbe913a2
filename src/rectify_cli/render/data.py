"""A report as data: JSON (stable keys, exact figures beside floats) and CSV with a BOM for Excel."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from json.encoder import encode_basestring
from typing import Any

from rectify_cli import consequences as rules
from rectify_cli import formalism
from rectify_cli.duties import HandoverFigures, ReportingFigures, SupervisionFigures
from rectify_cli.figures import (
    COLOURS,
    CarryOver,
    DueItem,
    Figures,
    OrgReport,
    ProblemState,
    RateSeries,
    RecheckFigures,
    RoundReport,
    open_items,
)
from rectify_cli.formalism import Sign
from rectify_cli.provenance import Provenance
from rectify_cli.render import scoresheet
from rectify_cli.render.document import (
    Document,
    Results,
    due_section,
    explain_section,
    explained_states,
    open_section,
    rule_cell,
    why_carried,
)
from rectify_cli.render.visible import VisibleCsvWriter
from rectify_cli.render.why import date_corrections, why
from rectify_cli.render.words import (
    percent,
    ratio,
    word,
)
from rectify_cli.scoring import points_text

_JSON_CONTAINERS = (dict, list, tuple)


def _json_scalar(value: Any, kind: type) -> str:
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and abs(value) != float("inf"):
        return float.__repr__(value)
    raise TypeError(value)


def _write_json(value: Any, pad: str, put: Callable[[str], None], keys: dict[str, str]) -> None:
    kind = type(value)
    if kind is dict:
        _write_json_dict(value, pad, put, keys)
    elif kind is list or kind is tuple:
        _write_json_list(value, pad, put, keys)
    else:
        put(_json_scalar(value, kind))


def _write_json_dict(value: dict, pad: str, put: Callable[[str], None], keys: dict[str, str]) -> None:
    if not value:
        put("{}")
        return
    inner = pad + "  "
    lead, sep = "{\n" + inner, ",\n" + inner
    for key, item in value.items():
        name = keys.get(key)
        if name is None:
            if type(key) is not str:
                raise TypeError(key)
            name = keys[key] = encode_basestring(key) + ": "
        put(lead + name)
        lead = sep
        if type(item) in _JSON_CONTAINERS:
            _write_json(item, inner, put, keys)
        else:
            put(_json_scalar(item, type(item)))
    put("\n" + pad + "}")


def _write_json_list(value: list | tuple, pad: str, put: Callable[[str], None], keys: dict[str, str]) -> None:
    if not value:
        put("[]")
        return
    inner = pad + "  "
    lead, sep = "[\n" + inner, ",\n" + inner
    for item in value:
        put(lead)
        lead = sep
        if type(item) in _JSON_CONTAINERS:
            _write_json(item, inner, put, keys)
        else:
            put(_json_scalar(item, type(item)))
    put("\n" + pad + "]")


def json_nested(value: object, pad: str) -> str:
    """`value` exactly as json_text writes it where it stands `pad` deep in a larger document (no newline
    after it), so a large document can be written a piece at a time."""
    out: list[str] = []
    try:
        _write_json(value, pad, out.append, {})
    except TypeError:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
    return "".join(out)


def json_text(data: object) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)` and a newline, byte for byte, in half the
    time: the standard library encodes indented JSON in pure Python, a generator per level, which
    was half the time of a large report. Strings still go through the C escaper; key encodings
    are reused. A value that is not plain JSON (str keys; str, int, finite float, bool, None, list,
    tuple, dict) is left to json.dumps."""
    out: list[str] = []
    try:
        _write_json(data, "", out.append, {})
    except TypeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _share_number(part: int, whole: int) -> float | None:
    """part / whole as a float, None when whole is 0: the float of the exact fraction (int division
    is correctly rounded), without building the Fraction."""
    return part / whole if whole else None


def rechecks_json(r: RecheckFigures) -> dict:
    """回头看 (docs/report.md): samples, problems drawn, re-checked, and what the re-checks found."""
    return {"samples": r.samples, "drawn": r.drawn, "rechecked": r.rechecked, "confirmed": r.confirmed,
            "confirmed_share": float(r.confirmed_share) if r.confirmed_share is not None else None,
            "failed_verifications": r.failed, "false_rectifications": r.false,
            "awaiting_accountability": list(r.awaiting_accountability)}


def reporting_json(r: ReportingFigures) -> dict:
    """定期报送 (docs/report.md): reports due by the date, submitted, late and missing, by period."""
    return {"duty": r.duty, "owed": r.owed, "submitted": r.submitted,
            "late": [{"period": period, "due": due.isoformat(), "submitted_on": made.isoformat(),
                      "days_late": (made - due).days} for period, due, made in r.late],
            "missing": [{"period": period, "due": due.isoformat()} for period, due in r.missing]}


def supervision_json(s: SupervisionFigures) -> dict:
    """督办 (docs/report.md): instruments sent by kind, and the replies awaited and overdue (instrument ids)."""
    return {"total": s.total, "by_kind": dict(s.counts), "replies_awaited": list(s.awaiting),
            "replies_overdue": list(s.overdue)}


def handovers_json(h: HandoverFigures) -> dict:
    """新官理旧账 (docs/report.md): handovers recorded, those not acknowledged, items of someone who left."""
    return {"handovers": h.handovers,
            "unacknowledged": [{"date": d.isoformat(), "role": role, "predecessor": old, "successor": new}
                               for d, role, old, new in h.unacknowledged],
            "responsible_left": [{"problem": problem, "person": person} for problem, person in h.left]}


def figures_json(f: Figures) -> dict:
    rated = f.problems > 0
    return {
        "problems": f.problems, "rectified": f.rectified, "closed": f.closed, "in_progress": f.in_progress,
        "open": f.open, "basically_done": f.basically_done, "long_term": f.long_term, "claimed": f.claimed,
        "under_review": f.under_review, "returned": f.returned,
        "extended": f.extended,
        "overdue": f.overdue, "reopened": f.reopened, "hanging": f.hanging,
        "rate": _share_number(f.rectified, f.problems), "rate_exact": ratio(f.rectified, f.problems) if rated else None,
        "rate_percent": percent(f.rate) if rated else None,
        "measures_done": f.measures_done, "measures_total": f.measures_total,
        "measure_rate": _share_number(f.measures_done, f.measures_total),
        "closed_on_time": f.closed_on_time, "on_time_rate": _share_number(f.closed_on_time, f.closed),
        "immediate": f.immediate, "immediate_rectified": f.immediate_rectified,
        "immediate_rate": _share_number(f.immediate_rectified, f.immediate),
        "rules_made": f.rules_made, "funds_returned": f"{f.funds_returned:.2f}",
        "losses_recovered": f"{f.losses_recovered:.2f}",
        "accountability": {str(form): count for form, count in enumerate(f.accountability, start=1)},
        "held_accountable": f.held_accountable,
        "participants": f.participants, "satisfied": f.satisfied,
        "satisfaction_rate": _share_number(f.satisfied, f.participants),
        "grade": f.grade, "repeats": f.repeats,
        "clues_handed_over": f.clues_handed, "clues_disposed": f.clues_disposed,
        "clue_disposal_rate": _share_number(f.clues_disposed, f.clues_handed),
        "measures_behind_plan": f.behind_plan, "milestones_missed": f.milestones_missed,
        "partial": f.partial, "waived": f.waived, "dismissed": f.dismissed, "excluded": f.excluded,
        "waivers_expired": f.reactivated, "unfinished": f.unfinished,
        "extensions_requested": f.extension_requested, "extensions_approved": f.extension_approved,
        "extension_share": _share_number(f.extension_approved, f.problems),
        "extension_share_percent": percent(f.extension_share) if rated else None,
    }


def carry_json(carry: Figures | None, ids: tuple[str, ...] | None, included: bool) -> dict:
    """The carried problems on as-of: how many, settled since, still unsettled, overdue (and which, per organisation)."""
    carry = carry or Figures(on=dt.date.min)
    data: dict[str, object] = {"carried": carry.problems, "settled": carry.rectified, "unsettled": carry.in_progress,
            "overdue": carry.overdue, "included_in_figures": included}
    if ids is not None:
        data["ids"] = list(ids)
    return data


def carry_item_json(item: CarryOver, names: dict[str, str]) -> dict:
    return {"organisation": item.organisation, "organisation_name": names.get(item.organisation), "id": item.id,
            "round": item.round, "carried_into": item.into, "feedback_on": item.feedback_on.isoformat(),
            "category": item.category, "summary": item.summary, "person": item.person,
            "status_at_feedback": item.status_then, "status": item.status, "settled": item.settled,
            "closed_on": item.closed_on.isoformat() if item.closed_on else None,
            "deadline": item.deadline.isoformat(), "overdue": item.overdue, "days_overdue": item.days_overdue}


def sign_json(sign: Sign) -> dict:
    return {"kind": sign.kind, "problems": list(sign.problems), "count": sign.count, "of": sign.of,
            "days": sign.days, "sha256": sign.sha256 or None}


def due_json(item: DueItem, names: dict[str, str]) -> dict:
    return {"colour": item.colour, "days_left": item.days_left, "organisation": item.organisation,
            "organisation_name": names.get(item.organisation), "round": item.round, "problem": item.problem,
            "measure": item.measure, "text": item.text, "person": item.person, "due": item.due.isoformat(),
            "status": item.status, "milestone": item.milestone, "milestone_text": item.milestone_text or None,
            "behind_plan": item.behind_plan}


def progress_json(state: ProblemState) -> dict | None:
    """The latest progress report on the as-of date (on the problem, or on `measure`), or None."""
    if state.progress is None:
        return None
    measure, report = state.progress
    return {"measure": measure, "date": report.date.isoformat(), "by": report.by, "done": report.done,
            "next": report.next, "obstacles": report.obstacles, "support": report.support, "percent": report.percent}


def colour_counts(items) -> dict:
    counts = dict.fromkeys(COLOURS, 0)
    for item in items:
        counts[item.colour] += 1
    return counts


def series_json(series: RateSeries) -> dict:
    def point(f: Figures) -> dict:
        return {"on": f.on.isoformat(), "problems": f.problems, "rectified": f.rectified, "rate": _number(f.rate),
                "rate_exact": None if f.rate is None else ratio(f.rectified, f.problems)}

    return {"round": series.round, "as_of": series.as_of.isoformat(),
            "points": [p.isoformat() for p in series.points], "judged_on": [p.isoformat() for p in series.judged_on],
            "organisations": [{"id": org_id, "name": name, "rates": [point(f) for f in at_points]}
                              for org_id, name, at_points in series.organisations],
            "totals": [point(f) for f in series.totals]}


def result_json(result: rules.RuleResult, lang: str, checks: bool) -> dict:
    item: dict[str, object] = {"rule": result.rule}
    if checks:
        item.update(fired=result.fired, applicable=result.applicable)
    item["reason"] = rules.reason(result, lang)
    if not checks:
        item["consequence"] = rules.consequence_text(result, lang)
    item.update(distance=result.distance, distance_text=rules.distance_text(result, lang))
    return item


def _state_json(state: ProblemState, names: dict[str, str]) -> dict:
    problem = state.problem
    return {"organisation": state.organisation, "organisation_name": names.get(state.organisation),
            "id": problem.id, "category": problem.category, "summary": problem.summary,
            "person": problem.responsible.person, "deadline": state.deadline.isoformat(), "status": state.status,
            "label": problem.label, "overdue": state.overdue, "days_overdue": state.days_overdue,
            "measures_done": state.measures_done, "measures_total": state.measures_total,
            "behind_plan": list(state.behind_plan), "progress": progress_json(state)}


def _points(value) -> str | None:
    return None if value is None else points_text(value)


def score_sheet_json(org: OrgReport, lang: str) -> dict | None:
    """考核评价得分表 (scoring.py): each indicator's points, exact and as printed, why and the formula."""
    sheet = org.sheet
    if sheet is None:
        return None
    lines = []
    for line in sheet.lines:
        indicator = line.indicator
        lines.append({
            "indicator": indicator.id, "name": scoresheet.indicator_name(line, lang), "kind": line.kind,
            "computed": indicator.computed, "points": points_text(line.most), "score": _points(line.points),
            "score_exact": None if line.points is None else str(line.points),
            "part": line.part if line.kind != "evaluator" else None,
            "whole": line.whole if line.kind == "share" else None,
            "deduct": _points(indicator.deduct),
            "by": line.score.by if line.score else None,
            "date": line.score.date.isoformat() if line.score else None,
            "note": line.score.note if line.score else None,
            "why": scoresheet.why_text(line, org, lang), "formula": scoresheet.formula_text(line, lang)})
    total = sheet.total
    return {"on": sheet.on.isoformat(), "lines": lines, "complete": sheet.complete, "missing": list(sheet.missing),
            "total": points_text(total) if sheet.complete else None,
            "total_exact": str(total) if sheet.complete else None,
            "grade": sheet.grade, "recorded_grade": sheet.recorded_grade,
            "recorded_score": None if sheet.recorded_score is None else str(sheet.recorded_score),
            "grade_agrees": sheet.grade_agrees, "score_agrees": sheet.score_agrees, "example": sheet.example,
            "explanation": scoresheet.total_text(sheet, lang)}


def _organisation_json(org: OrgReport, org_results: Sequence, lang: str) -> dict:
    """One organisation of the report's JSON (docs/report.md)."""
    return {
        "id": org.id, "name": org.name, "feedback_on": org.feedback_on.isoformat(),
        "end_of_period": org.end_of_period.isoformat(), "consequence_date": org.consequence_date.isoformat(),
        "provisional": org.provisional, "before_feedback": org.before_feedback, **figures_json(org.figures),
        "at_consequence_date": figures_json(org.judged),
        "repeated": [{"id": problem, "repeat_of": earlier} for problem, earlier in org.repeat_pairs],
        "carry_over": carry_json(org.carry, org.carry_ids, org.carried_in),
        "warning_counts": dict(zip(COLOURS, org.due_counts)),
        "formalism": [sign_json(sign) for sign in org.signs],
        "rechecks": rechecks_json(org.rechecks),
        "score_sheet": score_sheet_json(org, lang),
        "published": [{"date": item.date.isoformat(), "scope": item.scope, "where": item.where,
                       "as_of": item.as_of.isoformat(), "sha256": item.sha256,
                       "contradicted": [{"figure": name, "published": str(published), "now": str(now)}
                                        for name, published, now in item.contradicted]}
                      for item in org.published],
        "reporting": reporting_json(org.reporting),
        "supervision": supervision_json(org.supervision),
        "handovers": handovers_json(org.handovers),
        "consequences": [result_json(r, lang, False) for r in org_results if r.fired],
        "checks": [result_json(r, lang, True) for r in org_results],
    }


def organisations_json(report: RoundReport, results: Results, lang: str) -> Iterator[dict]:
    """The report's `organisations`, one at a time (a roll-up renders each and lets it go)."""
    return (_organisation_json(org, results.get(org.id, ()), lang) for org in report.organisations)


def report_json(report: RoundReport, results: Results, lang: str, view: str = "report",
                explain: OrgReport | None = None, provenance: Provenance | None = None,
                series: RateSeries | None = None, invalid: Sequence[str] = ()) -> str:
    organisations = list(organisations_json(report, results, lang))
    firing: dict[str, list[str]] = {}
    for org in report.organisations:
        for result in results.get(org.id, ()):
            if result.fired:
                firing.setdefault(result.rule, []).append(org.id)
    common = report.consequence_date
    data = {
        "format": "rectify-report", "version": 1, "round": report.round, "as_of": report.as_of.isoformat(),
        "consequence_basis": report.basis, "consequence_date": common.isoformat() if common else None,
        "lang": lang, "rectified_statuses": list(report.policy.rectified_statuses),
        "filters": {"organisations": list(report.organisation_filter), "categories": list(report.category_filter)},
        "invalid_files": list(invalid),
        "organisations": organisations,
        "categories": [{"id": category, "name": report.policy.category_name(category, lang), **figures_json(f)}
                       for category, f in report.categories],
        "totals": {"organisations": len(report.organisations), **figures_json(report.totals),
                   "grades": dict(report.totals.grades), "consequences": firing,
                   "carry_over": carry_json(report.carry, None, report.policy.include_carry_over),
                   "warning_counts": dict(zip(COLOURS, report.due_counts)),
                   "formalism_counts": {kind: sum(1 for _, sign in report.signs if sign.kind == kind)
                                        for kind in formalism.KINDS},
                   "rechecks": rechecks_json(report.rechecks),
                   "reporting": reporting_json(report.reporting),
                   "supervision": supervision_json(report.supervision),
                   "handovers": handovers_json(report.handovers)},
    }
    names = {org.id: org.name for org in report.organisations}
    if view == "due":
        data["warnings"] = [due_json(item, names) for item in report.due]
    if series is not None and view == "report":
        data["trend"] = series_json(series)
    if view == "open":
        data["open_items"] = [_state_json(state, names) for state in open_items(report)]
        data["carry_over_items"] = [carry_item_json(item, names) for org in report.organisations
                                    for item in org.carry_over]
    if view == "explain" and explain is not None:
        data["explain"] = {
            "organisation": explain.id, "numerator": explain.figures.rectified,
            "denominator": explain.figures.problems, "rate": _number(explain.figures.rate),
            "problems": [{"id": s.problem.id, "summary": s.problem.summary,
                          "start": s.start.isoformat() if s.start else None,
                          "status": s.status if s.counted else None, "in_denominator": s.in_count,
                          "in_numerator": s.in_count and s.rectified, "carried_over": carried,
                          "why": (why_carried(s, explain, lang) if carried else "") + why(s, report, lang),
                          "corrections": [_correction_json(entry) for entry in date_corrections(s)]}
                         for s, carried in explained_states(explain)],
        }
    if provenance is not None:
        data["provenance"] = provenance.as_json()
    return json_text(data)


def _correction_json(entry) -> dict:
    return {"field": entry.field, "measure": entry.measure, "old": entry.old, "new": entry.new,
            "date": (entry.date or entry.at.date()).isoformat(), "by": entry.by, "reason": entry.reason}


def provenance_rows(provenance: Provenance | None, lang: str, invalid: Sequence[str] = ()) -> list[list[str]]:
    """Key and value rows; `invalid_files` (the ledger files left out, "; " between them) is always there."""
    if provenance is None:
        return []
    label = word("level_provenance", lang)
    return [[label, key, "" if value is None else (json.dumps(value, ensure_ascii=False)
                                                    if not isinstance(value, str) else value)]
            for key, value in (("git", provenance.git), ("commit", provenance.commit), ("dirty", provenance.dirty),
                               ("content_sha256", provenance.content_sha256), ("files", len(provenance.files)),
                               ("invalid_files", "; ".join(invalid)), *provenance.parameters)]


def _figure_cells(f: Figures) -> list[str]:
    return [str(f.problems), str(f.rectified), str(f.in_progress), str(f.basically_done), str(f.long_term),
            str(f.extended), str(f.overdue), str(f.reopened), str(f.hanging),
            "" if f.rate is None else percent(f.rate), str(f.measures_done), str(f.measures_total),
            "" if f.measure_rate is None else percent(f.measure_rate),
            "" if f.on_time_rate is None else percent(f.on_time_rate), str(f.rules_made),
            f"{f.funds_returned:.2f}", f"{f.losses_recovered:.2f}", *(str(n) for n in f.accountability),
            "" if f.satisfaction is None else percent(f.satisfaction),
            f.grade or ("; ".join(f"{g} {n}" for g, n in f.grades)), str(f.repeats), str(f.clues_handed),
            str(f.clues_disposed), "" if f.clue_disposal_rate is None else percent(f.clue_disposal_rate)]


def _tail_cells(f: Figures) -> list[str]:
    """The columns added after the first release, in the order they were added (scripts read by position)."""
    return [str(value) for value in (f.claimed, f.under_review, f.returned, f.partial, f.waived, f.excluded,
                                     f.unfinished, f.extension_requested, f.extension_approved)]


def _view_csv(report: RoundReport, lang: str, view: str, explain: OrgReport | None,
              provenance: Provenance | None, invalid: Sequence[str]) -> str:
    """The --open, --due or --explain table, then an empty row and the provenance rows."""
    if view == "open":
        section = open_section(report, lang, split_measures=True)
    elif view == "due":
        section = due_section(report, lang)
    else:
        assert explain is not None, "the explain view names its organisation"
        section = explain_section(report, explain, lang)
    return document_csv(Document("", [], [section]), provenance, lang, invalid)


def document_csv(doc: Document, provenance: Provenance | None, lang: str, invalid: Sequence[str] = ()) -> str:
    """A document's table as CSV (UTF-8 with BOM), then an empty row and the provenance rows."""
    out = io.StringIO()
    writer = VisibleCsvWriter(out, lineterminator="\r\n")
    for section in doc.sections:
        writer.writerow(section.headers)
        writer.writerows(section.rows)
    if provenance is not None:
        writer.writerow([])
        writer.writerows(provenance_rows(provenance, lang, invalid))
    return "\ufeff" + out.getvalue()


def report_csv(report: RoundReport, results: Results, lang: str, view: str = "report",
               explain: OrgReport | None = None, provenance: Provenance | None = None,
               invalid: Sequence[str] = ()) -> str:
    """One table per file, UTF-8 with a BOM so that Excel opens the Chinese intact.

    The report view has a row per organisation, per category and the total (column `level`),
    then the provenance rows (level `provenance`: key in the second column, value in the third);
    --open and --explain write their own table instead, then an empty row and the provenance rows.
    """
    if view in ("open", "due", "explain"):
        return _view_csv(report, lang, view, explain, provenance, invalid)
    out = io.StringIO()
    writer = VisibleCsvWriter(out, lineterminator="\r\n")
    headers = [word(k, lang) for k in ("level", "id", "organisation", "problems", "rectified", "in_progress",
                                       "basically_done", "long_term", "extended", "overdue_count",
                                       "reopened", "hanging", "rate", "measures_done", "measures_total", "measure_rate", "on_time_rate",
                                       "rules_made",
                                       "funds_returned", "losses_recovered", "form1", "form2", "form3", "form4",
                                       "satisfaction", "grade", "repeats", "clues_handed", "clues_disposed",
                                       "clue_rate", "carried", "settled", "unsettled", "judged_on", "consequences",
                                       "claimed_count", "under_review_count", "returned_count", "partial_count",
                                       "waived_count", "excluded_count", "unfinished_count",
                                       "extension_requested_count", "extension_approved_count")]
    # new columns go last: scripts read CSV by position
    writer.writerow(headers)

    def carried(carry: Figures | None) -> list[str]:
        carry = carry or Figures(on=report.as_of)
        return [str(carry.problems), str(carry.rectified), str(carry.in_progress)]

    for org in report.organisations:
        # the stable ids in English (what --fail-on takes), the rules' names in Chinese
        fired = ("、" if lang == "zh" else "; ").join(rule_cell(r.rule, lang) for r in results.get(org.id, ()) if r.fired)
        writer.writerow([word("level_organisation", lang), org.id, org.name, *_figure_cells(org.figures), *carried(org.carry),
                         org.consequence_date.isoformat(), fired, *_tail_cells(org.figures)])
    for category, f in report.categories:
        writer.writerow([word("level_category", lang), category, report.policy.category_name(category, lang),
                         *_figure_cells(f), "", "", "", "", "", *_tail_cells(f)])
    writer.writerow([word("level_total", lang), "", word("total", lang), *_figure_cells(report.totals), *carried(report.carry),
                     "", "", *_tail_cells(report.totals)])
    for row in provenance_rows(provenance, lang, invalid):
        writer.writerow(row)
    return "\ufeff" + out.getvalue()
