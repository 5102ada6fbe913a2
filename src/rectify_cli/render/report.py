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

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from rectify_cli import consequences as rules
from rectify_cli.figures import (
    COLOURS,
    CarryOver,
    CommonCategory,
    DueItem,
    Figures,
    OrgReport,
    ProblemState,
    RateSeries,
    RoundReport,
    open_items,
)
from rectify_cli.provenance import Provenance
from rectify_cli.render.words import (
    GIT_NOTES_ZH,
    NONE,
    money,
    percent,
    plural,
    ratio,
    status_word,
    threshold_text,
    word,
)

FORMATS = ("table", "markdown", "plain", "csv", "json", "html")
VIEWS = ("report", "open", "due", "explain")
RULE_NAMES = {rule.id: (rule.en, rule.zh) for rule in rules.RULES}

Results = dict[str, tuple[rules.RuleResult, ...]]


@dataclass
class Section:
    """One table: a title, headers, rows of text, which columns are numbers, an optional style per row."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    right: set[int] = field(default_factory=set)
    styles: list[str | None] = field(default_factory=list)
    note: str = ""


@dataclass
class Document:
    title: str
    header: list[str]
    sections: list[Section]
    summary: str = ""
    chart: list[tuple[str, Fraction | None, Fraction | None]] = field(default_factory=list)   # name, judged, as-of
    threshold: Fraction | None = None
    as_of: str = ""
    series: RateSeries | None = None       # drawn as a line chart in HTML
    footer_title: str = ""
    footer: list[str] = field(default_factory=list)   # the provenance lines
    alerts: list[str] = field(default_factory=list)   # before the header, emphasised: e.g. ledger files left out


def _rule_name(rule: str, lang: str) -> str:
    english, chinese = RULE_NAMES[rule]
    return chinese if lang == "zh" else english


def _list(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


# --- the header ----------------------------------------------------------------------------------


def invalid_lines(invalid: Sequence[str], lang: str) -> list[str]:
    """The note every output of a report carries when invalid ledger files were left out of it."""
    if not invalid:
        return []
    key = "invalid_left_out_one" if len(invalid) == 1 else "invalid_left_out"
    return [word(key, lang, count=len(invalid), files=_list(list(invalid), lang))]


def header_lines(report: RoundReport, lang: str) -> list[str]:
    if report.basis == "as-of":
        dates = _list([d.isoformat() for d in report.consequence_dates], lang) or report.as_of.isoformat()
    else:   # the ends of the periods themselves; a period not ended yet is named in the provisional line
        ends = sorted({org.end_of_period for org in report.organisations})
        dates = _list([d.isoformat() for d in ends], lang) or report.as_of.isoformat()
    lines = [
        word("header_basis_as_of" if report.basis == "as-of" else "header_basis_end", lang, dates=dates),
        word("header_assessments", lang, date=report.as_of.isoformat()),
    ]
    statuses = _list([status_word(s, lang) for s in report.policy.rectified_statuses], lang)
    lines.append(f"计入已完成整改的状态：{statuses}" if lang == "zh" else f"rectified means: {statuses}")
    if report.policy.include_carry_over:
        lines.append(word("header_carry_included", lang))
    by_end: dict[dt.date, list[str]] = {}
    for org in report.organisations:
        if org.provisional:
            by_end.setdefault(org.end_of_period, []).append(org.name)
    for end, names in sorted(by_end.items()):
        lines.append(word("header_provisional", lang, orgs=_list(names, lang), end=end.isoformat(),
                          date=report.as_of.isoformat()))
    filters = []
    if report.organisation_filter:
        filters.append(f"{word('organisation', lang)}: {', '.join(report.organisation_filter)}")
    if report.category_filter:
        filters.append(f"{word('category', lang)}: {', '.join(report.category_filter)}")
    if filters:
        lines.append(word("header_filters", lang, filters="; ".join(filters)))
    return lines


def title_line(report: RoundReport, lang: str) -> str:
    round_words = word("header_round", lang, round=report.round)
    as_of = word("header_as_of", lang, date=report.as_of.isoformat())
    return f"{round_words} {as_of}" if lang == "zh" else f"{round_words}: {as_of}"


# --- the report view -----------------------------------------------------------------------------


def _progress_cells(figures: Figures) -> list[str]:
    return [str(figures.problems), str(figures.rectified), str(figures.in_progress), str(figures.basically_done),
            str(figures.long_term), str(figures.extended), str(figures.overdue), str(figures.reopened),
            percent(figures.rate), ratio(figures.measures_done, figures.measures_total), percent(figures.measure_rate),
            percent(figures.on_time_rate)]


def _grades_text(figures: Figures, lang: str) -> str:
    if figures.grade is not None:
        return figures.grade
    if figures.grades:
        return _list([f"{grade}{count}" if lang == "zh" else f"{grade} {count}" for grade, count in figures.grades], lang)
    return NONE


def _outcome_cells(figures: Figures, lang: str) -> list[str]:
    return [str(figures.rules_made), money(figures.funds_returned), money(figures.losses_recovered),
            *(str(n) for n in figures.accountability), percent(figures.satisfaction), _grades_text(figures, lang)]


def progress_section(report: RoundReport, lang: str) -> Section:
    headers = [word(k, lang) for k in ("organisation", "problems", "rectified", "in_progress", "basically_done",
                                       "long_term", "extended", "overdue_count", "reopened", "rate", "measures",
                                       "measure_rate", "on_time_rate")]
    rows = [[org.name, *_progress_cells(org.figures)] for org in report.organisations]
    rows.append([word("total", lang), *_progress_cells(report.totals)])
    styles = [None] * len(report.organisations) + ["bold"]
    return Section(word("title_progress", lang), headers, rows, set(range(1, len(headers))), styles)


def outcomes_section(report: RoundReport, lang: str) -> Section:
    headers = [word(k, lang) for k in ("organisation", "rules_made", "funds_returned", "losses_recovered",
                                       "form1", "form2", "form3", "form4", "satisfaction", "grade")]
    rows = [[org.name, *_outcome_cells(org.figures, lang)] for org in report.organisations]
    rows.append([word("total", lang), *_outcome_cells(report.totals, lang)])
    styles = [None] * len(report.organisations) + ["bold"]
    return Section(word("title_outcomes", lang), headers, rows, set(range(1, len(headers) - 1)), styles)


def categories_section(report: RoundReport, lang: str) -> Section:
    headers = [word(k, lang) for k in ("category", "problems", "rectified", "in_progress", "overdue_count", "rate",
                                       "measures")]
    rows = [[report.policy.category_name(category, lang), str(f.problems), str(f.rectified), str(f.in_progress),
             str(f.overdue), percent(f.rate), ratio(f.measures_done, f.measures_total)]
            for category, f in report.categories]
    return Section(word("title_categories", lang), headers, rows, set(range(1, len(headers))))


def _rule_cell(rule: str, lang: str) -> str:
    """The stable id in English (what --fail-on takes); the Chinese name in Chinese."""
    return _rule_name(rule, lang) if lang == "zh" else rule


def _judged_cell(org: OrgReport, result: rules.RuleResult, lang: str) -> str:
    """The date a rule was judged on, marked provisional when the organisation's period had not ended."""
    on = result.on.isoformat()
    return word("provisional_mark", lang, date=on) if org.provisional else on


