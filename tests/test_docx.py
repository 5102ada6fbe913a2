"""Word documents (rectify report --format docx): read back with python-docx, as Word would see them.

The page setup, styles and fonts (east-asian names and their fallbacks), page numbers, table flags
(header rows repeat, rows never split) and contents: every figure of the docx equals the figure of
the JSON report of the same ledgers and date (one number everywhere). The LibreOffice test turns
the document into PDF pages and is skipped, saying why, when soffice is not installed.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent

AS_OF = "2026-12-01"
KINDS = ("committee", "unit", "closure", "notice")


def _docx(invoke, repo: Path, kind: str, *args: str) -> tuple[Path, object]:
    out = repo / f"{kind}.docx"
    result = invoke("report", "--round", "7", "--ledgers", str(repo / "ledgers"), "--as-of", AS_OF, "--lang", "zh",
                    "--format", "docx", "--document", kind, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out, Document(str(out))


def _json(invoke, repo: Path, *args: str) -> dict:
    result = invoke("report", "--round", "7", "--ledgers", str(repo / "ledgers"), "--as-of", AS_OF, "--lang", "zh",
                    "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _percent(numerator: int, denominator: int) -> str:
    """Half up to two decimals, as the report promises (computed here independently)."""
    if not denominator:
        return "—"
    value = Decimal(Fraction(numerator, denominator).numerator) / Decimal(Fraction(numerator, denominator).denominator)
    return f"{(value * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def _mm(length) -> float:
    return round(length.mm, 1)


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _east_asian(element) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts")) if element.tag != qn("w:rPr") else element.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


@pytest.mark.parametrize("kind", KINDS)
def test_page_setup_is_gb_t_9704(invoke, example_repo, kind):
    _, document = _docx(invoke, example_repo, kind)
    for section in document.sections:   # stored in twips: equal to a tenth of a millimetre
        assert {_mm(section.page_width), _mm(section.page_height)} == {210, 297}
        assert [_mm(section.top_margin), _mm(section.bottom_margin), _mm(section.left_margin),
                _mm(section.right_margin)] == [37, 35, 28, 26]
    assert _mm(document.sections[0].page_width) == 210   # the report itself is portrait


def test_styles_name_the_official_fonts_for_chinese_text(invoke, example_repo):
    path, document = _docx(invoke, example_repo, "committee")
    expected = {"Normal": ("仿宋_GB2312", Pt(16)), "Title": ("方正小标宋简体", Pt(22)),
                "Heading 1": ("黑体", Pt(16)), "Heading 2": ("楷体_GB2312", Pt(16))}
    for name, (font, size) in expected.items():
        style = document.styles[name]
        assert _east_asian(style.element.rPr) == font, name
        assert style.font.size == size, name
        assert style.font.name == "Times New Roman", name   # Latin letters and digits
    body = document.styles["Normal"].paragraph_format
    assert body.line_spacing == Pt(28.95) and body.first_line_indent == Pt(32)
    # the fallbacks Word and WPS use where the official fonts are not installed
    fonts = zipfile.ZipFile(path).read("word/fontTable.xml").decode("utf-8")
    for name, alternative in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体")):
        assert re.search(f'w:name="{name}"><w:altName w:val="{alternative}"/>', fonts), name
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles[0] == "关于第七轮巡察整改进展情况的综合报告"
    assert document.paragraphs[0].text.strip() == "〔2026〕　　号"   # the document number is left to fill in


def test_page_numbers_are_a_page_field_between_dashes(invoke, example_repo):
    _, document = _docx(invoke, example_repo, "committee")
    assert document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            xml = footer.paragraphs[0]._p.xml
            assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
            assert footer.paragraphs[0].text == "— 1 —"   # the field's cached value between em dashes


@pytest.mark.parametrize("kind", KINDS)
def test_rows_never_split_and_header_rows_repeat(invoke, example_repo, kind):
    _, document = _docx(invoke, example_repo, kind)
    assert document.tables
    for table in document.tables:
        for index, row in enumerate(table.rows):
            properties = row._tr.trPr
            assert properties is not None and properties.find(qn("w:cantSplit")) is not None
            if kind != "closure":   # a closure sheet is a form: no header row
                assert (properties.find(qn("w:tblHeader")) is not None) == (index == 0)


def test_dates_are_written_the_official_way(invoke, example_repo):
    _, document = _docx(invoke, example_repo, "committee")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年12月1日" in text
    tables = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text.split("数据来源")[0] + tables)


def test_every_figure_of_the_committee_report_is_the_json_figure(invoke, example_repo):
    data = _json(invoke, example_repo)
    _, document = _docx(invoke, example_repo, "committee")
    progress = _table_rows(document.tables[0])
    assert progress[0][:3] == ["单位", "反馈问题", "已完成整改"]
    by_name = {row[0]: row for row in progress[1:]}
    assert len(by_name) == len(data["organisations"]) + 1
    for org in [*data["organisations"], {"name": "合计", **data["totals"]}]:
        row = by_name[org["name"]]
        expected = [str(org[key]) for key in ("problems", "rectified", "in_progress", "basically_done", "long_term",
                                              "claimed", "extended", "overdue", "reopened")]
        expected += [org["rate_percent"] or "—", f"{org['measures_done']}/{org['measures_total']}",
                     _percent(org["measures_done"], org["measures_total"]),
                     _percent(org["closed_on_time"], org["closed"])]
        assert row[1:] == expected, org["name"]
    outcomes = {row[0]: row for row in _table_rows(document.tables[1])[1:]}
    for org in data["organisations"]:
        row = outcomes[org["name"]]
        assert row[1] == str(org["rules_made"])
        assert row[2].replace(",", "") == org["funds_returned"] and row[3].replace(",", "") == org["losses_recovered"]
        assert row[-1] == (org["grade"] or "—")
    # the text says the same numbers as the tables
    text = "\n".join(p.text for p in document.paragraphs)
    t = data["totals"]
    assert f"反馈问题{t['problems']}个" in text and f"已完成整改{t['rectified']}个" in text
    for org in data["organisations"]:
        assert (f"{org['name']}。第七轮巡察反馈问题{org['problems']}个，已完成整改{org['rectified']}个、"
                f"正在整改{org['in_progress']}个") in text
        assert f"整改完成率{org['rate_percent'] or '—'}" in text


def test_open_items_attached_are_the_open_view(invoke, example_repo):
    data = _json(invoke, example_repo, "--open")
    _, document = _docx(invoke, example_repo, "committee")
    table = next(t for t in document.tables if _table_rows(t)[0][1] == "编号")
    rows = _table_rows(table)[1:]
    assert [(row[0], row[1]) for row in rows] == [(i["organisation_name"], i["id"]) for i in data["open_items"]]


def test_unit_report_in_the_published_form(invoke, example_repo):
    data = _json(invoke, example_repo, "--org", "jc-edu")
    org = data["organisations"][0]
    _, document = _docx(invoke, example_repo, "unit", "--org", "jc-edu")
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{org['name']}\n关于第七轮巡察整改情况的报告" in text or f"{org['name']}关于第七轮巡察整改情况的报告" in text
    assert (f"第七轮巡察反馈问题{org['problems']}个，已完成整改{org['rectified']}个、正在整改{org['in_progress']}个"
            in text)
    assert f"整改完成率{org['rate_percent']}" in text
    assert f"已完成{org['measures_done']}项" in text
    rows = _table_rows(document.tables[0])[1:]
    assert len(rows) == org["in_progress"]


def test_unit_reports_each_start_on_a_page_numbered_one(invoke, example_repo):
    data = _json(invoke, example_repo)
    _, document = _docx(invoke, example_repo, "unit")
    titles = [p.text for p in document.paragraphs if p.style.name == "Title" and p.text.endswith("报告")]
    assert len(titles) == len(data["organisations"])
    restarts = [s for s in document.sections if s._sectPr.find(qn("w:pgNumType")) is not None]
    assert len(restarts) == len(data["organisations"]) - 1


def test_closure_sheet_per_closed_problem_with_evidence_hashes(invoke, example_repo):
    _, document = _docx(invoke, example_repo, "closure", "--org", "jc-edu")
    data = _json(invoke, example_repo, "--org", "jc-edu", "--explain", "jc-edu")
    closed = [p for p in data["explain"]["problems"] if p["status"] == "closed"]
    assert len(document.tables) == len(closed) == data["organisations"][0]["closed"]
    import yaml

    ledger = yaml.safe_load((example_repo / "ledgers" / "jc-edu.yaml").read_text(encoding="utf-8"))
    problems = {p["id"]: p for p in ledger["problems"]}
    for table, problem in zip(document.tables, closed):
        form = {row.cells[0].text: row.cells[1].text for row in table.rows}
        source = problems[problem["id"]]
        assert form["问题编号"] == problem["id"] and form["问题表现"] == source["summary"]
        assert form["验收单位"] == source["closed"].get("verified_by", "—")
        for evidence in source["closed"]["evidence"]:
            assert evidence["path"] in form["佐证材料"] and f"sha256: {evidence['sha256']}" in form["佐证材料"]
        for measure in source["measures"]:
            assert measure["text"] in form["整改措施"]


def test_the_same_ledgers_give_the_same_bytes(invoke, example_repo):
    first, _ = _docx(invoke, example_repo, "committee")
    once = first.read_bytes()
    second, _ = _docx(invoke, example_repo, "committee")
    assert second.read_bytes() == once
    assert "docProps/thumbnail.jpeg" not in zipfile.ZipFile(io.BytesIO(once)).namelist()


@pytest.mark.parametrize(("args", "says"), [
    ((), "--format docx needs --output"),
    (("-o", "x.docx", "--open"), "--format docx writes a document"),
])
def test_docx_usage_errors(invoke, example_repo, args, says):
    result = invoke("report", "--round", "7", "--ledgers", str(example_repo / "ledgers"), "--format", "docx", *args)
    assert result.exit_code == 2 and says in result.output


def test_document_needs_docx(invoke, example_repo):
    result = invoke("report", "--round", "7", "--ledgers", str(example_repo / "ledgers"), "--document", "unit")
    assert result.exit_code == 2 and "--document goes with --format docx" in result.output


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice (soffice) or poppler (pdfinfo) is not installed: apt-get install -y "
                           "libreoffice-writer-nogui fonts-noto-cjk poppler-utils")
def test_libreoffice_prints_the_committee_report_on_a4(invoke, example_repo, tmp_path):
    path, _ = _docx(invoke, example_repo, "committee")
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(tmp_path / "committee.pdf")], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) > 3
    assert all({round(float(w)), round(float(h))} == {595, 842} for w, h in sizes)   # A4, portrait or landscape
    assert {round(float(w)) for w, _ in sizes} == {595, 842}   # the report portrait, the tables landscape


def test_notices_go_to_organisations_with_warnings_or_consequences(invoke, example_repo):
    data = _json(invoke, example_repo, "--due-soon")
    report = _json(invoke, example_repo)
    _, document = _docx(invoke, example_repo, "notice")
    warned = {w["organisation_name"] for w in data["warnings"]}
    fired = {org["name"] for org in report["organisations"] if org["consequences"]}
    titles = [p.text for p in document.paragraphs if p.style.name == "Title" and p.text.endswith("的通知")]
    assert sorted(titles) == sorted(f"关于督促{name}加快推进第七轮巡察整改工作的通知" for name in warned | fired)
    text = "\n".join(p.text for p in document.paragraphs)
    for org in report["organisations"]:
        if org["name"] in warned | fired:
            red, yellow, green = (org["warning_counts"][c] for c in ("red", "yellow", "green"))
            assert f"截至2026年12月1日，你单位第七轮巡察反馈问题{org['problems']}个" in text
            if org["name"] in warned:
                assert f"有{red}项已超期、{yellow}项10日内到期、{green}项20日内到期" in text
    attached = [row for table in document.tables for row in _table_rows(table)[1:]]
    assert len(attached) == len(data["warnings"])


def _template(path: Path, paragraphs: list[str], rows: list[str] | None = None) -> Path:
    """A user's template made in Word, here with python-docx: paragraphs and a table with a repeated row."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows is not None:
        table = document.add_table(rows=4, cols=len(rows))
        table.rows[0].cells[0].text = "{%tr for org in organisations %}"
        for cell, text in zip(table.rows[1].cells, rows):
            cell.text = text
        table.rows[2].cells[0].text = "{%tr endfor %}"
        table.rows[3].cells[0].text = "合计"
    document.save(str(path))
    return path


