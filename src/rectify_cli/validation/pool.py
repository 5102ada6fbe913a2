"""Files checked in parallel: one task (the policy, the date, what to keep) applied to many files.

The task travels with each chunk of files instead of living in a module global, so a worker holds
no state between calls and the same function runs in-process for a few files.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rectify_cli import load
from rectify_cli.errors import Finding
from rectify_cli.model import Ledger, Policy
from rectify_cli.settings import DEFAULT_MAX_FILE_BYTES
from rectify_cli.validation.document import validate_text
from rectify_cli.validation.evidence import file_references
from rectify_cli.yamlio import reader
from rectify_cli.yamlio.positions import Locator, format_path


@dataclass
class LoadedLedger:
    """A ledger file that parsed and passed the type checks (rules may still have findings)."""

    path: Path
    display: str
    ledger: Ledger
    text: str


@dataclass(frozen=True)
class FileTask:
    """What to do with each file: validate under `policy` on `on`; maybe check evidence, summarise, keep."""

    policy: Policy
    on: dt.date
    evidence: bool = False
    summarise: Callable[[Ledger], object] | None = None
    keep: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    signatures: bool = False


@dataclass
class FileResult:
    """What checking one file produced; small enough to send back from a worker process."""

    display: str
    problems: list[Finding]
    org_id: str | None = None
    summary: object = None
    loaded: LoadedLedger | None = None
    references: list = field(default_factory=list)  # evidence files named: (where, problem id, path)


def check_file(task: FileTask, path: Path, display: str) -> tuple[str | None, FileResult]:
    """Read, parse, validate and summarise one file; returns the sha256 of the bytes it read."""
    import gc

    raw, problems = load.read_bytes(path, display, task.max_file_bytes)
    if raw is None:
        return None, FileResult(display, problems)
    from rectify_cli.validation.cache import file_key

    key = file_key(raw, path.name)
    text, problems = load.decode(raw, display)
    if text is None:
        return key, FileResult(display, problems)
    enabled = gc.isenabled()
    gc.disable()  # parsing builds many objects and no cycles: a collector pass would only rescan them
    try:
        ledger, problems = validate_text(text, display, task.policy, task.on, path.stem)
        result = FileResult(display, problems, ledger.organisation.id if ledger else None)
        if ledger is not None:
            result.references = file_references(ledger)
            if task.evidence:
                result.problems.extend(evidence_problems(ledger, text, display, path))
            if task.signatures:
                from rectify_cli.signing import signature_findings

                result.problems.extend(placed(signature_findings(ledger, task.policy), text, display))
            if task.summarise is not None:
                result.summary = task.summarise(ledger)
            if task.keep:
                result.loaded = LoadedLedger(path, display, ledger, text)
    finally:
        if enabled:
            gc.enable()
    return key, result


def evidence_problems(ledger: Ledger, text: str, display: str, path: Path) -> list[Finding]:
    """Evidence files that are missing or changed, placed at their fields."""
    from rectify_cli.validation.evidence import evidence_findings, repository_root

    return placed(evidence_findings(ledger, repository_root(path.parent)), text, display)


def placed(findings, text: str, display: str) -> list[Finding]:
    """(path, code, message, hint) findings of a model check, placed at their fields in `text`."""
    locator = Locator(text)
    found = []
    for where, code, message, hint in findings:
        line, column = locator.find(where)
        found.append(Finding(display, line, column, code, message, format_path(where), hint=hint,
                             excerpt=reader.excerpt(text, line)))
    return found


def check_in_pool(task: FileTask, paths: list[tuple[Path, str]], jobs: int,
                  progress: Callable[[], None] | None = None) -> list[tuple[str | None, FileResult]]:
    """check_file over `paths` in `jobs` worker processes, in order, calling `progress` after each."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        chunk = max(1, min(16, len(paths) // (jobs * 8) or 1))
        results = []
        work = functools.partial(check_file, task)
        for outcome in pool.map(work, [p for p, _ in paths], [d for _, d in paths], chunksize=chunk):
            results.append(outcome)
            if progress is not None:
                progress()
        return results
