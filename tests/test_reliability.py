"""Never a crash, nothing outside the ledger folder, tampering made visible: properties and paths.

Property-based tests (hypothesis) feed random bytes, random text and mutated ledgers to the
validation pipeline, and random sequences of editing commands to a temp ledger. The budget is
small for CI; fuzz/run.py runs the same kinds of case by the ten thousand (docs/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED_LEDGER_PATHS, DATA, PAPER_EVIDENCE, ROOT, with_file_evidence

VALID = DATA / "valid" / "tj-police.yaml"
TODAY = dt.date(2026, 11, 24)
CI = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])

NASTY = [
    "on", "off", "yes", "NO", "y", "~", "null", "010", "0x1F", "0b11", "1_000", "12:30:45", "2024-13-01",
    "2024-02-30", "0000-01-01", "9999-12-31", "10000-01-01", "2019-05-12T25:00:00", "[", "]", "{", "}", "[]",
    "{}", "&a", "*a", "&a x", "!!str", "!!python/object:os.system", "!x", '"unterminated', "'unterminated",
    "\t", "a\tb", "-", "- x", "? x", ": x", "|", ">", "#", "%YAML 1.1", "---", "...", "@", "`", "1e999",
    "-1", "-0.01", ".nan", ".inf", "9" * 5000, "x" * 20_000, "\u202e", "\ufeff", "\u2028", "\x85", "\\",
    '"\\ud800"', '"\\x00"', "'it''s'", "<<: {}", "=", " P7-001", "P 7", "../../etc/passwd", "/etc/passwd",
    "true", "1.5", "'0'", '"-5"', '"1500.505"', "2019-05-12T09:30:00", "\x07", "\x7f", "\ufffe",
]


def seed_ledgers() -> list[tuple[str, str]]:
    found = [(VALID.stem, VALID.read_text(encoding="utf-8"))]
    found += [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(p for p in BUNDLED_LEDGER_PATHS if p.name.startswith("jc-"))[:2]]
    return found


SEEDS = seed_ledgers()


def check_outcome(text: str, stem: str) -> None:
    """The only outcomes: a ledger without errors, or findings with a code, a message and a place."""
    from rectify_cli.model import Policy
    from rectify_cli.validation.document import validate_text

    ledger, problems = validate_text(text, f"{stem}.yaml", Policy(), TODAY, stem)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        assert problem.code.startswith("E-") and problem.message.strip(), problem
        assert problem.line >= 0 and problem.column >= 0, problem
        assert problem.file == f"{stem}.yaml"
    assert ledger is not None or errors, "neither a ledger nor an error"


# --- (a) random bytes and random text ----------------------------------------------------------


@CI
@given(st.binary(max_size=3000))
def test_random_bytes_are_findings_or_valid_never_an_exception(data):
    from rectify_cli import load

    text, problems = load.decode(data, "x.yaml")
    if text is None:
        assert [p.code for p in problems] == ["E-ENCODING"]
        return
    check_outcome(text, "x")


@CI
@given(st.text(max_size=2000))
def test_random_text_is_findings_or_valid_never_an_exception(text):
    check_outcome(text, "x")


@CI
@given(st.sampled_from(SEEDS), st.integers(0, 10**9), st.binary(min_size=1, max_size=64))
def test_random_bytes_inside_a_valid_ledger_are_findings_never_an_exception(seed, where, junk):
    from rectify_cli import load

    stem, text = seed
    raw = text.encode("utf-8")
    at = where % (len(raw) + 1)
    decoded, problems = load.decode(raw[:at] + junk + raw[at:], f"{stem}.yaml")
    if decoded is None:
        assert problems and problems[0].line >= 1
        return
    check_outcome(decoded, stem)


# --- (b) mutations of valid ledgers -------------------------------------------------------------

MUTATIONS = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap", "scalar", "indent", "key", "insert"]),
                               st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(NASTY),
                               st.sampled_from([-4, -2, -1, 1, 2, 4])),
                     min_size=1, max_size=4)


def mutate(text: str, mutations) -> str:
    lines = text.split("\n")
    for kind, first, second, token, shift in mutations:
        i, j = first % len(lines), second % len(lines)
        line = lines[i]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[j])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            body = line.lstrip(" ")
            lines[i] = " " * max(0, len(line) - len(body) + shift) + body
        elif kind == "scalar":  # the value after a ': ' (block or flow), up to the next ',' or '}'
            starts = [k + 2 for k in range(len(line) - 1) if line[k:k + 2] in (": ", "- ", ", ")]
            if starts:
                start = starts[second % len(starts)]
                end = start
                while end < len(line) and line[end] not in ",}]":
                    end += 1
                lines[i] = line[:start] + token + line[end:]
        elif kind == "key" and ":" in line:
            body = line.lstrip(" -")
            lines[i] = line[:len(line) - len(body)] + token + body[body.index(":"):]
        elif kind == "insert":
            at = second % (len(line) + 1)
            lines[i] = line[:at] + token + line[at:]
    return "\n".join(lines)


@CI
@given(st.sampled_from(SEEDS), MUTATIONS)
def test_a_mutated_ledger_is_valid_or_has_clear_findings(seed, mutations):
    stem, text = seed
    check_outcome(mutate(text, mutations), stem)


@CI
@given(st.sampled_from(SEEDS), MUTATIONS)
def test_a_mutated_policy_is_valid_or_has_clear_findings(tmp_path_factory, seed, mutations):
    from rectify_cli.validation.policy_file import load_policy

    policy_text = (DATA / "broken" / "policy.yaml").read_text(encoding="utf-8")
    if (ROOT / "ledgers" / "policy.yaml").exists():
        policy_text = (ROOT / "ledgers" / "policy.yaml").read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("policy")
    (folder / "policy.yaml").write_text(mutate(policy_text, mutations), encoding="utf-8", errors="surrogatepass")
    _policy, problems = load_policy(folder)
    for problem in problems:
        assert problem.code.startswith("E-") and problem.message.strip(), problem


# --- (c) random sequences of editing commands ---------------------------------------------------

TEXTS = ["核查整改", "on", "a: b # c", "[x]", "'quote\"", "x" * 300, "— 破折号", "010", "2019-13-01", "~", "\u202e!"]
OPERATIONS = st.lists(st.tuples(st.sampled_from(["add-round", "add-problem", "add-measure", "done", "close", "reopen",
                                                 "long-term", "extend", "set-status", "accountability", "outcomes",
                                                 "survey", "evaluate"]),
                                st.integers(0, 1000), st.sampled_from(TEXTS), st.integers(0, 400)),
                      min_size=1, max_size=6)


@pytest.fixture
def edit_repo(tmp_path_factory, monkeypatch):
    def make():
        repo = tmp_path_factory.mktemp("repo")
        (repo / ".git").mkdir()
        (repo / "ledgers").mkdir()
        shutil.copy(VALID, repo / "ledgers")
        (repo / "evidence").mkdir()
        (repo / "evidence" / "proof.md").write_text("证明材料\n", encoding="utf-8")
        monkeypatch.chdir(repo)
        monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
        monkeypatch.setenv("RECTIFY_NOW", "2019-10-08T10:00:00+08:00")
        return repo
    return make


def command_for(ledger, kind: str, pick: int, text: str, days: int) -> tuple[list[str], tuple]:
    """A command line for `kind` on the ledger as it is, and the path of the item it may change."""
    today = dt.date(2019, 10, 8)
    day = (today - dt.timedelta(days=days)).isoformat()
    problems = ledger.problems
    index = pick % len(problems)
    problem = problems[index]
    here = ("problems", index)
    rounds = [i.round for i in ledger.inspections]
    round_index = pick % len(rounds)
    org = ["tj-police"]
    if kind == "add-round":
        return ["add-round", *org, "--round", str(8 + pick % 20), "--feedback-on", day], ("inspections",)
    if kind == "add-problem":
        return ["add-problem", *org, "--round", str(rounds[round_index]), "--category", "party-building",
                "--summary", text, "--leader", "李四", "--unit", "办公室", "--person", "王五"], ("problems",)
    if kind == "add-measure":
        return ["add-measure", *org, problem.id, "--text", text, "--owner", "王五", "--due", day], here
    if kind == "done":
        measure = problem.measures[pick % len(problem.measures)].id if problem.measures else "M1"
        return ["done", *org, problem.id, measure, "--date", day], here
    if kind == "close":
        return ["close", *org, problem.id, "--evidence", "evidence/proof.md", "--date", day], here
    if kind == "reopen":
        return ["reopen", *org, problem.id, "--reason", text, "--date", day], here
    if kind == "long-term":
        return ["long-term", *org, problem.id, "--review-by", "2020-06-30", "--reason", text, "--date", day], here
    if kind == "extend":
        to = (today + dt.timedelta(days=1 + pick)).isoformat()
        return ["extend", *org, problem.id, "--to", to, "--reason", text, "--approved-by", "巡视办", "--date", day], here
    if kind == "set-status":
        return ["set-status", *org, problem.id, ["open", "basically-done"][pick % 2], "--date", day], here
    if kind == "accountability":
        return ["accountability", *org, problem.id, "--person", "孙八", "--form", str(1 + pick % 4),
                "--action", text, "--date", day], here
    if kind == "outcomes":
        return ["outcomes", *org, problem.id, "--rules-made", str(pick % 5), "--funds-returned", f"{pick}.50"], here
    if kind == "survey":
        return ["survey", *org, "--round", str(rounds[round_index]), "--participants", "100", "--satisfied", "60",
                "--basically-satisfied", str(pick % 41), "--date", day], ("inspections", round_index)
    return ["evaluate", *org, "--round", str(rounds[round_index]), "--grade", "合格", "--score", str(pick % 101)], \
        ("inspections", round_index)


def lines_changed_outside(before: str, after: str, target: tuple) -> list[str]:
    """Lines of `before` that the edit removed or changed although they lie outside the node at `target`."""
    node = yaml.compose(before, Loader=yaml.CSafeLoader)
    for step in target:
        node = next(v for k, v in node.value if k.value == step) if isinstance(node, yaml.MappingNode) else node.value[step]
    first, last = node.start_mark.line, node.end_mark.line
    old, new = before.splitlines(), after.splitlines()
    changed = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            changed += [old[i] for i in range(i1, i2) if not first <= i <= last]
    return changed


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_random_editing_commands_keep_the_ledger_valid_and_every_untouched_line(invoke, edit_repo, operations):
    from rectify_cli.model import Policy
    from rectify_cli.validation.document import validate_text

    repo = edit_repo()
    path = repo / "ledgers" / "tj-police.yaml"
    for kind, pick, text, days in operations:
        before = path.read_text(encoding="utf-8")
        ledger, _ = validate_text(before, "tj-police.yaml", Policy(), dt.date(2019, 10, 8), "tj-police")
        args, target = command_for(ledger, kind, pick, text, days)
        result = invoke(*args, "--by", "王五")
        after = path.read_text(encoding="utf-8")
        event(f"{kind} {'written' if result.exit_code == 0 else 'refused'}")
        if result.exit_code != 0:
            assert result.exit_code in (1, 2) and result.stderr.startswith("rectify: error:"), result.output
            assert after == before, "a refused command changed the file"
            continue
        assert invoke("validate").exit_code == 0, (args, after)
        assert lines_changed_outside(before, after, target) == [], args
    assert not list((repo / "ledgers").glob(".*.tmp")), "a temp file was left behind"


# --- paths: nothing outside the ledger folder ----------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under `root`, with the sha256 of each file (symlinks by their target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """tmp/outside (must never change) and tmp/repo with ledgers/, evidence/ and a cache folder."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("外部文件\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "ledgers").mkdir()
    shutil.copy(VALID, repo / "ledgers")
    (repo / "evidence").mkdir()
    (repo / "evidence" / "proof.md").write_text("证明材料\n", encoding="utf-8")
    (repo / "evidence" / "link.md").symlink_to(tmp_path / "outside" / "secret.md")
    (repo / "evidence" / "outside-folder").symlink_to(tmp_path / "outside", target_is_directory=True)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(repo / ".cache"))
    return tmp_path


