"""Where a report's figures came from: the git commit of the ledger folder, a content hash, the parameters.

`describe(folder, parameters)` states, for a report, the commit the ledger folder's repository
is at (`git -C FOLDER rev-parse HEAD`), whether the ledger folder has changes not committed
(`git status --porcelain -- .` run in the folder: modified, staged, deleted or untracked files
under it; the policy lives in the folder, so it is covered), a sha256 over the files read (see
`content_hash`), and the report's parameters. Git is asked with a timeout and without taking
optional locks, so a report never writes to the repository; no git, no repository, a repository
without commits, a timeout or a refusal (e.g. "dubious ownership") are stated in `git`, never raised.

`checkout(folder, commit, target)` writes the ledger files and the policy of `folder` as they
were at `commit` into `target` (`git ls-tree` for the names, `git cat-file --batch` for the
bytes; the work tree, the index and HEAD are not touched), so that `rectify report --at COMMIT`
reads exactly what a report made at that commit read. Such a report states the commit and
"clean": with the as-of date pinned it is byte for byte the report made then from a clean tree.
Nothing here includes the folder's path, the time of the run or anything else that differs
between two runs over the same files with the same parameters.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rectify_cli.errors import UnreadableInput, os_reason, say
from rectify_cli.model import Policy

GIT = "git"
TIMEOUT = 10.0
POLICY_NAMES = ("policy.yaml", "policy.yml")


@dataclass(frozen=True)
class Provenance:
    commit: str | None            # full commit hash, None when there is none to state
    dirty: bool | None            # uncommitted changes under the ledger folder; None when unknown
    git: str                      # "ok", or why commit/dirty are unknown (e.g. "not a git repository")
    content_sha256: str
    files: tuple[str, ...]        # the names hashed, relative to the ledger folder, sorted
    parameters: tuple[tuple[str, object], ...]   # in a fixed order, for JSON and the text lines

    def as_json(self) -> dict:
        return {"git": self.git, "commit": self.commit, "dirty": self.dirty,
                "content_sha256": self.content_sha256, "files": len(self.files),
                "parameters": dict(self.parameters)}


def files_read(folder: Path) -> list[Path]:
    """The ledger files and the policy a report over `folder` reads (as check.py finds them)."""
    from rectify_cli.load import ledger_files

    found = ledger_files([folder])
    for name in POLICY_NAMES:
        if (folder / name).exists():
            found.append(folder / name)
            break
    return found


def content_hash(folder: Path, paths: Iterable[Path]) -> tuple[str, tuple[str, ...]]:
    """sha256 over the files sorted by their name relative to `folder` (POSIX separators): for
    each, the UTF-8 name, a NUL byte, the length in decimal, a NUL byte, then the bytes.
    A file that cannot be read contributes its name and the length -1."""
    return ContentHash(folder, paths).result()


def _git(folder: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANG": "C"}
    return subprocess.run([GIT, "-C", str(folder), *args], check=False, capture_output=True, timeout=TIMEOUT, env=env,
                          input=input, stdin=None if input is not None else subprocess.DEVNULL)


def _why(result: subprocess.CompletedProcess) -> str:
    text = result.stderr.decode("utf-8", "replace").strip()
    if "not a git repository" in text:
        return "not a git repository"
    if "unknown revision" in text or "ambiguous argument 'HEAD'" in text or "Needed a single revision" in text:
        return "no commit yet"
    first = text.splitlines()[0] if text else f"git exited {result.returncode}"
    return f"git failed: {first.removeprefix('fatal: ')}"


def git_state(folder: Path) -> tuple[str | None, bool | None, str]:
    """(commit, dirty, "ok" or why not known) of the repository holding `folder`; never raises."""
    try:
        head = _git(folder, "rev-parse", "--verify", "HEAD")
        if head.returncode != 0:
            return None, None, _why(head)
        commit = head.stdout.decode().strip()
        # the edits' lock file (edit/transaction.py) is not a change to the ledgers
        status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".",
                      ":(exclude,glob)**/.rectify.lock")
        if status.returncode != 0:
            return commit, None, _why(status)
        return commit, bool(status.stdout.strip()), "ok"
    except FileNotFoundError:
        return None, None, "git is not installed"
    except subprocess.TimeoutExpired:
        return None, None, f"git did not answer within {TIMEOUT:g} s"
    except OSError as exc:
        return None, None, say("git could not run: {reason}", reason=os_reason(exc))


def parameters(policy: Policy, **given: object) -> tuple[tuple[str, object], ...]:
    """The report's own parameters (`given`, in order), then the policy's thresholds, as plain JSON values."""
    rules = policy.rules
    thresholds = {
        "rectified_statuses": list(policy.rectified_statuses),
        "satisfaction_counts": list(policy.satisfaction_counts),
        "consequence_date": policy.consequence_date,
        "period_months": policy.period_months,
        "include_carry_over": policy.include_carry_over,
        "warning_days": {"green": policy.warning_days.green, "yellow": policy.warning_days.yellow},
        "rules": {
            "democratic-life-meeting": {"enabled": rules.democratic_life_meeting.enabled,
                                        "rate_at_or_below": _share(rules.democratic_life_meeting.rate_at_or_below)},
            "self-examination": {"enabled": rules.self_examination.enabled,
                                 "unfinished_at_least": rules.self_examination.unfinished_at_least},
            "interview": {"enabled": rules.interview.enabled,
                          "satisfaction_below": _share(rules.interview.satisfaction_below)},
            "re-rectification": {"enabled": rules.re_rectification.enabled, "grades": list(rules.re_rectification.grades)},
            "warning-interview": {"enabled": rules.warning_interview.enabled,
                                  "overdue_at_least": rules.warning_interview.overdue_at_least,
                                  "hanging_at_least": rules.warning_interview.hanging_at_least},
        },
    }
    if policy.reporting is not None:  # said only where a duty is stated, so other reports read as before
        thresholds["rules"]["missing-reports"] = {"enabled": rules.missing_reports.enabled,  # type: ignore[index]
                                                  "missing_at_least": rules.missing_reports.missing_at_least}
        thresholds["reporting"] = policy.reporting.model_dump(mode="json")
    return (*given.items(), ("policy", thresholds))


def _share(value) -> str:
    return f"{value.numerator}/{value.denominator}"


class ContentHash:
    """`content_hash(folder, paths)` computed while the files are read for checking: `feed` gives it a
    file's bytes as the check read them, and it reads from disk only the files it was not given (the
    policy, files checked in a worker). Same digest by construction, each file's bytes hashed in the
    sorted order; a province's roll-up read every ledger twice before (1.3 GB, half its time)."""

    def __init__(self, folder: Path, paths: Iterable[Path]):
        self.named = sorted((path.relative_to(folder).as_posix(), path) for path in paths)
        self.index = {path: i for i, (_, path) in enumerate(self.named)}
        self.next = 0
        self.digest = hashlib.sha256()
        self.keys: dict[Path, str] = {}
        self.stats: Any = None   # validation/cache.StatIndex
        self.hashed: list[str] | None = []   # (name, key) of each file digested; None once one was unreadable

    def known(self, keys: dict[Path, str], index) -> None:
        """Each ledger's content key as the check found it (its sha256), and the cache's index of
        digests (validation/cache.StatIndex): when the files hold the bytes of a listing whose
        digest was computed before, it is that digest, and no file is read for it. The digest is a
        function of the bytes alone, so it is keyed by their sha256s, never by a time or a stat."""
        self.keys, self.stats = keys, index

    def _listing(self) -> str | None:
        """The listing key of the files as the check found them, or None when one cannot be read."""
        lines = []
        for name, path in self.named:
            key = self.keys.get(path)
            if key is None:   # the policy, or a file the check did not read
                try:
                    key = hashlib.sha256(path.read_bytes()).hexdigest() + ":" + path.name
                except OSError:
                    return None
            lines.append(f"{name}\0{key}")
        return _listing_key(lines)

    def _hash(self, name: str, data: bytes | None) -> None:
        if data is None:
            self.digest.update(f"{name}\0-1\0".encode())
            self.hashed = None
            return
        self.digest.update(f"{name}\0{len(data)}\0".encode())
        self.digest.update(data)
        if self.hashed is not None and self.stats is not None:   # the listing of the very bytes digested
            self.hashed.append(f"{name}\0{hashlib.sha256(data).hexdigest()}:{name.rsplit('/', 1)[-1]}")

    def _read_up_to(self, end: int) -> None:
        for name, path in self.named[self.next:end]:
            try:
                data = path.read_bytes()
            except OSError:
                data = None
            self._hash(name, data)
        self.next = max(self.next, end)

    def feed(self, path: Path, data: bytes) -> None:
        at = self.index.get(path)
        if at is None or at < self.next:   # not hashed here, or already read from disk
            return
        self._read_up_to(at)
        self._hash(self.named[at][0], data)
        self.next = at + 1

    def result(self) -> tuple[str, tuple[str, ...]]:
        names = tuple(name for name, _ in self.named)
        listing = self._listing() if self.stats is not None and self.keys else None
        if listing is not None and self.next == 0:
            found = self.stats.digest(listing)
            if isinstance(found, str):
                return found, names
        self._read_up_to(len(self.named))
        digest = self.digest.hexdigest()
        if self.stats is not None and self.hashed is not None and len(self.hashed) == len(self.named):
            self.stats.record_digest(_listing_key(self.hashed), digest)   # keyed by the bytes digested
            self.stats.save()
        return digest, names


