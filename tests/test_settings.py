"""Environment variables are read once, validated, and a bad one is exit 2 with its name, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from rectify_cli import settings

BAD = [
    ("RECTIFY_MAX_FILE_BYTES", "abc", "whole number"),
    ("RECTIFY_MAX_FILE_BYTES", "0", "at least 1"),
    ("RECTIFY_TODAY", "x", "YYYY-MM-DD"),
    ("RECTIFY_TODAY", "2026-13-01", "YYYY-MM-DD"),
    ("RECTIFY_NOW", "yesterday", "offset"),
    ("RECTIFY_JOBS", "many", "whole number"),
    ("RECTIFY_LOCK_TIMEOUT", "-1", "at least 0"),
]


@pytest.mark.parametrize(("name", "value", "accepted"), BAD)
def test_a_bad_value_is_exit_2_naming_the_variable(name, value, accepted):
    for command in (["validate"], ["report", "--round", "7"], ["add-measure", "jc-edu", "P7-001", "--text", "x"]):
        done = subprocess.run([sys.executable, "-m", "rectify_cli", *command, "--ledgers", str(ROOT / "ledgers")],
                              capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", name: value}, check=False)
        assert done.returncode == 2, (command, done.stderr)
        assert f"{name}={value!r}" in done.stderr and accepted in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""


def test_settings_are_read_from_the_mapping_given():
    read = settings.read({"RECTIFY_TODAY": "2026-07-01", "RECTIFY_MAX_FILE_BYTES": "1000", "RECTIFY_JOBS": "3",
                          "RECTIFY_CACHE": "off", "RECTIFY_LANG": "zh", "NO_COLOR": "", "GITHUB_ACTIONS": "true"})
    assert read.today is not None and read.today.isoformat() == "2026-07-01"
    assert (read.max_file_bytes, read.jobs, read.cache_enabled, read.lang) == (1000, 3, False, "zh")
    assert read.no_color and read.github_actions


def test_defaults_when_nothing_is_set():
    read = settings.read({"LANG": "C"})
    assert (read.today, read.max_file_bytes, read.jobs, read.cache_enabled, read.lang) == (
        None, 16 * 1024 * 1024, None, True, "en")


def test_the_size_limit_comes_from_the_environment_at_the_time_of_reading(invoke, tmp_path, monkeypatch):
    ledger = tmp_path / "tj-police.yaml"
    ledger.write_text((ROOT / "tests" / "data" / "valid" / "tj-police.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("validate", ledger).exit_code in (0, 1)
    monkeypatch.setenv("RECTIFY_MAX_FILE_BYTES", "100")
    result = invoke("validate", ledger)
    assert result.exit_code == 1 and "E-TOO-LARGE" in result.stdout


def test_no_pydantic_plugin_sees_the_ledgers():
    # a plugin (e.g. an observability exporter) would see every ledger value validated
    import subprocess
    import sys

    code = ("import os; os.environ.pop('PYDANTIC_DISABLE_PLUGINS', None); import rectify_cli.cli; import rectify_cli.model; "
            "from pydantic.plugin import _loader; print(os.environ['PYDANTIC_DISABLE_PLUGINS'], _loader.get_plugins() == ())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["__all__", "True"]
