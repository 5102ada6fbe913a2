"""Round trip (issue 12, item 10): a round exported as xlsx and imported into a fresh repository gives the
same figures; the export's dates are dates, its money numbers, and it says what it was made from."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import ROOT, copy_bundled_ledgers

FIGURES = ("problems", "rate_exact", "rectified", "closed", "open", "basically_done", "long_term",
           "measures_done", "measures_total", "immediate", "immediate_rectified")
FEEDBACK_ON, RECTIFY_BY = "2026-05-15", "2026-08-15"
SHEET = "第7轮问题清单"


def figures_of(invoke, ledgers: Path) -> dict:
    result = invoke("report", "--round", "7", "--format", "json", "--ledgers", ledgers)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    [org] = report["organisations"]
    return {"organisation": {k: org[k] for k in FIGURES}, "totals": {k: report["totals"][k] for k in FIGURES}}


def export_and_reimport(invoke, source: Path, work: Path, org: str) -> Path:
    """Export round 7 of `source`, then import its problem sheet into a new repository's `org`; the new ledgers."""
    workbook = work / "第7轮.xlsx"
    exported = invoke("export", "--round", "7", "--output", workbook, "--ledgers", source)
    assert exported.exit_code == 0, exported.stderr
    fresh = work / "fresh"
    assert invoke("new-repo", fresh).exit_code == 0
    ledgers = fresh / "ledgers"
    shutil.copy(source / "policy.yaml", ledgers / "policy.yaml")
    assert invoke("init", org, "--name", "中共江城市测试局党组", "--ledgers", ledgers).exit_code == 0
    assert invoke("add-round", org, "--round", "7", "--feedback-on", FEEDBACK_ON, "--rectify-by", RECTIFY_BY,
                  "--by", "刘洋", "--ledgers", ledgers).exit_code == 0
    imported = invoke("import", workbook, org, "--round", "7", "--sheet", SHEET, "--by", "刘洋", "--ledgers", ledgers)
    assert imported.exit_code == 0, imported.stderr
    return ledgers


def test_the_example_round_reads_back_with_the_same_figures(invoke, tmp_path):
    source = tmp_path / "source" / "ledgers"
    source.mkdir(parents=True)
    for name in ("policy.yaml", "jc-edu.yaml"):
        shutil.copy(ROOT / "ledgers" / name, source / name)
    before = figures_of(invoke, source)
    assert before["organisation"]["closed"] == 6 and before["organisation"]["measures_total"] == 18
    after = figures_of(invoke, export_and_reimport(invoke, source, tmp_path, "jc-edu"))
    assert after == before


