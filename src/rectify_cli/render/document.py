"""A round as a document: its header, sections and summary, in words of one language; no format yet.

The text, data and html modules turn a Document into table, markdown, plain, CSV or HTML; the JSON
is built from the report itself (render/data.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from rectify_cli import consequences as rules
from rectify_cli.figures import (
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
from rectify_cli.render.header import header_lines
from rectify_cli.render.why import why
from rectify_cli.render.words import (
    GIT_NOTES_ZH,
    NONE,
    listed,
    money,
    percent,
    plural,
    ratio,
    status_word,
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
    styles: Sequence[str | None] = field(default_factory=list)
    note: str = ""


@dataclass
class Document:
    title: str
    header: list[str]
    sections: list[Section]
    summary: str = ""
    # name, judged rate, as-of rate, verdict (democratic-life-meeting fired; None: not judged)
    chart: list[tuple[str, Fraction | None, Fraction | None, bool | None]] = field(default_factory=list)
    threshold: Fraction | None = None
    as_of: str = ""
    series: RateSeries | None = None       # drawn as a line chart in HTML
    footer_title: str = ""
    footer: list[str] = field(default_factory=list)   # the provenance lines
    alerts: list[str] = field(default_factory=list)   # before the header, emphasised: e.g. ledger files left out


def _rule_name(rule: str, lang: str) -> str:
    english, chinese = RULE_NAMES[rule]
    return chinese if lang == "zh" else english


def invalid_lines(invalid: Sequence[str], lang: str) -> list[str]:
    """The note every output of a report carries when invalid ledger files were left out of it."""
    if not invalid:
        return []
    key = "invalid_left_out_one" if len(invalid) == 1 else "invalid_left_out"
    return [word(key, lang, count=len(invalid), files=listed(list(invalid), lang))]


def title_line(report: RoundReport, lang: str) -> str:
    round_words = word("header_round", lang, round=report.round)
    as_of = word("header_as_of", lang, date=report.as_of.isoformat())
    return f"{round_words} {as_of}" if lang == "zh" else f"{round_words}: {as_of}"


def _progress_cells(figures: Figures) -> list[str]:
    return [str(figures.problems), str(figures.rectified), str(figures.in_progress), str(figures.basically_done),
            str(figures.long_term), str(figures.claimed), str(figures.extended), str(figures.overdue), str(figures.reopened),
            percent(figures.rate), ratio(figures.measures_done, figures.measures_total), percent(figures.measure_rate),
            percent(figures.on_time_rate)]


def _grades_text(figures: Figures, lang: str) -> str:
    if figures.grade is not None:
        return figures.grade
    if figures.grades:
        return listed([f"{grade}{count}" if lang == "zh" else f"{grade} {count}" for grade, count in figures.grades], lang)
    return NONE


def _outcome_cells(figures: Figures, lang: str) -> list[str]:
    return [str(figures.rules_made), money(figures.funds_returned), money(figures.losses_recovered),
            *(str(n) for n in figures.accountability), percent(figures.satisfaction), _grades_text(figures, lang)]


def progress_section(report: RoundReport, lang: str) -> Section:
    headers = [word(k, lang) for k in ("organisation", "problems", "rectified", "in_progress", "basically_done",
                                       "long_term", "claimed_count", "extended", "overdue_count", "reopened", "rate", "measures",
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


def rule_cell(rule: str, lang: str) -> str:
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
                rows.append([org.name, _judged_cell(org, result, lang), rule_cell(result.rule, lang),
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
                rows.append([org.name, _judged_cell(org, result, lang), rule_cell(result.rule, lang),
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


def _due_text(item: DueItem, lang: str) -> str:
    """The measure's text, and the milestone whose date the warning is for (时间节点)."""
    if not item.milestone_text:
        return item.text
    return f"{item.text}（{item.milestone_text}）" if lang == "zh" else f"{item.text} ({item.milestone_text})"


def _due_status(item: DueItem, lang: str) -> str:
    status = status_word(item.status, lang)
    if not item.behind_plan:
        return status
    mark = word("behind_plan_mark", lang)
    return f"{status}（{mark}）" if lang == "zh" else f"{status} ({mark})"


