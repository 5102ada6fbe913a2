"""Excel and CSV in and out: a rectification sheet (整改台账) read into problems; ledgers and rounds as workbooks.

Import, one step per function, no terminal code (the commands are in cli_more.py):
  read_sheet      an .xlsx sheet or a .csv file -> a grid of cells, merged cells filled from their origin
  find_columns    the header row (wherever it is, one or two rows) -> which column holds which field
  read_problems   rows grouped into problems and their measures; dates, status words, categories parsed;
                  every failure collected as "FILE:SHEET!CELL: message" before anything is refused
  problem_records the ledger entries, with the closure gates applied (see docs/excel.md)
  append_problems all of them spliced into the ledger text in one batch (one write.edit transaction)
Export: ledger_tables / round_tables build tables of plain values; write_workbook lays them out
(one sheet per table, frozen header row, widths counting a CJK character as two, wrapped long text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

from rectify_cli.errors import RefusedChange, UnreadableInput

# --- fields and the headers that name them --------------------------------------------------------

# field -> (the header used in messages when the sheet has no such column, the headers recognised)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("序号", ("序号", "编号", "问题序号", "问题编号", "序")),
    "summary": ("问题", ("问题", "问题表现", "存在问题", "问题描述", "反馈问题", "问题清单", "主要问题", "具体问题",
                        "问题内容", "巡察反馈问题", "巡视反馈问题", "巡察发现问题", "巡视发现问题", "问题及表现",
                        "反馈问题表现", "问题具体表现")),
    "category": ("问题类别", ("问题类别", "问题类型", "类别", "问题分类", "所属类别", "类型", "问题方面")),
    "measure": ("整改措施", ("整改措施", "措施", "整改举措", "具体措施", "整改任务", "具体整改措施", "整改措施及要求",
                            "整改目标及措施")),
    "leader": ("责任领导", ("责任领导", "牵头领导", "分管领导", "责任领导同志", "领导责任人", "牵头责任领导")),
    "unit": ("责任部门", ("责任部门", "责任单位", "牵头部门", "牵头单位", "责任科室", "责任处室", "整改责任单位",
                         "整改责任部门", "责任部门(单位)", "牵头责任部门")),
    "person": ("责任人", ("责任人", "具体责任人", "整改责任人", "直接责任人", "经办人", "具体负责人")),
    "deadline": ("完成时限", ("完成时限", "整改时限", "整改期限", "完成期限", "时限", "时限要求", "完成时限要求",
                             "计划完成时间", "计划完成时限", "时间节点", "完成时间节点")),
    "status": ("整改进展", ("整改进展", "完成情况", "整改情况", "整改进度", "进展情况", "整改状态", "状态",
                           "整改完成情况", "进展", "整改进展情况", "是否完成", "完成状态", "整改结果")),
    "closed_on": ("销号日期", ("销号日期", "完成时间", "完成日期", "销号时间", "实际完成时间", "实际完成日期",
                              "整改完成时间", "整改完成日期")),
    "evidence": ("佐证材料", ("佐证材料", "佐证资料", "证明材料", "佐证", "佐证材料目录", "支撑材料", "佐证材料清单")),
    "notes": ("备注", ("备注", "说明")),
    "source": ("问题来源", ("问题来源", "来源")),
    "immediate": ("立行立改", ("立行立改", "是否立行立改")),
    "common": ("共性问题", ("共性问题", "是否共性问题", "共性/个性", "共性个性")),
    "verified_by": ("验收单位", ("验收单位", "验收人", "销号审核单位", "验收部门")),
    "done_on": ("措施完成日期", ("措施完成日期", "措施完成时间")),
    "ignore": ("", ()),
}
# Fields several columns may feed (their texts are joined); any other field read twice is ambiguous.
MANY_COLUMNS = ("status", "notes", "evidence")
DEFAULTABLE = ("category", "leader", "unit", "person", "source", "verified_by")
HEADER_SCAN_ROWS = 30

_SEPARATORS = re.compile(r"[\n、;；,，/]+")
_EVIDENCE_SEPARATORS = re.compile(r"[\n;；,，、]+")
_YES = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "立行立改", "共性", "共性问题"}
_NO = {"", "否", "×", "n", "no", "false", "0", "个性", "个性问题"}


def normalise(text: object) -> str:
    """A header or key as compared: full-width forms folded (NFKC), spaces and line breaks removed."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", folded).strip(":*")


def _without_brackets(text: str) -> str:
    return re.sub(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^>]*>", "", text)


_KNOWN: dict[str, str] = {}
for _field, (_label, _names) in FIELDS.items():
    for _name in _names:
        _KNOWN.setdefault(normalise(_name), _field)


def recognise(header: object) -> str | None:
    """The field a header names ('完成时限（年月日）' -> deadline), or None."""
    text = normalise(header)
    if not text:
        return None
    return _KNOWN.get(text) or _KNOWN.get(_without_brackets(text))


