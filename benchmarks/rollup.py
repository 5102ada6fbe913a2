"""Benchmark a province: the roll-up report cold and warm, the export cold and incremental, the DuckDB query.

    python benchmarks/rollup.py [--scale 1.0] [--cities 10] [--counties 10] [--problems 100] [--work DIR] [--out FILE]
                                [--jobs N] [--generate-only | --reuse]

At --scale 1 the province has 10 cities × 10 counties × 100 ledgers × 100 problems: 10,000
ledgers, a million problems (issue 18's goal size); --scale 0.1 keeps the hundred counties with 10
ledgers each. Each county is a git repository of its own (benchmarks/generate.py's ledgers and the
example policy); `province.yaml` lists them city by city. Every step runs as its own process and
is timed with its peak resident memory (the largest single process: the command or one of its
workers). The export step exports every county folder into a Hive-partitioned tree
(tables/city=…/county=…/), one Python process calling `tabular.export.export_tables` per folder
(as a scheduled job of the province would); the incremental export runs after one ledger of one
county changed. The DuckDB query is docs/tables.md's progress statistics query over the whole
tree, grouped by city and county too, and is checked against the roll-up's totals.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import installed

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOALS = {
    "roll-up report, cold": "",
    "roll-up report, warm": "< 10 s at 1,000,000 problems",
    "export-tables, cold": "",
    "export-tables, incremental after one ledger changed": "< 5 s",
    "export-tables, incremental after one ledger changed (2)": "< 5 s",
    "export-tables, incremental after one ledger changed (3)": "< 5 s",
    "export-tables, nothing changed": "",
    "DuckDB: progress statistics query over the export": "",
}
MEMORY_GOAL = "< 1 GB"

MEASURE = """
import os, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
sys.stderr.write(done.stderr.decode("utf-8", "replace")[-3000:])
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
"""

QUERY = """
import json, sys, duckdb
tree = sys.argv[1]
def table(name):
    return f"read_parquet('{tree}/*/*/{name}.parquet', hive_partitioning = true)"
sql = f'''
SELECT o.city, o.county, o.organisation,
  count(p.problem) AS problems,
  count(p.problem) FILTER (WHERE p.rectified) AS rectified,
  count(p.problem) FILTER (WHERE NOT p.rectified) AS in_progress,
  count(p.problem) FILTER (WHERE p.overdue) AS overdue,
  count(p.problem) FILTER (WHERE p.rectified) / nullif(count(p.problem), 0) AS rate,
  coalesce(sum(p.measures_done), 0) AS measures_done,
  coalesce(sum(p.measures_total), 0) AS measures_total
FROM {table('figures')} AS o
LEFT JOIN {table('problem_status')} AS p
  ON p.city = o.city AND p.county = o.county AND p.organisation = o.organisation AND p.in_figures
WHERE o.at = 'as_of'
GROUP BY ROLLUP (o.city, o.county, o.organisation)
'''
rows = duckdb.sql(sql).fetchall()
total = next(row for row in rows if row[0] is None)
print(json.dumps({"rows": len(rows), "problems": total[3], "rectified": total[4], "rate": total[7],
                  "measures_done": total[8], "measures_total": total[9]}))
"""

EXPORT = """
import datetime as dt, sys
from pathlib import Path
from rectify_cli.tabular import export
from rectify_cli.reports import valid_policy
province, tree = Path(sys.argv[1]), Path(sys.argv[2])
read = reused = 0
for folder in sorted(province.glob("city=*/county=*/ledgers")):
    out = tree / folder.parent.parent.name / folder.parent.name
    out.mkdir(parents=True, exist_ok=True)
    request = export.TablesRequest(folder, out, dt.date(2026, 11, 24), 7, dt.date(2026, 11, 24))
    result = export.export_tables(request, valid_policy(folder))
    read += len(result.read)
    reused += len(result.reused)
