"""Between feedback and closure: progress reports (rectify progress), milestones and the plan (rectify milestone),
and the calendar (rectify calendar), through the CLI on real files in a temp folder."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, ROOT


@pytest.fixture
def repo(tmp_path, monkeypatch):
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    shutil.copy(ROOT / "ledgers" / "jc-edu.yaml", tmp_path / "ledgers" / "jc-edu.yaml")
    shutil.copy(ROOT / "ledgers" / "jc-hitech.yaml", tmp_path / "ledgers" / "jc-hitech.yaml")
    shutil.copy(ROOT / "ledgers" / "policy.yaml", tmp_path / "ledgers" / "policy.yaml")
    shutil.copytree(ROOT / "evidence" / "jc-edu", tmp_path / "evidence" / "jc-edu")
    shutil.copytree(ROOT / "evidence" / "jc-hitech", tmp_path / "evidence" / "jc-hitech")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ledger(repo, org="jc-edu"):
    return (repo / "ledgers" / f"{org}.yaml").read_text(encoding="utf-8")


def test_a_progress_report_is_recorded_chained_and_shown_everywhere(invoke, repo):
    result = invoke("progress", "jc-edu", "P7-006", "--date", "2026-11-20", "--done", "第9个党组织完成整顿验收",
                    "--next", "组织全面验收", "--obstacles", "无", "--support", "请市委组织部派员", "--percent", "100", "--by", "何静")
    assert result.exit_code == 0, result.output
    text = ledger(repo)
    assert "{date: 2026-11-20, by: 何静, done: 第9个党组织完成整顿验收, next: 组织全面验收" in text
    assert "did: progress, date: 2026-11-20, percent: 100, reason: 第9个党组织完成整顿验收" in text
    assert invoke("validate", "ledgers/jc-edu.yaml").exit_code == 0
    shown = invoke("show", "jc-edu", "P7-006", "--lang", "zh").stdout
    assert "2026-11-20 100%：第9个党组织完成整顿验收" in shown and "需协调：请市委组织部派员" in shown
    listed = json.loads(invoke("list", "--org", "jc-edu", "--open", "--format", "json").stdout)
    row = next(p for p in listed["problems"] if p["id"] == "P7-006")
    assert row["progress"]["percent"] == 100 and row["progress"]["measure"] is None
    assert row["behind_plan"] == ["M2"]
    table = invoke("list", "--org", "jc-edu", "--open", "--lang", "zh").stdout
    assert "最新进展" in table and "2026-11-20 100%：第9个党组织完成整顿验收" in table
    opened = invoke("report", "--round", "7", "--open", "--org", "jc-edu", "--lang", "zh", "--format", "markdown").stdout
    assert "最新进展" in opened and "第9个党组织完成整顿验收" in opened and "进度滞后：M2" in opened
    data = json.loads(invoke("report", "--round", "7", "--open", "--org", "jc-edu", "--format", "json").stdout)
    item = next(i for i in data["open_items"] if i["id"] == "P7-006")
    assert item["progress"]["date"] == "2026-11-20" and item["behind_plan"] == ["M2"]


def test_a_progress_report_is_the_latest_only_from_its_date(invoke, repo):
    data = json.loads(invoke("list", "--org", "jc-edu", "--open", "--as-of", "2026-10-01", "--format", "json").stdout)
    row = next(p for p in data["problems"] if p["id"] == "P7-006")
    assert (row["progress"]["date"], row["progress"]["percent"]) == ("2026-09-08", 55)


@pytest.mark.parametrize(("args", "said"), [
    (["P7-001", "--date", "2026-09-01"], "closed on 2026-08-10"),                 # after the closure
    (["P7-006", "--date", "2026-10-01"], "earlier than the last one"),            # out of order
    (["P7-006", "--measure", "M1", "--date", "2026-09-01"], "was done on 2026-07-15"),
    (["P7-006", "--date", "2026-12-30"], "in the future"),
    (["P7-006", "--date", "2026-05-01"], "before P7-006 was fed back"),
    (["P7-006", "--measure", "M7", "--date", "2026-11-20"], "no measure 'M7'"),
])
def test_a_progress_report_out_of_place_is_refused_and_nothing_written(invoke, repo, args, said):
    before = ledger(repo)
    result = invoke("progress", "jc-edu", *args, "--done", "开展工作")
    assert result.exit_code == 1 and said in result.stderr
    assert ledger(repo) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(percent=st.integers(min_value=-10_000, max_value=10_000))
def test_percent_outside_0_to_100_is_a_usage_error(invoke, repo, percent):
    result = invoke("progress", "jc-edu", "P7-006", "--done", "x", "--date", "2026-11-20", "--percent", str(percent),
                    "--dry-run")
    assert result.exit_code == (0 if 0 <= percent <= 100 else 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40))
def test_any_progress_text_is_recorded_as_written_or_refused_cleanly(invoke, repo, text):
    result = invoke("progress", "jc-edu", "P7-006", "--done", text, "--date", "2026-11-20", "--dry-run")
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output


def test_a_milestone_is_planned_done_and_makes_the_plan(invoke, repo):
    assert invoke("progress", "jc-hitech", "P7-009", "--measure", "M2", "--date", "2026-11-24", "--done", "验收准备",
                  "--by", "潘婷").exit_code == 0
    planned = invoke("milestone", "jc-hitech", "P7-009", "M2", "--text", "完成安全评估", "--due", "2026-11-28",
                     "--date", "2026-11-24", "--by", "潘婷")
    assert planned.exit_code == 0 and planned.stdout.strip() == "N4"
    assert invoke("validate", "ledgers/jc-hitech.yaml").exit_code == 0
    # on plan until its date passes, behind plan after it
    def behind(as_of: str) -> int:
        data = json.loads(invoke("report", "--round", "7", "--org", "jc-hitech", "--as-of", as_of,
                                 "--format", "json").stdout)
        return data["organisations"][0]["measures_behind_plan"]

    assert behind("2026-11-28") == 0 and behind("2026-11-29") == 1
    done = invoke("milestone", "jc-hitech", "P7-009", "M2", "--done", "N4", "--date", "2026-11-24", "--by", "潘婷")
    assert done.exit_code == 0, done.output
    assert behind("2026-11-29") == 0
    assert "did: milestone-done, date: 2026-11-24, measure: M2, milestone: N4" in ledger(repo, "jc-hitech")


def test_milestones_out_of_the_plan_are_refused(invoke, repo):
    before = ledger(repo)
    late = invoke("milestone", "jc-edu", "P7-008", "M2", "--text", "印发", "--due", "2027-01-31", "--date", "2026-11-20")
    assert late.exit_code == 1 and "after P7-008/M2's deadline (2026-12-08)" in late.stderr
    past = invoke("milestone", "jc-edu", "P7-008", "M2", "--text", "印发", "--due", "2026-11-01", "--date", "2026-11-20")
    assert past.exit_code == 1 and "before the day it is planned" in past.stderr
    twice = invoke("milestone", "jc-edu", "P7-008", "M2", "--done", "N1")
    assert twice.exit_code == 1 and "already done on 2026-11-13" in twice.stderr
    both = invoke("milestone", "jc-edu", "P7-008", "M2", "--done", "N2", "--text", "x")
    assert both.exit_code == 2
    assert ledger(repo) == before


def test_behind_plan_colours_the_warning_and_the_report_counts_it(invoke, repo):
    data = json.loads(invoke("list", "--due-soon", "--org", "jc-edu", "--as-of", "2026-12-01", "--format", "json").stdout)
    warning = next(w for w in data["warnings"] if w["problem"] == "P7-009" and w["measure"] == "M1")
    assert (warning["colour"], warning["milestone"], warning["behind_plan"], warning["days_left"]) == (
        "yellow", "N2", True, -11)
    report = json.loads(invoke("report", "--round", "7", "--as-of", "2026-12-01", "--format", "json").stdout)
    edu = next(o for o in report["organisations"] if o["id"] == "jc-edu")
    assert (edu["measures_behind_plan"], edu["milestones_missed"]) == (3, 4)
    assert report["totals"]["measures_behind_plan"] == 3
    table = invoke("report", "--round", "7", "--as-of", "2026-12-01", "--lang", "zh").stdout
    assert "进度滞后措施" in table and "滞后节点" in table
    (repo / "ledgers" / "policy.yaml").write_text(
        ledger(repo, "policy").replace("  behind_plan: yellow", "  behind_plan: red"), encoding="utf-8")
    data = json.loads(invoke("list", "--due-soon", "--org", "jc-edu", "--as-of", "2026-12-01", "--format", "json").stdout)
    warning = next(w for w in data["warnings"] if w["problem"] == "P7-009" and w["measure"] == "M1")
    assert warning["colour"] == "red"


@pytest.mark.parametrize(("old", "new"), [
    ("{id: N2, text: 完成笔试、面试和体检, due: 2026-11-20}", "{id: N2, text: 完成笔试、面试和体检, due: 2026-11-30}"),
    ("{date: 2026-10-30, by: 何静, done: 招聘公告已发布，报名312人，资格审查完成, next: 11月中旬组织笔试, percent: 45}",
     "{date: 2026-10-30, by: 何静, done: 招聘公告已发布，报名312人，资格审查完成, next: 11月中旬组织笔试, percent: 65}"),
    ("{id: N2, text: 完成笔试、面试和体检, due: 2026-11-20}",
     "{id: N2, text: 完成笔试、面试和体检, due: 2026-11-20, done_on: 2026-11-19}"),
])
def test_a_plan_or_a_report_changed_by_hand_is_caught(invoke, repo, old, new):
    text = ledger(repo)
    assert old in text
    (repo / "ledgers" / "jc-edu.yaml").write_text(text.replace(old, new), encoding="utf-8")
    result = invoke("validate", "ledgers/jc-edu.yaml", "--format", "json")
    assert result.exit_code == 1
    assert "E-HISTORY-MISMATCH" in {finding["code"] for finding in json.loads(result.stdout)}


def test_the_calendar_parses_back_with_outlooks_fields(invoke, repo):
    from icalendar import Calendar

    out = repo / "jc-edu.ics"
    result = invoke("calendar", "--org", "jc-edu", "--round", "7", "--as-of", "2026-11-24", "-o", out)
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events and all(type(e.decoded("DTSTART")).__name__ == "date" for e in events)
    assert all(e["DTSTART"].params.get("VALUE") == "DATE" for e in events)
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "【时间节点】P7-009/M1/N2 完成笔试、面试和体检（中共江城市教育局党组）" in summaries
    assert any(s.startswith("【长期整改督查】P7-009") for s in summaries)
    assert any(s.startswith("【整改时限】P7-008") for s in summaries)
    assert not any("P7-001" in s for s in summaries)          # closed: nothing ahead
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids) and "milestone.7.P7-009.M1.N2.jc-edu@rectify" in uids
    assert {str(e["DTSTAMP"].to_ical(), "ascii") for e in events} == {"20261124T000000Z"}
    assert list(repo.glob("*.ics")) == [out]                    # the file the user named, and no other


def test_the_calendar_is_the_same_bytes_for_the_same_ledgers(invoke, repo, monkeypatch):
    first = invoke("calendar", "--round", "7").stdout_bytes
    monkeypatch.setenv("RECTIFY_TODAY", "2026-11-24")
    assert invoke("calendar", "--round", "7").stdout_bytes == first   # DTSTAMP: the latest recorded change
    assert b"BEGIN:VCALENDAR" in first and "整改日历（第7轮）".encode() in first
    english = invoke("calendar", "--round", "7", "--lang", "en").stdout
    assert "[Milestone] P7-009/M1/N2" in english


def test_the_calendar_of_an_unknown_organisation_is_a_usage_error(invoke, repo):
    result = invoke("calendar", "--org", "jc-nowhere")
    assert result.exit_code == 2 and "no organisation 'jc-nowhere'" in result.stderr


def test_the_calendar_holds_the_reports_owed_missing_and_ahead_but_not_those_submitted(invoke, example_repo,
                                                                                      monkeypatch):
    from icalendar import Calendar

    repo = example_repo
    monkeypatch.chdir(repo)
    out = repo / "jc-dongmen.ics"
    result = invoke("calendar", "--org", "jc-dongmen", "--round", "7", "--as-of", "2026-11-24", "-o", out)
    assert result.exit_code == 0, result.output
    reports = {str(e["UID"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")
               if str(e["CATEGORIES"].to_ical(), "utf-8") == "整改进展报送"}
    report = json.loads(invoke("report", "--round", "7", "--as-of", "2026-11-24", "--org", "jc-dongmen",
                               "--format", "json").stdout)["organisations"][0]["reporting"]
    missing = {item["period"]: item["due"] for item in report["missing"]}          # 2026-07 and 2026-Q3
    for period, due in missing.items():
        event = reports[f"report.7.{period}.jc-dongmen@rectify"]
        assert event.decoded("DTSTART").isoformat() == due
        assert "已超期" in str(event["DESCRIPTION"])
        assert f"rectify submit-report jc-dongmen --round 7 --period {period}" in str(event["DESCRIPTION"])
    assert "report.7.2026-08.jc-dongmen@rectify" not in reports                     # submitted on 2026-09-04
    ahead = reports["report.7.2026-Q4.jc-dongmen@rectify"]                          # unsettled: quarterly goes on
    assert ahead.decoded("DTSTART").isoformat() == "2027-01-05" and "已超期" not in str(ahead["DESCRIPTION"])