# --- errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetError:
    """One thing wrong in the sheet, with the place a clerk looks for it: 台账.xlsx:Sheet1!D7."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SheetRefused(RefusedChange):
    """The sheet cannot be imported; every error is listed and nothing is written (exit 1)."""

    def __init__(self, source: str, errors: list[SheetError], hint: str = ""):
        errors = list(dict.fromkeys(errors))  # a merged cell read for each of its rows is one error
        lines = "\n".join(str(error) for error in errors)
        count = f"{len(errors)} error(s)" if len(errors) != 1 else "1 error"
        super().__init__(message=f"cannot import {source}: {count}; nothing was written\n{lines}", hint=hint)
        self.errors = errors


# --- reading a sheet ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: object
    origin: tuple[int, int]  # (row, column) of the cell holding the value: itself unless merged


@dataclass
class Sheet:
    """A grid of cells, 1-based like Excel; a merged range gives its value to every cell it covers."""

    source: str                 # the file as the user named it
    name: str | None            # the sheet's name; None for CSV
    rows: list[list[Cell]]

    def cell(self, row: int, column: int) -> Cell:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return Cell(None, (row, column))

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def where(self, row: int, column: int | None = None) -> str:
        """台账.xlsx:Sheet1!D7 (a CSV file has no sheet: 台账.csv:D7); without a column, row 7."""
        from openpyxl.utils import get_column_letter

        place = f"{get_column_letter(column)}{row}" if column else f"row {row}"
        if self.name is None:
            return f"{self.source}:{place}"
        name = self.name if re.fullmatch(r"[\w\u4e00-\u9fff]+", self.name) else "'" + self.name.replace("'", "''") + "'"
        return f"{self.source}:{name}!{place}" if column else f"{self.source}:{name} {place}"


def read_sheet(path: Path, sheet_name: str | None = None, display: str | None = None) -> Sheet | list[Sheet]:
    """The named sheet of a workbook, or every sheet when none is named; a CSV file is one sheet."""
    display = display or str(path)
    if not path.is_file():
        raise UnreadableInput(f"{display}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        if sheet_name is not None:
            raise UnreadableInput(f"{display} is a CSV file: it has no sheets, leave out --sheet")
        return _read_csv(path, display)
    if suffix == ".xls":
        raise UnreadableInput(f"{display} is in the old Excel 97-2003 format (.xls), which rectify cannot read",
                              hint="open it in Excel or WPS and save it as .xlsx (Excel 工作簿), or as CSV")
    return _read_workbook(path, display, sheet_name)


def _read_workbook(path: Path, display: str, sheet_name: str | None) -> Sheet | list[Sheet]:
    import zipfile

    from openpyxl import load_workbook

    try:
        # data_only: the values Excel last computed, not the formulas behind them
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnreadableInput(f"{display} is not an Excel workbook (.xlsx) rectify can read: {exc}",
                              hint="save it from Excel or WPS as .xlsx, or as CSV (UTF-8)") from None
    if sheet_name is not None:
        if sheet_name not in workbook.sheetnames:
            raise UnreadableInput(f"{display} has no sheet {sheet_name!r}",
                                  hint="sheets: " + ", ".join(workbook.sheetnames))
        return _grid(workbook[sheet_name], display)
    return [_grid(worksheet, display) for worksheet in workbook.worksheets]


def _grid(worksheet, display: str) -> Sheet:
    rows: list[list[Cell]] = []
    for index, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        rows.append([Cell(value, (index, column)) for column, value in enumerate(values, start=1)])
    while rows and all(_blank(c.value) for c in rows[-1]):
        rows.pop()
    for merged in worksheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        if top > len(rows):
            continue
        value = rows[top - 1][left - 1].value if left <= len(rows[top - 1]) else None
        for row in range(top, min(merged.max_row, len(rows)) + 1):
            line = rows[row - 1]
            while len(line) < merged.max_col:
                line.append(Cell(None, (row, len(line) + 1)))
            for column in range(left, merged.max_col + 1):
                line[column - 1] = Cell(value, (top, left))
    return Sheet(display, worksheet.title, rows)


def _read_csv(path: Path, display: str) -> Sheet:
    text = decode_csv(path.read_bytes(), display)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for index, values in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
        rows.append([Cell(value, (index, column)) for column, value in enumerate(values, start=1)])
    while rows and all(_blank(c.value) for c in rows[-1]):
        rows.pop()
    return Sheet(display, None, rows)


def decode_csv(raw: bytes, display: str) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GBK/GB18030 (Excel on Chinese Windows)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableInput(f"{display} is neither UTF-8 nor GBK text",
                              hint="save it from Excel as 'CSV UTF-8 (逗号分隔)'") from None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """A cell as text: 3.0 -> '3', dates as YYYY-MM-DD, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# --- the header row -------------------------------------------------------------------------------


@dataclass
class Columns:
    """Which column holds which field, the header text of each, and the first data row."""

    fields: dict[str, list[int]]
    headers: dict[int, str]
    header_rows: tuple[int, ...]
    first_row: int
    ignored: list[int] = field(default_factory=list)

    def first(self, name: str) -> int | None:
        columns = self.fields.get(name)
        return columns[0] if columns else None

    def label(self, name: str) -> str:
        column = self.first(name)
        return self.headers[column] if column is not None else FIELDS[name][0]


def parse_mapping(items: list[str]) -> dict[str, str]:
    """--map 列名=field (repeatable) -> {normalised header: field}; ValueError on a bad item."""
    mapping = {}
    for item in items:
        header, equals, name = item.rpartition("=")
        name = name.strip()
        if not equals or not header.strip():
            raise ValueError(f"--map {item!r}: write 列名=field, e.g. --map 整改责任领导=leader")
        if name not in FIELDS:
            raise ValueError(f"--map {item!r}: {name!r} is not a field; fields: {', '.join(FIELDS)}")
        mapping[normalise(header)] = name
    return mapping


def _row_fields(sheet: Sheet, row: int, mapping: dict[str, str], letters: bool = True) -> dict[int, str]:
    """The fields the cells of one row name: by --map (header text, or column letter), else recognised."""
    from openpyxl.utils import get_column_letter

    found = {}
    for column in range(1, sheet.width + 1):
        header = normalise(text_of(sheet.cell(row, column).value))
        if not header:
            continue
        name = mapping.get(header) or (letters and mapping.get(get_column_letter(column))) or recognise(header)
        if name is not None:
            found[column] = name
    return found


