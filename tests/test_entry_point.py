"""The real entry point ends a run without the interpreter's teardown (`cli._exit_now`): everything a
command printed still arrives whole, through a pipe and into a file, and its exit code is kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def rectify(*arguments: str, **options) -> subprocess.CompletedProcess:
    env = {**os.environ, "RECTIFY_TODAY": "2026-11-24", "RECTIFY_CACHE": "0", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "rectify_cli", *arguments], capture_output=True, text=True,
                          encoding="utf-8", env=env, check=False, cwd=ROOT, **options)


def test_a_long_report_arrives_whole_through_a_pipe():
    from typer.testing import CliRunner

    from rectify_cli.cli import app

    done = rectify("report", "--round", "7", "--format", "json", "--ledgers", "ledgers")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 20_000
    in_process = CliRunner().invoke(app, ["report", "--round", "7", "--format", "json", "--ledgers", "ledgers"],
                                    env={"RECTIFY_TODAY": "2026-11-24", "RECTIFY_CACHE": "0", "NO_COLOR": "1"})
    assert json.loads(done.stdout) == json.loads(in_process.stdout)


def test_output_written_to_a_file_is_whole(tmp_path):
    out = tmp_path / "list.txt"
    with out.open("w", encoding="utf-8") as handle:
        done = subprocess.run([sys.executable, "-m", "rectify_cli", "list", "--ledgers", "ledgers"], stdout=handle,
                           stderr=subprocess.PIPE, env={**os.environ, "RECTIFY_TODAY": "2026-11-24", "NO_COLOR": "1",
                                                        "RECTIFY_CACHE": "0"}, cwd=ROOT, check=False)
    assert done.returncode == 0
    piped = rectify("list", "--ledgers", "ledgers")
    assert out.read_text(encoding="utf-8") == piped.stdout
    assert piped.stdout.count("\n") > 20


@pytest.mark.parametrize("arguments, code", [
    (["validate", "--ledgers", "ledgers"], 0),
    (["validate", str(DATA / "broken" / "wrong-type.yaml")], 1),
    (["validate", "no-such-folder"], 2),
    (["report", "--round", "7", "--ledgers", "ledgers", "--no-such-option"], 2),
])
def test_exit_codes_are_kept(arguments, code):
    done = rectify(*arguments)
    assert done.returncode == code, done.stderr
    if code:
        assert done.stderr.strip()


def test_what_registered_itself_to_run_at_exit_still_runs(tmp_path):
    marker = tmp_path / "ran.txt"
    code = ("import atexit, pathlib, runpy, sys\n"
            f"atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text('ran'))\n"
            "sys.argv = ['rectify', 'validate', '--ledgers', 'ledgers']\n"
            "runpy.run_module('rectify_cli', run_name='__main__', alter_sys=True)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False,
                          env={**os.environ, "RECTIFY_TODAY": "2026-11-24", "RECTIFY_CACHE": "0"})
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ran"
