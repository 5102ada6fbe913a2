"""Hostile and broken input: a clear finding and exit 1 (0 when accepted), quickly, in bounded memory, no traceback.

The small cases are files in tests/data/hostile/ with their expected finding lines, like the broken
corpus; the big ones (50 MB, 10,000 levels of nesting, a 5 MB line) are written into a temp folder
at test time. Limits: load.MAX_FILE_BYTES (16 MiB), load.MAX_DEPTH (64 levels), no anchors or
aliases, no tags (docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DATA

HOSTILE = DATA / "hostile"
LEDGERS = sorted(HOSTILE.glob("*.yaml"))
POLICIES = sorted((HOSTILE / "policy").glob("*.yaml"))
VALID = DATA / "valid" / "tj-police.yaml"

# Only to catch hangs and runaway memory, not to measure speed: a CI machine may be slow and busy.
SECONDS = 10.0  # for a whole `python -m rectify_cli` run, start-up included
PEAK_RSS_MB = 300


def finding_lines(stdout: str, file_name: str | None = None) -> list[str]:
    return [f"{d['line']}:{d['column']}: {d['code']} {d['path']}".rstrip() for d in json.loads(stdout)
            if file_name is None or Path(d["file"]).name == file_name]


def expected(path: Path) -> list[str]:
    return path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def test_the_hostile_corpus_covers_what_the_issue_lists():
    names = {p.stem for p in LEDGERS}
    for wanted in ("bom", "crlf", "tabs", "only-comments", "top-level-scalar", "billion-laughs", "tag-python-object",
                   "duplicate-problems", "yaml11-names", "dates", "money", "ids", "nul", "surrogate-utf8",
                   "escaped-surrogate", "control-character", "history-swapped", "history-by-changed",
                   "history-appended-unhashed"):
        assert wanted in names
    assert len(POLICIES) >= 8


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda p: p.stem)
def test_hostile_ledger_gives_its_expected_findings(invoke, ledger):
    result = invoke("validate", ledger, "--format", "json")
    want = expected(ledger)
    assert finding_lines(result.stdout) == want
    assert result.exit_code == (1 if want else 0), result.output


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_hostile_policy_gives_its_expected_findings(invoke, tmp_path, policy):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    shutil.copy(VALID, folder)
    shutil.copy(policy, folder / "policy.yaml")
    result = invoke("validate", folder, "--format", "json")
    want = expected(policy)
    assert finding_lines(result.stdout, "policy.yaml") == want
    assert finding_lines(result.stdout, "tj-police.yaml") == []  # the defaults apply to the ledgers
    assert result.exit_code == (1 if want else 0), result.output


def test_an_editing_command_refuses_to_work_under_a_broken_policy(invoke, tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    shutil.copy(VALID, folder)
    shutil.copy(HOSTILE / "policy" / "types.yaml", folder / "policy.yaml")
    before = (folder / "tj-police.yaml").read_bytes()
    result = invoke("done", "tj-police", "P7-002", "M1", "--date", "2019-07-09", "--ledgers", folder)
    assert result.exit_code == 1
    assert "the policy in" in result.stderr and "E-RANGE" in result.stderr
    assert (folder / "tj-police.yaml").read_bytes() == before


def test_the_accepted_files_really_carry_a_bom_crlf_and_a_tab():
    # A checkout that converted line ends or stripped the BOM would make these tests prove nothing.
    assert (HOSTILE / "bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    crlf = (HOSTILE / "crlf.yaml").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 50
    assert b"\t" in (HOSTILE / "tab-in-text.yaml").read_bytes()


@pytest.mark.parametrize("name", ["tag-python-object.yaml", "policy/tag.yaml"])
def test_a_python_tag_never_runs_anything(invoke, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    if name.startswith("policy/"):
        (tmp_path / "ledgers").mkdir()
        shutil.copy(VALID, tmp_path / "ledgers")
        shutil.copy(HOSTILE / name, tmp_path / "ledgers" / "policy.yaml")
        result = invoke("validate", tmp_path / "ledgers")
    else:
        result = invoke("validate", HOSTILE / name)
    assert result.exit_code == 1 and "E-YAML-TAG" in result.stdout
    assert not (tmp_path / "rectify-hostile-was-run").exists()


# --- the real CLI in a subprocess: no traceback, bounded time and memory -----------------------


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


# The child reports its own high-water mark (VmHWM, Linux) when it exits. ru_maxrss from wait4 is no
# use on Linux: a child starts with the maximum of the process it was forked from, here pytest,
# which is past 300 MB by the end of a full run.
_MEASURED = """
import atexit, os, runpy, sys
def _report():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return
    with open(os.environ["RECTIFY_TEST_PEAK_FILE"], "w", encoding="ascii") as out:
        out.write(peak)
