"""The ledgers as tables (docs/tables.md): columns and rows in `rows`, the incremental export in
`export`, Parquet and DuckDB files in `store` (the only module that needs the `[tables]` extra)."""

# Bumped when a table or column changes meaning or is removed (adding a column keeps the version).
TABLES_VERSION = 1