def test_a_users_template_is_filled_with_the_reports_figures(invoke, example_repo):
    template = _template(example_repo / "模板.docx",
                         ["截至{{ as_of | zh_date }}，第{{ round }}轮反馈问题{{ totals.problems }}个，"
                          "整改完成率{{ totals.rate_percent }}。"],
                         ["{{ org.name }}", "{{ org.problems }}", "{{ org.rectified }}", "{{ org.rate_percent }}"])
    _, document = _docx(invoke, example_repo, "committee", "--template", str(template))
    data = _json(invoke, example_repo)
    t = data["totals"]
    assert document.paragraphs[0].text == (f"截至2026年12月1日，第7轮反馈问题{t['problems']}个，"
                                           f"整改完成率{t['rate_percent']}。")
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[:-1] == [[o["name"], str(o["problems"]), str(o["rectified"]), o["rate_percent"] or "—"]
                         for o in data["organisations"]]
    assert rows[-1][0] == "合计"


@pytest.mark.parametrize(("text", "says"), [
    ("{{ totals.rate_pct }}", "'rate_pct'"),
    ("{{ totls.problems }}", "{{ totls }}"),
    ("{% if round %}", "broken tag"),
])
def test_a_template_error_names_the_placeholder(invoke, example_repo, text, says):
    template = _template(example_repo / "错.docx", [text])
    result = invoke("report", "--round", "7", "--ledgers", str(example_repo / "ledgers"), "--as-of", AS_OF,
                    "--format", "docx", "--template", str(template), "-o", str(example_repo / "out.docx"))
    assert result.exit_code == 2
    assert says in result.output and "错.docx" in result.output and "Traceback" not in result.output
    assert not (example_repo / "out.docx").exists()


