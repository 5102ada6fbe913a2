"""`rectify progress-report`: the periodic progress report (月报, 季报) written from the ledger's progress
entries, milestones and closures, through the CLI on real files: its figures are the round report's,
a problem being rectified that reported nothing is named, the documents are written where asked."""

from __future__ import annotations

import json

import docx
import pytest


def progress_json(invoke, repo, *extra: str) -> dict:
    result = invoke("progress-report", "--round", "7", "--format", "json", "--ledgers", repo / "ledgers", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_org(data: dict) -> dict:
    return {r["organisation"]: r for r in data["reports"]}


def test_the_months_entries_milestones_and_silences_of_the_examples(invoke, example_repo):
    data = progress_json(invoke, example_repo, "--period", "2026-11")
    assert data["format"] == "rectify-progress-report" and data["period"] == "2026-11"
    edu = by_org(data)["jc-edu"]
    assert (edu["start"], edu["end"], edu["as_of"]) == ("2026-11-01", "2026-11-30", "2026-11-24")  # today: 11-24
    assert edu["entries"] == 4 and edu["silent"] == []
    assert (edu["milestones_due"], edu["milestones_met"]) == (3, 1)
    p8 = next(p for p in edu["problems"] if p["id"] == "P7-008")
    assert [(e["measure"], e["date"], e["percent"]) for e in p8["progress"]] == [
        ("M2", "2026-11-13", 40), ("M2", "2026-11-20", 60)]
    assert p8["progress"][1]["support"] == "请市委组织部协调借调单位"
    assert [(m["id"], m["done"]) for m in p8["milestones"]] == [("N1", True), ("N2", False)]
    # problems being rectified with no entry in the month are named, not left out
    assert by_org(data)["jc-cityinvest"]["silent"] == ["P7-011", "P7-012"]
    assert by_org(data)["jc-hospital"]["problems"] == []   # all closed before November: nothing to say


def test_its_figures_are_the_round_reports_on_the_same_day(invoke, example_repo):
    """口径一致: the monthly report and `rectify report` print the same figures."""
    data = progress_json(invoke, example_repo, "--period", "2026-11")
    result = invoke("report", "--round", "7", "--as-of", "2026-11-24", "--format", "json",
                    "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    report = {org["id"]: org for org in json.loads(result.stdout)["organisations"]}
    for org_id, monthly in by_org(data).items():
        for key, value in monthly["figures"].items():
            assert report[org_id][key] == value, (org_id, key)


def test_a_past_period_is_judged_on_its_last_day_and_shows_its_submission(invoke, example_repo):
    dongmen = by_org(progress_json(invoke, example_repo, "--period", "2026-08", "--org", "jc-dongmen"))["jc-dongmen"]
    assert dongmen["as_of"] == "2026-08-31"
    assert dongmen["submitted"] == "2026-09-04"   # submitted after the month it covers
    closed = [p["id"] for p in dongmen["problems"] if p["closed_in_period"]]
    assert closed == ["P7-002"]
    quarter = by_org(progress_json(invoke, example_repo, "--period", "2026-Q3", "--org", "jc-dongmen"))["jc-dongmen"]
    assert (quarter["start"], quarter["end"], quarter["submitted"]) == ("2026-07-01", "2026-09-30", None)


def test_a_progress_entry_takes_a_problem_off_the_silent_list(invoke, example_repo):
    ledgers = example_repo / "ledgers"
    result = invoke("progress", "jc-cityinvest", "P7-011", "--done", "已完成台账清理", "--percent", "70",
                    "--date", "2026-11-20", "--by", "王强", "--ledgers", ledgers)
    assert result.exit_code == 0, result.stderr
    city = by_org(progress_json(invoke, example_repo, "--period", "2026-11"))["jc-cityinvest"]
    assert city["silent"] == ["P7-012"] and city["entries"] == 1
    entry = next(p for p in city["problems"] if p["id"] == "P7-011")["progress"][0]
    assert (entry["done"], entry["percent"], entry["by"], entry["measure"]) == ("已完成台账清理", 70, "王强", None)


def test_out_writes_a_markdown_and_a_word_report_per_organisation(invoke, example_repo, tmp_path):
    out = tmp_path / "月报"
    result = invoke("progress-report", "--round", "7", "--period", "2026-11", "--org", "jc-edu", "--out", out,
                    "--word", "--lang", "zh", "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2026-11-jc-edu-整改进展报告.docx", "2026-11-jc-edu-整改进展报告.md"]
    text = (out / "2026-11-jc-edu-整改进展报告.md").read_text(encoding="utf-8")
    assert text.startswith("# 中共江城市教育局党组关于第七轮巡察整改进展情况的报告（2026年11月）")
    assert "截至2026-11-24，第七轮巡察反馈问题9个，已完成整改6个、正在整改3个" in text
    assert "| P7-008 | M2 完成剩余借调人员清理并建立长效管理制度 | 2026-11-20 | 8名借调人员已返岗任教；管理办法初稿已形成 |" in text
    assert "rectify submit-report jc-edu --round 7 --period 2026-11" in text
    document = docx.Document(str(out / "2026-11-jc-edu-整改进展报告.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert "中共江城市教育局党组关于第七轮巡察整改进展情况的报告（2026年11月）" in paragraphs
    assert any(p.startswith("截至2026年11月24日，第七轮巡察反馈问题9个") for p in paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "2026年11月20日" in cells and "请市委组织部协调借调单位" in cells and "已于2026年11月13日完成" in cells
    assert "已将 1 份整改进展情况报告写入" in result.stderr


def test_the_summary_table_in_both_languages(invoke, example_repo):
    result = invoke("progress-report", "--round", "7", "--period", "2026-11", "--format", "markdown", "--lang", "zh",
                    "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    assert "第七轮巡察整改进展情况报告（2026年11月）" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "中共江城市教育局党组" in line)
    assert [cell.strip() for cell in row.strip("|").split("|")] == [
        "中共江城市教育局党组", "2026-11-24", "4", "0", "1/3", "未登记报送"]
    english = invoke("progress-report", "--round", "7", "--period", "2026-Q4", "--format", "markdown", "--lang", "en",
                     "--ledgers", example_repo / "ledgers")
    assert english.exit_code == 0 and "Progress reports for 2026-Q4, round 7" in english.stdout


@pytest.mark.parametrize("period", ["2026-13", "2026-11-01", "11月", "2026-Q5", "2027-01"])
def test_a_period_that_is_not_one_or_has_not_begun_is_a_usage_error(invoke, example_repo, period):
    result = invoke("progress-report", "--round", "7", "--period", period, "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 2
    assert f"--period {period!r}" in result.stderr and "2026-Q3" in result.stderr and not result.stdout
    assert "Traceback" not in result.stderr


def test_word_without_out_and_an_unknown_organisation_are_refused(invoke, example_repo):
    ledgers = example_repo / "ledgers"
    result = invoke("progress-report", "--round", "7", "--period", "2026-11", "--word", "--ledgers", ledgers)
    assert result.exit_code == 2 and "--out" in result.stderr
    result = invoke("progress-report", "--round", "7", "--period", "2026-11", "--org", "jc-nowhere", "--ledgers", ledgers)
    assert result.exit_code == 2 and "jc-nowhere" in result.stderr
    result = invoke("progress-report", "--round", "3", "--period", "2026-11", "--ledgers", ledgers)
    assert result.exit_code == 2 and "round 3" in result.stderr


def test_a_period_before_the_feedback_is_refused_with_the_month_to_give(invoke, example_repo, monkeypatch):
    # 2025-11 for 2026-11 is the likely slip: a report of zeros would be filed as if nothing had been done
    result = invoke("progress-report", "--round", "7", "--period", "2025-11", "--ledgers", example_repo / "ledgers",
                    "--out", example_repo / "drafts")
    assert result.exit_code == 2 and result.stdout == ""
    assert "2025-11" in result.stderr and "2026-05" in result.stderr and "Traceback" not in result.stderr
    assert not (example_repo / "drafts").exists()
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    result = invoke("progress-report", "--round", "7", "--period", "2025-11", "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 2 and "晚于该报送期截止日" in result.stderr and "--period 2026-05" in result.stderr


def test_an_organisation_fed_back_after_the_period_is_left_out_with_a_note(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-hospital.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("feedback_on: 2026-05-15", "feedback_on: 2026-06-05", 1),
                    encoding="utf-8")
    result = invoke("progress-report", "--round", "7", "--period", "2026-05", "--format", "json",
                    "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    ids = {item["organisation"] for item in json.loads(result.stdout)["reports"]}
    assert "jc-hospital" not in ids and len(ids) == 8
    assert "fed back after 2026-05 ended" in result.stderr and "医院" in result.stderr
