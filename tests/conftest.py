"""Shared fixtures: the CLI runner, temp copies of ledgers, and a fixed 'today'."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# The example ledgers the repository ships. A person trying rectify adds ledgers of their own to
# ledgers/ (the README's first command reports on it): the tests read only these files, so such a
# file never changes what a test expects (test_docs checks this list against ledgers/ in git).
BUNDLED_LEDGERS = ("policy.yaml", "jc-cityinvest.yaml", "jc-dongmen.yaml", "jc-edu.yaml", "jc-hitech.yaml",
                   "jc-hospital.yaml", "jc-qingshi.yaml", "jc-transport.yaml", "jc-university.yaml", "jc-xinhe.yaml")
BUNDLED_LEDGER_PATHS = tuple(ROOT / "ledgers" / name for name in BUNDLED_LEDGERS)


def copy_bundled_ledgers(target: Path) -> Path:
    """A folder `target` holding a copy of the bundled example ledgers and policy, and nothing else."""
    target.mkdir(parents=True, exist_ok=True)
    for path in BUNDLED_LEDGER_PATHS:
        shutil.copy2(path, target / path.name)
    return target

# RECTIFY_TEST_WITHOUT_FCNTL=1 runs the tests as on Windows, where there is no fcntl: `import fcntl`
# fails here and in every `python -m rectify_cli` a test starts (.ci/run runs the edit and report
# tests this way).
if os.environ.get("RECTIFY_TEST_WITHOUT_FCNTL") == "1":
    sys.modules["fcntl"] = None  # type: ignore[assignment]
    _site = Path(tempfile.mkdtemp(prefix="rectify-no-fcntl-"))
    (_site / "sitecustomize.py").write_text("import sys\nsys.modules['fcntl'] = None\n", encoding="utf-8")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_site), os.environ.get("PYTHONPATH")]))


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch, tmp_path_factory):
    """Reports and rules depend on today and on the environment: pin both."""
    monkeypatch.setenv("RECTIFY_TODAY", "2026-11-24")
    for name in ("RECTIFY_LEDGERS", "GITHUB_ACTIONS", "RECTIFY_LANG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rectify-cache"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run the CLI as a user would; exceptions surface as test failures, not exit 1."""
    from rectify_cli.cli import app

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, input=input)

    return run


@pytest.fixture
def example_repo(tmp_path) -> Path:
    """A temp repository holding a copy of the bundled example ledgers and their evidence."""
    copy_bundled_ledgers(tmp_path / "ledgers")
    if (ROOT / "evidence").exists():
        shutil.copytree(ROOT / "evidence", tmp_path / "evidence")
    (tmp_path / ".git").mkdir()  # marks the repository root for evidence paths
    return tmp_path


# tests/data/valid/tj-police.yaml closes P7-001 on a paper document, so a copy anywhere stays valid;
# the tests of evidence files turn it into this file, copied under the copy's repository root.
PAPER_EVIDENCE = "{paper: 〔2019〕7号 整改报告（纸质，存档于办公室）}"
FILE_EVIDENCE = ("{path: tests/data/evidence/p7-001.md, "
                 "sha256: 3d1bb5014dee2e0de19447d1e100555c3c77fd9d0e46fad21f0a1df85295a5fc}")


def with_file_evidence(ledger: Path) -> Path:
    """Make the copied test ledger's closure name the evidence file, and put the file in place; returns it."""
    from rectify_cli.validation.evidence import repository_root

    text = ledger.read_text(encoding="utf-8")
    assert PAPER_EVIDENCE in text
    ledger.write_text(text.replace(PAPER_EVIDENCE, FILE_EVIDENCE), encoding="utf-8")
    folder = repository_root(ledger.parent) / "tests" / "data" / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "evidence" / "p7-001.md", folder / "p7-001.md")
    return folder / "p7-001.md"


# --- signing keys: generated per test with ssh-keygen (the tool that signs); no private key is in the repository

needs_ssh = pytest.mark.skipif(shutil.which("ssh-keygen") is None,
                               reason="ssh-keygen (OpenSSH client) is not installed; .ci/run installs openssh-client")


def keygen(folder: Path, name: str) -> tuple[Path, str]:
    """A new ed25519 key under `folder`/keys: the private key's path and the public key's `ssh-ed25519 AAAA…`."""
    key = folder / "keys" / name
    key.parent.mkdir(exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, " ".join(key.with_suffix(".pub").read_text().split()[:2])
