"""Editing commands through the CLI on temp copies: golden diffs, refusals, and nothing lost."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA

GOLDEN = Path(__file__).parent / "golden" / "edit"
ORG = "tj-police"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with the test ledger and an evidence file, the working folder set to it."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "p7-002-退款凭证.md").write_text("清退款项凭证\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    monkeypatch.setenv("RECTIFY_NOW", "2019-10-08T10:00:00+08:00")
    return tmp_path


def ledger_text(repo: Path) -> str:
    return (repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8")


def diff_of(before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "before", "after", n=1))


def check_golden(name: str, text: str, suffix: str = ".diff") -> None:
    path = GOLDEN / f"{name}{suffix}"
    if os.environ.get("RECTIFY_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


COMMANDS = {
    "add-round": ["add-round", ORG, "--round", "8", "--kind", "special", "--feedback-on", "2019-09-02"],
    "add-problem": ["add-problem", ORG, "--round", "7", "--category", "personnel", "--summary",
                    "选人用人把关不严: 个别干部“带病提拔”", "--leader", "李四", "--unit", "组织处",
                    "--person", "吴十", "--deadline", "2019-12-31", "--immediate"],
    "add-measure": ["add-measure", ORG, "P7-003", "--text", "每季度召开意识形态分析研判会", "--owner", "周九",
                    "--due", "2019-12-31"],
    "done": ["done", ORG, "P7-002", "M1", "--date", "2019-07-09"],
    "reopen": ["reopen", ORG, "P7-001", "--reason", "问题反弹，再次发现违规签订", "--date", "2019-09-20"],
    "long-term": ["long-term", ORG, "P7-002", "--review-by", "2020-03-31", "--reason", "涉及历史遗留账目",
                  "--date", "2019-08-05"],
    "extend": ["extend", ORG, "P7-002", "--to", "2019-09-30", "--reason", "审计尚未结束",
               "--approved-by", "市委巡视办", "--date", "2019-07-08"],
    "set-status": ["set-status", ORG, "P7-002", "basically-done", "--label", "基本完成", "--date", "2019-08-01"],
    "accountability": ["accountability", ORG, "P7-002", "--person", "周某", "--form", "1", "--action", "诫勉谈话",
                       "--responsibility", "leading", "--date", "2019-07-01"],
    "outcomes": ["outcomes", ORG, "P7-002", "--funds-returned", "125000.50", "--rules-made", "1"],
    "survey": ["survey", ORG, "--round", "7", "--participants", "100", "--satisfied", "70",
               "--basically-satisfied", "20", "--date", "2019-09-30", "--replace"],
    "evaluate": ["evaluate", ORG, "--round", "7", "--grade", "基本合格", "--score", "68", "--evaluator", "市委巡视办",
                 "--replace"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_changes_only_what_it_must(invoke, repo, name):
    before = ledger_text(repo)
    result = invoke(*COMMANDS[name], "--by", "王五")
    assert result.exit_code == 0, result.output
    after = ledger_text(repo)
    check_golden(name, diff_of(before, after))
    assert invoke("validate").exit_code == 0


def test_close_records_evidence_hash_after_the_measures_are_done(invoke, repo):
    assert invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09", "--by", "钱七").exit_code == 0
    before = ledger_text(repo)
    result = invoke("close", ORG, "P7-002", "--date", "2019-07-10", "--by", "钱七",
                    "--evidence", "evidence/p7-002-退款凭证.md", "--verified-by", "市纪委监委第三监督检查室")
    assert result.exit_code == 0, result.output
    assert "P7-002 closed on 2019-07-10" in result.stderr
    check_golden("close", diff_of(before, ledger_text(repo)))


def test_add_problem_prints_the_new_id_and_never_reuses_one(invoke, repo):
    args = COMMANDS["add-problem"] + ["--by", "王五"]
    assert invoke(*args).stdout == "P7-004\n"
    assert invoke(*args).stdout == "P7-005\n"


def test_close_is_refused_while_a_measure_is_unfinished(invoke, repo):
    before = ledger_text(repo)
    result = invoke("close", ORG, "P7-002", "--date", "2019-07-10", "--evidence", "evidence/p7-002-退款凭证.md")
    assert result.exit_code == 1
    assert "P7-002 cannot be closed: measure(s) not done: M1 清退违规发放款项" in result.stderr
    assert "hint: rectify done tj-police P7-002 M1" in result.stderr
    assert ledger_text(repo) == before


def test_close_is_refused_without_evidence(invoke, repo):
    invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09")
    before = ledger_text(repo)
    result = invoke("close", ORG, "P7-002", "--date", "2019-07-10")
    assert result.exit_code == 1
    assert "cannot be closed without evidence" in result.stderr
    assert ledger_text(repo) == before


def test_evidence_outside_the_repository_is_refused(invoke, repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "x.md"
    outside.write_text("x")
    invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09")
    result = invoke("close", ORG, "P7-002", "--date", "2019-07-10", "--evidence", str(outside))
    assert result.exit_code == 1
    assert "outside the repository" in result.stderr


def test_dry_run_prints_the_diff_and_writes_nothing(invoke, repo):
    before = ledger_text(repo)
    result = invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09", "--dry-run")
    assert result.exit_code == 0
    assert "+      - {id: M1, text: 清退违规发放款项, owner: 钱七, due: 2019-07-10, done_on: 2019-07-09}" in result.stdout
    assert "dry run: nothing was written" in result.stderr
    assert ledger_text(repo) == before


def test_comments_and_untouched_lines_survive_an_edit(invoke, repo):
    before = ledger_text(repo)
    invoke("extend", ORG, "P7-002", "--to", "2019-09-30", "--reason", "审计", "--approved-by", "巡视办",
           "--date", "2019-07-08")
    after = ledger_text(repo)
    assert "    immediate: true               # 立行立改\n" in after
    assert after.startswith(before.split("problems:")[0])
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []


def test_crlf_and_missing_final_newline_are_kept(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    assert invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09").exit_code == 0
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert not data.endswith(b"\n")


def test_file_mode_is_kept(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    path.chmod(0o640)
    invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09")
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("bad", ["../etc", "/tmp/x", "a/b", "Tj-Police", "a\x00b", ""])
def test_organisation_ids_that_are_not_slugs_are_refused_before_any_file_is_touched(invoke, repo, bad):
    result = invoke("done", bad, "P7-002", "M1")
    assert result.exit_code == 2
    assert "is not an organisation id" in result.stderr


def test_unknown_problem_and_measure_are_refused(invoke, repo):
    result = invoke("done", ORG, "P9-999", "M1")
    assert result.exit_code == 1 and "has no problem 'P9-999'" in result.stderr
    result = invoke("done", ORG, "P7-002", "M9")
    assert result.exit_code == 1 and "has no measure 'M9' (measures: M1)" in result.stderr


def test_unknown_ledger_is_exit_2(invoke, repo):
    result = invoke("done", "nobody", "P7-002", "M1")
    assert result.exit_code == 2 and "no ledger nobody.yaml" in result.stderr


def test_missing_option_in_a_script_is_a_usage_error(invoke, repo):
    result = invoke("add-measure", ORG, "P7-002", "--text", "核查", "--owner", "钱七")
    assert result.exit_code == 2
    assert "missing option --due" in result.stderr


@pytest.mark.parametrize("args", [
    ["done", ORG, "P7-002", "M1", "--date", "2019-13-01"],
    ["extend", ORG, "P7-002", "--to", "明天", "--reason", "x", "--approved-by", "y"],
    ["add-measure", ORG, "P7-002", "--text", "  ", "--owner", "x", "--due", "2019-12-01"],
])
def test_bad_arguments_are_usage_errors(invoke, repo, args):
    before = ledger_text(repo)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert ledger_text(repo) == before


def test_a_date_in_the_future_is_refused(invoke, repo):
    result = invoke("done", ORG, "P7-002", "M1", "--date", "2019-10-09")
    assert result.exit_code == 1 and "in the future" in result.stderr


def test_an_edit_of_an_invalid_ledger_is_refused_with_its_errors(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: 违规发放津补贴", "summary: no"), encoding="utf-8")
    before = path.read_bytes()
    result = invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09")
    assert result.exit_code == 1
    assert "E-YAML11" in result.stderr
    assert path.read_bytes() == before


def test_reopen_then_close_again_counts_the_relapse_and_keeps_the_first_closure(invoke, repo):
    assert invoke("reopen", ORG, "P7-001", "--reason", "反弹", "--date", "2019-09-20").exit_code == 0
    text = ledger_text(repo)
    assert "closed_on: 2019-07-30" in text and "verified_by: 市纪委监委第三监督检查室" in text
    result = invoke("close", ORG, "P7-001", "--date", "2019-09-30", "--evidence", "evidence/p7-002-退款凭证.md")
    assert result.exit_code == 0, result.output
    assert invoke("validate").exit_code == 0


def test_init_creates_a_valid_ledger_and_refuses_to_overwrite(invoke, repo):
    result = invoke("init", "jc-edu", "--name", "江城市教育局党组", "--kind", "department", "--secretary", "陈明")
    assert result.exit_code == 0, result.output
    assert (repo / "ledgers" / "jc-edu.yaml").exists()
    assert invoke("validate").exit_code == 0
    again = invoke("init", "jc-edu", "--name", "江城市教育局党组")
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_new_organisation_path_from_init_to_closure(invoke, repo):
    steps = [
        ["init", "jc-edu", "--name", "江城市教育局党组"],
        ["add-round", "jc-edu", "--round", "7", "--feedback-on", "2019-05-15"],
        ["add-problem", "jc-edu", "--round", "7", "--category", "party-building", "--summary", "“三会一课”制度落实不到位",
         "--leader", "陈明", "--unit", "机关党委", "--person", "刘洋"],
        ["add-measure", "jc-edu", "P7-001", "--text", "制定“三会一课”台账", "--owner", "刘洋", "--due", "2019-06-30"],
        ["done", "jc-edu", "P7-001", "M1", "--date", "2019-06-28"],
        ["close", "jc-edu", "P7-001", "--date", "2019-07-01", "--evidence", "evidence/p7-002-退款凭证.md"],
    ]
    for step in steps:
        result = invoke(*step, *([] if step[0] == "init" else ["--by", "刘洋"]))
        assert result.exit_code == 0, (step, result.output)
    text = (repo / "ledgers" / "jc-edu.yaml").read_text(encoding="utf-8")
    assert "rectify_by: 2019-08-15" in text  # feedback + 3 months by default
    assert "status: closed" in text
    assert invoke("validate").exit_code == 0


def test_an_evaluation_is_not_overwritten_without_replace(invoke, repo):
    before = ledger_text(repo)
    result = invoke("evaluate", ORG, "--round", "7", "--grade", "不合格")
    assert result.exit_code == 1
    assert "already has an evaluation (合格)" in result.stderr and "--replace" in result.stderr
    assert ledger_text(repo) == before


def test_evidence_named_relative_to_the_repository_from_another_folder(invoke, repo, monkeypatch):
    invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09")
    monkeypatch.chdir(repo / "ledgers")
    result = invoke("close", ORG, "P7-002", "--date", "2019-07-10", "--evidence", "evidence/p7-002-退款凭证.md",
                    "--ledgers", ".")
    assert result.exit_code == 0, result.output
    assert "path: evidence/p7-002-退款凭证.md" in ledger_text(repo)


def test_measures_written_by_the_commands_are_one_per_line_and_done_changes_one_line(invoke, repo):
    # docs/format.md writes measures (and history entries, extensions) one per line in a block
    # list; the commands write them so, and marking a measure done rewrites only its own line
    args = COMMANDS["add-problem"] + ["--by", "王五"]
    assert invoke(*args).stdout == "P7-004\n"
    for text in ("建立干部选任全程纪实制度，逐项记录动议、民主推荐、考察等环节", "对近三年提拔的干部开展“回头看”"):
        result = invoke("add-measure", ORG, "P7-004", "--text", text, "--owner", "吴十", "--due", "2019-11-30",
                        "--by", "王五")
        assert result.exit_code == 0, result.output
    written = ledger_text(repo)
    new_problem = written[written.index("  - id: P7-004"):]
    check_golden("new-problem-with-measures", new_problem, ".yaml")
    assert max(len(line) for line in new_problem.splitlines()) < 140
    before = written
    assert invoke("done", ORG, "P7-004", "M1", "--date", "2019-10-08", "--by", "王五").exit_code == 0
    changed = [line for line in diff_of(before, ledger_text(repo)).splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    removed = [line for line in changed if line.startswith("-")]
    added = [line for line in changed if line.startswith("+")]
    assert len(removed) == 1 and "id: M1" in removed[0], changed  # the measure's own line, and nothing else
    assert sorted("done_on: 2019-10-08" in line for line in added) == [False, True]
    assert any("did: measure-done" in line for line in added)
    assert invoke("validate").exit_code == 0


def test_a_refused_edit_never_names_a_line_of_the_text_that_was_not_written(invoke, repo):
    # the finding is about a line the change would have added: said so, and the line quoted,
    # not "line 63 of a 58-line file". The commands check a category before they write, so the
    # change is made through the core, as a command that missed a check would make it.
    import datetime as dt

    from rectify_cli.edit import transaction
    from rectify_cli.errors import RefusedChange
    from rectify_cli.validation.policy_file import load_policy

    shutil.copy(DATA / "broken" / "policy.yaml", repo / "ledgers" / "policy.yaml")
    before = ledger_text(repo)
    policy, _ = load_policy(repo / "ledgers")

    def change(ledger, document):
        problem = {"id": "P7-004", "round": 7, "category": "no-such-category", "summary": "x",
                   "responsible": {"leader": "李四", "unit": "组织处", "person": "吴十"}, "deadline": dt.date(2019, 12, 31),
                   "status": "open"}
        document.append(("problems",), problem)
        return "added"

    with pytest.raises(RefusedChange) as refused:
        transaction.edit(repo / "ledgers", ORG, change, policy, dt.date(2026, 11, 24))
    assert ledger_text(repo) == before
    [finding] = [f for f in refused.value.problems if f.code == "E-UNKNOWN-CATEGORY"]
    assert finding.message.endswith("(in the text the command would have written, not in the file)")
    assert (finding.line, finding.excerpt) == (0, "category: no-such-category")


def test_a_finding_on_a_line_the_edit_kept_points_at_that_line_in_the_file():
    from rectify_cli.edit.transaction import on_disk
    from rectify_cli.errors import Finding

    old, new = "a: 1\nb: 2\nc: 3\n", "a: 1\nnew: 0\nb: 2\nc: 3\n"
    kept, written = on_disk([Finding("f.yaml", 4, 1, "E-X", "about c"), Finding("f.yaml", 2, 1, "E-Y", "about new")],
                            old, new)
    assert (kept.line, kept.column) == (3, 1)
    assert (written.line, written.excerpt) == (0, "new: 0") and "not in the file" in written.message


def test_a_found_on_date_in_the_future_is_refused_and_nothing_written(invoke, repo):
    before = ledger_text(repo)
    result = invoke("add-problem", ORG, "--round", "7", "--category", "party-building", "--summary", "x",
                    "--leader", "李四", "--unit", "组织处", "--person", "吴十", "--deadline", "2099-12-31",
                    "--found-on", "2099-01-01")
    assert result.exit_code == 1 and "--found-on 2099-01-01 is after today (2019-10-08)" in result.stderr
    assert ledger_text(repo) == before
