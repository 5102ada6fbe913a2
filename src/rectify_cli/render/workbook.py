"""Ledgers and rounds as Excel workbooks: tables of plain values, laid out one sheet per table.

ledger_tables / round_tables build the tables; write_workbook lays them out (frozen bold header row,
widths counting a CJK character as two, long text wrapped).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from rectify_cli.cells import text_of

# --- export: tables and workbooks -----------------------------------------------------------------


@dataclass
class Table:
    """One sheet of a workbook: a title (the sheet name), headers and rows of plain values."""

    title: str
    headers: list[str]
    rows: list[list[object]]
    numbers: set[int] = field(default_factory=set)   # columns holding numbers written as text ("3")
    merged: list[tuple[int, int, int]] = field(default_factory=list)  # (first row, last row, column), 0-based in rows


RESPONSIBILITY_ZH = {"main": "主体责任", "supervisory": "监督责任", "leading": "领导责任"}
KIND_ZH = {"regular": "常规巡察", "special": "专项巡察", "mobile": "机动巡察"}


def _status_zh(status: str) -> str:
    from rectify_cli.render.words import status_word

    return status_word(status, "zh")


def _form_zh(form: int) -> str:
    from rectify_cli.render.words import word

    return word(f"form{form}", "zh")


def _evidence_text(items) -> str:
    return "\n".join((item.path or item.paper or "") + (f"（{item.note}）" if item.note else "") for item in items)


def ledger_tables(ledger, policy, round_number: int | None = None) -> list[Table]:
    """A ledger as the three lists and one ledger: problems, measures, accountability, and its rounds."""
    problems = [p for p in ledger.problems if round_number is None or p.round == round_number]
    problem_rows, measure_rows, accountability_rows = [], [], []
    milestone_rows: list[list[object]] = []
    progress_rows: list[list[object]] = []
    for problem in problems:
        deadline = max([problem.deadline] + [e.to for e in problem.extensions])
        closed = problem.closed
        outcomes = problem.outcomes
        problem_rows.append([
            problem.id, problem.round, policy.category_name(problem.category, "zh"), problem.summary,
            "共性" if problem.common else "个性", "是" if problem.immediate else "",
            problem.responsible.leader, problem.responsible.unit, problem.responsible.person,
            problem.deadline, deadline if deadline != problem.deadline else None,
            _status_zh(problem.status), problem.label,
            sum(1 for m in problem.measures if m.done_on is not None), len(problem.measures),
            closed.date if closed else None, closed.verified_by if closed else None,
            _evidence_text(closed.evidence) if closed else None,
            problem.long_term.review_by if problem.long_term else None,
            outcomes.rules_made if outcomes else None, outcomes.funds_returned if outcomes else None,
            outcomes.losses_recovered if outcomes else None, problem.notes,
        ])
        for measure in problem.measures:
            measure_rows.append([problem.id, measure.id, measure.text, measure.owner, measure.due, measure.done_on,
                                 _evidence_text(measure.evidence) or None])
            milestone_rows += [[problem.id, measure.id, milestone.id, milestone.text, milestone.due, milestone.done_on]
                               for milestone in measure.milestones]
        for measure_id, reports in [(None, problem.progress)] + [(m.id, m.progress) for m in problem.measures]:
            progress_rows += [[problem.id, measure_id, report.date, report.percent, report.done, report.next,
                               report.obstacles, report.support, report.by] for report in reports]
        for record in problem.accountability:
            accountability_rows.append([problem.id, record.person, record.post, _form_zh(record.form), record.action,
                                        RESPONSIBILITY_ZH.get(record.responsibility or ""), record.date])
    rounds = []
    for inspection in ledger.inspections:
        if round_number is not None and inspection.round != round_number:
            continue
        survey, evaluation = inspection.survey, inspection.evaluation
        rounds.append([inspection.round, inspection.term, KIND_ZH[inspection.kind], inspection.team,
                       inspection.feedback_on, inspection.rectify_by, inspection.report_on,
                       survey.participants if survey else None, survey.satisfied if survey else None,
                       survey.basically_satisfied if survey else None,
                       evaluation.score if evaluation else None, evaluation.grade if evaluation else None])
    return [
        Table("问题清单", ["问题编号", "轮次", "问题类别", "问题表现", "共性/个性", "立行立改", "责任领导", "责任部门",
                       "责任人", "完成时限", "延期至", "整改状态", "原状态表述", "已完成措施", "措施数", "销号日期",
                       "验收单位", "佐证材料", "下次督查日期", "建章立制（项）", "退缴违规资金（元）",
                       "挽回经济损失（元）", "备注"], problem_rows),
        Table("整改措施", ["问题编号", "措施编号", "整改措施", "责任人", "完成时限", "完成日期", "佐证材料"], measure_rows),
        Table("问责情况", ["问题编号", "被问责对象", "职务", "四种形态", "处理方式", "责任类型", "处理日期"],
              accountability_rows),
        Table("巡察轮次", ["轮次", "届", "类型", "巡察组", "反馈日期", "集中整改期满", "整改报告报送日期", "测评人数",
                       "满意", "基本满意", "考核得分", "评定等次"], rounds),
        *([Table("时间节点", ["问题编号", "措施编号", "节点编号", "节点任务", "计划完成日期", "实际完成日期"],
                 milestone_rows)] if milestone_rows else []),
        *([Table("整改进展", ["问题编号", "措施编号", "报告日期", "完成进度（%）", "已完成工作", "下一步计划", "存在困难",
                            "需协调事项", "报告人"], progress_rows)] if progress_rows else []),
        *_duty_tables(ledger, round_number),
    ]


def _duty_tables(ledger, round_number: int | None) -> list[Table]:
    """报送情况, 督办情况 and 工作交接 of the rounds exported, each sheet only when it has rows."""
    inspections = [i for i in ledger.inspections if round_number is None or i.round == round_number]
    submissions = [[i.round, s.period, s.date, s.by, s.file.path if s.file else None, s.note]
                   for i in inspections for s in i.submissions]
    instruments = [[i.round, x.id, x.kind, x.date, x.issuer, x.to, "、".join(x.problems), x.reply_due,
                    x.reply.date if x.reply else None, x.reply.summary if x.reply else None, x.note]
                   for i in inspections for x in i.supervision]
    wanted = {p.id for p in ledger.problems if round_number is None or p.round == round_number}
    if round_number is None:
        wanted |= {item for h in ledger.handovers for item in h.items}
    handovers = [[h.date, HANDOVER_ROLE_ZH.get(h.role, h.role), h.predecessor, h.successor,
                  "、".join(item for item in h.items if item in wanted),
                  h.acknowledged.date if h.acknowledged else None, h.annex]
                 for h in ledger.handovers if round_number is None or wanted.intersection(h.items)]
    return [
        *([Table("报送情况", ["轮次", "报送期次", "报送日期", "登记人", "报送材料", "备注"], submissions)]
          if submissions else []),
        *([Table("督办情况", ["轮次", "督办编号", "督办方式", "下发日期", "督办单位", "督办对象", "涉及问题", "回复时限",
                          "回复日期", "回复内容", "备注"], instruments)] if instruments else []),
        *([Table("工作交接", ["交接日期", "岗位", "原任", "继任", "交接事项", "确认接收日期", "交接清单"], handovers)]
          if handovers else []),
    ]


HANDOVER_ROLE_ZH = {"secretary": "党组织书记", "leader": "责任领导", "person": "责任人"}


ROUND_PROBLEM_HEADERS = ["单位", "问题编号", "问题类别", "问题表现", "共性/个性", "立行立改", "整改措施", "措施完成日期",
                         "责任领导", "责任部门", "责任人", "完成时限", "整改状态", "原状态表述", "是否超期", "销号日期",
                         "验收单位", "佐证材料", "措施完成"]
# The columns of one measure; every other column belongs to the problem and is merged over its rows.
_MEASURE_COLUMNS = {ROUND_PROBLEM_HEADERS.index("整改措施"), ROUND_PROBLEM_HEADERS.index("措施完成日期")}


def round_problem_table(report, policy) -> Table:
    """Every problem of the round across organisations, as it stood on the as-of date: one row per measure
    (整改措施, 措施完成日期), the problem's cells merged over its rows, so `rectify import` reads it back."""
    rows: list[list[object]] = []
    merged: list[tuple[int, int, int]] = []
    for org in report.organisations:
        for state in org.states:
            problem = state.problem
            closed = problem.closed if state.closed_on is not None else None
            cells = [org.name, problem.id, policy.category_name(problem.category, "zh"), problem.summary,
                     "共性" if problem.common else "个性", "是" if problem.immediate else "", None, None,
                     problem.responsible.leader, problem.responsible.unit, problem.responsible.person,
                     max([problem.deadline] + [e.to for e in problem.extensions]), _status_zh(state.status),
                     problem.label, "是" if state.overdue else "", state.closed_on,
                     closed.verified_by if closed else None, _evidence_text(closed.evidence) if closed else None,
                     f"{state.measures_done}/{state.measures_total}"]
            first = len(rows)
            for measure in problem.measures or [None]:
                row = list(cells) if len(rows) == first else [None] * len(cells)
                if measure is not None:
                    done = measure.done_on if measure.done_on is not None and measure.done_on <= state.on else None
                    row[6:8] = [measure.text, done]
                rows.append(row)
            if len(rows) - first > 1:
                merged += [(first, len(rows) - 1, column) for column in range(len(cells))
                           if column not in _MEASURE_COLUMNS]
    return Table(f"第{report.round}轮问题清单", list(ROUND_PROBLEM_HEADERS), rows, merged=merged)


