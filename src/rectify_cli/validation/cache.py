"""A content-keyed cache of per-file check results, so unchanged ledgers are not parsed again.

It can never serve stale data: an entry is found only by the sha256 of the file's bytes, under a
context that covers everything else the result depends on (tool version, policy, today's date,
the caller's summary key). That sha256 is learnt by reading the file, or, for a file whose size,
times and inode are those it had when it was last hashed, from the StatIndex below (git's rule,
with its guard against changes within one clock tick). It lives outside the ledger folder — $RECTIFY_CACHE_DIR, else
$XDG_CACHE_HOME/rectify, else ~/.cache/rectify — and is safe to delete at any time. Set
RECTIFY_CACHE=0 to bypass it. Entries are read with a restricted unpickler that builds only the
few plain types the results use, so a planted cache file cannot run code: a handful of standard
types, and the value classes of rectify's own modules already imported (dataclasses, pydantic models,
enums: building one sets fields, nothing else). The code that wrote an entry is part of its key
(`code_fingerprint`), so an entry is never read back into classes whose fields have changed.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import gc
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from rectify_cli import __version__

ALLOWED = {
    ("rectify_cli.errors", "Finding"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("decimal", "Decimal"),
    ("fractions", "Fraction"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("rectify_cli.errors", "Say"),
    ("rectify_cli.errors", "Joined"),
}


def allow(module: str, name: str) -> None:
    """Let a module of ours put a plain dataclass of its own into cached summaries."""
    ALLOWED.add((module, name))


def _value_class(module: str, name: str) -> type | None:
    """One of rectify's value classes (a dataclass, pydantic model or enum) in a module already imported."""
    if module != "rectify_cli" and not module.startswith("rectify_cli."):
        return None
    found = getattr(sys.modules.get(module), name, None)
    if not isinstance(found, type):
        return None
    from pydantic import BaseModel

    if dataclasses.is_dataclass(found) or issubclass(found, (BaseModel, enum.Enum)):
        return found
    return None


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        found = _value_class(module, name)
        if found is not None:
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def read_entries(path: Path) -> dict[str, object]:
    """The entries of one cache file; raises what reading it raised (a planted class: UnpicklingError)."""
    enabled = gc.isenabled()
    gc.disable()   # many small objects and no cycles: collector passes during the load would only rescan them
    try:
        with path.open("rb") as handle:
            entries = _Unpickler(io.BufferedReader(handle)).load()
    finally:
        if enabled:
            gc.enable()
    if not isinstance(entries, dict):
        raise pickle.UnpicklingError(f"{path} does not hold cache entries")
    return entries


