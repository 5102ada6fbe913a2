"""The README's own commands work as written: the clerk's walk-through runs clean in a copy."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

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


def readme_lines(title: str) -> list[str]:
    """Every command line of the first sh block after `title`, its comment left off."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text[text.index(title):], re.S).group(1)
    return [line.split("   #")[0].strip() for line in block.splitlines() if line.strip()]


@pytest.mark.skipif(os.name == "nt" or not shutil.which("bash") or not shutil.which("git"),
                    reason="the README's sh lines need bash and git")
def test_the_copy_and_then_the_keeping_a_ledger_walkthrough_run_clean_in_order(invoke, tmp_path, monkeypatch):
    # a checkout as it comes (the bundled examples only), the README's "try it in a copy" line run
    # as written, then every line of the walkthrough, in order, in that copy
    checkout = tmp_path / "checkout"
    copy_bundled_ledgers(checkout / "ledgers")
    shutil.copytree(ROOT / "evidence", checkout / "evidence")
    (tmp_path / "tmp").mkdir()
    copy_line, *rest = readme_lines("## Try it in a copy")
    made = subprocess.run(["bash", "-c", f"{copy_line} && pwd"], cwd=checkout, capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(tmp_path / "tmp")}, check=False)
    assert made.returncode == 0, made.stderr
    scratch = Path(made.stdout.split()[-1])
    assert scratch.parent == tmp_path / "tmp" and (scratch / "ledgers" / "jc-edu.yaml").is_file()
    monkeypatch.chdir(scratch)
    assert rest == ["rectify validate"] and invoke("validate").exit_code == 0
    lines = readme_lines("## Keeping a ledger")
    assert len(lines) >= 16
    for line in lines:
        if not line.startswith("rectify "):
            done = subprocess.run(["bash", "-c", line], cwd=scratch, capture_output=True, text=True, check=False)
            assert done.returncode == 0, (line, done.stderr)
            continue
        args = shlex.split(line)[1:]
        result = invoke(*args, *(["--by", "刘洋"] if args[0] not in ("init", "show", "validate", "progress-report") else []))
        assert result.exit_code == 0, (args, result.output)
    assert invoke("report", "--round", "7", "--org", "jc-finance").exit_code == 0
    ledger = (scratch / "ledgers" / "jc-finance.yaml").read_text(encoding="utf-8")
    assert "path: evidence/jc-finance/P7-001.md" in ledger and "evidence/jc-edu" not in ledger  # its own evidence


def test_the_closure_review_walkthrough_runs_clean_on_a_copy_of_the_examples(invoke, example_repo, monkeypatch):
    """README "Closure review in steps": approve the submission awaiting 巡察办复核 (it closes), then resubmit the
    returned one, approve it at the first step and return it at the second."""
    monkeypatch.chdir(example_repo)
    for args in readme_block("### Closure review in steps"):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    ledger = (example_repo / "ledgers" / "jc-xinhe.yaml").read_text(encoding="utf-8")
    assert "reason: 平台接入未经验收" in ledger
    report = invoke("report", "--round", "7", "--format", "json")
    xinhe = next(org for org in json.loads(report.stdout)["organisations"] if org["id"] == "jc-xinhe")
    assert (xinhe["under_review"], xinhe["returned"]) == (0, 1)
    assert invoke("validate").exit_code == 0


def test_the_decisions_and_rechecks_walkthrough_runs_clean_on_a_copy_of_the_examples(invoke, example_repo,
                                                                                   monkeypatch):
    """README "Extensions asked for, outcomes other than rectified, and 回头看": every line, in order, exit 0; the
    sample it prints holds the two problems the walkthrough re-checks, and the report counts what it did."""
    monkeypatch.chdir(example_repo)
    monkeypatch.setenv("RECTIFY_BY", "李娜")
    drawn = []
    for args in readme_block("### Extensions asked for, outcomes other than rectified"):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        if args[0] == "sample" and "--check" not in args:
            drawn = [tuple(line.split("\t")) for line in result.stdout.splitlines()]
    assert {("jc-hitech", "P7-003"), ("jc-cityinvest", "P7-009")} <= set(drawn)
    report = json.loads(invoke("report", "--round", "7", "--format", "json").stdout)
    totals = report["totals"]
    assert (totals["partial"], totals["waived"], totals["dismissed"]) == (1, 2, 2)
    assert (totals["extensions_requested"], totals["rechecks"]["false_rectifications"]) == (0, 1)
    assert invoke("validate").exit_code == 0