def provenance_table(source) -> Table:
    """The 说明 sheet: what the workbook was made from (commit, uncommitted changes, content hash, parameters)."""
    import json

    if source.commit is None:
        commit, dirty = f"（无：{source.git}）", "未知"
    else:
        commit = source.commit
        dirty = "未知" if source.dirty is None else ("是：台账文件夹有未提交的修改" if source.dirty else "否")
    rows: list[list[object]] = [
        ["提交 (commit)", commit],
        ["未提交的修改 (dirty)", dirty],
        ["git", source.git],
        ["内容哈希 (content sha256)", source.content_sha256],
        ["读取的文件 (files)", len(source.files)],
    ]
    for name, value in source.parameters:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append([f"参数 {name}", text])
    return Table("说明", ["项目", "内容"], rows)


def round_tables(report, results, policy) -> list[Table]:
    """The report's tables (as `rectify report` prints them, in Chinese), then the per-problem table."""
    from rectify_cli.render import document as round_document

    document = round_document.document(report, results, "zh")
    sections = list(document.sections) + [round_document.open_section(report, "zh")]
    tables = [Table(section.title, list(section.headers), [list(row) for row in section.rows], set(section.right))
              for section in sections]
    tables.append(round_problem_table(report, policy))
    return tables


def display_width(text: str) -> int:
    """Columns a text takes in Excel's default font: a CJK (wide) character counts two."""
    width = 0
    for char in text:
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


