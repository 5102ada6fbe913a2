"""What `rectify progress-report` writes: the periodic progress reports (月报, 季报) of a period as a summary
table or JSON, and each organisation's report as Markdown and as a Word draft in the official layout
(docx.py's OfficialDocument, as the notices and the report's documents are).

Every figure is periodic.py's or figures.py's; the sentence of the figures is the one the unit's
整改情况报告 prints (official.unit_sentence), so the monthly report and the round report agree.
"""

from __future__ import annotations

import json

from rectify_cli.periodic import PeriodicReport, ProblemPeriod
from rectify_cli.render.data import figures_json
from rectify_cli.render.document import Document, Section
from rectify_cli.render.docx import OfficialDocument, chinese_date, chinese_dates
from rectify_cli.render.official import PORTRAIT_WIDTH, attach_table, chinese_number, official_table, unit_sentence
from rectify_cli.render.words import NONE, status_word

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Progress reports for {period}, round {round}", "第{round}轮巡察整改进展情况报告（{period}）"),
    "heading": ("{org}: progress of the rectification of round {round}, {period}",
                "{org}关于第{round}轮巡察整改进展情况的报告（{period}）"),
    "organisation": ("Organisation", "单位"),
    "as_of": ("Figures of", "数据截至"),
    "entries": ("Progress entries", "进展条数"),
    "silent": ("No progress reported", "本期未报送进展"),
    "milestones": ("Milestones met / due", "节点完成/应完成"),
    "submitted": ("Submitted", "报送情况"),
    "not_submitted": ("not yet", "未登记报送"),
    "overall": ("Overall", "总体进展"),
    "work": ("Work done in the period", "本期工作进展"),
    "plan": ("Milestones of the period", "时间节点完成情况"),
    "closed": ("Closed in the period", "本期销号问题"),
    "silent_heading": ("Problems with no progress reported in the period", "本期未报送进展的问题"),
    "intro": ("As of {date}:", "截至{date}，"),
    "work_attached": ("{count} progress report(s) in the period: see the attachment.",
                      "本期报送整改进展{count}条，详见附件。"),
    "no_entries": ("No progress was reported in the period.", "本期未报送整改进展。"),
    "no_milestones": ("No milestone was planned in the period.", "本期无计划完成的时间节点。"),
    "no_closed": ("No problem was closed in the period.", "本期无销号问题。"),
    "no_silent": ("Every problem being rectified reported progress in the period.",
                  "正在整改的问题本期均已报送进展。"),
    "problem": ("Problem", "问题编号"),
    "summary": ("Summary", "问题描述"),
    "measure": ("Measure", "整改措施"),
    "date": ("Date", "报告日期"),
    "done": ("Done", "已完成工作"),
    "next": ("Next step", "下一步计划"),
    "obstacles": ("Obstacles", "存在困难"),
    "support": ("Support needed", "需协调事项"),
    "percent": ("Progress", "完成进度"),
    "milestone": ("Milestone", "节点任务"),
    "planned": ("Planned", "计划完成日期"),
    "state": ("State", "完成情况"),
    "met": ("done {date}", "已于{date}完成"),
    "missed": ("not done", "未完成"),
    "status": ("Status", "整改状态"),
    "closed_on": ("Closed on", "销号日期"),
    "submitted_line": ("Recorded as submitted on {date}.", "本期报告已于{date}登记报送。"),
    "submit_hint": ("Once sent, record it: rectify submit-report {org} --round {round} --period {period} --file FILE",
                    "报送后请登记：rectify submit-report {org} --round {round} --period {period} --file 文件"),
    "draft": ("Draft written by rectify from the ledger; checked and signed by the unit.",
              "本报告由 rectify 根据整改台账生成草稿，经单位核对后报送。"),
    "none": ("No organisation of the round.", "本轮无被巡察单位。"),
}


def _w(key: str, lang: str, **values: object) -> str:
    english, chinese = _WORDS[key]
    return (chinese if lang == "zh" else english).format(**values)


