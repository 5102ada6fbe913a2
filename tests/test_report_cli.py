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

from rectify_cli import consequences as policy
from rectify_cli import figures, provenance
from rectify_cli.render import html as render_html
from rectify_cli.render import report as report_render
from rectify_cli.validation.pipeline import check_paths
from rectify_cli.validation.policy_file import load_policy

HERE = Path(__file__).parent
ROUND7 = HERE / "data" / "report" / "round7"
ROUND8 = HERE / "data" / "report" / "round8"
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
    assert "concentrated period (2019-08-10, 2019-08-20), or at the as-of date if earlier" in out
    assert ("provisional: the concentrated period of 丙镇党委, 丁公司党委, 甲区委 ends on 2019-08-10; until then "
            "consequences are judged on the figures of 2019-08-01 and may change") in out
    assert "provisional: the concentrated period of 乙局党组 ends on 2019-08-20;" in out
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


@pytest.mark.parametrize("example", ["fixture", "bundled"])
def test_a_warm_report_reads_no_ledger_again(invoke, folder, tmp_path, monkeypatch, example):
    # every class a summary holds must read back through the restricted unpickler, or each report is cold
    # (a summary that grew a field of a new class silently made every warm report parse every ledger)
    from rectify_cli.validation import cache, pipeline

    args = ["--format", "json"]
    if example == "bundled":
        folder = tmp_path / "bundled" / "ledgers"
        shutil.copytree(HERE.parent / "ledgers", folder)
        shutil.copytree(HERE.parent / "evidence", folder.parent / "evidence")
        monkeypatch.setenv("RECTIFY_TODAY", "2026-11-24")
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    cold = run(invoke, folder, *args)
    assert cold.exit_code in (0, 3), cold.stderr
    for path in (tmp_path / "cache").glob("check-*.pickle"):
        assert cache.read_entries(path)

    def parse(*_args, **_kwargs):
        raise AssertionError("a ledger was checked again although the cache holds it")

    monkeypatch.setattr(pipeline, "check_file", parse)
    warm = run(invoke, folder, *args)
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)


@pytest.mark.parametrize("command", [
    ["report", "--round", "7", "--open", "--format", "json"],
    ["report", "--round", "7", "--explain", "jia-district", "--format", "json"],
    ["list", "--round", "7"],
    ["report", "--round", "7", "--format", "docx", "--document", "closure", "--output", "{out}"],
])
def test_a_warm_command_that_needs_the_models_reads_them_from_the_cache(invoke, folder, tmp_path, monkeypatch,
                                                                        command):
    from rectify_cli.validation import pipeline

    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    arguments = [part.replace("{out}", str(tmp_path / "cold.docx")) for part in command]
    cold = invoke(*arguments, "--ledgers", str(folder))
    assert cold.exit_code in (0, 3), cold.stderr

    def parse(*_args, **_kwargs):
        raise AssertionError("a ledger was parsed again although the cache holds its model")

    monkeypatch.setattr(pipeline, "check_file", parse)
    arguments = [part.replace("{out}", str(tmp_path / "warm.docx")) for part in command]
    warm = invoke(*arguments, "--ledgers", str(folder))
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    if "docx" in command:
        assert (tmp_path / "warm.docx").read_bytes() == (tmp_path / "cold.docx").read_bytes()


def test_a_changed_ledger_is_read_again_and_only_it(invoke, folder, tmp_path, monkeypatch):
    from rectify_cli.validation import pipeline

    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    cold = json.loads(run(invoke, folder, "--open", "--format", "json").stdout)
    path = folder / "jia-district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "satisfied: 30, basically_satisfied: 8, dissatisfied: 12",
        "satisfied: 40, basically_satisfied: 8, dissatisfied:  2"), encoding="utf-8")
    checked: list[str] = []
    real = pipeline.check_file

    def counted(task, file, display):
        checked.append(Path(file).name)
        return real(task, file, display)

    monkeypatch.setattr(pipeline, "check_file", counted)
    warm = json.loads(run(invoke, folder, "--open", "--format", "json").stdout)
    assert checked == ["jia-district.yaml"]
    satisfied = {org["id"]: org["satisfied"] for org in warm["organisations"]}
    assert satisfied["jia-district"] == 48
    assert {org["id"]: org["satisfied"] for org in cold["organisations"]}["jia-district"] == 38


