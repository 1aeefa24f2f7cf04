"""The least work any warehouse does with the files: read each one to text and land its rows in DuckDB.

The floor (floor.py) only reads. A warehouse must also store what it read (here, nothing lost and every bad row
kept), and on a machine with few cores over millions of rows that storing costs more than the reading. This
measures it on the same files, with none of the pipeline's work: no typing, no rules, no lineage, no dbt model,
no publication, one table of text per family. The readers are the floor's fastest of each format (polars for
CSV, calamine through fastexcel for XLSX, Python's codec for Windows-1258, DuckDB for JSON); the rows go to
DuckDB in batches, on every core, their order left to DuckDB (the fastest insert it has), then a checkpoint.

    python -m benchmarks.minimum FILELIST.json WORKDIR   # prints one JSON line
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.floor import csv_frame, json_frame, xlsx_cells

BATCH_ROWS = 1_000_000  # rows held before they are inserted (bounded memory, few inserts)
# ... or files: a province's 40,000 one-row summaries would otherwise be held as one batch of small frames (7.4 GiB
# of them, and a concat of 40,000 frames: round 18), as the pipeline ends its batches (DEFAULT_BATCH_FILES)
BATCH_FILES = 2_000
MEMORY_LIMIT = "3GB"  # the pipeline's default (OSH_DUCKDB_MEMORY_LIMIT)
WAREHOUSE = "minimum.duckdb"  # in WORKDIR, removed when the command ends


def text_frame(path: Path, json_reader):
    """The file's cells as text, columns c0, c1, ... (the header row is a row like the others), read as the floor
    reads it; None if no reader accepts the file (the generator's broken uploads). ``json_reader``: a DuckDB
    connection."""
    import polars as pl

    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pl.DataFrame(xlsx_cells(path))
        elif suffix == ".json":
            frame = json_frame(json_reader, path)
        else:
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                data = data.decode("cp1258").encode()
            frame = csv_frame(data)
    except Exception:
        return None
    if any(dtype != pl.String for dtype in frame.dtypes):  # XLSX numbers, JSON: CSV is read as text already
        frame = frame.select(pl.all().cast(pl.String))
    frame.columns = [f"c{i}" for i in range(frame.width)]  # in place: a select and rename per small file cost more
    return frame


def _insert(con, table: str, frames: list, exists: bool) -> None:
    import polars as pl

    con.register("_batch", pl.concat(frames, how="diagonal").to_arrow(compat_level=pl.CompatLevel.newest()))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch" if exists else
                f"CREATE TABLE {table} AS SELECT * FROM _batch")
    con.unregister("_batch")


def land(
    paths: dict[str, list[Path]], work: Path, batch_rows: int = BATCH_ROWS, batch_files: int = BATCH_FILES
) -> dict:
    import duckdb

    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / WAREHOUSE
    warehouse.unlink(missing_ok=True)
    config = {"memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False, "threads": os.cpu_count() or 1}
    con = duckdb.connect(str(warehouse), config=config)
    reader = duckdb.connect()
    seconds: dict[str, float] = defaultdict(float)
    rows_by_table: dict[str, int] = {}
    unreadable = inserts = 0
    started = time.perf_counter()
    for family, files in sorted(paths.items()):
        batch: list = []
        held, created = 0, False
        for i, path in enumerate(files):
            began = time.perf_counter()
            frame = text_frame(path, reader)
            seconds["read"] += time.perf_counter() - began
            if frame is None:
                unreadable += 1
            else:
                batch.append(frame)
                held += frame.height
                rows_by_table[family] = rows_by_table.get(family, 0) + frame.height
            if batch and (i == len(files) - 1 or held >= batch_rows or len(batch) >= batch_files):
                began = time.perf_counter()
                _insert(con, f'"{family}"', batch, exists=created)
                batch, held, created = [], 0, True
                inserts += 1
                seconds["land"] += time.perf_counter() - began
    began = time.perf_counter()
    con.execute("CHECKPOINT")
    seconds["land"] += time.perf_counter() - began
    total = time.perf_counter() - started
    landed = {family: con.execute(f'SELECT count(*) FROM "{family}"').fetchone()[0] for family in rows_by_table}
    con.close()
    return {
        "seconds": total, "stages_seconds": {k: round(v, 2) for k, v in seconds.items()},
        "rows_read": sum(rows_by_table.values()), "rows_landed": sum(landed.values()), "tables": len(rows_by_table),
        "files": sum(len(files) for files in paths.values()), "unreadable": unreadable, "inserts": inserts,
        "bytes_warehouse": warehouse.stat().st_size,
    }


def by_family(root: Path, relative: list[str]) -> dict[str, list[Path]]:
    """The files by family, the first folder of each path."""
    families: dict[str, list[Path]] = defaultdict(list)
    for path in relative:
        families[path.split("/")[0]].append(root / path)
    return dict(families)


def main() -> None:
    listing = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    work = Path(sys.argv[2])
    try:
        print(json.dumps(land(by_family(Path(listing["root"]), listing["files"]), work)))
    finally:
        (work / WAREHOUSE).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
