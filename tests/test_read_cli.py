"""`rectify list` and `rectify show`: what a clerk sees, at a date, in both languages."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA, copy_bundled_ledgers


@pytest.fixture
def folder(tmp_path, monkeypatch):
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "ledgers"


def test_list_overdue_at_a_date_uses_the_extended_deadline(invoke, folder):
    # P7-002's deadline 2019-06-10 was extended to 2019-07-10 on 2019-06-05
    before = json.loads(invoke("list", "--overdue", "--as-of", "2019-07-10", "--format", "json").stdout)
    assert before["problems"] == []
    after = json.loads(invoke("list", "--overdue", "--as-of", "2019-07-12", "--format", "json").stdout)
    assert [(p["id"], p["days_overdue"], p["deadline"]) for p in after["problems"]] == [("P7-002", 2, "2019-07-10")]


def test_list_open_excludes_closed_and_respects_the_closure_date(invoke, folder):
    early = json.loads(invoke("list", "--open", "--as-of", "2019-07-29", "--format", "json").stdout)
    assert [p["id"] for p in early["problems"]] == ["P7-001", "P7-002", "P7-003"]
    late = json.loads(invoke("list", "--open", "--as-of", "2019-07-30", "--format", "json").stdout)
    assert [p["id"] for p in late["problems"]] == ["P7-002", "P7-003"]


def test_list_table_in_chinese_marks_overdue(invoke, folder):
    result = invoke("list", "--overdue", "--as-of", "2019-07-12", "--lang", "zh")
    assert result.exit_code == 0
    assert "问题清单（截至 2019-07-12）：1 个" in result.stdout
    assert "正在整改（超期）" in result.stdout and "钱七" in result.stdout


def test_list_csv_has_a_bom_for_excel(invoke, folder):
    result = invoke("list", "--format", "csv")
    assert result.stdout.startswith("\ufeffOrganisation,Problem,")


def test_show_problem_prints_measures_and_history(invoke, folder):
    result = invoke("show", "tj-police", "P7-001", "--lang", "zh")
    assert result.exit_code == 0
    assert result.stdout.startswith("P7-001  落实全面从严治党主体责任不到位")
    assert "M1  制定主体责任清单并逐级签订  (王五, 时限 2019-07-01, 完成 2019-06-20)" in result.stdout
    assert "2019-07-30T16:02:00+08:00  王五  销号 (2019-07-30)" in result.stdout
    english = invoke("show", "tj-police", "P7-001", "--lang", "en").stdout
    assert "2019-07-30T16:02:00+08:00  王五  closed (2019-07-30)" in english


def test_show_unknown_problem_is_a_usage_error_naming_the_problems(invoke, folder):
    result = invoke("show", "tj-police", "P7-999")
    assert result.exit_code == 2 and result.stdout == ""
    assert "has no problem 'P7-999'" in result.stderr and "problems: P7-001, P7-002" in result.stderr


def test_show_unknown_organisation_is_exit_2(invoke, folder):
    result = invoke("show", "nobody")
    assert result.exit_code == 2 and "no ledger nobody.yaml" in result.stderr


def test_list_bad_date_is_a_usage_error(invoke, folder):
    assert invoke("list", "--as-of", "2019-02-30").exit_code == 2


def test_list_csv_gives_measures_done_and_total_their_own_columns(invoke, folder):
    # "1/2" in a cell is a date to Excel
    lines = invoke("list", "--format", "csv", "--as-of", "2019-07-12").stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "Organisation,Problem,Category,Status,Deadline,Days overdue,Measures done,Measures,Person,Summary"
    assert all("/" not in line.split(",")[6] + line.split(",")[7] for line in lines[1:])
    zh = invoke("list", "--format", "csv", "--lang", "zh").stdout
    assert zh.startswith("\ufeff单位,问题编号,类别,状态,完成时限,超期天数,已完成措施,整改措施,责任人,问题")


@pytest.mark.parametrize(("args", "message", "hint"), [
    (["--org", "nope"], "--org: no organisation 'nope'", "organisations: tj-"),
    (["--round", "99"], "--round: no ledger records round 99", "rounds recorded: 7"),
    (["--unsettled", "--round", "99"], "--round: no ledger records round 99", "rounds recorded: 7"),
    (["--due-soon", "--org", "nope"], "--org: no organisation 'nope'", "organisations: tj-"),
])
def test_list_of_an_organisation_or_round_not_there_is_a_usage_error(invoke, folder, args, message, hint):
    result = invoke("list", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and hint in result.stderr


def test_list_takes_an_organisation_by_name_too(invoke, folder):
    by_id = json.loads(invoke("list", "--org", "tj-police", "--format", "json").stdout)
    by_name = json.loads(invoke("list", "--org", "天津市公安局党委", "--format", "json").stdout)
    assert by_id == by_name and by_id["problems"]


# --- Chinese throughout, on the example ledgers -------------------------------------------------------


@pytest.fixture
def examples(tmp_path, monkeypatch):

    copy_bundled_ledgers(tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "ledgers"


def test_list_in_chinese_names_the_categories_as_the_policy_does(invoke, examples):
    text = invoke("list", "--org", "jc-hospital", "--lang", "zh").stdout
    assert "选人用人问题" in text and "personnel" not in text
    rows = json.loads(invoke("list", "--org", "jc-hospital", "--format", "json").stdout)["problems"]
    assert "personnel" in {row["category"] for row in rows}                # JSON keeps the ids


def test_show_in_chinese_translates_category_statuses_and_history(invoke, examples):
    text = invoke("show", "jc-hospital", "P7-005", "--lang", "zh").stdout
    assert "类别: 选人用人问题" in text
    history = text.split("变更记录：")[1]
    for chinese in ("录入问题 (2026-05-15)", "措施完成 (2026-06-12)  M1", "重新整改 (2026-09-12)",
                    "新增措施 (2026-09-14)  M3", "销号 (2026-10-28)"):
        assert chinese in history
    for english in ("added", "measure-done", "measure-added", "closed", "reopened", "personnel"):
        assert english not in text
