"""The README's own commands work as written: the clerk's walk-through runs clean in a copy."""

from __future__ import annotations

import re
import shlex
import shutil

from conftest import ROOT, copy_bundled_ledgers


def readme_block(title: str) -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(title):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = []
    for line in block.splitlines():
        line = line.split("   #")[0].strip()
        if line.startswith("rectify "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_the_opening_commands_are_install_and_report_then_install_and_test():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```sh") + 3]
    assert block[0].startswith("pip install . && rectify report --round 7")
    assert block[1].startswith("pip install '.[test]' && python -m pytest")
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()


def test_keeping_a_ledger_walkthrough_runs_clean(invoke, tmp_path, monkeypatch):
    copy_bundled_ledgers(tmp_path / "ledgers")
    shutil.copytree(ROOT / "evidence", tmp_path / "evidence")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    commands = readme_block("## Keeping a ledger")
    assert len(commands) >= 15
    for args in commands:
        result = invoke(*args, *(["--by", "刘洋"] if args[0] not in ("init", "show", "validate") else []))
        assert result.exit_code == 0, (args, result.output)
    assert invoke("report", "--round", "7", "--org", "jc-finance").exit_code == 0
