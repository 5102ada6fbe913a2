"""The benchmark: rectify against the floor and its peers, side by side in one run, as ratios.

    python benchmarks/run.py [--sizes 100x100,1000x100] [--repeat 3] [--out benchmarks/RESULTS.md]

Measures, median of --repeat runs each, on synthetic ledgers from generate.py:
  the floor (reading the files; yaml.load with CSafeLoader of all files in one process),
  rectify validate and rectify report --round 7, cold (empty cache) and warm (files unchanged),
  check-jsonschema with schemas/ledger.schema.json, start-up (python -c pass, a minimal typer
  app's --help, rectify --help), rectify add-problem and close on a 100- and 1,000-problem ledger
  (against the C-loader parse of that file), add-measure and close of the 100-problem ledger against
  starting Python and importing typer, pydantic and PyYAML, peak memory (largest RSS of one process),
  and every report format on 8,000- and 16,000-character texts (linear: doubling at most doubles).
Times are wall-clock on this machine; the ratios are what the targets in benchmarks/README.md
are about. Every command runs as a subprocess, as a user would run it.
"""

from __future__ import annotations

import argparse
import os
import platform
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
PYTHON = sys.executable

FLOOR_PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob('*.yaml')):
    yaml.load(path.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
"""
FLOOR_READ = """
import sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob('*.yaml')):
    path.read_bytes()