def due_rows(items: list[DueItem], names: dict[str, str], lang: str) -> tuple[list[list[str]], list[str]]:
    rows = [[colour_word(item.colour, lang), _days_text(item.days_left, lang), names.get(item.organisation, item.organisation),
             item.item, _due_text(item, lang), item.person, item.due.isoformat(), _due_status(item, lang)]
            for item in items]
    return rows, [item.colour for item in items]


def progress_text(state: ProblemState, lang: str) -> str:
    """The latest progress report in one cell: `2026-11-06 90%：…`, a measure's with its id first; "" when none."""
    if state.progress is None:
        return ""
    measure, report = state.progress
    shown = f" {report.percent}%" if report.percent is not None else ""
    text = word("progress_of", lang, date=report.date.isoformat(), percent=shown, done=report.done)
    return f"{measure} {text}" if measure else text


def behind_plan_text(state: ProblemState, lang: str) -> str:
    """`进度滞后：M2` (the measures behind plan), or "" when none."""
    if not state.behind_plan:
        return ""
    separator = "、" if lang == "zh" else ", "
    return word("behind_plan_mark", lang) + ("：" if lang == "zh" else ": ") + separator.join(state.behind_plan)


def due_headers(lang: str) -> list[str]:
    return [word(k, lang) for k in ("colour", "time_left", "organisation", "item", "text", "person", "due", "status")]


def due_counts_section(report: RoundReport, lang: str) -> Section:
    """三色预警 in numbers: per organisation, the problems and measures that are red, yellow and green."""
    headers = [word(k, lang) for k in ("organisation", "red_count", "yellow_count", "green_count", "behind_plan",
                                        "milestones_missed")]
    rows = [[org.name, *(str(n) for n in org.due_counts), str(org.figures.behind_plan), str(org.figures.milestones_missed)]
            for org in report.organisations]
    rows.append([word("total", lang), *(str(n) for n in report.due_counts), str(report.totals.behind_plan),
                 str(report.totals.milestones_missed)])
    styles = [None] * len(report.organisations) + ["bold"]
    days = report.policy.warning_days
    stop = "。" if lang == "zh" else ". "
    return Section(word("title_due_counts", lang, date=report.as_of.isoformat()), headers, rows, {1, 2, 3, 4, 5}, styles,
                   word("due_rule", lang, yellow=days.yellow, green=days.green) + stop
                   + word("behind_plan_rule", lang, colour=word(days.behind_plan, lang)) + stop + word("due_see", lang))


def sign_text(sign: Sign, lang: str) -> str:
    """Why a sign of formalism was raised, with its numbers."""
    return word(f"why_{sign.kind}", lang, count=sign.count, of=sign.of, days=sign.days, sha=sign.sha256[:12])


def formalism_section(report: RoundReport, lang: str) -> Section | None:
    """形式主义迹象: the signs among the round's closures, per organisation; None when there are none."""
    signs = report.signs
    if not signs:
        return None
    headers = [word(k, lang) for k in ("organisation", "sign", "problems_concerned", "detail")]
    separator = "、" if lang == "zh" else ", "
    rows = [[org.name, word(sign.kind, lang), separator.join(sign.problems), sign_text(sign, lang)]
            for org, sign in signs]
    return Section(word("title_formalism", lang), headers, rows, set(), ["yellow"] * len(rows),
                   word("formalism_note", lang))


def rechecks_section(report: RoundReport, lang: str) -> Section | None:
    """回头看: samples drawn and what their re-checks found, per organisation and in total; None without samples."""
    total = report.rechecks
    if not total.samples:
        return None
    headers = [word(k, lang) for k in ("organisation", "samples", "drawn", "rechecked", "confirmed_share",
                                        "failed_verifications", "false_rectifications")]

    def row(name: str, r: RecheckFigures) -> list[str]:
        share = percent(r.confirmed_share) if r.confirmed_share is not None else "-"
        return [name, str(r.samples), str(r.drawn), str(r.rechecked), share, str(r.failed), str(r.false)]

    rows = [row(org.name, org.rechecks) for org in report.organisations if org.rechecks.samples]
    rows.append(row(word("total", lang), total))
    waiting = total.awaiting_accountability
    colours = ["red" if r[-1] != "0" else None for r in rows]
    note = word("rechecks_note", lang, problems=("、" if lang == "zh" else ", ").join(waiting)) if waiting else ""
    return Section(word("title_rechecks", lang), headers, rows, {1, 2, 3, 4, 5, 6}, colours, note)


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


