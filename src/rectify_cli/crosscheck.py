"""One number everywhere (口径一致): the figures a rendered document shows, read back and compared to the JSON report.

Every format is read with the library that reads it (csv, json, openpyxl, python-docx, html.parser;
the text tables by their columns), into tables of cells. In each table whose header names a figure
(反馈问题, 已完成整改, 整改完成率 …, or the English headers) the row of each organisation (a cell equal
to its name) gives that figure as printed; `mismatches` compares it to the figure of `rectify report
--format json`, a rate by its percentage with two decimals as every format prints it. A table that
shows none of these headers, or an organisation missing from a document, is not a mismatch: a user's
template may show only some figures, but every figure it shows must be the report's.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from rectify_cli.errors import Say, say

Table = list[list[str]]

# figure key in the JSON organisation -> the headers that show it (zh, en), and whether it is a rate
FIGURES: dict[str, tuple[tuple[str, ...], bool]] = {
    "problems": (("反馈问题", "Problems"), False),
    "rectified": (("已完成整改", "Rectified"), False),
    "in_progress": (("正在整改", "In progress"), False),
    "overdue": (("超期未完成", "Overdue"), False),
    "rate": (("整改完成率", "Rate"), True),
    "measure_rate": (("措施完成率", "Measure rate"), True),
    "on_time_rate": (("按期销号率", "On-time closure"), True),
    "satisfaction_rate": (("满意率", "Satisfaction"), True),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # a workbook keeps a rate as a number formatted 0.00%
        return f"{value * 100:.2f}%"
    return str(value).strip()


def _text_tables(text: str) -> list[Table]:
    """Tables of a text report (rich, tabulate or Markdown): columns split at pipes or at two or more spaces."""
    tables: list[Table] = []
    current: Table = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or set(stripped) <= set("─-|: "):
            if not stripped and current:
                tables.append(current)
                current = []
            continue
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
        else:
            cells = [c for c in re.split(r"\s{2,}", stripped) if c]
        current.append(cells)
    if current:
        tables.append(current)
    return tables


class _HtmlTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(path: Path) -> list[Table]:
    """The tables of a rendered file, by its suffix: .docx, .xlsx, .html, .csv, .json; anything else as text."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        return [[[_cell(c.text) for c in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]
    if suffix == ".xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return [[[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets]
    text = path.read_text(encoding="utf-8-sig")
    if suffix in (".html", ".htm"):
        parser = _HtmlTables()
        parser.feed(text)
        return parser.tables
    if suffix == ".csv":
        return [list(csv.reader(io.StringIO(text)))]
    if suffix == ".json":
        return [json_table(json.loads(text))]
    return _text_tables(text)


def json_table(report: dict[str, Any]) -> Table:
    """The JSON report's organisations as a table with the zh headers, each figure as the formats print it."""
    keys = list(FIGURES)
    rows = [["单位", *(FIGURES[key][0][0] for key in keys)]]
    for org in report["organisations"]:
        rows.append([org["name"], *(_figure(org.get(key), FIGURES[key][1]) for key in keys)])
    return rows


def _figure(value: Any, is_rate: bool) -> str:
    if value is None:
        return ""
    return f"{value * 100:.2f}%" if is_rate else str(value)


def figures_in(tables: list[Table], names: set[str]) -> dict[tuple[str, str], list[str]]:
    """(organisation name, figure key) -> every value a table shows for it."""
    found: dict[tuple[str, str], list[str]] = {}
    for table in tables:
        header_at = next((i for i, row in enumerate(table) if any(c in _HEADERS for c in row)), None)
        if header_at is None:
            continue
        columns = {i: _HEADERS[c] for i, c in enumerate(table[header_at]) if c in _HEADERS}
        rows = [(next((c for c in row if c in names), None), row) for row in table[header_at + 1:]]
        counts = Counter(name for name, _ in rows)
        for name, row in rows:
            if name is None or counts[name] > 1:  # a table of problems: several rows an organisation, no totals
                continue
            for i, key in columns.items():
                if i < len(row) and row[i] not in ("", "—"):
                    found.setdefault((name, key), []).append(_as_shown(row[i], FIGURES[key][1]))
    return found


