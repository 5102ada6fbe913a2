"""The Word documents against the report they come from, side by side in one run (issue 17).

    python benchmarks/documents.py [--size 100x100] [--repeat 3]

For each kind of `rectify report --format docx --document KIND` it prints the median time, warm
(the cache holds the summaries and the models) and with no cache, and ratios: against
`rectify report --round 7 --format json` warm (the report's own time: per-file summaries, no
models) and against `rectify report --round 7 --open --format json` (every model loaded, as the
documents need: they list problems, measures and evidence), warm and with no cache. Target: ≤ 2×
the report. Uses the synthetic ledgers of generate.py and this checkout's rectify.
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
    for view in (["--format", "json"], ["--open", "--format", "json"]):   # warm the cache: summaries, then models
        subprocess.run(rectify + view, env=env, stdout=subprocess.DEVNULL, check=False)
    cold_env = {**env, "RECTIFY_CACHE": "0"}
    report = timed(rectify + ["--format", "json"], env, options.repeat)
    open_view = timed(rectify + ["--open", "--format", "json"], env, options.repeat)
    open_cold = timed(rectify + ["--open", "--format", "json"], cold_env, options.repeat)
    report_cold = timed(rectify + ["--format", "json"], cold_env, options.repeat)
    rows = [("rectify report --format json (warm)", report, report_cold),
            ("rectify report --open --format json (warm: models from the cache)", open_view, open_cold),
            ("rectify report --open --format json (no cache: every ledger parsed)", open_cold, open_cold)]
    for kind in KINDS:
        command = rectify + ["--format", "docx", "--document", kind, "-o", str(work / f"{kind}.docx")]
        rows.append((f"--format docx --document {kind} (warm)", timed(command, env, options.repeat),
                     timed(command, cold_env, options.repeat)))
    print(f"{ledgers}×{problems}, median of {options.repeat}\n")
    print("| measurement | warm | × report | × --open (warm) | no cache | × --open (no cache) |\n"
          "|---|---:|---:|---:|---:|---:|")
    for name, seconds, cold in rows:
        print(f"| {name} | {seconds:.2f} s | {seconds / report:.2f}× | {seconds / open_view:.2f}× | {cold:.2f} s | "
              f"{cold / open_cold:.2f}× |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
