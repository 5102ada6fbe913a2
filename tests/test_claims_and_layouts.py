"""Claims (自报完成，待对账销号) and the layouts offices keep, through the CLI on real files.

A claimed problem is never in the rate; the report says what awaits 对账销号; `close-claims` turns
claims into closures from an evidence folder; the on-site period admits 边巡边改; a workbook of
several villages imports in one run checked against its 汇总 sheet; every wording of the table
in edit/sheet_words.py reads as documented.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from conftest import ROOT

ORG = "jc-roads"
TODAY = "2026-09-01"


@pytest.fixture
def repo(tmp_path, monkeypatch, invoke) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copy(ROOT / "ledgers" / "policy.yaml", tmp_path / "ledgers" / "policy.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECTIFY_TODAY", TODAY)
    monkeypatch.setenv("RECTIFY_NOW", "2026-09-01T10:00:00+08:00")
    assert invoke("init", ORG, "--name", "江城市交通运输局党组").exit_code == 0
    return tmp_path


def add_round(invoke, *extra: str) -> None:
    # the period ends after today: consequences are judged (provisionally) on today's figures, claims included
    result = invoke("add-round", ORG, "--round", "7", "--feedback-on", "2026-05-15", "--rectify-by", "2026-11-15",
                    "--by", "整改办", *extra)
    assert result.exit_code == 0, result.output


HEADER = ["序号", "问题", "整改措施", "责任领导", "责任科室", "责任人", "完成时限", "整改情况"]


def sheet(path: Path, rows: list[list], header: list[str] = HEADER, title: str = "Sheet1") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(["江城市交通运输局党组巡察反馈问题整改落实台账"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


CLAIMS = [
    ["一、党的领导弱化方面的问题（2个）"],
    [1, "重点项目推进缓慢", "建立重点项目月调度机制", "郭亮", "规划科", "马超", "2026年7月31日", "已完成"],
    [2, "意识形态工作责任制落实不到位", "制定意识形态工作责任清单", "郭亮", "办公室", "马超", "6月底前", "已整改到位"],
    ["二、党的建设缺失方面的问题（2个）"],
    [3, "机关党建与业务工作“两张皮”", "开展党建业务融合示范创建", "宋佳", "机关党委", "田野", "2026年8月15日", "全部完成"],
    [4, "党员教育管理不严", "开展党员组织关系集中排查", "宋佳", "机关党委", "田野", "2026年9月30日", "正在推进"],
    ["填表人：马超"],
]


def report(invoke, *extra: str) -> dict:
    result = invoke("report", "--round", "7", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_sheet_of_claims_reports_zero_and_names_what_awaits_closure(invoke, repo):
    add_round(invoke)
    imported = invoke("import", sheet(repo / "台账.xlsx", CLAIMS).name, ORG, "--round", "7", "--by", "整改办")
    assert imported.exit_code == 0, imported.output
    assert "3 problem(s) the sheet calls finished await 对账销号" in imported.output
    org = report(invoke)["organisations"][0]
    assert (org["problems"], org["closed"], org["claimed"], org["open"], org["rate_exact"]) == (4, 0, 3, 1, "0/4")
    assert report(invoke)["totals"]["claimed"] == 3
    table = invoke("report", "--round", "7", "--lang", "zh").stdout
    assert "3个问题自报完成、待对账销号，未计入整改完成率：江城市交通运输局党组 3" in table
    assert "自报完成待销号" in table
    english = invoke("report", "--round", "7", "--format", "markdown").stdout
    # the meeting fires at 0/4; closing 3 of the 3 claims lifts the rate above 50%
    assert "3 more closures lift it above 50% (closing 3 of the 3 claimed problems with evidence would do it)" in english
    explain = invoke("report", "--round", "7", "--explain", ORG).stdout
    assert "claimed done on 2026-09-01, closure not verified" in explain


def test_close_claims_closes_each_claim_whose_evidence_is_in_the_folder(invoke, repo):
    add_round(invoke)
    invoke("import", sheet(repo / "台账.xlsx", CLAIMS).name, ORG, "--round", "7", "--by", "整改办")
    folder = repo / "evidence" / ORG
    (folder / "P7-002").mkdir(parents=True)
    (folder / "P7-001-月调度会议纪要.md").write_text("纪要\n", encoding="utf-8")
    (folder / "P7-002" / "责任清单.md").write_text("清单\n", encoding="utf-8")
    before = (repo / "ledgers" / f"{ORG}.yaml").read_bytes()
    dry = invoke("close-claims", ORG, "--evidence-dir", str(folder), "--dry-run")
    assert dry.exit_code == 0 and (repo / "ledgers" / f"{ORG}.yaml").read_bytes() == before
    result = invoke("close-claims", ORG, "--evidence-dir", str(folder), "--verified-by", "市纪委监委第三监督检查室")
    assert result.exit_code == 0, result.output
    assert "closed 2 claimed problem(s)" in result.output and "still claimed, no evidence found: P7-003" in result.output
    assert invoke("validate").exit_code == 0
    org = report(invoke)["organisations"][0]
    assert (org["closed"], org["claimed"], org["rate_exact"]) == (2, 1, "2/4")
    problem = next(p for p in yaml.safe_load((repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8"))["problems"]
                   if p["id"] == "P7-002")
    assert problem["closed"]["evidence"][0]["path"] == f"evidence/{ORG}/P7-002/责任清单.md"
    assert problem["claimed"]["date"] == dt.date(2026, 9, 1)  # the claim is kept beside the closure
    assert [entry["did"] for entry in problem["history"]] == ["imported", "measure-done", "closed"]


def test_close_claims_with_no_matching_file_is_refused_and_writes_nothing(invoke, repo):
    add_round(invoke)
    invoke("import", sheet(repo / "台账.xlsx", CLAIMS).name, ORG, "--round", "7", "--by", "整改办")
    (repo / "evidence").mkdir()
    before = (repo / "ledgers" / f"{ORG}.yaml").read_bytes()
    result = invoke("close-claims", ORG, "--evidence-dir", str(repo / "evidence"))
    assert result.exit_code == 1
    assert "no evidence file named after a claimed problem" in result.output
    assert (repo / "ledgers" / f"{ORG}.yaml").read_bytes() == before


def test_close_claims_reads_a_folder_typed_with_backslashes(invoke, repo):
    add_round(invoke)
    invoke("import", sheet(repo / "台账.xlsx", CLAIMS).name, ORG, "--round", "7", "--by", "整改办")
    (repo / "evidence" / ORG).mkdir(parents=True)
    (repo / "evidence" / ORG / "P7-001-月调度会议纪要.md").write_text("纪要\n", encoding="utf-8")
    result = invoke("close-claims", ORG, "--evidence-dir", f"evidence\\{ORG}")
    assert result.exit_code == 0, result.output
    assert f"path: evidence/{ORG}/P7-001-月调度会议纪要.md" in (repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8")


def test_claim_records_a_units_report_outside_the_rate(invoke, repo):
    add_round(invoke)
    invoke("import", sheet(repo / "台账.xlsx", CLAIMS).name, ORG, "--round", "7", "--by", "整改办")
    result = invoke("claim", ORG, "P7-004", "--awaits", "佐证材料", "--date", "2026-08-30", "--by", "机关党委")
    assert result.exit_code == 0, result.output
    org = report(invoke)["organisations"][0]
    assert (org["claimed"], org["open"], org["rectified"]) == (4, 0, 0)
    assert invoke("claim", ORG, "P7-004").exit_code == 1  # already claimed


ON_SITE_HEADER = ["序号", "问题类别", "问题表现", "整改措施", "责任领导", "责任处室", "责任人", "立行立改", "完成时限",
                  "整改进展", "完成时间", "佐证材料"]
ON_SITE = [[1, "全面从严治党", "违规发放节日慰问品", "清退违规发放的慰问品费用", "张伟", "规划财务处", "李娜", "是",
            "立行立改", "已完成（边巡边改）", dt.datetime(2026, 4, 10), "退款凭证"]]


def test_work_done_on_site_is_refused_without_the_on_site_period(invoke, repo):
    add_round(invoke)
    result = invoke("import", sheet(repo / "台账.xlsx", ON_SITE, ON_SITE_HEADER).name, ORG, "--round", "7")
    assert result.exit_code == 1
    assert "before the feedback date of round 7 (2026-05-15)" in result.output
    assert "--on-site-from" in result.output


def test_work_done_on_site_is_accepted_as_bian_xun_bian_gai_with_the_period(invoke, repo):
    add_round(invoke, "--on-site-from", "2026-03-16", "--on-site-to", "2026-04-30")
    result = invoke("import", sheet(repo / "台账.xlsx", ON_SITE, ON_SITE_HEADER).name, ORG, "--round", "7")
    assert result.exit_code == 0, result.output
    assert invoke("validate").exit_code == 0
    org = report(invoke)["organisations"][0]
    assert (org["closed"], org["immediate"], org["rate_exact"]) == (1, 1, "1/1")
    # the commands accept such dates too, for immediate problems only
    added = invoke("add-problem", ORG, "--round", "7", "--category", "formalism", "--summary", "督查检查过多",
                   "--leader", "张伟", "--unit", "办公室", "--person", "王磊", "--immediate")
    measure = invoke("add-measure", ORG, added.stdout.strip(), "--text", "清理督查事项", "--owner", "王磊",
                     "--due", "2026-06-30")
    assert measure.exit_code == 0, measure.output
    done = invoke("done", ORG, added.stdout.strip(), "M1", "--date", "2026-04-20")
    assert done.exit_code == 0, done.output
    assert invoke("validate").exit_code == 0


def test_an_on_site_period_after_the_feedback_is_refused(invoke, repo):
    result = invoke("add-round", ORG, "--round", "7", "--feedback-on", "2026-05-15", "--on-site-from", "2026-05-01",
                    "--on-site-to", "2026-05-20")
    assert result.exit_code == 1
    assert "must end on or before the feedback date" in result.output
    assert invoke("add-round", ORG, "--round", "7", "--feedback-on", "2026-05-15",
                  "--on-site-from", "2026-03-16").exit_code == 2


def villages(path: Path, summary_problems_of_east: int) -> Path:
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(["青石镇村级巡察整改情况汇总表"])
    summary.append(["序号", "村名", "反馈问题数", "整改措施数", "已完成"])
    summary.append([1, "东山村", summary_problems_of_east, 2, 1])
    summary.append([2, "西岭村", 1, 1, 0])
    for name, rows in (("东山村", [[1, "聚焦群众身边不正之风和腐败问题", "村级财务公开不及时", "每月公开财务", "杨志刚",
                                   "东山村党支部", "李德明", "2026-06-30", "已完成"],
                                  [2, "聚焦基层党组织软弱涣散", "三会一课落实不到位", "按季度召开党员大会", "杨志刚",
                                   "东山村党支部", "李德明", "每季度", "正在推进"]]),
                       ("西岭村", [[1, "聚焦惠民富民政策落实", "补贴面积核实不准", "逐户核实补贴面积", "黄建国",
                                   "西岭村党支部", "钱小红", "2026年8月15日", "正在推进"]])):
        ws = book.create_sheet(name)
        ws.append([f"青石镇{name}党支部巡察反馈问题整改台账"])
        ws.append(["序号", "问题类别", "存在问题", "整改措施", "包村领导", "责任单位", "责任人", "完成时限", "整改情况"])
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def two_villages(invoke) -> None:
    for org, name in (("qs-dongshan", "东山村党支部"), ("qs-xiling", "西岭村党支部")):
        assert invoke("init", org, "--name", name).exit_code == 0
        assert invoke("add-round", org, "--round", "7", "--feedback-on", "2026-05-15").exit_code == 0


def test_a_workbook_of_villages_imports_in_one_run_checked_against_its_summary(invoke, repo):
    two_villages(invoke)
    path = villages(repo / "村级台账.xlsx", summary_problems_of_east=2)
    result = invoke("import", path.name, "--round", "7", "--map", "包村领导=leader", "--sheet-org", "东山村=qs-dongshan",
                    "--sheet-org", "西岭村=qs-xiling")
    assert result.exit_code == 0, result.output
    orgs = {org["id"]: org for org in report(invoke)["organisations"]}
    assert (orgs["qs-dongshan"]["problems"], orgs["qs-dongshan"]["claimed"]) == (2, 1)
    assert orgs["qs-xiling"]["problems"] == 1


def test_a_summary_that_disagrees_with_a_village_sheet_refuses_every_write(invoke, repo):
    two_villages(invoke)
    path = villages(repo / "村级台账.xlsx", summary_problems_of_east=3)
    before = {p.name: p.read_bytes() for p in (repo / "ledgers").glob("*.yaml")}
    result = invoke("import", path.name, "--round", "7", "--map", "包村领导=leader", "--sheet-org", "东山村=qs-dongshan",
                    "--sheet-org", "西岭村=qs-xiling")
    assert result.exit_code == 1
    assert "村级台账.xlsx:汇总!C3: the summary says 3 problems for 东山村, but 2 were read from its sheet" in result.output
    assert {p.name: p.read_bytes() for p in (repo / "ledgers").glob("*.yaml")} == before


def test_org_and_sheet_org_together_is_a_usage_error(invoke, repo):
    two_villages(invoke)
    path = villages(repo / "村级台账.xlsx", summary_problems_of_east=2)
    assert invoke("import", path.name, "qs-dongshan", "--round", "7", "--sheet-org", "东山村=qs-dongshan").exit_code == 2
    assert invoke("import", path.name, "--round", "7").exit_code == 2


def test_a_heading_that_names_no_category_is_one_error_with_its_remedy(invoke, repo):
    add_round(invoke)
    rows = [["一、后勤保障方面"],
            [1, "车辆管理不规范", "修订车辆管理办法", "郭亮", "办公室", "马超", "2026年7月31日", "正在推进"],
            [2, "食堂账目不清", "清理食堂账目", "郭亮", "办公室", "马超", "2026年7月31日", "正在推进"]]
    result = invoke("import", sheet(repo / "台账.xlsx", rows).name, ORG, "--round", "7")
    assert result.exit_code == 1
    assert result.output.count("后勤保障方面") == 1
    assert "add it to the `aliases` of its category in policy.yaml" in result.output
    assert "cannot import 台账.xlsx: 1 error" in result.output


def test_numbered_parts_that_do_not_match_the_measures_are_an_error_naming_the_cell(invoke, repo):
    add_round(invoke)
    rows = [[1, "项目推进不力", "1.建立周调度机制\n2.制定赶工计划\n3.纳入考核", "李国华", "投资发展部", "张伟",
             "1.2026年6月底前\n2.2026年7月底前", "正在推进"]]
    header = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改进展"]
    result = invoke("import", sheet(repo / "台账.xlsx", rows, header).name, ORG, "--round", "7",
                    "--category-default", "central-decisions")
    assert result.exit_code == 1
    assert "台账.xlsx:Sheet1!G3: 完成时限 has 2 numbered parts but 整改措施 has 3 measure(s) in this row" in result.output


def test_a_yes_no_column_contradicting_the_progress_is_an_error(invoke, repo):
    add_round(invoke)
    header = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "是否完成", "整改进展"]
    rows = [[1, "经费管理不规范", "修订经费管理办法", "张海", "科研处", "孙建", "2026年7月", "是", "正在推进"]]
    result = invoke("import", sheet(repo / "台账.xlsx", rows, header).name, ORG, "--round", "7",
                    "--category-default", "strict-governance")
    assert result.exit_code == 1
    assert "是否完成 says 是 but 整改进展 says '正在推进'; correct one of them" in result.output


# --- the wording table ------------------------------------------------------------------------------

REFERENCE = dt.date(2026, 5, 15)


@pytest.mark.parametrize(("text", "date"), [
    ("2026年6月30日前完成", dt.date(2026, 6, 30)),
    ("2026年6月30日前", dt.date(2026, 6, 30)),
    ("６月底前", dt.date(2026, 6, 30)),
    ("六月底", dt.date(2026, 6, 30)),
    ("二〇二六年七月三十一日", dt.date(2026, 7, 31)),
    ("2026年十二月底前", dt.date(2026, 12, 31)),
    ("2026年6月中旬", dt.date(2026, 6, 20)),
    ("2026年6月上旬", dt.date(2026, 6, 10)),
    ("2026年6月下旬", dt.date(2026, 6, 30)),
    ("2026年上半年", dt.date(2026, 6, 30)),
    ("2026年下半年", dt.date(2026, 12, 31)),
    ("2026年第三季度", dt.date(2026, 9, 30)),
    ("2026年三季度", dt.date(2026, 9, 30)),
    ("2026年Q4", dt.date(2026, 12, 31)),
    ("２０２６－０７－０１", dt.date(2026, 7, 1)),
    ("2026.7.31", dt.date(2026, 7, 31)),
])
def test_every_date_wording_of_the_table_reads_as_documented(text, date):
    from rectify_cli.edit.sheet_read import parse_date

    assert parse_date(text, REFERENCE) == date


@pytest.mark.parametrize(("text", "status"), [
    ("全部完成", "finished"), ("按期完成", "finished"), ("已整改到位", "finished"), ("已于2026年6月20日完成", "finished"),
    ("已办结", "finished"), ("系统已完成需求调研，正在开发", "open"), ("已完成管理办法初稿，正在征求意见", "open"),
    ("取得阶段性成效", "basically-done"), ("基本完成，已清退超标准费用", "basically-done"),
    ("长期坚持，每季度开展一次督查", "long-term"), ("未完成", "open"), ("", "open"),
])
def test_every_status_wording_of_the_table_reads_as_documented(text, status):
    from rectify_cli.edit.sheet_read import classify_status

    assert classify_status(text)[0] == status


@pytest.mark.parametrize("header, field", [
    ("牵头股室", "unit"), ("责任股室", "unit"), ("具体经办人", "person"), ("牵头校领导", "leader"),
    ("配合单位", "partners"), ("整改目标", "goal"), ("是否完成", "done_flag"), ("责任处室", "unit"),
])
def test_the_headers_offices_use_are_recognised(header, field):
    from rectify_cli.edit.sheet_read import recognise

    assert recognise(header) == field


@pytest.mark.parametrize("typed", ["2026年8月30日", "２０２６－０８－３０", "2026/8/30", "2026.08.30"])
def test_a_date_option_reads_what_a_chinese_keyboard_types(invoke, repo, typed):
    add_round(invoke)
    invoke("import", sheet(repo / "台账.xlsx", CLAIMS).name, ORG, "--round", "7", "--by", "整改办")
    result = invoke("claim", ORG, "P7-004", "--date", typed)
    assert result.exit_code == 0, result.output
    assert "claimed done on 2026-08-30" in result.output


def test_arabic_section_numbers_over_numbered_problems_are_headings(invoke, repo):
    add_round(invoke)
    header = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改情况"]
    rows = [[1, "党的建设方面"],
            ["1.1", "理论学习中心组学习不规范", "制定学习计划", "李明", "党政办", "王芳", "2026年7月31日", "正在推进"],
            ["1.2", "三会一课不严格", "开展专项检查", "李明", "党政办", "王芳", "2026年7月31日", "正在推进"]]
    result = invoke("import", sheet(repo / "台账.xlsx", rows, header).name, ORG, "--round", "7", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "row 3 heading (1、党的建设方面)" in result.output
    assert "imported 2 problem(s)" in result.output


def test_a_closing_date_beside_a_status_word_rectify_does_not_know_is_an_error_not_a_silent_drop(invoke, repo):
    add_round(invoke)
    header = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改状态", "销号日期", "佐证材料"]
    rows = [[1, "形式主义问题", "清理文件", "李明", "办公室", "王芳", "2026年9月30日", "已完城", "2026/8/30", "跟踪台账"]]
    result = invoke("import", sheet(repo / "台账.xlsx", rows, header).name, ORG, "--round", "7",
                    "--category-default", "formalism")
    assert result.exit_code == 1
    assert "销号日期 gives 2026-08-30 but 整改状态 '已完城' says no status rectify knows" in result.output


def test_a_closing_date_of_a_month_alone_is_refused_rather_than_inventing_the_day(invoke, repo):
    add_round(invoke)
    header = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改状态", "销号日期", "佐证材料"]
    rows = [[1, "形式主义问题", "清理文件", "李明", "办公室", "王芳", "2026年9月30日", "已完成", "2026年8月", "跟踪台账"]]
    result = invoke("import", sheet(repo / "台账.xlsx", rows, header).name, ORG, "--round", "7",
                    "--category-default", "formalism")
    assert result.exit_code == 1
    assert "销号日期 '2026年8月' is not a date (accepted: a day" in result.output


def test_an_outer_heading_without_a_category_is_fine_when_its_inner_headings_name_them(invoke, repo):
    add_round(invoke)
    rows = [["二、党风廉政建设方面"], ["（一）落实全面从严治党主体责任方面"],
            [1, "主体责任清单不细", "细化责任清单", "郭亮", "办公室", "马超", "下半年", "正在推进"]]
    result = invoke("import", sheet(repo / "台账.xlsx", rows).name, ORG, "--round", "7")
    assert result.exit_code == 0, result.output
    problem = yaml.safe_load((repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8"))["problems"][0]
    assert problem["category"] == "strict-governance"
    assert problem["heading"] == "二、党风廉政建设方面 / （一）落实全面从严治党主体责任方面"
    assert problem["deadline"] == dt.date(2026, 12, 31)  # 下半年, read against the feedback date


def test_a_category_label_differing_only_by_punctuation_matches(invoke, repo):
    from rectify_cli.edit.sheet_import import match_category
    from rectify_cli.validation.policy_file import load_policy

    policy, _ = load_policy(ROOT / "ledgers")
    assert match_category("形式主义官僚主义", policy.categories) == ["formalism"]


def test_a_date_before_a_problems_own_found_on_is_said_so(invoke, repo):
    add_round(invoke)
    added = invoke("add-problem", ORG, "--round", "7", "--category", "formalism", "--summary", "文山会海",
                   "--leader", "郭亮", "--unit", "办公室", "--person", "马超", "--found-on", "2026-06-10")
    problem = added.stdout.strip()
    invoke("add-measure", ORG, problem, "--text", "精简会议", "--owner", "马超", "--due", "2026-08-30",
           "--date", "2026-06-10")
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8").replace("due: 2026-08-30}", "due: 2026-08-30, done_on: 2026-06-01}")
    path.write_text(text, encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1
    assert f"{problem}/M1: done on 2026-06-01, before the problem was found (2026-06-10)" in result.output