NOT_SLUGS = ["..", ".", "/", "/etc/passwd", "../outside", "ledgers/../../outside", "a/b", "a\\b", "a\x00b", "",
             " tj-police", "tj-police ", "tj-police\n", "Tj-Police", "tj_police", "-tj", "tj-", ".hidden",
             "tj-police.yaml", "ｔｊ-police", "tј-police", "tj-police\u200b", "\u202etj", "a" * 300, "~", "$HOME"]


@pytest.mark.parametrize("org", NOT_SLUGS, ids=repr)
def test_an_organisation_id_that_is_not_a_slug_is_refused_before_any_file_is_touched(invoke, tree, monkeypatch, org):
    from rectify_cli.edit import transaction as write

    def no_lock(folder):
        raise AssertionError("the folder was locked before the id was checked")

    monkeypatch.setattr(write, "folder_lock", no_lock)
    before = snapshot(tree)
    for args in (["init", org, "--name", "某单位党委"], ["done", org, "P7-002", "M1"],
                 ["add-round", org, "--round", "8", "--feedback-on", "2019-05-10"]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "is not an organisation id" in result.stderr or "No such option" in result.stderr  # '-tj'
    assert snapshot(tree) == before


@pytest.mark.parametrize("evidence", ["../outside/secret.md", str(Path("..") / ".." / "outside" / "secret.md"),
                                      "evidence/link.md", "evidence/outside-folder/secret.md", "/etc/hostname"])
def test_close_refuses_evidence_that_escapes_the_repository(invoke, tree, evidence):
    assert invoke("done", "tj-police", "P7-002", "M1", "--date", "2019-07-09", "--by", "钱七").exit_code == 0
    before = snapshot(tree)
    result = invoke("close", "tj-police", "P7-002", "--date", "2019-07-10", "--by", "钱七", "--evidence", evidence)
    assert result.exit_code == 1, result.output
    assert "outside the repository" in result.stderr
    assert snapshot(tree) == before


@pytest.mark.parametrize("written, code", [
    ("../outside/secret.md", "E-EVIDENCE-PATH"),
    ("evidence/../../outside/secret.md", "E-EVIDENCE-PATH"),
    ("/etc/hostname", "E-EVIDENCE-PATH"),
    ("evidence/link.md", "E-EVIDENCE-PATH"),
    ("evidence/outside-folder/secret.md", "E-EVIDENCE-PATH"),
    ("evidence/missing.md", "E-EVIDENCE-MISSING"),
])
def test_validate_evidence_flags_paths_written_by_hand_that_escape(invoke, tree, written, code):
    path = tree / "repo" / "ledgers" / "tj-police.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(PAPER_EVIDENCE, f"{{path: {json.dumps(written)}}}"), encoding="utf-8")
    result = invoke("validate", "--evidence", "--format", "json")
    assert result.exit_code == 1
    assert code in [d["code"] for d in json.loads(result.stdout)]


def test_a_whole_working_session_writes_only_the_ledger_and_the_cache(invoke, tree):
    steps = [
        ["add-round", "tj-police", "--round", "8", "--feedback-on", "2019-09-02"],
        ["add-problem", "tj-police", "--round", "8", "--category", "party-building", "--summary", "整改不到位",
         "--leader", "李四", "--unit", "办公室", "--person", "王五"],
        ["add-measure", "tj-police", "P8-001", "--text", "建立台账", "--owner", "王五", "--due", "2019-12-31"],
        ["done", "tj-police", "P8-001", "M1", "--date", "2019-09-20"],
        ["close", "tj-police", "P8-001", "--date", "2019-09-30", "--evidence", "evidence/proof.md"],
        ["reopen", "tj-police", "P8-001", "--reason", "反弹", "--date", "2019-10-01"],
        ["extend", "tj-police", "P7-002", "--to", "2019-09-30", "--reason", "审计", "--approved-by", "巡视办",
         "--date", "2019-07-08"],
        ["init", "jc-new", "--name", "新单位党委"],
        ["validate"], ["list"], ["show", "tj-police"],
    ]
    before = snapshot(tree)
    for step in steps:
        result = invoke(*step, *(["--by", "王五"] if step[0] not in ("init", "validate", "list", "show") else []))
        assert result.exit_code == 0, (step, result.output)
    after = snapshot(tree)
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert changed - {"repo/ledgers/tj-police.yaml", "repo/ledgers/jc-new.yaml", "repo/ledgers/.rectify.lock"} <= {
        key for key in changed if key.startswith("repo/.cache")}
    assert "repo/ledgers/tj-police.yaml" in changed and "repo/ledgers/jc-new.yaml" in changed


# --- tampering: hand edits that bypass the rules are visible --------------------------------------


def recompute_chain(problem: dict) -> None:
    """What a determined forger does: rebuild every hash after editing the history."""
    from rectify_cli.model import HistoryEntry
    from rectify_cli.validation.rules import history_hash

    previous = problem["id"]
    for entry in problem["history"]:
        entry.pop("hash", None)
        entry["hash"] = history_hash(previous, HistoryEntry.model_validate(entry))
        previous = entry["hash"]


def test_the_chain_has_no_secret_a_forger_who_recomputes_it_is_not_detected():
    # The documented limit (docs/reliability.md): the hash chain shows careless edits; git shows all.
    from rectify_cli.model import Policy
    from rectify_cli.validation.document import validate_text

    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    problem = data["problems"][0]
    problem["history"][1]["by"] = "李四"  # who did the work, rewritten
    recompute_chain(problem)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    ledger, problems = validate_text(text, "tj-police.yaml", Policy(), TODAY, "tj-police")
    assert ledger is not None and problems == []


def test_removing_the_last_history_entry_is_caught_only_when_it_changes_the_status():
    from rectify_cli.model import Policy
    from rectify_cli.validation.document import validate_text

    text = VALID.read_text(encoding="utf-8")
    extended = ("      - {at: 2019-06-05T11:00:00+08:00, by: 钱七, did: extended, date: 2019-06-05, to: 2019-07-10, "
                "reason: 涉及多年账目需审计核实, hash: 8dddcf2e523d6188}\n")
    closed = "      - {at: 2019-07-30T16:02:00+08:00, by: 王五, did: closed, date: 2019-07-30, hash: 2728827c5500394d}\n"
    assert extended in text and closed in text
    _ledger, problems = validate_text(text.replace(extended, ""), "tj-police.yaml", Policy(), TODAY, "tj-police")
    assert problems == []  # the limit: the last entry of P7-002 is gone and nothing shows it
    _ledger, problems = validate_text(text.replace(closed, ""), "tj-police.yaml", Policy(), TODAY, "tj-police")
    assert [p.code for p in problems] == ["E-HISTORY-STATUS"]


def test_validate_evidence_reports_an_evidence_file_changed_after_closure(invoke, tree):
    repo = tree / "repo"
    with_file_evidence(repo / "ledgers" / "tj-police.yaml")
    assert invoke("validate", "--evidence").exit_code == 0
    with (repo / "tests" / "data" / "evidence" / "p7-001.md").open("a", encoding="utf-8") as stream:
        stream.write("\n补记一行\n")
    result = invoke("validate", "--evidence", "--format", "json")
    assert result.exit_code == 1
    assert [(d["code"], d["path"]) for d in json.loads(result.stdout)] == [
        ("E-EVIDENCE-CHANGED", "problems[0].closed.evidence[0].sha256")]
