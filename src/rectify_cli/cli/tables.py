"""The `export-tables` command: the ledgers and a round's figures as Parquet files and a DuckDB database.

Thin: options here, the work in tabular/export.py (docs/tables.md). Needs the `[tables]` extra
(pyarrow, duckdb); without it the command exits 2 saying how to install it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import LedgersOption, context, exit_left_out, guarded, limits, parse_date, said
from rectify_cli.errors import say


@guarded
def export_tables(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The folder to write the tables into (made if missing; its manifest.json makes the "
                            "next export incremental).", file_okay=False, show_default=False)],
    round_number: Annotated[Optional[int], typer.Option(
        "--round", "-r", min=1, help="Also write the round's problem states, figures and consequences.",
        show_default=False)] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="The round's figures as they stood on this date (default: today).", metavar="DATE",
        show_default=False)] = None,
    rehash: Annotated[bool, typer.Option(
        "--rehash", help="Hash every ledger file to find what changed, instead of trusting a file whose size and "
                         "times are those the manifest recorded.")] = False,
    ledgers: LedgersOption = None,
) -> None:
    """Write the ledgers as tables: Parquet files and a DuckDB database, for SQL, pandas, Spark or Trino.

    Organisations, inspections, clues, problems, reviews, extensions and their requests,
    decided outcomes (整改认定), 回头看 samples and re-checks, report submissions, supervision,
    handovers, reopenings, measures, milestones, progress, history, accountability and evidence; with --round the round's problem states, figures and
    consequences at --as-of, as `rectify report` computes them (docs/tables.md). A ledger unchanged
    since the last export into the folder is not read again. Exit 0 written, 1 some ledgers invalid
    (the valid ones are written), 2 usage or the [tables] extra missing.
    """
    from rectify_cli.render.console import write_stderr
    from rectify_cli.tabular import export

    folder, policy, today = context(ledgers)
    if out.exists() and not out.is_dir():
        from rectify_cli.cli.common import usage_error

        usage_error(say("--out: {out!r} is a file, not a folder", out=str(out)))
    from rectify_cli.tabular import store

    store.require()
    out.mkdir(parents=True, exist_ok=True)
    request = export.TablesRequest(folder, out, today, round_number, parse_date(as_of, "--as-of", today), limits(),
                                   rehash)
    result = export.export_tables(request, policy)
    counts = ", ".join(f"{name} ({count})" for name, count in result.rows.items())
    how = say("all read") if result.cold else say("{read} read, {reused} unchanged and not read",
                                                  read=len(result.read), reused=len(result.reused))
    write_stderr(said(say("wrote {out}: {counts}; ledger files: {how}", out=out, counts=counts, how=how)))
    exit_left_out(result.invalid)
