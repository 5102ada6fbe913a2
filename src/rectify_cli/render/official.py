"""The documents an inspection office hands in, as Word files in the official layout (docx.py).

Every figure comes from the report the core computed (figures.RoundReport, consequences'
results): the same values the text, CSV, JSON, HTML and xlsx formats print, written by the same
helpers (words.percent, words.money, document.py's sections and summary sentence). Nothing here
counts or divides. Three kinds (`rectify report --format docx --document KIND`):

- `committee`: the round's 整改进展情况综合报告 to the standing committee: overall situation (the
  published sentence of the summary), each organisation's progress, the negative-list consequences,
  how the figures are counted; attached on landscape pages: 整改进展情况统计表, 整改成效及考核评价
  情况表, 考核评价得分表 (with an evaluation scheme), 按问题类别统计表, 正在整改情况统计表, 负面清单触发情况表,
  then the provenance.
- `unit`: each organisation's 整改情况报告 in the published form ("反馈问题N个，已完成整改X个、
  正在整改Y个……整改完成率X%"), with its table of problems still being rectified and, once scored, its
  考核评价得分表; one per
  organisation, each starting on a new page numbered from 1.
- `notice`: a 督办通知 to each organisation with problems or measures overdue or due soon (三色预警)
  or a consequence that fires: its figures, what fired, the warnings attached, a reply date to fill.
- `closure`: the 对账销号单 of each problem closed by the as-of date: the problem, its three lists,
  measures, evidence with sha256, who closed it and who verified it, and blanks to sign.

The document number (发文字号) and addressee (主送机关) are left blank for the office to fill.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rectify_cli import consequences as rules
from rectify_cli.figures import Figures, OrgReport, ProblemState, RoundReport
from rectify_cli.provenance import Provenance
from rectify_cli.render import scoresheet
from rectify_cli.render.document import (
    Results,
    Section,
    categories_section,
    consequences_section,
    due_headers,
    due_rows,
    invalid_lines,
    open_section,
    outcomes_section,
    progress_section,
    provenance_lines,
    scores_section,
    sheet_section,
    summary_text,
)
from rectify_cli.render.docx import OfficialDocument, chinese_date, chinese_dates, unbreakable
from rectify_cli.render.header import header_lines
from rectify_cli.render.words import NONE, money, percent, ratio, word

KINDS = ("committee", "unit", "closure", "notice")

_DIGITS = "零一二三四五六七八九"
BLANK_NUMBER = "　　　〔{year}〕　　号"   # 机关代字 and 序号 left blank
BLANK_ADDRESSEE = "　　　　　　："
LANDSCAPE_WIDTH = 297 - 28 - 26   # mm of type across a landscape page
PORTRAIT_WIDTH = 210 - 28 - 26


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 17 → 十七, 20 → 二十, 105 → 105 (rounds beyond 99 stay in Arabic numerals)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")
    return str(n)


def _ordinal(n: int) -> str:
    return chinese_number(n) + "、"


def _sub(n: int) -> str:
    return f"（{chinese_number(n)}）"


def _cell(text: str, lang: str) -> str:
    return chinese_dates(text) if lang == "zh" else text


def _units(text: str) -> int:
    """Display width in half-characters: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _widths(section: Section, rows: Sequence[Sequence[str]], total: float) -> list[float]:
    """Column widths in mm. A column of figures, ids or dates (docx.unbreakable) is as wide as its
    longest value — at 五号 a half-character is up to 2.1 mm in a CJK font, plus the padding — and at least
    two characters of its header: such values are never broken. The text columns share the rest by
    their longest text."""
    fixed: dict[int, float] = {}
    weights: dict[int, int] = {}
    for column, header in enumerate(section.headers):
        values = [row[column] for row in rows]
        if column in section.right or all(unbreakable(value) for value in values):
            longest = max([_units(value) for value in values] + [min(_units(header), 4)])
            fixed[column] = max(longest * 2.5 + 5.0, 12.0)
        else:
            weights[column] = min(max([_units(value) for value in values] + [min(_units(header), 8), 8]), 40)
    rest = max(total - sum(fixed.values()), 20.0 * len(weights))
    scale = rest / sum(weights.values()) if weights else 0
    return [fixed[column] if column in fixed else weights[column] * scale for column in range(len(section.headers))]