def period_words(period: str, lang: str) -> str:
    """2026-11 → 2026年11月, 2026-Q4 → 2026年第四季度 (in English as written)."""
    if lang != "zh":
        return period
    year, part = period[:4], period[5:]
    if part.startswith("Q"):
        return f"{year}年第{chinese_number(int(part[1]))}季度"
    return f"{year}年{int(part)}月"


def _round(n: int, lang: str) -> str:
    return chinese_number(n) if lang == "zh" else str(n)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_document(reports: list[PeriodicReport], period: str, round_number: int, lang: str) -> Document:
    """One row per organisation: entries, problems silent, milestones met, whether the report was submitted."""
    headers = [_w(k, lang) for k in ("organisation", "as_of", "entries", "silent", "milestones", "submitted")]
    rows = [[r.name, r.on.isoformat(), str(r.entries), str(len(r.silent)), f"{r.milestones_met}/{r.milestones_due}",
             r.submitted.date.isoformat() if r.submitted else _w("not_submitted", lang)] for r in reports]
    note = "" if reports else _w("none", lang)
    section = Section("", headers, rows, {2, 3, 4}, [], note)
    return Document(_w("title", lang, period=period_words(period, lang), round=_round(round_number, lang)), [],
                    [section])


def reports_json(reports: list[PeriodicReport], period: str, round_number: int) -> str:
    def entry(e) -> dict:
        p = e.progress
        return {"measure": e.measure, "date": p.date.isoformat(), "by": p.by, "done": p.done, "next": p.next,
                "obstacles": p.obstacles, "support": p.support, "percent": p.percent}

    def problem(line: ProblemPeriod) -> dict:
        s = line.state
        return {"id": s.id, "summary": s.problem.summary, "status": s.status,
                "closed_on": s.closed_on.isoformat() if s.closed_on else None,
                "closed_in_period": line.closed_in_period, "silent": line.silent,
                "progress": [entry(e) for e in line.entries],
                "milestones": [{"measure": m.measure, "id": m.milestone.id, "text": m.milestone.text,
                                "due": m.milestone.due.isoformat(), "done": m.done} for m in line.milestones]}

    data = {"format": "rectify-progress-report", "version": 1, "round": round_number, "period": period,
            "reports": [{"organisation": r.organisation, "name": r.name, "start": r.start.isoformat(),
                         "end": r.end.isoformat(), "as_of": r.on.isoformat(),
                         "figures": figures_json(r.figures),
                         "entries": r.entries, "silent": list(r.silent), "milestones_due": r.milestones_due,
                         "milestones_met": r.milestones_met,
                         "submitted": r.submitted.date.isoformat() if r.submitted else None,
                         "problems": [problem(line) for line in r.problems]} for r in reports]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def file_name(report: PeriodicReport) -> str:
    """`2026-11-jc-dongmen-整改进展报告.md`: sorted by period, then organisation."""
    return f"{report.period}-{report.organisation}-整改进展报告.md"


def _entry_rows(report: PeriodicReport, lang: str) -> list[list[str]]:
    rows = []
    for line in report.problems:
        for e in line.entries:
            p = e.progress
            rows.append([line.state.id, f"{e.measure} {e.measure_text}" if e.measure else NONE, p.date.isoformat(),
                         p.done, p.next or NONE, p.obstacles or NONE, p.support or NONE,
                         NONE if p.percent is None else f"{p.percent}%"])
    return rows


def _milestone_rows(report: PeriodicReport, lang: str) -> list[list[str]]:
    return [[line.state.id, step.measure, f"{step.milestone.id} {step.milestone.text}", step.milestone.due.isoformat(),
             _w("met", lang, date=step.milestone.done_on.isoformat()) if step.done and step.milestone.done_on
             else _w("missed", lang)]
            for line in report.problems for step in line.milestones]


def _closed_rows(report: PeriodicReport, lang: str) -> list[list[str]]:
    return [[line.state.id, line.state.problem.summary, line.state.closed_on.isoformat()]
            for line in report.problems if line.closed_in_period and line.state.closed_on]


def _silent_rows(report: PeriodicReport, lang: str) -> list[list[str]]:
    return [[line.state.id, line.state.problem.summary, status_word(line.state.status, lang)]
            for line in report.problems if line.silent]


def _sections(report: PeriodicReport, lang: str) -> list[tuple[str, list[str], list[list[str]], str]]:
    """The four parts after the overall sentence: heading, headers, rows, and what to say when there are none."""
    w = lambda *keys: [_w(k, lang) for k in keys]  # noqa: E731
    return [
        (_w("work", lang), w("problem", "measure", "date", "done", "next", "obstacles", "support", "percent"),
         _entry_rows(report, lang), _w("no_entries", lang)),
        (_w("plan", lang), w("problem", "measure", "milestone", "planned", "state"), _milestone_rows(report, lang),
         _w("no_milestones", lang)),
        (_w("closed", lang), w("problem", "summary", "closed_on"), _closed_rows(report, lang), _w("no_closed", lang)),
        (_w("silent_heading", lang), w("problem", "summary", "status"), _silent_rows(report, lang),
         _w("no_silent", lang)),
    ]


def _heading(report: PeriodicReport, lang: str) -> str:
    return _w("heading", lang, org=report.name, round=_round(report.round, lang),
              period=period_words(report.period, lang))


def _submission_line(report: PeriodicReport, lang: str) -> str:
    if report.submitted is not None:
        return _w("submitted_line", lang, date=report.submitted.date.isoformat())
    return _w("submit_hint", lang, org=report.organisation, round=report.round, period=report.period)


def _overall(report: PeriodicReport, lang: str, dated=str) -> str:
    intro = _w("intro", lang, date=report.on.isoformat())
    return dated(intro) + ("" if lang == "zh" else " ") + unit_sentence(report.figures, report.round, lang)


def report_markdown(report: PeriodicReport, lang: str) -> str:
    """One organisation's report as Markdown: the overall sentence, then work, milestones, closures, silences."""
    lines = [f"# {_heading(report, lang)}", "", f"## {_w('overall', lang)}", "",
             _overall(report, lang), ""]
    for heading, headers, rows, empty in _sections(report, lang):
        lines += [f"## {heading}", ""]
        if not rows:
            lines += [empty, ""]
            continue
        lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    lines += [_submission_line(report, lang), "", f"<!-- {_w('draft', lang)} -->", ""]
    return "\n".join(lines)


def report_docx(report: PeriodicReport, lang: str) -> bytes:
    """The same report as a Word draft: number line left blank, title, addressee, the parts, the signature; the
    table of the period's work attached on a landscape page (it has eight columns)."""
    day = chinese_date(report.on) if lang == "zh" else report.on.isoformat()
    doc = OfficialDocument(_heading(report, lang), report.on)
    doc.number_line(f"　　　〔{report.on.year}〕　　号")
    doc.title(_heading(report, lang))
    doc.addressee("　　　　　　：")
    ordinals = [chinese_number(n) + "、" if lang == "zh" else f"{n}. " for n in range(1, 6)]
    doc.heading(ordinals[0] + _w("overall", lang))
    doc.body(_overall(report, lang, chinese_dates if lang == "zh" else str))
    (work, work_headers, work_rows, no_work), *rest = _sections(report, lang)
    doc.heading(ordinals[1] + work)
    doc.body(_w("work_attached", lang, count=len(work_rows)) if work_rows else no_work)
    for number, (heading, headers, rows, empty) in enumerate(rest, start=2):
        doc.heading(ordinals[number] + heading)
        if rows:
            official_table(doc, Section("", headers, rows, set()), lang, PORTRAIT_WIDTH)
        else:
            doc.body(empty)
    doc.signature(report.name, day)
    if work_rows:
        attach_table(doc, Section("", work_headers, work_rows, {7}), work, lang)
    return doc.save()
