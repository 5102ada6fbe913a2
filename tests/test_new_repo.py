"""`rectify new-repo DIR`: a ledger repository from an installed rectify, with the policy shipped in the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

EXPECTED = ["ledgers/policy.yaml", "schemas/ledger.schema.json", "schemas/policy.schema.json", "evidence/README.md",
            ".pre-commit-config.yaml", ".github/workflows/rectify.yml", ".gitignore"]


def test_the_shipped_policy_is_the_repositorys_policy():
    shipped = resources.files("rectify_cli").joinpath("data/policy.yaml").read_bytes()
    assert shipped == (ROOT / "ledgers" / "policy.yaml").read_bytes(), \
        "copy ledgers/policy.yaml to src/rectify_cli/data/policy.yaml (they must stay identical)"


def test_new_repo_makes_every_file_and_says_what_next(invoke, tmp_path):
    target = tmp_path / "台账仓库"
    result = invoke("new-repo", target)
    assert result.exit_code == 0, result.stderr
    for name in EXPECTED:
        assert (target / name).is_file(), name
        assert f"  {name}\n" in result.stdout
    written = (target / "ledgers" / "policy.yaml").read_text(encoding="utf-8")
    shipped = (ROOT / "ledgers" / "policy.yaml").read_text(encoding="utf-8")
    assert "jc-dongmen" in shipped and "jc-" not in written          # the examples' units are not the new office's
    changed = [(a, b) for a, b in zip(shipped.splitlines(), written.splitlines()) if a != b]
    assert len(shipped.splitlines()) == len(written.splitlines()) and len(changed) == 2
    assert changed[0][1].startswith("name: null   # 填写制定本办法的单位")        # nor is the example's name
    assert changed[1][1].startswith("  organisations: []")
    assert "江城市委巡察工作领导小组" not in written.split("\n", 3)[3]
    assert "佐证材料" in (target / "evidence" / "README.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load((target / ".github" / "workflows" / "rectify.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["validate"]["steps"]]
    assert any(step.startswith("pip install") and "rectify-cli" in step for step in steps)
    assert "rectify validate --format github" in steps
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == ["rectify-validate", "rectify-validate-all"]
    assert all(hook["entry"] == "rectify validate" for hook in hooks)
    for step in ("rectify init ORG", "rectify add-round ORG", "rectify import"):
        assert step in result.stdout
    if shutil.which("git"):
        assert (target / ".git").is_dir()
        assert "git init" in result.stdout


def test_new_repo_speaks_chinese(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    result = invoke("new-repo", tmp_path / "repo")
    assert result.exit_code == 0
    assert "已建立台账仓库" in result.stdout and "下一步" in result.stdout


def test_validate_works_in_the_new_repository_after_init(invoke, tmp_path, monkeypatch):
    invoke("new-repo", tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    created = invoke("init", "jc-test", "--name", "中共江城市测试局党组")
    assert created.exit_code == 0, created.stderr
    checked = invoke("validate")
    assert checked.exit_code == 0, checked.stderr
    assert "1 ledger file(s) checked: all valid" in checked.stdout + checked.stderr


def test_new_repo_inside_a_repository_does_not_init_git(invoke, tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    result = invoke("new-repo", tmp_path / "ledgers-repo")
    assert result.exit_code == 0
    assert not (tmp_path / "ledgers-repo" / ".git").exists()
    assert "already inside the repository" in result.stdout


def test_new_repo_never_overwrites_a_file(invoke, tmp_path):
    target = tmp_path / "repo"
    (target / ".github" / "workflows").mkdir(parents=True)
    (target / ".gitignore").write_text("mine\n", encoding="utf-8")
    (target / ".github" / "workflows" / "rectify.yml").write_text("mine\n", encoding="utf-8")
    result = invoke("new-repo", target)
    assert result.exit_code == 1
    assert ".github/workflows/rectify.yml, .gitignore" in result.stderr
    assert "nothing was written" in result.stderr
    assert (target / ".gitignore").read_text(encoding="utf-8") == "mine\n"
    assert not (target / "ledgers").exists()


def test_new_repo_refuses_a_folder_that_already_holds_ledgers(invoke, example_repo):
    result = invoke("new-repo", example_repo)
    assert result.exit_code == 1
    assert "already holds" in result.stderr and "jc-edu.yaml" in result.stderr
    assert "rectify init ORG" in result.stderr


def test_init_without_a_ledger_folder_points_at_new_repo(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "jc-test", "--name", "中共江城市测试局党组")
    assert result.exit_code == 2
    assert "rectify new-repo ." in result.stderr
    assert not (tmp_path / "ledgers").exists()   # it says what to do; it does not make folders


def test_the_wheel_carries_the_default_policy(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-300:]}")
    [wheel] = tmp_path.glob("rectify_cli-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("rectify_cli/data/policy.yaml") == (ROOT / "ledgers" / "policy.yaml").read_bytes()


def test_the_readmes_new_repository_walkthrough_runs_clean(invoke, tmp_path, monkeypatch):
    from test_readme import readme_block

    monkeypatch.chdir(tmp_path)
    commands = readme_block("## Starting a new ledger repository")
    assert commands[0][0] == "new-repo"
    made = invoke(*commands[0])
    assert made.exit_code == 0, made.stderr
    monkeypatch.chdir(tmp_path / commands[0][1])
    for args in commands[1:]:
        result = invoke(*args, *(["--by", "刘洋"] if args[0] == "add-round" else []))
        assert result.exit_code == 0, (args, result.stderr)


PRE_COMMIT = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(shutil.which("git") is None or PRE_COMMIT is None, reason="needs git and pre-commit")
def test_the_new_repositorys_pre_commit_hook_stops_a_broken_ledger(invoke, tmp_path, monkeypatch):
    import os

    from test_precommit import git

    target = tmp_path / "repo"
    assert invoke("new-repo", target).exit_code == 0
    monkeypatch.chdir(target)
    assert invoke("init", "jc-test", "--name", "中共江城市测试局党组").exit_code == 0
    git(target, "add", "-A")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "RECTIFY_LEDGERS"):
        environment.pop(name, None)

    def pre_commit() -> subprocess.CompletedProcess:
        return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"], cwd=target, env=environment,
                              capture_output=True, text=True, timeout=300)

    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    ledger = target / "ledgers" / "jc-test.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "problems: 3\n", encoding="utf-8")
    git(target, "add", "-A")
    failed = pre_commit()
    assert failed.returncode == 1
    assert "ledgers/jc-test.yaml" in failed.stdout