def _decided(t: Figures, lang: str) -> str:
    """部分整改 and 暂缓整改 inside the 正在整改 parenthesis, when there are any (issue 14's decided outcomes)."""
    parts = [(t.partial, "部分整改", "partly rectified"), (t.waived, "暂缓整改", "waived")]
    if lang == "zh":
        return "".join(f"、{zh}{n}个" for n, zh, _ in parts if n)
    return "".join(f", {n} {en}" for n, _, en in parts if n)


def _excluded(t: Figures, lang: str) -> str:
    """The problems out of the count (不予认定), after the figures they are not in."""
    if not t.excluded:
        return ""
    return f"；另有不予认定问题{t.excluded}个，不计入问题总数" if lang == "zh" else f"; {t.excluded} not upheld, out of the count"


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
                f"需长期坚持{t.long_term}个、自报完成待对账销号{t.claimed}个、申请延期{t.extended}个{_decided(t, lang)}），"
                f"超期未完成{t.overdue}个，改后又犯{t.reopened}个{_excluded(t, lang)}；"
                f"整改完成率{rate}，措施完成率{measures}，按期销号率{on_time}；"
                f"建章立制{t.rules_made}项，退缴违规资金{money(t.funds_returned)}元，"
                f"挽回经济损失{money(t.losses_recovered)}元，问责{t.held_accountable}人（{forms}）；"
                f"满意率{percent(t.satisfaction)}。")
        c = report.carry or Figures(on=report.as_of)
        text += (f"往轮未结账问题{c.problems}个，已结账{c.rectified}个、仍未结账{c.in_progress}个（超期{c.overdue}个）；"
                 f"重复问题{t.repeats}个；移交问题线索{t.clues_handed}件，已处置{t.clues_disposed}件，"
                 f"处置完成率{percent(t.clue_disposal_rate)}。")
        text += _duties_sentence(report, lang)
        if firing:
            text += "触发负面清单：" + "；".join(
                f"{_rule_name(rule, lang)}{len(names)}个单位（{'、'.join(names)}）" for rule, names in firing.items()) + "。"
        else:
            text += "未触发负面清单。"
        return text
    forms = ", ".join(f"form {n}: {c}" for n, c in zip("1234", t.accountability))
    text = (f"Round {report.round}: {plural(orgs, 'organisation')}, {plural(t.problems, 'problem')} fed back, "
            f"{plural(t.measures_total, 'measure')}. {t.rectified} rectified and {t.in_progress} in progress "
            f"({t.basically_done} basically done, {t.long_term} long-term, {t.claimed} claimed done awaiting closure, "
            f"{t.extended} extended{_decided(t, lang)}){_excluded(t, lang)}; "
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
    text += _duties_sentence(report, lang)
    if firing:
        text += " Consequences: " + "; ".join(
            f"{_rule_name(rule, lang)} for {len(names)} organisation{'s' if len(names) != 1 else ''} "
            f"({', '.join(names)})" for rule, names in firing.items()) + "."
    else:
        text += " " + word("no_consequences", lang)
    return text


def _duties_sentence(report: RoundReport, lang: str) -> str:
    """督办单3次，约谈1次; reports missing; handovers not acknowledged: said only when the round has any."""
    from rectify_cli.render.duties import supervision_phrase

    parts = []
    supervision, reporting, handovers = report.supervision, report.reporting, report.handovers
    if supervision.counts:
        parts.append(("督办：" if lang == "zh" else "supervision: ") + supervision_phrase(supervision, lang))
    if reporting.duty:
        parts.append(f"应报{reporting.owed}期、已报{reporting.submitted}期、逾期{len(reporting.late)}期、缺报"
                     f"{len(reporting.missing)}期" if lang == "zh" else
                     f"reports: {reporting.owed} due, {reporting.submitted} submitted, {len(reporting.late)} late, "
                     f"{len(reporting.missing)} missing")
    if handovers.handovers:
        parts.append(f"工作交接{handovers.handovers}次（未确认接收{len(handovers.unacknowledged)}次，"
                     f"责任人已离任的未结账问题{len(handovers.left)}个）" if lang == "zh" else
                     f"{plural(handovers.handovers, 'handover')} ({len(handovers.unacknowledged)} not acknowledged, "
                     f"{len(handovers.left)} unsettled item(s) of someone who left)")
    if not parts:
        return ""
    return "；".join(parts) + "。" if lang == "zh" else " " + "; ".join(parts) + "."


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
                                       *measures, "overdue_count", "latest_progress")]
    rows, styles = [], []
    names = {org.id: org.name for org in report.organisations}
    for state in open_items(report):
        problem = state.problem
        counts = ([str(state.measures_done), str(state.measures_total)] if split_measures
                  else [ratio(state.measures_done, state.measures_total)])
        status = _status_cell(state, lang)
        if state.behind_plan:
            status += f"（{behind_plan_text(state, lang)}）" if lang == "zh" else f" ({behind_plan_text(state, lang)})"
        rows.append([names[state.organisation], problem.id, report.policy.category_name(problem.category, lang),
                     problem.summary, problem.responsible.person, state.deadline.isoformat(), status,
                     *counts, _days_overdue(state, lang), progress_text(state, lang)])
        styles.append("red" if state.overdue else ("yellow" if state.behind_plan else None))
    right = set(range(7, 7 + len(measures)))
    return Section(word("title_open", lang), headers, rows, right, styles, "" if rows else word("no_open_items", lang))


