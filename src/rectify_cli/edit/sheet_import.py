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
import unicodedata
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
    split_parts,
    split_people,
    text_of,
)
from rectify_cli.edit.sheet_rows import Heading, Skipped, classify, fills
from rectify_cli.errors import UnreadableInput, joined, say
from rectify_cli.suggest import did_you_mean

_EVIDENCE_SEPARATORS = re.compile(r"[\n;；,，、]+")
_FULL_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_CELL = object()
_PUNCTUATION = re.compile(r"[、，,·.。；;：:“”\"'（）()\s]")  # "read the cell itself", for _Reader.date
DATE_FORMS = "2026-06-30, 2026/6/30, 2026.6.30, 2026年6月30日(前), 6月底, 2026年6月中旬, 2026年上半年, 2026年第三季度"


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
    heading: str | None = None    # the section heading(s) the problem was listed under


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
    on_site_start: dt.date | None = None  # the round's on-site period began: immediate work may be dated from it


class _Reader:
    """Reads the data rows of one sheet under its columns, collecting errors instead of stopping."""

    def __init__(self, sheet: Sheet, columns: Columns, options: ImportOptions):
        self.sheet, self.columns, self.options = sheet, columns, options
        self.errors: list[SheetError] = []
        self.skipped: list[Skipped] = []
        self.unread: list[str] = []  # progress texts naming no status word: read as open, and said so
        self.unknown_category: str | None = None
        self._heading_categories: dict[int, str | None] = {}
        self._heading_errors: set[int] = set()
        self._texts: dict[tuple[int, str], str] = {}

    def cells(self, row: int, name: str) -> list[Cell]:
        return [self.sheet.cell(row, column) for column in self.columns.fields.get(name, [])]

    def text(self, row: int, name: str) -> str:
        key = (row, name)
        if key not in self._texts:  # read several times a problem (the reading, the checks, the notes)
            self._texts[key] = self._text(row, name)
        return self._texts[key]

    def _text(self, row: int, name: str) -> str:
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

    def date(self, row: int, name: str, value: object = _CELL) -> dt.date | str | None:
        """A date, None when empty, or the word 'long-term' / 'immediate' for those deadline words.
        `value` is a numbered part of the cell; by default the cell itself."""
        if value is _CELL:
            cells = [c for c in self.cells(row, name) if not is_blank(c.value)]
            if not cells:
                return None
            value = cells[0].value
        if is_blank(value):
            return None
        text = normalise(text_of(value))
        if name == "deadline":
            if any(word in text for word in LONG_TERM_WORDS):
                return "long-term"
            if any(word == text or text.startswith(word) for word in IMMEDIATE_WORDS):
                return "immediate"
        exact = name in ("closed_on", "done_on")
        try:
            return parse_date(value, self.options.feedback_on, day_required=exact)
        except NotADate:
            label = self.columns.label(name)
            accepted = (DATE_FORMS if name != "deadline" else DATE_FORMS + ", 长期坚持, 每季度, 立行立改, 即知即改")
            if exact:
                accepted = say("a day: 2026-06-30, 2026/6/30, 2026.6.30, 2026年6月30日; a month alone would invent the day")
            self.errors.append(SheetError(self.where(row, name), say("{label} {value!r} is not a date (accepted: {accepted})", label=label, value=text_of(value), accepted=accepted)))
            return None

    # -- grouping

    def groups(self) -> list[tuple[list[int], tuple[Heading, ...]]]:
        """Rows of each problem, with the headings above it (一、… and the （一）… under it), the other rows
        that are not problems kept in `self.skipped`."""
        groups: list[tuple[list[int], tuple[Heading, ...]]] = []
        outer: Heading | None = None
        inner: Heading | None = None
        current: list[int] | None = None
        current_summary = ""
        for row in range(self.columns.first_row, len(self.sheet.rows) + 1):
            kind = classify(self.sheet, self.columns, row, self.columns.mapping)
            if kind is not None:
                if isinstance(kind, Heading):
                    outer, inner = (kind, None) if kind.level == 1 else (outer, kind)
                    kind = Skipped(row, "heading", kind.text)
                self.skipped.append(kind)
                current = None
                continue
            summary = self.text(row, "summary")
            measure = self.text(row, "measure")
            if not summary and not measure:
                if self.text(row, "number") and self.own(row, "number") and any(
                        self.text(row, name) for name in ("deadline", "leader", "unit", "person", "status")):
                    self.errors.append(SheetError(self.where(row, "summary"),
                                                  say("{value} is empty", value=self.columns.label('summary'))))
                continue
            new_number = bool(self.text(row, "number")) and self.own(row, "number")
            starts = bool(summary) and self.own(row, "summary") and (
                current is None or summary != current_summary or new_number)
            if starts and not new_number and not fills(self.sheet, self.columns, row):
                self.errors.append(SheetError(self.sheet.where(row), say("looks like a section heading ({summary!r}), not a problem: it has no number, measure, person, deadline or status; number it like 一、… to read it as a heading, or fill in the problem's cells", summary=summary)))
                current = None
                continue
            if starts:
                current = [row]
                current_summary = summary
                groups.append((current, tuple(h for h in (outer, inner) if h is not None)))
            elif current is None:
                self.errors.append(SheetError(self.where(row, "summary"),
                                              say("{value} is empty and no problem above it continues here", value=self.columns.label('summary'))))
            else:
                current.append(row)
        return groups

    # -- one problem

    def problem(self, rows: list[int], headings: tuple[Heading, ...]) -> SheetProblem:
        first = rows[0]
        errors_before = len(self.errors)
        responsible = self._responsible(rows)
        immediate = self._flag(rows, "immediate")
        common = self._flag(rows, "common")
        notes = [self._joined(rows, "notes")] if self._joined(rows, "notes") else []
        for name in ("goal", "partners"):
            if self._joined(rows, name):
                notes.append(f"{self.columns.label(name)}：{self._joined(rows, name)}")
        found = self._measures(rows, responsible["person"], notes)
        status = _overall_status({kind for kind, _ in found.statuses})
        label = next((word for kind, word in found.statuses if kind == status and word), None)
        deadline = max(found.dues) if found.dues else self.options.end_of_period
        for measure in found.measures:
            if measure.due is None:
                measure.due = deadline
            if status == "finished" and measure.done_on is None and found.closed_on is not None:
                measure.done_on = found.closed_on
        self.unknown_category = None
        category = self._category(rows, headings)
        if self.unknown_category:
            notes.append(f"{self.columns.label('category')}（原）：{self.unknown_category}")
        problem = SheetProblem(
            rows=rows, number=self.text(first, "number"), summary=self.text(first, "summary"), category=category,
            leader=responsible["leader"], unit=responsible["unit"], person=responsible["person"],
            deadline=deadline, immediate=immediate or found.immediate, common=common,
            source=self._joined(rows, "source") or self.options.defaults.get("source") or None,
            verified_by=self._joined(rows, "verified_by") or self.options.defaults.get("verified_by") or None,
            status=status, label=label, progress=self._joined(rows, "status"), closed_on=found.closed_on,
            evidence=self._evidence(rows), notes=notes, measures=found.measures,
            heading=" / ".join(heading.text for heading in headings) or None)
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
                text = self.text(row, name)
                for person in split_people(" ".join(split_parts(text) or [text])):
                    if person not in found:
                        found.append(person)
        responsible = {}
        for name, found in people.items():
            value = "、".join(found) or self.options.defaults.get(name, "")
            if not value:
                if name in self.columns.fields:
                    self.errors.append(SheetError(self.where(rows[0], name), say("{value} is empty", value=self.columns.label(name))))
                else:  # a fact of the sheet, said once (SheetRefused drops repeats)
                    self.errors.append(SheetError(
                        self.sheet.where(self.columns.header_rows[-1]),
                        say("the sheet has no {FIELDS} column ({name}); map one with --map 列名={name} or give --default {name}=…", FIELDS=FIELDS[name][0], name=name)))
            responsible[name] = value
        return responsible

    def _flag(self, rows: list[int], name: str) -> bool:
        """A yes/no column (立行立改, 共性问题) that says yes on a row of the problem (checked up to that row)."""
        return any(parse_yes(self.cells(row, name)[0].value, self.where(row, name), self.columns.label(name),
                             self.errors)
                   for row in rows if self.cells(row, name) and self.own(row, name))

    def _done_flag(self, row: int, first: int) -> bool | None:
        """是否完成 on this row (a merged or blank cell says what the problem's first row says); None: no such column."""
        for candidate in (row, first):
            cells = [cell for cell in self.cells(candidate, "done_flag") if not is_blank(cell.value)]
            if cells:
                return parse_yes(cells[0].value, self.where(candidate, "done_flag"), self.columns.label("done_flag"),
                                 self.errors)
        return None

    def _status(self, row: int, text: str, flag: bool | None) -> tuple[str, str | None]:
        """A measure's status from its progress words and the 是否完成 column, which must agree."""
        kind, word = classify_status(text)
        if flag is None:
            return kind, word
        if flag and (not text or kind == "finished"):
            return "finished", word or "是"
        if not flag and kind != "finished":
            return kind, word or "否"
        said = "是" if flag else "否"
        self.errors.append(SheetError(self.where(row, "done_flag"),
                                      say("{value} says {said} but {value2} says {text!r}; correct one of them", value=self.columns.label('done_flag'), said=said, value2=self.columns.label('status'), text=text)))
        return "open", word

    def _parts(self, row: int, name: str, count: int) -> list[object]:
        """The value of a field for each of the `count` measures of a row: the cell's numbered parts, or the cell."""
        text = self.text(row, name)
        parts = split_parts(text) if count > 1 or text[:2] in ("1.", "1、") else None
        if parts is None:
            cells = [c for c in self.cells(row, name) if not is_blank(c.value)]
            return [cells[0].value if cells else None] * max(count, 1)
        if len(parts) != max(count, 1):
            self.errors.append(SheetError(self.where(row, name),
                                          say("{value} has {countparts} numbered parts but {value2} has {count} measure(s) in this row; number them alike, or give each measure its own row", value=self.columns.label(name), countparts=len(parts), value2=self.columns.label('measure'), count=count)))
            return [None] * max(count, 1)
        return list(parts)

    def _closing_in_status(self, row: int, text: str) -> dt.date | None:
        """A closing date written inside the progress words (已于2026年6月20日完成); several dates are an error."""
        found = _FULL_DATE.findall(unicodedata.normalize("NFKC", text or ""))
        if len(found) > 1:
            self.errors.append(SheetError(self.where(row, "status"),
                                          say("{value} {text!r} names {countfound} dates; put the closing date in a 完成时间 column", value=self.columns.label('status'), text=text, countfound=len(found))))
            return None
        if not found:
            return None
        value = self.date(row, "status", found[0])
        return value if isinstance(value, dt.date) else None

    def _measures(self, rows: list[int], person: str, notes: list[str]) -> _Found:
        """The measures of the rows (a numbered cell split across the measures it numbers), their statuses, the
        dates they are due, the closing date and whether a deadline said 立行立改.

        A deadline such as 长期坚持 becomes a note; a finished measure is done on its own completion date, else
        its row's closing date, else the problem's.
        """
        found = _Found()
        first_status = self.text(rows[0], "status")
        for row in rows:
            items = split_measures(self.text(row, "measure")) if self.text(row, "measure") else []
            count = len(items)
            flag = self._done_flag(row, rows[0])
            statuses = self._parts(row, "status", count)
            dues = self._parts(row, "deadline", count)
            closings = self._parts(row, "closed_on", count)
            dones = self._parts(row, "done_on", count)
            owners = self._parts(row, "person", count)
            for index in range(max(count, 1)):
                status_text = text_of(statuses[index]) or (first_status if not self.text(row, "status") else "")
                kind, word = self._status(row, status_text, flag)
                if word == "已于":  # 已于2026年6月20日完成: the label is the unit's words, not the fragment
                    word = status_text.strip()
                found.statuses.append((kind, word))
                closing = self.date(row, "closed_on", closings[index])
                if word is None and isinstance(closing, dt.date):
                    self.errors.append(SheetError(self.where(row, "status"), (
                        say("{value} gives {closing} but {value2} {status_text!r} says no status rectify knows; write 已完成 (or another word of docs/excel.md), or clear the date", value=self.columns.label('closed_on'), closing=closing, value2=self.columns.label('status'), status_text=status_text)) if status_text else (
                        say("{value} gives {closing} but {value2} is empty; write 已完成 if it is finished, or clear the date", value=self.columns.label('closed_on'), closing=closing, value2=self.columns.label('status')))))
                elif word is None and status_text:
                    self.unread.append(f"{self.where(row, 'status')} {status_text!r}")
                if not isinstance(closing, dt.date) and kind == "finished":
                    closing = self._closing_in_status(row, status_text)
                if isinstance(closing, dt.date):
                    found.closed_on = max(found.closed_on or closing, closing)
                due = self._due(row, dues[index], notes, found)
                if index >= count:
                    continue
                done = self.date(row, "done_on", dones[index])
                if not isinstance(done, dt.date) and kind == "finished" and isinstance(closing, dt.date):
                    done = closing
                owner = "、".join(split_people(text_of(owners[index]))) or person
                found.measures.append(SheetMeasure(items[index], owner, due, done if isinstance(done, dt.date) else None,
                                                   row))
        return found

    def _due(self, row: int, value: object, notes: list[str], found: _Found) -> dt.date | None:
        due = self.date(row, "deadline", value)
        if due == "immediate":
            found.immediate = True
            return None
        if due == "long-term":
            note = f"{self.columns.label('deadline')}：{text_of(value)}"
            if note not in notes:
                notes.append(note)
            return None
        if isinstance(due, dt.date):
            found.dues.append(due)
            return due
        return None

    def _evidence(self, rows: list[int]) -> list[str]:
        """The evidence named over the rows, one item per line or separator."""
        evidence: list[str] = []
        for row in rows:
            for item in _EVIDENCE_SEPARATORS.split(self.text(row, "evidence")):
                item = item.strip()
                if item and item not in evidence:
                    evidence.append(item)
        return evidence

    def _heading_category(self, heading: Heading, decides: bool) -> str | None:
        """The category a heading names, remembered per heading; when it `decides` (no inner heading named one),
        one error per heading that names none."""
        if heading.row not in self._heading_categories or (decides and heading.row not in self._heading_errors):
            if decides:
                self._heading_errors.add(heading.row)
            found = match_category(heading.text, self.options.categories)
            self._heading_categories[heading.row] = found[0] if len(found) == 1 else None
            if decides and len(found) != 1 and not self.options.defaults.get("category"):
                what = (say("could be any of {names}", names=", ".join(found)) if found else
                        say("names no category of the policy"))
                self.errors.append(SheetError(
                    self.sheet.where(heading.row),
                    say("the heading {text!r} {what}: add it to the `aliases` of its category in policy.yaml "
                        "(e.g. aliases: [{alias}]), or give --category-default ID", text=heading.text, what=what,
                        alias=_trimmed(heading.text))))
        return self._heading_categories[heading.row]

    def _category(self, rows: list[int], headings: tuple[Heading, ...]) -> str | None:
        first = rows[0]
        text = self.text(first, "category")
        where = self.where(first, "category")
        if not text:
            return self._category_of_headings(first, headings)
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
            self.errors.append(SheetError(where, say("{value} {text!r} could be any of {value2}; write the category id or use --map", value=self.columns.label('category'), text=text, value2=', '.join(found))))
        else:
            categories = self.options.categories
            near = did_you_mean(text, categories, {key: [names.zh, *names.aliases] for key, names in categories.items()},
                                {key: names.zh for key, names in categories.items()})
            label, alias = self.columns.label('category'), _trimmed(text)
            if near:
                message = say("{value} {text!r} is not a category of the policy ({near}): add it to a category's `aliases` in policy.yaml (under the category: aliases: [{value2}]), or give --category-default ID", value=label, text=text, near=near, value2=alias)
            else:
                message = say("{value} {text!r} is not a category of the policy: add it to a category's `aliases` in policy.yaml (under the category: aliases: [{value2}]), or give --category-default ID", value=label, text=text, value2=alias)
            self.errors.append(SheetError(where, message))
        return None

    def _category_of_headings(self, first: int, headings: tuple[Heading, ...]) -> str | None:
        """The inner heading's category when it names one, else the outer's; else the default, else one error."""
        for index, heading in enumerate(reversed(headings)):  # the inner first; the outer only when it must decide
            category = self._heading_category(heading, decides=index == len(headings) - 1)
            if category:
                return category
        default = self.options.defaults.get("category")
        if default:
            return default
        if headings:
            return None  # the heading's own error says what to do, once
        if "category" in self.columns.fields:
            self.errors.append(SheetError(self.where(first, "category"),
                                          say("{value} is empty; give --category-default ID", value=self.columns.label('category'))))
        else:
            self.errors.append(SheetError(self.sheet.where(self.columns.header_rows[-1]),
                                          say("the sheet has no 问题类别 column and no section headings; give --category-default ID")))
        return None

    def _work_from(self, problem: SheetProblem) -> dt.date:
        """The earliest date work on the problem may carry: the feedback, or the on-site period for 边巡边改."""
        if problem.immediate and self.options.on_site_start is not None:
            return min(self.options.on_site_start, self.options.feedback_on)
        return self.options.feedback_on

    def _check_dates(self, problem: SheetProblem) -> None:
        start, today, first = self.options.feedback_on, self.options.today, problem.rows[0]
        earliest = self._work_from(problem)
        if problem.deadline < start:
            row = next((m.row for m in problem.measures if m.due == problem.deadline), first)
            self.errors.append(SheetError(self.where(row, "deadline"),
                                          say("{value} {deadline} is before the feedback date of round {round} ({start})", value=self.columns.label('deadline'), deadline=problem.deadline, round=self.options.round, start=start)))
        for measure in problem.measures:
            if measure.done_on is None:
                continue
            name = "done_on" if "done_on" in self.columns.fields else "closed_on"
            if measure.done_on > today:
                self.errors.append(SheetError(self.where(measure.row, name),
                                              say("{value} {done_on} is after today ({today}): correct the date, or clear it to import the row as claimed (自报完成)", value=self.columns.label(name), done_on=measure.done_on, today=today)))
                return
            if measure.done_on < earliest:
                self.errors.append(SheetError(self.where(measure.row, name), _before_feedback(
                    self.columns.label(name), measure.done_on, self.options.round, start, problem.immediate)))
                return
        if problem.closed_on is not None and problem.status == "finished":
            row = next((m.row for m in problem.measures if m.done_on == problem.closed_on), first)
            if problem.closed_on > today:
                self.errors.append(SheetError(self.where(row, "closed_on"),
                                              say("{value} {closed_on} is after today ({today}): correct the date, or clear it to import the row as claimed (自报完成)", value=self.columns.label('closed_on'), closed_on=problem.closed_on, today=today)))
            elif problem.closed_on < earliest:
                self.errors.append(SheetError(self.where(row, "closed_on"), _before_feedback(
                    self.columns.label("closed_on"), problem.closed_on, self.options.round, start, problem.immediate)))