def find_columns(sheet: Sheet, mapping: dict[str, str]) -> Columns | None:
    """The header row: the row among the first 30 that names the most fields, one of them the problem.

    A second header row under a grouped header (责任清单 over 责任领导 | 责任部门 | 责任人) is read too.
    """
    best: tuple[int, int] | None = None
    for row in range(1, min(len(sheet.rows), HEADER_SCAN_ROWS) + 1):
        names = set(_row_fields(sheet, row, mapping).values()) - {"ignore"}
        if "summary" in names and len(names) >= 2 and (best is None or len(names) > best[1]):
            best = (row, len(names))
    if best is None:
        return None
    row = best[0]
    found = _row_fields(sheet, row, mapping)
    header_rows = (row,)
    below = row + 1
    if below <= len(sheet.rows):
        under = {column: name for column, name in _row_fields(sheet, below, mapping, letters=False).items()
                 if sheet.cell(below, column).origin[0] == below}
        if under:
            found.update(under)
            header_rows = (row, below)
    fields: dict[str, list[int]] = {}
    headers = {}
    ignored = []
    for column in range(1, sheet.width + 1):
        header = next((text_of(sheet.cell(r, column).value) for r in reversed(header_rows)
                       if text_of(sheet.cell(r, column).value)), "")
        headers[column] = re.sub(r"\s+", "", header) or f"column {column}"
        name = found.get(column)
        if name is None or name == "ignore":
            if header:
                ignored.append(column)
            continue
        fields.setdefault(name, []).append(column)
    return Columns(fields, headers, header_rows, header_rows[-1] + 1, ignored)


# --- dates and words ------------------------------------------------------------------------------

LONG_TERM_WORDS = ("长期坚持", "长期", "持续推进", "持续整改", "常态化")
IMMEDIATE_WORDS = ("立行立改", "立即整改", "立即")


class NotADate(ValueError):
    pass


def _month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int, month: int, day: int | None) -> dt.date:
    if not 1 <= month <= 12:
        raise NotADate(f"month {month}")
    if day is None:
        return _month_end(year, month)
    return dt.date(year, month, day)


def parse_date(value: object, reference: dt.date) -> dt.date:
    """A date as Excel or a clerk writes it; NotADate if it is none.

    Excel dates; YYYY-MM-DD, 2026/6/30, 2026.6.30, 2026年6月30日(前); a month alone means its last
    day (2026年6月, 2026.6, 6月底); without a year, the first such date on or after `reference`
    (the round's feedback date); 年底 is 31 December of the reference year.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():  # also NaN and infinity
            raise NotADate(str(value))
        number = int(value)
        if number == value and 19000101 <= number <= 21001231:
            return parse_date(str(number), reference)
        if number == value and 20000 <= number <= 80000:  # an Excel serial number left unformatted
            from openpyxl.utils.datetime import from_excel

            return from_excel(number).date()
        raise NotADate(str(value))
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", "", text)  # a time of day: 2026/6/30 0:00
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(之前|以前|前|止|为止)$", "", text)
    if not text:
        raise NotADate(text)
    try:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
        if match:
            return _make(int(match[1]), int(match[2]), int(match[3]))
        match = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?", text)
        if match:
            return _make(int(match[1]), int(match[2]), int(match[3]))
        match = re.fullmatch(r"(\d{4})[-./年](\d{1,2})月?(?:底|末|份)?", text)
        if match:
            return _make(int(match[1]), int(match[2]), None)
        match = re.fullmatch(r"(\d{4})年(?:底|末)", text)
        if match:
            return dt.date(int(match[1]), 12, 31)
        if text in ("年底", "年末", "本年底", "今年底"):
            return dt.date(reference.year, 12, 31)
        match = re.fullmatch(r"(\d{1,2})月(\d{1,2})[日号]", text)
        if match:
            month, day = int(match[1]), int(match[2])
            candidate = _make(reference.year, month, day)
            return candidate if candidate >= reference else _make(reference.year + 1, month, day)
        match = re.fullmatch(r"(\d{1,2})月(?:底|末|份)?", text)
        if match:
            month = int(match[1])
            candidate = _make(reference.year, month, None)
            return candidate if candidate >= reference else _make(reference.year + 1, month, None)
    except ValueError as exc:  # day 31 in June, month 13
        raise NotADate(text) from exc
    raise NotADate(text)


# (words, status) in the order they are tried: negations before the words they contain, long-term
# and basically-done before the 完成 they contain.
STATUS_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("未完成", "未销号", "未整改", "未启动", "尚未", "没有完成"), "open"),
    (("已销号", "已对账销号", "销号"), "finished"),
    (("需长期坚持", "长期坚持", "长期整改", "需长期", "持续整改", "长期推进", "常态化推进"), "long-term"),
    (("基本完成", "基本整改到位", "阶段性完成", "取得阶段性成效"), "basically-done"),
    (("申请延期", "已延期", "延期"), "open"),
    (("超期未完成", "超期"), "open"),
    (("正在整改", "正在推进", "整改中", "推进中", "进行中", "正在落实", "持续推进"), "open"),
    (("已完成整改", "已完成", "已整改到位", "整改到位", "整改完成", "完成整改", "已整改", "已办结", "办结", "已落实"),
     "finished"),
)


def classify_status(text: str) -> tuple[str, str | None]:
    """A progress cell -> (open | basically-done | long-term | finished, the word found as written)."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if not folded:
        return "open", None
    if folded in ("完成", "是", "√", "✓", "✔"):
        return "finished", text.strip()
    for words, status in STATUS_WORDS:
        for status_word in words:
            if status_word in folded:
                return status, status_word
    return "open", None


