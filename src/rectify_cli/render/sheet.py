"""What `rectify import` read, in words a clerk checks against the sheet: the columns, the rows that
are not problems, and what awaits 对账销号."""

from __future__ import annotations

from rectify_cli.edit.sheet_read import Columns, Sheet
from rectify_cli.edit.sheet_rows import Skipped

KIND_WORDS = {"heading": ("heading", "headings"), "total": ("a total", "totals"),
              "repeated-header": ("a repeated header row", "repeated header rows"), "note": ("a note", "notes")}


def columns_text(sheet: Sheet, columns: Columns) -> str:
    from openpyxl.utils import get_column_letter

    where = f"sheet {sheet.name!r}, " if sheet.name else ""
    rows = "-".join(str(r) for r in columns.header_rows)
    read = ", ".join(f"{get_column_letter(c)} {columns.headers[c]}→{name}"
                     for name, found in columns.fields.items() for c in found)
    text = f"reading {sheet.source}: {where}header row {rows}: {read}"
    if columns.ignored:
        text += "\nnot read: " + ", ".join(f"{get_column_letter(c)} {columns.headers[c]}" for c in columns.ignored)
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
        parts.append(f"{'row' if len(rows) == 1 else 'rows'} {numbers} {one if len(rows) == 1 else many} ({texts})")
    return "not problems, left out: " + "; ".join(parts)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def claimed_note(ids: list[str], org: str) -> str:
    """The problems imported as claimed, and how to turn the claims into closures."""
    shown = ", ".join(ids[:12]) + (f" and {len(ids) - 12} more (rectify list --org {org})" if len(ids) > 12 else "")
    return (f"note: {len(ids)} problem(s) the sheet calls finished await 对账销号 (imported as claimed, 自报完成，"
            f"not in the rate until closed): {shown}; the closure awaits what their `claimed.awaits` names. "
            f"Close each with `rectify close {org} ID --evidence FILE`, or all whose files are in a folder with "
            f"`rectify close-claims {org} --evidence-dir evidence/{org}`")