print(read, reused)
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def generate_county(province: Path, city: int, county: int, ledgers: int, problems: int) -> None:
    """One county: its ledgers, the example policy, a git repository of its own."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    repo = province / f"city=c{city:02d}" / f"county=k{county:02d}"
    folder = repo / "ledgers"
    generate.generate(folder, ledgers, problems, seed=city * 100 + county)
    shutil.copy(ROOT / "ledgers" / "policy.yaml", folder / "policy.yaml")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ledgers")


def generate_province(work: Path, cities: int, counties: int, ledgers: int, problems: int, jobs: int = 1) -> Path:
    from concurrent.futures import ProcessPoolExecutor

    province = work / "province"
    lines = ["# a generated province (benchmarks/rollup.py)", "name: 某省委巡视办", "level: province", "units:"]
    places = [(city, county) for city in range(1, cities + 1) for county in range(1, counties + 1)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done in [pool.submit(generate_county, province, city, county, ledgers, problems) for city, county in places]:
            done.result()
    for city in range(1, cities + 1):
        lines += [f"  - id: c{city:02d}", f"    name: 第{city}市", "    level: city", "    units:"]
        for county in range(1, counties + 1):
            lines.append(f"      - {{id: k{county:02d}, name: 第{city}市第{county}县, level: county, "
                         f"ledgers: city=c{city:02d}/county=k{county:02d}/ledgers}}")
    (province / "province.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return province


def measure(command: list[str], env: dict, codes=(0,)) -> tuple[float, float, str]:
    done = subprocess.run([PYTHON, "-c", MEASURE, *command], env=env, capture_output=True, text=True, check=False)
    elapsed, rss, code = done.stdout.split()
    if int(code) not in codes:
        raise SystemExit(f"failed ({code}): {' '.join(command)}\n{done.stderr}")
    return float(elapsed), int(rss) / 1024, done.stderr


def run_steps(province: Path, tables: Path, env: dict, export_only: bool = False, keep_tables: bool = False
              ) -> tuple[list[tuple[str, float, float]], dict]:
    rectify = [PYTHON, "-m", "rectify_cli"]
    rolled = province / "rollup.json"
    rollup = [*rectify, "rollup", str(province / "province.yaml"), "--round", "7", "--as-of", "2026-11-24",
              "--format", "json", "--output", str(rolled)]
    rows = []
    if not export_only or not rolled.is_file():
        seconds, mb, _ = measure(rollup, env)
        rows.append(("roll-up report, cold", seconds, mb))
        seconds, mb, _ = measure(rollup, env)
        rows.append(("roll-up report, warm", seconds, mb))
    exporter = [PYTHON, "-c", EXPORT, str(province), str(tables)]
    if not (export_only or keep_tables) or not tables.is_dir():
        seconds, mb, _ = measure(exporter, env)
        rows.append(("export-tables, cold", seconds, mb))
    else:  # the previous run's tables: bring them up to date first (not measured)
        measure(exporter, env)
    ledgers = sorted(province.glob("city=*/county=*/ledgers/org-*.yaml"))
    for turn, one in enumerate([ledgers[0], ledgers[len(ledgers) // 2], ledgers[-1]][:1 if not export_only else 3]):
        text = one.read_text(encoding="utf-8")
        one.write_text(text.replace("单位党委", "单位党委员会", 1) if "单位党委员会" not in text
                       else text.replace("单位党委员会", "单位党委", 1), encoding="utf-8")
        seconds, mb, _ = measure(exporter, env)
        rows.append(("export-tables, incremental after one ledger changed" + (f" ({turn + 1})" if turn else ""),
                     seconds, mb))
    seconds, mb, _ = measure(exporter, env)
    rows.append(("export-tables, nothing changed", seconds, mb))
    query = subprocess.run([PYTHON, "-c", QUERY, str(tables)], env=env, capture_output=True, text=True, check=True)
    seconds, mb, _ = measure([PYTHON, "-c", QUERY, str(tables)], env)
    rows.append(("DuckDB: progress statistics query over the export", seconds, mb))
    totals = json.loads(rolled.read_text(encoding="utf-8"))["totals"]
    from_sql = json.loads(query.stdout)
    same = all(from_sql[key] == totals[key] for key in ("problems", "rectified", "rate", "measures_done",
                                                         "measures_total"))
    return rows, {"totals": {k: totals[k] for k in ("organisations", "problems", "rectified", "rate")},
                  "sql": from_sql, "same": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100 ledgers per county (10,000 in all)")
    parser.add_argument("--cities", type=int, default=10)
    parser.add_argument("--counties", type=int, default=10, help="per city")
    parser.add_argument("--problems", type=int, default=100, help="per ledger")
    parser.add_argument("--work", type=Path, default=None, help="Folder for the province (default: a temp folder).")
    parser.add_argument("--out", type=Path, default=None, help="Also write the table to this Markdown file.")
    parser.add_argument("--reuse", action="store_true", help="Measure the province already in --work (no generation).")
    parser.add_argument("--generate-only", action="store_true", help="Generate the province in --work and stop.")
    parser.add_argument("--jobs", type=int, default=1, help="Processes generating the counties (default 1).")
    parser.add_argument("--keep-tables", action="store_true",
                        help="With --reuse: the roll-up cold and warm as usual, but keep the last run's tables (brought "
                             "up to date, unmeasured) instead of measuring the cold export again (13 minutes).")
    parser.add_argument("--export-only", action="store_true",
                        help="With --reuse: keep the cache, the roll-up and the tables of the last run, and measure "
                             "the incremental export three times (one ledger changed each time), no change, and the "
                             "query.")
    options = parser.parse_args()
    ledgers = max(1, round(100 * options.scale))
    work = options.work or Path(tempfile.mkdtemp(prefix="rectify-rollup-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if options.reuse and (work / "province" / "province.yaml").is_file():
        province = work / "province"
    else:
        province = generate_province(work, options.cities, options.counties, ledgers, options.problems, options.jobs)
    generated = time.perf_counter() - started
    if options.generate_only:
        print(f"generated {province} in {generated:.0f} s")
        return
    stale = [] if options.export_only else [work / "cache"] if options.keep_tables else [work / "cache", work / "tables"]
    for folder in stale:  # cold means cold
        shutil.rmtree(folder, ignore_errors=True)
    env = installed.environment({**os.environ, "RECTIFY_TODAY": "2026-11-24", "RECTIFY_CACHE_DIR": str(work / "cache"),
           "GIT_CEILING_DIRECTORIES": str(work)})
    rows, check = run_steps(province, work / "tables", env, options.export_only, options.keep_tables)
    total = options.cities * options.counties * ledgers
    lines = [f"Province: {options.cities} cities × {options.counties} counties × {ledgers} ledgers × "
             f"{options.problems} problems = {total:,} ledgers, {total * options.problems:,} problems "
             f"(scale {options.scale:g}; generated in {generated:.0f} s). Machine: {os.cpu_count()} cores.", "",
             "| measurement | time | peak memory | goal (time; memory < 1 GB) |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {seconds:.2f} s | {mb:.0f} MB | {GOALS[name]} |" for name, seconds, mb in rows]
    lines += ["", f"Roll-up totals: {check['totals']}; the DuckDB query over the Parquet tree: "
                  f"{check['sql']}; same figures: {'yes' if check['same'] else 'NO'}."]
    text = "\n".join(lines) + "\n"
    print(text)
    if options.out:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