def official_table(doc: OfficialDocument, section: Section, lang: str, total: float) -> None:
    bold = {i for i, style in enumerate(section.styles) if style == "bold"}
    rows = [[_cell(value, lang) for value in row] for row in section.rows]
    left = set(range(len(section.headers))) - section.right
    doc.table([_cell(h, lang) for h in section.headers], rows, left=left, bold_rows=bold,
              widths=_widths(section, rows, total))
    if section.note:
        doc.small(_cell(section.note, lang))


# --- sentences ----------------------------------------------------------------------------------


def unit_sentence(figures: Figures, round_number: int, lang: str) -> str:
    """The published form of an organisation's progress, from its figures on the as-of date."""
    f = figures
    if lang != "zh":
        return (f"Round {round_number} fed back {f.problems} problems: {f.rectified} rectified, {f.in_progress} in "
                f"progress ({f.basically_done} basically done, {f.long_term} long-term, {f.claimed} claimed done "
                f"awaiting closure), {f.overdue} overdue; {f.measures_done} of {f.measures_total} measures done; "
                f"rectification rate {percent(f.rate)}.")
    return (f"第{chinese_number(round_number)}轮巡察反馈问题{f.problems}个，已完成整改{f.rectified}个、正在整改{f.in_progress}个"
            f"（其中基本完成{f.basically_done}个、需长期坚持{f.long_term}个、自报完成待对账销号{f.claimed}个），"
            f"超期未完成{f.overdue}个；制定整改措施{f.measures_total}项，已完成{f.measures_done}项；"
            f"整改完成率{percent(f.rate)}。")


def outcome_sentence(f: Figures, lang: str) -> str:
    if lang != "zh":
        return (f"{f.rules_made} rules made, {money(f.funds_returned)} yuan of irregular funds returned, "
                f"{money(f.losses_recovered)} yuan of losses recovered, {f.held_accountable} people held "
                f"accountable; satisfaction {percent(f.satisfaction)}; grade {f.grade or NONE}.")
    forms = "、".join(f"第{chinese_number(n)}种形态{c}人" for n, c in zip(range(1, 5), f.accountability))
    return (f"建章立制{f.rules_made}项，退缴违规资金{money(f.funds_returned)}元，挽回经济损失{money(f.losses_recovered)}元，"
            f"问责{f.held_accountable}人（{forms}）；满意率{percent(f.satisfaction)}；评定等次{f.grade or NONE}。")


def _fired(org: OrgReport, results: Results) -> list[rules.RuleResult]:
    return [result for result in results.get(org.id, ()) if result.fired]


def _consequence_sentence(org: OrgReport, results: Results, lang: str) -> str:
    fired = _fired(org, results)
    if not fired:
        return "未触发负面清单。" if lang == "zh" else "No consequence fires."
    return ("；" if lang == "zh" else "; ").join(_cell(rules.reason(r, lang), lang) for r in fired) + \
        ("。" if lang == "zh" else ".")


# --- the committee report -----------------------------------------------------------------------


