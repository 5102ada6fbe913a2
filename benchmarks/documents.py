"""The Word documents against the report they come from, side by side in one run (issue 17).

    python benchmarks/documents.py [--size 100x100] [--repeat 3]

For each kind of `rectify report --format docx --document KIND` it prints the median time and two
ratios: against `rectify report --round 7 --format json` with a warm cache (the report's own time:
per-file summaries, no models) and against `rectify report --round 7 --open --format json` (every
model loaded, as the documents need: they list problems, measures and evidence). Target: ≤ 2× the
report. Uses the synthetic ledgers of generate.py and this checkout's rectify.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import installed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KINDS = ("committee", "unit", "closure", "notice")


def timed(command: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 3):
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100x100", help="LEDGERSxPROBLEMS (default 100x100)")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    ledgers, problems = (int(n) for n in options.size.lower().split("x"))
    work = Path(tempfile.mkdtemp(prefix="rectify-docs-bench-"))
    sys.path.insert(0, str(HERE))
    from generate import generate

    folder = work / "ledgers"
    generate(folder, ledgers, problems)
    shutil.copy(ROOT / "ledgers" / "policy.yaml", folder / "policy.yaml")
    env = installed.environment({**os.environ, "RECTIFY_TODAY": "2026-11-24", "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src"),
           "RECTIFY_CACHE_DIR": str(work / "cache"), "RECTIFY_LEDGERS": str(folder)})
    rectify = [sys.executable, "-m", "rectify_cli", "report", "--round", "7", "--as-of", "2026-11-24", "--lang", "zh"]
    subprocess.run(rectify + ["--format", "json"], env=env, stdout=subprocess.DEVNULL, check=False)  # warm the cache
    report = timed(rectify + ["--format", "json"], env, options.repeat)
    open_view = timed(rectify + ["--open", "--format", "json"], env, options.repeat)
    rows = [("rectify report --format json (warm)", report, 1.0, report / open_view),
            ("rectify report --open --format json", open_view, open_view / report, 1.0)]
    for kind in KINDS:
        took = timed(rectify + ["--format", "docx", "--document", kind, "-o", str(work / f"{kind}.docx")], env,
                     options.repeat)
        rows.append((f"--format docx --document {kind}", took, took / report, took / open_view))
    print(f"{ledgers}×{problems}, median of {options.repeat}\n")
    print("| measurement | median | × report | × --open |\n|---|---:|---:|---:|")
    for name, seconds, against_report, against_open in rows:
        print(f"| {name} | {seconds:.2f} s | {against_report:.2f}× | {against_open:.2f}× |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
