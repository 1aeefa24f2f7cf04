"""The validated raw layer as Parquet, for the Spark target: one folder per ``raw.*`` table.

Ingestion is the same for both engines (read → normalise → pandera → the DuckDB working warehouse,
with its file registry, quarantine, audit and writer lock). When the Spark target is chosen, this
step then writes every table of schema ``raw`` to ``<out_dir>/<table>/`` with DuckDB's own
``COPY … (FORMAT parquet)``, a faithful copy (same rows, same column types: VARCHAR → string, BIGINT
→ bigint, DOUBLE → double, DATE → date, TIMESTAMP → timestamp_ntz, TIMESTAMPTZ → timestamp), and dbt
on Spark registers the folders as the external tables ``raw.<table>`` (macro register_raw_layer).

Each table is written into a fresh folder beside the old one and swapped in by renames, so a folder
is always one complete export. The caller holds the warehouse's writer lock, so the export never
sees half a batch and never runs beside the dbt build that reads it.
"""

from __future__ import annotations

import shutil
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb

RAW_SCHEMA = "raw"
# Files split at this size, so that Spark reads a large table in parallel (one task per file or block).
PARQUET_FILE_SIZE = "128MB"


@dataclass(frozen=True)
class ExportedTable:
    table: str
    rows: int
    path: Path
    seconds: float


def raw_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "order by table_name", [RAW_SCHEMA],
    ).fetchall()]


def export_raw_layer(warehouse_path: Path | str, out_dir: Path | str) -> list[ExportedTable]:
    """Write every ``raw.*`` table of the DuckDB warehouse to ``<out_dir>/<table>/*.parquet``.

    Returns what was written, table by table. Folders of tables that no longer exist in the
    warehouse are left alone (the raw layer only grows; dbt reads the tables its sources name).
    """
    out = Path(out_dir)
    if "://" in str(out_dir):
        raise ValueError(f"{out_dir}: export to a local folder, then copy it to object storage (docs/scaling.md)")
    out.mkdir(parents=True, exist_ok=True)
    exported = []
    with closing(duckdb.connect(str(warehouse_path), read_only=True)) as con:
        for table in raw_tables(con):
            started = time.perf_counter()
            final = out / table
            staged = out / f".{table}.new"
            old = out / f".{table}.old"
            for leftover in (staged, old):
                shutil.rmtree(leftover, ignore_errors=True)
            rows = con.execute(f'select count(*) from {RAW_SCHEMA}."{table}"').fetchone()[0]
            target = str(staged).replace("'", "''")
            con.execute(
                f"copy (select * from {RAW_SCHEMA}.\"{table}\") to '{target}' "
                f"(format parquet, compression zstd, file_size_bytes '{PARQUET_FILE_SIZE}')"
            )
            if final.exists():
                final.rename(old)
            staged.rename(final)
            shutil.rmtree(old, ignore_errors=True)
            exported.append(ExportedTable(table, rows, final, time.perf_counter() - started))
    return exported