_ZH = {
    "committee_title": "关于第{round}轮巡察整改进展情况的综合报告",
    "intro": "截至{date}，第{round}轮巡察{count}个被巡察单位整改进展情况报告如下。",
    "overall": "总体情况", "units": "各单位整改情况", "consequences": "负面清单触发情况", "basis": "有关说明",
    "attachments": "附件：", "attachment": "附件{n}", "series_title": "第{round}轮巡察{title}",
    "provenance": "数据来源",
    "unit_title": "{org}关于第{round}轮巡察整改情况的报告",
    "unit_open": "正在整改的问题", "unit_outcomes": "整改成效", "unit_consequences": "负面清单",
    "no_open": "截至{date}，反馈问题均已完成整改。",
    "open_attached": "正在整改的{count}个问题见附件。",
    "closure_title": "巡察整改问题对账销号单",
    "notice_title": "关于督促{org}加快推进第{round}轮巡察整改工作的通知",
    "notice_figures": "截至{date}，你单位{sentence}",
    "notice_due": "经对账，你单位有{red}项已超期、{yellow}项{yellow_days}日内到期、{green}项{green_days}日内到期（见附件）。",
    "notice_fired": "按照负面清单，{reasons}。",
    "notice_ask": "请你单位对照附件逐项推进整改，于　　年　　月　　日前将整改进展情况及佐证材料书面报送。",
    "notice_none": "截至{date}，没有需要督办的单位。",
}
_EN = {
    "committee_title": "Progress of the rectification of round {round}: consolidated report",
    "intro": "The rectification of the {count} organisations of round {round}, as it stood on {date}.",
    "overall": "Overall", "units": "By organisation", "consequences": "Consequences (negative list)",
    "basis": "How the figures are counted", "attachments": "Attachments: ", "attachment": "Attachment {n}",
    "series_title": "Round {round}: {title}", "provenance": "Provenance",
    "unit_title": "{org}: the rectification of round {round}",
    "unit_open": "Problems still being rectified", "unit_outcomes": "Outcomes", "unit_consequences": "Consequences",
    "no_open": "By {date} every problem fed back was rectified.",
    "open_attached": "The {count} problems still being rectified are attached.",
    "closure_title": "Closure sheet (对账销号单)",
    "notice_title": "Notice of supervision: {org}, round {round}",
    "notice_figures": "As of {date}: {sentence}",
    "notice_due": "{red} items are overdue, {yellow} due within {yellow_days} days, {green} within {green_days} days "
                  "(attached).",
    "notice_fired": "Under the negative list: {reasons}.",
    "notice_ask": "Report the progress of each item, with evidence, in writing by ____.",
    "notice_none": "As of {date} no organisation needs a notice.",
}


def _t(key: str, lang: str, **values: object) -> str:
    return (_ZH if lang == "zh" else _EN)[key].format(**values)


def _round_words(n: int, lang: str) -> str:
    return chinese_number(n) if lang == "zh" else str(n)


def _date(day: dt.date, lang: str) -> str:
    return chinese_date(day) if lang == "zh" else day.isoformat()


def _appendix(report: RoundReport, results: Results, lang: str) -> list[Section]:
    sections = [progress_section(report, lang), outcomes_section(report, lang)]
    scores = scores_section(report, lang)   # 考核评价得分表, when the policy has an evaluation scheme
    sections += ([scores] if scores is not None else []) + [categories_section(report, lang)]
    if any(org.states for org in report.organisations):
        sections.append(open_section(report, lang))
    sections.append(consequences_section(report, results, lang))
    return sections


def _opened(title: str, report: RoundReport, invalid: Sequence[str], lang: str) -> OfficialDocument:
    """A document of one part per organisation or problem, opened with the ledger files left out."""
    doc = OfficialDocument(title, report.as_of)
    for line in invalid_lines(invalid, lang):
        doc.small(line)
    return doc


def attach_table(doc: OfficialDocument, section: Section, title: str, lang: str, number: int = 1) -> None:
    """附件N of one organisation's part: its table on a landscape page of its own."""
    doc.new_section(landscape=True)
    doc.attachment(_t("attachment", lang, n=number), title)
    doc.blank()
    official_table(doc, section, lang, LANDSCAPE_WIDTH)