def _rate_text(f: Figures) -> str:
    return f"{ratio(f.rectified, f.problems)} = {percent(f.rate)}" if f.problems else NONE


def explained_states(org: OrgReport) -> list[tuple[ProblemState, bool]]:
    """The problems an explanation accounts for: the round's, then those carried in (when the policy counts them)."""
    return [(state, False) for state in org.states] + [(state, True) for state in org.carry_states if org.carried_in]


def why_carried(state: ProblemState, org: OrgReport, lang: str) -> str:
    text = word("why_carried", lang, round=state.problem.round, date=org.feedback_on.isoformat())
    return text + ("；" if lang == "zh" else "; ")


def explain_section(report: RoundReport, org: OrgReport, lang: str) -> Section:
    headers = [word(k, lang) for k in ("id", "summary", "start", "status", "denominator", "numerator", "why")]
    rows = []
    for state, carried in explained_states(org):
        reason = (why_carried(state, org, lang) if carried else "") + why(state, report, lang)
        rows.append([state.problem.id, state.problem.summary, state.start.isoformat() if state.start else NONE,
                     _status_cell(state, lang) if state.counted else NONE,
                     word("yes" if state.in_count else "no", lang),
                     word("yes" if state.in_count and state.rectified else "no", lang), reason])
    f, judged = org.figures, org.judged
    note = word("explain_total", lang, org=org.name, numerator=f.rectified, denominator=f.problems,
                as_of=report.as_of.isoformat(), rate=_rate_text(f))
    if org.consequence_date != report.as_of:
        note += "\n" + word("explain_judged", lang, date=org.consequence_date.isoformat(), numerator=judged.rectified,
                            denominator=judged.problems, rate=_rate_text(judged))
    if org.signs:
        separator = "；" if lang == "zh" else "; "
        note += "\n" + word("explain_signs", lang, signs=separator.join(
            f"{word(sign.kind, lang)} ({'、'.join(sign.problems) if lang == 'zh' else ', '.join(sign.problems)}): "
            f"{sign_text(sign, lang)}" for sign in org.signs))
    checked = org.rechecks
    if checked.samples:
        share = percent(checked.confirmed_share) if checked.confirmed_share is not None else "-"
        note += "\n" + word("explain_rechecks", lang, drawn=checked.drawn, rechecked=checked.rechecked, share=share,
                            failed=checked.failed, false=checked.false)
        if checked.awaiting_accountability:
            note += "\n" + word("rechecks_note", lang, problems=("、" if lang == "zh" else ", ").join(
                checked.awaiting_accountability))
    from rectify_cli.render.duties import explain_lines

    for line in explain_lines(org, lang):
        note += "\n" + line
    return Section(word("title_explain", lang, org=org.name), headers, rows, set(), [], note)