def consequences_section(report: RoundReport, results: Results, lang: str) -> Section:
    """The rules that fired, why, and what would clear each."""
    headers = [word(k, lang) for k in ("organisation", "judged_on", "rule", "reason", "to_clear")]
    rows = []
    for org in report.organisations:
        for result in results.get(org.id, ()):
            if result.fired:
                rows.append([org.name, _judged_cell(org, result, lang), _rule_cell(result.rule, lang),
                             rules.reason(result, lang), rules.distance_text(result, lang)])
    note = "" if rows else word("no_consequences", lang)
    return Section(word("title_consequences", lang), headers, rows, set(), ["red"] * len(rows), note)


def distances_section(report: RoundReport, results: Results, lang: str) -> Section:
    """The rules that did not fire but can be measured: where the organisation stands and how far from the line."""
    headers = [word(k, lang) for k in ("organisation", "judged_on", "rule", "now", "distance")]
    rows = []
    for org in report.organisations:
        for result in results.get(org.id, ()):
            if not result.fired and result.applicable and result.distance is not None:
                rows.append([org.name, _judged_cell(org, result, lang), _rule_cell(result.rule, lang),
                             rules.reason(result, lang), rules.distance_text(result, lang)])
    return Section(word("title_distances", lang), headers, rows)


def _rounds_cells(f: Figures, carry: Figures | None) -> list[str]:
    carry = carry or Figures(on=f.on)
    return [str(carry.problems), str(carry.rectified), str(carry.in_progress), str(carry.overdue), str(f.repeats),
            str(f.reopened), str(f.clues_handed), str(f.clues_disposed), percent(f.clue_disposal_rate)]


def rounds_section(report: RoundReport, lang: str) -> Section:
    """Per organisation: carry-over from earlier rounds, repeat findings, relapses, clue disposal."""
    headers = [word(k, lang) for k in ("organisation", "carried", "settled", "unsettled", "carry_overdue", "repeats",
                                       "relapses", "clues_handed", "clues_disposed", "clue_rate")]
    rows = [[org.name, *_rounds_cells(org.figures, org.carry)] for org in report.organisations]
    rows.append([word("total", lang), *_rounds_cells(report.totals, report.carry)])
    styles = [None] * len(report.organisations) + ["bold"]
    return Section(word("title_rounds", lang), headers, rows, set(range(1, len(headers))), styles)


def _days_text(days: int, lang: str) -> str:
    if days < 0:
        return word("day_overdue" if days == -1 else "days_overdue", lang, days=-days)
    if days == 0:
        return word("due_today", lang)
    return word("day_left" if days == 1 else "days_left", lang, days=days)


def carry_section(report: RoundReport, lang: str) -> Section:
    """未结账问题: each earlier round's problem unsettled on the feedback date, and where it stands now."""
    headers = [word(k, lang) for k in ("organisation", "id", "round", "category", "summary", "person", "status_then",
                                       "status_now", "deadline", "overdue_count")]
    names = {org.id: org.name for org in report.organisations}
    rows, styles = [], []
    for org in report.organisations:
        for item in org.carry_over:
            rows.append([names[item.organisation], item.id, str(item.round),
                         report.policy.category_name(item.category, lang), item.summary, item.person,
                         status_word(item.status_then, lang), status_word(item.status, lang),
                         item.deadline.isoformat() if not item.settled else NONE,
                         _days_text(-item.days_overdue, lang) if item.overdue else ""])
            styles.append("red" if item.overdue else None)
    if not rows:
        note = word("no_carry", lang)
    else:
        note = word("carry_included" if report.policy.include_carry_over else "carry_apart", lang)
    return Section(word("title_carry", lang), headers, rows, {2}, styles, note)


def colour_word(colour: str, lang: str) -> str:
    """The text marker that goes with every colour, so a warning reads the same without colour."""
    return word(colour, lang)


def due_rows(items: list[DueItem], names: dict[str, str], lang: str) -> tuple[list[list[str]], list[str]]:
    rows = [[colour_word(item.colour, lang), _days_text(item.days_left, lang), names.get(item.organisation, item.organisation),
             item.item, item.text, item.person, item.due.isoformat(), status_word(item.status, lang)]
            for item in items]
    return rows, [item.colour for item in items]


def due_headers(lang: str) -> list[str]:
    return [word(k, lang) for k in ("colour", "time_left", "organisation", "item", "text", "person", "due", "status")]


