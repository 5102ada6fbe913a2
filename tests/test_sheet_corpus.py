"""The sheet corpus (tests/sheet_corpus.py) through the CLI: import each sheet, then the round report must
give the figures a person counting the sheet finds.

These are the acceptance tests of issue 12 and are expected to fail until the importer work lands:
they fail on the figures (or on the import refusing a sheet it should read), never on the corpus
itself, which test_the_corpus_counts_add_up and test_the_sheets_hold_what_the_counts_say check
without the importer. Run them alone with `pytest -m corpus`, leave them out with `-m "not corpus"`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import ROOT
from sheet_corpus import CASES, FEEDBACK_ON, FIGURES, IMPORTED_ON, RECTIFY_BY, SheetCase, targets

pytestmark = pytest.mark.corpus

ROUND = "7"
BY = "整改办"
# report JSON key -> the corpus's name for it
REPORT_KEYS = {"problems": "problems", "measures_total": "measures", "closed": "closed", "claimed": "claimed",
               "basically_done": "basically_done", "long_term": "long_term", "open": "open",
               "rate_exact": "rate_exact"}
cases = pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """An empty ledger repository with the example policy, as a clerk starts one."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copy(ROOT / "ledgers" / "policy.yaml", tmp_path / "ledgers" / "policy.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def start(invoke, case: SheetCase) -> None:
    """Each organisation of the case gets its ledger and round 7."""
    for _, org, name, _ in targets(case):
        result = invoke("init", org, "--name", name)
        assert result.exit_code == 0, result.output
        result = invoke("add-round", org, "--round", ROUND, "--feedback-on", FEEDBACK_ON, "--rectify-by", RECTIFY_BY,
                        "--by", BY, *case.round_args)
        assert result.exit_code == 0, f"add-round {' '.join(case.round_args)}:\n{result.output}"


def import_sheets(invoke, case: SheetCase, path: Path, *extra: str) -> list[tuple[str | None, str, dict, object]]:
    """One import per organisation (with --sheet for a workbook of several): (sheet, org, expected, result)."""
    done = []
    for sheet, org, _, expected in targets(case):
        chosen = ["--sheet", sheet] if sheet else []
        result = invoke("import", path.name, org, "--round", ROUND, "--date", IMPORTED_ON, "--by", BY, *chosen,
                        *case.import_args, *extra)
        done.append((sheet, org, expected, result))
    return done


def imported(invoke, case: SheetCase, repo: Path) -> None:
    start(invoke, case)
    for sheet, _, _, result in import_sheets(invoke, case, case.build(repo)):
        assert result.exit_code == 0, f"import {sheet or ''} refused:\n{result.output}"


@cases
def test_the_report_counts_what_a_person_counts(case, invoke, repo):
    imported(invoke, case, repo)
    result = invoke("report", "--round", ROUND, "--format", "json", "--as-of", IMPORTED_ON)
    assert result.exit_code == 0, result.output
    organisations = {entry["id"]: entry for entry in json.loads(result.stdout)["organisations"]}
    found = {org: {name: organisations[org].get(key, "(no such key)") for key, name in REPORT_KEYS.items()}
             for _, org, _, _ in targets(case)}
    wanted = {org: {name: expected[name] for name in FIGURES} for _, org, _, expected in targets(case)}
    differing = {org: {name: f"report {found[org][name]!r}, sheet {value!r}" for name, value in figures.items()
                       if found[org][name] != value} for org, figures in wanted.items()}
    assert found == wanted, f"{case.description}\n" + "\n".join(f"{org}: {diff}" for org, diff in differing.items()
                                                                 if diff)


@cases
def test_headings_and_labels_give_the_policy_categories(case, invoke, repo):
    imported(invoke, case, repo)
    for _, org, _, expected in targets(case):
        ledger = yaml.safe_load((repo / "ledgers" / f"{org}.yaml").read_text(encoding="utf-8"))
        problems = sorted((p for p in ledger["problems"] if p["round"] == int(ROUND)), key=lambda p: p["id"])
        assert {n: p.get("category") for n, p in enumerate(problems, start=1)} == expected["categories"], org