def _yes(value: object, where: str, label: str, errors: list[SheetError]) -> bool:
    text = normalise(text_of(value)).lower()
    if text in _YES:
        return True
    if text not in _NO:
        errors.append(SheetError(where, f"{label} {text_of(value)!r} is neither 是 nor 否"))
    return False


def _people(text: str) -> list[str]:
    """Names in a cell: separated by 、，/ or line breaks; '王  五' (padded for alignment) is 王五."""
    names = []
    for part in _SEPARATORS.split(text):
        part = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", part.strip())
        if part and part not in names:
            names.append(part)
    return names


def split_measures(text: str) -> list[str]:
    """A measure cell numbered 1. 2. / (1)(2) / ①② on separate lines is that many measures."""
    marker = re.compile(r"^\s*(?:\d{1,2}[.、．)]|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+、)\s*")
    lines = [line for line in text.split("\n") if line.strip()]
    if sum(1 for line in lines if marker.match(line)) < 2 or not marker.match(lines[0]):
        # one measure; a lone number in front of it ("2.开展…", the second measure's row) is dropped
        return [marker.sub("", text, count=1).strip() or text.strip()]
    items: list[str] = []
    for line in lines:
        if marker.match(line):
            items.append(marker.sub("", line, count=1).strip())
        elif items:
            items[-1] += line.strip()
    return [item for item in items if item]


# --- from rows to problems ------------------------------------------------------------------------


@dataclass
class SheetMeasure:
    text: str
    owner: str
    due: dt.date | None
    done_on: dt.date | None
    row: int


@dataclass
class SheetProblem:
    """One problem as the sheet states it, before the ledger's gates are applied."""

    rows: list[int]
    number: str
    summary: str
    category: str | None
    leader: str
    unit: str
    person: str
    deadline: dt.date
    immediate: bool
    common: bool
    source: str | None
    verified_by: str | None
    status: str                   # open | basically-done | long-term | finished
    label: str | None
    progress: str                 # the progress text as written (for notes when it says more than a word)
    closed_on: dt.date | None
    evidence: list[str]
    notes: list[str]
    measures: list[SheetMeasure]


@dataclass
class ImportOptions:
    round: int
    feedback_on: dt.date          # the round's feedback date: problems count from it
    end_of_period: dt.date        # default deadline
    today: dt.date
    categories: dict              # policy.categories (id -> names); empty accepts any text
    defaults: dict[str, str] = field(default_factory=dict)


