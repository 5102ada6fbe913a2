"""The docs keep up with the code: every error code has a broken ledger that shows it, every field is documented.

Most cases are single files in tests/data/broken/ (checked by test_validate.py). A code that needs
more than one file, an option or an environment variable has a folder there: its ledgers, a
`case.txt` (`args:` and `env:` lines) and an `expected` file of FILE:LINE:COL: CODE PATH lines.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from conftest import BUNDLED_LEDGERS, DATA, ROOT

BROKEN = DATA / "broken"
FORMAT_DOC = ROOT / "docs" / "format.md"
FOLDER_CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())


def read_case(folder) -> tuple[list[str], dict[str, str]]:
    settings = dict(line.split(":", 1) for line in (folder / "case.txt").read_text(encoding="utf-8").splitlines())
    args = settings.get("args", "").split()
    env = dict(item.split("=", 1) for item in settings.get("env", "").split())
    return args, env


def run_case(folder) -> tuple[int, list[str]]:
    args, env = read_case(folder)
    done = subprocess.run([sys.executable, "-m", "rectify_cli", "validate", str(folder), *args, "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", env={**os.environ, **env}, cwd=ROOT,
                          check=False)
    lines = [f"{os.path.basename(d['file'])}:{d['line']}:{d['column']}: {d['code']} {d['path']}".rstrip()
             for d in json.loads(done.stdout)]
    return done.returncode, lines


@pytest.mark.parametrize("folder", FOLDER_CASES, ids=lambda p: p.name)
def test_a_folder_case_reports_its_expected_errors(folder):
    code, lines = run_case(folder)
    assert code == 1
    assert lines == (folder / "expected").read_text(encoding="utf-8").splitlines()


def documented_codes() -> set[str]:
    return set(re.findall(r"`(E-[A-Z0-9-]+)`", FORMAT_DOC.read_text(encoding="utf-8")))


def shown_codes() -> set[str]:
    expected = [*BROKEN.glob("*.expected"), *(folder / "expected" for folder in FOLDER_CASES)]
    return {line.split()[1] for path in expected for line in path.read_text(encoding="utf-8").splitlines()}


def test_every_error_code_in_the_format_doc_has_a_broken_ledger_case():
    codes = documented_codes()
    assert len(codes) >= 40  # the table is there and read
    assert sorted(codes - shown_codes()) == []


def test_every_code_a_broken_case_shows_is_documented():
    assert sorted(shown_codes() - documented_codes()) == []


def model_fields() -> set[tuple[str, str]]:
    from rectify_cli import model

    fields = set()
    for name, value in vars(model).items():
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == model.__name__:
            fields.update((name, info.alias or field) for field, info in value.model_fields.items())
    return fields


def test_every_model_field_appears_in_the_format_doc():
    spans = " ".join(re.findall(r"`([^`\n]+)`", FORMAT_DOC.read_text(encoding="utf-8")))
    fields = model_fields()
    assert len(fields) >= 100
    missing = sorted(f"{model}.{field}" for model, field in fields if not re.search(rf"\b{re.escape(field)}\b", spans))
    assert missing == []


def test_the_tests_list_of_bundled_ledgers_names_files_of_the_checkout():
    # the tests read only conftest.BUNDLED_LEDGERS, so a ledger a person adds to ledgers/ (and even
    # commits) cannot break them; every file of the list is in git
    listed = subprocess.run(["git", "ls-files", "ledgers"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0 or not listed.stdout:
        pytest.skip("not a git checkout")
    assert set(BUNDLED_LEDGERS) <= {Path(line).name for line in listed.stdout.split()}
