"""What `rectify import` read, in words a clerk checks against the sheet: the columns, the rows that
are not problems, and what awaits 对账销号."""

from __future__ import annotations

from rectify_cli.edit.sheet_read import Columns, Sheet
from rectify_cli.edit.sheet_rows import Skipped
from rectify_cli.errors import joined, say

KIND_WORDS = {"heading": (say("heading"), say("headings")), "total": (say("a total"), say("totals")),
              "repeated-header": (say("a repeated header row"), say("repeated header rows")),
              "note": (say("a note"), say("notes"))}


def columns_text(sheet: Sheet, columns: Columns) -> str:
    from openpyxl.utils import get_column_letter

    where = say("sheet {name!r}, ", name=sheet.name) if sheet.name else ""
    rows = "-".join(str(r) for r in columns.header_rows)
    read = ", ".join(f"{get_column_letter(c)} {columns.headers[c]}→{name}"
                     for name, found in columns.fields.items() for c in found)
    text = say("reading {source}: {where}header row {rows}: {read}", source=sheet.source, where=where, rows=rows, read=read)
    if columns.ignored:
        text = say("{text}\nnot read: {columns}", text=text,
                   columns=", ".join(f"{get_column_letter(c)} {columns.headers[c]}" for c in columns.ignored))
    return text


def skipped_text(skipped: list[Skipped]) -> str:
    """`not problems, left out: rows 5, 9 headings (一、…; 二、…); row 18 a total (合计); rows 20, 21 notes`."""
    if not skipped:
        return ""
    parts = []
    for kind, (one, many) in KIND_WORDS.items():
        rows = [item for item in skipped if item.kind == kind]
        if not rows:
            continue
        numbers = ", ".join(str(item.row) for item in rows)
        texts = "; ".join(dict.fromkeys(_short(item.text) for item in rows))
        parts.append(say("row {numbers} {kind} ({texts})", numbers=numbers, kind=one, texts=texts) if len(rows) == 1 else
                     say("rows {numbers} {kind} ({texts})", numbers=numbers, kind=many, texts=texts))
    return say("not problems, left out: {parts}", parts=joined(parts, "; "))



def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def claimed_note(ids: list[str], org: str) -> str:
    """The problems imported as claimed, and how to turn the claims into closures."""
    more = say(" and {count} more (rectify list --org {org})", count=len(ids) - 12, org=org) if len(ids) > 12 else ""
    return say("note: {count} problem(s) the sheet calls finished await 对账销号 (imported as claimed, 自报完成，"
               "not in the rate until closed): {shown}{more}; the closure awaits what their `claimed.awaits` names. "
               "Close each with `rectify close {org} ID --evidence FILE`, or all whose files are in a folder with "
               "`rectify close-claims {org} --evidence-dir evidence/{org}`", count=len(ids), shown=", ".join(ids[:12]),
               more=more, org=org)