class _Reader:
    """Reads the data rows of one sheet under its columns, collecting errors instead of stopping."""

    def __init__(self, sheet: Sheet, columns: Columns, options: ImportOptions):
        self.sheet, self.columns, self.options = sheet, columns, options
        self.errors: list[SheetError] = []
        self.unknown_category: str | None = None

    def cells(self, row: int, name: str) -> list[Cell]:
        return [self.sheet.cell(row, column) for column in self.columns.fields.get(name, [])]

    def text(self, row: int, name: str) -> str:
        parts = []
        for cell in self.cells(row, name):
            value = text_of(cell.value)
            if value and value not in parts:
                parts.append(value)
        return "；".join(parts) if name in MANY_COLUMNS else (parts[0] if parts else "")

    def own(self, row: int, name: str) -> bool:
        """The row holds this field's value itself (not as part of a range merged from above)."""
        return any(cell.origin[0] == row and not _blank(cell.value) for cell in self.cells(row, name))

    def where(self, row: int, name: str) -> str:
        cells = self.cells(row, name)
        if not cells:
            return self.sheet.where(row)
        return self.sheet.where(*cells[0].origin) if cells[0].origin[0] != row else self.sheet.where(row, cells[0].origin[1])

    def date(self, row: int, name: str) -> dt.date | str | None:
        """A date, None when empty, or the word 'long-term' / 'immediate' for those deadline words."""
        cells = [c for c in self.cells(row, name) if not _blank(c.value)]
        if not cells:
            return None
        value = cells[0].value
        text = normalise(text_of(value))
        if name == "deadline":
            if any(word in text for word in LONG_TERM_WORDS):
                return "long-term"
            if any(word == text or text.startswith(word) for word in IMMEDIATE_WORDS):
                return "immediate"
        try:
            return parse_date(value, self.options.feedback_on)
        except NotADate:
            label = self.columns.label(name)
            self.errors.append(SheetError(self.where(row, name), f"{label} {text_of(value)!r} is not a date"))
            return None

    # -- grouping

    def groups(self) -> list[tuple[list[int], str | None]]:
        """Rows of each problem, with the section heading above it (一、党的建设方面) if any."""
        groups: list[tuple[list[int], str | None]] = []
        section: str | None = None
        current: list[int] | None = None
        current_summary = ""
        for row in range(self.columns.first_row, len(self.sheet.rows) + 1):
            heading = self._heading(row)
            if heading is not None:
                section, current = heading, None
                continue
            summary = self.text(row, "summary")
            measure = self.text(row, "measure")
            if not summary and not measure:
                if self.text(row, "number") and self.own(row, "number") and any(
                        self.text(row, name) for name in ("deadline", "leader", "unit", "person", "status")):
                    self.errors.append(SheetError(self.where(row, "summary"),
                                                  f"{self.columns.label('summary')} is empty"))
                continue
            new_number = bool(self.text(row, "number")) and self.own(row, "number")
            starts = bool(summary) and self.own(row, "summary") and (
                current is None or summary != current_summary or new_number)
            if starts:
                current = [row]
                current_summary = summary
                groups.append((current, section))
            elif current is None:
                self.errors.append(SheetError(self.where(row, "summary"),
                                              f"{self.columns.label('summary')} is empty and no problem above "
                                              f"it continues here"))
            else:
                current.append(row)
        return groups

    def _heading(self, row: int) -> str | None:
        """A row holding a single text of its own, outside the problem column or merged across it from the
        left: a section heading (一、党的建设方面) or a line such as 填表人：张三."""
        texts = {(cell.origin, text_of(cell.value)) for cell in self.sheet.rows[row - 1] if not _blank(cell.value)}
        if len(texts) != 1:
            return None
        (origin, text), = texts
        if origin[0] != row:
            return None
        column = self.columns.first("summary")
        summary = self.sheet.cell(row, column)
        if _blank(summary.value) or summary.origin[1] != column:
            return text
        return None

    # -- one problem

    def problem(self, rows: list[int], section: str | None) -> SheetProblem:
        first = rows[0]
        errors_before = len(self.errors)

        def joined(name: str) -> str:
            values: list[str] = []
            for row in rows:
                value = self.text(row, name)
                if value and value not in values:
                    values.append(value)
            return "；".join(values)

        people = {name: [] for name in ("leader", "unit", "person")}
        for name in people:
            for row in rows:
                for person in _people(self.text(row, name)):
                    if person not in people[name]:
                        people[name].append(person)
        responsible = {}
        for name, found in people.items():
            value = "、".join(found) or self.options.defaults.get(name, "")
            if not value:
                if name in self.columns.fields:
                    self.errors.append(SheetError(self.where(first, name), f"{self.columns.label(name)} is empty"))
                else:
                    self.errors.append(SheetError(
                        self.sheet.where(first),
                        f"the sheet has no {FIELDS[name][0]} column ({name}); map one with --map 列名={name} "
                        f"or give --default {name}=…"))
            responsible[name] = value

        immediate = any(_yes(self.cells(row, "immediate")[0].value, self.where(row, "immediate"),
                             self.columns.label("immediate"), self.errors)
                        for row in rows if self.cells(row, "immediate") and self.own(row, "immediate"))
        common = any(_yes(self.cells(row, "common")[0].value, self.where(row, "common"),
                          self.columns.label("common"), self.errors)
                     for row in rows if self.cells(row, "common") and self.own(row, "common"))

        # status: each row's own words (a merged or blank cell says what the first row says)
        first_status = self.text(first, "status")
        statuses = []
        for row in rows:
            statuses.append(classify_status(self.text(row, "status") or first_status))
        kinds = {kind for kind, _ in statuses}
        if "long-term" in kinds:
            status = "long-term"
        elif "open" in kinds:
            status = "open"
        elif "basically-done" in kinds:
            status = "basically-done"
        else:
            status = "finished"
        label = next((word for kind, word in statuses if kind == status and word), None)
        progress = joined("status")

        closing_dates = {row: self.date(row, "closed_on") for row in rows}
        closed_dates = [d for d in closing_dates.values() if isinstance(d, dt.date)]
        closed_on = max(closed_dates) if closed_dates else None

        notes = [joined("notes")] if joined("notes") else []
        measures: list[SheetMeasure] = []
        dues: list[dt.date] = []
        for row, (row_kind, _) in zip(rows, statuses):
            due = self.date(row, "deadline")
            if due == "immediate":
                immediate, due = True, None
            elif due == "long-term":
                note = f"{self.columns.label('deadline')}：{self.text(row, 'deadline')}"
                if note not in notes:
                    notes.append(note)
                due = None
            if isinstance(due, dt.date):
                dues.append(due)
            done = self.date(row, "done_on")
            if done is None and row_kind == "finished":
                own_date = closing_dates.get(row)
                done = own_date if isinstance(own_date, dt.date) else closed_on
            text = self.text(row, "measure")
            if not text:
                continue
            owners = _people(self.text(row, "person")) or [responsible["person"]]
            for item in split_measures(text):
                measures.append(SheetMeasure(item, "、".join(owners), due if isinstance(due, dt.date) else None,
                                             done if isinstance(done, dt.date) else None, row))
        deadline = max(dues) if dues else self.options.end_of_period
        for measure in measures:
            if measure.due is None:
                measure.due = deadline

        self.unknown_category = None
        category = self._category(rows, section)
        if self.unknown_category:
            notes.append(f"{self.columns.label('category')}（原）：{self.unknown_category}")
        evidence: list[str] = []
        for row in rows:
            for item in _EVIDENCE_SEPARATORS.split(self.text(row, "evidence")):
                item = item.strip()
                if item and item not in evidence:
                    evidence.append(item)
        number = self.text(first, "number")
        problem = SheetProblem(
            rows=rows, number=number, summary=self.text(first, "summary"), category=category,
            leader=responsible["leader"], unit=responsible["unit"], person=responsible["person"],
            deadline=deadline, immediate=immediate, common=common,
            source=joined("source") or self.options.defaults.get("source") or None,
            verified_by=joined("verified_by") or self.options.defaults.get("verified_by") or None,
            status=status, label=label, progress=progress, closed_on=closed_on, evidence=evidence,
            notes=notes, measures=measures)
        if len(self.errors) == errors_before:
            self._check_dates(problem)
        return problem

    def _category(self, rows: list[int], section: str | None) -> str | None:
        first = rows[0]
        text = self.text(first, "category")
        where = self.where(first, "category")
        if not text:
            if section is not None:
                found = match_category(section, self.options.categories)
                if len(found) == 1:
                    return found[0]
            default = self.options.defaults.get("category")
            if default:
                return default
            if "category" in self.columns.fields:
                message = f"{self.columns.label('category')} is empty"
            else:
                where = self.sheet.where(first)
                message = "the sheet has no 问题类别 column"
            self.errors.append(SheetError(where, message + "; give --category-default ID"
                                          + _known_categories(self.options.categories)))
            return None
        if not self.options.categories:
            return text
        found = match_category(text, self.options.categories)
        if len(found) == 1:
            return found[0]
        default = self.options.defaults.get("category")
        if not found and default:
            self.unknown_category = text
            return default
        if found:
            self.errors.append(SheetError(where, f"{self.columns.label('category')} {text!r} could be any of "
                                                 f"{', '.join(found)}; write the category id or use --map"))
        else:
            self.errors.append(SheetError(where, f"{self.columns.label('category')} {text!r} is not a category of "
                                                 f"the policy{_known_categories(self.options.categories)}; or give "
                                                 f"--category-default ID"))
        return None

    def _check_dates(self, problem: SheetProblem) -> None:
        start, today, first = self.options.feedback_on, self.options.today, problem.rows[0]
        if problem.deadline < start:
            row = next((m.row for m in problem.measures if m.due == problem.deadline), first)
            self.errors.append(SheetError(self.where(row, "deadline"),
                                          f"{self.columns.label('deadline')} {problem.deadline} is before the "
                                          f"feedback date of round {self.options.round} ({start})"))
        for measure in problem.measures:
            if measure.done_on is None:
                continue
            name = "done_on" if "done_on" in self.columns.fields else "closed_on"
            if measure.done_on > today:
                self.errors.append(SheetError(self.where(measure.row, name),
                                              f"{self.columns.label(name)} {measure.done_on} is after today ({today})"))
                return
            if measure.done_on < start:
                self.errors.append(SheetError(self.where(measure.row, name),
                                              f"{self.columns.label(name)} {measure.done_on} is before the feedback "
                                              f"date of round {self.options.round} ({start}): work done before the "
                                              f"feedback is daily work, not rectification"))
                return
        if problem.closed_on is not None and problem.status == "finished":
            row = next((r for r in problem.rows if self.date(r, "closed_on") == problem.closed_on), first)
            if problem.closed_on > today:
                self.errors.append(SheetError(self.where(row, "closed_on"),
                                              f"{self.columns.label('closed_on')} {problem.closed_on} is after "
                                              f"today ({today})"))
            elif problem.closed_on < start:
                self.errors.append(SheetError(self.where(row, "closed_on"),
                                              f"{self.columns.label('closed_on')} {problem.closed_on} is before the "
                                              f"feedback date of round {self.options.round} ({start})"))


