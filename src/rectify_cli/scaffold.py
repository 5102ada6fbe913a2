"""A new repository for ledgers, from an installed rectify: the files `rectify new-repo` writes.

`repository_files()` is the layout (relative path -> text): the ledger folder with the default
policy (shipped in the package as data/policy.yaml), the JSON Schemas the policy's first line
names, the evidence folder, a pre-commit configuration, a CI workflow and a .gitignore.
`create_repository(target)` writes them, never over an existing file, then makes the folder a git
repository when git is there and the folder is not already inside one.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rectify_cli import __version__
from rectify_cli.errors import RefusedChange, say

GIT_TIMEOUT = 10.0


def default_policy_text() -> str:
    """The default policy (ledgers/policy.yaml of rectify's own repository), read from the installed package."""
    return resources.files("rectify_cli").joinpath("data/policy.yaml").read_text(encoding="utf-8")


EVIDENCE_README = """\
# evidence/ — 佐证材料

The supporting evidence (佐证材料) of closures and finished measures: the documents that show a
problem was really rectified (rules issued, minutes, receipts of funds returned, photos, reports).

- One folder per organisation, named by its id (the ledger's file name): `evidence/tj-police/`.
- Name a file after the problem it supports, e.g. `evidence/tj-police/P7-001-主体责任清单.pdf`.
- A ledger refers to a file by its path from the repository root, under `closed.evidence` or a
  measure's `evidence`; `rectify close --evidence FILE` refuses a file that is not here and
  records its sha256. `rectify validate` reports a file that is missing, `rectify validate
  --evidence` also one that has changed since.
- A document kept only on paper (a document number such as 〔2026〕12号) is not a file: record it
  as such with `rectify close --paper "〔2026〕12号 整改报告（纸质，存档于办公室）"`.

Large scans can be kept in git LFS (`git lfs track "evidence/**/*.pdf"`).
"""

PRE_COMMIT_CONFIG = """\
# pre-commit: `pre-commit install` once; then every commit that touches a ledger is validated.
# rectify is already installed here, so the hook runs the installed `rectify` (language: system).
# To let pre-commit install rectify itself, use rectify's repository and its hooks instead:
#   - repo: https://example.invalid/rectify.git   # rectify's repository: any git URL, or a local path
#     rev: v{version}                              # a tag or commit of it
#     hooks:
#       - id: rectify-validate
repos:
  - repo: local
    hooks:
      - id: rectify-validate
        name: rectify validate (巡视巡察整改台账)
        entry: rectify validate
        language: system
        files: (^|/)ledgers/[^/]+\\.ya?ml$
        exclude: (^|/)ledgers/policy\\.ya?ml$
        pass_filenames: true
        require_serial: true
      # A policy change (a category removed) can break ledgers that did not change: re-check all of them.
      - id: rectify-validate-all
        name: rectify validate all ledgers (巡视巡察整改台账)
        entry: rectify validate
        language: system
        files: (^|/)ledgers/policy\\.ya?ml$
        pass_filenames: false
        require_serial: true
"""

WORKFLOW = """\
# Validate the ledgers on every push and pull request; errors appear on the changed lines.
# See rectify's docs/ci.md for gating a round on a consequence (`rectify report --fail-on ...`).
name: rectify
on:
  push:
  pull_request:

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install rectify
        # the version that made this repository; or "rectify-cli @ git+https://…/rectify.git@v{version}"
        run: pip install "rectify-cli=={version}"
      - name: Validate the ledgers
        run: rectify validate --format github
"""

GITIGNORE = """\
# Workbooks and reports made from the ledgers: regenerate them, do not commit them.
*.xlsx
report*.md
report*.html
# Office and editor leftovers
~$*
.~lock.*
.DS_Store
__pycache__/
"""


EXAMPLE_REPORTERS = "  organisations: [jc-dongmen, jc-qingshi, jc-transport]\n"
EXAMPLE_NAME = "name: 中共江城市委巡察工作领导小组\n"


def new_repository_policy() -> str:
    """The default policy for a new repository: the example's organisations under `reporting:` (the units
    of the bundled examples) are not the new office's, so there every unit owes the reports until it
    names its own; nor is the example's name (the office writes its own). The rest is the shipped
    policy, byte for byte."""
    text = default_policy_text()
    if EXAMPLE_REPORTERS not in text or EXAMPLE_NAME not in text:
        raise AssertionError("data/policy.yaml: the example's name or reporting organisations line moved")
    text = text.replace(EXAMPLE_NAME, "name: null   # 填写制定本办法的单位，如：中共某县委巡察工作领导小组\n", 1)
    return text.replace(EXAMPLE_REPORTERS, "  organisations: []   # 填写须定期报送的单位 id；为空时所有单位均须报送\n", 1)


def repository_files() -> dict[str, str]:
    """Relative path -> text of every file a new repository starts with, in the order they are listed."""
    from rectify_cli.schemas import schema_texts

    files = {"ledgers/policy.yaml": new_repository_policy()}
    files.update({f"schemas/{name}": text for name, text in schema_texts().items()})
    files.update({
        "evidence/README.md": EVIDENCE_README,
        ".pre-commit-config.yaml": PRE_COMMIT_CONFIG.format(version=__version__),
        ".github/workflows/rectify.yml": WORKFLOW.format(version=__version__),
        ".gitignore": GITIGNORE,
    })
    return files


@dataclass(frozen=True)
class NewRepository:
    root: Path
    created: list[str]      # relative paths written, in order
    git: str                # "initialised", "inside" (already in a repository) or "unavailable"
    git_root: Path | None = None   # the enclosing repository when git == "inside"


def create_repository(target: Path) -> NewRepository:
    """Write the files of a new ledger repository into `target`; refuse when any is already there."""
    if target.exists() and not target.is_dir():
        raise RefusedChange(say("{target!r} exists and is not a folder; nothing was written", target=str(target)),
                            hint=say("name a new folder, or an existing folder that holds no ledgers yet"))
    files = repository_files()
    existing = sorted(name for name in files if (target / name).exists() or (target / name).is_symlink())
    ledgers = target / "ledgers"
    if ledgers.is_dir() and any(ledgers.iterdir()):
        held = sorted(p.name for p in ledgers.iterdir())
        raise RefusedChange(
            say("{ledgers!r} already holds {countheld} file(s) ({value}{value2}); nothing was written", ledgers=str(ledgers), countheld=len(held), value=', '.join(held[:5]), value2=', …' if len(held) > 5 else ''), hint=say("this is a ledger repository already: run `rectify init ORG` there"))
    if existing:
        raise RefusedChange(say("{target!r} already has {value}; nothing was written (rectify never overwrites a file)", target=str(target), value=', '.join(existing)), hint=say("move those files away, or choose another folder"))
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:   # "x": never over a file made meanwhile
            handle.write(text)
    git, git_root = _git_init(target)
    return NewRepository(target, list(files), git, git_root)


def _git_init(target: Path) -> tuple[str, Path | None]:
    """("inside", root) when `target` is in a repository, else `git init`: ("initialised", None) or ("unavailable", None)."""
    try:
        inside = subprocess.run(["git", "-C", str(target), "rev-parse", "--show-toplevel"], capture_output=True,
                                text=True, timeout=GIT_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        if inside.returncode == 0 and inside.stdout.strip():
            return "inside", Path(inside.stdout.strip())
        made = subprocess.run(["git", "init", "--quiet", str(target)], capture_output=True, timeout=GIT_TIMEOUT,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable", None
    return ("initialised", None) if made.returncode == 0 else ("unavailable", None)
