"""The HTML report printed (issue 17 item 4): A4 page, the header row repeated on each page, rows never
split, dates and figures never broken, a page break between sections, and a chart whose every bar
is the rate the rule judged, in the colour of its verdict; and the PDF written from that HTML."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from html.parser import HTMLParser

import pytest

from conftest import copy_bundled_ledgers
from rectify_cli.render import html as render_html
from rectify_cli.render.document import Document, Section

BAR_WIDTH = 420  # render/html.py: the length of a 100% bar


@pytest.fixture(scope="module")
def round7(tmp_path_factory):
    """Round 7 of the example ledgers as HTML (zh) and as JSON, on its consequence date."""
    from typer.testing import CliRunner

    from rectify_cli.cli import app

    folder = tmp_path_factory.mktemp("print")
    ledgers = copy_bundled_ledgers(folder / "ledgers")
    common = ["report", "--round", "7", "--ledgers", str(ledgers), "--as-of", "2026-08-15", "--lang", "zh"]
    runner = CliRunner()
    page = runner.invoke(app, [*common, "--format", "html"], catch_exceptions=False)
    data = runner.invoke(app, [*common, "--format", "json"], catch_exceptions=False)
    assert page.exit_code == 0 and data.exit_code == 0
    return folder, ledgers, page.stdout, json.loads(data.stdout)


class Cells(HTMLParser):
    """Each <td> with its class, and the parents of each <tr>."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.cells: list[tuple[str, str]] = []
        self.row_parents: set[str] = set()
        self.header_parents: set[str] = set()
        self._td: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row_parents.add(self.stack[-1])
        if tag == "th":
            self.header_parents.add(self.stack[-2])
        if tag == "td":
            self._td = (dict(attrs).get("class") or "", [])
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "td" and self._td is not None:
            self.cells.append((self._td[0], "".join(self._td[1])))
            self._td = None
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self._td is not None:
            self._td[1].append(data)


def test_the_page_is_a4_with_repeated_headers_unsplit_rows_and_a_break_between_sections(round7):
    page = round7[2]
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert re.search(r"@page\{size:A4;margin:\d+mm", style)
    assert "thead{display:table-header-group}" in style
    assert "tr{break-inside:avoid;page-break-inside:avoid}" in style
    assert "section+section{break-before:page;page-break-before:always}" in style
    cells = Cells()
    cells.feed(page)
    assert cells.header_parents == {"thead"} and cells.row_parents == {"thead", "tbody"}
    assert page.count("<section>") == page.count("</section>") >= 8


def test_dates_and_figures_are_never_broken(round7):
    page = round7[2]
    cells = Cells()
    cells.feed(page)
    whole = [text for klass, text in cells.cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{4}年\d+月\d+日|[\d.,/%]+", text)]
    assert "2026-08-15" in whole
    assert all(klass in ("n", "d") for klass, text in cells.cells if text in whole)
    # a date inside a sentence is kept whole too
    assert '截至<span class="nowrap">2026-08-15</span>' in page
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "td.n,td.d,.nowrap{white-space:nowrap}" in style


def bars(svg: str) -> list[tuple[float, str]]:
    return [(float(width), fill) for width, fill in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)" height="\d+" '
                                                              r'fill="(#\w+)"/>', svg)]


def test_each_bar_is_the_judged_rate_in_the_colour_of_the_rules_verdict(round7):
    page, report = round7[2], round7[3]
    chart = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    expected = []
    for org in report["organisations"]:
        check = next(c for c in org["checks"] if c["rule"] == "democratic-life-meeting")
        rate = org["at_consequence_date"]["rate"]
        expected.append((round(BAR_WIDTH * rate, 1), "#c62828" if check["fired"] else "#2e7d32"))
    assert bars(chart) == expected
    assert {"#c62828", "#2e7d32"} <= {fill for _, fill in expected}   # both verdicts are on the page


