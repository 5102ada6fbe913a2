"""Print reports: a round (rich table, markdown, plain, CSV with BOM, JSON, one self-contained HTML
file), an organisation's trend, a round's as-of series, and the common problems.

Input is what the core made: a figures.RoundReport and policy.apply()'s results (and a
figures.RateSeries, the organisation_rounds parts, common_problems' rows, a provenance.Provenance).
Nothing here computes a figure; it only chooses words (words.py) and layout. Four views of a
round: the report (progress statistics, outcomes, categories, carry-over/repeats/clues,
consequences, distances, warning counts, summary; with --trend the as-of series), `open` (items
still being rectified and the problems carried over), `due` (each warning, most urgent first) and
`explain` (how one organisation's rate is counted). Every view starts with the same header (round,
as-of date, how and when consequences are judged, which statuses count as rectified) and ends
with the provenance. Every warning row carries its colour as a word (red/红 ...) as well as a style.
When ledger files were left out as invalid, every format says which (text: a line under the
title; JSON: "invalid_files"; CSV: the provenance row invalid_files). On a terminal narrower than
a table, the table is fitted to it by layout.py (wrapped, in parts, or as blocks per row).

Charts (HTML): the bars are each organisation's rate at its consequence date, the figure the rules
judge (red at or below the line), with a mark for the rate at the as-of date where it differs; the
line chart draws the as-of series, the consequence dates dotted.

JSON (stable; keys are English whatever --lang, sentences follow --lang; docs/report.md is the
reference): {"format": "rectify-report", "version": 1, "round", "as_of", "consequence_basis",
"consequence_date", "lang", "rectified_statuses", "filters", "invalid_files", "organisations": [{"id", "name",
"feedback_on", "end_of_period", "consequence_date", "provisional", <figures at as-of>,
"at_consequence_date": {<figures>}, "repeated", "carry_over", "warning_counts", "consequences"
(fired only), "checks" (every enabled rule)}], "categories", "totals" (with "grades",
"consequences", "carry_over", "warning_counts"), "open_items" and "carry_over_items" with --open,
"warnings" with --due-soon, "explain" with --explain, "trend" with --trend, "provenance"}.
<figures> = problems, rectified, closed, in_progress, open, basically_done, long_term, extended,
overdue, reopened (the relapses), hanging, rate (0..1 or null), rate_exact ("4/9"), rate_percent
("44.44%"), measures_done, measures_total, measure_rate, closed_on_time, on_time_rate, immediate,
immediate_rectified, immediate_rate, rules_made, funds_returned and losses_recovered (exact decimal
strings), accountability ({"1".."4"}), held_accountable, participants, satisfied,
satisfaction_rate, grade, repeats, clues_handed_over, clues_disposed, clue_disposal_rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from rectify_cli import consequences as rules
from rectify_cli.figures import (
    CommonCategory,
    OrgReport,
    RateSeries,
    RoundReport,
)
from rectify_cli.provenance import Provenance
from rectify_cli.render.data import (
    figures_json,
    json_text,
    report_csv,
    report_json,
    result_json,
    series_json,
)
from rectify_cli.render.document import (
    Document,
    Results,
    Section,
    document,
    invalid_lines,
    listed,
    provenance_lines,
    rule_cell,
    series_section,
)
from rectify_cli.render.html import as_html
from rectify_cli.render.text import as_markdown, as_plain, as_rich
from rectify_cli.render.words import (
    NONE,
    percent,
    word,
)

# --- the header ----------------------------------------------------------------------------------


# --- the report view -----------------------------------------------------------------------------


# --- the open and explain views ------------------------------------------------------------------


# --- JSON ----------------------------------------------------------------------------------------


# --- CSV -----------------------------------------------------------------------------------------


# --- text tables ---------------------------------------------------------------------------------


# --- HTML ----------------------------------------------------------------------------------------


def render(report: RoundReport, results: Results, output_format: str, lang: str, view: str = "report",
           explain: OrgReport | None = None, color: bool = False, width: int | None = None,
           provenance: Provenance | None = None, series: RateSeries | None = None,
           invalid: Sequence[str] = ()) -> str:
    """The report as text in one of FORMATS (CSV text starts with a BOM).

    `invalid`: the ledger files left out of it (invalid), named in every format.
    """
    if output_format == "json":
        return report_json(report, results, lang, view, explain, provenance, series, invalid)
    if output_format == "csv":
        return report_csv(report, results, lang, view, explain, provenance, invalid)
    doc = document(report, results, lang, view, explain, provenance, series, invalid)
    if output_format == "markdown":
        return as_markdown(doc)
    if output_format == "plain":
        return as_plain(doc)
    if output_format == "html":
        return as_html(doc, lang)
    return as_rich(doc, color=color, width=width)


# --- the trend and common views (rectify trend, rectify common) ---------------------------------


def _rule_names(results: tuple[rules.RuleResult, ...], lang: str) -> str:
    fired = [rule_cell(result.rule, lang) for result in results if result.fired]
    return listed(fired, lang) if fired else NONE


def trend_document(parts: list[OrgReport], as_of: dt.date, policy, lang: str,
                   provenance: Provenance | None = None) -> Document:
    """One organisation round after round: each round's figures and consequences at its consequence date."""
    name = parts[0].name if parts else ""
    headers = [word(k, lang) for k in ("round", "feedback_on", "judged_on", "problems", "rectified", "rate",
                                       "overdue_count", "hanging", "repeats", "relapses", "carried", "clue_rate",
                                       "consequences")]
    rows, styles = [], []
    for org in parts:
        f = org.judged
        judged = org.consequence_date.isoformat()
        if org.provisional:
            judged = word("provisional_mark", lang, date=judged)
        results = rules.evaluate(f, policy)
        rows.append([str(org.round), org.feedback_on.isoformat(), judged, str(f.problems), str(f.rectified),
                     percent(f.rate), str(f.overdue), str(f.hanging), str(f.repeats), str(f.reopened),
                     str(len(org.carry_over)), percent(f.clue_disposal_rate), _rule_names(results, lang)])
        styles.append("red" if any(r.fired for r in results) else None)
    section = Section("", headers, rows, set(range(3, 12)) | {0}, styles, word("trend_note", lang))
    return Document(word("title_trend", lang, org=name, date=as_of.isoformat()), [], [section], footer_title=word("title_provenance", lang) if provenance else "",
                    footer=provenance_lines(provenance, lang) if provenance else [])


