"""Tables as files: Parquet (pyarrow) and one DuckDB database, each written atomically.

The only module that needs the optional `[tables]` extra; `require()` says how to install it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from rectify_cli.errors import UnreadableInput, say
from rectify_cli.tabular.rows import TABLES, Columns

INSTALL_HINT = "pip install 'rectify-cli[tables]'"
DATABASE = "rectify.duckdb"


class MissingExtra(UnreadableInput):
    """pyarrow or duckdb is not installed (exit 2)."""


def require() -> None:
    """Refuse early, naming the extra, when pyarrow or duckdb is missing."""
    missing = []
    for module in ("pyarrow", "duckdb"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        message = (say("export-tables needs {module}, which is not installed", module=missing[0]) if len(missing) == 1
                   else say("export-tables needs {modules}, which are not installed", modules=" and ".join(missing)))
        raise MissingExtra(message, hint=say("install them with: {command}", command=INSTALL_HINT))


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "date": pa.date32(),
            "timestamp": pa.timestamp("us", tz="UTC"), "money": pa.decimal128(38, 2), "float": pa.float64()}[kind]


def schema(name: str) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(column, _arrow_type(kind)) for column, kind in TABLES[name]])


def to_arrow(name: str, columns: Columns) -> Any:
    import pyarrow as pa

    return pa.Table.from_pydict(columns, schema=schema(name))


def kept(path: Path, name: str, organisations: set[str]) -> Any | None:
    """The rows of a previous export's table whose organisation is among `organisations`; None when
    the file is missing, unreadable or of another schema (the caller then reads every ledger)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None
    if not table.schema.equals(schema(name)):
        return None
    return table.filter(pc.is_in(table["organisation"], value_set=pa.array(sorted(organisations), pa.string())))


def joined(name: str, parts: list[Any]) -> Any:
    """Tables of one schema as one, sorted by organisation (stable: each ledger's rows keep their order)."""
    import pyarrow as pa

    table = pa.concat_tables(parts) if parts else schema(name).empty_table()
    return table.sort_by([("organisation", "ascending")])


def _replace(target: Path, write) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.chmod(temp, 0o644)  # mkstemp makes 0600; the tables are for others to read
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    _replace(path, lambda temp: pq.write_table(table, temp, compression="zstd"))


def write_database(tables: dict[str, Any], path: Path, meta: dict[str, str]) -> None:
    """Every table into one DuckDB file, with a `meta` table (key, value): format, version, parameters."""
    import duckdb

    def write(temp: Path) -> None:
        temp.unlink()  # duckdb creates the file itself
        connection = duckdb.connect(str(temp))
        try:
            for name, table in tables.items():
                connection.register("incoming", table)
                connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                connection.unregister("incoming")
            connection.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
            connection.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        finally:
            connection.close()

    _replace(path, write)