def _before_feedback(label: str, date: dt.date, round_number: int, start: dt.date, immediate: bool) -> str:
    remedy = (say("record the round's on-site period (rectify add-round … --on-site-from DATE --on-site-to DATE) to "
                  "import 边巡边改 work") if immediate else
              say("mark the problem 立行立改 and record the round's on-site period to import 边巡边改 work"))
    return say("{label} {date} is before the feedback date of round {round_number} ({start}): work done before "
               "the feedback is daily work, not rectification, unless it was 边巡边改; {remedy}", label=label, date=date,
               round_number=round_number, start=start, remedy=remedy)


@dataclass
class _Found:
    """What the rows of one problem say about its measures."""

    measures: list[SheetMeasure] = field(default_factory=list)
    statuses: list[tuple[str, str | None]] = field(default_factory=list)
    dues: list[dt.date] = field(default_factory=list)
    closed_on: dt.date | None = None
    immediate: bool = False


def _trimmed(text: str) -> str:
    """A heading without its number and its trailing 方面 / 问题 / (2个): what an alias would say."""
    folded = normalise(text)
    folded = re.sub(r"^(?:[一二三四五六七八九十]+[、.．]?|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])", "", folded)
    return re.sub(r"(?:方面的?问题|方面|问题|类)(?:\(\d+个?\)|\d+个)?$", "", folded)


