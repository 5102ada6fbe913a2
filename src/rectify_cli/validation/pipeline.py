"""The validation pipeline: files -> parse -> models -> rules -> findings with file positions.

One bad file never stops the others: each file's failures become findings in the result.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectify_cli import load
from rectify_cli.errors import Finding, say
from rectify_cli.model import Ledger, Policy
from rectify_cli.settings import DEFAULT_LIMITS, Limits
from rectify_cli.validation.pool import (
    FileResult,
    FileTask,
    LoadedLedger,
    check_file,
    check_in_pool,
    placed,
)
from rectify_cli.yamlio import reader
from rectify_cli.yamlio.positions import Locator

if TYPE_CHECKING:
    from rectify_cli.validation.cache import Cache, StatIndex


MESSAGES = "say-2"  # the form of cached messages: a new form must not read old entries (2: the merged branches say theirs)


@dataclass
class CheckResult:
    ledgers: list[LoadedLedger] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    files: int = 0
    policy: Policy = field(default_factory=Policy)
    summaries: dict[str, object] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # display name → content key of the bytes checked
    index: object = None   # the cache's StatIndex, when the cache was used (for the provenance's digest)

    @property
    def invalid_files(self) -> list[str]:
        seen: dict[str, None] = {}
        for problem in self.problems:
            if problem.severity == "error":
                seen[problem.file] = None
        return list(seen)

    @property
    def ok(self) -> bool:
        return not self.invalid_files

    def valid_ledgers(self) -> list[LoadedLedger]:
        bad = set(self.invalid_files)
        return [item for item in self.ledgers if item.display not in bad]


def jobs_wanted(count: int, size: int, configured: int | None = None) -> int:
    """Worker processes for `count` files of `size` bytes (`configured`, else 1 unless the work pays for the start-up)."""
    if configured is not None:
        return configured
    if count < 8 or size < 4 * 1024 * 1024:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def check_paths(paths: list[Path], policy: Policy, on: dt.date, evidence: bool = False,
                summarise: Callable[[Ledger], object] | None = None, summary_key: str = "",
                keep_ledgers: bool = True, progress: Callable[[], None] | None = None,
                limits: Limits = DEFAULT_LIMITS, signatures: bool = False,
                evidence_files: bool = False, seen: Callable[[Path, bytes], None] | None = None,
                cache_models: bool = True) -> CheckResult:
    """Validate every ledger file under `paths`; collect all findings, never stop at the first.

    With `evidence`, also check each evidence file exists inside the repository and still matches
    the sha256 recorded at closure. `summarise(ledger)` runs where the ledger was validated (maybe
    in a worker process) and its small result lands in `result.summaries`; with `keep_ledgers`
    the models themselves are kept in `result.ledgers`. Unchanged files are answered from the
    content-keyed cache unless evidence is wanted; with `keep_ledgers` the cache keeps the models too,
    unless `cache_models` is False (export-tables, which reads only what changed). With `signatures` (or when
    the policy says `signatures.required`), the signed approvals are checked too (signing.py). `result.digests` holds each
    file's content key (its sha256 with its name), for provenance. `limits` bound the file size,
    the worker processes and where the cache lives (none by default). With `evidence_files` (plain
    `rectify validate`), each evidence file named must exist (one stat each, no hashing): checked
    after the cache, since a deleted evidence file does not change the ledger's bytes. `seen(path, raw)`
    is given the bytes of each file read here (for the provenance's content hash, provenance.ContentHash).
    """
    from rectify_cli.validation.cache import Cache, StatIndex

    files = load.ledger_files(paths)
    signatures = signatures or (policy.signatures is not None and policy.signatures.required)
    use_cache = not evidence and (cache_models or not keep_ledgers)
    models = use_cache and keep_ledgers   # entries that also hold the model: a cache file of their own
    # MESSAGES: findings hold errors.Say messages (their templates are said in Chinese at the edge)
    context = f"{CACHE_SHAPE}\n{policy.model_dump_json()}\n{on}\n{summary_key}\n{MESSAGES}\nsignatures={signatures}"
    cache = Cache(context + ("\nmodels" if models else ""), limits.cache_dir) if use_cache else None
    task = FileTask(policy, on, evidence, summarise, keep_ledgers, limits.max_file_bytes, signatures)
    stats = StatIndex(limits.cache_dir) if cache is not None else None
    outcomes, misses = _answered_by_cache(files, cache, progress, limits.max_file_bytes, seen, stats, models)
    jobs = jobs_wanted(len(misses), sum(_size(path) for _, path, _ in misses), limits.jobs)
    if jobs > 1:
        done = check_in_pool(task, [(p, d) for _, p, d in misses], jobs, progress)
        outcomes.update((index, outcome) for (index, _, _), outcome in zip(misses, done))
    else:
        for index, path, display in misses:
            outcomes[index] = check_file(task, path, display)
            if progress is not None:
                progress()
    result = _gathered(files, [outcomes[index] for index in range(len(files))], cache, evidence_files and not evidence,
                       models)
    if stats is not None:   # each file's key, with its stat taken before it was read
        for at, path in enumerate(files):
            key = outcomes[at][0]
            if key is not None:
                stats.found(at, path, key)
    result.policy = policy
    if cache is not None:
        cache.save()
    if stats is not None:
        stats.save()
        result.index = stats
    return result


# What a cache entry holds: (findings, organisation id, summary, evidence files named), and in a cache of
# models the model itself (None for a file that has none); a new shape is a new cache. Reading a ledger's model
# back from the cache (unpickled by cache.read_entries, which builds only rectify's value classes) is a tenth
# of parsing and validating its YAML again.
CACHE_SHAPE = "findings-org-summary-references"
Outcome = tuple[str | None, FileResult]  # (content key of the bytes read, what checking them produced)


def _answered_by_cache(files: list[Path], cache: Cache | None, progress: Callable[[], None] | None,
                       limit: int, seen: Callable[[Path, bytes], None] | None = None, index: StatIndex | None = None,
                       models: bool = False) -> tuple[dict[int, Outcome], list[tuple[int, Path, str]]]:
    """Outcomes of the files the cache knows (by content), and the rest still to check. A file whose
    stat is as the index recorded is known by its recorded key without being read (cache.StatIndex).
    With `models`, a valid ledger's outcome holds its model and its text, or it is checked again."""
    outcomes: dict[int, Outcome] = {}
    misses: list[tuple[int, Path, str]] = []
    for index_of, path in enumerate(files):
        display = load.display_path(path)
        if index is not None:
            index.before(index_of, path)
        if cache is not None and cache.entries:
            key, hit, raw = _known(index_of, path, display, cache, limit, seen, index)
            loaded = None
            if hit is not None and models and hit[1] is not None:
                loaded = _loaded_from(hit[4], path, display, key, raw, limit)
                hit = hit if loaded is not None else None
            if hit is not None:
                problems, org_id, summary, references = hit[:4]
                outcomes[index_of] = (key, FileResult(display, [_relocated(p, display) for p in problems],
                                                      org_id, summary, loaded=loaded, references=references))
                if progress is not None:
                    progress()
                continue
        misses.append((index_of, path, display))
    return outcomes, misses


def _known(at: int, path: Path, display: str, cache: Cache, limit: int, seen: Callable[[Path, bytes], None] | None,
           index: StatIndex | None) -> tuple[str | None, Any, bytes | None]:
    """(the file's content key, the cache's entry for it or None, the bytes read or None): by its stat
    when the index knows it unchanged (nothing read), else by reading and hashing it."""
    from rectify_cli.validation.cache import file_key

    if index is not None:
        key = index.unchanged(at, path)
        if key is not None:
            hit = cache.get(key)
            if hit is not None:
                return key, hit, None
    raw, _ = load.read_bytes(path, display, limit)
    if raw is None:
        return None, None, None
    if seen is not None:
        seen(path, raw)
    key = file_key(raw, path.name)
    return key, cache.get(key), raw


def _loaded_from(stored: object, path: Path, display: str, key: str | None, raw: bytes | None,
                 limit: int) -> LoadedLedger | None:
    """A cached ledger's model, with its text from the very bytes of `key` (None: check the file again)."""
    from rectify_cli.validation.cache import file_key

    if not isinstance(stored, Ledger):
        return None
    if raw is None:  # known by its stat: the text is read now, and must still be the bytes of the key
        raw, _ = load.read_bytes(path, display, limit)
        if raw is None or file_key(raw, path.name) != key:
            return None
    text, _ = load.decode(raw, display)
    return LoadedLedger(path, display, stored, text) if text is not None else None


def _gathered(files: list[Path], outcomes: list[Outcome], cache: Cache | None, evidence_files: bool,
              models: bool = False) -> CheckResult:
    """One result from every file's outcome, in file order, with organisation ids checked across files
    (and, with `evidence_files`, the evidence files each names checked to exist)."""
    result = CheckResult(files=len(files))
    owners: dict[str, str] = {}
    for path, (key, outcome) in zip(files, outcomes):
        if cache is not None and key is not None and cache.get(key) is None:
            entry = ([_relocated(p, "") for p in outcome.problems], outcome.org_id, outcome.summary, outcome.references)
            cache.put(key, (*entry, outcome.loaded.ledger if outcome.loaded else None) if models else entry)
        if key is not None:
            result.digests[outcome.display] = key
        result.problems.extend(outcome.problems)
        if evidence_files and outcome.references:
            result.problems.extend(_missing_evidence(path, outcome))
        if outcome.summary is not None:
            result.summaries[outcome.display] = outcome.summary
        if outcome.loaded is not None:
            result.ledgers.append(outcome.loaded)
        if outcome.org_id is not None:
            if outcome.org_id in owners:
                result.problems.append(_duplicate_org(path, outcome.display, outcome.org_id, owners))
            else:
                owners[outcome.org_id] = outcome.display
    return result


def _missing_evidence(path: Path, outcome: FileResult) -> list[Finding]:
    """The evidence files a ledger names that are not there, placed at their fields (the text read only then)."""
    from rectify_cli.validation.evidence import missing_files, repository_root

    missing = list(missing_files(outcome.references, repository_root(path.parent)))
    if not missing:
        return []
    text, _ = load.read_text(path, outcome.display)
    return placed(missing, text or "", outcome.display)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _relocated(problem: Finding, display: str) -> Finding:
    from dataclasses import replace

    return replace(problem, file=display)


def _duplicate_org(path: Path, display: str, org_id: str, owners: dict[str, str]) -> Finding:
    text, _ = load.read_text(path, display)
    line, column = Locator(text).find(("organisation", "id"))
    return Finding(display, line, column, "E-DUPLICATE-ORG", say("organisation id {org_id!r} is also used by {owners}", org_id=org_id, owners=owners[org_id]),
                   "organisation.id", hint=say("each organisation has exactly one ledger"), excerpt=reader.excerpt(text, line))