def committee_report(report: RoundReport, results: Results, lang: str, provenance: Provenance | None = None,
                     invalid: Sequence[str] = ()) -> bytes:
    """整改进展情况综合报告 with its statistical tables attached (landscape pages)."""
    round_words = _round_words(report.round, lang)
    title = _t("committee_title", lang, round=round_words)
    doc = OfficialDocument(title, report.as_of)
    doc.number_line(BLANK_NUMBER.format(year=report.as_of.year))
    doc.title(title)
    doc.addressee(BLANK_ADDRESSEE)
    for line in invalid_lines(invalid, lang):
        doc.body(line)
    doc.body(_t("intro", lang, date=_date(report.as_of, lang), round=round_words, count=len(report.organisations)))
    doc.heading(_ordinal(1) + _t("overall", lang) if lang == "zh" else "1. " + _t("overall", lang))
    doc.body(_cell(summary_text(report, results, lang), lang))
    doc.heading(_ordinal(2) + _t("units", lang) if lang == "zh" else "2. " + _t("units", lang))
    for number, org in enumerate(report.organisations, 1):
        lead = f"{_sub(number)}{org.name}。" if lang == "zh" else f"({number}) {org.name}. "
        doc.lead(lead, unit_sentence(org.figures, report.round, lang) + _consequence_sentence(org, results, lang))
    doc.heading(_ordinal(3) + _t("consequences", lang) if lang == "zh" else "3. " + _t("consequences", lang))
    fired = [(org, r) for org in report.organisations for r in _fired(org, results)]
    if not fired:
        doc.body("未触发负面清单。" if lang == "zh" else "No consequence fires.")
    for org, result in fired:
        doc.body(f"{org.name}：{_cell(rules.reason(result, lang), lang)}。" if lang == "zh"
                 else f"{org.name}: {rules.reason(result, lang)}.")
    doc.heading(_ordinal(4) + _t("basis", lang) if lang == "zh" else "4. " + _t("basis", lang))
    for line in header_lines(report, lang):
        line = _cell(line, lang)
        doc.body(line if line.endswith(("。", "；", ".", ")")) else line + ("。" if lang == "zh" else "."))
    sections = _appendix(report, results, lang)
    names = [_t("series_title", lang, round=round_words, title=section.title) for section in sections]
    doc.blank()
    for number, name in enumerate(names, 1):
        label = _t("attachments", lang) if number == 1 else "　　　"
        doc.body(f"{label}{number}．{name}" if lang == "zh" else f"{label}{number}. {name}")
    doc.signature("", _date(report.as_of, lang))
    doc.new_section(landscape=True)
    for number, (section, name) in enumerate(zip(sections, names), 1):
        doc.attachment(_t("attachment", lang, n=number), name, new_page=number > 1)
        doc.blank()
        official_table(doc, section, lang, LANDSCAPE_WIDTH)
    if provenance is not None:
        doc.small(_t("provenance", lang))
        for line in provenance_lines(provenance, lang):
            doc.small(line)
    return doc.save()


# --- each organisation's report -----------------------------------------------------------------


def _unit_open_section(report: RoundReport, org: OrgReport, lang: str) -> Section:
    """The organisation's rows of 正在整改情况统计表, without the organisation column."""
    one = RoundReport(report.round, report.as_of, report.basis, report.policy, (org,), report.categories,
                      org.figures, category_order=report.category_order)
    section = open_section(one, lang)
    return Section(section.title, section.headers[1:], [row[1:] for row in section.rows],
                   {i - 1 for i in section.right if i}, section.styles, section.note)


def _unit(doc: OfficialDocument, report: RoundReport, org: OrgReport, results: Results, lang: str) -> None:
    round_words = _round_words(report.round, lang)
    title = _t("unit_title", lang, org=org.name, round=round_words)
    doc.number_line(BLANK_NUMBER.format(year=report.as_of.year))
    doc.title(title)
    doc.addressee(BLANK_ADDRESSEE)
    figures = org.figures
    doc.heading(_ordinal(1) + ("整改总体情况" if lang == "zh" else "Overall") if lang == "zh" else "1. Overall")
    doc.body(unit_sentence(figures, report.round, lang))
    if org.provisional:
        doc.body(_cell(f"集中整改期{org.end_of_period.isoformat()}届满，届满前后果按{report.as_of.isoformat()}数据预判。"
                       if lang == "zh" else f"The concentrated period ends on {org.end_of_period.isoformat()}; "
                       f"until then consequences are judged on the figures of {report.as_of.isoformat()}.", lang))
    doc.heading(_ordinal(2) + _t("unit_outcomes", lang) if lang == "zh" else "2. " + _t("unit_outcomes", lang))
    doc.body(outcome_sentence(figures, lang))
    doc.heading(_ordinal(3) + _t("unit_consequences", lang) if lang == "zh" else "3. " + _t("unit_consequences", lang))
    doc.body(_consequence_sentence(org, results, lang))
    section = _unit_open_section(report, org, lang)
    doc.heading(_ordinal(4) + _t("unit_open", lang) if lang == "zh" else "4. " + _t("unit_open", lang))
    if section.rows:
        doc.body(_t("open_attached", lang, count=len(section.rows)))
    else:
        doc.body(_t("no_open", lang, date=_date(report.as_of, lang)))
    sheet = sheet_section(org, lang) if org.sheet is not None and scoresheet.shown(org) else None
    if sheet is not None and org.sheet is not None:
        doc.heading(_ordinal(5) + "考核评价得分情况" if lang == "zh" else "5. Evaluation score")
        doc.body(_cell(scoresheet.total_text(org.sheet, lang), lang))
    doc.signature(org.name, _date(report.as_of, lang))
    if section.rows:
        attach_table(doc, section, section.title, lang)
    if sheet is not None:
        attach_table(doc, sheet, sheet.title, lang, number=2 if section.rows else 1)


