"""rectify rollup: a city over three county repositories, figures per organisation, county and city."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
COUNTIES = {"linjiang": ("jc-edu", "jc-dongmen", "jc-xinhe"), "qingshi": ("jc-qingshi", "jc-hitech", "jc-hospital"),
            "xinhe": ("jc-transport", "jc-university", "jc-cityinvest")}
CITY = """\
# 江城市委巡察办: the county repositories below (each a git submodule in practice)
name: 江城市委巡察办
level: city
units:
  - {id: linjiang, name: 临江县, level: county, ledgers: counties/linjiang/ledgers}
  - {id: qingshi, name: 青石县, level: county, ledgers: counties/qingshi/ledgers}
  - {id: xinhe, name: 新河区, level: county, ledgers: counties/xinhe/ledgers}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=测试", "-c", "user.email=t@example.invalid",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(autouse=True)
def no_git_above(monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # the temp folder is no part of a repository above


@pytest.fixture
def city(tmp_path) -> Path:
    """A city office's folder: rollup.yaml and three county repositories of three ledgers each."""
    for county, organisations in COUNTIES.items():
        folder = tmp_path / "counties" / county / "ledgers"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "ledgers" / "policy.yaml", folder)
        for org in organisations:
            shutil.copy(ROOT / "ledgers" / f"{org}.yaml", folder)
        if shutil.which("git"):
            git(folder.parent, "init", "-q")
            git(folder.parent, "add", "-A")
            git(folder.parent, "commit", "-q", "-m", f"{county} ledgers")
    (tmp_path / "rollup.yaml").write_text(CITY, encoding="utf-8")
    return tmp_path


