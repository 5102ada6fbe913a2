"""Provenance: every report states the commit, the state of the work tree, a content hash and its
parameters; `--at COMMIT` reads the ledgers as they were and reproduces a report byte for byte."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_bundled_ledgers
from rectify_cli import provenance

HAS_GIT = shutil.which("git") is not None
needs_git = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
ROUNDS = Path(__file__).parent / "data" / "rounds"


@pytest.fixture(autouse=True)
def no_git_above(monkeypatch, tmp_path):
    # a temp folder must not be taken for part of a repository that happens to hold it
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("RECTIFY_TODAY", "2026-12-01")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=测试", "-c", "user.email=t@example.invalid",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding a copy of the example ledgers, committed."""
    root = tmp_path / "repo"
    copy_bundled_ledgers(root / "ledgers")
    git(root, "init", "-q")
    git(root, "add", "ledgers")
    git(root, "commit", "-q", "-m", "example ledgers")
    return root


# --- the content hash ----------------------------------------------------------------------------


def test_content_hash_is_over_sorted_names_lengths_and_bytes(tmp_path):
    folder = tmp_path / "ledgers"
    shutil.copytree(ROUNDS, folder)
    expected = hashlib.sha256()
    for name in ("alpha.yaml", "beta.yaml", "delta.yaml", "gamma.yaml", "policy.yaml"):
        data = (folder / name).read_bytes()
        expected.update(f"{name}\0{len(data)}\0".encode() + data)
    digest, names = provenance.content_hash(folder, provenance.files_read(folder))
    assert digest == expected.hexdigest()
    assert names == ("alpha.yaml", "beta.yaml", "delta.yaml", "gamma.yaml", "policy.yaml")
    (folder / "notes.txt").write_text("not read by a report\n", encoding="utf-8")
    assert provenance.content_hash(folder, provenance.files_read(folder))[0] == digest
    (folder / "beta.yaml").write_bytes((folder / "beta.yaml").read_bytes() + b"\n")
    assert provenance.content_hash(folder, provenance.files_read(folder))[0] != digest


@given(order=st.permutations(range(6)), given_count=st.integers(0, 6))
@settings(max_examples=40, deadline=None)
def test_the_hash_fed_while_checking_is_the_hash_read_from_disk(tmp_path_factory, order, given_count):
    # the report feeds the bytes it read for the check, in its order (.yaml then .yml), some files never
    folder = tmp_path_factory.mktemp("fed") / "ledgers"
    if not folder.exists():
        shutil.copytree(ROUNDS, folder)
        (folder / "zeta.yml").write_text("organisation: {id: zeta}\n", encoding="utf-8")
    paths = provenance.files_read(folder)
    fed = provenance.ContentHash(folder, paths)
    for index in order[:given_count]:
        if index < len(paths):
            fed.feed(paths[index], paths[index].read_bytes())
    fed.feed(folder / "not-a-ledger.yaml", b"ignored")
    assert fed.result() == provenance.content_hash(folder, paths)


def test_a_report_states_the_content_hash_of_the_files_on_disk_cold_and_warm(invoke, tmp_path, monkeypatch):
    folder = tmp_path / "ledgers"
    shutil.copytree(ROUNDS, folder)
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    expected = provenance.content_hash(folder, provenance.files_read(folder))[0]
    for _ in ("cold", "warm"):
        result = invoke("report", "--round", "5", "--ledgers", str(folder), "--format", "json")
        assert result.exit_code in (0, 3), result.stderr
        assert json.loads(result.stdout)["provenance"]["content_sha256"] == expected


# --- git's situations: stated, never raised -------------------------------------------------------


def test_outside_a_repository_it_says_so(tmp_path):
    assert provenance.git_state(tmp_path) == (None, None, "not a git repository")


def test_without_git_it_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance, "GIT", "rectify-test-no-such-git")
    assert provenance.git_state(tmp_path) == (None, None, "git is not installed")


@needs_git
def test_a_repository_without_commits(tmp_path):
    git(tmp_path, "init", "-q")
    assert provenance.git_state(tmp_path) == (None, None, "no commit yet")


@needs_git
def test_commit_and_dirty_state_of_the_ledger_folder(repo):
    head = git(repo, "rev-parse", "HEAD").strip()
    folder = repo / "ledgers"
    assert provenance.git_state(folder) == (head, False, "ok")
    (repo / "README.txt").write_text("outside the ledger folder\n", encoding="utf-8")
    assert provenance.git_state(folder) == (head, False, "ok")            # only the ledger folder matters
    (folder / "jc-new.yaml").write_text("x: 1\n", encoding="utf-8")
    assert provenance.git_state(folder) == (head, True, "ok")             # an untracked ledger makes it dirty
    (folder / "jc-new.yaml").unlink()
    with (folder / "policy.yaml").open("a", encoding="utf-8") as stream:
        stream.write("# changed\n")
    assert provenance.git_state(folder) == (head, True, "ok")             # so does the policy


# --- in the report -----------------------------------------------------------------------------


