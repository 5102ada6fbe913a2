"""Evidence files (佐证材料): where they live, their sha256, and whether they still match."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import Ledger
from rectify_cli.validation.rules import evidence_items

CHUNK = 1 << 20


def repository_root(ledger_folder: Path) -> Path:
    """The folder evidence paths are relative to: the git work tree holding the ledgers, else their parent."""
    folder = ledger_folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_inside(root: Path, relative: str) -> Path:
    """The real path of an evidence file, refusing one that escapes the repository (.., symlinks)."""
    candidate = (root / relative).resolve()
    real_root = root.resolve()
    if candidate != real_root and real_root not in candidate.parents:
        raise RefusedChange(say("evidence {relative!r} resolves outside the repository {real_root!r}", relative=relative, real_root=str(real_root)),
                            hint=say("keep evidence files inside the ledger repository, e.g. evidence/P7-001/"))
    return candidate


def record_path(root: Path, given: Path) -> str:
    """How a path given on the command line is recorded: relative to the repository, with '/'."""
    absolute = (given if given.is_absolute() else Path.cwd() / given).resolve()
    real_root = root.resolve()
    if absolute != real_root and real_root not in absolute.parents:
        raise RefusedChange(say("evidence {given!r} is outside the repository {real_root!r}", given=str(given), real_root=str(real_root)),
                            hint=say("copy the file into the repository (e.g. evidence/) and name that copy"))
    return absolute.relative_to(real_root).as_posix()


def evidence_findings(ledger: Ledger, root: Path) -> Iterator[tuple[tuple, str, str, str]]:
    """Evidence that is missing, escapes the repository, or no longer matches its recorded sha256."""
    for index, problem in enumerate(ledger.problems):
        for path, item in evidence_items(problem, ("problems", index)):
            try:
                real = resolve_inside(root, item.path)
            except RefusedChange as refused:
                yield (path + ("path",), "E-EVIDENCE-PATH", say("{id}: {message}", id=problem.id, message=refused.message), refused.hint)
                continue
            if not real.is_file():
                yield (path + ("path",), "E-EVIDENCE-MISSING", say("{id}: evidence file {path!r} is missing", id=problem.id, path=item.path),
                       say("restore it (git log -- {path}) or record where the evidence now is", path=item.path))
                continue
            if item.sha256 is not None and sha256_of(real) != item.sha256:
                yield (path + ("sha256",), "E-EVIDENCE-CHANGED",
                       say("{id}: evidence file {path!r} has changed since it was recorded (sha256 differs)", id=problem.id, path=item.path),
                       say("the evidence was altered after closure: restore the original or re-verify the closure"))