def test_a_cached_entry_without_a_model_is_checked_again(invoke, folder, tmp_path, monkeypatch):
    import pickle

    from rectify_cli.validation import cache, pipeline

    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    cold = run(invoke, folder, "--open", "--format", "json")
    [entries_file] = [path for path in (tmp_path / "cache").glob("check-*.pickle")]
    entries = cache.read_entries(entries_file)
    entries = {key: (*entry[:4], "not a model") for key, entry in entries.items()}
    entries_file.write_bytes(pickle.dumps(entries))
    checked: list[str] = []
    real = pipeline.check_file
    monkeypatch.setattr(pipeline, "check_file", lambda task, file, display: (checked.append(file), real(task, file, display))[1])
    warm = run(invoke, folder, "--open", "--format", "json")
    assert warm.stdout == cold.stdout
    assert len(checked) == len(list(folder.glob("*.yaml"))) - 1   # every ledger, not the policy


def test_a_planted_cache_file_runs_nothing(tmp_path):
    import pickle

    from rectify_cli.validation import cache

    class Planted:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))

    path = tmp_path / "check-planted.pickle"
    for payload in (Planted(), cache.Cache("x", None)):
        path.write_bytes(pickle.dumps({"key": payload}))
        with pytest.raises(pickle.UnpicklingError, match="not allowed in the cache"):
            cache.read_entries(path)
    assert not (tmp_path / "ran").exists()


def test_a_changed_ledger_is_not_served_from_the_cache(invoke, folder):
    def satisfied() -> int:
        data = json.loads(run(invoke, folder, "--format", "json").stdout)
        return next(org["satisfied"] for org in data["organisations"] if org["id"] == "jia-district")

    assert satisfied() == 38
    path = folder / "jia-district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("satisfied: 30, basically_satisfied: 8, dissatisfied: 12",
                                                                  "satisfied: 40, basically_satisfied: 8, dissatisfied: 2"), encoding="utf-8")
    assert satisfied() == 48



def _backdated(folder: Path) -> None:
    """Ledger files as a clerk's folder holds them: last written well before the report runs."""
    for path in folder.glob("*.yaml"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 3600 * 10**9))


def _opened(monkeypatch) -> list[str]:
    """The names of the files rectify reads from now on (the policy, always read, left out)."""
    from rectify_cli import load

    opened: list[str] = []
    real_read, real_bytes = load.read_bytes, Path.read_bytes

    def read(path, *args, **kwargs):
        opened.append(Path(path).name)
        return real_read(path, *args, **kwargs)

    def read_bytes(self):
        opened.append(self.name)
        return real_bytes(self)

    monkeypatch.setattr(load, "read_bytes", read)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return opened


def test_a_warm_report_over_unchanged_files_reads_none_of_them(invoke, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    _backdated(folder)
    cold = run(invoke, folder, "--format", "json")
    opened = _opened(monkeypatch)
    warm = run(invoke, folder, "--format", "json")
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    assert [name for name in opened if name.endswith(".yaml") and name != "policy.yaml"] == []
    digest = json.loads(warm.stdout)["provenance"]["content_sha256"]
    assert digest == provenance.content_hash(folder, provenance.files_read(folder))[0]


def test_a_change_that_keeps_the_size_and_the_time_is_still_reported(invoke, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    _backdated(folder)
    path = folder / "jia-district.yaml"

    def satisfied() -> tuple[int, str]:
        data = json.loads(run(invoke, folder, "--format", "json").stdout)
        return (next(org["satisfied"] for org in data["organisations"] if org["id"] == "jia-district"),
                data["provenance"]["content_sha256"])

    before, before_digest = satisfied()
    assert before == 38 and satisfied() == (38, before_digest)
    info = path.stat()
    text = path.read_text(encoding="utf-8").replace("satisfied: 30, basically_satisfied: 8, dissatisfied: 12",
                                                    "satisfied: 40, basically_satisfied: 8, dissatisfied:  2")
    path.write_text(text, encoding="utf-8")                       # the same number of bytes
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))      # and the modification time put back
    assert path.stat().st_size == info.st_size
    after, after_digest = satisfied()
    assert after == 48 and after_digest != before_digest
    assert after_digest == provenance.content_hash(folder, provenance.files_read(folder))[0]