def unit_reports(report: RoundReport, results: Results, lang: str, provenance: Provenance | None = None,
                 invalid: Sequence[str] = ()) -> bytes:
    """Each organisation's 整改情况报告, one after another, each from a new page numbered 1."""
    title = _t("unit_title", lang, org="", round=_round_words(report.round, lang))
    doc = _opened(title, report, invalid, lang)
    for number, org in enumerate(report.organisations):
        if number:
            doc.new_section(landscape=False, restart=True)
        _unit(doc, report, org, results, lang)
    if provenance is not None:
        doc.small(_t("provenance", lang))
        for line in provenance_lines(provenance, lang):
            doc.small(line)
    return doc.save()


# --- closure sheets -----------------------------------------------------------------------------


def _lines(items: Sequence[str]) -> str:
    return "\n".join(items) if items else NONE


def closure_rows(report: RoundReport, org: OrgReport, state: ProblemState, lang: str) -> list[tuple[str, str]]:
    """The fields of one 对账销号单, as (label, value)."""
    problem = state.problem
    closed = problem.closed
    assert closed is not None
    zh = lang == "zh"
    measures = [f"{m.id} {m.text}（{m.owner}，" + (f"完成于{chinese_date(m.done_on)}）" if m.done_on else "未完成）")
                if zh else f"{m.id} {m.text} ({m.owner}, " + (f"done {m.done_on.isoformat()})" if m.done_on else "not done)")
                for m in problem.measures]
    evidence = [f"{e.path}{'（' + e.note + '）' if zh and e.note else (' (' + e.note + ')' if e.note else '')}\n"
                f"sha256: {e.sha256 or NONE}" for e in closed.evidence]
    done = ratio(state.measures_done, state.measures_total)
    responsible = problem.responsible
    if zh:
        return [("单位", org.name), ("巡察轮次", f"第{chinese_number(problem.round)}轮"), ("问题编号", problem.id),
                ("问题类别", report.policy.category_name(problem.category, lang)), ("问题表现", problem.summary),
                ("责任领导", responsible.leader), ("责任部门", responsible.unit), ("责任人", responsible.person),
                ("完成时限", chinese_date(state.deadline)), ("整改措施", _lines(measures)), ("措施完成", done),
                ("佐证材料", _lines(evidence)), ("销号日期", chinese_date(closed.date)), ("销号人", closed.by),
                ("验收单位", closed.verified_by or NONE), ("按期销号", "是" if state.on_time else "否"),
                ("责任单位意见", "\n\n（盖章）　　　年　　月　　日"), ("验收单位意见", "\n\n（盖章）　　　年　　月　　日")]
    return [("Organisation", org.name), ("Round", str(problem.round)), ("Problem", problem.id),
            ("Category", report.policy.category_name(problem.category, lang)), ("Finding", problem.summary),
            ("Leader", responsible.leader), ("Unit", responsible.unit), ("Person", responsible.person),
            ("Deadline", state.deadline.isoformat()), ("Measures", _lines(measures)), ("Measures done", done),
            ("Evidence", _lines(evidence)), ("Closed on", closed.date.isoformat()), ("Closed by", closed.by),
            ("Verified by", closed.verified_by or NONE), ("On time", "yes" if state.on_time else "no"),
            ("Unit's opinion", "\n\n(seal)      date"), ("Verifier's opinion", "\n\n(seal)      date")]


def closed_states(report: RoundReport) -> list[tuple[OrgReport, ProblemState]]:
    """The problems of the round closed on the as-of date, by organisation and id."""
    return [(org, state) for org in report.organisations for state in org.states
            if state.counted and state.status == "closed" and state.problem.closed is not None]


