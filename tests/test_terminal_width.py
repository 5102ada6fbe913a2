"""On a terminal of any width, numbers and dates are never split across lines: `report`, `list`
and `show` run in a pseudo-terminal of 40, 60 and 80 columns print every figure the piped (full
row) output prints, whole."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import copy_bundled_ledgers

pty = pytest.importorskip("pty")  # POSIX: a pseudo-terminal, so that rich fits the output to COLUMNS

# figures as a person reads them: 1,250,000.00  89.26%  133/149  2026-08-15
FIGURE = re.compile(r"\d{4}-\d{2}-\d{2}|\d[\d,]*(?:\.\d+)?%?(?:/\d+)?")
HASH = re.compile(r"\b[0-9a-f]{40,64}\b")  # a content hash is one word longer than a narrow terminal
COMMANDS = {
    "report-en": ["report", "--round", "7", "--lang", "en"],
    "report-zh": ["report", "--round", "7", "--lang", "zh"],
    "list": ["list", "--round", "7", "--lang", "en"],
    "show": ["show", "jc-edu", "P7-003", "--lang", "en"],
}


def run(folder, args: list[str], columns: int | None) -> str:
    env = {**os.environ, "RECTIFY_TODAY": "2026-11-24", "NO_COLOR": "1", "COLUMNS": str(columns or 200)}
    command = [sys.executable, "-m", "rectify_cli", *args, "--ledgers", str(folder)]
    if columns is None:
        return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    primary, secondary = pty.openpty()
    child = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=subprocess.DEVNULL, env=env)
    os.close(secondary)
    chunks = []
    while True:  # read while it writes: a full pseudo-terminal would block it
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert child.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def figures_of(text: str) -> set[str]:
    return set(FIGURE.findall(HASH.sub(" ", text)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return copy_bundled_ledgers(tmp_path_factory.mktemp("examples") / "ledgers")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_number_or_date_is_split_at_40_60_or_80_columns(folder, name):
    whole = figures_of(run(folder, COMMANDS[name], None))
    assert len(whole) > 5
    for columns in (40, 60, 80):
        shown = run(folder, COMMANDS[name], columns)
        assert "\n" in shown and max(len(line) for line in shown.splitlines()) < 400  # it was fitted, not piped
        assert sorted(whole - figures_of(shown)) == [], (name, columns)
