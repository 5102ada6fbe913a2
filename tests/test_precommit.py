"""The pre-commit hooks, run for real by `pre-commit run` in temp git repositories.

Two ways another repository uses them: as a hook repository (pre-commit clones it at a commit and
pip-installs rectify into its own environment: the real path, which needs the package registry for
rectify's dependencies), and as a `repo: local` hook using the rectify already installed (fast, no
network). Both read the hook definition from this repository's .pre-commit-hooks.yaml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit") is None,
                                reason="needs git and pre-commit")

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def hook(hook_id: str) -> dict:
    return next(h for h in HOOKS if h["id"] == hook_id)


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.invalid",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    monkeypatch.delenv("RECTIFY_LEDGERS", raising=False)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # when the tests run inside a git hook
        monkeypatch.delenv(name, raising=False)
    return dict(os.environ)


def ledger_repository(folder: Path, config: dict) -> Path:
    """A repository keeping ledgers: a valid ledger, its policy, a YAML file the hook must not read."""
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "ledgers").mkdir()
    shutil.copy(DATA / "valid" / "tj-police.yaml", folder / "ledgers" / "tj-police.yaml")
    (folder / "ledgers" / "policy.yaml").write_text("version: 1\nperiod_months: 3\n", encoding="utf-8")
    (folder / "config").mkdir()
    (folder / "config" / "other.yaml").write_text("not: [a, ledger\n", encoding="utf-8")  # not even YAML
    (folder / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                                    encoding="utf-8")
    git(folder, "add", "-A")
    return folder


def break_ledger(folder: Path) -> None:
    path = folder / "ledgers" / "tj-police.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: open" in text
    path.write_text(text.replace("status: open", "status: finished", 1), encoding="utf-8")
    git(folder, "add", "-A")


def pre_commit(folder: Path, environment: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(["pre-commit", "run", "--all-files", "--color", "never"], cwd=folder, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def test_hook_definitions_point_at_ledger_files_only():
    import re

    single = hook("rectify-validate")
    assert single["entry"] == "rectify validate" and single["language"] == "python"
    assert single["pass_filenames"] is True
    files, exclude = re.compile(single["files"]), re.compile(single["exclude"])
    chosen = [name for name in ("ledgers/tj-police.yaml", "ledgers/jc-edu.yml", "sub/ledgers/x.yaml",
                                "ledgers/policy.yaml", "ledgers/old/x.yaml", "config/ledgers.yaml", "x.yaml")
              if files.search(name) and not exclude.search(name)]
    assert chosen == ["ledgers/tj-police.yaml", "ledgers/jc-edu.yml", "sub/ledgers/x.yaml"]
    assert hook("rectify-validate-all")["pass_filenames"] is False


def test_local_hook_passes_a_valid_ledger_and_fails_a_broken_one(tmp_path, environment):
    """`repo: local` with the installed rectify: what a repository without network access can use."""
    definitions = []
    for hook_id in ("rectify-validate", "rectify-validate-all"):
        local = dict(hook(hook_id))
        local.update(language="system", entry=f"{sys.executable} -m rectify_cli validate")
        definitions.append(local)
    folder = ledger_repository(tmp_path / "keeper", {"repos": [{"repo": "local", "hooks": definitions}]})
    passed = pre_commit(folder, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "rectify validate (巡视巡察整改台账)" in passed.stdout and "Passed" in passed.stdout

    break_ledger(folder)
    failed = pre_commit(folder, environment)
    assert failed.returncode == 1
    assert "ledgers/tj-police.yaml" in failed.stdout and "E-VALUE" in failed.stdout
    assert "Failed" in failed.stdout
    assert "config/other.yaml" not in failed.stdout   # not a ledger: never read


def test_hook_repository_installed_by_pre_commit_checks_ledgers(tmp_path, environment):
    """The real path: pre-commit clones the hook repository at a commit and pip-installs rectify from it."""
    hooks_repo = tmp_path / "rectify"
    hooks_repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, hooks_repo / name)
    shutil.copytree(ROOT / "src", hooks_repo / "src",
                    ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "*.pyc"))
    git(hooks_repo, "init", "-q")
    git(hooks_repo, "add", "-A")
    git(hooks_repo, "commit", "-q", "-m", "rectify as a hook repository")
    revision = git(hooks_repo, "rev-parse", "HEAD")

    config = {"repos": [{"repo": str(hooks_repo), "rev": revision, "hooks": [{"id": "rectify-validate"}]}]}
    folder = ledger_repository(tmp_path / "keeper", config)
    passed = pre_commit(folder, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    break_ledger(folder)
    failed = pre_commit(folder, environment)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "ledgers/tj-police.yaml" in failed.stdout and "'finished' is not allowed" in failed.stdout