def match_category(text: str, categories: dict) -> list[str]:
    """Category ids a sheet's text (a 问题类别 cell or a section heading) names, most exact first.

    By id; by the Chinese or English name or one of the policy's `aliases`, the text's number
    (一、, （一）) and trailing 方面 / 问题 / (2个) left out; else by an alias or the Chinese name
    contained in the text, or the text contained in the Chinese name.
    """
    folded = normalise(text).lower()
    trimmed = _trimmed(text).lower()
    bare = _PUNCTUATION.sub("", trimmed)  # 形式主义官僚主义 is 形式主义、官僚主义
    for category_id in categories:
        if folded == category_id.lower():
            return [category_id]
    exact, partial = [], []
    for category_id, names in categories.items():
        zh = normalise(names.zh).lower()
        aliases = [_trimmed(alias).lower() for alias in getattr(names, "aliases", [])]
        candidates = [zh] + ([normalise(names.en).lower()] if names.en else []) + aliases
        if folded in candidates or trimmed in candidates or bare in [_PUNCTUATION.sub("", c) for c in candidates]:
            exact.append(category_id)
        elif trimmed and (any(len(alias) >= 4 and alias in trimmed for alias in aliases)
                          or trimmed in zh or zh in trimmed):
            partial.append(category_id)
    return exact or partial


