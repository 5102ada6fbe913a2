"""A document as text: a rich table for the terminal (fitted to its width by layout.py), markdown and plain."""

from __future__ import annotations

import functools
import io

from rectify_cli.render.document import (
    Document,
    Section,
)
from rectify_cli.render.visible import visible_document


def _tabulate(section: Section, tablefmt: str) -> str:
    from tabulate import tabulate

    if not section.rows:
        return ""
    align = ["right" if i in section.right else "left" for i in range(len(section.headers))]
    return tabulate(section.rows, headers=section.headers, tablefmt=tablefmt, disable_numparse=True, colalign=align)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_markdown(doc: Document) -> str:
    doc = visible_document(doc)
    lines = [f"# {doc.title}", ""]
    lines += [f"- **{_markdown_cell(line)}**" for line in doc.alerts]
    lines += [f"- {line}" for line in doc.header]
    for section in doc.sections:
        lines += ["", f"## {section.title}", ""] if section.title else [""]
        escaped = Section(section.title, [_markdown_cell(h) for h in section.headers],
                          [[_markdown_cell(c) for c in row] for row in section.rows], section.right)
        table = _tabulate(escaped, "pipe")
        if table:
            lines.append(table)
        if section.note:
            lines += ["", section.note] if table else [section.note]
    if doc.summary:
        lines += ["", doc.summary]
    if doc.footer:
        lines += ["", f"## {doc.footer_title}", ""] + [f"- {_markdown_cell(line)}" for line in doc.footer]
    # a document without header lines and a section without a title would leave two empty lines
    lines = [line for index, line in enumerate(lines) if line or index == 0 or lines[index - 1]]
    return "\n".join(lines) + "\n"


def as_plain(doc: Document) -> str:
    doc = visible_document(doc)
    lines = [doc.title, *doc.alerts, *doc.header]
    for section in doc.sections:
        lines += ["", section.title] if section.title else [""]
        table = _tabulate(section, "simple")
        if table:
            lines.append(table)
        if section.note:
            lines.append(section.note)
    if doc.summary:
        lines += ["", doc.summary]
    if doc.footer:
        lines += ["", doc.footer_title, *doc.footer]
    return "\n".join(lines) + "\n"


def as_rich(doc: Document, color: bool = False, width: int | None = None) -> str:
    """Rich tables (CJK aligned by display width). Without a terminal (`width` None): no colour codes,
    no wrapping, every row on one line. On a terminal narrower than a table, the table is fitted
    to it (layout.py): numbers kept whole, text and headers wrapped at spaces or between Chinese
    characters, the columns split into parts repeating the first, or rows printed as blocks."""
    from rich.console import Console

    doc = visible_document(doc)
    out = io.StringIO()
    console = Console(file=out, width=width or 100_000, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, soft_wrap=width is None, highlight=False,
                      markup=False, emoji=False)

    paragraph = functools.partial(_paragraph, console, width)
    paragraph(doc.title, "bold")
    for line in doc.alerts:
        paragraph(line, "bold red")
    for line in doc.header:
        paragraph(line)
    for section in doc.sections:
        console.print()
        if section.rows:
            _print_section(console, section, width, color)
        elif section.title:
            paragraph(section.title, "bold")
        if section.note:
            paragraph(section.note)
    if doc.summary:
        console.print()
        paragraph(doc.summary)
    if doc.footer:
        console.print()
        paragraph(doc.footer_title, "bold")
        for line in doc.footer:
            paragraph(line)
    text = out.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    return text


def _paragraph(console, width: int | None, text: str, style: str = "") -> None:
    """A line of prose, wrapped as layout.wrap wraps table cells on a terminal: at spaces and between
    Chinese characters, never inside a number, a date or a Latin word (rich would break
    "4,127,100.00元" after "4,127," where Chinese text runs on without spaces)."""
    from rich.text import Text

    from rectify_cli.render import layout

    if width is None:
        console.print(Text(text, style=style))
        return
    for line in layout.wrap(text, width):
        console.print(Text(line, style=style), no_wrap=True, overflow="ignore", crop=False)


def _print_section(console, section: Section, width: int | None, color: bool) -> None:
    """One section as one table, or fitted to a narrow terminal as parts or blocks (layout.plan)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from rectify_cli.render import layout

    styles = [section.styles[i] if i < len(section.styles) and color else None for i in range(len(section.rows))]

    def table(title: str) -> Table:
        return Table(title=title or None, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                     header_style="bold", pad_edge=False)

    if width is None:   # not a terminal: every row on one line, whatever its length
        whole = table(section.title)
        for index, header in enumerate(section.headers):
            whole.add_column(Text(header), justify="right" if index in section.right else "left", no_wrap=True)
        for row, style in zip(section.rows, styles):
            whole.add_row(*(Text(cell) for cell in row), style=style)
        console.print(whole)
        return
    columns = [layout.measure(header, [row[i] for row in section.rows], i in section.right)
               for i, header in enumerate(section.headers)]
    planned: list[tuple[list[int], list[int]]] | None
    if layout.table_width([c.natural for c in columns]) <= width:
        planned = [(list(range(len(columns))), [c.natural for c in columns])]
    else:
        planned = layout.plan(columns, width)
    if planned is None:   # a block per row: its first cell, then "header: value" lines
        if section.title:
            console.print(Text(section.title, style="bold"))
        for row, style in zip(section.rows, styles):
            console.print()
            for line in layout.wrap(row[0], width - 1):
                console.print(Text(" " + line, style="bold" if style is None else f"bold {style}"))
            for header, cell in zip(section.headers[1:], row[1:]):
                if not cell:
                    continue
                colon = "：" if layout.is_wide(header) else ": "   # a Chinese header takes a Chinese colon
                lines = layout.wrap(f"{header}{colon}{cell}", width - 5)
                for index, line in enumerate(lines):
                    console.print(Text(("   " if index == 0 else "     ") + line, style=style or ""))
        return
    for number, (indexes, widths) in enumerate(planned, start=1):
        title = section.title
        if len(planned) > 1:
            title = f"{title} ({number}/{len(planned)})".strip()
            if number > 1:
                console.print()
        part = table(title)
        for index, cells in zip(indexes, widths):
            header = section.headers[index]
            part.add_column(Text("\n".join(layout.wrap(header, cells))),
                             justify="right" if index in section.right else "left",
                             width=cells, no_wrap=True, overflow="ellipsis")
        for row, style in zip(section.rows, styles):
            part.add_row(*(Text("\n".join(layout.wrap(row[index], cells)) if index not in section.right
                                else row[index]) for index, cells in zip(indexes, widths)), style=style)
        console.print(part)
