"""rectify export-tables: the ledgers as Parquet and DuckDB, incremental, and the report's figures from SQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys

import pytest

from conftest import ROOT

duckdb = pytest.importorskip("duckdb")
pq = pytest.importorskip("pyarrow.parquet")

DOC = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
PROGRESS_SQL = re.search(r"```sql\n(.*?)```", DOC, re.S).group(1)  # the query the docs show, as written there
PROGRESS_KEYS = ("problems", "rectified", "in_progress", "basically_done", "long_term", "claimed", "extended",
                 "overdue", "reopened", "rate", "measures_done", "measures_total", "measure_rate", "on_time_rate")


def _generated(folder, ledgers=12, problems=30):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder.mkdir(parents=True)
    generate.generate(folder, ledgers, problems)
    shutil.copy(ROOT / "ledgers" / "policy.yaml", folder / "policy.yaml")
    return folder


def _report(invoke, folder):
    result = invoke("report", "--round", "7", "--as-of", "2026-11-24", "--format", "json", "--ledgers", folder)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _export(invoke, folder, out, *more):
    return invoke("export-tables", "--round", "7", "--as-of", "2026-11-24", "--out", out, "--ledgers", folder, *more)


def _progress(out):
    with duckdb.connect(str(out / "rectify.duckdb"), read_only=True) as connection:
        cursor = connection.execute(PROGRESS_SQL)
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names[1:], row[1:])) for row in cursor.fetchall()}


@pytest.mark.parametrize("which", ["example ledgers", "generated set"])
def test_the_documented_query_gives_the_reports_progress_table_exactly(example_repo, tmp_path, invoke, which):
    folder = example_repo / "ledgers" if which == "example ledgers" else _generated(tmp_path / "generated")
    assert _export(invoke, folder, tmp_path / "out").exit_code == 0
    report = _report(invoke, folder)
    rows = _progress(tmp_path / "out")
    expected = {org["id"]: {key: org[key] for key in PROGRESS_KEYS} for org in report["organisations"]}
    expected["total"] = {key: report["totals"][key] for key in PROGRESS_KEYS}
    assert rows == expected
    assert report["totals"]["problems"] > 50


def test_the_figures_table_holds_every_figure_of_the_report(example_repo, tmp_path, invoke):
    folder = example_repo / "ledgers"
    assert _export(invoke, folder, tmp_path / "out").exit_code == 0
    report = _report(invoke, folder)
    table = pq.read_table(tmp_path / "out" / "figures.parquet").to_pylist()
    for org in report["organisations"]:
        for at, figures in (("as_of", org), ("consequence_date", org["at_consequence_date"])):
            row = next(r for r in table if r["organisation"] == org["id"] and r["at"] == at)
            for key in ("problems", "rectified", "overdue", "hanging", "rate", "rate_exact", "measure_rate",
                        "satisfaction_rate", "grade", "clue_disposal_rate", "held_accountable", "partial", "waived",
                        "dismissed", "excluded", "waivers_expired", "unfinished", "extensions_requested",
                        "extensions_approved", "extension_share", "under_review", "returned"):
                assert row[key] == figures[key], (org["id"], at, key)
            assert f"{row['funds_returned']:.2f}" == figures["funds_returned"]
            assert row["clues_handed_over"] == figures["clues_handed_over"]
    fired = {(r["organisation"], r["rule"]) for r in pq.read_table(tmp_path / "out" / "consequences.parquet").to_pylist()
             if r["fired"]}
    assert fired == {(org["id"], c["rule"]) for org in report["organisations"] for c in org["consequences"]}


def test_an_unchanged_ledger_is_not_read_again_and_the_tables_equal_a_cold_export(example_repo, tmp_path, invoke):
    folder = example_repo / "ledgers"
    out = tmp_path / "out"
    first = _export(invoke, folder, out)
    assert first.exit_code == 0 and "ledger files: all read" in first.stderr
    changed = (folder / "jc-edu.yaml").read_text(encoding="utf-8").replace("name: 中共江城市教育局党组", "name: 中共江城市教育局党委")
    (folder / "jc-edu.yaml").write_text(changed, encoding="utf-8")
    (folder / "jc-hitech.yaml").unlink()
    second = _export(invoke, folder, out)
    assert second.exit_code == 0
    assert "ledger files: 1 read, 7 unchanged and not read" in second.stderr
    cold = tmp_path / "cold"
    assert _export(invoke, folder, cold).exit_code == 0
    for name in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["tables"]:
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(cold / f"{name}.parquet")), name
    names = pq.read_table(out / "organisations.parquet").column("name").to_pylist()
    assert "中共江城市教育局党委" in names and len(names) == 8


def test_another_date_reads_every_ledger_again(example_repo, tmp_path, invoke):
    folder, out = example_repo / "ledgers", tmp_path / "out"
    assert _export(invoke, folder, out).exit_code == 0
    again = invoke("export-tables", "--round", "7", "--as-of", "2026-10-01", "--out", out, "--ledgers", folder)
    assert again.exit_code == 0 and "ledger files: all read" in again.stderr
    with duckdb.connect(str(out / "rectify.duckdb"), read_only=True) as connection:
        assert dict(connection.execute("SELECT key, value FROM meta").fetchall())["as_of"] == "2026-10-01"
        assert connection.execute("SELECT DISTINCT as_of FROM figures").fetchall()[0][0].isoformat() == "2026-10-01"


def test_the_database_opens_in_duckdb_with_every_table_and_the_version(example_repo, tmp_path, invoke):
    from rectify_cli.tabular.rows import TABLES

    assert _export(invoke, example_repo / "ledgers", tmp_path / "out").exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "rectify.duckdb"), read_only=True) as connection:
        tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        problems = connection.execute("SELECT count(*) FROM problems").fetchone()[0]
    assert tables == set(TABLES) | {"meta"}
    assert meta["format"] == "rectify-tables" and meta["version"] == "1" and meta["round"] == "7"
    assert problems == pq.read_table(tmp_path / "out" / "problems.parquet").num_rows > 80


def test_an_invalid_ledger_is_left_out_and_exits_1(example_repo, tmp_path, invoke):
    folder = example_repo / "ledgers"
    (folder / "jc-edu.yaml").write_text("organisation: {id: jc-edu}\n", encoding="utf-8")
    result = _export(invoke, folder, tmp_path / "out")
    assert result.exit_code == 1
    assert "jc-edu.yaml" in result.stderr
    assert "jc-edu" not in pq.read_table(tmp_path / "out" / "organisations.parquet").column("organisation").to_pylist()


def test_without_the_extra_the_command_says_what_to_install(example_repo, tmp_path, invoke, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = _export(invoke, example_repo / "ledgers", tmp_path / "out")
    assert result.exit_code == 2
    assert "pip install 'rectify-cli[tables]'" in result.stderr
    assert "Traceback" not in result.output


def test_the_docs_list_every_column_of_every_table():
    from rectify_cli.tabular import TABLES_VERSION
    from rectify_cli.tabular.rows import TABLES

    assert f"version **{TABLES_VERSION}**" in DOC
    for name, columns in TABLES.items():
        section = DOC.split(f"### `{name}`", 1)[1].split("\n### ", 1)[0]
        assert ", ".join(f"`{column}` {kind}" for column, kind in columns) in section, name


def test_an_export_with_nothing_changed_writes_nothing(example_repo, tmp_path, invoke):
    folder, out = example_repo / "ledgers", tmp_path / "out"
    assert _export(invoke, folder, out).exit_code == 0
    before = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    again = _export(invoke, folder, out)
    assert again.exit_code == 0 and "0 read, 9 unchanged and not read" in again.stderr
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir()} == before
    assert "problems (104)" in again.stderr


def test_a_round_no_ledger_records_is_a_usage_error_and_writes_nothing(example_repo, tmp_path, invoke):
    result = invoke("export-tables", "--round", "99", "--out", tmp_path / "out", "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 2 and "round 99" in result.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_decisions_requests_samples_rechecks_and_supervision_are_tables_as_the_ledgers_hold_them(
        example_repo, tmp_path, invoke):
    folder = example_repo / "ledgers"
    drawn = invoke("sample", "--round", "7", "--seed", "2026-11-24 见证人王敏", "--count", "2", "--date", "2026-11-24",
                   "--by", "李娜", "--ledgers", folder)
    assert drawn.exit_code == 0, drawn.output
    assert _export(invoke, folder, tmp_path / "out").exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "rectify.duckdb"), read_only=True) as connection:
        def rows(sql):
            return connection.execute(sql).fetchall()
        samples = rows("select organisation, seed, count, candidates, drawn from samples order by organisation")
        decisions = rows("select problem, kind, ground, expires from decisions where organisation = 'jc-hitech' "
                         "order by problem")
        pending = rows("select problem, \"to\", decision from extension_requests where organisation = 'jc-hitech'")
        supervised = rows("select instrument, problems, reply_date is not null from supervision "
                          "where organisation = 'jc-dongmen' order by instrument")
    assert sum(len(drawn.split(",")) for *_, drawn in samples if drawn) == 2
    assert {seed for _, seed, *_ in samples} == {"2026-11-24 见证人王敏"}
    assert decisions == [("P7-010", "dismissed", "appeal", None),
                         ("P7-011", "waived", None, dt.date(2027, 3, 31))]
    assert [(problem, decision) for problem, _, decision in pending] == [("P7-009", None)]
    assert supervised[0][:2] == ("S7-001", "P7-004,P7-006,P7-007") and supervised[0][2]


def _backdated(folder, seconds=3600):
    """The ledger files as a clerk's folder holds them: written well before the export runs."""
    for path in folder.glob("*.yaml"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 10**9))