def known_categories(categories: dict) -> str:
    """The policy's categories, for a hint said once."""
    return say("categories: {names}", names=", ".join(f"{key} {value.zh}" for key, value in categories.items()))


@dataclass
class ReadResult:
    sheet: Sheet
    columns: Columns
    problems: list[SheetProblem]
    skipped: list[Skipped] = field(default_factory=list)  # rows that are not problems
    unread: list[str] = field(default_factory=list)  # progress cells with no status word, read as open


def choose_sheet(sheets: Sheet | list[Sheet], mapping: dict[str, str]) -> tuple[Sheet, Columns]:
    """The sheet to import (the named one, else the first with a recognisable header) and its columns."""
    candidates = sheets if isinstance(sheets, list) else [sheets]
    for sheet in candidates:
        columns = find_columns(sheet, mapping)
        if columns is not None:
            return sheet, columns
    source = candidates[0].source if candidates else say("the file")
    names = say("问题 / 问题表现 / 存在问题 and one more of 序号, 整改措施, 责任部门, 完成时限…")
    where = (say(" of sheet {name!r}", name=candidates[0].name) if len(candidates) == 1 and candidates[0].name else
             say(" of any sheet"))
    raise UnreadableInput(say("{source}: no header row found in the first {rows} rows{where}", source=source,
                              rows=HEADER_SCAN_ROWS, where=where),
                          hint=say("the header must name {names}; map other headers with --map 列名=field", names=names))


