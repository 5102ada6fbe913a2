"""Text from a ledger made safe to print: control characters shown as escapes, never interpreted.

A YAML escape writes any character into valid text (`"\\x1b[2J"` clears a terminal, `"\\0"` cuts a
C string, `"\\x07"` rings the bell, and Excel refuses them all). Every output but JSON (which escapes
them itself) passes the text it did not write through `visible`, so a ledger can neither move the
cursor, recolour or clear a terminal, nor break a workbook: ESC is printed as the four characters
``\\x1b``. Line breaks and tabs stay, as the text means them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeVar

# C0 controls but tab and line feed, DEL, the C1 controls (U+0085 NEL and U+009B CSI among them),
# and the line and paragraph separators, which some terminals take for line breaks.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as an escape (ESC as \\x1b); the rest unchanged."""
    if text.isprintable():  # nearly every cell: checked in C, no regex
        return text
    return _CONTROL.sub(_escape, text)


Cell = TypeVar("Cell")


def visible_cell(value: Cell) -> Cell | str:
    """A table cell: text made visible, numbers and dates as they are."""
    return visible(value) if isinstance(value, str) else value


def visible_rows(rows):
    """Rows of cells, each text cell made visible."""
    return [[visible_cell(cell) for cell in row] for row in rows]


Doc = TypeVar("Doc")


def visible_document(document: Doc) -> Doc:
    """A copy of a render.document.Document (or Section) whose every text is visible.

    Walks the dataclass's fields, so a field added to Document later is covered without a change here.
    """
    if not dataclasses.is_dataclass(document) or isinstance(document, type):
        return document
    changes = {field.name: _visible_value(getattr(document, field.name))
               for field in dataclasses.fields(document) if field.init}
    return dataclasses.replace(document, **changes)


def _visible_value(value):
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_visible_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_visible_value(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return visible_document(value)
    return value


class VisibleCsvWriter:
    """csv.writer whose text cells are made visible: a CSV is opened in Excel or printed to a terminal."""

    def __init__(self, out, **options) -> None:
        import csv

        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([visible_cell(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