def test_the_placeholder_catalogue_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("placeholders", ROOT / "scripts" / "placeholders.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "placeholders.md").read_text(encoding="utf-8") == module.catalogue(), \
        "run python scripts/placeholders.py"


def test_the_score_sheet_is_attached_to_the_committee_report_and_each_scored_unit_report(invoke, example_repo):
    """考核评价得分: the round's table among the committee report's attachments, each figure the JSON's; an
    organisation scored by the evaluators has its sheet (points and why) in its own report."""
    data = {org["id"]: org for org in _json(invoke, example_repo)["organisations"]}
    _, committee = _docx(invoke, example_repo, "committee")
    paragraphs = [p.text for p in committee.paragraphs]
    assert "\u3000\u3000\u30003．第七轮巡察考核评价得分表" in paragraphs
    table = next(t for t in committee.tables if _table_rows(t)[0][:2] == ["单位", "计算得分"])
    rows = {row[0]: row for row in _table_rows(table)[1:]}
    for org in data.values():
        sheet = org["score_sheet"]
        assert rows[org["name"]][3] == (sheet["total"] or "—"), org["id"]
        assert rows[org["name"]][5] == sheet["recorded_grade"]
    _, hospital = _docx(invoke, example_repo, "unit", "--org", "jc-hospital")
    texts = [p.text for p in hospital.paragraphs]
    assert "五、考核评价得分情况" in texts and "附件1" in texts
    assert any(t.startswith("总分10 + 5 + 20") and "= 98.10，优秀" in t for t in texts)
    lines = _table_rows(next(t for t in hospital.tables if _table_rows(t)[0][0] == "考核指标"))
    points = {line[0]: line[2] for line in lines[1:]}
    assert points["八查群众满意度（满意度测评）"] == "14.10"
    assert len(lines) - 1 == len(data["jc-hospital"]["score_sheet"]["lines"])
    _, edu = _docx(invoke, example_repo, "unit", "--org", "jc-edu")   # no evaluator's score yet: no sheet
    assert not any("考核评价得分" in p.text for p in edu.paragraphs)