def test_files_written_just_before_a_report_are_read_again(invoke, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    for path in folder.glob("*.yaml"):
        os.utime(path)   # written this second: within a clock tick of being hashed, they could change unseen
    run(invoke, folder, "--format", "json")
    opened = _opened(monkeypatch)
    run(invoke, folder, "--format", "json")
    ledgers = sorted(p.name for p in folder.glob("*.yaml") if p.name != "policy.yaml")
    assert sorted(set(name for name in opened if name in ledgers)) == ledgers


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


def test_table_without_a_terminal_has_no_colour_codes_and_keeps_rows_whole(invoke, folder, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")           # a pipe keeps full rows, whatever COLUMNS says
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


def test_fail_on_a_rule_that_fires_exits_3_and_says_for_whom(invoke, folder):
    result = run(invoke, folder, "--fail-on", "democratic-life-meeting", "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["round"] == 7
    assert result.stderr == "rectify: democratic-life-meeting fired for ding-company, jia-district (--fail-on)\n"


def test_fail_on_any_exits_3_and_a_rule_that_does_not_fire_exits_0(invoke, folder):
    result = run(invoke, folder, "--fail-on", "any")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [      # each rule that fired, in the order of the rules
        "rectify: democratic-life-meeting fired for ding-company, jia-district (--fail-on)",
        "rectify: self-examination fired for ding-company, jia-district, yi-bureau (--fail-on)",
        "rectify: interview fired for jia-district (--fail-on)",
        "rectify: re-rectification fired for ding-company (--fail-on)"]
    quiet = run(invoke, folder, "--fail-on", "warning-interview")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert run(invoke, folder, "--org", "bing-town", "--fail-on", "any").exit_code == 0


def test_fail_on_an_unknown_rule_is_a_usage_error_listing_the_ids(invoke, folder):
    result = run(invoke, folder, "--fail-on", "democratic-meeting")
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown rule 'democratic-meeting'" in result.stderr
    for rule in policy.RULE_IDS:
        assert rule in result.stderr


@pytest.mark.parametrize(("output_format", "lang", "note"), [
    ("table", "en", "1 invalid ledger file left out: {file} (run rectify validate)"),
    ("plain", "zh", "1个台账文件无效，未计入：{file}（运行 rectify validate 查看）"),
    ("markdown", "en", "- **1 invalid ledger file left out: {file} (run rectify validate)**"),
    ("html", "en", '<li class="alert">1 invalid ledger file left out: {file} (run rectify validate)</li>'),
    ("csv", "en", "provenance,invalid_files,{file}"),
])
def test_every_format_says_which_invalid_ledgers_were_left_out(invoke, folder, output_format, lang, note):
    (folder / "yi-bureau.yaml").write_text("organisation: [\n", encoding="utf-8")
    for view in ([], ["--open"]):
        result = run(invoke, folder, "--format", output_format, "--lang", lang, *view)
        assert result.exit_code == 1
        named = result.stderr.splitlines()[-1].strip()          # as stderr names it
        assert named.endswith("yi-bureau.yaml")
        assert note.format(file=named) in result.stdout
        if output_format == "csv":                                # a row of its own
            assert note.format(file=named) in result.stdout.splitlines()
        if output_format in ("table", "plain"):                   # in the header, right under the title
            assert result.stdout.splitlines()[1] == note.format(file=named)


def test_json_lists_the_invalid_files_left_out(invoke, folder):
    assert json.loads(run(invoke, folder, "--format", "json").stdout)["invalid_files"] == []
    (folder / "yi-bureau.yaml").write_text("organisation: [\n", encoding="utf-8")
    (folder / "bing-town.yaml").write_text("organisation: [\n", encoding="utf-8")
    data = json.loads(run(invoke, folder, "--format", "json").stdout)
    assert [Path(name).name for name in data["invalid_files"]] == ["bing-town.yaml", "yi-bureau.yaml"]
    assert data["totals"]["organisations"] == 2
    text = run(invoke, folder, "--format", "plain", "--lang", "en").stdout
    assert "2 invalid ledger files left out: " in text


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


# --- a round whose concentrated period has not ended (tests/data/report/round8) -------------------


@pytest.fixture
def round8(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("RECTIFY_TODAY", "2026-11-24")
    target = tmp_path / "round8"
    shutil.copytree(ROUND8, target)
    return target


def test_a_period_not_ended_shows_its_end_and_says_consequences_are_provisional(invoke, round8):
    # fed back 2026-10-01, no rectify_by: the period ends 2027-01-01; today is 2026-11-24
    for lang, expected in (
            ("en", ["consequences judged at the end of each organisation's concentrated period (2027-01-01), "
                    "or at the as-of date if earlier",
                    "provisional: the concentrated period of 乙局党组 ends on 2027-01-01; until then consequences "
                    "are judged on the figures of 2026-11-24 and may change"]),
            ("zh", ["后果按各单位集中整改期满之日（2027-01-01）判定，期满晚于数据截止日的按数据截止日判定",
                    "预判：乙局党组集中整改期2027-01-01届满，届满前后果按2026-11-24数据预判，可能变化"])):
        out = invoke("report", "--round", "8", "--ledgers", str(round8), "--format", "plain", "--lang", lang).stdout
        header = out.split("\n\n")[0].splitlines()
        assert all(line in header for line in expected), header
        assert "(2026-11-24)" not in out.split("\n\n")[0]
    table = invoke("report", "--round", "8", "--ledgers", str(round8), "--format", "markdown", "--lang", "en").stdout
    assert "| 2026-11-24 (provisional) | democratic-life-meeting |" in table      # 1/2 = 50% fires, for now
    data = json.loads(invoke("report", "--round", "8", "--ledgers", str(round8), "--format", "json").stdout)
    org = data["organisations"][0]
    assert (org["end_of_period"], org["consequence_date"], org["provisional"]) == ("2027-01-01", "2026-11-24", True)


def test_a_measure_counts_from_the_date_it_was_added(invoke, round8):
    # Y8-02's M2 was added on 2026-11-20 (history: measure-added); Y8-01 has one measure, Y8-02 had one before
    def measures(as_of: str) -> tuple[int, int]:
        data = json.loads(invoke("report", "--round", "8", "--ledgers", str(round8), "--as-of", as_of,
                                 "--format", "json").stdout)
        return data["totals"]["measures_done"], data["totals"]["measures_total"]

    assert measures("2026-11-19") == (2, 2)
    assert measures("2026-11-20") == (2, 3)
    warned = json.loads(invoke("report", "--round", "8", "--ledgers", str(round8), "--as-of", "2026-11-19",
                               "--due-soon", "--format", "json").stdout)["warnings"]
    assert all(item["measure"] != "M2" for item in warned)                   # not there yet: no warning


# --- wording --------------------------------------------------------------------------------------


def test_the_summary_says_one_person_and_lists_grades_best_first(invoke, folder):
    one = run(invoke, folder, "--org", "ding-company", "--as-of", "2019-06-30", "--format", "plain", "--lang", "en").stdout
    assert "1 person held accountable (form 1: 0, form 2: 1," in one
    data = json.loads(run(invoke, folder, "--format", "json").stdout)
    assert list(data["totals"]["grades"]) == ["优秀", "合格", "不合格"]      # best to worst, not by code point
    assert "优秀 1, 合格 1, 不合格 1" in run(invoke, folder, "--format", "plain", "--lang", "en").stdout
    assert figures.grade_counts(["差", "一般", "合格", "优秀", "好", "不合格", "较好", "基本合格"]) == tuple(
        (grade, 1) for grade in ("优秀", "合格", "基本合格", "不合格", "好", "较好", "一般", "差"))


# --- an 80-column terminal ------------------------------------------------------------------------


def _example_report(lang: str, width: int | None, view: str = "report") -> str:
    from conftest import BUNDLED_LEDGER_PATHS, ROOT

    loaded_policy, _ = load_policy(ROOT / "ledgers")
    ledgers = [item.ledger for item in check_paths(list(BUNDLED_LEDGER_PATHS[1:]), loaded_policy, dt.date(2026, 11, 24)).ledgers]
    report = figures.round_report(ledgers, round=7, as_of=dt.date(2026, 11, 24), policy=loaded_policy)
    return report_render.render(report, policy.apply(report), "table", lang, view=view, width=width)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("view", ["report", "open", "due"])
def test_on_an_80_column_terminal_no_line_is_wider_and_no_word_or_number_is_split(lang, view):
    from wcwidth import wcswidth

    text = _example_report(lang, 80, view)
    assert max(wcswidth(line) for line in text.splitlines()) <= 80
    words = set(" ".join(text.split("\n")).split())
    # every word of every category name is whole on some line ("appointment", never "appointmen" + "t")
    for name in ("personnel selection and appointment", "breaches of the eight-point rules on conduct",
                 "weak and lax grassroots Party organisations", "formalism and bureaucratism"):
        if lang == "en" and view == "report":
            assert set(name.split()) <= words, name
    if view == "report":
        for number in ("136/151", "14,690,950.00", "1,250,000.00", "90.07%", "100.00%"):
            assert number in words, number


def test_on_an_80_column_terminal_wide_tables_come_in_parts_and_text_tables_as_blocks():
    text = _example_report("en", 80)
    assert "Progress statistics (1/3)" in text and "Progress statistics (3/3)" in text
    assert "By category\n" in text                                          # fits as one table
    consequences = text.split("Consequences (the negative list)")[1]
    assert "\n 中共江城市教育局党组\n   Judged on: 2026-08-15\n   Rule: democratic-life-meeting\n" in consequences
    piped = _example_report("en", None)                                      # not a terminal: full rows
    assert "Progress statistics\n" in piped and "(1/3)" not in piped
    row = next(line for line in piped.splitlines() if line.lstrip().startswith("中共江城市教育局党组"))
    assert "15/18" in row and "83.33%" in row


def test_layout_wraps_at_spaces_and_between_chinese_characters_only():
    from rectify_cli.render import layout

    assert layout.wrap("personnel selection and appointment", 10) == ["personnel", "selection", "and", "appointment"]
    assert layout.wrap("中共江城城市建设投资集团有限公司委员会", 20) == ["中共江城城市建设投资", "集团有限公司委员会"]
    # a comma or a closing bracket never starts a line (禁则)
    lines = layout.wrap("截至2026-08-15有2个问题未完成整改（1个及以上即触发）：向市委作出深刻检查", 12)
    assert not any(line[0] in layout.NO_START for line in lines) and "2026-08-15有" in lines
    assert layout.wrap("grade 不合格: interview", 12)[0] != "grade 不合格"  # ":" stays with its word
    assert layout.unbreakable("lax strict governance of the Party") == len("governance")


# --- HTML charts ----------------------------------------------------------------------------------


def test_chart_labels_fit_in_the_svg_or_are_cut_with_a_tooltip():
    import re

    long_name = "中共江城城市建设投资集团有限公司委员会"                     # 19 characters: 247 px at 13 px
    doc = report_render.Document("t", [], [], chart=[(long_name, None, None, None), ("短", None, None, None)],
                                 threshold=None, as_of="2026-11-24")
    svg = render_html.chart_svg(doc, "zh")
    x = float(re.search(r'<text x="([0-9.]+)" y="[0-9]+" text-anchor="end">' + long_name, svg).group(1))
    assert x - 13 * len(long_name) >= 0                                      # the whole name right of the edge
    huge = "很长的名字" * 10                                                  # 50 characters: 650 px, cut
    svg = render_html.chart_svg(report_render.Document("t", [], [], chart=[(huge, None, None, None)], as_of="x"), "zh")
    label = re.search(r'text-anchor="end">(.*?)</text>', svg).group(1)
    assert label.startswith(f"<title>{huge}</title>很长的名字") and label.endswith("…")
    x = float(re.search(r'<text x="([0-9.]+)" y="[0-9]+" text-anchor="end">', svg).group(1))
    shown = label.split("</title>")[1]
    assert x - 13 * (len(shown) - 1) - 6.5 >= 0


# --- JSON text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    json.loads((GOLDEN / "round7.json").read_text(encoding="utf-8")),
    {"a": [], "b": {}, "c": [[], {}, [1, [2, {"d": None}]]], "e": (1, 2.5, True, False)},
    {"text": "引号\"、反斜杠\\、换行\n、制表\t、\u2028、\x00 and é", "tiny": 1e-07, "big": 1e16, "neg": -0.0},
    [0.1, 1 / 3, 2 ** 70, -5, "", {"嵌套": {"深": [None]}}],
    {"not plain": float("nan")}, {1: "int key"}, {"set": {1}},        # left to json.dumps (or its error)
])
def test_json_text_is_json_dumps_indent_2_byte_for_byte(value):
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    except TypeError:
        with pytest.raises(TypeError):
            report_render.json_text(value)
        return
    assert report_render.json_text(value) == expected


def test_an_organisation_whose_ledger_is_invalid_is_said_to_be_left_out_not_missing(invoke, folder):
    # A full-width colon typed into one ledger: `--org` on it must not say the organisation is not in the round.
    path = sorted(folder.glob("*.yaml"))[0]
    if path.name == "policy.yaml":
        path = sorted(folder.glob("*.yaml"))[1]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n    summary: ", "\n    summary：", 1), encoding="utf-8")
    for option in ("--org", "--explain"):
        result = invoke("report", "--round", "7", "--ledgers", folder, option, path.stem)
        assert result.exit_code == 1, result.output
        assert f"{option}: the ledger of '{path.stem}' is not valid, so it was left out of the report" in result.stderr
        assert "`rectify validate " in result.stderr and path.name in result.stderr
