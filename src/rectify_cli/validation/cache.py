"""A content-keyed cache of per-file check results, so unchanged ledgers are not parsed again.

It can never serve stale data: an entry is found only by the sha256 of the file's bytes, under a
context that covers everything else the result depends on (tool version, policy, today's date,
the caller's summary key). It lives outside the ledger folder — $RECTIFY_CACHE_DIR, else
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
import os
import pickle
import sys
import tempfile
from pathlib import Path

from rectify_cli import __version__

ALLOWED = {
    ("rectify_cli.errors", "Finding"),
    ("datetime", "date"),
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
        try:
            folder = self.path.parent
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temp = tempfile.mkstemp(prefix=".check-", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except OSError:
            pass


def file_key(raw: bytes, name: str) -> str:
    return hashlib.sha256(raw).hexdigest() + ":" + name
