"""The tool's own words in English and Chinese, and how it writes numbers in them.

Only what rectify itself says is translated (headers, statuses, reasons); the text of a ledger
(names, summaries, grades) is printed as written. The language comes from `--lang`, else the
RECTIFY_LANG environment variable, else the locale (zh* -> Chinese), else English.

Numbers: a percentage is the exact fraction rounded half up to two decimals (2/3 -> "66.67%"),
a share of no problems is "—" (never 0%), money is yuan with two decimals and thousands commas.
Thresholds are compared on the exact fraction elsewhere (policy.py); rounding is only for print.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

LANGS = ("en", "zh")
NONE = "—"

# key -> (English, Chinese)
WORDS: dict[str, tuple[str, str]] = {
    # statuses (model.STATUSES) and derived states
    "open": ("open", "正在整改"),
    "basically-done": ("basically done", "基本完成"),
    "long-term": ("long-term", "需长期坚持"),
    "closed": ("closed", "已销号"),
    "overdue": ("overdue", "超期未完成"),
    # column headers
    "organisation": ("Organisation", "单位"),
    "category": ("Category", "问题类别"),
    "problems": ("Problems", "反馈问题"),
    "rectified": ("Rectified", "已完成整改"),
    "in_progress": ("In progress", "正在整改"),
    "basically_done": ("Basically done", "基本完成"),
    "long_term": ("Long-term", "需长期坚持"),
    "extended": ("Extended", "申请延期"),
    "reopened": ("Reopened", "改后又犯"),
    "overdue_count": ("Overdue", "超期未完成"),
    "hanging": ("Hanging", "挂账"),
    "rate": ("Rate", "整改完成率"),
    "measures": ("Measures done", "措施完成"),
    "measures_done": ("Measures done", "已完成措施"),
    "measures_total": ("Measures", "整改措施"),
    "measure_rate": ("Measure rate", "措施完成率"),
    "on_time_rate": ("On-time closure", "按期销号率"),
    "rules_made": ("Rules made", "建章立制"),
    "funds_returned": ("Funds returned (yuan)", "退缴违规资金（元）"),
    "losses_recovered": ("Losses recovered (yuan)", "挽回经济损失（元）"),
    "form1": ("Form 1", "第一种形态"),
    "form2": ("Form 2", "第二种形态"),
    "form3": ("Form 3", "第三种形态"),
    "form4": ("Form 4", "第四种形态"),
    "satisfaction": ("Satisfaction", "满意率"),
    "grade": ("Grade", "评定等次"),
    "judged_on": ("Judged on", "判定日期"),
    "rule": ("Rule", "规则"),
    "fires": ("Fires", "触发"),
    "reason": ("Reason and consequence", "原因及后果"),
    "distance": ("Distance from the line", "距红线"),
    "to_clear": ("What clears it", "解除条件"),
    "now": ("Now", "现状"),
    "title_distances": ("Distance from the lines (rules not fired)", "未触发规则距红线情况"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "total": ("Total", "合计"),
    "id": ("Id", "编号"),
    "summary": ("Problem", "问题"),
    "person": ("Responsible", "责任人"),
    "deadline": ("Deadline", "完成时限"),
    "status": ("Status", "状态"),
    "start": ("Counts from", "起算日期"),
    "denominator": ("In denominator", "计入分母"),
    "numerator": ("In numerator", "计入分子"),
    "why": ("Why", "说明"),
    "level": ("Level", "层级"),
    "level_organisation": ("organisation", "单位"),
    "level_category": ("category", "类别"),
    "level_total": ("total", "合计"),
    "consequences": ("Consequences", "触发的后果"),
    # table titles
    "title_progress": ("Progress statistics", "整改进展情况统计表"),
    "title_outcomes": ("Outcomes", "整改成效统计表"),
    "title_categories": ("By category", "按问题类别统计"),
    "title_consequences": ("Consequences (the negative list)", "负面清单触发情况"),
    "title_open": ("Items still being rectified", "正在整改情况统计表"),
    "title_explain": ("How the rate of {org} is counted", "{org}整改完成率计算明细"),
    "title_chart": ("Rectification rate by organisation, as of {date}", "各单位整改完成率（截至{date}）"),
    "threshold": ("threshold", "红线"),
    # the header every report carries
    "header_round": ("Round {round}", "第{round}轮"),
    "header_as_of": ("figures as of {date}", "数据截至{date}"),
    "header_basis_end": (
        "consequences judged at the end of each organisation's concentrated period ({dates}), or at the as-of date if earlier",
        "后果按各单位集中整改期满之日（{dates}）判定，期满晚于数据截止日的按数据截止日判定"),
    "header_basis_as_of": ("consequences judged at the as-of date ({dates})", "后果按数据截止日（{dates}）判定"),
    "header_provisional": (
        "provisional: the concentrated period of {orgs} had not ended by {date}",
        "预判：{orgs}集中整改期截至{date}尚未届满"),
    "header_assessments": (
        "satisfaction surveys and grades as recorded by {date}", "满意度测评和评定等次以{date}前录入的为准"),
    "header_filters": ("filtered: {filters}", "筛选：{filters}"),
    "no_consequences": ("No consequence fires.", "未触发负面清单。"),
    "no_open_items": ("No items still being rectified.", "无正在整改事项。"),
    "no_problems_round": ("no problems in this round", "本轮无反馈问题"),
    # --explain reasons
    "why_counted": ("counts from {date}, on or before {as_of}", "{date}起算，不晚于{as_of}"),
    "why_not_yet": ("counts from {date}, after {as_of}", "{date}起算，晚于{as_of}"),
    "why_no_start": ("its round has no feedback date in this ledger", "台账中无本轮反馈日期"),
    "why_closed": ("closed on {date}", "{date}销号"),
    "why_closed_later": ("closed on {date}, after {as_of}", "{date}销号，晚于{as_of}"),
    "why_reopened": ("closure of {closed_on} undone: reopened on {date}", "{closed_on}的销号已撤销：{date}重新整改"),
    "why_status_counted": ("{status}, counted as rectified by the policy", "{status}，按规定计入已完成"),
    "why_status_not_counted": ("{status}, not counted as rectified by the policy", "{status}，按规定不计入已完成"),
    "why_long_term": ("long-term since {date}: not counted as rectified by the policy", "{date}转入长期整改，按规定不计入已完成"),
    "why_open": ("still being rectified", "正在整改"),
    "explain_total": (
        "{org}: {numerator} of {denominator} counted problems rectified on {as_of}: rate {rate}",
        "{org}：截至{as_of}计入分母{denominator}个，计入分子{numerator}个，整改完成率{rate}"),
    "days_overdue": ("{days} days overdue", "超期{days}天"),
    "day_overdue": ("{days} day overdue", "超期{days}天"),
    "explain_judged": (
        "on the consequence date {date}: {numerator} of {denominator} rectified, rate {rate}",
        "后果判定日{date}：计入分母{denominator}个，计入分子{numerator}个，整改完成率{rate}"),
    # messages
    "wrote": ("wrote {path}", "已写入{path}"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The word for `key` in `lang`, with {placeholders} filled in."""
    english, chinese = WORDS[key]
    text = chinese if lang == "zh" else english
    return text.format(**values) if values else text