def scores_section(report: RoundReport, lang: str) -> Section | None:
    """考核评价得分表 of the round: one row per organisation (None without an evaluation scheme)."""
    if report.policy.evaluation is None:
        return None
    rows = scoresheet.round_rows(report, lang)
    styles = ["red" if row[4] in report.policy.rules.re_rectification.grades else None for row in rows]
    return Section(word("title_scores", lang), scoresheet.round_headers(lang), rows, {1, 2, 3}, styles,
                   word("sheet_note", lang, date=_dates_text(report)))


def published_section(report: RoundReport, lang: str) -> Section | None:
    """整改情况公开: each recorded publication and the figures of the ledger now that contradict it."""
    rows, styles = [], []
    for org in report.organisations:
        for item in org.published:
            changes = [word("published_change", lang, figure=name, published=published, now=now)
                       for name, published, now in item.contradicted]
            rows.append([org.name, item.date.isoformat(), item.where or NONE, item.as_of.isoformat(), item.sha256[:12],
                         ("；" if lang == "zh" else "; ").join(changes) or word("published_ok", lang)])
            styles.append("red" if changes else None)
    if not rows:
        return None
    headers = [word(k, lang) for k in ("organisation", "published_on", "published_where", "published_as_of")]
    headers += ["sha256", word("published_contradicted", lang)]
    return Section(word("title_published", lang), headers, rows, set(), styles, word("published_note", lang))


def _dates_text(report: RoundReport) -> str:
    return ", ".join(d.isoformat() for d in report.consequence_dates)


def sheet_section(org: OrgReport, lang: str, formulas: bool = False) -> Section:
    """One organisation's score sheet: each indicator's points and why (and, for --explain, the formula)."""
    right = {1, 2}
    return Section(word("title_sheet", lang, org=org.name), scoresheet.sheet_headers(lang, formulas),
                   scoresheet.sheet_rows(org, lang, formulas), right, [], scoresheet.sheet_note(org, lang))


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


def chart_bar(org: OrgReport, results: Results) -> tuple[str, Fraction | None, Fraction | None, bool | None]:
    """An organisation's bar: the rate the rule judged, the rate as of the report, and the rule's verdict.

    The bar's length and colour come from one result: the rate the democratic-life-meeting rule
    judged and whether it fired (None when the rule is off or had no rate), never recomputed here.
    """
    verdict = next((r for r in results.get(org.id, ()) if r.rule == "democratic-life-meeting" and r.applicable), None)
    judged = verdict.value if verdict is not None else org.judged.rate
    return org.name, judged, org.figures.rate, verdict.fired if verdict is not None else None


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
        if explain.sheet is not None:
            sections.append(sheet_section(explain, lang, formulas=True))
    else:
        sections = [progress_section(report, lang), outcomes_section(report, lang),
                    categories_section(report, lang), rounds_section(report, lang)]
        scores = scores_section(report, lang)
        if scores is not None:
            sections.append(scores)
            sections.extend(sheet_section(org, lang) for org in report.organisations if scoresheet.shown(org))
        sections += [consequences_section(report, results, lang), distances_section(report, results, lang),
                     due_counts_section(report, lang)]
        formalism = formalism_section(report, lang)
        if formalism is not None:
            sections.append(formalism)
        rechecked = rechecks_section(report, lang)
        if rechecked is not None:
            sections.append(rechecked)
        published = published_section(report, lang)
        if published is not None:
            sections.append(published)
        from rectify_cli.render import duties

        for made in (duties.reporting_section(report, lang), duties.supervision_section(report, lang),
                     duties.handovers_section(report, lang)):
            if made is not None:
                sections.append(made)
        if series is not None:
            sections.append(series_section(series, lang))
    chart = [chart_bar(org, results) for org in report.organisations] if view == "report" else []
    rule = report.policy.rules.democratic_life_meeting
    return Document(title_line(report, lang), header_lines(report, lang), sections,
                    summary_text(report, results, lang) if view == "report" else "",
                    chart, rule.rate_at_or_below if rule.enabled else None, report.as_of.isoformat(),
                    series=series if view == "report" else None,
                    footer_title=word("title_provenance", lang) if provenance else "",
                    footer=provenance_lines(provenance, lang) if provenance else [],
                    alerts=invalid_lines(invalid, lang))