def _json(invoke, *args) -> dict:
    result = invoke(*args, "--round", "7", "--as-of", "2026-11-24", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@needs_git
def test_a_city_gets_county_subtotals_and_a_total_equal_to_each_countys_own_report(city, invoke):
    rolled = _json(invoke, "rollup", city / "rollup.yaml")
    counties = {county: _json(invoke, "report", "--ledgers", city / "counties" / county / "ledgers")
                for county in COUNTIES}
    everything = _json(invoke, "report", "--ledgers", ROOT / "ledgers")
    units = {unit["id"]: unit for unit in rolled["units"]}
    assert list(units) == list(COUNTIES)
    figure_keys = [key for key in everything["totals"] if key not in ("organisations", "consequences", "carry_over", "formalism_counts", "rechecks",
                                                                      "reporting", "supervision", "handovers",
                                                                      "warning_counts")]
    for county, report in counties.items():
        assert {key: units[county][key] for key in figure_keys} == {key: report["totals"][key] for key in figure_keys}
        assert units[county]["organisations"] == 3 and units[county]["level"] == "county"
        assert units[county]["consequences"] == {rule: [f"{county}/{org}" for org in orgs]
                                                 for rule, orgs in report["totals"]["consequences"].items()}
    assert {key: rolled["totals"][key] for key in figure_keys} == {key: everything["totals"][key] for key in figure_keys}
    assert rolled["totals"]["organisations"] == 9


@needs_git
def test_every_organisation_is_named_by_its_path_with_the_reports_own_keys_and_consequences(city, invoke):
    rolled = _json(invoke, "rollup", city / "rollup.yaml")
    report = _json(invoke, "report", "--ledgers", ROOT / "ledgers")
    by_id = {org["id"]: org for org in report["organisations"]}
    assert sorted(org["id"] for org in rolled["organisations"]) == sorted(
        f"{county}/{org}" for county, orgs in COUNTIES.items() for org in orgs)
    for org in rolled["organisations"]:
        mine = dict(org)
        assert mine.pop("unit") == org["id"].split("/")[0]
        mine["id"] = mine.pop("local_id")
        assert mine == by_id[mine["id"]]


@needs_git
def test_the_provenance_names_the_commit_and_content_hash_of_every_repository(city, invoke):
    rolled = _json(invoke, "rollup", city / "rollup.yaml")
    folders = rolled["provenance"]["folders"]
    assert [folder["unit"] for folder in folders] == list(COUNTIES)
    for folder in folders:
        county = city / "counties" / folder["unit"]
        own = _json(invoke, "report", "--ledgers", county / "ledgers")["provenance"]
        assert folder["commit"] == git(county, "rev-parse", "HEAD") and folder["dirty"] is False
        assert folder["content_sha256"] == own["content_sha256"] and folder["files"] == 4
    assert len(rolled["provenance"]["rollup_file"]["sha256"]) == 64


def test_a_province_sums_its_cities_and_the_table_shows_every_level(city, invoke):
    (city / "province.yaml").write_text(
        "name: 某省委巡视办\nlevel: province\nunits:\n"
        "  - id: jiangcheng\n    name: 江城市\n    level: city\n    units:\n"
        "      - {id: linjiang, name: 临江县, level: county, ledgers: counties/linjiang/ledgers}\n"
        "      - {id: qingshi, name: 青石县, level: county, ledgers: counties/qingshi/ledgers}\n"
        "  - id: haibin\n    name: 海滨市\n    level: city\n    units:\n"
        "      - {id: xinhe, name: 新河区, level: county, ledgers: counties/xinhe/ledgers}\n", encoding="utf-8")
    rolled = _json(invoke, "rollup", city / "province.yaml")
    units = {unit["id"]: unit for unit in rolled["units"]}
    assert list(units) == ["jiangcheng/linjiang", "jiangcheng/qingshi", "jiangcheng", "haibin/xinhe", "haibin"]
    assert units["jiangcheng"]["problems"] == units["jiangcheng/linjiang"]["problems"] + units["jiangcheng/qingshi"]["problems"]
    assert rolled["totals"]["problems"] == units["jiangcheng"]["problems"] + units["haibin"]["problems"]
    assert "jiangcheng/linjiang/jc-edu" in {org["id"] for org in rolled["organisations"]}
    text = invoke("rollup", city / "province.yaml", "--round", "7", "--as-of", "2026-11-24", "--format", "markdown")
    assert text.exit_code == 0
    assert "江城市 (jiangcheng)" in text.stdout and "临江县 (jiangcheng/linjiang)" in text.stdout
    assert "jiangcheng/linjiang/jc-edu" in text.stdout


def _five_counties(city: Path) -> Path:
    """The three counties and two more (copies of 临江县): enough folders for the roll-up's process pool."""
    lines = [CITY.rstrip("\n")]
    for extra in ("beishan", "nanhu"):
        shutil.copytree(city / "counties" / "linjiang", city / "counties" / extra)
        lines.append(f"  - {{id: {extra}, name: {extra}县, level: county, ledgers: counties/{extra}/ledgers}}")
    (city / "five.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return city / "five.yaml"


@needs_git
def test_folders_checked_in_parallel_give_the_report_of_folders_checked_one_by_one(city, invoke, monkeypatch):
    from rectify_cli import rollup

    five = _five_counties(city)
    assert rollup.folder_jobs(rollup.DEFAULT_LIMITS, 5) == min(os.cpu_count() or 1, 5)
    args = ("rollup", five, "--round", "7", "--as-of", "2026-11-24")
    pooled = {form: invoke(*args, "--format", form) for form in ("json", "markdown")}
    monkeypatch.setenv("RECTIFY_JOBS", "1")
    alone = {form: invoke(*args, "--format", form) for form in ("json", "markdown")}
    for form in pooled:
        assert (pooled[form].exit_code, pooled[form].stdout) == (alone[form].exit_code, alone[form].stdout)
    assert json.loads(pooled["json"].stdout)["totals"]["organisations"] == 15
    # the organisations written in the workers are those the main process writes from the reports
    import datetime as dt
    from functools import partial

    from rectify_cli.render.rollup import folder_json, rollup_json

    on = dt.date(2026, 11, 24)
    request = rollup.RollupRequest(five, 7, on, on)
    worked = rollup.rollup_report(replace(request, render=partial(folder_json, lang="zh")))
    assert all(isinstance(item.rendered, str) and item.rendered for item in worked.folders)
    assert rollup_json(worked, "zh") == rollup_json(rollup.rollup_report(request), "zh")
    # an error in one folder's worker reaches the user as it does without workers: exit 1, the folder named
    (city / "counties" / "nanhu" / "ledgers" / "policy.yaml").write_text("rules: {special: 5}\n", encoding="utf-8")
    monkeypatch.delenv("RECTIFY_JOBS")
    failed = invoke(*args, "--format", "json")
    monkeypatch.setenv("RECTIFY_JOBS", "1")
    failed_alone = invoke(*args, "--format", "json")
    assert failed.exit_code == failed_alone.exit_code == 1
    assert failed.stderr == failed_alone.stderr and "nanhu" in failed.stderr and "Traceback" not in failed.stderr


def test_an_invalid_ledger_in_one_county_is_left_out_and_exits_1(city, invoke):
    (city / "counties" / "qingshi" / "ledgers" / "jc-hitech.yaml").write_text("organisation: {id: x}\n", encoding="utf-8")
    result = invoke("rollup", city / "rollup.yaml", "--round", "7", "--as-of", "2026-11-24", "--format", "json")
    assert result.exit_code == 1
    assert "jc-hitech.yaml" in result.stderr
    data = json.loads(result.stdout)
    assert data["totals"]["organisations"] == 8 and any("jc-hitech.yaml" in name for name in data["invalid_files"])


@pytest.mark.parametrize("text, said", [
    ("name: x\nunits:\n  - {id: a, name: A}\n", "either `ledgers`"),
    ("name: x\nunits:\n  - {id: a, name: A, ledgers: nowhere}\n", "does not exist"),
    ("name: x\nunits: []\n", "units"),
    ("name: x\nunits:\n  - {id: A B, name: A, ledgers: counties/xinhe/ledgers}\n", "id"),
    ("name: x\nunits:\n  - {id: a, name: A, ledgers: counties/xinhe/ledgers}\n"
     "  - {id: b, name: B, ledgers: counties/qingshi/ledgers, extra: 1}\n", "extra"),
])
def test_a_broken_rollup_file_is_a_usage_error_naming_what_to_fix(city, invoke, text, said):
    (city / "bad.yaml").write_text(text, encoding="utf-8")
    result = invoke("rollup", city / "bad.yaml", "--round", "7")
    assert result.exit_code == 2
    assert said in result.stderr and "bad.yaml" in result.stderr


def test_a_round_no_county_records_is_a_usage_error(city, invoke):
    result = invoke("rollup", city / "rollup.yaml", "--round", "99")
    assert result.exit_code == 2 and "round 99" in result.stderr


@given(text=st.text(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_rollup_file_is_read_or_refused_with_exit_2_never_a_traceback(tmp_path, runner, text):
    from rectify_cli.cli import app

    path = tmp_path / "any.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["rollup", str(path), "--round", "7"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_an_error_raised_in_a_folders_worker_comes_back_whole():
    # the roll-up's workers send errors back pickled; any RectifyError, however its class is built
    import pickle

    from rectify_cli import reports
    from rectify_cli.errors import UnreadableInput

    for error in (reports.InvalidPolicy(message="策略无效", problems=[], hint="改正"), UnreadableInput("读不了", "提示"),
                  reports.RoundNotRecorded("没有第9轮", ["a.yaml"], 2)):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and again.__dict__ == error.__dict__ and again.exit_code == error.exit_code