def due_counts_section(report: RoundReport, lang: str) -> Section:
    """三色预警 in numbers: per organisation, the problems and measures that are red, yellow and green."""
    headers = [word(k, lang) for k in ("organisation", "red_count", "yellow_count", "green_count")]
    rows = [[org.name, *(str(n) for n in org.due_counts)] for org in report.organisations]
    rows.append([word("total", lang), *(str(n) for n in report.due_counts)])
    styles = [None] * len(report.organisations) + ["bold"]
    days = report.policy.warning_days
    return Section(word("title_due_counts", lang, date=report.as_of.isoformat()), headers, rows, {1, 2, 3}, styles,
                   word("due_rule", lang, yellow=days.yellow, green=days.green) + ("。" if lang == "zh" else ". ")
                   + word("due_see", lang))


def due_section(report: RoundReport, lang: str) -> Section:
    """三色预警: the round's open problems and unfinished measures (and those carried over), most urgent first."""
    days = report.policy.warning_days
    rows, styles = due_rows(report.due, {org.id: org.name for org in report.organisations}, lang)
    note = word("due_rule", lang, yellow=days.yellow, green=days.green)
    if not rows:
        note = word("no_due", lang, green=days.green) + " " + note
    return Section(word("title_due", lang, date=report.as_of.isoformat()), due_headers(lang), rows, set(), styles, note)


def series_section(series: RateSeries, lang: str, title: str | None = None) -> Section:
    """The rate at each point of the concentrated period: a row per organisation and the total."""
    judged = set(series.judged_on)
    headers = [word("organisation", lang)] + [
        word("judged_mark", lang, date=point.isoformat()) if point in judged else point.isoformat()
        for point in series.points]
    rows = [[name, *(percent(f.rate) for f in at_points)] for _, name, at_points in series.organisations]
    rows.append([word("total", lang), *(percent(f.rate) for f in series.totals)])
    styles = [None] * len(series.organisations) + ["bold"]
    return Section(word("title_series", lang) if title is None else title, headers, rows, set(range(1, len(headers))), styles,
                   word("series_note", lang))


def summary_text(report: RoundReport, results: Results, lang: str) -> str:
    """One paragraph in the published style ("N organisations, N problems, N measures, rate X% ...")."""
    t = report.totals
    orgs = len(report.organisations)
    rate = f"{ratio(t.rectified, t.problems)} = {percent(t.rate)}" if t.problems else NONE
    measures = f"{ratio(t.measures_done, t.measures_total)} = {percent(t.measure_rate)}" if t.measures_total else NONE
    on_time = f"{ratio(t.closed_on_time, t.closed)} = {percent(t.on_time_rate)}" if t.closed else NONE
    firing: dict[str, list[str]] = {}
    for org in report.organisations:
        for result in results.get(org.id, ()):
            if result.fired:
                firing.setdefault(result.rule, []).append(org.name)
    if lang == "zh":
        forms = "、".join(f"第{n}种形态{c}人" for n, c in zip("一二三四", t.accountability))
        text = (f"第{report.round}轮共{orgs}个单位，反馈问题{t.problems}个，整改措施{t.measures_total}项；"
                f"已完成整改{t.rectified}个、正在整改{t.in_progress}个（基本完成{t.basically_done}个、"
                f"需长期坚持{t.long_term}个、申请延期{t.extended}个），超期未完成{t.overdue}个，改后又犯{t.reopened}个；"
                f"整改完成率{rate}，措施完成率{measures}，按期销号率{on_time}；"
                f"建章立制{t.rules_made}项，退缴违规资金{money(t.funds_returned)}元，"
                f"挽回经济损失{money(t.losses_recovered)}元，问责{t.held_accountable}人（{forms}）；"
                f"满意率{percent(t.satisfaction)}。")
        c = report.carry or Figures(on=report.as_of)
        text += (f"往轮未结账问题{c.problems}个，已结账{c.rectified}个、仍未结账{c.in_progress}个（超期{c.overdue}个）；"
                 f"重复问题{t.repeats}个；移交问题线索{t.clues_handed}件，已处置{t.clues_disposed}件，"
                 f"处置完成率{percent(t.clue_disposal_rate)}。")
        if firing:
            text += "触发负面清单：" + "；".join(
                f"{_rule_name(rule, lang)}{len(names)}个单位（{'、'.join(names)}）" for rule, names in firing.items()) + "。"
        else:
            text += "未触发负面清单。"
        return text
    forms = ", ".join(f"form {n}: {c}" for n, c in zip("1234", t.accountability))
    text = (f"Round {report.round}: {plural(orgs, 'organisation')}, {plural(t.problems, 'problem')} fed back, "
            f"{plural(t.measures_total, 'measure')}. {t.rectified} rectified and {t.in_progress} in progress "
            f"({t.basically_done} basically done, {t.long_term} long-term, {t.extended} extended); "
            f"{t.overdue} overdue, {t.reopened} reopened. Rectification rate {rate}; measures done {measures}; "
            f"on-time closure {on_time}. {plural(t.rules_made, 'rule')} made, {money(t.funds_returned)} yuan of "
            f"irregular funds returned, {money(t.losses_recovered)} yuan of losses recovered, "
            f"{plural(t.held_accountable, 'person', 'people')} held accountable ({forms}); "
            f"satisfaction {percent(t.satisfaction)}.")
    c = report.carry or Figures(on=report.as_of)
    text += (f" Carried over from earlier rounds: {c.problems} unsettled on the feedback date, {c.rectified} settled "
             f"since, {c.in_progress} still unsettled ({c.overdue} overdue); {plural(t.repeats, 'repeat finding')}; "
             f"clues: {t.clues_disposed} of {t.clues_handed} handed over disposed, disposal rate "
             f"{percent(t.clue_disposal_rate)}.")
    if firing:
        text += " Consequences: " + "; ".join(
            f"{_rule_name(rule, lang)} for {len(names)} organisation{'s' if len(names) != 1 else ''} "
            f"({', '.join(names)})" for rule, names in firing.items()) + "."
    else:
        text += " " + word("no_consequences", lang)
    return text


# --- the open and explain views ------------------------------------------------------------------


def _status_cell(state: ProblemState, lang: str) -> str:
    return status_word(state.status, lang)


