"""Importing a sheet against loading it with openpyxl, side by side in one run, as a ratio.

    python benchmarks/import_sheet.py [--rows 1000] [--repeat 5]

Builds a 1,000-row 整改台账 as offices lay it out (title rows, a grouped two-row header, section
headings, numbered measure cells, Chinese dates, a total and notes), then alternates, --repeat
times each: the floor (`python -c` that imports openpyxl and calls load_workbook(data_only=True)
on it, as the importer does) and `rectify import FILE ORG --round 7` into a fresh copy of an empty
ledger. Target (issue 12): the import at most 3x the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
PYTHON = sys.executable
FLOOR = "import sys\nfrom openpyxl import load_workbook\nload_workbook(sys.argv[1], data_only=True)\n"
HEADINGS = ["一、落实党中央决策部署方面", "二、落实全面从严治党战略部署方面", "三、落实新时代党的组织路线方面",
            "四、落实巡视整改方面"]
STATUSES = ["已完成", "正在推进", "基本完成", "1.已完成；2.正在推进", "全部完成"]


def build(path: Path, rows: int) -> int:
    """The sheet, with about `rows` rows; returns the number of problems in it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(["中共江城市某局党组关于市委巡察组反馈意见整改落实台账"])
    sheet.append(["填报单位：办公室", None, None, None, None, None, "填报日期：2026年9月1日"])
    sheet.append(["序号", "反馈问题", "整改措施", "责任清单", None, None, "完成时限", "整改进展", "完成时间", "佐证材料"])
    sheet.append([None, None, None, "责任领导", "责任部门", "责任人"])
    sheet.merge_cells("D3:F3")
    problems = 0
    per_heading = max(1, (rows - 8) // len(HEADINGS))
    for heading in HEADINGS:
        sheet.append([heading])
        for _ in range(per_heading - 1):
            problems += 1
            status = STATUSES[problems % len(STATUSES)]
            numbered = "；" in status
            measure = "1.制定工作方案\n2.开展专项检查" if numbered else "开展专项整治"
            deadline = "1.2026年6月底前\n2.2026年7月底前" if numbered else f"2026年{6 + problems % 3}月底前"
            done = dt.datetime(2026, 7, 1 + problems % 28) if status in ("已完成", "全部完成") else None
            sheet.append([problems, f"第{problems}个问题：制度执行不严格，存在薄弱环节", measure, "张明", "办公室", "李华",
                          deadline, status, done, "会议纪要" if done and problems % 2 else None])
    sheet.append(["合计", f"{problems}个问题"])
    sheet.append(["注：整改进展填写已完成、正在推进、基本完成。"])
    book.save(path)
    return problems


def timed(command: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, check=False, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rectify-import-bench-"))
    env = installed.environment({**os.environ, "RECTIFY_TODAY": "2026-09-01", "RECTIFY_CACHE": "0", "NO_COLOR": "1",
           "PYTHONPATH": str(ROOT / "src"), "RECTIFY_LEDGERS": "ledgers"})
    (work / ".git").mkdir()
    (work / "ledgers").mkdir()
    shutil.copy(ROOT / "ledgers" / "policy.yaml", work / "ledgers" / "policy.yaml")
    sheet = work / "台账.xlsx"
    problems = build(sheet, options.rows)
    rectify = [PYTHON, "-m", "rectify_cli"]
    subprocess.run([*rectify, "init", "jc-bench", "--name", "基准测试单位"], env=env, cwd=work, check=True,
                   capture_output=True)
    subprocess.run([*rectify, "add-round", "jc-bench", "--round", "7", "--feedback-on", "2026-05-15", "--by", "基准"],
                   env=env, cwd=work, check=True, capture_output=True)
    empty = (work / "ledgers" / "jc-bench.yaml").read_bytes()
    floors, imports = [], []
    for _ in range(options.repeat):  # alternating, so both see the same machine
        floors.append(timed([PYTHON, "-c", FLOOR, str(sheet)], env, work))
        (work / "ledgers" / "jc-bench.yaml").write_bytes(empty)
        imports.append(timed([*rectify, "import", sheet.name, "jc-bench", "--round", "7", "--by", "基准"], env, work))
    floor, imported = statistics.median(floors), statistics.median(imports)
    print(f"sheet: {sheet.stat().st_size:,} bytes, {options.rows} rows, {problems} problems; median of {options.repeat}")
    print("| measurement | median | ratio | target |\n|---|---:|---:|---|")
    print(f"| floor: python + openpyxl load_workbook of the sheet | {floor:.3f} s | 1.00× |  |")
    print(f"| rectify import of the sheet | {imported:.3f} s | {imported / floor:.2f}× | ≤ 3× floor |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