"""
MINIMAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    pass
@app.command()
def other() -> None:
    pass
app()
"""
FLOOR_IMPORTS = "import typer, pydantic, yaml"
PEAK_RSS = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def run(command: list[str], env: dict, check_codes=(0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in check_codes:
        raise SystemExit(f"benchmark command failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed


def median_of(repeat: int, command: list[str], env: dict, before=None, check_codes=(0,)) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(run(command, env, check_codes))
    return statistics.median(times)


def peak_rss_mb(command: list[str], env: dict) -> float:
    out = subprocess.run([PYTHON, "-c", PEAK_RSS, *command], check=False, env=env, capture_output=True, text=True).stdout.split()
    return int(out[0]) / 1024


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def bench_size(ledgers: int, problems: int, repeat: int, work: Path, rows: list, env: dict,
               no_peer: bool = False) -> None:
    sys.path.insert(0, str(HERE))
    from generate import generate

    folder = work / f"l{ledgers}x{problems}" / "ledgers"
    if not folder.exists():
        generate(folder, ledgers, problems)
    shutil.copy(ROOT / "ledgers" / "policy.yaml", folder / "policy.yaml") if (ROOT / "ledgers" / "policy.yaml").exists() else None
    cache = work / "cache"
    env = {**env, "RECTIFY_CACHE_DIR": str(cache), "RECTIFY_LEDGERS": str(folder)}

    def clear_cache():
        shutil.rmtree(cache, ignore_errors=True)

    label = f"{ledgers}×{problems}"
    read = median_of(repeat, [PYTHON, "-c", FLOOR_READ, str(folder)], env)
    parse = median_of(repeat, [PYTHON, "-c", FLOOR_PARSE, str(folder)], env)
    rows.append((label, "floor: read the files", read, read / parse, ""))
    rows.append((label, "floor: yaml.load CSafeLoader, one process", parse, 1.0, ""))
    rectify = [PYTHON, "-m", "rectify_cli"]
    validate_cold = median_of(repeat, rectify + ["validate"], env, before=clear_cache)
    clear_cache()
    run(rectify + ["validate"], env)
    validate_warm = median_of(repeat, rectify + ["validate"], env)
    rows.append((label, "rectify validate, cold", validate_cold, validate_cold / parse, "≤ 0.5× parse"))
    rows.append((label, "rectify validate, warm", validate_warm, validate_warm / parse, "≤ 0.1× parse"))
    report = rectify + ["report", "--round", "7", "--format", "json", "--as-of", "2026-11-24"]
    report_cold = median_of(repeat, report, env, before=clear_cache, check_codes=(0, 3))
    clear_cache()
    run(report, env, (0, 3))
    report_warm = median_of(repeat, report, env, check_codes=(0, 3))
    rows.append((label, "rectify report --round 7, cold", report_cold, report_cold / validate_cold, "≤ 1.2× validate (cold)"))
    rows.append((label, "rectify report --round 7, warm", report_warm, report_warm / validate_warm, "≤ 1.2× validate (warm)"))
    schema_tool = shutil.which("check-jsonschema")
    if schema_tool and not no_peer:
        files = sorted(str(p) for p in folder.glob("org-*.yaml"))
        peer_repeat = 1 if ledgers > 100 else repeat
        peer = median_of(peer_repeat, [schema_tool, "--schemafile", str(ROOT / "schemas" / "ledger.schema.json"), *files],
                         env, check_codes=(0, 1))
        rows.append((label, "check-jsonschema (peer)", peer, peer / validate_cold, "≥ 10× validate (cold)"))
    clear_cache()
    rows.append((label, "peak RSS, rectify validate (MB)", peak_rss_mb(rectify + ["validate"], env), None, "≤ 300 MB"))
    clear_cache()
    rows.append((label, "peak RSS, rectify report (MB)", peak_rss_mb(report, env), None, "≤ 300 MB"))


def bench_edits(repeat: int, work: Path, rows: list, env: dict) -> None:
    sys.path.insert(0, str(HERE))
    from generate import generate

    for problems in (100, 1000):
        folder = work / f"edit{problems}" / "ledgers"
        shutil.rmtree(folder.parent, ignore_errors=True)
        [path] = generate(folder, 1, problems)
        (folder.parent / ".git").mkdir()
        evidence = folder.parent / "evidence" / "closure.md"
        evidence.parent.mkdir(exist_ok=True)
        evidence.write_text("整改佐证材料\n", encoding="utf-8")
        local = {**env, "RECTIFY_LEDGERS": str(folder), "RECTIFY_CACHE": "0", "RECTIFY_TODAY": "2026-11-24"}
        parse = median_of(repeat, [PYTHON, "-c", FLOOR_PARSE, str(folder)], local)
        label = f"1×{problems}"
        add = [PYTHON, "-m", "rectify_cli", "add-problem", path.stem, "--round", "7", "--category", "party-building",
               "--summary", "基准测试新增问题", "--leader", "王伟", "--unit", "办公室", "--person", "李娜",
               "--deadline", "2026-12-31", "--by", "基准"]
        added = median_of(repeat, add, local)
        rows.append((label, "rectify add-problem", added, added / parse, ""))
        closes = []
        for _ in range(repeat):
            measure_id = subprocess.run(add, check=False, env=local, capture_output=True, text=True).stdout.strip()
            subprocess.run([PYTHON, "-m", "rectify_cli", "add-measure", path.stem, measure_id, "--text", "整改",
                            "--owner", "王伟", "--due", "2026-12-01", "--by", "基准"], env=local, check=True,
                           capture_output=True)
            subprocess.run([PYTHON, "-m", "rectify_cli", "done", path.stem, measure_id, "M1", "--by", "基准"],
                           env=local, check=True, capture_output=True)
            closes.append(run([PYTHON, "-m", "rectify_cli", "close", path.stem, measure_id, "--by", "基准",
                               "--evidence", str(evidence)], local))
        close = statistics.median(closes)
        rows.append((label, "floor: yaml.load CSafeLoader of the file", parse, 1.0, ""))
        rows.append((label, "rectify close", close, close / parse, "≤ 3× parse (1,000)"))
        if problems == 100:
            bench_edit_startup(repeat, path.stem, add, local, close, rows)


def bench_edit_startup(repeat: int, org: str, add: list[str], env: dict, close: float, rows: list) -> None:
    """Edits of a 100-problem ledger against starting Python and importing typer, pydantic and PyYAML."""
    floor = median_of(repeat * 3, [PYTHON, "-c", FLOOR_IMPORTS], env)
    problem = subprocess.run(add, env=env, capture_output=True, text=True, check=True).stdout.strip()
    measure = median_of(repeat, [PYTHON, "-m", "rectify_cli", "add-measure", org, problem, "--text", "整改",
                                 "--owner", "王伟", "--due", "2026-12-01", "--by", "基准"], env)
    label = "1×100"
    rows.append((label, "floor: python + import typer, pydantic, yaml", floor, 1.0, ""))
    rows.append((label, "rectify add-measure", measure, measure / floor, "≤ 2× imports"))
    rows.append((label, "rectify close", close, close / floor, "≤ 2× imports"))


def bench_startup(repeat: int, rows: list, env: dict) -> None:
    bare = median_of(repeat * 3, [PYTHON, "-c", "pass"], env)
    typer_help = median_of(repeat * 3, [PYTHON, "-c", MINIMAL_TYPER, "--help"], env)
    rectify_help = median_of(repeat * 3, [PYTHON, "-m", "rectify_cli", "--help"], env)
    rows.append(("start-up", "python -c pass", bare, bare / typer_help, ""))
    rows.append(("start-up", "minimal typer app --help", typer_help, 1.0, ""))
    rows.append(("start-up", "rectify --help", rectify_help, rectify_help / typer_help, "≤ 1.2× typer --help"))


def bench_long_text(repeat: int, work: Path, rows: list, env: dict) -> None:
    """Every output linear in its input: an organisation name and a summary of 8,000 and 16,000
    characters, each report format. Doubling the length must not quadruple the time (the HTML chart's
    labels once took 34 s at 16,000 characters, against 0.7 s for the table)."""
    valid = (ROOT / "tests" / "data" / "valid" / "tj-police.yaml").read_text(encoding="utf-8")
    times: dict[tuple[str, int], float] = {}
    for length in (8_000, 16_000):
        folder = work / f"long-{length}" / "ledgers"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "tj-police.yaml").write_text(
            valid.replace("name: 天津市公安局党委", "name: " + "天津市公安局党委" * (length // 8))
                 .replace("summary: 违规发放津补贴", "summary: " + "违规发放津补贴" * (length // 7)), encoding="utf-8")
        long_env = {**env, "RECTIFY_LEDGERS": str(folder), "RECTIFY_TODAY": "2019-10-08",
                    "RECTIFY_CACHE_DIR": str(work / "long-cache")}
        for fmt in ("table", "markdown", "csv", "json", "html"):
            command = [PYTHON, "-m", "rectify_cli", "report", "--round", "7", "--open", "--format", fmt]
            times[(fmt, length)] = median_of(repeat, command, long_env)
    for fmt in ("table", "markdown", "csv", "json", "html"):
        short, long = times[(fmt, 8_000)], times[(fmt, 16_000)]
        rows.append(("16,000-character texts", f"rectify report --format {fmt}, 16,000 against 8,000", long,
                     long / short, "≤ 2× (linear)"))
    rows.append(("16,000-character texts", "rectify report --format html against table", times[("html", 16_000)],
                 times[("html", 16_000)] / times[("table", 16_000)], "≤ 1.5× table"))


def table(rows: list) -> str:
    lines = ["| set | measurement | median | ratio | target |", "|---|---|---:|---:|---|"]
    for label, name, value, ratio, target in rows:
        shown = f"{value:.0f} MB" if "MB" in name else f"{value:.3f} s"
        lines.append(f"| {label} | {name} | {shown} | {'' if ratio is None else f'{ratio:.2f}×'} | {target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100x100,1000x100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="Folder for generated ledgers (default: a temp folder).")
    parser.add_argument("--out", type=Path, default=None, help="Also write the table to this Markdown file.")
    parser.add_argument("--edits-only", action="store_true", help="Only the start-up and edit measurements.")
    parser.add_argument("--no-peer", action="store_true", help="Leave out check-jsonschema (15 minutes on 1,000 ledgers).")
    options = parser.parse_args()
    work = options.work or Path(tempfile.mkdtemp(prefix="rectify-bench-"))
    # The rectify under test is this checkout's, whatever is installed.
    env = installed.environment({**os.environ, "RECTIFY_TODAY": "2026-11-24", "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")})
    env.pop("RECTIFY_CACHE", None)
    rows: list = []
    bench_startup(options.repeat, rows, env)
    bench_long_text(options.repeat, work, rows, env)
    for size in ([] if options.edits_only else options.sizes.split(",")):
        ledgers, problems = (int(n) for n in size.lower().split("x"))
        bench_size(ledgers, problems, options.repeat, work, rows, env, options.no_peer)
        print(table(rows), flush=True)
    bench_edits(options.repeat, work, rows, env)
    text = f"Machine: {machine()}\n\n{table(rows)}\n"
    print(text)
    if options.out:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