def _days_overdue(state: ProblemState, lang: str) -> str:
    if not state.overdue:
        return ""
    return word("day_overdue" if state.days_overdue == 1 else "days_overdue", lang, days=state.days_overdue)


def open_section(report: RoundReport, lang: str, split_measures: bool = False) -> Section:
    """正在整改情况统计表. `split_measures` gives done and total their own columns (for CSV: Excel reads 1/2 as a date)."""
    measures = ["measures_done", "measures_total"] if split_measures else ["measures"]
    headers = [word(k, lang) for k in ("organisation", "id", "category", "summary", "person", "deadline", "status",
                                       *measures, "overdue_count")]
    rows, styles = [], []
    names = {org.id: org.name for org in report.organisations}
    for state in open_items(report):
        problem = state.problem
        counts = ([str(state.measures_done), str(state.measures_total)] if split_measures
                  else [ratio(state.measures_done, state.measures_total)])
        rows.append([names[state.organisation], problem.id, report.policy.category_name(problem.category, lang),
                     problem.summary, problem.responsible.person, state.deadline.isoformat(), _status_cell(state, lang),
                     *counts, _days_overdue(state, lang)])
        styles.append("red" if state.overdue else None)
    right = set(range(7, 7 + len(measures)))
    return Section(word("title_open", lang), headers, rows, right, styles, "" if rows else word("no_open_items", lang))