def _as_shown(value: str, is_rate: bool) -> str:
    """A rate a workbook keeps as a number (1, 0.8333) as the percentage the other formats print."""
    if is_rate and re.fullmatch(r"[01](\.\d+)?", value):
        return f"{float(value) * 100:.2f}%"
    return value


_HEADERS = {header: key for key, (headers, _) in FIGURES.items() for header in headers}


def mismatches(path: Path, report: dict[str, Any]) -> tuple[int, list[Say]]:
    """How many figures `path` shows, and each that differs from the JSON report's."""
    expected_rows = json_table(report)
    keys = list(FIGURES)
    expected = {(row[0], key): row[1 + i] for row in expected_rows[1:] for i, key in enumerate(keys)}
    names = {row[0] for row in expected_rows[1:]}
    found = figures_in(tables_of(path), names)
    problems = [say("{file}: {org}: {figure} is {shown}, the report says {expected}", file=path.name, org=name,
                    figure=FIGURES[key][0][0], shown=value, expected=expected.get((name, key), "—"))
                for (name, key), values in sorted(found.items()) for value in values
                if value != expected.get((name, key), "")]
    return sum(len(values) for values in found.values()), problems


def summary(file: str, count: int, wrong: int) -> Say:
    """The line scripts/check_figures.py prints for a file."""
    return say("{file}: {count} figures checked, {wrong} differ", file=file, count=count, wrong=wrong)


def unreadable(error: str) -> Say:
    """A file the check cannot read (exit 2)."""
    return say("cannot read {error}", error=error)


# A published text's phrases (rectify disclose) -> the JSON report's key, and how the JSON value is shown in the text.
PHRASES: dict[str, tuple[str, str]] = {
    "反馈问题": (r"反馈问题(\d+)个", "problems"),
    "已完成整改": (r"已完成整改(\d+)个", "rectified"),
    "正在整改": (r"正在整改(\d+)个", "in_progress"),
    "基本完成": (r"基本完成(\d+)个", "basically_done"),
    "需长期坚持": (r"需长期坚持(\d+)个", "long_term"),
    "申请延期": (r"申请延期(\d+)个", "extended"),
    "整改完成率": (r"整改完成率(\d+\.\d\d%|—)", "rate_percent"),
    "制定整改措施": (r"制定整改措施(\d+)条", "measures_total"),
    "已完成措施": (r"条，已完成(\d+)条", "measures_done"),
    "建立完善制度": (r"建立完善制度(\d+)项", "rules_made"),
    "退缴违规资金": (r"退缴违规资金([\d.]+)万元", "funds_returned"),
    "挽回经济损失": (r"挽回经济损失([\d.]+)万元", "losses_recovered"),
    "问责": (r"问责(\d+)人", "held_accountable"),
    "移交问题线索": (r"移交问题线索(\d+)条", "clues_handed_over"),
}


def _shown_in_text(key: str, value: Any) -> str:
    """A JSON report's figure as a published text states it (a rate to two decimals, money in 万元)."""
    if key == "rate_percent":
        return "—" if value is None else str(value)
    if key in ("funds_returned", "losses_recovered"):
        from decimal import Decimal

        text = f"{(Decimal(value) / 10000).normalize():f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def disclosure_mismatches(text: str, report: dict[str, Any]) -> list[Say]:
    """Each figure a published text states (read back from its words) that is not the JSON report's: the round's
    paragraph against `totals`, each organisation's (a paragraph opening with its name) against its figures."""
    expected: dict[str, dict[str, Any]] = {org["name"]: org for org in report["organisations"]}
    problems: list[Say] = []
    for paragraph in (p.strip() for p in text.split("\n\n") if p.strip()):
        name = paragraph.split("：", 1)[0]
        figures = expected.get(name, report["totals"])
        for label, (pattern, key) in PHRASES.items():
            match = re.search(pattern, paragraph)
            if match is None:
                if key != "clues_handed_over" or figures.get(key):
                    problems.append(say("{org}: the text does not state {figure}", org=name if name in expected
                                        else say("the round"), figure=label))
                continue
            wanted = _shown_in_text(key, figures.get(key))
            if match.group(1) != wanted:
                problems.append(say("{org}: {figure} is {shown} in the text, the report says {expected}",
                                    org=name if name in expected else say("the round"), figure=label,
                                    shown=match.group(1), expected=wanted))
    return problems