def status_word(status: str, lang: str) -> str:
    return word(status, lang)


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """RECTIFY_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG, then Python's), then English."""
    environ = os.environ if environ is None else environ
    for name in ("RECTIFY_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").strip().lower()
        if not value:
            continue
        if value.startswith("zh"):
            return "zh"
        if name == "RECTIFY_LANG" and value.startswith("en"):
            return "en"
        if name != "RECTIFY_LANG":
            return "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover - a malformed locale setting
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def _half_up(value: Fraction, places: int) -> Fraction:
    scale = 10 ** places
    scaled = value * scale
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Fraction(whole, scale)


def percent(value: Fraction | None) -> str:
    """An exact share as a percentage to two decimals, rounded half up; None -> "—"."""
    if value is None:
        return NONE
    rounded = _half_up(value * 100, 2)
    return f"{Decimal(rounded.numerator) / Decimal(rounded.denominator):.2f}%"


def threshold_text(value: Fraction) -> str:
    """A threshold as people write it: "50%" when whole, else two decimals."""
    hundred = value * 100
    if hundred.denominator == 1:
        return f"{hundred.numerator}%"
    return percent(value)


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator}" if denominator else NONE


def money(value: Decimal) -> str:
    """Yuan with two decimals and thousands commas."""
    return f"{value:,.2f}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