def match_category(text: str, categories: dict) -> list[str]:
    """Category ids a sheet's text names: by id, by Chinese or English name, or one containing the other."""
    folded = normalise(text).lower()
    trimmed = re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])", "", folded)
    trimmed = re.sub(r"(?:方面的?问题|方面|问题|类)(?:\(\d+个?\)|\d+个)?$", "", trimmed)
    for category_id in categories:
        if folded == category_id.lower():
            return [category_id]
    exact, partial = [], []
    for category_id, names in categories.items():
        candidates = [normalise(names.zh).lower()] + ([normalise(names.en).lower()] if names.en else [])
        if folded in candidates or trimmed in candidates:
            exact.append(category_id)
        elif trimmed and any(trimmed in name or name in trimmed for name in candidates[:1]):
            partial.append(category_id)
    return exact or partial


def _known_categories(categories: dict) -> str:
    if not categories:
        return ""
    return " (categories: " + ", ".join(f"{key} {value.zh}" for key, value in categories.items()) + ")"


@dataclass
class ReadResult:
    sheet: Sheet
    columns: Columns
    problems: list[SheetProblem]


def choose_sheet(sheets: Sheet | list[Sheet], mapping: dict[str, str]) -> tuple[Sheet, Columns]:
    """The sheet to import (the named one, else the first with a recognisable header) and its columns."""
    candidates = sheets if isinstance(sheets, list) else [sheets]
    for sheet in candidates:
        columns = find_columns(sheet, mapping)
        if columns is not None:
            return sheet, columns
    source = candidates[0].source if candidates else "the file"
    names = "问题 / 问题表现 / 存在问题 and one more of 序号, 整改措施, 责任部门, 完成时限…"
    raise UnreadableInput(f"{source}: no header row found in the first {HEADER_SCAN_ROWS} rows"
                          + (f" of sheet {candidates[0].name!r}" if len(candidates) == 1 and candidates[0].name else
                             " of any sheet"),
                          hint=f"the header must name {names}; map other headers with --map 列名=field")


