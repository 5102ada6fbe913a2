"""A spreadsheet cell's value as the text a person reads in it.

Shared by the sheet reader (edit/sheet_read.py) and the workbook writer (render/workbook.py), so
a value exported and read back means the same thing, and neither imports the other's room.
"""

from __future__ import annotations

import datetime as dt


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