def why(state: ProblemState, report: RoundReport, lang: str) -> str:
    """Why a problem is in or out of the denominator and the numerator of the rate."""
    as_of = state.on.isoformat()
    if state.start is None:
        return word("why_no_start", lang)
    if not state.counted:
        return word("why_not_yet", lang, date=state.start.isoformat(), as_of=as_of)
    parts = [word("why_counted", lang, date=state.start.isoformat(), as_of=as_of)]
    status = status_word(state.status, lang)
    if state.rectified:
        if state.last_reopening is not None:
            parts.append(word("why_reopened", lang, closed_on=state.last_reopening.closed_on.isoformat(),
                              date=state.last_reopening.date.isoformat()))
        parts.append(word("why_closed", lang, date=state.closed_on.isoformat()) if state.status == "closed"
                     else word("why_status_counted", lang, status=status))
    else:
        if state.last_reopening is not None and state.status != "closed":
            parts.append(word("why_reopened", lang, closed_on=state.last_reopening.closed_on.isoformat(),
                              date=state.last_reopening.date.isoformat()))
        if state.later_closure is not None:
            parts.append(word("why_closed_later", lang, date=state.later_closure.isoformat(), as_of=as_of))
        elif state.status == "long-term" and state.problem.long_term is not None:
            parts.append(word("why_long_term", lang, date=state.problem.long_term.since.isoformat()))
        elif state.status != "open":
            parts.append(word("why_status_not_counted", lang, status=status))
        elif state.last_reopening is None:
            parts.append(word("why_open", lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def _rate_text(f: Figures) -> str:
    return f"{ratio(f.rectified, f.problems)} = {percent(f.rate)}" if f.problems else NONE


def explained_states(org: OrgReport) -> list[tuple[ProblemState, bool]]:
    """The problems an explanation accounts for: the round's, then those carried in (when the policy counts them)."""
    return [(state, False) for state in org.states] + [(state, True) for state in org.carry_states if org.carried_in]


def _why_carried(state: ProblemState, org: OrgReport, lang: str) -> str:
    text = word("why_carried", lang, round=state.problem.round, date=org.feedback_on.isoformat())
    return text + ("；" if lang == "zh" else "; ")


def explain_section(report: RoundReport, org: OrgReport, lang: str) -> Section:
    headers = [word(k, lang) for k in ("id", "summary", "start", "status", "denominator", "numerator", "why")]
    rows = []
    for state, carried in explained_states(org):
        reason = (_why_carried(state, org, lang) if carried else "") + why(state, report, lang)
        rows.append([state.problem.id, state.problem.summary, state.start.isoformat() if state.start else NONE,
                     _status_cell(state, lang) if state.counted else NONE,
                     word("yes" if state.counted else "no", lang),
                     word("yes" if state.counted and state.rectified else "no", lang), reason])
    f, judged = org.figures, org.judged
    note = word("explain_total", lang, org=org.name, numerator=f.rectified, denominator=f.problems,
                as_of=report.as_of.isoformat(), rate=_rate_text(f))
    if org.consequence_date != report.as_of:
        note += "\n" + word("explain_judged", lang, date=org.consequence_date.isoformat(), numerator=judged.rectified,
                            denominator=judged.problems, rate=_rate_text(judged))
    return Section(word("title_explain", lang, org=org.name), headers, rows, set(), [], note)


def provenance_lines(provenance: Provenance, lang: str) -> list[str]:
    """The provenance in words: commit and state of the folder, content hash, parameters (as JSON)."""
    if provenance.commit is None:
        why_not = GIT_NOTES_ZH.get(provenance.git, provenance.git) if lang == "zh" else provenance.git
        first = word("prov_no_commit", lang, why=why_not)
    elif provenance.dirty is None:
        first = word("prov_commit_unknown", lang, commit=provenance.commit, why=provenance.git)
    else:
        first = word("prov_commit_dirty" if provenance.dirty else "prov_commit_clean", lang, commit=provenance.commit)
    parameters = json.dumps(dict(provenance.parameters), ensure_ascii=False, separators=(", ", ": "))
    return [first, word("prov_content", lang, hash=provenance.content_sha256, files=len(provenance.files)),
            word("prov_parameters", lang, parameters=parameters)]


def document(report: RoundReport, results: Results, lang: str, view: str = "report",
             explain: OrgReport | None = None, provenance: Provenance | None = None,
             series: RateSeries | None = None, invalid: Sequence[str] = ()) -> Document:
    """Everything a text format prints, in order."""
    if view == "open":
        sections = [open_section(report, lang), carry_section(report, lang)]
    elif view == "due":
        sections = [due_section(report, lang)]
    elif view == "explain":
        assert explain is not None
        sections = [explain_section(report, explain, lang)]
    else:
        sections = [progress_section(report, lang), outcomes_section(report, lang),
                    categories_section(report, lang), rounds_section(report, lang),
                    consequences_section(report, results, lang), distances_section(report, results, lang),
                    due_counts_section(report, lang)]
        if series is not None:
            sections.append(series_section(series, lang))
    chart = ([(org.name, org.judged.rate, org.figures.rate) for org in report.organisations]
             if view == "report" else [])
    rule = report.policy.rules.democratic_life_meeting
    return Document(title_line(report, lang), header_lines(report, lang), sections,
                    summary_text(report, results, lang) if view == "report" else "",
                    chart, rule.rate_at_or_below if rule.enabled else None, report.as_of.isoformat(),
                    series=series if view == "report" else None,
                    footer_title=word("title_provenance", lang) if provenance else "",
                    footer=provenance_lines(provenance, lang) if provenance else [],
                    alerts=invalid_lines(invalid, lang))


# --- JSON ----------------------------------------------------------------------------------------


def json_text(data: object) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)` and a newline, byte for byte, in half the
    time: the standard library encodes indented JSON in pure Python, a generator per level, which
    was half the time of a large report. Strings still go through the C escaper; key encodings
    are reused. A value that is not plain JSON (str keys; str, int, finite float, bool, None, list,
    tuple, dict) is left to json.dumps."""
    from json.encoder import encode_basestring

    out: list[str] = []
    put = out.append
    keys: dict[str, str] = {}
    containers = (dict, list, tuple)

    def scalar(value: object, kind: type) -> str:
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

    def write(value: object, pad: str) -> None:
        kind = type(value)
        if kind is dict:
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
                if type(item) in containers:
                    write(item, inner)
                else:
                    put(scalar(item, type(item)))
            put("\n" + pad + "}")
        elif kind is list or kind is tuple:
            if not value:
                put("[]")
                return
            inner = pad + "  "
            lead, sep = "[\n" + inner, ",\n" + inner
            for item in value:
                put(lead)
                lead = sep
                if type(item) in containers:
                    write(item, inner)
                else:
                    put(scalar(item, type(item)))
            put("\n" + pad + "]")
        else:
            put(scalar(value, kind))

    try:
        write(data, "")
    except TypeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    put("\n")
    return "".join(out)


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _share_number(part: int, whole: int) -> float | None:
    """part / whole as a float, None when whole is 0: the float of the exact fraction (int division
    is correctly rounded), without building the Fraction."""
    return part / whole if whole else None


def figures_json(f: Figures) -> dict:
    rated = f.problems > 0
    return {
        "problems": f.problems, "rectified": f.rectified, "closed": f.closed, "in_progress": f.in_progress,
        "open": f.open, "basically_done": f.basically_done, "long_term": f.long_term, "extended": f.extended,
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
    }


def carry_json(carry: Figures | None, ids: tuple[str, ...] | None, included: bool) -> dict:
    """The carried problems on as-of: how many, settled since, still unsettled, overdue (and which, per organisation)."""
    carry = carry or Figures(on=dt.date.min)
    data = {"carried": carry.problems, "settled": carry.rectified, "unsettled": carry.in_progress,
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


def due_json(item: DueItem, names: dict[str, str]) -> dict:
    return {"colour": item.colour, "days_left": item.days_left, "organisation": item.organisation,
            "organisation_name": names.get(item.organisation), "round": item.round, "problem": item.problem,
            "measure": item.measure, "text": item.text, "person": item.person, "due": item.due.isoformat(),
            "status": item.status}


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


def _result_json(result: rules.RuleResult, lang: str, checks: bool) -> dict:
    item = {"rule": result.rule}
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
            "measures_done": state.measures_done, "measures_total": state.measures_total}


def report_json(report: RoundReport, results: Results, lang: str, view: str = "report",
                explain: OrgReport | None = None, provenance: Provenance | None = None,
                series: RateSeries | None = None, invalid: Sequence[str] = ()) -> str:
    organisations = []
    for org in report.organisations:
        org_results = results.get(org.id, ())
        organisations.append({
            "id": org.id, "name": org.name, "feedback_on": org.feedback_on.isoformat(),
            "end_of_period": org.end_of_period.isoformat(), "consequence_date": org.consequence_date.isoformat(),
            "provisional": org.provisional, **figures_json(org.figures),
            "at_consequence_date": figures_json(org.judged),
            "repeated": [{"id": problem, "repeat_of": earlier} for problem, earlier in org.repeat_pairs],
            "carry_over": carry_json(org.carry, org.carry_ids, org.carried_in),
            "warning_counts": dict(zip(COLOURS, org.due_counts)),
            "consequences": [_result_json(r, lang, False) for r in org_results if r.fired],
            "checks": [_result_json(r, lang, True) for r in org_results],
        })
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
                   "warning_counts": dict(zip(COLOURS, report.due_counts))},
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
                          "status": s.status if s.counted else None, "in_denominator": s.counted,
                          "in_numerator": s.counted and s.rectified, "carried_over": carried,
                          "why": (_why_carried(s, explain, lang) if carried else "") + why(s, report, lang)}
                         for s, carried in explained_states(explain)],
        }
    if provenance is not None:
        data["provenance"] = provenance.as_json()
    return json_text(data)


# --- CSV -----------------------------------------------------------------------------------------


def _provenance_rows(provenance: Provenance | None, lang: str, invalid: Sequence[str] = ()) -> list[list[str]]:
    """Key and value rows; `invalid_files` (the ledger files left out, "; " between them) is always there."""
    if provenance is None:
        return []
    label = word("level_provenance", lang)
    return [[label, key, "" if value is None else (json.dumps(value, ensure_ascii=False)
                                                    if not isinstance(value, str) else value)]
            for key, value in (("git", provenance.git), ("commit", provenance.commit), ("dirty", provenance.dirty),
                               ("content_sha256", provenance.content_sha256), ("files", len(provenance.files)),
                               ("invalid_files", "; ".join(invalid)), *provenance.parameters)]


def report_csv(report: RoundReport, results: Results, lang: str, view: str = "report",
               explain: OrgReport | None = None, provenance: Provenance | None = None,
               invalid: Sequence[str] = ()) -> str:
    """One table per file, UTF-8 with a BOM so that Excel opens the Chinese intact.

    The report view has a row per organisation, per category and the total (column `level`),
    then the provenance rows (level `provenance`: key in the second column, value in the third);
    --open and --explain write their own table instead, then an empty row and the provenance rows.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if view in ("open", "due", "explain"):
        if view == "open":
            section = open_section(report, lang, split_measures=True)
        elif view == "due":
            section = due_section(report, lang)
        else:
            section = explain_section(report, explain, lang)
        writer.writerow(section.headers)
        writer.writerows(section.rows)
        if provenance is not None:
            writer.writerow([])
            writer.writerows(_provenance_rows(provenance, lang, invalid))
        return "\ufeff" + out.getvalue()
    headers = [word(k, lang) for k in ("level", "id", "organisation", "problems", "rectified", "in_progress",
                                       "basically_done", "long_term", "extended", "overdue_count", "reopened", "hanging",
                                       "rate", "measures_done", "measures_total", "measure_rate", "on_time_rate",
                                       "rules_made",
                                       "funds_returned", "losses_recovered", "form1", "form2", "form3", "form4",
                                       "satisfaction", "grade", "repeats", "clues_handed", "clues_disposed",
                                       "clue_rate", "carried", "settled", "unsettled", "judged_on", "consequences")]
    writer.writerow(headers)

    def cells(f: Figures) -> list[str]:
        return [str(f.problems), str(f.rectified), str(f.in_progress), str(f.basically_done), str(f.long_term),
                str(f.extended), str(f.overdue), str(f.reopened), str(f.hanging),
                "" if f.rate is None else percent(f.rate), str(f.measures_done), str(f.measures_total),
                "" if f.measure_rate is None else percent(f.measure_rate),
                "" if f.on_time_rate is None else percent(f.on_time_rate), str(f.rules_made),
                f"{f.funds_returned:.2f}", f"{f.losses_recovered:.2f}", *(str(n) for n in f.accountability),
                "" if f.satisfaction is None else percent(f.satisfaction),
                f.grade or ("; ".join(f"{g} {n}" for g, n in f.grades)), str(f.repeats), str(f.clues_handed),
                str(f.clues_disposed), "" if f.clue_disposal_rate is None else percent(f.clue_disposal_rate)]

    def carried(carry: Figures | None) -> list[str]:
        carry = carry or Figures(on=report.as_of)
        return [str(carry.problems), str(carry.rectified), str(carry.in_progress)]

    for org in report.organisations:
        # the stable ids in English (what --fail-on takes), the rules' names in Chinese
        fired = ("、" if lang == "zh" else "; ").join(_rule_cell(r.rule, lang) for r in results.get(org.id, ()) if r.fired)
        writer.writerow([word("level_organisation", lang), org.id, org.name, *cells(org.figures), *carried(org.carry),
                         org.consequence_date.isoformat(), fired])
    for category, f in report.categories:
        writer.writerow([word("level_category", lang), category, report.policy.category_name(category, lang),
                         *cells(f), "", "", "", "", ""])
    writer.writerow([word("level_total", lang), "", word("total", lang), *cells(report.totals), *carried(report.carry),
                     "", ""])
    for row in _provenance_rows(provenance, lang, invalid):
        writer.writerow(row)
    return "\ufeff" + out.getvalue()


# --- text tables ---------------------------------------------------------------------------------


def _tabulate(section: Section, tablefmt: str) -> str:
    from tabulate import tabulate

    if not section.rows:
        return ""
    align = ["right" if i in section.right else "left" for i in range(len(section.headers))]
    return tabulate(section.rows, headers=section.headers, tablefmt=tablefmt, disable_numparse=True, colalign=align)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_markdown(doc: Document) -> str:
    lines = [f"# {doc.title}", ""]
    lines += [f"- **{_markdown_cell(line)}**" for line in doc.alerts]
    lines += [f"- {line}" for line in doc.header]
    for section in doc.sections:
        lines += ["", f"## {section.title}", ""] if section.title else [""]
        escaped = Section(section.title, [_markdown_cell(h) for h in section.headers],
                          [[_markdown_cell(c) for c in row] for row in section.rows], section.right)
        table = _tabulate(escaped, "pipe")
        if table:
            lines.append(table)
        if section.note:
            lines += ["", section.note] if table else [section.note]
    if doc.summary:
        lines += ["", doc.summary]
    if doc.footer:
        lines += ["", f"## {doc.footer_title}", ""] + [f"- {_markdown_cell(line)}" for line in doc.footer]
    # a document without header lines and a section without a title would leave two empty lines
    lines = [line for index, line in enumerate(lines) if line or index == 0 or lines[index - 1]]
    return "\n".join(lines) + "\n"


def as_plain(doc: Document) -> str:
    lines = [doc.title, *doc.alerts, *doc.header]
    for section in doc.sections:
        lines += ["", section.title] if section.title else [""]
        table = _tabulate(section, "simple")
        if table:
            lines.append(table)
        if section.note:
            lines.append(section.note)
    if doc.summary:
        lines += ["", doc.summary]
    if doc.footer:
        lines += ["", doc.footer_title, *doc.footer]
    return "\n".join(lines) + "\n"


def as_rich(doc: Document, color: bool = False, width: int | None = None) -> str:
    """Rich tables (CJK aligned by display width). Without a terminal (`width` None): no colour codes,
    no wrapping, every row on one line. On a terminal narrower than a table, the table is fitted
    to it (layout.py): numbers kept whole, text and headers wrapped at spaces or between Chinese
    characters, the columns split into parts repeating the first, or rows printed as blocks."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width or 100_000, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, soft_wrap=width is None, highlight=False,
                      markup=False, emoji=False)

    console.print(Text(doc.title, style="bold"))
    for line in doc.alerts:
        console.print(Text(line, style="bold red"))
    for line in doc.header:
        console.print(Text(line))
    for section in doc.sections:
        console.print()
        if section.rows:
            _print_section(console, section, width, color)
        elif section.title:
            console.print(Text(section.title, style="bold"))
        if section.note:
            console.print(Text(section.note))
    if doc.summary:
        console.print()
        console.print(Text(doc.summary))
    if doc.footer:
        console.print()
        console.print(Text(doc.footer_title, style="bold"))
        for line in doc.footer:
            console.print(Text(line))
    text = out.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    return text


def _print_section(console, section: Section, width: int | None, color: bool) -> None:
    """One section as one table, or fitted to a narrow terminal as parts or blocks (layout.plan)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from rectify_cli.render import layout

    styles = [section.styles[i] if i < len(section.styles) and color else None for i in range(len(section.rows))]

    def table(title: str) -> Table:
        return Table(title=title or None, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                     header_style="bold", pad_edge=False)

    if width is None:   # not a terminal: every row on one line, whatever its length
        whole = table(section.title)
        for index, header in enumerate(section.headers):
            whole.add_column(Text(header), justify="right" if index in section.right else "left", no_wrap=True)
        for row, style in zip(section.rows, styles):
            whole.add_row(*(Text(cell) for cell in row), style=style)
        console.print(whole)
        return
    columns = [layout.measure(header, [row[i] for row in section.rows], i in section.right)
               for i, header in enumerate(section.headers)]
    if layout.table_width([c.natural for c in columns]) <= width:
        planned = [(list(range(len(columns))), [c.natural for c in columns])]
    else:
        planned = layout.plan(columns, width)
    if planned is None:   # a block per row: its first cell, then "header: value" lines
        if section.title:
            console.print(Text(section.title, style="bold"))
        for row, style in zip(section.rows, styles):
            console.print()
            for line in layout.wrap(row[0], width - 1):
                console.print(Text(" " + line, style="bold" if style is None else f"bold {style}"))
            for header, cell in zip(section.headers[1:], row[1:]):
                if not cell:
                    continue
                colon = "：" if layout.is_wide(header) else ": "   # a Chinese header takes a Chinese colon
                lines = layout.wrap(f"{header}{colon}{cell}", width - 5)
                for index, line in enumerate(lines):
                    console.print(Text(("   " if index == 0 else "     ") + line, style=style or ""))
        return
    for number, (indexes, widths) in enumerate(planned, start=1):
        title = section.title
        if len(planned) > 1:
            title = f"{title} ({number}/{len(planned)})".strip()
            if number > 1:
                console.print()
        part = table(title)
        for index, cells in zip(indexes, widths):
            header = section.headers[index]
            part.add_column(Text("\n".join(layout.wrap(header, cells))),
                             justify="right" if index in section.right else "left",
                             width=cells, no_wrap=True, overflow="ellipsis")
        for row, style in zip(section.rows, styles):
            part.add_row(*(Text("\n".join(layout.wrap(row[index], cells)) if index not in section.right
                                else row[index]) for index, cells in zip(indexes, widths)), style=style)
        console.print(part)


# --- HTML ----------------------------------------------------------------------------------------

_CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.bold td{font-weight:bold}tr.red td{color:#b00020}tr.yellow td{color:#8a6d00;background:#fff8d6}
tr.green td{color:#1b5e20}ul.header,ul.provenance{color:#555}li.alert{color:#b00020;font-weight:bold}ul.provenance{font-size:.85em;word-break:break-all}
""".strip()


# Estimated text widths in the charts: a Chinese character is about one em wide, a Latin letter or
# digit about half (a display cell). No font metrics are at hand, so labels are measured this way,
# and a name longer than the room allowed is cut with an ellipsis and given in full as a tooltip.
LABEL_MAX_PX = 360


def _label_px(text: str, font_px: float) -> float:
    from rich.cells import cell_len

    return cell_len(text) * font_px / 2


def _svg_label(name: str, font_px: float, room_px: float) -> str:
    """A chart label that fits `room_px`: the name, or its start with "…" and the name as a <title>."""
    if _label_px(name, font_px) <= room_px:
        return html.escape(name)
    shown = name
    while shown and _label_px(shown + "…", font_px) > room_px:
        shown = shown[:-1]
    return f"<title>{html.escape(name)}</title>{html.escape(shown)}…"


def chart_svg(doc: Document, lang: str) -> str:
    """A horizontal bar per organisation and the threshold as a dashed line.

    The bar is the rate at the organisation's consequence date, the figure the rules judge (red
    when at or below the line); a black mark shows the rate at the as-of date when it differs.
    """
    bar_width, row_height, top, font = 420, 26, 28, 13
    # the names are right-aligned against the bars: room for the longest, within limits
    longest = max((_label_px(name, font) for name, _, _ in doc.chart), default=0)
    label_width = int(min(max(180, longest + 16), LABEL_MAX_PX + 16))
    height = top + row_height * len(doc.chart) + 10
    title = word("title_chart_judged", lang, date=doc.as_of)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 150}" height="{height}" '
             f'role="img" aria-label="{html.escape(title)}" font-size="13">']
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 10}" stroke="#eee"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="#888">{tick}%</text>')
    threshold = doc.threshold
    for index, (name, rate, now) in enumerate(doc.chart):
        y = top + index * row_height
        parts.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">'
                     f'{_svg_label(name, font, label_width - 16)}</text>')
        if rate is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + 17}" fill="#888">{NONE}</text>')
            continue
        fill = "#c62828" if threshold is not None and rate <= threshold else "#2e7d32"
        length = bar_width * float(rate)
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 8}" fill="{fill}"/>')
        label = percent(rate)
        if now is not None and now != rate:
            mark = label_width + bar_width * float(now)
            parts.append(f'<line x1="{mark:.1f}" y1="{y + 1}" x2="{mark:.1f}" y2="{y + row_height - 1}" '
                         f'stroke="#000" stroke-width="3"/>')
            label += f" ({percent(now)})"
        parts.append(f'<text x="{label_width + max(length, float(now or 0) * bar_width) + 5:.1f}" y="{y + 17}">'
                     f'{label}</text>')
    if threshold is not None:
        x = label_width + bar_width * float(threshold)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="#b00020" '
                     f'stroke-width="2" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{x + 4:.1f}" y="{height - 2}" fill="#b00020">'
                     f'{html.escape(word("threshold", lang))} {threshold_text(threshold)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
           "#d62728")


def line_chart_svg(series: RateSeries, threshold: Fraction | None, lang: str) -> str:
    """The as-of series as lines: x is the date (to scale), y the rate 0-100%; a line per organisation,
    the total thick and black, the threshold dashed, the consequence date(s) as dotted verticals."""
    left, width, top, height, font = 50, 520, 20, 260, 12
    # the legend right of the plot: a sample line (40 px) and the longest name, within limits
    longest = max((_label_px(name, font) for _, name, _ in series.organisations), default=0)
    legend = int(min(max(210, 40 + longest + 10), 40 + LABEL_MAX_PX + 10))
    points = series.points
    if not points:
        return ""
    first, last = points[0], points[-1]
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return left + width * ((day - first).days / span) if len(points) > 1 else left + width / 2

    def y_of(rate: Fraction) -> float:
        return top + height * (1 - float(rate))

    rows = len(series.organisations) + 1
    total_height = max(top + height + 26, top + 18 * rows + 10)
    title = word("title_line_chart", lang)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + legend}" height="{total_height}" '
             f'role="img" aria-label="{html.escape(title)}" font-size="12">']
    for tick in (0, 25, 50, 75, 100):
        y = top + height * (1 - tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#888">{tick}%</text>')
    for day in points:
        x = x_of(day)
        parts.append(f'<text x="{x:.1f}" y="{top + height + 16}" text-anchor="middle" fill="#555">'
                     f'{day.isoformat()[5:]}</text>')
    for day in series.judged_on:
        x = x_of(day)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + height}" stroke="#555" '
                     f'stroke-dasharray="2 3"/>')
        parts.append(f'<text x="{x - 3:.1f}" y="{top - 6}" text-anchor="end" fill="#555">'
                     f'{html.escape(word("judged_mark", lang, date=day.isoformat()[5:]))}</text>')
    if threshold is not None:
        y = y_of(threshold)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="#b00020" '
                     f'stroke-width="1.5" stroke-dasharray="6 4"/>')
    lines = [(name, at_points, PALETTE[index % len(PALETTE)], 1.5)
             for index, (_, name, at_points) in enumerate(series.organisations)]
    lines.append((word("total", lang), series.totals, "#000", 3))
    for index, (name, at_points, stroke, stroke_width) in enumerate(lines):
        known = [(x_of(f.on), y_of(f.rate), f) for f in at_points if f.rate is not None]
        if len(known) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in known)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="{stroke_width}"/>')
        for x, y, f in known:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{stroke}"><title>'
                         f'{html.escape(name)} {f.on.isoformat()}: {ratio(f.rectified, f.problems)} = '
                         f'{percent(f.rate)}</title></circle>')
        y = top + 18 * index + 4
        parts.append(f'<line x1="{left + width + 14}" y1="{y}" x2="{left + width + 34}" y2="{y}" stroke="{stroke}" '
                     f'stroke-width="{stroke_width}"/>')
        parts.append(f'<text x="{left + width + 40}" y="{y + 4}">{_svg_label(name, font, legend - 50)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def as_html(doc: Document, lang: str) -> str:
    """One self-contained file: inline CSS and SVG, no scripts, no external resources."""
    e = html.escape
    lines = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
             '<meta charset="utf-8">', f"<title>{e(doc.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{e(doc.title)}</h1>", '<ul class="header">', *(f'<li class="alert">{e(line)}</li>' for line in doc.alerts),
             *(f"<li>{e(line)}</li>" for line in doc.header), "</ul>"]
    if doc.summary:
        lines.append(f"<p>{e(doc.summary)}</p>")
    if doc.chart:
        lines += [f"<h2>{e(word('title_chart_judged', lang, date=doc.as_of))}</h2>", chart_svg(doc, lang)]
    if doc.series is not None and doc.series.points:
        lines += [f"<h2>{e(word('title_line_chart', lang))}</h2>", line_chart_svg(doc.series, doc.threshold, lang)]
    for section in doc.sections:
        if section.title:
            lines.append(f"<h2>{e(section.title)}</h2>")
        if section.rows:
            lines.append("<table>")
            lines.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in section.headers) + "</tr>")
            for index, row in enumerate(section.rows):
                style = section.styles[index] if index < len(section.styles) else None
                cells = "".join(f'<td class="n">{e(c)}</td>' if i in section.right else f"<td>{e(c)}</td>"
                                for i, c in enumerate(row))
                lines.append(f'<tr class="{style}">{cells}</tr>' if style else f"<tr>{cells}</tr>")
            lines.append("</table>")
        if section.note:
            lines.append(f"<p>{e(section.note)}</p>")
    if doc.footer:
        lines += [f"<h2>{e(doc.footer_title)}</h2>", '<ul class="provenance">',
                  *(f"<li>{e(line)}</li>" for line in doc.footer), "</ul>"]
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"


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
    fired = [_rule_cell(result.rule, lang) for result in results if result.fired]
    return _list(fired, lang) if fired else NONE


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
            "consequences": [_result_json(r, lang, False) for r in results if r.fired],
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
             str(row.marked_common), _list([name for _, name in row.organisations], lang)] for row in found]
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


def document_csv(doc: Document, provenance: Provenance | None, lang: str, invalid: Sequence[str] = ()) -> str:
    """A document's table as CSV (UTF-8 with BOM), then an empty row and the provenance rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for section in doc.sections:
        writer.writerow(section.headers)
        writer.writerows(section.rows)
    if provenance is not None:
        writer.writerow([])
        writer.writerows(_provenance_rows(provenance, lang, invalid))
    return "\ufeff" + out.getvalue()


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
