"""The cost of checking signed approvals: `rectify validate --signatures` against plain `rectify validate`.

    python benchmarks/signatures.py [--ledgers 100] [--problems 100] [--repeat 3]

Generates the benchmark's synthetic ledgers (generate.py) with every closure signed by one of eight
signers (keys generated here, never stored), and times, side by side in one run, cold (no cache):
plain validate, and validate --signatures. The target (issue 14): at most 1.5×.

The signatures are made here in-process, in ssh-keygen's SSHSIG format, so that thousands of them
take a second rather than a process each; rectify itself only verifies (sshsig) and signs with
ssh-keygen. A test of the project checks that ssh-keygen accepts what rectify verifies.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import installed

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

NAMES = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def sshsig(key: Ed25519PrivateKey, message: bytes, namespace: str = "rectify") -> str:
    """The base64 of an SSHSIG blob, as `ssh-keygen -Y sign -n NAMESPACE` makes it (sha512, ed25519)."""
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    public_blob = ssh_string(b"ssh-ed25519") + ssh_string(public)
    digest = hashlib.sha512(message).digest()
    signed = (b"SSHSIG" + ssh_string(namespace.encode()) + ssh_string(b"") + ssh_string(b"sha512")
              + ssh_string(digest))
    signature = ssh_string(b"ssh-ed25519") + ssh_string(key.sign(signed))
    blob = (b"SSHSIG" + struct.pack(">I", 1) + ssh_string(public_blob) + ssh_string(namespace.encode())
            + ssh_string(b"") + ssh_string(b"sha512") + ssh_string(signature))
    return base64.b64encode(blob).decode("ascii")


def openssh_public(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def signed_set(folder: Path, ledgers: int, problems: int) -> int:
    """Generate the set with closures by NAMES, sign every closure, write the policy; the number signed."""
    from rectify_cli.model import Policy
    from rectify_cli.signing import SCHEMES, signed_text, subject_of
    from rectify_cli.validation.document import validate_text

    keys = {name: Ed25519PrivateKey.generate() for name in NAMES}
    generate.person = lambda rng: rng.choice(NAMES)  # closures recorded by the eight signers
    paths = generate.generate(folder, ledgers, problems)
    signers = "".join(f"    - {{name: {name}, key: {openssh_public(key)}, roles: [巡察办]}}\n" for name, key in keys.items())
    (folder / "policy.yaml").write_text(f"signatures:\n  signers:\n{signers}  actions:\n    closed: [巡察办]\n",
                                        encoding="utf-8")
    count = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        ledger, _ = validate_text(text, path.name, Policy(), dt.date(2026, 11, 24), path.stem)
        assert ledger is not None, path
        for problem in ledger.problems:
            for index, entry in enumerate(problem.history):
                if entry.did != "closed":
                    continue
                value = sshsig(keys[entry.by], signed_text(ledger.organisation.id, problem.id, entry,
                                                           subject_of(problem, index)))
                fingerprint = SCHEMES["ssh"].fingerprint(openssh_public(keys[entry.by]))
                signature = f'signature: {{scheme: ssh, key: "{fingerprint}", sshsig: {value}}}'
                text = text.replace(f"hash: {entry.hash}}}", f"hash: {entry.hash}, {signature}}}", 1)
                count += 1
        path.write_text(text, encoding="utf-8")
        for named in re.findall(r"path: (evidence/[^,}\s]+)", text):   # a named evidence file must exist
            (folder.parent / named).parent.mkdir(parents=True, exist_ok=True)
            (folder.parent / named).touch()
    return count


def timed(command: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledgers", type=int, default=100)
    parser.add_argument("--problems", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "ledgers"
        (Path(work) / ".git").mkdir()
        count = signed_set(folder, options.ledgers, options.problems)
        env = installed.environment({**os.environ, "RECTIFY_CACHE": "0", "RECTIFY_TODAY": "2026-11-24"})
        base = [sys.executable, "-m", "rectify_cli", "validate", str(folder), "--quiet"]
        plain = timed(base, env, options.repeat)
        signed = timed(base + ["--signatures"], env, options.repeat)
    size = f"{options.ledgers}×{options.problems}"
    print(f"| set | measurement | median | ratio | target |\n|---|---|---:|---:|---|\n"
          f"| {size} | rectify validate, cold | {plain:.3f} s | 1.00× |  |\n"
          f"| {size} | rectify validate --signatures, cold ({count:,} signed closures) | {signed:.3f} s | "
          f"{signed / plain:.2f}× | ≤ 1.5× validate |")


if __name__ == "__main__":
    main()