def _row_mentions(output: str) -> set[int]:
    """Row numbers the output names outside the problems it imports: numbers on lines that speak of rows
    (row 4, rows 4, 7, 第4行), leaving out the columns read (`reading …: header row 3`) and the ledger text
    of the diff (lines starting with + or @@, whose history reasons name the rows of problems)."""
    found: set[int] = set()
    for line in output.splitlines():
        if line.startswith(("+", "@@", "reading ")) or "imported from" in line:
            continue
        if re.search(r"\brows?\b|第\s*\d{1,3}\s*行|\d{1,3}\s*行", line):
            line = re.sub(r"\d{4}-\d{1,2}-\d{1,2}|P\d+-\d+", "", line)  # dates and problem ids
            found.update(int(n) for n in re.findall(r"(?<![\d.:/])\d{1,3}(?![\d.:/])", line))
        found.update(int(n) for n in re.findall(r"(?:!|\.csv:)[A-Z]{1,3}(\d{1,4})\b", line))  # 台账.xlsx:Sheet1!A5
    return found


def test_row_mentions_reads_row_numbers_and_not_the_problems_rows():
    output = "\n".join([
        "reading 台账.xlsx: sheet '整改台账', header row 3-4: A 序号→number",
        "skipped rows 5, 9 (headings), 18 (合计), 20-21 (notes)",
        "第12行 looks like a section heading",
        "台账.xlsx:整改台账!A16: heading 四、落实巡视整改方面",
        "+        reason: imported from 台账.xlsx:整改台账 row 6-7 (序号 1)",
        "imported 7 problem(s) into jc-edu (P7-001..P7-007): 2 closed, 2026-05-15",
    ])
    assert _row_mentions(output) == {5, 9, 18, 20, 21, 12, 16}


@cases
def test_the_dry_run_names_every_row_that_is_not_a_problem(case, invoke, repo):
    start(invoke, case)
    for sheet, org, expected, result in import_sheets(invoke, case, case.build(repo), "--dry-run"):
        assert result.exit_code == 0, f"import --dry-run {sheet or ''} refused:\n{result.output}"
        named = _row_mentions(result.output)
        missing = {row: kind for row, kind in expected["skipped_rows"].items() if row not in named}
        assert not missing, f"{org}: rows not named in the dry run: {missing}\n{result.output}"


# --- the corpus itself, without the importer ------------------------------------------------------


@cases
def test_the_corpus_counts_add_up(case):
    categories = yaml.safe_load((ROOT / "ledgers" / "policy.yaml").read_text(encoding="utf-8"))["categories"]
    for _, _, _, expected in targets(case):
        parts = ("closed", "claimed", "basically_done", "long_term", "open")
        assert sum(expected[part] for part in parts) == expected["problems"]
        assert expected["rate_exact"] == f"{expected['closed']}/{expected['problems']}"
        assert expected["measures"] >= expected["problems"]
        assert sorted(expected["categories"]) == list(range(1, expected["problems"] + 1))
        assert set(expected["categories"].values()) <= set(categories)
        assert set(expected["skipped_rows"].values()) <= {"heading", "total", "repeated-header", "note"}


KIND_TEXT = {"heading": r"^(?:[一二三四五六七八九十]+、?|[（(][一二三四五六七八九十]+[）)])",
             "total": r"^(?:合计|小计)$", "repeated-header": r"^序号$", "note": r"^(?:注：|填表人：)"}


def _rows(case: SheetCase, path: Path) -> dict[str | None, list[list[str]]]:
    """The cells of each imported sheet as text (a merged range holds its text in its first cell)."""
    if path.suffix == ".csv":
        import csv
        import io

        return {None: list(csv.reader(io.StringIO(path.read_bytes().decode("gbk"), newline="")))}
    book = load_workbook(path)
    names = [sheet for sheet, _, _, _ in targets(case)]
    return {name: [["" if v is None else str(v) for v in row]
                   for row in book[name or book.sheetnames[0]].iter_rows(values_only=True)] for name in names}


@cases
def test_the_sheets_hold_what_the_counts_say(case, tmp_path):
    path = case.build(tmp_path)
    sheets = _rows(case, path)
    for sheet, _, _, expected in targets(case):
        rows = sheets[sheet]
        for row, kind in expected["skipped_rows"].items():
            first = next((text for text in rows[row - 1] if text.strip()), "")
            assert re.search(KIND_TEXT[kind], first), f"{sheet or path.name} row {row} is not a {kind}: {first!r}"
        numbered = [row for row in rows if row and re.fullmatch(r"\d+", row[0].strip())]
        assert len(numbered) == expected["problems"], sheet or path.name
    if case.summary_sheet:
        summary = load_workbook(path)[case.summary_sheet]
        by_village = {row[1]: row for row in summary.iter_rows(min_row=3, values_only=True) if row[1]}
        for sheet, _, _, expected in targets(case):
            _, _, problems, measures, done, in_progress, _ = by_village[sheet]
            assert (problems, measures) == (expected["problems"], expected["measures"])
            assert done == expected["closed"] + expected["claimed"]  # the villages' own 已完成
            assert in_progress == problems - done
