"""`rectify report` as a user sees it: every format, the exit codes 0/1/2/3, stdout versus stderr.

Runs on temp copies of tests/data/report/round7 with RECTIFY_TODAY=2019-10-01. Golden files in
tests/golden/report/ hold the exact output; their figures were checked by hand against the
fixture (the counts are derived in test_figures.py and test_policy.py). Git is made unavailable
here, so the provenance they end with says so wherever they run (test_provenance.py covers git).
To rewrite them after an intended change: RECTIFY_UPDATE_GOLDEN=1 pytest tests/test_report_cli.py,
then read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from rectify_cli import figures, policy, provenance, report_render
from rectify_cli.check import check_paths, load_policy

HERE = Path(__file__).parent
ROUND7 = HERE / "data" / "report" / "round7"
GOLDEN = HERE / "golden" / "report"


@pytest.fixture(autouse=True)
def report_day(monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-01")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(provenance, "GIT", "rectify-test-no-git")


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "ledgers"
    shutil.copytree(ROUND7, target)
    return target


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RECTIFY_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


def run(invoke, folder: Path, *args: str):
    return invoke("report", "--round", "7", "--ledgers", str(folder), *args)


# --- golden outputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), [
    ("round7.table.en.txt", ["--lang", "en"]),
    ("round7.table.zh.txt", ["--lang", "zh"]),
    ("round7.markdown.en.md", ["--format", "markdown", "--lang", "en"]),
    ("round7.markdown.zh.md", ["--format", "markdown", "--lang", "zh"]),
    ("round7.plain.zh.txt", ["--format", "plain", "--lang", "zh"]),
    ("round7.csv.zh.csv", ["--format", "csv", "--lang", "zh"]),
    ("round7.json", ["--format", "json", "--lang", "en"]),
    ("round7.html", ["--format", "html", "--lang", "zh"]),
    ("round7.open.table.en.txt", ["--open", "--lang", "en"]),
    ("round7.open.csv.zh.csv", ["--open", "--format", "csv", "--lang", "zh"]),
    ("round7.due-soon.table.en.txt", ["--due-soon", "--lang", "en"]),
    ("round7.explain.markdown.en.md", ["--explain", "ding-company", "--format", "markdown", "--lang", "en"]),
    ("round7.as-of-2019-08-01.markdown.en.md", ["--as-of", "2019-08-01", "--format", "markdown", "--lang", "en"]),
])
def test_golden_output(invoke, folder, name, args):
    result = run(invoke, folder, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(name, result.stdout)


# --- what the figures say, checked by hand -----------------------------------------------------


def test_json_is_documented_and_carries_the_hand_counted_figures(invoke, folder):
    data = json.loads(run(invoke, folder, "--format", "json").stdout)
    assert {"round", "as_of", "consequence_date", "organisations", "totals"} <= data.keys()
    assert (data["round"], data["as_of"], data["consequence_date"]) == (7, "2019-10-01", None)
    orgs = {org["id"]: org for org in data["organisations"]}
    assert list(orgs) == ["bing-town", "ding-company", "jia-district", "yi-bureau"]
    jia = orgs["jia-district"]
    assert (jia["name"], jia["problems"], jia["closed"], jia["rate"]) == ("甲区委", 9, 5, 5 / 9)
    assert jia["consequence_date"] == "2019-08-10"
    assert jia["at_consequence_date"]["rate"] == 0.5 and jia["at_consequence_date"]["rate_exact"] == "4/8"
    assert [c["rule"] for c in jia["consequences"]] == ["democratic-life-meeting", "self-examination", "interview"]
    assert jia["consequences"][0]["reason"].startswith("rate 4/8 = 50.00% on 2019-08-10, at or below 50%")
    assert orgs["bing-town"]["rate"] is None and orgs["bing-town"]["consequences"] == []
    assert orgs["yi-bureau"]["rate_percent"] == "66.67%"
    totals = data["totals"]
    assert (totals["organisations"], totals["problems"], totals["rectified"], totals["rate_exact"]) == (4, 19, 9, "9/19")
    assert (totals["funds_returned"], totals["losses_recovered"]) == ("6200.50", "42000.50")
    assert totals["consequences"]["self-examination"] == ["ding-company", "jia-district", "yi-bureau"]


def test_consequence_date_is_printed_on_every_report(invoke, folder):
    for output_format in ("table", "markdown", "plain", "html"):
        out = run(invoke, folder, "--format", output_format, "--lang", "en").stdout
        assert "figures as of 2019-10-01" in out
        assert "concentrated period (2019-08-10, 2019-08-20)" in out


def test_as_of_before_the_end_of_the_period_marks_consequences_provisional(invoke, folder):
    out = run(invoke, folder, "--as-of", "2019-08-01", "--lang", "en").stdout
    assert "provisional: the concentrated period of 丙镇党委, 丁公司党委, 甲区委, 乙局党组 had not ended by 2019-08-01" in out
    data = json.loads(run(invoke, folder, "--as-of", "2019-08-01", "--format", "json").stdout)
    assert data["consequence_date"] == "2019-08-01"
    assert all(org["provisional"] for org in data["organisations"])


def test_filters_by_organisation_id_or_name_and_category(invoke, folder):
    data = json.loads(run(invoke, folder, "--org", "甲区委", "--org", "yi-bureau", "--category", "party-leadership",
                          "--format", "json").stdout)
    assert [org["id"] for org in data["organisations"]] == ["jia-district", "yi-bureau"]
    assert (data["totals"]["problems"], data["totals"]["rectified"]) == (3, 0)   # P7-07, P7-08, P7-09
    assert data["filters"] == {"organisations": ["jia-district", "yi-bureau"], "categories": ["party-leadership"]}


def test_explain_accounts_for_every_problem(invoke, folder):
    data = json.loads(run(invoke, folder, "--explain", "jia-district", "--format", "json").stdout)
    explain = data["explain"]
    assert (explain["numerator"], explain["denominator"]) == (5, 9)
    assert sum(p["in_numerator"] for p in explain["problems"]) == 5
    early = json.loads(run(invoke, folder, "--explain", "jia-district", "--as-of", "2019-08-31",
                           "--format", "json").stdout)["explain"]
    p9 = next(p for p in early["problems"] if p["id"] == "P7-09")
    assert not p9["in_denominator"] and p9["why"] == "counts from 2019-09-01, after 2019-08-31"


def test_open_items_mark_the_overdue(invoke, folder):
    data = json.loads(run(invoke, folder, "--open", "--format", "json").stdout)
    items = {item["id"]: item for item in data["open_items"]}
    assert len(items) == 10
    assert items["T7-4"]["overdue"] and items["T7-4"]["days_overdue"] == 83   # 2019-07-10 -> 2019-10-01
    assert items["Y7-03"]["overdue"] and items["Y7-03"]["days_overdue"] == 1  # missed review of 2019-09-30
    assert not items["T7-6"]["overdue"]


def test_the_summarised_and_cached_path_gives_the_figures_of_the_full_path(invoke, folder):
    # the report view is computed from per-file summaries (cacheable); --open loads every model
    summarised = json.loads(run(invoke, folder, "--format", "json").stdout)
    again = json.loads(run(invoke, folder, "--format", "json").stdout)          # served from the cache
    full = json.loads(run(invoke, folder, "--open", "--format", "json").stdout)
    full.pop("open_items")
    full.pop("carry_over_items")
    assert summarised == again == full


def test_a_changed_ledger_is_not_served_from_the_cache(invoke, folder):
    def satisfied() -> int:
        data = json.loads(run(invoke, folder, "--format", "json").stdout)
        return next(org["satisfied"] for org in data["organisations"] if org["id"] == "jia-district")

    assert satisfied() == 38
    path = folder / "jia-district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("satisfied: 30, basically_satisfied: 8, dissatisfied: 12",
                                                                  "satisfied: 40, basically_satisfied: 8, dissatisfied: 2"), encoding="utf-8")
    assert satisfied() == 48


# --- formats -----------------------------------------------------------------------------------


def test_csv_has_a_bom_and_crlf_for_excel(invoke, folder):
    result = run(invoke, folder, "--format", "csv", "--lang", "zh")
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and "甲区委".encode() in raw


def test_output_file_gets_the_data_and_stderr_says_so(invoke, folder, tmp_path):
    target = tmp_path / "report.csv"
    result = run(invoke, folder, "--format", "csv", "--output", str(target), "--lang", "en")
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {target}" in result.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_html_is_self_contained_with_a_chart_and_the_threshold_line(invoke, folder):
    page = run(invoke, folder, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "stroke-dasharray" in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_table_without_a_terminal_has_no_colour_codes_and_keeps_rows_whole(invoke, folder):
    out = run(invoke, folder, "--lang", "zh").stdout
    assert "\x1b[" not in out
    line = next(line for line in out.splitlines() if line.lstrip().startswith("甲区委") and "55.56%" in line)
    assert "77.78%" in line   # one row, one line


def test_rich_tables_align_chinese_by_display_width():
    from wcwidth import wcswidth

    loaded_policy, _ = load_policy(ROUND7)
    ledgers = [item.ledger for item in check_paths([ROUND7], loaded_policy, dt.date(2019, 10, 1)).ledgers]
    report = figures.round_report(ledgers, round=7, as_of=dt.date(2019, 10, 1), policy=loaded_policy)
    text = report_render.render(report, policy.apply(report), "table", "zh")
    rows = [line for line in text.splitlines() if "%" in line and line.lstrip().startswith(("丁公司党委", "甲区委", "乙局党组", "合计"))]
    ends = {wcswidth(line[: line.index("%") + 1]) for line in rows[:4]}
    assert len(rows) >= 4 and len(ends) == 1   # the first percentage column ends at the same display column


def test_a_narrow_terminal_never_crops_or_breaks_a_number():
    loaded_policy, _ = load_policy(ROUND7)
    ledgers = [item.ledger for item in check_paths([ROUND7], loaded_policy, dt.date(2019, 10, 1)).ledgers]
    report = figures.round_report(ledgers, round=7, as_of=dt.date(2019, 10, 1), policy=loaded_policy)
    for width in (60, 100):
        text = report_render.render(report, policy.apply(report), "table", "zh", width=width)
        for value in ("100.00%", "77.78%", "42,000.50", "13/20"):
            assert value in text, (width, value)


def test_colour_only_when_asked():
    doc = report_render.Document("t", [], [report_render.Section("s", ["a"], [["x"]], styles=["red"])])
    assert "\x1b[" in report_render.as_rich(doc, color=True, width=80)
    assert "\x1b[" not in report_render.as_rich(doc, color=False)


# --- language ----------------------------------------------------------------------------------


def test_language_comes_from_rectify_lang_then_the_locale(invoke, folder, monkeypatch):
    assert "整改进展情况统计表" not in run(invoke, folder).stdout
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "整改进展情况统计表" in run(invoke, folder).stdout
    monkeypatch.setenv("RECTIFY_LANG", "en")
    assert "Progress statistics" in run(invoke, folder).stdout
    assert "整改进展情况统计表" in run(invoke, folder, "--lang", "zh").stdout


# --- exit codes --------------------------------------------------------------------------------


def test_fail_on_a_rule_that_fires_exits_3(invoke, folder):
    result = run(invoke, folder, "--fail-on", "democratic-life-meeting", "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["round"] == 7 and result.stderr == ""


def test_fail_on_any_exits_3_and_a_rule_that_does_not_fire_exits_0(invoke, folder):
    assert run(invoke, folder, "--fail-on", "any").exit_code == 3
    assert run(invoke, folder, "--fail-on", "warning-interview").exit_code == 0
    assert run(invoke, folder, "--org", "bing-town", "--fail-on", "any").exit_code == 0


def test_fail_on_an_unknown_rule_is_a_usage_error_listing_the_ids(invoke, folder):
    result = run(invoke, folder, "--fail-on", "democratic-meeting")
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown rule 'democratic-meeting'" in result.stderr
    for rule in policy.RULE_IDS:
        assert rule in result.stderr


def test_invalid_ledgers_are_listed_and_the_valid_ones_reported(invoke, folder):
    broken = (folder / "yi-bureau.yaml").read_text(encoding="utf-8").replace("deadline: 2019-07-31", "deadline: 2019-13-31")
    (folder / "yi-bureau.yaml").write_text(broken, encoding="utf-8")
    result = run(invoke, folder, "--format", "json", "--fail-on", "any")
    assert result.exit_code == 1   # 1 wins over 3: the figures are incomplete
    data = json.loads(result.stdout)
    assert [org["id"] for org in data["organisations"]] == ["bing-town", "ding-company", "jia-district"]
    assert "1 invalid ledger file(s) left out of the report" in result.stderr
    assert "yi-bureau.yaml" in result.stderr


def test_an_unreadable_policy_gives_no_report(invoke, folder):
    (folder / "policy.yaml").write_text("rules: {democratic-life-meeting: {rate_at_or_below: 150%}}\n", encoding="utf-8")
    result = run(invoke, folder)
    assert result.exit_code == 1 and result.stdout == ""
    assert "policy" in result.stderr


def test_a_round_no_ledger_records_is_a_usage_error(invoke, folder):
    result = invoke("report", "--round", "9", "--ledgers", str(folder))
    assert result.exit_code == 2 and result.stdout == ""
    assert "records round 9 (rounds recorded: 6, 7)" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--org", "nowhere"], "--org: no organisation 'nowhere' in round 7"),
    (["--explain", "nowhere"], "--explain: no organisation 'nowhere' in round 7"),
    (["--category", "no-such"], "--category: 'no-such' is not a category of the policy"),
    (["--as-of", "2019-02-30"], "--as-of: '2019-02-30' is not a date"),
    (["--open", "--explain", "jia-district"], "choose one of --open, --due-soon and --explain"),
])
def test_usage_errors_exit_2_on_stderr(invoke, folder, args, message):
    result = run(invoke, folder, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


def test_a_missing_ledger_folder_exits_2(invoke, tmp_path):
    result = invoke("report", "--round", "7", "--ledgers", str(tmp_path / "none"))
    assert result.exit_code == 2 and result.stdout == ""
