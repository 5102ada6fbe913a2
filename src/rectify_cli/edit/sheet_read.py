"""Reading a rectification sheet (整改台账): cells, header recognition and the wording of dates and statuses.

  read_sheet      an .xlsx sheet or a .csv file -> a grid of cells, merged cells filled from their origin
  find_columns    the header row (wherever it is, one or two rows) -> which column holds which field
  parse_date, classify_status, split_measures, split_people, parse_yes: what a cell's words mean
Building problems from the rows is edit/sheet_import.py; every failure is a SheetError
("FILE:SHEET!CELL: message"), collected before anything is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rectify_cli.cells import text_of
from rectify_cli.edit.sheet_words import (
    BY_THEN,
    CHINESE_DIGITS,
    DEADLINE_WORDS,
    FIELDS,
    FINISHED_ALONE,
    HALF_YEARS,
    NO_WORDS,
    QUARTERS,
    STATUS_WORDS,
    TEN_DAYS,
    YES_WORDS,
)
from rectify_cli.errors import RefusedChange, UnreadableInput, joined, say

# --- fields and the headers that name them --------------------------------------------------------

# Fields several columns may feed (their texts are joined); any other field read twice is ambiguous.
MANY_COLUMNS = ("status", "notes", "evidence", "partners", "goal")
DEFAULTABLE = ("category", "leader", "unit", "person", "source", "verified_by")
HEADER_SCAN_ROWS = 30

_SEPARATORS = re.compile(r"[\n、;；,，/]+")


def normalise(text: object) -> str:
    """A header or key as compared: full-width forms folded (NFKC), spaces and line breaks removed."""
    return _normalised(str(text or ""))


@functools.lru_cache(maxsize=65536)  # pure; a sheet's headers and keys recur on every row
def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip(":*")


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
        lines = joined([say("{where}: {message}", where=error.where, message=error.message) for error in errors], "\n")
        count = say("{count} error(s)", count=len(errors)) if len(errors) != 1 else say("1 error")
        super().__init__(message=say("cannot import {source}: {count}; nothing was written\n{lines}", source=source,
                                     count=count, lines=lines), hint=hint)
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

    @functools.cached_property
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
        raise UnreadableInput(say("{display}: no such file", display=display))
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        if sheet_name is not None:
            raise UnreadableInput(say("{display} is a CSV file: it has no sheets, leave out --sheet", display=display))
        return _read_csv(path, display)
    if suffix == ".xls":
        raise UnreadableInput(say("{display} is in the old Excel 97-2003 format (.xls), which rectify cannot read", display=display),
                              hint=say("open it in Excel or WPS and save it as .xlsx (Excel 工作簿), or as CSV"))
    return _read_workbook(path, display, sheet_name)


def _read_workbook(path: Path, display: str, sheet_name: str | None) -> Sheet | list[Sheet]:
    import zipfile

    from openpyxl import load_workbook

    try:
        # data_only: the values Excel last computed, not the formulas behind them
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnreadableInput(say("{display} is not an Excel workbook (.xlsx) rectify can read: {exc}", display=display, exc=exc),
                              hint=say("save it from Excel or WPS as .xlsx, or as CSV (UTF-8)")) from None
    if sheet_name is not None:
        if sheet_name not in workbook.sheetnames:
            from rectify_cli.suggest import did_you_mean, with_suggestion

            raise UnreadableInput(say("{display} has no sheet {sheet_name!r}", display=display, sheet_name=sheet_name),
                                  hint=with_suggestion(did_you_mean(sheet_name, workbook.sheetnames),
                                                       "sheets: " + ", ".join(workbook.sheetnames)))
        return _grid(workbook[sheet_name], display)
    return [_grid(worksheet, display) for worksheet in workbook.worksheets]


def _grid(worksheet, display: str) -> Sheet:
    rows: list[list[Cell]] = []
    for index, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        rows.append([Cell(value, (index, column)) for column, value in enumerate(values, start=1)])
    while rows and all(is_blank(c.value) for c in rows[-1]):
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
    while rows and all(is_blank(c.value) for c in rows[-1]):
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
        raise UnreadableInput(say("{display} is neither UTF-8 nor GBK text", display=display),
                              hint=say("save it from Excel as 'CSV UTF-8 (逗号分隔)'")) from None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- the header row -------------------------------------------------------------------------------


@dataclass
class Columns:
    """Which column holds which field, the header text of each, and the first data row."""

    fields: dict[str, list[int]]
    headers: dict[int, str]
    header_rows: tuple[int, ...]
    first_row: int
    ignored: list[int] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # --map, as given: repeated header rows are found with it

    @property
    def summary(self) -> int:
        """The problem column, which every header row found has (find_columns requires it)."""
        return self.fields["summary"][0]

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
            raise ValueError(say("--map {item!r}: write 列名=field, e.g. --map 整改责任领导=leader", item=item))
        if name not in FIELDS:
            raise ValueError(say("--map {item!r}: {name!r} is not a field; fields: {fields}", item=item, name=name,
                                 fields=", ".join(FIELDS)))
        mapping[normalise(header)] = name
    return mapping


def row_fields(sheet: Sheet, row: int, mapping: dict[str, str], letters: bool = True) -> dict[int, str]:
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


def _groups(sheet: Sheet, row: int, column: int) -> bool:
    """The header cell above `column` is empty or a group header merged across columns (责任清单 over three)."""
    cell = sheet.cell(row, column)
    if is_blank(cell.value):
        return True
    return any(sheet.cell(row, other).origin == cell.origin for other in (column - 1, column + 1) if other >= 1)


def find_columns(sheet: Sheet, mapping: dict[str, str]) -> Columns | None:
    """The header row: the row among the first 30 that names the most fields, one of them the problem.

    A second header row under a grouped header (责任清单 over 责任领导 | 责任部门 | 责任人) is read too.
    """
    best: tuple[int, int] | None = None
    for row in range(1, min(len(sheet.rows), HEADER_SCAN_ROWS) + 1):
        names = set(row_fields(sheet, row, mapping).values()) - {"ignore"}
        if "summary" in names and len(names) >= 2 and (best is None or len(names) > best[1]):
            best = (row, len(names))
    if best is None:
        return None
    row = best[0]
    found = row_fields(sheet, row, mapping)
    header_rows: tuple[int, ...] = (row,)
    below = row + 1
    if below <= len(sheet.rows):
        under = {column: name for column, name in row_fields(sheet, below, mapping, letters=False).items()
                 if sheet.cell(below, column).origin[0] == below and _groups(sheet, row, column)}
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
    return Columns(fields, headers, header_rows, header_rows[-1] + 1, ignored, dict(mapping))


# --- dates and words ------------------------------------------------------------------------------

LONG_TERM_WORDS = DEADLINE_WORDS["long-term"]
IMMEDIATE_WORDS = DEADLINE_WORDS["immediate"]


class NotADate(ValueError):
    pass


def _month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int, month: int, day: int | None) -> dt.date:
    if not 1 <= month <= 12:
        raise NotADate(say("month {month}", month=month))
    if day is None:
        return _month_end(year, month)
    return dt.date(year, month, day)


def parse_date(value: object, reference: dt.date, day_required: bool = False) -> dt.date:
    """A date as Excel or a clerk writes it; NotADate if it is none.

    Excel dates; YYYY-MM-DD, 2026/6/30, 2026.6.30, 2026年6月30日(前完成); full-width digits and Chinese
    numerals (二〇二六年六月底); a month alone means its last day (2026年6月, 2026.6, 6月底), 上旬 the
    10th, 中旬 the 20th, 下旬 the last day; 上半年 / 下半年, 第三季度 / 三季度 / Q3 the last day of the part;
    without a year, the first such date on or after `reference` (the round's feedback date); 年底 is
    31 December of the reference year.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_date(value, reference)
    text = _date_text(value)
    if not text:
        raise NotADate(text)
    if day_required and not _HAS_DAY.fullmatch(text):
        raise NotADate(text)  # a closing or completion date is a day: 2026年8月 would invent the 31st
    try:
        found = _read_date(text, reference)
    except ValueError as exc:  # day 31 in June, month 13
        raise NotADate(text) from exc
    if found is None:
        raise NotADate(text)
    return found


_HAS_DAY = re.compile(r"\d{8}|\d{4}[-./年]\d{1,2}[-./月]\d{1,2}[日号]?|\d{1,2}月\d{1,2}[日号]")


def _number_date(value: int | float, reference: dt.date) -> dt.date:
    if isinstance(value, float) and not value.is_integer():  # also NaN and infinity
        raise NotADate(str(value))
    number = int(value)
    if 19000101 <= number <= 21001231:
        return parse_date(str(number), reference)
    if 20000 <= number <= 80000:  # an Excel serial number left unformatted
        from openpyxl.utils.datetime import from_excel

        return from_excel(number).date()
    raise NotADate(str(value))


def _chinese_number(match: re.Match) -> str:
    """十二 -> 12, 二〇二六 -> 2026 (digit by digit when there is no 十)."""
    text = match.group()
    if "十" not in text:
        return "".join(str(CHINESE_DIGITS[c]) for c in text)
    tens, _, ones = text.partition("十")
    return str((CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0))


def _date_text(value: object) -> str:
    """The cell's words for a date: full-width folded, Chinese numerals as digits, "by then" words and times removed."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", "", text)  # a time of day: 2026/6/30 0:00
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[〇零一二两三四五六七八九十]+(?=[年月日号季])", _chinese_number, text)
    for words in BY_THEN:
        if text.endswith(words) and len(text) > len(words):
            text = text[: -len(words)]
            break
    return text


def _read_date(text: str, reference: dt.date) -> dt.date | None:
    def after(month: int, day: int | None) -> dt.date:
        candidate = _make(reference.year, month, day)
        return candidate if candidate >= reference else _make(reference.year + 1, month, day)

    if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?", text):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{4})[-./年](\d{1,2})月?(?:底|末|份)?", text):
        return _make(int(match[1]), int(match[2]), None)
    if match := re.fullmatch(r"(\d{4})年(\d{1,2})月(上旬|中旬|下旬)", text):
        return _make(int(match[1]), int(match[2]), TEN_DAYS.get(match[3]))
    if match := re.fullmatch(r"(\d{4})年?(上半年|下半年)(?:底|末)?", text):
        month, day = HALF_YEARS[match[2]]
        return dt.date(int(match[1]), month, day)
    if match := re.fullmatch(r"(?:今年|本年)?(上半年|下半年)(?:底|末)?", text):
        month, day = HALF_YEARS[match[1]]
        return after(month, day)
    if match := re.fullmatch(r"(\d{4})年?(?:第([1-4])季度|([1-4])季度|Q([1-4]))(?:末|底)?", text, re.IGNORECASE):
        month, day = QUARTERS[int(match[2] or match[3] or match[4])]
        return dt.date(int(match[1]), month, day)
    if match := re.fullmatch(r"(\d{4})年(?:底|末)", text):
        return dt.date(int(match[1]), 12, 31)
    if text in ("年底", "年末", "本年底", "今年底"):
        return dt.date(reference.year, 12, 31)
    if match := re.fullmatch(r"(\d{1,2})月(\d{1,2})[日号]", text):
        return after(int(match[1]), int(match[2]))
    if match := re.fullmatch(r"(\d{1,2})月(上旬|中旬|下旬)", text):
        return after(int(match[1]), TEN_DAYS.get(match[2]))
    if match := re.fullmatch(r"(\d{1,2})月(?:底|末|份)?", text):
        return after(int(match[1]), None)
    return None


def classify_status(text: str) -> tuple[str, str | None]:
    """A progress cell -> (open | basically-done | long-term | finished, the word found as written)."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if not folded:
        return "open", None
    if folded in FINISHED_ALONE:
        return "finished", text.strip()
    for words, status in STATUS_WORDS:
        for status_word in words:
            if status_word in folded:
                return status, status_word
    return "open", None


def parse_yes(value: object, where: str, label: str, errors: list[SheetError]) -> bool:
    text = normalise(text_of(value)).lower()
    if text in YES_WORDS:
        return True
    if text not in NO_WORDS:
        errors.append(SheetError(where, say("{label} {value!r} is neither 是 nor 否", label=label, value=text_of(value))))
    return False


def split_people(text: str) -> list[str]:
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


_PART = re.compile(r"(?:^|(?<=[\n；;，,。\s]))\s*(\d{1,2})\s*[.、．)）]\s*")


def split_parts(text: str) -> list[str] | None:
    """A cell numbered for several measures (`1.2026年6月底前\n2.长期坚持`, `1.已完成；2.正在推进`) -> its parts,
    in order; None when the cell is not numbered 1, 2, … (one value for every measure)."""
    if not text:
        return None
    marks = list(_PART.finditer(text))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)) or marks[0].start() != 0:
        return None
    parts = []
    for mark, following in zip(marks, [*marks[1:], None]):
        part = text[mark.end(): following.start() if following else len(text)]
        parts.append(part.strip().rstrip("；;，,。").strip())
    return parts
