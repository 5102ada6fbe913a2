"""Excel in and out: real-looking rectification sheets (整改台账) made with openpyxl, imported through the CLI.

The sheets look like the ones units keep: a title and a 填报单位 line above the header, headers
with line breaks and full-width brackets, a section heading merged across the table, a problem's
cells merged over the rows of its several measures, Excel dates beside text dates (2026年7月15日,
2026.8.15, 6月底), status words (已完成, 正在推进, 基本完成, 需长期坚持) and a 已完成 row with no
evidence, which must not become a closure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from conftest import ROOT, copy_bundled_ledgers

ORG = "jc-test"
HEADER = ["序号", "问题类别", "问题表现", "整改措施", "责任领导", "责任\n部门", "责任人", "完成时限",
          "整改进展", "完成时间", "佐证材料", "备注"]


def workbook(path: Path, rows: list[list], merges: tuple[str, ...] = (), title: str = "整改台账",
             above: tuple[str, ...] = ("中共江城市某局党委关于市委第三巡察组反馈意见整改落实台账",
                                       "填报单位：办公室        填报日期：2026年9月1日"),
             header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for index, line in enumerate(above, start=1):
        sheet.append([line])
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=len(header))
    sheet.append(header)
    first = len(above) + 2
    for row in rows:
        sheet.append(row)
    for merge in merges:  # written relative to the first data row: "A{0}:A{1}" -> A5:A6
        sheet.merge_cells(merge.format(*range(first, first + len(rows))))
    book.save(path)
    return path


def standard_rows(deadline_of_third="6月底"):
    return [
        ["一、党的建设方面"],
        [1, "党的建设", "“三会一课”制度落实不严格，部分支部组织生活流于形式", "1.制定支部组织生活检查办法", "李四",
         "机关党委", "王五", dt.datetime(2026, 6, 30), "已完成", dt.datetime(2026, 7, 20), "evidence/p1-会议纪要.pdf"],
        [None, None, None, "2.开展组织生活专项检查", None, None, "赵  六", "2026年7月15日"],
        [2, None, "发展党员程序不规范", "逐一复核近三年发展党员档案", "李四", "机关党委", "王五", "2026.8.15", "已完成"],
        [3, "全面从严治党", "落实全面从严治党主体责任不到位", "签订主体责任清单", "张三", "办公室", "钱七",
         deadline_of_third, "正在推进"],
        [4, "选人用人", "干部档案管理不规范", "开展干部档案专项审核", "李四", "组织人事科", "孙八", "2026/9/30", "基本完成"],
        [None, None, None, "建立档案管理台账", None, None, "孙八", "2026-10-31"],
        [5, "党的领导", "意识形态工作责任制落实不够有力", "建立意识形态工作季度研判制度", "张三", "宣传科", "周九",
         "长期坚持", "需长期坚持"],
        [],
        ["填表人：张三"],
    ]


# the section heading, then problem 1's cells merged over its two measure rows
STANDARD_MERGES = ("A{0}:L{0}",) + tuple(f"{column}{{1}}:{column}{{2}}" for column in "ABCEFIJK")


@pytest.fixture
def repo(tmp_path, monkeypatch, invoke):
    """A ledger repository with the example policy and one organisation that received round 7."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copy(ROOT / "ledgers" / "policy.yaml", tmp_path / "ledgers" / "policy.yaml")
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "p1-会议纪要.pdf").write_text("党支部组织生活检查会议纪要\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECTIFY_NOW", "2026-11-24T10:00:00+08:00")
    assert invoke("init", ORG, "--name", "江城市某局党委").exit_code == 0
    assert invoke("add-round", ORG, "--round", "7", "--feedback-on", "2026-05-15", "--rectify-by", "2026-08-15",
                  "--by", "王五").exit_code == 0
    return tmp_path


