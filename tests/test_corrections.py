"""`rectify correct` (更正) on temp copies: a mistyped value put right, its history, and the refusals.

A correction is for a typing mistake; moving a deadline (extend) and undoing a closure (reopen) are
events the report counts, and a correction refuses them with the command to use instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, with_file_evidence

ORG = "tj-police"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with the test ledger and two evidence files, the working folder set to it."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "P7-001-责任清单.md").write_text("主体责任清单\n", encoding="utf-8")
    with_file_evidence(tmp_path / "ledgers" / "tj-police.yaml")  # P7-001 closed on the file, not on paper
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    monkeypatch.setenv("RECTIFY_NOW", "2019-10-08T10:00:00+08:00")
    return tmp_path


def ledger_file(repo: Path) -> Path:
    return repo / "ledgers" / f"{ORG}.yaml"


def problem_data(repo: Path, problem_id: str) -> dict:
    data = yaml.safe_load(ledger_file(repo).read_text(encoding="utf-8"))
    return next(p for p in data["problems"] if p["id"] == problem_id)


def last_entry(repo: Path, problem_id: str) -> dict:
    return problem_data(repo, problem_id)["history"][-1]


def correct(invoke, *args: str):
    return invoke("correct", ORG, *args, "--by", "王五")


def rectified_on(invoke, day: str) -> int:
    result = invoke("report", "--round", "7", "--as-of", day, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["organisations"][0]["rectified"]


# --- each kind of mistake, put right ------------------------------------------------------------


def test_a_mistyped_found_on_is_corrected_and_the_rate_counts_from_the_new_date(invoke, repo):
    added = invoke("add-problem", ORG, "--round", "7", "--category", "personnel", "--summary", "选人用人把关不严",
                   "--leader", "李四", "--unit", "组织处", "--person", "吴十", "--found-on", "2019-06-21")
    assert added.exit_code == 0, added.output
    result = correct(invoke, "P7-004", "--field", "found_on", "--to", "2019-06-12", "--reason", "交办日期录入错误")
    assert result.exit_code == 0, result.output
    assert problem_data(repo, "P7-004")["found_on"] == dt.date(2019, 6, 12)
    entry = last_entry(repo, "P7-004")
    assert (entry["did"], entry["field"], entry["old"], entry["new"], entry["reason"], entry["by"]) == (
        "corrected", "found_on", "2019-06-21", "2019-06-12", "交办日期录入错误", "王五")
    assert invoke("validate").exit_code == 0
    explained = invoke("report", "--round", "7", "--explain", ORG, "--as-of", "2019-06-15")
    assert "counts from 2019-06-12, on or before 2019-06-15" in explained.stdout
    assert "found_on corrected 2019-06-21 → 2019-06-12 on 2019-10-08 (交办日期录入错误)" in explained.stdout


def test_a_mistyped_done_on_is_corrected_and_validates(invoke, repo):
    result = correct(invoke, "P7-001", "M1", "--field", "done_on", "--to", "2019-06-19", "--reason", "完成日期笔误")
    assert result.exit_code == 0, result.output
    assert problem_data(repo, "P7-001")["measures"][0]["done_on"] == dt.date(2019, 6, 19)
    entry = last_entry(repo, "P7-001")
    assert (entry["field"], entry["measure"], entry["old"], entry["new"]) == ("done_on", "M1", "2019-06-20", "2019-06-19")
    assert invoke("validate").exit_code == 0


def test_a_mistyped_closure_date_is_corrected_and_the_figures_use_it(invoke, repo):
    assert rectified_on(invoke, "2019-07-29") == 0
    result = correct(invoke, "P7-001", "--field", "closed.date", "--to", "2019-07-29", "--reason", "销号日期误录")
    assert result.exit_code == 0, result.output
    assert "closed.date corrected from 2019-07-30 to 2019-07-29" in result.stderr
    assert problem_data(repo, "P7-001")["closed"]["date"] == dt.date(2019, 7, 29)
    assert invoke("validate").exit_code == 0
    assert rectified_on(invoke, "2019-07-29") == 1
    explained = invoke("report", "--round", "7", "--explain", ORG)
    assert "closed on 2019-07-29" in explained.stdout
    assert "closed.date corrected 2019-07-30 → 2019-07-29 on 2019-10-08 (销号日期误录)" in explained.stdout


def test_the_closure_date_is_also_reached_by_its_short_name(invoke, repo):
    result = correct(invoke, "P7-001", "--field", "date", "--to", "2019年7月29日", "--reason", "笔误")
    assert result.exit_code == 0, result.output
    assert last_entry(repo, "P7-001")["field"] == "closed.date"


def test_a_mistyped_evidence_path_is_corrected_with_the_new_files_sha256(invoke, repo):
    result = correct(invoke, "P7-001", "--field", "closed.evidence", "--to", "evidence\\P7-001-责任清单.md",
                     "--reason", "佐证材料路径写错")
    assert result.exit_code == 0, result.output
    evidence = problem_data(repo, "P7-001")["closed"]["evidence"]
    assert [e["path"] for e in evidence] == ["evidence/P7-001-责任清单.md"]
    assert len(evidence[0]["sha256"]) == 64
    entry = last_entry(repo, "P7-001")
    assert (entry["field"], entry["old"], entry["new"]) == (
        "closed.evidence", "tests/data/evidence/p7-001.md", "evidence/P7-001-责任清单.md")
    assert invoke("validate", "--evidence").exit_code == 0


def test_one_of_several_evidence_files_is_picked_with_from(invoke, repo):
    hand_edit(repo, "evidence: [{path: tests/data/evidence/p7-001.md,",
              "evidence: [{path: evidence/P7-001-会议纪要.md, note: 会议纪要}, {path: tests/data/evidence/p7-001.md,")
    before = ledger_file(repo).read_bytes()
    refused = correct(invoke, "P7-001", "--field", "evidence", "--to", "evidence/P7-001-责任清单.md", "--reason", "错")
    assert refused.exit_code == 1
    assert "records 2 evidence files: say which one is wrong with --from PATH" in refused.stderr
    assert ledger_file(repo).read_bytes() == before
    result = correct(invoke, "P7-001", "--field", "evidence", "--to", "evidence/P7-001-责任清单.md",
                     "--from", "evidence\\P7-001-会议纪要.md", "--reason", "文件名写错")
    assert result.exit_code == 0, result.output
    evidence = problem_data(repo, "P7-001")["closed"]["evidence"]
    assert [(e["path"], e.get("note")) for e in evidence] == [
        ("evidence/P7-001-责任清单.md", "会议纪要"), ("tests/data/evidence/p7-001.md", None)]


def test_a_measures_evidence_path_is_corrected(invoke, repo):
    hand_edit(repo, "{id: M1, text: 清退违规发放款项, owner: 钱七, due: 2019-07-10}",
              "{id: M1, text: 清退违规发放款项, owner: 钱七, due: 2019-07-10, evidence: [{path: evidence/退款凭证.docx}]}")
    result = correct(invoke, "P7-002", "M1", "--field", "evidence", "--to", "evidence/P7-001-责任清单.md",
                     "--reason", "扩展名写错")
    assert result.exit_code == 0, result.output
    assert [e["path"] for e in problem_data(repo, "P7-002")["measures"][0]["evidence"]] == ["evidence/P7-001-责任清单.md"]
    entry = last_entry(repo, "P7-002")
    assert (entry["field"], entry["measure"], entry["old"]) == ("evidence", "M1", "evidence/退款凭证.docx")


def test_the_correction_changes_only_the_value_and_appends_one_history_line(invoke, repo):
    before = ledger_file(repo).read_text(encoding="utf-8")
    assert correct(invoke, "P7-001", "--field", "closed.date", "--to", "2019-07-29", "--reason", "销号日期误录").exit_code == 0
    after = ledger_file(repo).read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "before", "after", n=1))
    golden = Path(__file__).parent / "golden" / "edit" / "correct.diff"
    if os.environ.get("RECTIFY_UPDATE_GOLDEN"):
        golden.write_text(diff, encoding="utf-8")
    assert diff == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "where", "value"), [
    (["P7-002", "--field", "summary", "--to", "违规发放津贴补贴"], ("summary",), "违规发放津贴补贴"),
    (["P7-002", "--field", "responsible.person", "--to", "钱柒"], ("responsible", "person"), "钱柒"),
    (["P7-002", "--field", "person", "--to", "钱柒"], ("responsible", "person"), "钱柒"),
    (["P7-002", "M1", "--field", "text", "--to", "清退违规发放的津补贴款项"], ("measures", 0, "text"), "清退违规发放的津补贴款项"),
    (["P7-002", "M1", "--field", "owner", "--to", "钱柒"], ("measures", 0, "owner"), "钱柒"),
])
def test_a_mistyped_text_or_person_is_corrected(invoke, repo, args, where, value):
    result = correct(invoke, *args, "--reason", "错别字")
    assert result.exit_code == 0, result.output
    data = problem_data(repo, "P7-002")
    for step in where:
        data = data[step]
    assert data == value
    assert last_entry(repo, "P7-002")["new"] == value
    assert invoke("validate").exit_code == 0


def test_show_lists_the_correction_with_old_and_new_value_reason_and_date(invoke, repo):
    correct(invoke, "P7-001", "M1", "--field", "done_on", "--to", "2019-06-19", "--reason", "完成日期笔误")
    shown = invoke("show", ORG, "P7-001")
    assert shown.exit_code == 0, shown.output
    assert "M1 done_on: 2019-06-20 → 2019-06-19, corrected on 2019-10-08 by 王五: 完成日期笔误" in shown.stdout
    assert "corrected (2019-10-08)  M1 done_on 2019-06-20 → 2019-06-19 完成日期笔误" in shown.stdout
    chinese = invoke("show", ORG, "P7-001", "--lang", "zh")
    assert "更正：" in chinese.stdout
    assert "M1 完成日期：2019-06-20 → 2019-06-19，2019-10-08由王五更正：完成日期笔误" in chinese.stdout


def test_explain_as_json_lists_the_corrections_of_the_counted_dates(invoke, repo):
    correct(invoke, "P7-001", "--field", "closed.date", "--to", "2019-07-29", "--reason", "销号日期误录")
    correct(invoke, "P7-001", "--field", "summary", "--to", "落实全面从严治党主体责任不到位", "--reason", "删繁")
    result = invoke("report", "--round", "7", "--explain", ORG, "--format", "json")
    problems = {p["id"]: p for p in json.loads(result.stdout)["explain"]["problems"]}
    assert problems["P7-001"]["corrections"] == [
        {"field": "closed.date", "measure": None, "old": "2019-07-30", "new": "2019-07-29", "date": "2019-10-08",
         "by": "王五", "reason": "销号日期误录"}]
    assert problems["P7-002"]["corrections"] == []
    chinese = invoke("report", "--round", "7", "--explain", ORG, "--lang", "zh")
    assert "销号日期已于2019-10-08更正：2019-07-30 → 2019-07-29（销号日期误录）" in chinese.stdout


def test_from_checks_the_recorded_value_in_any_date_form(invoke, repo):
    result = correct(invoke, "P7-001", "--field", "closed.date", "--from", "２０１９－０７－３０", "--to", "2019-07-29",
                     "--reason", "笔误")
    assert result.exit_code == 0, result.output


def test_corrections_follow_one_another_in_the_chain(invoke, repo):
    assert correct(invoke, "P7-001", "--field", "closed.date", "--to", "2019-07-29", "--reason", "一").exit_code == 0
    assert correct(invoke, "P7-001", "--field", "closed.date", "--to", "2019-07-28", "--reason", "二").exit_code == 0
    assert last_entry(repo, "P7-001")["old"] == "2019-07-29"
    assert invoke("validate").exit_code == 0


def test_dry_run_prints_the_correction_and_writes_nothing(invoke, repo):
    before = ledger_file(repo).read_bytes()
    result = correct(invoke, "P7-001", "--field", "closed.date", "--to", "2019-07-29", "--reason", "笔误", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+      date: 2019-07-29" in result.stdout and "did: corrected" in result.stdout
    assert ledger_file(repo).read_bytes() == before


# --- a hand edit is still refused ------------------------------------------------------------------


def hand_edit(repo: Path, old: str, new: str) -> None:
    path = ledger_file(repo)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_closure_date_changed_by_hand_is_still_a_history_mismatch(invoke, repo):
    hand_edit(repo, "date: 2019-07-30\n", "date: 2019-07-29\n")
    result = invoke("validate")
    assert result.exit_code == 1
    assert "E-HISTORY-MISMATCH" in result.output
    assert "rectify correct ORG P7-001 --field closed.date" in result.output


def test_a_hand_edit_after_a_correction_is_a_history_mismatch(invoke, repo):
    correct(invoke, "P7-001", "M1", "--field", "done_on", "--to", "2019-06-19", "--reason", "笔误")
    hand_edit(repo, "done_on: 2019-06-19}", "done_on: 2019-06-18}")
    result = invoke("validate")
    assert result.exit_code == 1
    assert "E-HISTORY-MISMATCH" in result.output and "its history recorded 2019-06-19" in result.output


def test_a_found_on_changed_by_hand_is_a_history_mismatch(invoke, repo):
    invoke("add-problem", ORG, "--round", "7", "--category", "personnel", "--summary", "选人用人把关不严",
           "--leader", "李四", "--unit", "组织处", "--person", "吴十", "--found-on", "2019-06-21")
    hand_edit(repo, "found_on: 2019-06-21", "found_on: 2019-06-12")
    result = invoke("validate")
    assert result.exit_code == 1
    assert "E-HISTORY-MISMATCH" in result.output and "found on 2019-06-12" in result.output


# --- refusals: exit 1, the file byte-identical ------------------------------------------------------


@pytest.mark.parametrize(("args", "says"), [
    (["P7-002", "--field", "deadline", "--to", "2019-09-30"], "rectify extend tj-police P7-002"),
    (["P7-002", "M1", "--field", "due", "--to", "2019-09-30"], "never moves a deadline"),
    (["P7-002", "--field", "extensions", "--to", "2019-09-30"], "rectify extend"),
    (["P7-001", "--field", "status", "--to", "open"], "rectify reopen tj-police P7-001"),
    (["P7-001", "--field", "closed", "--to", "none"], "never undoes a closure"),
    (["P7-003", "--field", "long_term.review_by", "--to", "2020-03-31"], "rectify long-term"),
    (["P7-001", "--field", "closed.date", "--to", "2019-07-30"], "already 2019-07-30"),
    (["P7-001", "--field", "closed.date", "--to", "2019-10-09"], "in the future"),
    (["P7-001", "--field", "closed.date", "--to", "2019-06-19"], "after the closure on 2019-06-19"),
    (["P7-002", "--field", "closed.date", "--to", "2019-07-01"], "P7-002 is not closed"),
    (["P7-002", "M1", "--field", "done_on", "--to", "2019-07-01"], "not done"),
    (["P7-002", "M9", "--field", "text", "--to", "x"], "no measure 'M9'"),
    (["P7-009", "--field", "summary", "--to", "x"], "no problem 'P7-009'"),
    (["P7-002", "--field", "summary", "--to", "新", "--from", "旧"], "not '旧'"),
    (["P7-001", "--field", "closed.evidence", "--to", "tests/data/evidence/p7-001.md"], "already"),
    (["P7-001", "--field", "closed.evidence", "--to", "evidence/P7-001.md"], "does not exist"),
])
def test_a_refused_correction_exits_1_and_leaves_the_file_byte_identical(invoke, repo, args, says):
    before = ledger_file(repo).read_bytes()
    result = correct(invoke, *args, "--reason", "笔误")
    assert result.exit_code == 1, result.output
    assert says in result.stderr
    assert ledger_file(repo).read_bytes() == before


@pytest.mark.parametrize(("args", "says"), [
    (["P7-001", "--field", "closed.date", "--to", "2019-07-29"], "missing option --reason"),
    (["P7-001", "--field", "closed.date", "--reason", "x"], "missing option --to"),
    (["P7-001", "--to", "2019-07-29", "--reason", "x"], "missing option --field"),
    (["P7-001", "--field", "closed.date", "--to", "2019-07-29", "--reason", " "], "--reason must not be empty"),
    (["P7-001", "--field", "closed.date", "--to", "七月", "--reason", "x"], "--to: '七月' is not a date"),
    (["P7-001", "--field", "colour", "--to", "x", "--reason", "x"], "fields of a problem: found_on"),
    (["P7-001", "--field", "owner", "--to", "x", "--reason", "x"], "is a field of a measure"),
    (["P7-001", "M1", "--field", "summary", "--to", "x", "--reason", "x"], "is a field of the problem"),
])
def test_bad_usage_exits_2_and_writes_nothing(invoke, repo, args, says):
    before = ledger_file(repo).read_bytes()
    result = correct(invoke, *args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert ledger_file(repo).read_bytes() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["found_on", "closed.date", "summary", "responsible.person", "closed.evidence",
                              "deadline", "status", "id"]),
       value=st.text(min_size=0, max_size=12))
def test_any_value_ends_in_a_message_never_a_traceback(invoke, repo, field, value):
    before = ledger_file(repo).read_bytes()
    result = correct(invoke, "P7-001", "--field", field, "--to", value, "--reason", "笔误")
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code:
        assert "rectify: error:" in result.stderr
        assert ledger_file(repo).read_bytes() == before
    else:
        assert invoke("validate").exit_code == 0
        ledger_file(repo).write_bytes(before)


# --- the core call, without the CLI ---------------------------------------------------------------


def test_the_core_call_records_the_correction(repo):
    from rectify_cli.edit import corrections
    from rectify_cli.edit import transaction as write
    from rectify_cli.edit.operations import Actor
    from rectify_cli.errors import RefusedChange
    from rectify_cli.model import Policy

    today = dt.date(2019, 10, 8)
    actor = Actor(by="王五", at=dt.datetime(2019, 10, 8, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                  date=today, today=today)
    request = corrections.Correction(problem="P7-002", field=corrections.field_named("summary", False),
                                     value="违规发放津贴补贴", reason="错别字")
    outcome = write.edit(repo / "ledgers", ORG, lambda ledger, document: corrections.correct(
        ledger, document, request, actor), Policy(), today)
    assert outcome.written
    assert outcome.message.startswith("P7-002: summary corrected from 违规发放津补贴 to 违规发放津贴补贴")
    with pytest.raises(RefusedChange, match="rectify extend"):
        corrections.field_named("deadline", False)
