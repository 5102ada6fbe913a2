"""One number everywhere (口径一致, issue 17 item 3): round 7 of the example ledgers rendered in every
format — table, plain, Markdown, CSV, JSON, HTML, the workbook of `rectify export` and the Word
committee report — shows each organisation's figures (problems, rectified, in progress, overdue,
rate, measure rate, on-time rate, satisfaction) exactly as the JSON report does. Each format is read
back with the library that reads it (rectify_cli.crosscheck); scripts/check_figures.py runs the same
check on a user's own template output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import ROOT, copy_bundled_ledgers
from rectify_cli import crosscheck

ORGANISATIONS, FIGURES = 9, len(crosscheck.FIGURES)
FORMATS = [("table", "txt"), ("plain", "txt"), ("markdown", "md"), ("csv", "csv"), ("json", "json"),
           ("html", "html"), ("docx", "docx")]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[dict, dict[str, Path]]:
    from typer.testing import CliRunner

    from rectify_cli.cli import app

    folder = tmp_path_factory.mktemp("crosscheck")
    ledgers = copy_bundled_ledgers(folder / "ledgers")
    runner, files = CliRunner(), {}
    common = ["--round", "7", "--ledgers", str(ledgers), "--as-of", "2026-08-15"]
    for output_format, suffix in FORMATS:
        for lang in ("zh", "en"):
            if output_format == "docx" and lang == "en":
                continue
            path = folder / f"round7.{output_format}.{lang}.{suffix}"
            result = runner.invoke(app, ["report", *common, "--format", output_format, "--lang", lang, "-o", str(path)],
                                   catch_exceptions=False)
            assert result.exit_code == 0, result.output
            files[f"{output_format}.{lang}"] = path
    path = folder / "round7.xlsx"
    result = runner.invoke(app, ["export", *common, "-o", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files["xlsx"] = path
    return json.loads(files["json.zh"].read_text(encoding="utf-8")), files


def test_every_format_shows_every_figure_of_every_organisation_as_the_json_does(rendered):
    report, files = rendered
    assert len(report["organisations"]) == ORGANISATIONS
    for name, path in files.items():
        count, wrong = crosscheck.mismatches(path, report)
        assert [str(w) for w in wrong] == [], name
        # every figure of every organisation is found: an unread table would pass vacuously
        assert count >= ORGANISATIONS * FIGURES, (name, count)


def test_a_figure_changed_in_a_document_is_found_and_named(rendered, tmp_path):
    report, files = rendered
    document = docx.Document(str(files["docx.zh"]))
    table = document.tables[0]
    headers = [cell.text for cell in table.rows[0].cells]
    row = table.rows[1]
    row.cells[headers.index("整改完成率")].text = "93.33%"
    tampered = tmp_path / "tampered.docx"
    document.save(str(tampered))
    _count, wrong = crosscheck.mismatches(tampered, report)
    assert [str(w) for w in wrong] == [
        f"tampered.docx: {row.cells[0].text}: 整改完成率 is 93.33%, the report says 83.33%"]


def test_the_script_checks_a_users_file_against_the_json_report(rendered, tmp_path):
    _report, files = rendered
    script = ROOT / "scripts" / "check_figures.py"
    ok = subprocess.run([sys.executable, str(script), str(files["docx.zh"]), str(files["xlsx"]),
                         "--against", str(files["json.zh"])], capture_output=True, text=True, env={"RECTIFY_LANG": "en"})
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count(f"{ORGANISATIONS * FIGURES} figures checked, 0 differ") == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("a,b\n1,2\n", encoding="utf-8")
    none = subprocess.run([sys.executable, str(script), str(empty), "--against", str(files["json.zh"])],
                          capture_output=True, text=True, env={"RECTIFY_LANG": "en"})
    assert none.returncode == 1 and "0 figures checked" in none.stdout
    missing = subprocess.run([sys.executable, str(script), str(tmp_path / "nope.docx"), "--against",
                              str(files["json.zh"])], capture_output=True, text=True, env={"RECTIFY_LANG": "en"})
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