def closure_sheets(report: RoundReport, results: Results, lang: str, provenance: Provenance | None = None,
                   invalid: Sequence[str] = ()) -> bytes:
    """对账销号单: one page per problem closed by the as-of date."""
    title = _t("closure_title", lang)
    doc = _opened(title, report, invalid, lang)
    closed = closed_states(report)
    for number, (org, state) in enumerate(closed):
        doc.title(title, new_page=number > 0)
        doc.form(closure_rows(report, org, state, lang), widths=(32, PORTRAIT_WIDTH - 32))
    if not closed:
        doc.title(title)
        doc.body(f"截至{chinese_date(report.as_of)}，本轮没有已销号的问题。" if lang == "zh"
                 else f"No problem of the round was closed by {report.as_of.isoformat()}.")
    if provenance is not None:
        doc.small(_t("provenance", lang))
        for line in provenance_lines(provenance, lang):
            doc.small(line)
    return doc.save()


# --- supervision notices -----------------------------------------------------------------------


def supervised(report: RoundReport, results: Results) -> list[OrgReport]:
    """The organisations a notice goes to: some warning (overdue or due soon) or a consequence that fires."""
    return [org for org in report.organisations if org.due or _fired(org, results)]


def _notice(doc: OfficialDocument, report: RoundReport, org: OrgReport, results: Results, lang: str) -> None:
    round_words = _round_words(report.round, lang)
    doc.number_line(BLANK_NUMBER.format(year=report.as_of.year))
    doc.title(_t("notice_title", lang, org=org.name, round=round_words))
    doc.addressee(org.name + ("：" if lang == "zh" else ":"))
    doc.body(_t("notice_figures", lang, date=_date(report.as_of, lang),
                sentence=unit_sentence(org.figures, report.round, lang)))
    days = report.policy.warning_days
    red, yellow, green = org.due_counts
    if org.due:
        doc.body(_t("notice_due", lang, red=red, yellow=yellow, green=green, yellow_days=days.yellow,
                    green_days=days.green))
    fired = _fired(org, results)
    if fired:
        doc.body(_t("notice_fired", lang, reasons=("；" if lang == "zh" else "; ").join(
            _cell(rules.reason(r, lang), lang) for r in fired)))
    doc.body(_t("notice_ask", lang))
    doc.signature("", _date(report.as_of, lang))
    if org.due:
        rows, _ = due_rows(list(org.due), {org.id: org.name}, lang)
        section = Section(_t("attachment", lang, n=1), due_headers(lang), [row[:2] + row[3:] for row in rows])
        section.headers = section.headers[:2] + section.headers[3:]   # the organisation is the addressee
        attach_table(doc, section, _cell(word("title_due", lang, date=report.as_of.isoformat()), lang), lang)


def notices(report: RoundReport, results: Results, lang: str, provenance: Provenance | None = None,
            invalid: Sequence[str] = ()) -> bytes:
    """督办通知: one per organisation with warnings or consequences, each from a new page numbered 1."""
    title = _t("notice_title", lang, org="", round=_round_words(report.round, lang))
    doc = _opened(title, report, invalid, lang)
    orgs = supervised(report, results)
    for number, org in enumerate(orgs):
        if number:
            doc.new_section(landscape=False, restart=True)
        _notice(doc, report, org, results, lang)
    if not orgs:
        doc.body(_t("notice_none", lang, date=_date(report.as_of, lang)))
    if provenance is not None:
        doc.small(_t("provenance", lang))
        for line in provenance_lines(provenance, lang):
            doc.small(line)
    return doc.save()


def render_docx(kind: str, report: RoundReport, results: Results, lang: str, provenance: Provenance | None = None,
                invalid: Sequence[str] = ()) -> bytes:
    """The document of `kind` (one of KINDS) as .docx bytes."""
    import gc

    make = {"committee": committee_report, "unit": unit_reports, "closure": closure_sheets, "notice": notices}[kind]
    enabled = gc.isenabled()
    gc.disable()   # a document is a tree of many small objects and no cycles: collector passes only rescan it
    try:
        return make(report, results, lang, provenance, invalid)
    finally:
        if enabled:
            gc.enable()