def ledger(repo: Path) -> dict:
    return yaml.safe_load((repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8"))


def problems(repo: Path) -> dict[str, dict]:
    return {p["id"]: p for p in ledger(repo)["problems"]}


def test_a_kept_sheet_becomes_problems_with_their_measures_and_a_valid_ledger(invoke, repo):
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7", "--by", "王五")
    assert result.exit_code == 0, result.output
    assert "imported 5 problem(s) into jc-test (P7-001..P7-005)" in result.output
    found = problems(repo)
    assert list(found) == ["P7-001", "P7-002", "P7-003", "P7-004", "P7-005"]
    first = found["P7-001"]
    assert first["category"] == "party-building"
    assert first["summary"] == "“三会一课”制度落实不严格，部分支部组织生活流于形式"
    assert first["responsible"] == {"leader": "李四", "unit": "机关党委", "person": "王五、赵六"}
    assert [(m["text"], m["owner"], m["due"]) for m in first["measures"]] == [
        ("制定支部组织生活检查办法", "王五", dt.date(2026, 6, 30)),   # an Excel date
        ("开展组织生活专项检查", "赵六", dt.date(2026, 7, 15)),       # 2026年7月15日; 赵  六 padded for alignment
    ]
    assert first["deadline"] == dt.date(2026, 7, 15)                 # the last measure's
    assert found["P7-002"]["category"] == "party-building"           # from the section heading 一、党的建设方面
    assert found["P7-002"]["deadline"] == dt.date(2026, 8, 15)        # 2026.8.15
    assert found["P7-003"]["deadline"] == dt.date(2026, 6, 30)        # 6月底, in the feedback year
    assert (found["P7-003"]["status"], found["P7-003"]["label"]) == ("open", "正在推进")
    assert (found["P7-004"]["status"], found["P7-004"]["label"]) == ("basically-done", "基本完成")
    assert len(found["P7-004"]["measures"]) == 2                      # 序号 empty on the continuation row
    assert found["P7-004"]["deadline"] == dt.date(2026, 10, 31)
    long_term = found["P7-005"]
    assert (long_term["status"], long_term["label"]) == ("long-term", "需长期坚持")
    assert long_term["long_term"] == {"since": dt.date(2026, 11, 24), "review_by": dt.date(2027, 2, 24),
                                      "reason": "需长期坚持"}
    assert long_term["deadline"] == dt.date(2026, 8, 15)              # 完成时限 长期坚持: the end of the period
    for problem in found.values():
        (entry,) = problem["history"]
        assert entry["did"] == "imported" and entry["by"] == "王五" and entry["date"] == dt.date(2026, 5, 15)
        assert entry["reason"].startswith("imported from 台账.xlsx:整改台账 row ")
    assert invoke("validate").exit_code == 0
    assert invoke("validate", "--evidence").exit_code == 0


def test_a_finished_row_with_date_evidence_and_done_measures_is_closed_with_pinned_evidence(invoke, repo):
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    assert invoke("import", "台账.xlsx", ORG, "--round", "7", "--by", "王五").exit_code == 0
    closed = problems(repo)["P7-001"]
    assert closed["status"] == "closed" and closed["label"] == "已完成"
    assert closed["closed"]["date"] == dt.date(2026, 7, 20)
    assert closed["closed"]["evidence"][0]["path"] == "evidence/p1-会议纪要.pdf"
    assert len(closed["closed"]["evidence"][0]["sha256"]) == 64
    assert [m["done_on"] for m in closed["measures"]] == [dt.date(2026, 7, 20)] * 2


def test_a_finished_row_without_evidence_is_claimed_and_awaits_closure(invoke, repo):
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7", "--by", "王五")
    assert result.exit_code == 0
    assert "await 对账销号 (imported as claimed" in result.output and "P7-002" in result.output
    unproven = problems(repo)["P7-002"]
    assert unproven["status"] == "claimed"
    assert unproven["label"] == "已完成"
    assert "closed" not in unproven
    assert "佐证材料" in unproven["claimed"]["awaits"]
    assert "closure awaits 佐证材料 (evidence)" in unproven["history"][0]["reason"]
    report = invoke("report", "--round", "7", "--format", "json")
    import json

    figures = json.loads(report.stdout)["organisations"][0]
    assert (figures["problems"], figures["rectified"], figures["basically_done"], figures["claimed"]) == (5, 1, 1, 1)
    table = invoke("report", "--round", "7")
    assert "1 problem(s) claimed done await 对账销号 and are not in the rate" in table.stdout


def test_strict_evidence_wants_a_file_in_the_repository(invoke, repo):
    rows = standard_rows()
    rows[1][10] = "党委会会议纪要"   # a document named, not filed
    workbook(repo / "台账.xlsx", rows, STANDARD_MERGES)
    assert invoke("import", "台账.xlsx", ORG, "--round", "7", "--strict-evidence", "--dry-run").exit_code == 0
    result = invoke("import", "台账.xlsx", ORG, "--round", "7", "--strict-evidence")
    assert result.exit_code == 0
    assert problems(repo)["P7-001"]["status"] == "claimed"


def test_evidence_named_but_not_filed_is_recorded_as_paper_never_as_a_path(invoke, repo):
    rows = standard_rows()
    rows[1][10] = "党委会会议纪要、检查通报"
    workbook(repo / "台账.xlsx", rows, STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7")
    assert result.exit_code == 0
    assert "2 evidence item(s) of imported closures are named in the sheet but are not files" in result.output
    evidence = problems(repo)["P7-001"]["closed"]["evidence"]
    assert [e["paper"] for e in evidence] == ["党委会会议纪要", "检查通报"]
    assert all("path" not in e and "sha256" not in e and "not a file" in e["note"] for e in evidence)
    assert "recorded as paper documents (paper:" in result.output
    assert invoke("validate").exit_code == 0
    assert invoke("validate", "--evidence").exit_code == 0


def test_a_measure_still_in_progress_keeps_a_finished_problem_open(invoke, repo):
    rows = standard_rows()
    rows[2] += ["正在推进"]      # the second measure's own progress: the I cells are not merged here
    merges = ("A{0}:L{0}",) + tuple(f"{column}{{1}}:{column}{{2}}" for column in "ABCEFJK")
    workbook(repo / "台账.xlsx", rows, merges)
    assert invoke("import", "台账.xlsx", ORG, "--round", "7").exit_code == 0
    problem = problems(repo)["P7-001"]
    assert problem["status"] == "open" and problem["label"] == "正在推进"
    assert problem["measures"][0]["done_on"] == dt.date(2026, 7, 20)
    assert "done_on" not in problem["measures"][1]


def test_a_bad_date_is_refused_naming_sheet_row_and_column_and_nothing_is_written(invoke, repo):
    before = (repo / "ledgers" / f"{ORG}.yaml").read_bytes()
    workbook(repo / "台账.xlsx", standard_rows(deadline_of_third="下月"), STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7")
    assert result.exit_code == 1
    assert "台账.xlsx:整改台账!H8: 完成时限 '下月' is not a date" in result.output
    assert "nothing was written" in result.output
    assert (repo / "ledgers" / f"{ORG}.yaml").read_bytes() == before


def test_every_error_is_listed_before_refusing(invoke, repo):
    rows = standard_rows(deadline_of_third="尽快")
    rows[5][1] = "后勤保障"       # not a category of the policy
    rows[3][6] = None             # 责任人 empty
    workbook(repo / "台账.xlsx", rows, STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7")
    assert result.exit_code == 1
    assert "3 error(s)" in result.output
    assert "台账.xlsx:整改台账!G7: 责任人 is empty" in result.output
    assert "台账.xlsx:整改台账!H8: 完成时限 '尽快' is not a date" in result.output
    assert "台账.xlsx:整改台账!B9: 问题类别 '后勤保障' is not a category of the policy" in result.output


def test_an_unknown_category_takes_the_default_and_keeps_the_sheet_word(invoke, repo):
    rows = standard_rows()
    rows[5][1] = "后勤保障"
    workbook(repo / "台账.xlsx", rows, STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7", "--category-default", "formalism")
    assert result.exit_code == 0, result.output
    problem = problems(repo)["P7-004"]
    assert problem["category"] == "formalism"
    assert "问题类别（原）：后勤保障" in problem["notes"]
    assert invoke("import", "台账.xlsx", ORG, "--round", "7", "--category-default", "nonsense").exit_code == 2


def test_dry_run_prints_the_diff_and_the_columns_read_and_writes_nothing(invoke, repo):
    before = (repo / "ledgers" / f"{ORG}.yaml").read_bytes()
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "7", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/ledgers/jc-test.yaml\n+++ b/ledgers/jc-test.yaml\n")
    assert "+  - id: P7-005" in result.stdout
    assert "header row 3: A 序号→number, B 问题类别→category, C 问题表现→summary" in result.stderr
    assert "H 完成时限→deadline" in result.stderr
    assert "dry run: nothing was written" in result.stderr
    assert (repo / "ledgers" / f"{ORG}.yaml").read_bytes() == before


def test_ids_continue_from_the_ledgers_highest_and_a_second_import_is_refused(invoke, repo):
    assert invoke("add-problem", ORG, "--round", "7", "--category", "formalism", "--summary", "文山会海问题突出",
                  "--leader", "张三", "--unit", "办公室", "--person", "钱七").exit_code == 0
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    assert invoke("import", "台账.xlsx", ORG, "--round", "7").exit_code == 0
    assert list(problems(repo)) == ["P7-001", "P7-002", "P7-003", "P7-004", "P7-005", "P7-006"]
    again = invoke("import", "台账.xlsx", ORG, "--round", "7")
    assert again.exit_code == 1
    assert "台账.xlsx:整改台账!C5: 问题表现 is already in the ledger as P7-002 (imported before?)" in again.output


def test_the_round_must_be_recorded_first(invoke, repo):
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    result = invoke("import", "台账.xlsx", ORG, "--round", "8")
    assert result.exit_code == 1
    assert "has not received round 8" in result.output and "rectify add-round" in result.output


def test_a_two_row_header_and_a_mapped_column_are_read(invoke, repo):
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["序号", "巡察反馈问题", "具体整改措施", "责任清单", None, None, "整改\n时限（年月日）", "牵头领导同志意见"])
    sheet.append([None, None, None, "责任领导", "责任单位", "整改责任人", None, None])
    for merge in ("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2", "H1:H2"):
        sheet.merge_cells(merge)
    sheet.append(["1", "违规发放津补贴", "清退违规发放款项", "赵六", "财务处", "钱七", "2026年8月底", "同意"])
    book.save(repo / "two.xlsx")
    result = invoke("import", "two.xlsx", ORG, "--round", "7", "--category-default", "eight-rules",
                    "--map", "牵头领导同志意见=notes")
    assert result.exit_code == 0, result.output
    problem = problems(repo)["P7-001"]
    assert problem["responsible"] == {"leader": "赵六", "unit": "财务处", "person": "钱七"}
    assert problem["deadline"] == dt.date(2026, 8, 31)
    assert problem["notes"] == "同意"
    assert invoke("import", "two.xlsx", ORG, "--round", "7", "--map", "x=nowhere").exit_code == 2


def test_a_sheet_without_a_header_is_refused_as_unreadable(invoke, repo):
    book = Workbook()
    book.active.append(["随便", "什么"])
    book.save(repo / "empty.xlsx")
    result = invoke("import", "empty.xlsx", ORG, "--round", "7")
    assert result.exit_code == 2
    assert "no header row found" in result.output
    assert invoke("import", "missing.xlsx", ORG, "--round", "7").exit_code == 2
    (repo / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert invoke("import", "old.xls", ORG, "--round", "7").exit_code == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_or_without_bom_or_gbk(invoke, repo, encoding):
    text = ("序号,问题类别,问题表现,整改措施,责任领导,责任部门,责任人,完成时限,整改进展,销号日期,佐证材料\r\n"
            "1,违反中央八项规定精神,公务接待超标准,清退超标准接待费用,赵六,财务处,钱七,2026/7/31,已销号,2026/7/20 0:00,"
            "evidence/p1-会议纪要.pdf\r\n"
            "2,形式主义、官僚主义,督查检查考核过多过频,精简督查检查事项,张三,办公室,王五,2026年9月30日,正在整改,,\r\n")
    (repo / "台账.csv").write_bytes(text.encode(encoding))
    result = invoke("import", "台账.csv", ORG, "--round", "7")
    assert result.exit_code == 0, result.output
    found = problems(repo)
    assert found["P7-001"]["category"] == "eight-rules" and found["P7-001"]["status"] == "closed"
    assert found["P7-001"]["closed"]["date"] == dt.date(2026, 7, 20)
    assert found["P7-002"]["category"] == "formalism" and found["P7-002"]["summary"] == "督查检查考核过多过频"


def test_a_column_letter_can_be_mapped_and_utf16_text_is_read(invoke, repo):
    text = "问题\t措施内容\t责任领导\t责任部门\t责任人\t时间要求\n公车私用\t收回公车\t张三\t办公室\t王五\t9月底\n"
    (repo / "台账.txt").write_bytes(text.encode("utf-16"))   # Excel's "Unicode text": UTF-16 with BOM, tabs
    result = invoke("import", "台账.txt", ORG, "--round", "7", "--category-default", "eight-rules",
                    "--map", "B=measure", "--map", "时间要求=deadline", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "B 措施内容→measure" in result.stderr and "F 时间要求→deadline" in result.stderr
    assert "text: 收回公车" in result.stdout and "due: 2026-09-30" in result.stdout


def test_csv_errors_name_the_file_and_cell(invoke, repo):
    text = "问题,整改措施,责任领导,责任部门,责任人,完成时限\n违规公款吃喝,退赔,张三,办公室,王五,2026-02-30\n"
    (repo / "台账.csv").write_text(text, encoding="utf-8")
    result = invoke("import", "台账.csv", ORG, "--round", "7", "--category-default", "eight-rules")
    assert result.exit_code == 1
    assert "台账.csv:F2: 完成时限 '2026-02-30' is not a date" in result.output


# --- the pure core ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2026年6月30日", dt.date(2026, 6, 30)),
    ("2026.6.30", dt.date(2026, 6, 30)),
    ("2026/6/30", dt.date(2026, 6, 30)),
    ("2026-06-30", dt.date(2026, 6, 30)),
    ("２０２６年６月３０日前", dt.date(2026, 6, 30)),
    ("2026/6/30 0:00", dt.date(2026, 6, 30)),
    ("20260630", dt.date(2026, 6, 30)),
    ("2026年6月", dt.date(2026, 6, 30)),
    ("2026年6月底", dt.date(2026, 6, 30)),
    ("6月底", dt.date(2026, 6, 30)),
    ("3月底", dt.date(2027, 3, 31)),          # before the feedback month: next year
    ("7月15日", dt.date(2026, 7, 15)),
    ("2026年底", dt.date(2026, 12, 31)),
    ("年底", dt.date(2026, 12, 31)),
    (dt.datetime(2026, 6, 30, 0, 0), dt.date(2026, 6, 30)),
    (46203, dt.date(2026, 6, 30)),            # an Excel serial number without a date format
])
def test_dates_as_clerks_write_them(text, expected):
    from rectify_cli.edit.sheet_read import parse_date

    assert parse_date(text, dt.date(2026, 5, 15)) == expected


@pytest.mark.parametrize("text", ["下月", "尽快", "2026-02-30", "13月底", "6.30", "", "6月中下旬", "2026年第五季度"])
def test_what_is_not_a_date_is_refused(text):
    from rectify_cli.edit.sheet_read import NotADate, parse_date

    with pytest.raises(NotADate):
        parse_date(text, dt.date(2026, 5, 15))


@pytest.mark.parametrize("text, status, word", [
    ("已完成", "finished", "已完成"),
    ("已销号", "finished", "已销号"),
    ("正在整改", "open", "正在整改"),
    ("正在推进", "open", "正在推进"),
    ("基本完成", "basically-done", "基本完成"),
    ("需长期坚持", "long-term", "需长期坚持"),
    ("已完成阶段性任务，需长期坚持", "long-term", "需长期坚持"),
    ("未完成", "open", "未完成"),
    ("申请延期", "open", "申请延期"),
    ("已制定办法并印发，整改完成", "finished", "整改完成"),
    ("", "open", None),
    ("已召开专题会议", "open", None),
])
def test_status_words_map_to_the_small_set_keeping_the_word(text, status, word):
    from rectify_cli.edit.sheet_read import classify_status

    assert classify_status(text) == (status, word)


@pytest.mark.parametrize("header, field", [
    ("问题表现", "summary"), ("存在问题", "summary"), ("责 任 人", "person"), ("完成时限\n(年/月/日)", "deadline"),
    ("完成时限（年月日）", "deadline"), ("责任单位", "unit"), ("整改时限", "deadline"), ("完成情况", "status"),
    ("整改情况", "status"), ("销号日期", "closed_on"), ("佐证材料", "evidence"), ("问题类别：", "category"),
    ("无关列", None),
])
def test_headers_are_matched_tolerantly(header, field):
    from rectify_cli.edit.sheet_read import recognise

    assert recognise(header) == field


def test_numbered_measures_in_one_cell_are_several_measures():
    from rectify_cli.edit.sheet_read import split_measures

    assert split_measures("1.制定办法\n2.开展检查\n   并通报结果\n（3）建立台账") == ["制定办法", "开展检查并通报结果", "建立台账"]
    assert split_measures("制定办法，开展检查") == ["制定办法，开展检查"]


# --- export ---------------------------------------------------------------------------------------


def test_export_of_a_ledger_has_chinese_headers_frozen_rows_and_widths(invoke, repo):
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    assert invoke("import", "台账.xlsx", ORG, "--round", "7", "--by", "王五").exit_code == 0
    assert invoke("accountability", ORG, "P7-003", "--person", "钱七", "--form", "1", "--action", "诫勉谈话",
                  "--date", "2026-09-01").exit_code == 0
    result = invoke("export", ORG, "--format", "xlsx", "--output", "out.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook(repo / "out.xlsx")
    assert book.sheetnames == ["问题清单", "整改措施", "问责情况", "巡察轮次", "说明"]
    sheet = book["问题清单"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["问题编号", "轮次", "问题类别", "问题表现"]
    assert sheet.freeze_panes == "A2"
    rows = {row[0]: dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["P7-001"]["整改状态"] == "已销号" and rows["P7-001"]["问题类别"] == "党的建设缺失"
    assert rows["P7-001"]["销号日期"] == dt.datetime(2026, 7, 20)
    assert rows["P7-002"]["整改状态"] == "自报完成，待对账销号" and rows["P7-002"]["原状态表述"] == "已完成"
    assert rows["P7-001"]["完成时限"] == dt.datetime(2026, 7, 15)
    summary_column = headers.index("问题表现") + 1
    # 25 CJK characters count 50 columns, plus padding; an ASCII id stays narrow
    assert sheet.column_dimensions["D"].width >= 50 > sheet.column_dimensions["A"].width
    assert sheet.cell(2, summary_column).value.startswith("“三会一课”")
    measures = book["整改措施"]
    assert [c.value for c in measures[1]] == ["问题编号", "措施编号", "整改措施", "责任人", "完成时限", "完成日期", "佐证材料"]
    assert measures.max_row == 1 + 7 and measures.freeze_panes == "A2"
    accountability = book["问责情况"]
    assert next(iter(accountability.iter_rows(min_row=2, values_only=True)))[:5] == (
        "P7-003", "钱七", None, "第一种形态", "诫勉谈话")


def test_export_of_a_round_writes_the_report_tables(invoke, tmp_path, monkeypatch):
    copy_bundled_ledgers(tmp_path / "ledgers")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--round", "7", "--format", "xlsx", "--output", "第7轮.xlsx", "--as-of", "2026-08-15")
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "第7轮.xlsx")
    assert book.sheetnames[-2:] == ["第7轮问题清单", "说明"]
    table = book["第7轮问题清单"]
    assert [c.value for c in table[1]][:4] == ["单位", "问题编号", "问题类别", "问题表现"]
    assert table.freeze_panes == "A2" and table.max_row > 10
    assert book.sheetnames[:3] == ["整改进展情况统计表", "整改成效统计表", "按问题类别统计"]
    assert "正在整改情况统计表" in book.sheetnames
    progress = book["整改进展情况统计表"]
    assert progress.freeze_panes == "A2"
    headers = [c.value for c in progress[1]]
    assert headers[:3] == ["单位", "反馈问题", "已完成整改"]
    rows = {row[0]: dict(zip(headers, row)) for row in progress.iter_rows(min_row=2, values_only=True)}
    assert isinstance(rows["合计"]["反馈问题"], int)
    assert rows["中共江城市新河区委员会"]["整改完成率"] == 0.5          # 5/10: a number, shown as 50.00%
    rate_column = headers.index("整改完成率") + 1
    assert progress.cell(2, rate_column).number_format == "0.00%"


def test_export_usage_errors(invoke, repo):
    assert invoke("export", "--output", "x.xlsx").exit_code == 2
    assert invoke("export", ORG).exit_code == 2
    assert invoke("export", "nobody", "--output", "x.xlsx").exit_code == 2
    assert invoke("export", "--round", "9", "--output", "x.xlsx").exit_code == 2
    assert invoke("export", ORG, "--output", "no/such/folder/x.xlsx").exit_code == 2


def test_any_cell_text_is_a_date_or_refused_never_a_crash():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from rectify_cli.edit.sheet_read import NotADate, classify_status, parse_date, recognise

    cells = st.one_of(st.text(max_size=30), st.from_regex(r"\d{1,4}[年./-]\d{1,2}[月./-]?\d{0,2}[日底]?", fullmatch=True),
                      st.integers(-10**9, 10**9), st.floats(allow_nan=True))

    @settings(max_examples=400, deadline=None)
    @given(cells)
    def check(value):
        with contextlib.suppress(NotADate):
            assert isinstance(parse_date(value, dt.date(2026, 5, 15)), dt.date)
        classify_status(str(value))
        recognise(value)

    check()


def test_any_grid_under_a_header_is_read_or_refused_never_a_crash(tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from rectify_cli.edit import sheet_import as excel
    from rectify_cli.edit import sheet_read as sheets
    from rectify_cli.edit import sheet_records
    from rectify_cli.edit.operations import Actor
    from rectify_cli.model import Policy, ProblemItem

    policy = Policy.model_validate(yaml.safe_load((ROOT / "ledgers" / "policy.yaml").read_text(encoding="utf-8")))
    options = excel.ImportOptions(round=7, feedback_on=dt.date(2026, 5, 15), end_of_period=dt.date(2026, 8, 15),
                                  today=dt.date(2026, 11, 24), categories=policy.categories)
    actor = Actor("王五", dt.datetime(2026, 11, 24, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                  dt.date(2026, 11, 24), dt.date(2026, 11, 24))
    values = st.one_of(st.none(), st.sampled_from(["", "1", "已完成", "正在推进", "需长期坚持", "基本完成", "党的建设",
                                                   "李四", "2026-06-30", "6月底", "下月", "evidence/x.pdf", "1.甲\n2.乙"]),
                       st.text(max_size=8), st.integers(0, 50000), st.datetimes(dt.datetime(2020, 1, 1),
                                                                                 dt.datetime(2030, 1, 1)))
    grids = st.lists(st.lists(values, min_size=12, max_size=12), min_size=0, max_size=6)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(grids, st.lists(st.tuples(st.integers(0, 5), st.integers(0, 11), st.integers(1, 3), st.integers(1, 3)),
                           max_size=3))
    def check(rows, merges):
        grid = [[sheets.Cell(value, (1, column)) for column, value in enumerate(HEADER, start=1)]]
        for index, row in enumerate(rows, start=2):
            grid.append([sheets.Cell(value, (index, column)) for column, value in enumerate(row, start=1)])
        for top, left, height, width in merges:   # merged ranges: the origin's value over the range
            top, left = top + 2, left + 1
            for row in range(top, min(top + height, len(grid) + 1)):
                for column in range(left, min(left + width, 13)):
                    grid[row - 1][column - 1] = sheets.Cell(grid[top - 1][left - 1].value, (top, left))
        sheet = sheets.Sheet("台账.xlsx", "Sheet1", grid)
        columns = sheets.find_columns(sheet, {})
        assert columns is not None and columns.first("summary") == 3
        try:
            read = excel.read_problems(sheet, columns, options)
        except sheets.SheetRefused as refused:
            assert refused.errors and all(str(error).startswith("台账.xlsx:Sheet1") for error in refused.errors)
            return
        for item in sheet_records.problem_records(read, 1, options, actor, tmp_path):
            ProblemItem.model_validate(item.record)   # what is written is a problem of the format

    check()


def test_the_imported_ledger_writes_measures_and_history_one_per_line(invoke, repo):
    # as docs/format.md shows them: `- {id: M1, …}` a line, so that `rectify done` changes one line
    workbook(repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    assert invoke("import", "台账.xlsx", ORG, "--round", "7", "--by", "王五").exit_code == 0
    written = (repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8")
    golden = Path(__file__).parent / "golden" / "edit" / "import.yaml"
    if os.environ.get("RECTIFY_UPDATE_GOLDEN"):
        golden.write_text(written, encoding="utf-8")
    assert written == golden.read_text(encoding="utf-8")
    assert "measures: [" not in written and "history: [" not in written