@functools.cache
def code_fingerprint() -> str:
    """The sha256 of this installation's code and data files: a cached result is keyed by the code that
    computed it, so an upgrade (or a checkout of another commit) never reads back an older shape. The
    CLI and the renderers are left out: they compute nothing that is cached (the core imports neither,
    tests/test_architecture.py), and a change of wording should not make a province's roll-up cold."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *(package / "data").iterdir()]):   # not __pycache__'s files
        if path.relative_to(package).parts[0] in ("cli", "render"):
            continue
        if path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Cache:
    """One file of entries per context: {file sha256: result}, in `directory` (None: no cache at all)."""

    def __init__(self, context: str, directory: Path | None):
        digest = hashlib.sha256(f"{__version__}\n{code_fingerprint()}\n{context}".encode()).hexdigest()[:24]
        self.path = directory / f"check-{digest}.pickle" if directory is not None else None
        self.entries: dict[str, object] = {}
        self.dirty = False
        if self.path is not None:
            self._load()

    def _load(self) -> None:
        assert self.path is not None
        try:
            self.entries = read_entries(self.path)
        except Exception:  # a missing, old, corrupt or planted cache is just a miss
            return

    def get(self, key: str):
        return self.entries.get(key)

    def put(self, key: str, value: object) -> None:
        self.entries[key] = value
        self.dirty = True

    def save(self, keep: set[str] | None = None) -> None:
        """Write the entries (only those still in use, when `keep` is given); failures are ignored."""
        if self.path is None or not self.dirty:
            return
        entries = {k: v for k, v in self.entries.items() if keep is None or k in keep}
        _replace_quietly(self.path, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))


def _replace_quietly(path: Path, data: bytes) -> bool:
    """Write `path` atomically (a private folder made if missing); False when it could not be written."""
    try:
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
        return True
    except OSError:
        return False


def file_key(raw: bytes, name: str) -> str:
    return hashlib.sha256(raw).hexdigest() + ":" + name


RACY_NS = 2_000_000_000   # a file modified this close to its hashing is hashed again (FAT's clock ticks every 2 s)
INDEX_LIMIT = 200_000     # files remembered in one index; beyond, the oldest entries go


def stat_values(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


class StatIndex:
    """What the cache knows of files by their stat, so an unchanged file is not read to find its key.

    The content key of a file is the sha256 of its bytes; reading and hashing every ledger of a
    province to learn that nothing changed was most of a warm roll-up (1.3 GB, more than the file
    cache of a small machine, so read from disk each time). This index remembers, per file, its
    size, modification and change times and inode when it was hashed, and the key: a file whose four
    values are still those is taken to hold the same bytes, as git's index does. A file modified
    within two seconds before its hashing could have changed again unseen, and is hashed again; the
    change time moves on every write, even when a tool puts the modification time back (on Windows
    it is the creation time). It also remembers the provenance's content digest of a list of
    (file, key), so a report over unchanged files reads none of them. A JSON file (no code in it)
    beside the cache entries; unreadable or foreign, it is empty.
    """

    FILE = "stat-index.json"

    def __init__(self, directory: Path | None):
        self.path = directory / self.FILE if directory is not None else None
        self.files: dict[str, list] = {}       # absolute path -> [size, mtime_ns, ctime_ns, ino, hashed_at_ns, key]
        self.digests: dict[str, str] = {}      # sha256 of a listing of (name, key) -> content digest
        self._before: dict[int, tuple[list[int], int]] = {}   # this run: file number -> (stat, time)
        self.dirty = False
        if self.path is not None:
            self._load()

    def _load(self) -> None:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == 1 and isinstance(data.get("files"), dict) \
                and isinstance(data.get("digests"), dict):
            self.files, self.digests = data["files"], data["digests"]

    def before(self, at: int, path: Path) -> None:
        """Take file number `at`'s stat, and the time, before anything reads it."""
        try:
            self._before[at] = (stat_values(os.stat(path)), time.time_ns())
        except OSError:
            self._before.pop(at, None)

    def unchanged(self, at: int, path: Path) -> str | None:
        """The content key recorded for `path`, when its stat (taken by `before`) is the one recorded
        and it was not modified within RACY_NS before it was hashed."""
        entry, now = self.files.get(os.path.abspath(path)), self._before.get(at)
        if now is None or not isinstance(entry, list) or len(entry) != 6 or not isinstance(entry[5], str):
            return None
        if entry[:4] != now[0] or not isinstance(entry[4], int) or now[0][1] >= entry[4] - RACY_NS:
            return None
        return entry[5] if entry[5].endswith(":" + path.name) else None

    def found(self, at: int, path: Path, key: str) -> None:
        """File number `at` held `key` when read: remembered with the stat `before` took (so a change
        after that stat is seen next time)."""
        if at not in self._before:
            return
        values, hashed_at = self._before[at]
        name = os.path.abspath(path)
        old = self.files.get(name)
        if (isinstance(old, list) and len(old) == 6 and old[:4] == values and old[5] == key
                and isinstance(old[4], int) and values[1] < old[4] - RACY_NS):
            return   # known already, and trusted: nothing to write
        self.files.pop(name, None)   # re-inserted last: the newest entries are kept when trimming
        self.files[name] = [*values, hashed_at, key]
        self.dirty = True

    def digest(self, listing: str) -> str | None:
        return self.digests.get(listing)

    def record_digest(self, listing: str, digest: str) -> None:
        if self.digests.get(listing) != digest:
            self.digests.pop(listing, None)
            self.digests[listing] = digest
            self.dirty = True

    def save(self) -> None:
        """Written atomically when something changed; failures are ignored (the index is only a shortcut)."""
        if self.path is None or not self.dirty:
            return
        files = dict(list(self.files.items())[-INDEX_LIMIT:])
        digests = dict(list(self.digests.items())[-INDEX_LIMIT:])
        data = json.dumps({"version": 1, "files": files, "digests": digests}, ensure_ascii=False)
        if _replace_quietly(self.path, data.encode("utf-8")):
            self.dirty = False