def read_problems(sheet: Sheet, columns: Columns, options: ImportOptions) -> ReadResult:
    """Every problem of the sheet, or SheetRefused listing every error found."""
    from openpyxl.utils import get_column_letter

    errors = []
    for name, found in columns.fields.items():
        if len(found) > 1 and name not in MANY_COLUMNS:
            heads = ", ".join(f"{get_column_letter(c)} ({columns.headers[c]})" for c in found)
            filled = {c: sum(1 for r in range(columns.first_row, len(sheet.rows) + 1)
                             if not is_blank(sheet.cell(r, c).value)) for c in found}
            keep = max(found, key=lambda c: filled[c])
            drop = [c for c in found if c != keep]
            if all(filled[c] == filled[keep] for c in drop):
                advice = say("choose the one that holds the {name} with --map 列名=ignore for the others", name=name)
            else:  # the column holding most values is the one the sheet uses
                advice = say("{column} holds {count} value(s), the others fewer: keep it with {options}",
                             column=get_column_letter(keep), count=filled[keep],
                             options=" ".join(f"--map {get_column_letter(c)}=ignore" for c in drop))
            errors.append(SheetError(sheet.where(columns.header_rows[-1], found[1]),
                                     say("columns {heads} are all read as {name}; {advice}", heads=heads, name=name, advice=advice)))
    if errors:
        raise SheetRefused(sheet.source, errors)
    reader = _Reader(sheet, columns, options)
    problems = [reader.problem(rows, headings) for rows, headings in reader.groups()]
    if not problems and not reader.errors:
        reader.errors.append(SheetError(sheet.where(columns.first_row), say("no problems under the header row")))
    if reader.errors:
        hints: list[str] = [say("docs/excel.md lists the layouts and wordings read")]
        if options.categories and any("categor" in error.message or "问题类别" in error.message
                                      for error in reader.errors):
            hints.insert(0, known_categories(options.categories))
        raise SheetRefused(sheet.source, reader.errors, hint=joined(hints, "\n  "))
    return ReadResult(sheet, columns, problems, reader.skipped, reader.unread)