def read_problems(sheet: Sheet, columns: Columns, options: ImportOptions) -> ReadResult:
    """Every problem of the sheet, or SheetRefused listing every error found."""
    from openpyxl.utils import get_column_letter

    errors = []
    for name, found in columns.fields.items():
        if len(found) > 1 and name not in MANY_COLUMNS:
            heads = ", ".join(f"{get_column_letter(c)} ({columns.headers[c]})" for c in found)
            errors.append(SheetError(sheet.where(columns.header_rows[-1], found[1]),
                                     f"columns {heads} are all read as {name}; keep one with "
                                     f"--map {columns.headers[found[1]]}=ignore"))
    if errors:
        raise SheetRefused(sheet.source, errors)
    reader = _Reader(sheet, columns, options)
    problems = [reader.problem(rows, section) for rows, section in reader.groups()]
    if not problems and not reader.errors:
        reader.errors.append(SheetError(sheet.where(columns.first_row), "no problems under the header row"))
    if reader.errors:
        raise SheetRefused(sheet.source, reader.errors,
                           hint="dates: 2026-06-30, 2026/6/30, 2026.6.30, 2026年6月30日, 6月底; see docs/excel.md")
    return ReadResult(sheet, columns, problems)


# --- from problems to ledger entries: the closure gates -------------------------------------------

IMPORT_NOTE = "imported from"


@dataclass
class Imported:
    """One problem as it will be written, and what became of the sheet's word for it."""

    id: str
    record: dict
    sheet_status: str
    status: str
    awaiting: list[str]           # why a finished row was not closed (empty when closed or not finished)
    missing_files: int            # evidence named in the sheet that is not a file in the repository


def evidence_record(item: str, root: Path) -> tuple[dict, bool]:
    """An evidence entry for a name in the sheet: pinned by sha256 when it is a file in the repository."""
    from rectify_cli.validation.evidence import sha256_of
    from rectify_cli.validation.rules import _inside

    path = item.replace("\\", "/").strip()
    if _inside(path):
        candidate = (root / path).resolve()
        real_root = root.resolve()
        if (real_root in candidate.parents) and candidate.is_file():
            return {"path": path, "sha256": sha256_of(candidate)}, True
        return {"path": path, "note": "named in the imported sheet; not a file in the repository when imported"}, False
    inside = "/".join(part for part in PurePosixPath(path).parts if part not in ("/", "..") and not part.endswith(":"))
    return {"path": inside or "unnamed", "note": f"named in the imported sheet as {item!r}, outside the repository"}, False


def problem_records(read: ReadResult, first_number: int, options: ImportOptions, actor, root: Path,
                    strict_evidence: bool = False, review_by: dt.date | None = None) -> list[Imported]:
    """The ledger entries of the sheet's problems, ids from `first_number` on.

    A problem the sheet calls finished (已完成/已销号) is closed only when the sheet gives a closing
    date and evidence and it has measures, all done by then (with `strict_evidence`, evidence that is
    a file in the repository). Otherwise it is imported as basically-done, its label keeping the
    sheet's word, with a note and a history reason saying what the closure awaits.
    """
    from rectify_cli.edit.operations import Actor, add_months, history_entry

    results = []
    for offset, sheet_problem in enumerate(read.problems):
        problem_id = f"P{options.round}-{first_number + offset:03d}"
        measures = []
        for index, measure in enumerate(sheet_problem.measures, start=1):
            entry = {"id": f"M{index}", "text": measure.text, "owner": measure.owner, "due": measure.due}
            if measure.done_on is not None:
                entry["done_on"] = measure.done_on
            measures.append(entry)
        evidence, found = [], 0
        for item in sheet_problem.evidence:
            record, exists = evidence_record(item, root)
            evidence.append(record)
            found += exists
        notes = list(sheet_problem.notes)
        progress = sheet_problem.progress
        if progress and progress != sheet_problem.label:
            notes.append(f"{read.columns.label('status')}：{progress}")

        status = sheet_problem.status
        awaiting: list[str] = []
        closure = long_term = None
        if status == "finished":
            if not evidence:
                awaiting.append("佐证材料 (evidence)")
            elif strict_evidence and not found:
                awaiting.append("佐证材料 as a file in the repository (evidence file)")
            if sheet_problem.closed_on is None:
                awaiting.append("销号日期 (closing date)")
            if not measures:
                awaiting.append("整改措施 (measures)")
            undone = [m["id"] for m in measures if "done_on" not in m]
            if undone:
                awaiting.append("完成日期 of " + ", ".join(undone))
            late = [m["id"] for m in measures if sheet_problem.closed_on and m.get("done_on")
                    and m["done_on"] > sheet_problem.closed_on]
            if late:
                awaiting.append("measures done after the closing date: " + ", ".join(late))
            if awaiting:
                status = "basically-done"
                if sheet_problem.evidence:
                    notes.append("佐证材料：" + "、".join(sheet_problem.evidence))
                notes.append(f"台账标注“{sheet_problem.label or '已完成'}”，但缺少{'、'.join(awaiting)}，"
                             f"暂按基本完成导入，待补齐后用 rectify close 对账销号")
            else:
                status = "closed"
                closure = {"date": sheet_problem.closed_on, "by": actor.by}
                if sheet_problem.verified_by:
                    closure["verified_by"] = sheet_problem.verified_by
                closure["evidence"] = evidence
        elif status == "long-term":
            since = actor.date
            review = review_by or add_months(since, 3)
            if review < since:
                review = since
            long_term = {"since": since, "review_by": review,
                         "reason": progress or sheet_problem.label or "需长期坚持"}
        elif evidence:
            notes.append("佐证材料：" + "、".join(sheet_problem.evidence))

        record = {
            "id": problem_id, "round": options.round, "category": sheet_problem.category,
            "summary": sheet_problem.summary, "source": sheet_problem.source,
            "common": True if sheet_problem.common else None,
            "immediate": True if sheet_problem.immediate else None,
            "responsible": {"leader": sheet_problem.leader, "unit": sheet_problem.unit, "person": sheet_problem.person},
            "deadline": sheet_problem.deadline,
            "measures": measures or None,
            "status": status,
            "label": sheet_problem.label,
            "closed": closure,
            "long_term": long_term,
            "notes": "\n".join(notes) if notes else None,
        }
        record = {key: value for key, value in record.items() if value is not None}
        rows = sheet_problem.rows
        place = Sheet(Path(read.sheet.source).name, read.sheet.name, []).where(rows[0])
        if len(rows) > 1:
            place += f"-{rows[-1]}"
        number = f" (序号 {sheet_problem.number})" if sheet_problem.number else ""
        reason = f"{IMPORT_NOTE} {place}{number}"
        if awaiting:
            reason += f"; the sheet says {sheet_problem.label or '已完成'}, closure awaits {', '.join(awaiting)}"
        draft = SimpleNamespace(id=problem_id, history=[])  # the chain starts from the id
        dated = Actor(actor.by, actor.at, options.feedback_on, actor.today)
        record["history"] = [history_entry(draft, dated, "imported", deadline=sheet_problem.deadline,
                                           status=status, reason=reason)]
        results.append(Imported(problem_id, record, sheet_problem.status, status, awaiting,
                                sum(1 for e in evidence if "sha256" not in e) if closure else 0))
    return results