def _listing_key(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def describe(folder: Path, params: tuple[tuple[str, object], ...], git_folder: Path | None = None,
             at_commit: str | None = None, content: ContentHash | None = None) -> Provenance:
    """The provenance of a report over `folder`. With `at_commit`, the files were read from that
    commit (by `checkout`): the commit is stated and the tree is clean by construction. `content`:
    the content hash fed while the files were checked (else they are read again here)."""
    digest, names = (content or ContentHash(folder, files_read(folder))).result()
    commit: str | None
    dirty: bool | None
    if at_commit is not None:
        commit, dirty, state = at_commit, False, "ok"
    else:
        commit, dirty, state = git_state(git_folder or folder)
    return Provenance(commit, dirty, state, digest, names, params)


def checkout(folder: Path, commit: str, target: Path) -> str:
    """Write the ledger files and policy of `folder` as they were at `commit` into `target`; the full hash.

    Raises UnreadableInput (exit 2) when there is no git, no repository, no such commit, or no
    ledger file under the folder at that commit.
    """
    try:
        resolved = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}^{{commit}}")
        if resolved.returncode != 0:
            why = _why(resolved) if resolved.stderr.strip() else f"no commit {commit!r}"
            raise UnreadableInput(say("--at: cannot read the ledgers at {commit!r}: {why}", commit=commit, why=why),
                                  hint=say("give a commit, branch or tag of the repository holding the ledger folder"))
        full = resolved.stdout.decode().strip()
        # without -r: the folder's own entries, where check.py looks for ledgers (not sub-folders)
        listing = _git(folder, "ls-tree", "-z", full, "--", "./")
        if listing.returncode != 0:
            raise UnreadableInput(say("--at: cannot list the ledger folder at {commit}: {value}", commit=commit, value=_why(listing)))
        entries = []
        for record in listing.stdout.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, kind, oid = meta.decode().split()
            base = name.decode("utf-8", "surrogateescape").rsplit("/", 1)[-1]
            if kind == "blob" and mode in ("100644", "100755") and base.endswith((".yaml", ".yml")):
                entries.append((base, oid))
        if not any(base not in POLICY_NAMES for base, _ in entries):
            raise UnreadableInput(say("--at: no ledger file in {folder} at commit {full}", folder=folder, full=full[:12]))
        batch = _git(folder, "cat-file", "--batch", input="".join(f"{oid}\n" for _, oid in entries).encode())
        if batch.returncode != 0:
            raise UnreadableInput(say("--at: cannot read the ledger files at {commit}: {value}", commit=commit, value=_why(batch)))
    except FileNotFoundError:
        raise UnreadableInput(say("--at needs git, and git is not installed")) from None
    except subprocess.TimeoutExpired:
        raise UnreadableInput(say("--at: git did not answer within {TIMEOUT:g} s", TIMEOUT=TIMEOUT)) from None
    data = batch.stdout
    position = 0
    target.mkdir(parents=True, exist_ok=True)
    for base, _oid in entries:
        end = data.index(b"\n", position)
        header = data[position:end].decode().split()
        size = int(header[2])
        body = data[end + 1:end + 1 + size]
        position = end + 1 + size + 1
        (target / base).write_bytes(body)
    return full