@needs_git
def test_every_format_states_the_provenance(invoke, repo):
    head = git(repo, "rev-parse", "HEAD").strip()
    args = ["report", "--round", "7", "--as-of", "2026-12-01", "--ledgers", str(repo / "ledgers")]
    data = json.loads(invoke(*args, "--format", "json").stdout)["provenance"]
    assert (data["git"], data["commit"], data["dirty"], data["files"]) == ("ok", head, False, 10)
    assert len(data["content_sha256"]) == 64
    assert data["parameters"]["round"] == 7 and data["parameters"]["as_of"] == "2026-12-01"
    assert data["parameters"]["policy"]["rules"]["democratic-life-meeting"]["rate_at_or_below"] == "1/2"
    assert data["parameters"]["policy"]["warning_days"] == {"green": 20, "yellow": 10}
    for output_format in ("table", "markdown", "plain", "html", "csv"):
        out = invoke(*args, "--format", output_format, "--lang", "en").stdout
        assert head in out and data["content_sha256"] in out, output_format
    for view in ("--open", "--due-soon"):
        assert head in invoke(*args, view, "--format", "csv").stdout
    assert f"git 提交 {head}，无未提交的修改" in invoke(*args, "--lang", "zh").stdout


@needs_git
def test_a_dirty_work_tree_is_stated(invoke, repo):
    path = repo / "ledgers" / "jc-edu.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 修改未提交\n", encoding="utf-8")
    out = invoke("report", "--round", "7", "--ledgers", str(repo / "ledgers"), "--lang", "en").stdout
    assert "WITH uncommitted changes" in out


def test_outside_git_the_report_is_made_and_says_so(invoke, tmp_path):
    shutil.copytree(ROUNDS, tmp_path / "ledgers")
    result = invoke("report", "--round", "5", "--as-of", "2021-07-15", "--ledgers", str(tmp_path / "ledgers"),
                    "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)["provenance"]
    assert (data["git"], data["commit"], data["dirty"]) == ("not a git repository", None, None)


# --- --at COMMIT: the report as it was ----------------------------------------------------------


@needs_git
def test_report_at_a_commit_reproduces_the_report_made_then_byte_for_byte(invoke, repo):
    folder = repo / "ledgers"
    first = git(repo, "rev-parse", "HEAD").strip()
    args = ["report", "--round", "7", "--as-of", "2026-12-01", "--ledgers", str(folder)]
    then = {fmt: invoke(*args, "--format", fmt, "--lang", "zh").stdout for fmt in ("json", "table", "html", "csv")}
    assert json.loads(then["json"])["totals"]["rectified"] == 66

    # the ledgers change: a closure is undone by hand, then committed; a further change is left uncommitted
    path = folder / "jc-transport.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("participants: 100", "participants: 101"),
                    encoding="utf-8")
    git(repo, "commit", "-q", "-am", "survey corrected")
    edu = folder / "jc-edu.yaml"
    edu.write_text(edu.read_text(encoding="utf-8") + "# 未提交的修改\n", encoding="utf-8")
    changed = invoke(*args, "--format", "json", "--lang", "zh").stdout
    assert changed != then["json"]
    status_before = git(repo, "status", "--porcelain")
    head_before = git(repo, "rev-parse", "HEAD")

    for fmt, text in then.items():
        again = invoke(*args, "--format", fmt, "--lang", "zh", "--at", first)
        assert again.exit_code == 0, again.stderr
        assert again.stdout == text, fmt
    short = invoke(*args, "--format", "json", "--lang", "zh", "--at", first[:10]).stdout
    assert short == then["json"]

    # the work tree, the index and HEAD are as they were
    assert git(repo, "status", "--porcelain") == status_before
    assert git(repo, "rev-parse", "HEAD") == head_before
    assert edu.read_text(encoding="utf-8").endswith("# 未提交的修改\n")


@needs_git
def test_report_at_an_unknown_commit_or_outside_git_is_exit_2(invoke, repo, tmp_path):
    result = invoke("report", "--round", "7", "--ledgers", str(repo / "ledgers"), "--at", "no-such-branch")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--at: cannot read the ledgers at 'no-such-branch'" in result.stderr
    outside = tmp_path / "plain" / "ledgers"
    shutil.copytree(ROUNDS, outside)
    result = invoke("report", "--round", "5", "--ledgers", str(outside), "--at", "HEAD")
    assert result.exit_code == 2 and "not a git repository" in result.stderr


@needs_git
def test_an_invalid_ledger_at_a_commit_is_named_as_in_the_commit(invoke, repo):
    path = repo / "ledgers" / "jc-edu.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("deadline: 2025-06-10", "deadline: 2025-13-10", 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a broken date")
    broken = git(repo, "rev-parse", "HEAD").strip()
    path.write_text(text, encoding="utf-8")
    result = invoke("report", "--round", "7", "--as-of", "2026-12-01", "--ledgers", str(repo / "ledgers"),
                    "--at", broken, "--format", "json")
    assert result.exit_code == 1
    assert f"jc-edu.yaml (at {broken[:12]})" in result.stderr
    assert "jc-edu" not in [org["id"] for org in json.loads(result.stdout)["organisations"]]


@needs_git
def test_the_lock_file_an_edit_leaves_does_not_make_the_folder_dirty(repo):
    head = git(repo, "rev-parse", "HEAD").strip()
    folder = repo / "ledgers"
    from rectify_cli.edit import transaction

    with transaction.folder_lock(folder):
        pass
    assert (folder / transaction.LOCK_NAME).exists()
    assert provenance.git_state(folder) == (head, False, "ok")