def _reads(monkeypatch):
    """The ledger files rectify opens from now on, by name (the policy, always read, left out)."""
    from rectify_cli import load

    opened, real = [], load.read_bytes
    monkeypatch.setattr(load, "read_bytes", lambda path, *args, **kw: (
        path.name == "policy.yaml" or opened.append(path.name), real(path, *args, **kw))[1])
    return opened


def test_finding_the_one_changed_ledger_reads_that_file_alone(example_repo, tmp_path, invoke, monkeypatch):
    folder, out = example_repo / "ledgers", tmp_path / "out"
    _backdated(folder)
    assert _export(invoke, folder, out).exit_code == 0
    edu = folder / "jc-edu.yaml"
    edu.write_text(edu.read_text(encoding="utf-8").replace("中共江城市教育局党组", "中共江城市教育局党委"), encoding="utf-8")
    opened = _reads(monkeypatch)
    second = _export(invoke, folder, out)
    assert second.exit_code == 0 and "1 read, 8 unchanged and not read" in second.stderr
    assert set(opened) == {"jc-edu.yaml"}
    assert "中共江城市教育局党委" in pq.read_table(out / "organisations.parquet").column("name").to_pylist()


def test_a_change_that_keeps_the_size_and_puts_the_time_back_is_still_found(example_repo, tmp_path, invoke):
    folder, out = example_repo / "ledgers", tmp_path / "out"
    _backdated(folder)
    assert _export(invoke, folder, out).exit_code == 0
    edu = folder / "jc-edu.yaml"
    before = edu.stat()
    text = edu.read_text(encoding="utf-8")
    assert "中共江城市教育局党组" in text
    edu.write_text(text.replace("中共江城市教育局党组", "中共江城市教育局党委"), encoding="utf-8")  # same byte count
    os.utime(edu, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edu.stat().st_size == before.st_size and edu.stat().st_mtime_ns == before.st_mtime_ns
    second = _export(invoke, folder, out)
    assert second.exit_code == 0 and "1 read, 8 unchanged and not read" in second.stderr
    assert "中共江城市教育局党委" in pq.read_table(out / "organisations.parquet").column("name").to_pylist()


def test_files_written_just_before_an_export_and_rehash_are_hashed_again(example_repo, tmp_path, invoke, monkeypatch):
    folder, out = example_repo / "ledgers", tmp_path / "out"
    for path in folder.glob("*.yaml"):
        os.utime(path)                                     # written just now: they could change again unseen
    assert _export(invoke, folder, out).exit_code == 0
    opened = _reads(monkeypatch)
    assert _export(invoke, folder, out).exit_code == 0
    assert len(opened) == 9
    _backdated(folder)
    assert _export(invoke, folder, out).exit_code == 0   # the times moved back: each file hashed, all unchanged
    opened.clear()
    assert _export(invoke, folder, out).exit_code == 0
    assert opened == []
    again = _export(invoke, folder, out, "--rehash")
    assert again.exit_code == 0 and "0 read, 9 unchanged and not read" in again.stderr and len(opened) == 9
