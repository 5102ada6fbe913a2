"""`rectify export-tables`: the ledgers (and a round's figures at a date) as Parquet files and a DuckDB file.

Incremental: the output folder keeps `manifest.json` — the format version, the parameters (round,
as-of date, the policy's hash, the tool's version) and each ledger file's sha256 and organisation.
A ledger whose bytes hash as in the manifest, exported under the same parameters, is not parsed
again: its rows are taken from the previous Parquet files. Changed, new and invalid files are
read and validated; rows of removed files go. Any other parameters, a missing or foreign
manifest, or a table that cannot be read means every ledger is read (a cold export).

Finding what changed without reading every byte: the manifest also keeps each file's size,
modification and change times (nanoseconds) and inode, and the time its hashing began. A file
whose four stat values are those recorded is taken to hold the bytes recorded, as git's index does,
so an export after one change reads one file, not the whole folder. Two guards keep it exact: a
file modified less than two seconds before the recorded hashing began (the coarsest timestamps,
FAT's, tick every two seconds; ext4's every few milliseconds) could have changed again within
the same tick, so it is hashed anyway; and the change time (ctime) moves on every write even when
a tool puts the modification time back (on Windows st_ctime is the creation time: there only
`--rehash` sees a change that keeps the size and restores the modification time). `--rehash` (TablesRequest.rehash) hashes every file.
No library does this for a folder of files; it is a few lines over os.stat.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from rectify_cli import __version__, load
from rectify_cli.errors import Finding, UnreadableInput, say
from rectify_cli.model import Policy
from rectify_cli.settings import DEFAULT_LIMITS, Limits
from rectify_cli.tabular import TABLES_VERSION, rows, store
from rectify_cli.validation import pipeline

MANIFEST = "manifest.json"
FORMAT = "rectify-tables"
RACY_NS = 2_000_000_000   # a file modified this close to the last hashing is hashed again


@dataclass(frozen=True)
class TablesRequest:
    folder: Path
    out: Path
    today: dt.date
    round: int | None = None
    as_of: dt.date | None = None
    limits: Limits = DEFAULT_LIMITS
    rehash: bool = False                     # hash every ledger file, trusting no recorded stat


@dataclass
class TablesResult:
    rows: dict[str, int]                     # table -> rows written
    read: list[str]                          # ledger files parsed this time
    reused: list[str]                        # ledger files whose rows came from the previous export
    invalid: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    cold: bool = True
    hashed: int = 0                          # ledger files whose bytes were read to be hashed


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parameters(request: TablesRequest, policy_bytes: bytes) -> dict[str, object]:
    on = request.as_of or request.today
    return {"round": request.round, "as_of": on.isoformat() if request.round is not None else None,
            "policy_sha256": _sha256(policy_bytes), "rectify": __version__,
            "columns_sha256": _sha256(json.dumps(rows.TABLES, sort_keys=True).encode())}  # a column added re-reads all


def _manifest(out: Path) -> dict:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
            or manifest.get("version") != TABLES_VERSION or not isinstance(manifest.get("files"), dict)
            or not isinstance(manifest.get("tables"), dict)):
        return {}
    return manifest


def _up_to_date(out: Path, files: dict, previous: dict[str, dict], same: set[str], names: list[str]) -> bool:
    """Nothing changed since the last export: the same files, all unchanged, every table there."""
    return (bool(same) and same == set(files) == set(previous)
            and all((out / f"{name}.parquet").is_file() for name in names) and (out / store.DATABASE).is_file())


def _policy_bytes(folder: Path) -> bytes:
    for name in ("policy.yaml", "policy.yml"):
        if (folder / name).exists():
            return (folder / name).read_bytes()
    return b""


def _stat(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _hashes(folder: Path, limits: Limits, manifest: dict, rehash: bool) -> tuple[dict[str, tuple[Path, str | None]],
                                                                                  dict[str, list[int]], int]:
    """{file name: (path, sha256 or None when unreadable)} of the ledger files, their stat values,
    and how many were read to be hashed (the others' stat values are those the manifest recorded)."""
    recorded = {} if rehash else manifest.get("files", {})
    began = manifest.get("hashed_at_ns")
    trusted_before = began - RACY_NS if isinstance(began, int) else None
    found, stats, hashed = {}, {}, 0
    for path in load.ledger_files([folder]):
        try:
            stats[path.name] = _stat(os.stat(path))
        except OSError:
            stats[path.name] = []
        entry = recorded.get(path.name)
        if (trusted_before is not None and isinstance(entry, dict) and stats[path.name]
                and entry.get("stat") == stats[path.name] and stats[path.name][1] < trusted_before
                and isinstance(entry.get("sha256"), str)):
            found[path.name] = (path, entry["sha256"])
            continue
        raw, _ = load.read_bytes(path, load.display_path(path), limits.max_file_bytes)
        found[path.name] = (path, _sha256(raw) if raw is not None else None)
        hashed += 1
    return found, stats, hashed


def export_tables(request: TablesRequest, policy: Policy) -> TablesResult:
    """Write the tables of `request.folder` into `request.out`, reading only what changed."""
    store.require()
    if not request.out.is_dir():
        raise UnreadableInput(say("--out: the folder {out!r} does not exist", out=str(request.out)), hint=say("create it first"))
    parameters = _parameters(request, _policy_bytes(request.folder))
    manifest = _manifest(request.out)
    if manifest.get("parameters") != parameters:
        manifest = {}
    previous, counts = manifest.get("files", {}), manifest.get("tables", {})
    began = time.time_ns()
    files, stats, hashed = _hashes(request.folder, request.limits, manifest, request.rehash)
    same = {name for name, (_, digest) in files.items()
            if digest is not None and name in previous and previous[name].get("sha256") == digest
            and previous[name].get("organisation")}
    names = list(rows.LEDGER_TABLES) + (list(rows.ROUND_TABLES) if request.round is not None else [])
    if _up_to_date(request.out, files, previous, same, names):
        if hashed:  # the files read to be hashed are recorded as they stand, to be trusted next time
            _write_manifest(request.out, {**manifest, "hashed_at_ns": began, "files": {
                name: {**previous[name], "stat": stats[name]} for name in files}})
        return TablesResult({name: counts.get(name, 0) for name in names}, [], sorted(same), cold=False, hashed=hashed)
    old = {name: store.kept(request.out / f"{name}.parquet", name, {previous[f]["organisation"] for f in same})
           for name in names} if same else {}
    if any(table is None for table in old.values()):
        same, old = set(), {}
    reread = [files[name][0] for name in files if name not in same]
    checked = pipeline.check_paths(reread, policy, request.today, limits=request.limits, cache_models=False) if reread else None
    fresh = rows.empty(names)
    manifest_files = {name: {"sha256": files[name][1], "organisation": previous[name]["organisation"],
                             "stat": stats[name]} for name in sorted(same)}
    owners = {entry["organisation"]: name for name, entry in manifest_files.items()}
    findings = list(checked.problems) if checked else []
    on = request.as_of or request.today
    for item in (checked.valid_ledgers() if checked else []):
        name, org_id = Path(item.display).name, item.ledger.organisation.id
        if org_id in owners:
            findings.append(Finding(item.display, 0, 0, "E-DUPLICATE-ORG",
                                    say("organisation id {org_id!r} is also used by {owners}", org_id=org_id, owners=owners[org_id]),
                                    "organisation.id", hint=say("each organisation has exactly one ledger")))
            continue
        owners[org_id] = name
        manifest_files[name] = {"sha256": files[name][1], "organisation": org_id, "stat": stats[name]}
        rows.ledger_rows(item.ledger, name, files[name][1] or "", fresh)
        if request.round is not None:
            rows.round_rows(item.ledger, request.round, on, policy, fresh)
    if request.round is not None and not _round_recorded(request.round, old, fresh):
        raise UnreadableInput(say("no valid ledger in {folder} records round {round}; nothing was written", folder=request.folder, round=request.round), hint=say("check --round, or leave it out to export the ledgers alone"))
    written = _write(request.out, names, old, fresh, {"parameters": parameters, "files": manifest_files,
                                                      "hashed_at_ns": began})
    invalid = list(dict.fromkeys(f.file for f in findings if f.severity == "error"))
    return TablesResult(written, [load.display_path(p) for p in reread], sorted(same), invalid, findings,
                        cold=not same, hashed=hashed)


def _round_recorded(round_number: int, old: dict, fresh: dict[str, rows.Columns]) -> bool:
    if round_number in fresh["inspections"]["round"]:
        return True
    kept = old.get("inspections")
    return kept is not None and round_number in kept.column("round").to_pylist()


def _write(out: Path, names: list[str], old: dict, fresh: dict[str, rows.Columns], recorded: dict) -> dict[str, int]:
    """Every table, the database, then the manifest (`recorded`: parameters, files, hashed_at_ns)."""
    parameters = recorded["parameters"]
    (out / MANIFEST).unlink(missing_ok=True)  # tables half written must never be taken for a finished export
    tables = {}
    for name in names:
        parts = ([old[name]] if name in old else []) + [store.to_arrow(name, fresh[name])]
        tables[name] = store.joined(name, parts)
        store.write_parquet(tables[name], out / f"{name}.parquet")
    for stale in set(rows.ROUND_TABLES) - set(names):  # a round table of an earlier export with --round
        (out / f"{stale}.parquet").unlink(missing_ok=True)
    meta = {"format": FORMAT, "version": str(TABLES_VERSION), **{k: "" if v is None else str(v)
                                                              for k, v in parameters.items()}}
    store.write_database(tables, out / store.DATABASE, meta)
    _write_manifest(out, {"format": FORMAT, "version": TABLES_VERSION, "parameters": parameters,
                          "tables": {name: tables[name].num_rows for name in names}, "files": recorded["files"],
                          "hashed_at_ns": recorded["hashed_at_ns"]})
    return {name: tables[name].num_rows for name in names}


def _write_manifest(out: Path, manifest: dict) -> None:
    temp = out / f".{MANIFEST}.tmp"
    temp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temp.replace(out / MANIFEST)