def trend_json(parts: list[OrgReport], org_id: str, as_of: dt.date, policy, lang: str,
               provenance: Provenance | None = None, invalid: Sequence[str] = ()) -> str:
    rounds_data = []
    for org in parts:
        results = rules.evaluate(org.judged, policy)
        rounds_data.append({
            "round": org.round, "feedback_on": org.feedback_on.isoformat(),
            "end_of_period": org.end_of_period.isoformat(), "consequence_date": org.consequence_date.isoformat(),
            "provisional": org.provisional, **figures_json(org.judged),
            "carried_over": len(org.carry_over),
            "consequences": [result_json(r, lang, False) for r in results if r.fired],
        })
    data = {"format": "rectify-trend", "version": 1, "organisation": {"id": org_id, "name": parts[0].name if parts else None},
            "as_of": as_of.isoformat(), "consequence_basis": policy.consequence_date, "lang": lang,
            "invalid_files": list(invalid), "rounds": rounds_data}
    if provenance is not None:
        data["provenance"] = provenance.as_json()
    return json_text(data)


def series_document(series: RateSeries, policy, lang: str, provenance: Provenance | None = None) -> Document:
    """A round's rate at each month-end of the concentrated period: a table (and a line chart in HTML)."""
    title = word("title_series_round", lang, round=series.round, date=series.as_of.isoformat())
    section = series_section(series, lang, "")
    rule = policy.rules.democratic_life_meeting
    return Document(title, [], [section], threshold=rule.rate_at_or_below if rule.enabled else None,
                    as_of=series.as_of.isoformat(), series=series,
                    footer_title=word("title_provenance", lang) if provenance else "",
                    footer=provenance_lines(provenance, lang) if provenance else [])


def series_report_json(series: RateSeries, lang: str, provenance: Provenance | None = None,
                       invalid: Sequence[str] = ()) -> str:
    data = {"format": "rectify-rate-series", "version": 1, "lang": lang, "invalid_files": list(invalid),
            **series_json(series)}
    if provenance is not None:
        data["provenance"] = provenance.as_json()
    return json_text(data)


def common_document(considered: int, found: list[CommonCategory], policy, lang: str, round_number: int | None,
                    min_orgs: int, as_of: dt.date, provenance: Provenance | None = None) -> Document:
    """共性问题: the categories found in at least `min_orgs` organisations, and which, for 未巡先改."""
    headers = [word(k, lang) for k in ("category", "organisations_count", "problems", "marked_common", "which")]
    rows = [[policy.category_name(row.category, lang), f"{len(row.organisations)}/{considered}", str(len(row.problems)),
             str(row.marked_common), listed([name for _, name in row.organisations], lang)] for row in found]
    scope = (word("common_scope_round", lang, round=round_number, count=considered, min=min_orgs, date=as_of.isoformat())
             if round_number is not None else
             word("common_scope_all", lang, count=considered, min=min_orgs, date=as_of.isoformat()))
    section = Section("", headers, rows, {1, 2, 3}, [],
                      "" if rows else word("no_common", lang, min=min_orgs))
    return Document(word("title_common", lang), [scope], [section],
                    footer_title=word("title_provenance", lang) if provenance else "",
                    footer=provenance_lines(provenance, lang) if provenance else [])


def common_json(considered: int, found: list[CommonCategory], policy, lang: str, round_number: int | None,
                min_orgs: int, as_of: dt.date, provenance: Provenance | None = None,
                invalid: Sequence[str] = ()) -> str:
    categories = []
    for row in found:
        by_org: dict[str, list[str]] = {}
        for org, problem, _ in row.problems:
            by_org.setdefault(org, []).append(problem)
        categories.append({
            "id": row.category, "name": policy.category_name(row.category, lang),
            "organisations": len(row.organisations), "organisation_ids": [o for o, _ in row.organisations],
            "names": [n for _, n in row.organisations], "problems": len(row.problems),
            "marked_common": row.marked_common, "marked_common_by": list(row.marked_by), "problem_ids": by_org,
        })
    data = {"format": "rectify-common", "version": 1, "round": round_number, "as_of": as_of.isoformat(),
            "min_orgs": min_orgs, "organisations_considered": considered, "lang": lang,
            "invalid_files": list(invalid), "categories": categories}
    if provenance is not None:
        data["provenance"] = provenance.as_json()
    return json_text(data)


def render_document(doc: Document, output_format: str, lang: str, color: bool = False,
                    width: int | None = None, invalid: Sequence[str] = ()) -> str:
    """A trend or common document in a text format (table, markdown, plain, html); `invalid` names
    the ledger files left out."""
    doc = replace(doc, alerts=invalid_lines(invalid, lang)) if invalid else doc
    if output_format == "markdown":
        return as_markdown(doc)
    if output_format == "plain":
        return as_plain(doc)
    if output_format == "html":
        return as_html(doc, lang)
    return as_rich(doc, color=color, width=width)
