"""A rectification sheet's rows as problems: grouped, their dates, status words and categories parsed.

Import, one step per function, no terminal code (the commands are in cli/excel.py):
  read_sheet, find_columns (edit/sheet_read.py) the grid of cells and which column holds which field
  read_problems   rows grouped into problems and their measures; dates, status words, categories parsed;
                  every failure collected as "FILE:SHEET!CELL: message" before anything is refused
  problem_records, append_problems (edit/sheet_records.py) the ledger entries, the closure gates applied
The export of ledgers and rounds as workbooks is render/workbook.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rectify_cli.edit.sheet_read import (
    FIELDS,
    HEADER_SCAN_ROWS,
    IMMEDIATE_WORDS,
    LONG_TERM_WORDS,
    MANY_COLUMNS,
    Cell,
    Columns,
    NotADate,
    Sheet,
    SheetError,
    SheetRefused,
    classify_status,
    find_columns,
    is_blank,
    normalise,
    parse_date,
    parse_yes,
    split_measures,
    split_people,
    text_of,
)
from rectify_cli.errors import UnreadableInput

_EVIDENCE_SEPARATORS = re.compile(r"[\n;；,，、]+")


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


def _overall_status(kinds: set[str]) -> str:
    """A problem's status from its rows': long-term if any is, else open, else basically-done, else finished."""
    for kind in ("long-term", "open", "basically-done"):
        if kind in kinds:
            return kind
    return "finished"


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
        return any(cell.origin[0] == row and not is_blank(cell.value) for cell in self.cells(row, name))

    def where(self, row: int, name: str) -> str:
        cells = self.cells(row, name)
        if not cells:
            return self.sheet.where(row)
        return self.sheet.where(*cells[0].origin) if cells[0].origin[0] != row else self.sheet.where(row, cells[0].origin[1])

    def date(self, row: int, name: str) -> dt.date | str | None:
        """A date, None when empty, or the word 'long-term' / 'immediate' for those deadline words."""
        cells = [c for c in self.cells(row, name) if not is_blank(c.value)]
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
        texts = {(cell.origin, text_of(cell.value)) for cell in self.sheet.rows[row - 1] if not is_blank(cell.value)}
        if len(texts) != 1:
            return None
        (origin, text), = texts
        if origin[0] != row:
            return None
        column = self.columns.summary
        summary = self.sheet.cell(row, column)
        if is_blank(summary.value) or summary.origin[1] != column:
            return text
        return None

    # -- one problem

    def problem(self, rows: list[int], section: str | None) -> SheetProblem:
        first = rows[0]
        errors_before = len(self.errors)
        responsible = self._responsible(rows)
        immediate = self._flag(rows, "immediate")
        common = self._flag(rows, "common")
        statuses = self._statuses(rows)
        status = _overall_status({kind for kind, _ in statuses})
        label = next((word for kind, word in statuses if kind == status and word), None)
        closing_dates = {row: self.date(row, "closed_on") for row in rows}
        closed_dates = [d for d in closing_dates.values() if isinstance(d, dt.date)]
        closed_on = max(closed_dates) if closed_dates else None
        notes = [self._joined(rows, "notes")] if self._joined(rows, "notes") else []
        measures, dues, said_immediate = self._measures(rows, statuses, closing_dates, closed_on,
                                                        responsible["person"], notes)
        deadline = max(dues) if dues else self.options.end_of_period
        for measure in measures:
            if measure.due is None:
                measure.due = deadline
        self.unknown_category = None
        category = self._category(rows, section)
        if self.unknown_category:
            notes.append(f"{self.columns.label('category')}（原）：{self.unknown_category}")
        problem = SheetProblem(
            rows=rows, number=self.text(first, "number"), summary=self.text(first, "summary"), category=category,
            leader=responsible["leader"], unit=responsible["unit"], person=responsible["person"],
            deadline=deadline, immediate=immediate or said_immediate, common=common,
            source=self._joined(rows, "source") or self.options.defaults.get("source") or None,
            verified_by=self._joined(rows, "verified_by") or self.options.defaults.get("verified_by") or None,
            status=status, label=label, progress=self._joined(rows, "status"), closed_on=closed_on,
            evidence=self._evidence(rows), notes=notes, measures=measures)
        if len(self.errors) == errors_before:
            self._check_dates(problem)
        return problem

    def _joined(self, rows: list[int], name: str) -> str:
        """A field's distinct texts over the rows of a problem, joined by ；."""
        values: list[str] = []
        for row in rows:
            value = self.text(row, name)
            if value and value not in values:
                values.append(value)
        return "；".join(values)

    def _responsible(self, rows: list[int]) -> dict[str, str]:
        """The leader, unit and person of a problem (names over its rows, else the --default), each required."""
        people: dict[str, list[str]] = {name: [] for name in ("leader", "unit", "person")}
        for name, found in people.items():
            for row in rows:
                for person in split_people(self.text(row, name)):
                    if person not in found:
                        found.append(person)
        responsible = {}
        for name, found in people.items():
            value = "、".join(found) or self.options.defaults.get(name, "")
            if not value:
                if name in self.columns.fields:
                    self.errors.append(SheetError(self.where(rows[0], name), f"{self.columns.label(name)} is empty"))
                else:
                    self.errors.append(SheetError(
                        self.sheet.where(rows[0]),
                        f"the sheet has no {FIELDS[name][0]} column ({name}); map one with --map 列名={name} "
                        f"or give --default {name}=…"))
            responsible[name] = value
        return responsible

    def _flag(self, rows: list[int], name: str) -> bool:
        """A yes/no column (立行立改, 共性问题) that says yes on a row of the problem (checked up to that row)."""
        return any(parse_yes(self.cells(row, name)[0].value, self.where(row, name), self.columns.label(name),
                             self.errors)
                   for row in rows if self.cells(row, name) and self.own(row, name))

    def _statuses(self, rows: list[int]) -> list[tuple[str, str | None]]:
        """Each row's own status words (a merged or blank cell says what the first row says)."""
        first_status = self.text(rows[0], "status")
        return [classify_status(self.text(row, "status") or first_status) for row in rows]

    def _measures(self, rows: list[int], statuses: list[tuple[str, str | None]],
                  closing_dates: dict[int, dt.date | str | None], closed_on: dt.date | None, person: str,
                  notes: list[str]) -> tuple[list[SheetMeasure], list[dt.date], bool]:
        """The measures of the rows, the dates they are due, and whether a deadline said 立行立改.

        A deadline such as 长期坚持 becomes a note; a finished row's measures are done on its own
        closing date (else the problem's) unless the sheet gives their completion date.
        """
        measures: list[SheetMeasure] = []
        dues: list[dt.date] = []
        immediate = False
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
            owners = split_people(self.text(row, "person")) or [person]
            for item in split_measures(text):
                measures.append(SheetMeasure(item, "、".join(owners), due if isinstance(due, dt.date) else None,
                                             done if isinstance(done, dt.date) else None, row))
        return measures, dues, immediate

    def _evidence(self, rows: list[int]) -> list[str]:
        """The evidence named over the rows, one item per line or separator."""
        evidence: list[str] = []
        for row in rows:
            for item in _EVIDENCE_SEPARATORS.split(self.text(row, "evidence")):
                item = item.strip()
                if item and item not in evidence:
                    evidence.append(item)
        return evidence

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