MAX_WIDTH = 60
MIN_WIDTH = 6


def write_workbook(tables: list[Table]) -> bytes:
    """An .xlsx of one sheet per table: bold frozen header with a filter, widths to fit, long text wrapped."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])   # the blank sheet a new workbook starts with
    used: set[str] = set()
    for table in tables:
        title = re.sub(r"[\[\]:*?/\\]", "", table.title)[:31] or "Sheet"
        base, counter = title, 2
        while title in used:
            title = f"{base[:28]}({counter})"
            counter += 1
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([_cell_text(header) for header in table.headers])
        for row in table.rows:
            cells = [_cell_value(value, index in table.numbers) for index, value in enumerate(row)]
            sheet.append([value for value, _ in cells])
            for cell, (_, number_format) in zip(sheet[sheet.max_row], cells):
                if number_format:
                    cell.number_format = number_format
        for first, last, column in table.merged:
            sheet.merge_cells(start_row=first + 2, end_row=last + 2, start_column=column + 1, end_column=column + 1)
            sheet.cell(first + 2, column + 1).alignment = Alignment(vertical="top", wrap_text=True)
        header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(table.headers, start=1):
            letter = get_column_letter(index)
            widest = display_width(header)
            wrap = False
            for cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell = cells[0]
                value = cell.value
                if isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = "yyyy-mm-dd"
                    widest = max(widest, 10)
                    continue
                if isinstance(value, Decimal) and cell.number_format == "General":
                    cell.number_format = "#,##0.00"
                text = text_of(value) if not isinstance(value, Decimal) else f"{value:,.2f}"
                lines = text.split("\n") if text else [""]
                widest = max(widest, *(display_width(line) for line in lines))
                if len(lines) > 1 or display_width(text) > MAX_WIDTH:
                    wrap = True
            sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))
            if wrap:
                for cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if not isinstance(cells[0], MergedCell):   # a merged cell takes the style of its first cell
                        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


# Excel holds a number as a double (15 significant digits) and at most 32,767 characters in a cell.
LARGEST_EXACT_NUMBER = 10**15
MAX_CELL_CHARACTERS = 32_767


def _cell_value(value: object, number: bool) -> tuple[object, str | None]:
    """A value and its number format: a date written as text (2026-08-15, as the report tables carry it) becomes
    a date; in a number column, text such as "12", "1,500.00", "44.44%" becomes a number.

    What a cell cannot hold is written so that nothing is lost silently and openpyxl never refuses it:
    control characters as escapes (\\x1b), an integer of more than 15 digits as its digits (text),
    a text longer than a cell as its start and a note of its length.
    """
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value), "yyyy-mm-dd"
        except ValueError:
            return value, None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return value, None
    if isinstance(value, int):
        return (value, None) if abs(value) < LARGEST_EXACT_NUMBER else (str(value), "@")
    if not number:
        return _cell_text(value), None
    plain = value.replace(",", "")
    if re.fullmatch(r"-?\d+", plain):
        return _cell_value(int(plain), number)
    if re.fullmatch(r"-?\d+\.\d+", plain):
        return Decimal(plain), "#,##0.00"
    if re.fullmatch(r"-?\d+(\.\d+)?%", plain):
        return Decimal(plain[:-1]) / 100, "0.00%"
    return _cell_text(value), None


def _cell_text(text: str) -> str:
    from rectify_cli.render.visible import visible

    text = visible(text)
    if len(text) <= MAX_CELL_CHARACTERS:
        return text
    note = f"…（共 {len(text):,} 字，超出 Excel 单元格上限，全文见台账）"
    return text[:MAX_CELL_CHARACTERS - len(note)] + note
