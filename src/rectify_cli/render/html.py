"""A document as one self-contained HTML file, with SVG charts drawn by hand.

No chart library: the charts are a few bars and lines, and a library would add a dependency and
a script to a file that must open offline in any browser."""

from __future__ import annotations

import datetime as dt
import html
import re
from fractions import Fraction

from rectify_cli.figures import (
    RateSeries,
)
from rectify_cli.render.document import (
    Document,
    Section,
)
from rectify_cli.render.words import (
    NONE,
    percent,
    ratio,
    threshold_text,
    word,
)

_CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.bold td{font-weight:bold}tr.red td{color:#b00020}tr.yellow td{color:#8a6d00;background:#fff8d6}
tr.green td{color:#1b5e20}ul.header,ul.provenance{color:#555}li.alert{color:#b00020;font-weight:bold}ul.provenance{font-size:.85em;word-break:break-all}
td.n,td.d,.nowrap{white-space:nowrap}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}
h2{break-after:avoid;page-break-after:avoid}svg{max-width:100%;height:auto}
@page{size:A4;margin:20mm 15mm 18mm 15mm;@bottom-center{content:"— " counter(page) " —";font-size:10pt}}
@media print{body{margin:0;font-size:9pt}td:first-child{min-width:10em}th,td{padding:.2em .35em}section+section{break-before:page;page-break-before:always}
th{background:#f3f3f3;-webkit-print-color-adjust:exact;print-color-adjust:exact}table{width:100%}}
""".strip()

# A cell that is a date (2026-08-15, 2026年8月15日) or a figure is never broken across lines when printed.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日")
_UNBROKEN = re.compile(rf"{_DATE.pattern}|[\d.,/%]+")


# Estimated text widths in the charts: a Chinese character is about one em wide, a Latin letter or
# digit about half (a display cell). No font metrics are at hand, so labels are measured this way,
# and a name longer than the room allowed is cut with an ellipsis and given in full as a tooltip.
LABEL_MAX_PX = 360


def _label_px(text: str, font_px: float) -> float:
    from rich.cells import cell_len

    return cell_len(text) * font_px / 2


def _svg_label(name: str, font_px: float, room_px: float) -> str:
    """A chart label that fits `room_px`: the name, or its start with "…" and the name as a <title>."""
    if _label_px(name, font_px) <= room_px:
        return html.escape(name)
    # One pass over the characters, adding up their widths: measuring shorter and shorter starts of
    # the name took time in the square of its length (16,000 characters: half a minute).
    from rich.cells import get_character_cell_size

    room = room_px - _label_px("…", font_px)
    used, end = 0.0, 0
    for char in name:
        used += get_character_cell_size(char) * font_px / 2
        if used > room:
            break
        end += 1
    return f"<title>{html.escape(name)}</title>{html.escape(name[:end])}…"


VERDICT_FILL = {True: "#c62828", False: "#2e7d32", None: "#9e9e9e"}


def chart_svg(doc: Document, lang: str) -> str:
    """A horizontal bar per organisation and the threshold as a dashed line.

    The bar is the rate the rule judged at the organisation's consequence date, in the colour of the
    rule's verdict (red: it fired, green: it did not, grey: not judged), both from the one result in
    `doc.chart`; a black mark shows the rate at the as-of date when it differs.
    """
    bar_width, row_height, top, font = 420, 26, 28, 13
    # the names are right-aligned against the bars: room for the longest, within limits
    longest = max((_label_px(bar[0], font) for bar in doc.chart), default=0)
    label_width = int(min(max(180, longest + 16), LABEL_MAX_PX + 16))
    height = top + row_height * len(doc.chart) + 10
    title = word("title_chart_judged", lang, date=doc.as_of)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 150}" height="{height}" '
             f'role="img" aria-label="{html.escape(title)}" font-size="13">']
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 10}" stroke="#eee"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="#888">{tick}%</text>')
    threshold = doc.threshold
    for index, (name, rate, now, fired) in enumerate(doc.chart):
        y = top + index * row_height
        parts.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">'
                     f'{_svg_label(name, font, label_width - 16)}</text>')
        if rate is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + 17}" fill="#888">{NONE}</text>')
            continue
        fill = VERDICT_FILL[fired]
        length = bar_width * float(rate)
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 8}" fill="{fill}"/>')
        label = percent(rate)
        if now is not None and now != rate:
            mark = label_width + bar_width * float(now)
            parts.append(f'<line x1="{mark:.1f}" y1="{y + 1}" x2="{mark:.1f}" y2="{y + row_height - 1}" '
                         f'stroke="#000" stroke-width="3"/>')
            label += f" ({percent(now)})"
        parts.append(f'<text x="{label_width + max(length, float(now or 0) * bar_width) + 5:.1f}" y="{y + 17}">'
                     f'{label}</text>')
    if threshold is not None:
        x = label_width + bar_width * float(threshold)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="#b00020" '
                     f'stroke-width="2" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{x + 4:.1f}" y="{height - 2}" fill="#b00020">'
                     f'{html.escape(word("threshold", lang))} {threshold_text(threshold)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
           "#d62728")


def line_chart_svg(series: RateSeries, threshold: Fraction | None, lang: str) -> str:
    """The as-of series as lines: x is the date (to scale), y the rate 0-100%; a line per organisation,
    the total thick and black, the threshold dashed, the consequence date(s) as dotted verticals."""
    left, width, top, height, font = 50, 520, 20, 260, 12
    # the legend right of the plot: a sample line (40 px) and the longest name, within limits
    longest = max((_label_px(name, font) for _, name, _ in series.organisations), default=0)
    legend = int(min(max(210, 40 + longest + 10), 40 + LABEL_MAX_PX + 10))
    points = series.points
    if not points:
        return ""
    first, last = points[0], points[-1]
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return left + width * ((day - first).days / span) if len(points) > 1 else left + width / 2

    def y_of(rate: Fraction) -> float:
        return top + height * (1 - float(rate))

    rows = len(series.organisations) + 1
    total_height = max(top + height + 26, top + 18 * rows + 10)
    title = word("title_line_chart", lang)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + legend}" height="{total_height}" '
             f'role="img" aria-label="{html.escape(title)}" font-size="12">']
    for tick in (0, 25, 50, 75, 100):
        y = top + height * (1 - tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#888">{tick}%</text>')
    for day in points:
        x = x_of(day)
        parts.append(f'<text x="{x:.1f}" y="{top + height + 16}" text-anchor="middle" fill="#555">'
                     f'{day.isoformat()[5:]}</text>')
    for day in series.judged_on:
        x = x_of(day)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + height}" stroke="#555" '
                     f'stroke-dasharray="2 3"/>')
        parts.append(f'<text x="{x - 3:.1f}" y="{top - 6}" text-anchor="end" fill="#555">'
                     f'{html.escape(word("judged_mark", lang, date=day.isoformat()[5:]))}</text>')
    if threshold is not None:
        y = y_of(threshold)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="#b00020" '
                     f'stroke-width="1.5" stroke-dasharray="6 4"/>')
    lines = [(name, at_points, PALETTE[index % len(PALETTE)], 1.5)
             for index, (_, name, at_points) in enumerate(series.organisations)]
    lines.append((word("total", lang), series.totals, "#000", 3))
    for index, (name, at_points, stroke, stroke_width) in enumerate(lines):
        known = [(x_of(f.on), y_of(f.rate), f) for f in at_points if f.rate is not None]
        if len(known) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in known)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="{stroke_width}"/>')
        for x, y, f in known:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{stroke}"><title>'
                         f'{html.escape(name)} {f.on.isoformat()}: {ratio(f.rectified, f.problems)} = '
                         f'{percent(f.rate)}</title></circle>')
        y = top + 18 * index + 4
        parts.append(f'<line x1="{left + width + 14}" y1="{y}" x2="{left + width + 34}" y2="{y}" stroke="{stroke}" '
                     f'stroke-width="{stroke_width}"/>')
        parts.append(f'<text x="{left + width + 40}" y="{y + 4}">{_svg_label(name, font, legend - 50)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _td(text: str, right: bool) -> str:
    if right:
        return f'<td class="n">{html.escape(text)}</td>'
    if _UNBROKEN.fullmatch(text):
        return f'<td class="d">{html.escape(text)}</td>'
    # a date inside a sentence ("截至2026-08-15整改完成率…") is kept whole too
    return "<td>" + _DATE.sub(lambda m: f'<span class="nowrap">{m.group()}</span>', html.escape(text)) + "</td>"


def section_html(section: Section) -> list[str]:
    """A section: its title, its table (the header row a <thead>, repeated on each printed page), its note."""
    e = html.escape
    lines = [f"<h2>{e(section.title)}</h2>"] if section.title else []
    if section.rows:
        lines += ["<table>", "<thead>", "<tr>" + "".join(f"<th>{e(h)}</th>" for h in section.headers) + "</tr>",
                  "</thead>", "<tbody>"]
        for index, row in enumerate(section.rows):
            style = section.styles[index] if index < len(section.styles) else None
            cells = "".join(_td(str(c), i in section.right) for i, c in enumerate(row))
            lines.append(f'<tr class="{style}">{cells}</tr>' if style else f"<tr>{cells}</tr>")
        lines += ["</tbody>", "</table>"]
    if section.note:
        lines.append(f"<p>{e(section.note)}</p>")
    return lines


def as_html(doc: Document, lang: str) -> str:
    """One self-contained file: inline CSS and SVG, no scripts, no external resources."""
    from rectify_cli.render.visible import visible_document

    doc = visible_document(doc)
    e = html.escape
    lines = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
             '<meta charset="utf-8">', f"<title>{e(doc.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{e(doc.title)}</h1>", '<ul class="header">', *(f'<li class="alert">{e(line)}</li>' for line in doc.alerts),
             *(f"<li>{e(line)}</li>" for line in doc.header), "</ul>"]
    if doc.summary:
        lines.append(f"<p>{e(doc.summary)}</p>")
    if doc.chart:
        lines += ["<section>", f"<h2>{e(word('title_chart_judged', lang, date=doc.as_of))}</h2>", chart_svg(doc, lang),
                  "</section>"]
    if doc.series is not None and doc.series.points:
        lines += ["<section>", f"<h2>{e(word('title_line_chart', lang))}</h2>",
                  line_chart_svg(doc.series, doc.threshold, lang), "</section>"]
    for section in doc.sections:
        lines += ["<section>", *section_html(section), "</section>"]
    if doc.footer:
        lines += [f"<h2>{e(doc.footer_title)}</h2>", '<ul class="provenance">',
                  *(f"<li>{e(line)}</li>" for line in doc.footer), "</ul>"]
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"