atexit.register(_report)
sys.argv[0] = "rectify"
runpy.run_module("rectify_cli", run_name="__main__", alter_sys=True)
"""


def run_cli(tmp_path: Path, *args: str, env: dict | None = None) -> Run:
    """`python -m rectify_cli ARGS` with its exit code, output, wall time and its own peak memory."""
    out, err, peak = tmp_path / "stdout.txt", tmp_path / "stderr.txt", tmp_path / "peak-kb.txt"
    peak.unlink(missing_ok=True)
    environment = {**os.environ, "RECTIFY_TODAY": "2026-11-24", "RECTIFY_TEST_PEAK_FILE": str(peak), **(env or {})}
    started = time.monotonic()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-c", _MEASURED, *args], stdout=stdout, stderr=stderr,
                                   stdin=subprocess.DEVNULL, env=environment, cwd=tmp_path)
        killer = threading.Timer(60, process.kill)  # a hang fails the bound below instead of the whole run
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if peak.exists():
        rss_mb = int(peak.read_text("ascii")) / 1024
    else:  # no /proc (macOS) or killed: the rusage figure, an upper bound
        rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return Run(process.returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"), seconds, rss_mb)


def deep_flow_sequences(path: Path) -> None:
    path.write_text("[" * 10_000 + "]" * 10_000)


def deep_flow_mappings(path: Path) -> None:
    path.write_text("{a: " * 10_000 + "}" * 10_000)


def deep_flow_in_a_field(path: Path) -> None:
    # 100,000 levels: the depth at which libyaml's recursive composer used to crash the process
    path.write_text("organisation: {id: x, name: " + "[" * 100_000 + "]" * 100_000 + "}\n")


def deep_block_sequences(path: Path) -> None:
    path.write_text("- " * 10_000 + "x\n")


def deep_block_mappings(path: Path) -> None:
    # One more space per level: 5,700 levels is the deepest block mapping under the 16 MiB limit
    path.write_text("".join(" " * level + "a:\n" for level in range(5_700)))


def many_findings(path: Path) -> None:
    head = VALID.read_text(encoding="utf-8").split("problems:\n")[0].replace("id: tj-police", f"id: {path.stem}")
    item = ("  - {{id: P7-{0}, round: 7, category: x, summary: s, responsible: {{leader: a, unit: b, person: c}}, "
            "deadline: 2019-08-10, status: open, bogus: 1}}\n")
    path.write_text(head + "problems:\n" + "".join(item.format(i) for i in range(5_000)), encoding="utf-8")


def huge_integer(path: Path) -> None:
    path.write_text(f"organisation: {{id: {path.stem}, name: x}}\ninspections:\n"
                    f"  - {{round: {'9' * 100_000}, kind: regular, feedback_on: 2019-05-10}}\n")


def huge_line(path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("id: tj-police", f"id: {path.stem}")
    path.write_text(text.replace("summary: 违规发放津补贴", "summary: " + "违规发放津补贴" * 700_000), encoding="utf-8")


def size_over_the_limit(path: Path) -> None:
    with path.open("wb") as stream:  # sparse: 50 MB on paper, nothing on the disk
        stream.truncate(50 * 1024 * 1024)


GENERATED = {
    # name: (writer, exit code, expected code in the output)
    # libyaml 0.2.6 (PyYAML 6.0.4 wheels) stops flow nesting at 1,000 levels itself, before the
    # parser hands us level 65: the column differs between libyaml versions, the code does not.
    "deep-flow-sequences": (deep_flow_sequences, 1, "E-YAML-DEPTH"),
    "deep-flow-mappings": (deep_flow_mappings, 1, "E-YAML-DEPTH"),
    "deep-flow-in-a-field": (deep_flow_in_a_field, 1, "E-YAML-DEPTH"),
    "deep-block-sequences": (deep_block_sequences, 1, "1:129: E-YAML-DEPTH"),
    "deep-block-mappings": (deep_block_mappings, 1, "65:65: E-YAML-DEPTH"),
    "many-findings": (many_findings, 1, "E-UNKNOWN-FIELD"),
    "huge-integer": (huge_integer, 1, "3:13: E-YAML"),
    "huge-line": (huge_line, 0, None),
    "size-over-the-limit": (size_over_the_limit, 1, "E-TOO-LARGE"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_file_is_refused_quickly_in_bounded_memory(tmp_path, name):
    writer, code, finding = GENERATED[name]
    target = tmp_path / f"{name}.yaml"
    writer(target)
    run = run_cli(tmp_path, "validate", target.name)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.code == code, run.stderr[-2000:]
    if finding:
        assert finding in run.stdout, run.stdout[:2000]
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_rss_mb < PEAK_RSS_MB, f"{run.peak_rss_mb:.0f} MB"


@pytest.mark.parametrize("shape", ["problems: [{}, {}, ...]", "one problem with a history of 500,000 {}",
                                   "a list of 500,000 numbers", "3,000 problems of a round never received"])
def test_an_error_in_every_item_gives_the_first_thousand_findings_in_bounded_memory(tmp_path, shape):
    head = "organisation: {id: many, name: x}\n"
    if shape.startswith("problems"):
        body = "problems: [" + "{}, " * 500_000 + "{}]\n"
    elif shape.startswith("one problem"):
        body = "problems:\n  - {id: P7-1, round: 7, history: [" + "{}, " * 500_000 + "{}]}\n"
    elif shape.startswith("a list"):
        body = "inspections: [" + "1, " * 500_000 + "1]\n"
    else:
        body = "inspections: [{round: 7, kind: regular, feedback_on: 2019-05-10}]\nproblems:\n" + "".join(
            f"  - {{id: P9-{i}, round: 9, category: x, summary: s, responsible: {{leader: a, unit: b, person: c}}, "
            f"deadline: 2019-08-10, status: open}}\n" for i in range(3_000))
    (tmp_path / "many.yaml").write_text(head + body)
    run = run_cli(tmp_path, "validate", "many.yaml", "--format", "json")
    assert run.code == 1 and "Traceback" not in run.stderr
    findings = json.loads(run.stdout)
    assert len(findings) == 1001
    assert findings[-1]["code"] == "E-TOO-MANY-ERRORS" and "not shown" in findings[-1]["message"]
    assert all(f["line"] >= 1 for f in findings[:-1])
    assert run.seconds < SECONDS and run.peak_rss_mb < PEAK_RSS_MB, (run.seconds, run.peak_rss_mb)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    small = tmp_path / "small.yaml"
    small.write_text("a: 1\n")
    baseline = run_cli(tmp_path, "validate", small.name)
    size_over_the_limit(tmp_path / "big.yaml")
    run = run_cli(tmp_path, "validate", "big.yaml")
    assert run.code == 1 and "E-TOO-LARGE file is 52,428,800 bytes, over the limit of 16,777,216" in run.stdout
    # Reading 50 MB would need 50 MB more memory than checking a five-byte file.
    assert run.peak_rss_mb < baseline.peak_rss_mb + 25, (run.peak_rss_mb, baseline.peak_rss_mb)


def test_the_size_limit_can_be_raised_and_depth_is_still_refused(tmp_path):
    (tmp_path / "deep.yaml").write_text("".join(" " * level + "a:\n" for level in range(10_000)))  # 50 MB
    refused = run_cli(tmp_path, "validate", "deep.yaml")
    assert refused.code == 1 and "E-TOO-LARGE" in refused.stdout
    raised = run_cli(tmp_path, "validate", "deep.yaml", env={"RECTIFY_MAX_FILE_BYTES": str(64 * 1024 * 1024)})
    assert raised.code == 1 and "deep.yaml:65:65: E-YAML-DEPTH" in raised.stdout
    assert "Traceback" not in raised.stderr and raised.seconds < SECONDS


@pytest.mark.parametrize("ledger", [HOSTILE / n for n in ("billion-laughs.yaml", "nul.yaml", "escaped-surrogate.yaml",
                                                           "control-character.yaml", "bom.yaml")],
                         ids=lambda p: p.stem)
def test_the_real_cli_prints_findings_never_a_traceback(tmp_path, ledger):
    shutil.copy(ledger, tmp_path)
    run = run_cli(tmp_path, "validate", ledger.name)
    assert "Traceback" not in run.stderr
    assert run.code == (1 if expected(ledger) else 0)
    for line in expected(ledger):
        position, code = line.split(" ")[:2]
        assert f"{ledger.name}:{position} {code}" in run.stdout or (position == "0:0:" and code in run.stdout)
    assert run.seconds < SECONDS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_device_or_a_pipe_in_the_ledger_folder_is_refused_not_read(tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    shutil.copy(VALID, folder)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.yaml")
    run = run_cli(tmp_path, "validate", "ledgers", "--format", "json")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert sorted((Path(d["file"]).name, d["code"]) for d in json.loads(run.stdout)) == [
        ("pipe.yaml", "E-UNREADABLE"), ("zero.yaml", "E-UNREADABLE")]
    assert run.seconds < SECONDS and run.peak_rss_mb < PEAK_RSS_MB
    edit = run_cli(tmp_path, "done", "zero", "P7-002", "M1", "--ledgers", "ledgers")
    assert edit.code == 2 and "not a regular file" in edit.stderr and edit.seconds < SECONDS


# --- command arguments get the same care ---------------------------------------------------------


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copy(VALID, tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    return tmp_path


@pytest.mark.parametrize("args, code, message", [
    (["done", "tj-police", "P7-002", "M1", "--date", "2019-02-30"], 2, "is not a date"),
    (["done", "tj-police", "P7-002", "M1", "--date", "0000-01-01"], 2, "is not a date"),
    (["done", "tj-police", "P7-002", "M1", "--date", "9999-12-31"], 1, "in the future"),
    (["done", "tj-police", "P7-002", "M1", "--date", "2019-07-09\n"], 0, ""),  # surrounding space is trimmed
    (["done", "tj-police", "P7 002", "M1"], 1, "has no problem 'P7 002'"),
    (["done", "tj-police", "../P7-002", "M1"], 1, "has no problem"),
    (["done", "ｔｊ-police", "P7-002", "M1"], 2, "is not an organisation id"),
    (["done", "tj-police\n", "P7-002", "M1"], 2, "is not an organisation id"),
    (["done", "tj-police\u200b", "P7-002", "M1"], 2, "is not an organisation id"),
    (["add-measure", "tj-police", "P7-002", "--text", "", "--owner", "x", "--due", "2019-12-01"], 2, "must not be empty"),
    (["add-measure", "tj-police", "P7-002", "--text", "核查", "--owner", "\t", "--due", "2019-12-01"], 2, "must not be empty"),
    (["add-measure", "tj-police", "P7-002", "--text", "a\udcffb", "--owner", "x", "--due", "2019-12-01"], 1, "surrogate"),
    (["outcomes", "tj-police", "P7-002", "--funds-returned", "-5"], 2, "not negative"),
    (["outcomes", "tj-police", "P7-002", "--funds-returned", "1e9999999"], 2, "--funds-returned"),
    (["add-round", "tj-police", "--round", "9" * 30, "--feedback-on", "2019-05-10"], 1, "has 30 digits"),
    (["outcomes", "tj-police", "P7-002", "--funds-returned", "NaN"], 2, "--funds-returned"),
    (["accountability", "tj-police", "P7-002", "--person", "x", "--form", "5", "--action", "y"], 2, "--form"),
    (["survey", "tj-police", "--round", "7", "--participants", "0", "--satisfied", "0"], 2, "--participants"),
])
def test_bad_command_arguments_get_a_clear_error_and_leave_the_ledger_alone(invoke, repo, args, code, message):
    path = repo / "ledgers" / "tj-police.yaml"
    before = path.read_bytes()
    result = invoke(*args, "--by", "王五")
    assert result.exit_code == code, result.output
    assert message in result.stderr
    if code:
        assert path.read_bytes() == before
    else:
        assert invoke("validate").exit_code == 0


@pytest.mark.parametrize("args", [
    ["add-round", "tj-police", "--round", "9" * 18, "--feedback-on", "2019-05-10"],  # the most digits a ledger takes
    ["add-measure", "tj-police", "P7-002", "--text", "x" * 200_000, "--owner", "x", "--due", "2019-12-01"],
    ["add-measure", "tj-police", "P7-002", "--text", "on", "--owner", "&a *a !!str [ {", "--due", "2019-12-01"],
    ["add-measure", "tj-police", "P7-002", "--text", "line one\nline two: x # y", "--owner", "'\"", "--due", "2019-12-01"],
    ["extend", "tj-police", "P7-002", "--to", "9999-12-31", "--reason", "\u202e\u200b", "--approved-by", "巡视办",
     "--date", "2019-07-08"],
])
def test_strange_but_legal_arguments_are_written_so_that_they_read_back_the_same(invoke, repo, args):
    from rectify_cli import settings
    from rectify_cli.model import Policy
    from rectify_cli.validation.document import validate_text

    result = invoke(*args, "--by", "on")
    assert result.exit_code == 0, result.output
    assert invoke("validate").exit_code == 0
    text = (repo / "ledgers" / "tj-police.yaml").read_text(encoding="utf-8")
    ledger, _ = validate_text(text, "tj-police.yaml", Policy(), settings.today(), "tj-police")
    problem = ledger.problems[1]
    if args[0] != "add-round":
        assert problem.history[-1].by == "on"
    if args[0] == "add-measure":
        assert (problem.measures[-1].text, problem.measures[-1].owner) == (args[4], args[6])
    if args[0] == "extend":
        assert problem.extensions[-1].reason == args[6]


@pytest.mark.parametrize("categories, finding", [(100_000, "E-TOO-LARGE"), (40_000, "E-TOO-MANY-ERRORS")])
def test_a_huge_policy_is_refused_and_a_big_broken_one_reports_its_first_thousand_findings(
        invoke, tmp_path, categories, finding):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    shutil.copy(VALID, folder)
    (folder / "policy.yaml").write_text(
        "categories: {" + ", ".join(f"category-{i}: {{}}" for i in range(categories)) + "}\n")
    started = time.monotonic()
    result = invoke("validate", folder, "--format", "json")
    assert result.exit_code == 1
    codes = [d["code"] for d in json.loads(result.stdout)]
    assert codes[-1] == finding and len(codes) in (1, 1001)
    assert time.monotonic() - started < SECONDS


# --- YAML's own tags with values that do not fit them (issue 13, item 7) -----------------------------


@pytest.mark.parametrize("value", ["!!timestamp x", "!!int ''", "!!int +", "!!float ''", "!!bool maybe", "!!null x",
                                   "!!float .", "!!int 1.5"])
def test_a_tag_with_a_value_that_does_not_fit_is_a_finding_not_a_crash(value):
    from rectify_cli.yamlio import reader

    data, problems = reader.parse_text(f"organisation: {value}\n", "x.yaml")
    assert data is None
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 15, "E-YAML")]
    assert "does not fit the tag" in problems[0].message and problems[0].hint.startswith("remove `!!")


@pytest.mark.parametrize("value", ["!!timestamp x", "!!int ''", "!!int +", "!!float ''"])
def test_the_editors_parse_refuses_a_tag_that_does_not_fit_with_a_yaml_error(value):
    import yaml

    from rectify_cli.yamlio import reader

    with pytest.raises(yaml.YAMLError):
        reader.compose_with_data(f"a: {value}\n")


def test_values_that_fit_their_tags_are_read():
    from rectify_cli.yamlio import reader

    data, problems = reader.parse_text("a: !!int 12\nb: !!float 1\nc: !!float -.inf\nd: !!bool true\n"
                                       "e: !!timestamp 2019-01-01\nf: !!null ~\ng: !!str 12\n", "x.yaml")
    assert problems == [] and data == {"a": 12, "b": 1.0, "c": float("-inf"), "d": True,
                                       "e": __import__("datetime").date(2019, 1, 1), "f": None, "g": "12"}


# --- every output on ledgers that validate but hold what a terminal or a workbook cannot take ---------

ACCEPTED_HOSTILE = ["escaped-controls", "escaped-controls-name", "large-integers"]
READING_COMMANDS = [
    *(["report", "--round", "7", "--format", fmt] for fmt in ("table", "markdown", "plain", "csv", "json", "html")),
    *(["list", "--format", fmt] for fmt in ("table", "markdown", "csv", "json")),
    ["list", "--due-soon"], ["show", "{org}"], ["show", "{org}", "P7-002"], ["report", "--round", "7", "--open"],
    ["report", "--round", "7", "--explain", "{org}"], ["trend", "{org}"],
]


# where the escaped text is not printed: list has ids, not names; the brief has names, not summaries
NOT_SHOWN = {("escaped-controls-name", "list"), ("escaped-controls", "report"), ("escaped-controls", "trend")}


def hostile_repo(tmp_path: Path, *names: str) -> Path:
    """A temp repository holding the named hostile ledgers (valid ones) and the evidence they cite."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copytree(DATA / "evidence", tmp_path / "tests" / "data" / "evidence")
    for name in names:
        shutil.copy(HOSTILE / f"{name}.yaml", tmp_path / "ledgers")
    return tmp_path / "ledgers"