def test_a_bar_judged_above_the_line_is_green_even_when_the_rate_fell_below_it_since():
    """The issue's "green bar of 60% for an organisation at 40%": the bar is the rate judged at the
    consequence date (60%, not fired: green); the black mark and the label show 40% as of today."""
    doc = Document("t", [], [], chart=[("甲", Fraction(3, 5), Fraction(2, 5), False),
                                       ("乙", Fraction(2, 5), Fraction(2, 5), True),
                                       ("丙", Fraction(1, 5), Fraction(1, 5), None)],
                   threshold=Fraction(1, 2), as_of="2026-09-01")
    svg = render_html.chart_svg(doc, "zh")
    assert bars(svg) == [(252.0, "#2e7d32"), (168.0, "#c62828"), (84.0, "#9e9e9e")]
    assert "60.00% (40.00%)</text>" in svg


def test_a_row_of_a_section_prints_its_dates_whole():
    section = Section("s", ["单位", "日期", "问题数"], [["甲", "2026年8月15日", "12"]], right={2})
    assert section_row(section) == '<tr><td>甲</td><td class="d">2026年8月15日</td><td class="n">12</td></tr>'


def section_row(section: Section) -> str:
    return next(line for line in render_html.section_html(section) if line.startswith("<tr><td"))


# --- the PDF ----------------------------------------------------------------------------------------


def _pdf_unavailable() -> str | None:
    """Why the PDF cannot be tested here, or None."""
    import shutil
    import subprocess

    try:
        import pypdf  # noqa: F401
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return f"WeasyPrint or pypdf cannot be loaded ({error}): pip install -e '.[test]', and Pango from Debian"
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout if fc_list else ""
    if "CJK" not in fonts:
        return "no CJK font for fontconfig (Debian: apt-get install fonts-noto-cjk)"
    return None


needs_pdf = pytest.mark.skipif(_pdf_unavailable() is not None, reason=_pdf_unavailable() or "")


@pytest.fixture(scope="module")
def round7_pdf(round7):
    from typer.testing import CliRunner

    from rectify_cli.cli import app

    folder, ledgers = round7[0], round7[1]
    path = folder / "第七轮整改进展情况.pdf"
    result = CliRunner().invoke(app, ["report", "--round", "7", "--ledgers", str(ledgers), "--as-of", "2026-08-15",
                                      "--lang", "zh", "--format", "pdf", "-o", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@needs_pdf
def test_the_pdf_is_a4_and_shows_every_organisations_figures(round7, round7_pdf):
    import pypdf

    reader = pypdf.PdfReader(str(round7_pdf))
    assert len(reader.pages) > 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)   # A4 in millimetres
    text = "".join(page.extract_text() for page in reader.pages)
    assert "整改进展情况统计表" in text and "— 1 —" in text.replace("\u2014", "—")
    for org in round7[3]["organisations"]:
        # each organisation's rate, counts as a person reads them: "12 10 2 … 83.33%"
        assert f"{org['rate_percent']}" in text
        assert re.search(rf"{org['problems']}\s+{org['rectified']}\s+{org['in_progress']}\s", text)
    assert "2026-08-15" in text


@needs_pdf
def test_the_pdf_embeds_its_cjk_fonts(round7_pdf):
    import pypdf

    reader = pypdf.PdfReader(str(round7_pdf))
    embedded, cjk = set(), set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            inner = descendants[0].get_object() if descendants else font
            descriptor = inner["/FontDescriptor"].get_object()
            name = str(font["/BaseFont"])
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.add(name)
            if "CJK" in name:
                cjk.add(name)
    assert cjk and cjk <= embedded


def test_without_weasyprint_pdf_is_a_usage_error_naming_the_extra(invoke, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    ledgers = copy_bundled_ledgers(tmp_path / "ledgers")
    target = tmp_path / "r.pdf"
    result = invoke("report", "--round", "7", "--ledgers", str(ledgers), "--format", "pdf", "-o", str(target),
                    "--lang", "en")
    assert result.exit_code == 2
    assert "--format pdf needs WeasyPrint" in result.stderr and "rectify-cli[pdf]" in result.stderr
    assert "Traceback" not in result.stderr and not target.exists()


def test_pdf_needs_an_output_file(invoke, tmp_path):
    ledgers = copy_bundled_ledgers(tmp_path / "ledgers")
    result = invoke("report", "--round", "7", "--ledgers", str(ledgers), "--format", "pdf", "--lang", "en")
    assert result.exit_code == 2 and "--format pdf needs --output FILE" in result.stderr