def append_problems(document, records: list[dict]) -> None:
    """Every new problem appended to `problems:`, all or nothing.

    Into an empty list (a ledger fresh from `rectify init`) the whole list is one splice; after
    existing problems each is appended in turn, which re-reads the text after each one (the
    splicer's positions are stale once the end of the list has moved).
    """
    if not records:
        return
    if document.get(("problems",)) in ([], None):
        document.set(("problems",), records, flow=False)
        return
    with document.batch():
        for record in records:
            document.append(("problems",), record, flow=False)


def summary_line(imported: list[Imported], org: str) -> str:
    counts: dict[str, int] = {}
    for item in imported:
        counts[item.status] = counts.get(item.status, 0) + 1
    parts = ", ".join(f"{counts[s]} {s}" for s in ("closed", "basically-done", "long-term", "open") if s in counts)
    ids = f"{imported[0].id}..{imported[-1].id}" if len(imported) > 1 else imported[0].id
    return f"imported {len(imported)} problem(s) into {org} ({ids}): {parts}"


# --- export: tables and workbooks -----------------------------------------------------------------


@dataclass
class Table:
    """One sheet of a workbook: a title (the sheet name), headers and rows of plain values."""

    title: str
    headers: list[str]
    rows: list[list[object]]
    numbers: set[int] = field(default_factory=set)   # columns holding numbers written as text ("3")


RESPONSIBILITY_ZH = {"main": "主体责任", "supervisory": "监督责任", "leading": "领导责任"}
KIND_ZH = {"regular": "常规巡察", "special": "专项巡察", "mobile": "机动巡察"}


def _status_zh(status: str) -> str:
    from rectify_cli.render.words import status_word

    return status_word(status, "zh")


def _form_zh(form: int) -> str:
    from rectify_cli.render.words import word

    return word(f"form{form}", "zh")


def _evidence_text(items) -> str:
    return "\n".join(item.path + (f"（{item.note}）" if item.note else "") for item in items)


def ledger_tables(ledger, policy, round_number: int | None = None) -> list[Table]:
    """A ledger as the three lists and one ledger: problems, measures, accountability, and its rounds."""
    problems = [p for p in ledger.problems if round_number is None or p.round == round_number]
    problem_rows, measure_rows, accountability_rows = [], [], []
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
    ]


def round_problem_table(report, policy) -> Table:
    """Every problem of the round across organisations, as it stood on the as-of date."""
    rows = []
    for org in report.organisations:
        for state in org.states:
            problem = state.problem
            rows.append([org.name, problem.id, policy.category_name(problem.category, "zh"), problem.summary,
                         problem.responsible.leader, problem.responsible.unit, problem.responsible.person,
                         state.deadline, _status_zh(state.status), problem.label,
                         "是" if state.overdue else "", state.closed_on,
                         f"{state.measures_done}/{state.measures_total}" if state.measures_total else "0/0"])
    return Table(f"第{report.round}轮问题清单", ["单位", "问题编号", "问题类别", "问题表现", "责任领导", "责任部门",
                                              "责任人", "完成时限", "整改状态", "原状态表述", "是否超期", "销号日期",
                                              "措施完成"], rows)


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
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        title = re.sub(r"[\[\]:*?/\\]", "", table.title)[:31] or "Sheet"
        base, counter = title, 2
        while title in used:
            title = f"{base[:28]}({counter})"
            counter += 1
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append(table.headers)
        for row in table.rows:
            cells = [_cell_value(value, index in table.numbers) for index, value in enumerate(row)]
            sheet.append([value for value, _ in cells])
            for cell, (_, number_format) in zip(sheet[sheet.max_row], cells):
                if number_format:
                    cell.number_format = number_format
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
                    cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _cell_value(value: object, number: bool) -> tuple[object, str | None]:
    """A value and its number format; in a number column, text such as "12", "1,500.00", "44.44%" becomes a number."""
    if not (number and isinstance(value, str)):
        return value, None
    plain = value.replace(",", "")
    if re.fullmatch(r"-?\d+", plain):
        return int(plain), None
    if re.fullmatch(r"-?\d+\.\d+", plain):
        return Decimal(plain), "#,##0.00"
    if re.fullmatch(r"-?\d+(\.\d+)?%", plain):
        return Decimal(plain[:-1]) / 100, "0.00%"
    return value, None
