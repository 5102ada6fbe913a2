"""Rows of a sheet that are not problems: section headings, totals, repeated header rows, notes.

Offices lay their sheets out with headings between the problems (一、党的领导弱化方面, in one
merged cell or across two: 一 | 党的领导弱化方面; （一） nested under 一、), 合计 / 小计 rows, the
header row repeated where blocks were pasted together, and 注： / 填表人： lines under the table.
None of them is a problem; each is named in `rectify import --dry-run`. A heading names the
category of the problems under it (through the policy's names and aliases); the inner heading
refines the outer one, it does not replace it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rectify_cli.cells import text_of
from rectify_cli.edit.sheet_read import Columns, Sheet, is_blank, normalise, recognise, row_fields
from rectify_cli.edit.sheet_words import NOTE_PREFIXES, TOTAL_WORDS

_OUTER = re.compile(r"^[一二三四五六七八九十]+(?:[、.．]|$)")
_INNER = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
# fields a problem row fills and a heading row leaves empty
_PROBLEM_FIELDS = ("measure", "leader", "unit", "person", "deadline", "status", "closed_on", "evidence")


@dataclass(frozen=True)
class Skipped:
    """A row that is not a problem, and what it is."""

    row: int
    kind: str   # heading | total | repeated-header | note
    text: str


@dataclass(frozen=True)
class Heading:
    row: int
    level: int  # 1: 一、…  2: （一）…
    text: str


def _own_texts(sheet: Sheet, row: int) -> list[tuple[int, str]]:
    """(column, text) of the cells the row holds itself (not a range merged down from above), left to right."""
    seen: set[tuple[int, int]] = set()
    texts = []
    for cell in sheet.rows[row - 1]:
        if is_blank(cell.value) or cell.origin in seen or cell.origin[0] != row:
            continue
        seen.add(cell.origin)
        texts.append((cell.origin[1], text_of(cell.value)))
    return texts


def fills(sheet: Sheet, columns: Columns, row: int) -> bool:
    """The row gives a problem's own fields (a measure, a person, a deadline, a status…)."""
    return any(not is_blank(sheet.cell(row, column).value) and sheet.cell(row, column).origin == (row, column)
               for name in _PROBLEM_FIELDS for column in columns.fields.get(name, []))


def classify(sheet: Sheet, columns: Columns, row: int, mapping: dict[str, str]) -> Skipped | Heading | None:
    """What a row is when it is not a problem's row; None for a row of a problem (or a blank one)."""
    texts = _own_texts(sheet, row)
    if not texts:
        return None
    first = normalise(texts[0][1])
    if first.startswith(TOTAL_WORDS):
        return Skipped(row, "total", texts[0][1])
    if first.startswith(tuple(normalise(prefix) for prefix in NOTE_PREFIXES)):
        return Skipped(row, "note", "  ".join(text for _, text in texts))
    if _repeats_header(sheet, columns, row, mapping):
        return Skipped(row, "repeated-header", "  ".join(text for _, text in texts))
    if fills(sheet, columns, row):
        return None
    heading = _heading_text(sheet, columns, texts, row)
    if heading is None:
        return None
    level = 2 if _INNER.match(normalise(heading)) else 1
    return Heading(row, level, heading)


def _repeats_header(sheet: Sheet, columns: Columns, row: int, mapping: dict[str, str]) -> bool:
    if recognise(text_of(sheet.cell(row, columns.summary).value)) != "summary":
        return False  # the problem column of a repeated header row holds the header's own word
    found = row_fields(sheet, row, mapping, letters=False)
    return "summary" in found.values() and len(set(found.values())) >= 3


def _numbers_under(sheet: Sheet, columns: Columns, row: int, number: str) -> bool:
    """The next numbered row is numbered under `number` (1 over 1.1, 1.2): `number` heads a section."""
    column = columns.first("number")
    if column is None:
        return False
    for below in range(row + 1, min(row + 4, len(sheet.rows)) + 1):
        text = normalise(text_of(sheet.cell(below, column).value))
        if text:
            return text.startswith(number + ".") and text != number + "."
    return False


def _heading_text(sheet: Sheet, columns: Columns, texts: list[tuple[int, str]], row: int) -> str | None:
    """The heading a row holds: one text of its own (merged across, or outside the problem column), or a
    heading number (一 / （一）) beside the heading text in the problem column."""
    if len(texts) == 1:
        column, text = texts[0]
        if column != columns.summary or _OUTER.match(normalise(text)) or _INNER.match(normalise(text)):
            return text
        return None
    if len(texts) == 2:
        (_, number), (column, text) = texts
        folded = normalise(number)
        if folded.isdigit() and column == columns.summary and _numbers_under(sheet, columns, row, folded):
            return f"{number}、{text}"  # 1 | 党的建设方面 over 1.1, 1.2
        if column == columns.summary and (re.fullmatch(r"[一二三四五六七八九十]+[、.．]?", folded)
                                          or _INNER.fullmatch(folded)):
            separator = "" if folded.endswith(("、", ".", "．")) or _INNER.fullmatch(folded) else "、"
            return f"{number}{separator}{text}"
    return None
