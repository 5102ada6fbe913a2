"""`rectify list` and `rectify show`: what a clerk sees, at a date, in both languages."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA


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
    assert "2019-07-30T16:02:00+08:00  王五  closed (2019-07-30)" in result.stdout


def test_show_unknown_problem_is_refused(invoke, folder):
    result = invoke("show", "tj-police", "P7-999")
    assert result.exit_code == 1 and "has no problem 'P7-999'" in result.stderr


def test_show_unknown_organisation_is_exit_2(invoke, folder):
    result = invoke("show", "nobody")
    assert result.exit_code == 2 and "no ledger nobody.yaml" in result.stderr


def test_list_bad_date_is_a_usage_error(invoke, folder):
    assert invoke("list", "--as-of", "2019-02-30").exit_code == 2
