"""Across rounds as a user sees it: report sections, `list --unsettled/--due-soon`, `trend`, `common`,
the clue commands, and the example ledgers.

Runs on temp copies of tests/data/rounds (the hand-counted figures are in test_rounds.py) with
RECTIFY_TODAY=2021-12-31 and --as-of 2021-07-15. Golden files in tests/golden/rounds/ hold the
exact output, checked by hand against the fixture; git is made unavailable for them, so their
provenance says "git is not installed" wherever they run (test_provenance.py covers git).
To rewrite them after an intended change: RECTIFY_UPDATE_GOLDEN=1 pytest tests/test_rounds_cli.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_bundled_ledgers
from rectify_cli import provenance
from rectify_cli.render import report as report_render

HERE = Path(__file__).parent
ROUNDS = HERE / "data" / "rounds"
GOLDEN = HERE / "golden" / "rounds"
AS_OF = "2021-07-15"


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2021-12-31")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(provenance, "GIT", "rectify-test-no-git")


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "ledgers"
    shutil.copytree(ROUNDS, target)
    return target


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RECTIFY_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


# --- golden outputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args"), [
    ("report.round5.markdown.en.md", ["report", "--round", "5", "--format", "markdown", "--lang", "en"]),
    ("report.round5.json", ["report", "--round", "5", "--format", "json", "--lang", "en"]),
    ("report.round5.due-soon.markdown.zh.md", ["report", "--round", "5", "--due-soon", "--format", "markdown",
                                                "--lang", "zh"]),
    ("report.round5.open.markdown.en.md", ["report", "--round", "5", "--open", "--format", "markdown", "--lang", "en"]),
    ("report.round5.trend.markdown.zh.md", ["report", "--round", "5", "--trend", "--format", "markdown", "--lang", "zh"]),
    ("list.unsettled.markdown.en.md", ["list", "--unsettled", "--format", "markdown", "--lang", "en"]),
    ("list.due-soon.table.zh.txt", ["list", "--due-soon", "--lang", "zh"]),
    ("trend.alpha.markdown.en.md", ["trend", "alpha", "--format", "markdown", "--lang", "en"]),
    ("trend.round5.markdown.zh.md", ["trend", "--round", "5", "--format", "markdown", "--lang", "zh"]),
    ("common.round5.markdown.en.md", ["common", "--round", "5", "--format", "markdown", "--lang", "en"]),
    ("common.all.json", ["common", "--min-orgs", "3", "--format", "json", "--lang", "zh"]),
])
def test_golden_output(invoke, folder, name, args):
    result = invoke(*args, "--as-of", AS_OF, "--ledgers", str(folder))
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


# --- the report ----------------------------------------------------------------------------------


def run(invoke, folder: Path, *args: str):
    return invoke("report", "--round", "5", "--as-of", AS_OF, "--ledgers", str(folder), *args)


def test_report_json_keys_for_carry_over_repeats_clues_and_warnings(invoke, folder):
    data = json.loads(run(invoke, folder, "--format", "json").stdout)
    alpha = next(org for org in data["organisations"] if org["id"] == "alpha")
    assert alpha["carry_over"] == {"carried": 3, "settled": 1, "unsettled": 2, "overdue": 1,
                                   "included_in_figures": False, "ids": ["A3-02", "A3-03", "A3-04"]}
    assert (alpha["problems"], alpha["rectified"]) == (4, 1)
    assert alpha["repeated"] == [{"id": "A5-01", "repeat_of": "A3-01"}]
    assert (alpha["repeats"], alpha["reopened"]) == (1, 1)
    assert (alpha["clues_handed_over"], alpha["clues_disposed"], alpha["clue_disposal_rate"]) == (3, 1, 1 / 3)
    assert alpha["warning_counts"] == {"red": 3, "yellow": 3, "green": 2}
    totals = data["totals"]
    assert totals["carry_over"] == {"carried": 3, "settled": 1, "unsettled": 2, "overdue": 1,
                                    "included_in_figures": False}
    assert totals["warning_counts"] == {"red": 5, "yellow": 4, "green": 2}
    assert "warnings" not in data                               # each item: --due-soon
    due = json.loads(run(invoke, folder, "--due-soon", "--format", "json").stdout)["warnings"]
    assert [(w["colour"], w["days_left"], w["problem"], w["measure"]) for w in due][:3] == [
        ("red", -400, "A3-04", None), ("red", -400, "A3-04", "M2"), ("red", -35, "A5-02", None)]
    carried = json.loads(run(invoke, folder, "--open", "--format", "json").stdout)["carry_over_items"]
    assert [(c["id"], c["status_at_feedback"], c["status"], c["settled"]) for c in carried] == [
        ("A3-02", "open", "closed", True), ("A3-03", "long-term", "long-term", False),
        ("A3-04", "basically-done", "basically-done", False)]


def test_include_carry_over_puts_the_carried_problems_into_the_rate(invoke, folder):
    policy = folder / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("include_carry_over: false", "include_carry_over: true"),
                      encoding="utf-8")
    data = json.loads(run(invoke, folder, "--format", "json").stdout)
    alpha = next(org for org in data["organisations"] if org["id"] == "alpha")
    assert (alpha["problems"], alpha["rectified"], alpha["rate_exact"]) == (7, 2, "2/7")
    assert alpha["at_consequence_date"]["rate_exact"] == "2/7"
    assert alpha["carry_over"]["included_in_figures"] is True
    text = run(invoke, folder, "--lang", "en", "--format", "markdown").stdout
    assert "earlier rounds' problems unsettled on the feedback date are counted in this round's figures" in text
    explain = json.loads(run(invoke, folder, "--explain", "alpha", "--format", "json").stdout)["explain"]
    assert (explain["numerator"], explain["denominator"]) == (2, 7)
    a302 = next(p for p in explain["problems"] if p["id"] == "A3-02")
    assert a302["carried_over"] and a302["in_numerator"]
    assert a302["why"].startswith("carried over from round 3: unsettled on 2021-03-10; ")
    open_items = json.loads(run(invoke, folder, "--open", "--format", "json").stdout)["open_items"]
    assert {"A3-03", "A3-04"} <= {item["id"] for item in open_items}


def test_report_trend_draws_the_series_in_html(invoke, folder):
    html = run(invoke, folder, "--trend", "--format", "html", "--lang", "en").stdout
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 2                                     # the bars, then the lines
    lines = charts[1]
    assert lines.count("<polyline") == 4                        # three organisations and the total
    for day in ("06-10 (judged)", "06-20 (judged)", "07-15 (judged)"):
        assert day in lines
    assert "甲局党组 2021-06-10: 1/4 = 25.00%" in lines          # each point says its figure
    # the bars are the judged rates; a mark shows the as-of rate where it differs (none here)
    assert "25.00%" in charts[0]
    data = json.loads(run(invoke, folder, "--trend", "--format", "json").stdout)["trend"]
    assert data["judged_on"] == ["2021-06-10", "2021-06-20", "2021-07-15"]
    assert [p["rate_exact"] for p in data["totals"]] == ["0/7", "1/10", "4/10", "3/10", "4/10", "4/10", "5/10"]


def test_due_soon_rows_carry_a_colour_word_and_colour_only_on_request(invoke, folder):
    result = invoke("list", "--due-soon", "--as-of", AS_OF, "--ledgers", str(folder), "--lang", "en")
    assert "\x1b[" not in result.stdout                         # not a terminal: words only
    rows = [line.split()[0] for line in result.stdout.splitlines() if line.strip().startswith(("red", "yellow", "green"))]
    assert rows.count("red") == 6 and rows.count("yellow") == 4 and rows.count("green") == 2   # A3-05 too: not round 5
    doc = report_render.Document("t", [], [report_render.Section("s", ["a"], [["红"], ["黄"], ["绿"]],
                                                                 styles=["red", "yellow", "green"])])
    coloured = report_render.as_rich(doc, color=True, width=80)
    assert all(code in coloured for code in ("\x1b[31m", "\x1b[33m", "\x1b[32m"))


def test_list_due_soon_overdue_keeps_the_red(invoke, folder):
    data = json.loads(invoke("list", "--due-soon", "--overdue", "--as-of", AS_OF, "--ledgers", str(folder),
                             "--format", "json").stdout)
    assert {w["colour"] for w in data["warnings"]} == {"red"}
    assert data["warning_counts"] == {"red": 6, "yellow": 0, "green": 0}
    # A3-05 is no round-5 problem and was not carried (closed on round 5's feedback date), but it was
    # reopened on 2021-05-01 and its deadline 2020-06-10 is 400 days past: the list shows it
    assert [(w["problem"], w["measure"], w["days_left"]) for w in data["warnings"][:3]] == [
        ("A3-04", None, -400), ("A3-04", "M2", -400), ("A3-05", None, -400)]


# --- trend and common ----------------------------------------------------------------------------


def test_trend_json_of_an_organisation(invoke, folder):
    data = json.loads(invoke("trend", "甲局党组", "--as-of", AS_OF, "--ledgers", str(folder), "--format", "json").stdout)
    assert data["organisation"] == {"id": "alpha", "name": "甲局党组"}
    assert [(r["round"], r["consequence_date"], r["rate_exact"], r["overdue"], r["carried_over"]) for r in data["rounds"]] == [
        (3, "2020-06-10", "2/5", 0, 0), (5, "2021-06-10", "1/4", 0, 3)]
    assert [c["rule"] for c in data["rounds"][1]["consequences"]] == ["democratic-life-meeting", "self-examination"]


def test_trend_of_a_round_in_csv_and_html(invoke, folder):
    csv_text = invoke("trend", "--round", "5", "--as-of", AS_OF, "--ledgers", str(folder), "--format", "csv",
                      "--lang", "en").stdout
    assert csv_text.startswith("\ufeffOrganisation,2021-03-31,2021-04-30,2021-05-31,2021-06-10 (judged),")
    assert "丙公司党委,—,0.00%,33.33%" in csv_text
    one = invoke("trend", "beta", "--round", "5", "--as-of", AS_OF, "--ledgers", str(folder), "--format", "html").stdout
    assert one.count("<polyline") == 2                        # beta and the total


def test_common_json_names_the_organisations(invoke, folder):
    data = json.loads(invoke("common", "--round", "5", "--min-orgs", "3", "--as-of", AS_OF, "--ledgers", str(folder),
                             "--format", "json", "--lang", "en").stdout)
    assert data["organisations_considered"] == 3
    formalism = next(c for c in data["categories"] if c["id"] == "formalism")
    assert formalism["names"] == ["甲局党组", "乙镇党委", "丙公司党委"]
    assert formalism["marked_common_by"] == ["alpha", "beta", "gamma"]
    assert formalism["problem_ids"] == {"alpha": ["A5-03"], "beta": ["B5-01"], "gamma": ["G5-01"]}


@pytest.mark.parametrize(("args", "message"), [
    (["trend"], "name an organisation (rectify trend ORG) or a round"),
    (["trend", "nobody"], "no valid ledger of an organisation 'nobody'"),
    (["trend", "--round", "9"], "records round 9 (rounds recorded: 3, 5)"),
    (["trend", "delta", "--round", "5"], "delta has not received round 5"),
    (["common", "--round", "9"], "records round 9"),
    (["report", "--round", "5", "--open", "--due-soon"], "choose one of --open, --due-soon and --explain"),
    (["report", "--round", "5", "--open", "--trend"], "--trend goes with the report itself"),
])
def test_usage_errors_exit_2(invoke, folder, args, message):
    result = invoke(*args, "--ledgers", str(folder))
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


# --- clues ---------------------------------------------------------------------------------------


def test_clues_are_added_and_disposed_of_and_counted(invoke, folder):
    result = invoke("add-clue", "beta", "--round", "5", "--to", "县纪委监委", "--handed-on", "2021-04-01",
                    "--summary", "反映惠民资金发放问题", "--ledgers", str(folder), "--by", "测试")
    assert result.exit_code == 0 and result.stdout == "C5-001\n"
    second = invoke("add-clue", "beta", "--round", "5", "--to", "县纪委监委", "--handed-on", "2021-04-02",
                    "--ledgers", str(folder), "--by", "测试")
    assert second.stdout == "C5-002\n"
    text = (folder / "beta.yaml").read_text(encoding="utf-8")   # the inspection is written in flow style: so is the clue
    assert "clues: [{id: C5-001, handed_on: 2021-04-01, to: 县纪委监委, summary: 反映惠民资金发放问题}, " in text
    done = invoke("dispose-clue", "beta", "C5-001", "--disposal", "谈话函询", "--date", "2021-06-30",
                  "--ledgers", str(folder), "--by", "测试")
    assert done.exit_code == 0 and "disposed of on 2021-06-30" in done.stderr
    beta = next(o for o in json.loads(run(invoke, folder, "--format", "json").stdout)["organisations"] if o["id"] == "beta")
    assert (beta["clues_handed_over"], beta["clues_disposed"], beta["clue_disposal_rate"]) == (2, 1, 0.5)
    assert invoke("validate", "--ledgers", str(folder)).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["dispose-clue", "alpha", "C5-001", "--disposal", "x"], "already disposed of on 2021-05-01"),
    (["dispose-clue", "alpha", "C5-009", "--disposal", "x"], "alpha has no clue 'C5-009'"),
    (["dispose-clue", "alpha", "C5-004", "--disposal", "x", "--date", "2021-07-01"], "before the clue was handed over"),
    (["add-clue", "alpha", "--round", "4", "--to", "x", "--handed-on", "2021-01-01"], "has not received round 4"),
    (["add-clue", "alpha", "--round", "5", "--to", "x", "--handed-on", "2022-01-01"], "is in the future"),
])
def test_clue_changes_are_refused_with_the_reason(invoke, folder, args, message):
    before = (folder / "alpha.yaml").read_bytes()
    result = invoke(*args, "--ledgers", str(folder), "--by", "测试")
    assert result.exit_code == 1 and message in result.stderr
    assert (folder / "alpha.yaml").read_bytes() == before


# --- the example ledgers (what issue 5 asks them to show) -----------------------------------------


@pytest.fixture
def examples(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("RECTIFY_TODAY", "2026-12-01")
    copy_bundled_ledgers(tmp_path / "ledgers")
    return tmp_path / "ledgers"


def test_examples_carry_over_and_repeats(invoke, examples):
    data = json.loads(invoke("report", "--round", "7", "--ledgers", str(examples), "--format", "json").stdout)
    orgs = {org["id"]: org for org in data["organisations"]}
    assert orgs["jc-xinhe"]["carry_over"]["ids"] == ["P4-005", "P4-006"]
    assert orgs["jc-xinhe"]["carry_over"]["settled"] == 1                 # P4-005 closed 2026-06-20
    assert orgs["jc-edu"]["carry_over"]["ids"] == ["P4-005"]
    assert orgs["jc-qingshi"]["carry_over"]["ids"] == ["P4-005"]          # basically done is not rectified
    assert orgs["jc-hospital"]["carry_over"]["carried"] == 0
    assert orgs["jc-xinhe"]["repeated"] == [{"id": "P7-006", "repeat_of": "P4-003"}]
    assert orgs["jc-edu"]["repeated"] == [{"id": "P7-003", "repeat_of": "P4-002"}]
    assert (orgs["jc-xinhe"]["rate_exact"], data["totals"]["rate_exact"]) == ("7/10", "66/83")   # carry-over apart; 高新区 P7-010 not upheld
    unsettled = json.loads(invoke("list", "--unsettled", "--open", "--ledgers", str(examples), "--format", "json").stdout)
    assert [(p["organisation"], p["id"]) for p in unsettled["problems"]] == [
        ("jc-edu", "P4-005"), ("jc-qingshi", "P4-005"), ("jc-xinhe", "P4-006")]


def test_examples_formalism_is_common_everywhere(invoke, examples):
    data = json.loads(invoke("common", "--round", "7", "--min-orgs", "3", "--ledgers", str(examples),
                             "--format", "json").stdout)
    formalism = next(c for c in data["categories"] if c["id"] == "formalism")
    assert (formalism["organisations"], formalism["marked_common"]) == (9, 9)


def test_examples_warnings_match_the_independent_count(invoke, examples):
    # the list scripts/make_examples.py --table prints, computed without rectify's figures code
    expected = """
        red -335 jc-edu P4-005 | red -335 jc-edu P4-005/M2 | red -123 jc-edu P7-006 | red -123 jc-edu P7-006/M2 |
        red -92 jc-xinhe P7-008 | red -62 jc-university P7-009 |
        red -62 jc-university P7-009/M2 | red -31 jc-dongmen P7-006 | red -31 jc-dongmen P7-006/M2 |
        red -31 jc-qingshi P7-008 | red -31 jc-qingshi P7-008/M2 | yellow -11 jc-edu P7-009/M1/N2 |
        red -1 jc-dongmen P7-007 | yellow -1 jc-edu P7-008/M2/N2 |
        yellow 4 jc-xinhe P7-007 | yellow 7 jc-edu P7-008 | yellow 7 jc-xinhe P7-009 |
        yellow 9 jc-university P7-008 | yellow 9 jc-university P7-008/M3 |
        green 14 jc-edu P7-009 | green 14 jc-qingshi P4-005 | green 14 jc-qingshi P4-005/M2 |
        green 17 jc-cityinvest P7-012 | green 17 jc-cityinvest P7-012/M2 | green 17 jc-dongmen P7-004 |
        green 17 jc-dongmen P7-004/M2 | green 17 jc-xinhe P4-006 | green 19 jc-university P7-010"""
    rows = [" ".join(item.split()) for item in expected.split("|")]
    data = json.loads(invoke("list", "--due-soon", "--ledgers", str(examples), "--format", "json").stdout)
    found = [f"{w['colour']} {w['days_left']} {w['organisation']} {w['problem']}" + (f"/{w['measure']}" if w["measure"] else "")
             + (f"/{w['milestone']}" if w["milestone"] else "") for w in data["warnings"]]
    assert found == rows
    problems = [w for w in data["warnings"] if w["measure"] is None]
    assert [sum(w["colour"] == c for w in problems) for c in ("red", "yellow", "green")] == [7, 4, 6]
    report = json.loads(invoke("report", "--round", "7", "--ledgers", str(examples), "--format", "json").stdout)
    assert report["totals"]["warning_counts"] == {"red": 12, "yellow": 7, "green": 9}   # the same 28, with carry-over
    assert report["totals"]["measures_behind_plan"] == 3   # jc-edu's P7-006/M2, P7-008/M2, P7-009/M1


def test_examples_measure_added_after_the_as_of_date_is_not_counted(invoke, examples):
    # jc-hospital P7-005 was reopened on 2026-09-12 and given M3 on 2026-09-14 (history: measure-added)
    def measures(as_of: str) -> tuple[int, int]:
        data = json.loads(invoke("report", "--round", "7", "--as-of", as_of, "--org", "jc-hospital",
                                 "--ledgers", str(examples), "--format", "json").stdout)
        org = data["organisations"][0]
        return org["measures_done"], org["measures_total"]

    assert measures("2026-08-15") == (15, 15)
    assert measures("2026-09-13") == (15, 15)
    assert measures("2026-09-14") == (15, 16)                 # added, not yet done
    assert measures("2026-10-20") == (16, 16)


# --- invalid ledgers are named in trend and common too --------------------------------------------


def test_trend_and_common_name_the_invalid_ledgers_left_out(invoke, folder):
    (folder / "delta.yaml").write_text("organisation: [\n", encoding="utf-8")
    for args in (["trend", "alpha"], ["trend", "--round", "5"], ["common"]):
        data = invoke(*args, "--as-of", AS_OF, "--ledgers", str(folder), "--format", "json")
        assert data.exit_code == 1
        assert [Path(name).name for name in json.loads(data.stdout)["invalid_files"]] == ["delta.yaml"]
        text = invoke(*args, "--as-of", AS_OF, "--ledgers", str(folder), "--format", "markdown", "--lang", "en").stdout
        assert "- **1 invalid ledger file left out: " in text and "delta.yaml (run rectify validate)**" in text
        csv_text = invoke(*args, "--as-of", AS_OF, "--ledgers", str(folder), "--format", "csv", "--lang", "en").stdout
        assert any(line.startswith("provenance,invalid_files,") and line.endswith("delta.yaml")
                   for line in csv_text.splitlines())
