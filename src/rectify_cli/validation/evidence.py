"""Evidence files (佐证材料): where they live, their sha256, and whether they still match."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator
from pathlib import Path

from rectify_cli.errors import RefusedChange, say
from rectify_cli.model import Evidence, Ledger
from rectify_cli.validation.rules import evidence_items, is_inside_repository

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


def _files(ledger: Ledger) -> Iterator[tuple[tuple, str, Evidence]]:
    """Every file record of a ledger with its place and owner: the problems' evidence, then the files of the
    periodic reports submitted (报送材料) and of the replies to supervision (回复材料)."""
    for index, problem in enumerate(ledger.problems):
        for where, item in evidence_items(problem, ("problems", index)):
            yield where, problem.id, item
    for i, inspection in enumerate(ledger.inspections):
        for j, submission in enumerate(inspection.submissions):
            if submission.file is not None:
                yield (("inspections", i, "submissions", j, "file"),
                       say("report {period} of round {round}", period=submission.period, round=inspection.round),
                       submission.file)
        for j, instrument in enumerate(inspection.supervision):
            if instrument.reply is not None and instrument.reply.file is not None:
                yield (("inspections", i, "supervision", j, "reply", "file"),
                       say("reply to {id}", id=instrument.id), instrument.reply.file)


def evidence_findings(ledger: Ledger, root: Path) -> Iterator[tuple[tuple, str, str, str]]:
    """Evidence that is missing, escapes the repository, or no longer matches its recorded sha256."""
    for path, owner, item in _files(ledger):
        if item.path is None:
            continue  # a paper document: nothing on disk to check
        try:
            real = resolve_inside(root, item.path)
        except RefusedChange as refused:
            yield (path + ("path",), "E-EVIDENCE-PATH", say("{id}: {message}", id=owner, message=refused.message), refused.hint)
            continue
        if not real.is_file():
            yield (path + ("path",), "E-EVIDENCE-MISSING", say("{id}: evidence file {path!r} does not exist", id=owner, path=item.path),
                   missing_hint(root, item.path, say("restore it (git log -- {path}).", path=item.path)))
            continue
        if item.sha256 is not None and sha256_of(real) != item.sha256:
            yield (path + ("sha256",), "E-EVIDENCE-CHANGED",
                   say("{id}: evidence file {path!r} has changed since it was recorded (sha256 differs)", id=owner, path=item.path),
                   say("the evidence was altered after closure: restore the original or re-verify the closure")
                   if path[0] == "problems" else
                   say("the file was altered after it was filed: restore the original (git log -- {path})", path=item.path))


Reference = tuple[tuple, str, str]  # (where in the document, problem id, path in the repository)
NEAR_LIMIT = 5000  # files looked at for "did you mean": enough for an evidence folder, bounded for a huge repository


def file_references(ledger: Ledger) -> list[Reference]:
    """The evidence files a ledger names, for the existence check that runs outside the content-keyed cache."""
    return [(where + ("path",), owner, item.path) for where, owner, item in _files(ledger) if item.path is not None]


def missing_files(references: list[Reference], root: Path) -> Iterator[tuple[tuple, str, str, str]]:
    """Named evidence files that are not files in the repository: one stat call each, no hashing."""
    for where, problem_id, relative in references:
        if not is_inside_repository(relative) or (root / relative).is_file():
            continue  # a path leading out is E-EVIDENCE-PATH already
        yield (where, "E-EVIDENCE-MISSING", say("{id}: evidence file {path!r} does not exist", id=problem_id, path=relative),
               missing_hint(root, relative, say("restore it (git log -- {path}).", path=relative)))


def missing_hint(root: Path, relative: str, otherwise: str) -> str:
    """'did you mean …?' with the near names in the repository, else `otherwise`; and how to record paper."""
    near = near_names(root, relative)
    first = say("did you mean {names}?", names=_either(near)) if near else otherwise
    return say("{first} Evidence that is not a file is recorded as a paper document (paper:, `rectify close --paper TEXT`)", first=first)


def _either(names: list[str]) -> str:
    """`a or b or c`, said in the reader's language."""
    said = names[0]
    for name in names[1:]:
        said = say("{names} or {name}", names=said, name=name)
    return said


def near_names(root: Path, relative: str, count: int = 3) -> list[str]:
    """Files of the repository whose path is close to `relative` (a typo, .docx for .md, '\\' for '/')."""
    import difflib

    wanted = relative.replace("\\", "/")
    if wanted != relative and (root / wanted).is_file():
        return [wanted]
    candidates = candidate_files(root, wanted)
    close = difflib.get_close_matches(wanted, candidates, n=count, cutoff=0.8)
    if not close:  # the folder may be wrong and the name right
        names = {posixpath.basename(c): c for c in candidates}
        close = [names[n] for n in difflib.get_close_matches(posixpath.basename(wanted), list(names), n=count, cutoff=0.75)]
    return close


def candidate_files(root: Path, wanted: str) -> list[str]:
    """Files under the folder of `wanted`, the evidence folder and else the repository: at most NEAR_LIMIT.
    Outside a git work tree the root is only the ledgers' parent (/tmp, a home folder): it is not walked."""
    import os

    folders = [root / posixpath.dirname(wanted), root / "evidence"]
    found: dict[str, None] = {}
    walked = [f for f in folders if f.is_dir()] or ([root] if (root / ".git").exists() else [])
    for folder in walked:
        for current, subfolders, files in os.walk(folder):
            subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
            for name in sorted(files):
                found[Path(current, name).relative_to(root).as_posix()] = None
                if len(found) >= NEAR_LIMIT:
                    return list(found)
    return list(found)
