"""Windows and domestic Linux: no fcntl, GBK and ASCII consoles, file names Windows keeps for devices.

The commands run as subprocesses (`python -m rectify_cli`), as a clerk runs them: with `fcntl`
made unimportable (what Windows has), and with stdout and stderr in code page 936 (a Chinese
Windows console whose output is redirected, a zh_CN.GBK locale) or in ASCII (LANG=C).
`.ci/run` also runs the edit and report tests in-process with fcntl unavailable
(RECTIFY_TEST_WITHOUT_FCNTL=1, see conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT

VALID = DATA / "valid" / "tj-police.yaml"
# Not in GBK: a CJK extension-B character, a check mark, an emoji, the euro sign
NOT_IN_GBK = "𠀀✓😀€"
NO_FCNTL_SITE = "import sys\nsys.modules['fcntl'] = None  # as on Windows: `import fcntl` raises ImportError\n"


@pytest.fixture
def repo(tmp_path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copytree(DATA / "evidence", tmp_path / "tests" / "data" / "evidence")
    text = VALID.read_text(encoding="utf-8").replace("name: 天津市公安局党委", f"name: 天津市公安局党委{NOT_IN_GBK}")
    (tmp_path / "ledgers" / "tj-police.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "proof.md").write_text("证明材料\n", encoding="utf-8")
    return tmp_path


def rectify(repo: Path, *args: str, encoding: str = "utf-8", without_fcntl: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "RECTIFY_TODAY": "2019-10-08",
           "RECTIFY_NOW": "2019-10-08T10:00:00+08:00", "NO_COLOR": "1"}
    if without_fcntl:
        site = repo.parent / "no-fcntl-site"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(NO_FCNTL_SITE, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "rectify_cli", *args], cwd=repo, env=env, capture_output=True,
                          timeout=120)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in result.stderr + result.stdout, result.stderr.decode("utf-8", "replace")


# --- without fcntl ---------------------------------------------------------------------------------


EDITS = [
    ["init", "jc-new", "--name", "新单位党委"],
    ["add-round", "jc-new", "--round", "7", "--feedback-on", "2019-05-10", "--rectify-by", "2019-08-10"],
    ["add-problem", "jc-new", "--round", "7", "--category", "party-building", "--summary", "整改不到位",
     "--leader", "李四", "--unit", "办公室", "--person", "王五", "--deadline", "2019-08-10"],
    ["add-measure", "jc-new", "P7-001", "--text", "建立台账", "--owner", "王五", "--due", "2019-07-31"],
    ["done", "jc-new", "P7-001", "M1", "--date", "2019-07-20"],
    ["close", "jc-new", "P7-001", "--date", "2019-07-30", "--evidence", "evidence/proof.md"],
    ["done", "tj-police", "P7-002", "M1", "--date", "2019-07-09"],
]
READS = [["validate"], ["report", "--round", "7"], ["report", "--round", "7", "--format", "html"],
         ["list"], ["show", "tj-police", "P7-002"], ["export", "jc-new", "--output", "jc-new.xlsx"]]


def test_fcntl_really_is_unavailable_in_the_subprocesses(repo):
    probe = rectify(repo, "--version", without_fcntl=True)
    assert probe.returncode == 0
    env = {**os.environ, "PYTHONPATH": str(repo.parent / "no-fcntl-site")}
    check = subprocess.run([sys.executable, "-c", "import fcntl"], env=env, capture_output=True, text=True)
    assert check.returncode == 1 and "import of fcntl halted" in check.stderr


def test_every_edit_and_report_works_without_fcntl(repo):
    for args in EDITS + READS:
        by = ["--by", "王五"] if args in EDITS and args[0] != "init" else []
        result = rectify(repo, *args, *by, without_fcntl=True)
        no_traceback(result)
        assert result.returncode == 0, (args, result.stderr.decode("utf-8", "replace"))
    text = (repo / "ledgers" / "jc-new.yaml").read_text(encoding="utf-8")
    assert "status: closed" in text and "done_on: 2019-07-20" in text
    assert "done_on: 2019-07-09" in (repo / "ledgers" / "tj-police.yaml").read_text(encoding="utf-8")
    # no temp file left; the soft lock file (what filelock uses without fcntl) is removed on release
    assert sorted(p.name for p in (repo / "ledgers").iterdir()) == ["jc-new.yaml", "tj-police.yaml"]


def test_without_fcntl_a_second_writer_waits_for_the_first_and_times_out_with_the_usual_message(repo):
    site = repo.parent / "no-fcntl-site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(NO_FCNTL_SITE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")])}
    holder = subprocess.Popen([sys.executable, "-c", (
        "import time; from pathlib import Path; from rectify_cli.edit.transaction import folder_lock\n"
        f"with folder_lock(Path({str(repo / 'ledgers')!r})):\n    print('held', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = (repo / "ledgers" / "tj-police.yaml").read_bytes()
        os.environ["RECTIFY_LOCK_TIMEOUT"] = "0.5"
        try:
            result = rectify(repo, "done", "tj-police", "P7-002", "M1", "--date", "2019-07-09", without_fcntl=True)
        finally:
            del os.environ["RECTIFY_LOCK_TIMEOUT"]
    finally:
        holder.kill()
        holder.wait()
    no_traceback(result)
    assert result.returncode == 1
    assert b"another rectify command has been writing in" in result.stderr and b"nothing was written" in result.stderr
    assert (repo / "ledgers" / "tj-police.yaml").read_bytes() == before


# --- GBK and ASCII consoles ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp936", "gbk", "ascii"])
@pytest.mark.parametrize("args", [
    ["report", "--round", "7", "--lang", "zh"], ["report", "--round", "7", "--lang", "zh", "--format", "markdown"],
    ["list", "--lang", "zh"], ["show", "tj-police", "--lang", "zh"], ["show", "tj-police", "P7-002", "--lang", "zh"],
    ["validate", "--lang", "zh"], ["report", "--round", "9", "--lang", "zh"], ["show", "tj-police", "P9-001"],
    ["done", "tj-police", "P7-009", "M1", "--date", "2019-07-09"],
], ids="-".join)
def test_chinese_and_characters_the_console_lacks_never_crash_it(repo, encoding, args):
    result = rectify(repo, *args, encoding=encoding)
    no_traceback(result)
    assert result.returncode in (0, 1, 2)
    assert result.stdout or result.stderr
    result.stderr.decode(encoding)  # messages are in the console's own encoding, whatever they contain
    if args[0] in ("list", "show") and result.returncode == 0:
        shown = result.stdout.decode(encoding)  # in the console's encoding; what it lacks as escapes
        assert "\\U00020000" in shown or args[0] == "list"
        if encoding != "ascii":
            assert "天津市公安局党委" in shown or args[0] == "list"


def test_a_report_redirected_from_a_gbk_console_is_utf8(repo):
    result = rectify(repo, "report", "--round", "7", "--lang", "zh", "--format", "csv", encoding="cp936")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").startswith("\ufeff") and NOT_IN_GBK in result.stdout.decode("utf-8")


def test_an_error_naming_chinese_text_reaches_a_gbk_console(repo):
    path = repo / "ledgers" / "tj-police.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2019-06-10", "deadline: 违规发放津补贴✓"),
                    encoding="utf-8")
    result = rectify(repo, "validate", encoding="cp936")
    no_traceback(result)
    assert result.returncode == 1
    assert "违规发放津补贴\\u2713" in (result.stdout + result.stderr).decode("cp936")


# --- names Windows keeps for devices -----------------------------------------------------------------


@pytest.mark.parametrize("org", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_init_refuses_an_id_windows_keeps_for_a_device(invoke, tmp_path, org):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    result = invoke("init", org, "--name", "某单位党委", "--ledgers", folder)
    assert result.exit_code == 2
    assert f"{org}.yaml is a device name on Windows" in result.stderr
    assert list(folder.iterdir()) == []


def test_a_device_name_is_refused_in_any_case_and_near_names_are_fine():
    from rectify_cli.validation.rules import reserved_on_windows

    assert all(reserved_on_windows(name) for name in ("CON", "Nul", "aUx", "COM3", "Lpt7", "com0"))
    assert not any(reserved_on_windows(name) for name in ("con-1", "console", "com10", "lpt", "nul0", "jc-aux"))


def test_the_suite_can_run_as_on_windows_without_fcntl():
    # .ci/run runs the edit, report and concurrency tests with RECTIFY_TEST_WITHOUT_FCNTL=1
    if os.environ.get("RECTIFY_TEST_WITHOUT_FCNTL") == "1":
        with pytest.raises(ImportError):
            import fcntl  # noqa: F401
        from rectify_cli.edit import transaction

        assert "fcntl" not in {name for name, module in sys.modules.items() if module is not None}
        assert transaction.LOCK_NAME
    assert "RECTIFY_TEST_WITHOUT_FCNTL=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