def raw_controls(text: str) -> list[str]:
    """Control characters an output let through (line ends and tabs are meant)."""
    return sorted({c for c in text.replace("\r\n", "\n") if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f})


@pytest.mark.parametrize("name", ACCEPTED_HOSTILE)
@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: "-".join(c).replace("{org}", "org"))
def test_every_reading_output_of_a_hostile_but_valid_ledger_is_clean_and_escaped(invoke, tmp_path, monkeypatch, name,
                                                                                command):
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    folder = hostile_repo(tmp_path, name)
    result = invoke(*(part.replace("{org}", name) for part in command), "--ledgers", folder)
    assert result.exit_code == 0, result.output
    assert raw_controls(result.stdout) == []
    if name.startswith("escaped-controls") and "json" not in command and (name, command[0]) not in NOT_SHOWN:
        assert "\\x1b[31m" in result.stdout  # the escape is shown, visibly


def test_json_keeps_a_ledgers_control_characters_as_json_escapes(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    folder = hostile_repo(tmp_path, "escaped-controls")
    result = invoke("list", "--format", "json", "--ledgers", folder)
    summaries = [p["summary"] for p in json.loads(result.stdout)["problems"]]
    assert "违规\x00发放\x1b[31m津补贴\x07\x1b]0;pwned\x07" in summaries
    assert "\\u001b" in result.stdout


@pytest.mark.parametrize("name", ACCEPTED_HOSTILE)
def test_export_of_a_hostile_but_valid_ledger_writes_a_workbook_that_keeps_what_it_can(invoke, tmp_path, monkeypatch,
                                                                                     name):
    from openpyxl import load_workbook

    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    folder = hostile_repo(tmp_path, name)
    for args, target in (([name], tmp_path / "ledger.xlsx"), (["--round", "7"], tmp_path / "round.xlsx")):
        result = invoke("export", *args, "--output", target, "--ledgers", folder)
        assert result.exit_code == 0, result.output
        values = [cell.value for sheet in load_workbook(target) for row in sheet.iter_rows() for cell in row]
        if name == "escaped-controls" and args == [name]:
            assert "违规\\x00发放\\x1b[31m津补贴\\x07\\x1b]0;pwned\\x07" in values
        if name == "large-integers" and args == [name]:
            assert "999999999999999999" in values  # every digit, as text: Excel's numbers hold 15


def test_a_text_longer_than_an_excel_cell_is_cut_with_a_note(invoke, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    folder = hostile_repo(tmp_path)
    text = VALID.read_text(encoding="utf-8").replace("summary: 违规发放津补贴", "summary: " + "违" * 40_000)
    (folder / "tj-police.yaml").write_text(text, encoding="utf-8")
    assert invoke("export", "tj-police", "--output", tmp_path / "x.xlsx", "--ledgers", folder).exit_code == 0
    summaries = [row[3] for row in load_workbook(tmp_path / "x.xlsx")["问题清单"].iter_rows(values_only=True)]
    assert len(summaries[2]) == 32_767 and summaries[2].endswith("共 40,000 字，超出 Excel 单元格上限，全文见台账）")


def test_one_ledger_with_a_tag_that_does_not_fit_is_left_out_of_the_folders_report(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    folder = hostile_repo(tmp_path, "tag-int-sign", "escaped-controls")
    for fmt in ("table", "json", "html", "csv"):
        result = invoke("report", "--round", "7", "--format", fmt, "--ledgers", folder)
        assert result.exit_code == 1, result.output
        assert "tag-int-sign.yaml" in result.stderr
        assert "天津市公安局党委" in result.stdout  # the valid ledger is still reported


@pytest.mark.parametrize("name", ["天" * 16_000, "a天" * 8_000, "abc" * 5_000, "天津市公安局党委"])
def test_a_chart_label_is_cut_to_its_room_in_one_pass_keeping_the_whole_name_as_a_tooltip(name):
    from rich.cells import cell_len

    from rectify_cli.render.html import _label_px, _svg_label  # the unit under test

    label = _svg_label(name, 13, 100)
    if _label_px(name, 13) <= 100:
        assert label == name
        return
    title, shown = label.removeprefix("<title>").split("</title>")
    assert title == name and shown.endswith("…")
    shown = shown.removesuffix("…")
    assert name.startswith(shown)
    assert cell_len(shown + "…") * 13 / 2 <= 100 < cell_len(name[:len(shown) + 1] + "…") * 13 / 2  # the longest that fits