def test_the_problem_sheet_has_one_row_per_measure_and_real_dates(invoke, tmp_path):
    source = tmp_path / "ledgers"
    copy_bundled_ledgers(source)
    assert invoke("export", "--round", "7", "--output", tmp_path / "r.xlsx", "--ledgers", source).exit_code == 0
    book = load_workbook(tmp_path / "r.xlsx")
    sheet = book[SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert {"整改措施", "措施完成日期", "完成时限", "销号日期", "佐证材料", "验收单位"} <= set(headers)
    assert sheet.merged_cells.ranges, "a problem with several measures has its cells merged over its rows"
    column = headers.index("完成时限") + 1
    deadlines = [sheet.cell(row, column) for row in range(2, sheet.max_row + 1) if sheet.cell(row, column).value]
    assert deadlines and all(cell.is_date and cell.number_format == "yyyy-mm-dd" for cell in deadlines)
    assert all(isinstance(cell.value, dt.datetime) for cell in deadlines)
    # The report tables carry dates as text; in the workbook they are dates.
    for name in ("负面清单触发情况", "正在整改情况统计表"):
        dated = [cell for row in book[name].iter_rows(min_row=2) for cell in row if cell.is_date]
        assert dated and all(cell.number_format == "yyyy-mm-dd" for cell in dated), name
    assert not [cell.value for row in book["负面清单触发情况"].iter_rows(min_row=2) for cell in row
                if isinstance(cell.value, str) and len(cell.value) == 10 and cell.value[4] == "-" and cell.value[7] == "-"]
    outcomes = book["整改成效统计表"]
    money = [headers_cell.column for headers_cell in outcomes[1] if "元" in str(headers_cell.value)]
    assert money
    for row in outcomes.iter_rows(min_row=2):
        for index in money:
            assert not isinstance(row[index - 1].value, str), "money is a number, not text"


def test_the_export_says_what_it_was_made_from(invoke, tmp_path):
    source = tmp_path / "ledgers"
    copy_bundled_ledgers(source)
    report = json.loads(invoke("report", "--round", "7", "--format", "json", "--ledgers", source,
                               "--as-of", "2026-08-15").stdout)
    assert invoke("export", "--round", "7", "--output", tmp_path / "r.xlsx", "--ledgers", source,
                  "--as-of", "2026-08-15").exit_code == 0
    assert invoke("export", "jc-edu", "--output", tmp_path / "o.xlsx", "--ledgers", source).exit_code == 0
    for name in ("r.xlsx", "o.xlsx"):
        book = load_workbook(tmp_path / name)
        assert book.sheetnames[-1] == "说明"
        rows = {row[0]: row[1] for row in book["说明"].iter_rows(min_row=2, values_only=True)}
        assert rows["内容哈希 (content sha256)"] == report["provenance"]["content_sha256"]
        assert rows["未提交的修改 (dirty)"] == "未知"   # the folder is in no repository
        assert rows["git"] == "not a git repository"
    rows = {row[0]: row[1] for row in load_workbook(tmp_path / "r.xlsx")["说明"].iter_rows(min_row=2, values_only=True)}
    assert rows["参数 round"] == "7" and rows["参数 as_of"] == dt.datetime(2026, 8, 15)   # a date, as every date


# --- the property: any small ledger, built with the commands, reads back with the same figures ------------

CATEGORIES = ("party-leadership", "party-building", "strict-governance", "personnel")
SUMMARIES = ("落实全面从严治党主体责任不到位", "意识形态工作责任制落实不够有力", "违规发放津补贴", "干部选拔任用程序不规范",
             "基层党组织“三会一课”制度落实不到位", "专项资金管理使用不规范")

measure_plan = st.tuples(st.booleans(), st.integers(0, 90))   # (done?, days after 2026-06-01)
problem_plan = st.fixed_dictionaries({
    "status": st.sampled_from(["open", "closed", "long-term", "basically-done"]),
    "category": st.sampled_from(CATEGORIES),
    "summary": st.sampled_from(SUMMARIES),
    "immediate": st.booleans(),
    "measures": st.lists(measure_plan, max_size=2),
})


def build_ledger(invoke, repo: Path, plans: list[dict]) -> Path:
    ledgers = repo / "ledgers"
    ledgers.mkdir(parents=True)
    shutil.copy(ROOT / "ledgers" / "policy.yaml", ledgers / "policy.yaml")
    (repo / ".git").mkdir()
    evidence = repo / "evidence" / "jc-test"
    evidence.mkdir(parents=True)

    def run(*args):
        result = invoke(*args, "--ledgers", ledgers)
        assert result.exit_code == 0, (args, result.stderr)
        return result

    run("init", "jc-test", "--name", "中共江城市测试局党组")
    run("add-round", "jc-test", "--round", "7", "--feedback-on", FEEDBACK_ON, "--rectify-by", RECTIFY_BY, "--by", "刘洋")
    for number, plan in enumerate(plans, start=1):
        problem = run("add-problem", "jc-test", "--round", "7", "--category", plan["category"],
                      "--summary", f"{plan['summary']}（{number}）", "--leader", "李四", "--unit", "办公室",
                      "--person", "王五", "--by", "刘洋", *(["--immediate"] if plan["immediate"] else [])).stdout.strip()
        measures = plan["measures"] or ([(True, 10)] if plan["status"] == "closed" else [])
        done_dates = []
        for index, (done, days) in enumerate(measures, start=1):
            measure = run("add-measure", "jc-test", problem, "--text", f"制定整改制度第{index}项", "--owner", "王五",
                          "--due", RECTIFY_BY, "--by", "刘洋").stdout.strip()
            if done or plan["status"] == "closed":
                on = dt.date(2026, 6, 1) + dt.timedelta(days=days)
                run("done", "jc-test", problem, measure, "--date", on.isoformat(), "--by", "刘洋")
                done_dates.append(on)
        if plan["status"] == "closed":
            proof = evidence / f"{problem}-整改报告.pdf"
            proof.write_bytes(f"%PDF {problem}".encode())
            run("close", "jc-test", problem, "--evidence", proof, "--verified-by", "市委巡察办",
                "--date", (max(done_dates) + dt.timedelta(days=1)).isoformat(), "--by", "刘洋")
        elif plan["status"] == "long-term":
            run("long-term", "jc-test", problem, "--review-by", "2026-12-31", "--reason", "需建立长效机制",
                "--date", "2026-08-01", "--by", "刘洋")
        elif plan["status"] == "basically-done":
            run("set-status", "jc-test", problem, "basically-done", "--label", "基本完成", "--reason", "取得阶段性成效",
                "--by", "刘洋")
    return ledgers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans=st.lists(problem_plan, min_size=1, max_size=3))
def test_any_round_exported_and_imported_gives_the_same_figures(invoke, tmp_path_factory, plans):
    work = tmp_path_factory.mktemp("roundtrip")
    source = build_ledger(invoke, work / "source", plans)
    before = figures_of(invoke, source)
    after = figures_of(invoke, export_and_reimport(invoke, source, work, "jc-test"))
    assert after == before


def test_a_ledgers_export_writes_money_as_numbers_and_dates_as_dates(invoke, tmp_path):
    source = tmp_path / "ledgers"
    copy_bundled_ledgers(source)
    assert invoke("export", "jc-edu", "--output", tmp_path / "o.xlsx", "--ledgers", source).exit_code == 0
    sheet = load_workbook(tmp_path / "o.xlsx")["问题清单"]
    headers = [cell.value for cell in sheet[1]]
    money = [row[headers.index("退缴违规资金（元）")] for row in sheet.iter_rows(min_row=2)]
    assert any(cell.value for cell in money)
    assert all(isinstance(cell.value, (int, float)) for cell in money if cell.value is not None)
    deadlines = [row[headers.index("完成时限")] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.is_date and cell.number_format == "yyyy-mm-dd" for cell in deadlines)
