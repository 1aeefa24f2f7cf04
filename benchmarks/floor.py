"""The physical floor: the fastest available reader of each format reading every raw file once.

DuckDB for UTF-8 CSV and JSON, calamine (fastexcel) for XLSX, Python's codec for Windows-1258 (then
polars' CSV parser on the decoded text). Per-file open costs are included: one call per file, as the
pipeline must. Files that no reader accepts (the generator's broken uploads) count as attempts.

    python -m benchmarks.floor FILELIST.json   # prints one JSON line
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections import defaultdict
from pathlib import Path


def csv_frame(data: bytes):
    """polars' CSV parser over UTF-8 bytes: every cell text, no header row, the commoner of ``;`` and ``,`` the
    delimiter."""
    import polars as pl

    return pl.read_csv(io.BytesIO(data), has_header=False, infer_schema=False, truncate_ragged_lines=True,
                       separator=";" if data.count(b";") > data.count(b",") else ",")


def xlsx_cells(path: Path):
    """The first sheet's cells through calamine (fastexcel), as Arrow, no header row."""
    import fastexcel

    return fastexcel.read_excel(str(path)).load_sheet(0, header_row=None).to_arrow()


def json_frame(con, path: Path):
    """DuckDB's ``read_json`` over the file, as polars."""
    return con.sql("SELECT * FROM read_json(?)", params=[str(path)]).pl()


def read_floor(paths: list[Path]) -> dict:
    import duckdb

    con = duckdb.connect()
    seconds: dict[str, float] = defaultdict(float)
    files: dict[str, int] = defaultdict(int)
    rows, failed, size = 0, 0, 0
    started = time.perf_counter()
    for path in paths:
        suffix = path.suffix.lower()
        began = time.perf_counter()
        kind = {".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json"}.get(suffix, "csv_utf8")
        try:
            size += path.stat().st_size
            if kind == "xlsx":
                # to_arrow: the cells themselves (a sheet's height alone comes from its dimensions, unread)
                rows += xlsx_cells(path).num_rows
            elif kind == "json":
                rows += json_frame(con, path).height
            else:
                data = path.read_bytes()
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    kind = "csv_windows_1258"
                    rows += csv_frame(data.decode("cp1258").encode()).height
                else:
                    rows += len(con.sql(
                        "SELECT * FROM read_csv(?, all_varchar = true, header = false, null_padding = true, "
                        "strict_mode = false, ignore_errors = true)", params=[str(path)]).pl())
                    # polars on the same bytes: DuckDB's sniffer costs more than the parse on small files
                    seconds[kind] += time.perf_counter() - began
                    files[kind] += 1
                    kind, began = "csv_utf8_polars", time.perf_counter()
                    csv_frame(data)
        except Exception:  # the broken uploads: the attempt is the cost
            failed += 1
        seconds[kind] += time.perf_counter() - began
        files[kind] += 1
    # The floor: the fastest reader of each format (UTF-8 CSV: DuckDB or polars, whichever was faster).
    fastest = dict(seconds)
    if "csv_utf8_polars" in fastest:
        fastest["csv_utf8"] = min(fastest["csv_utf8"], fastest.pop("csv_utf8_polars"))
    return {"seconds": sum(fastest.values()), "seconds_all_readers": time.perf_counter() - started,
            "rows": rows, "files": len(paths), "bytes": size,
            "unreadable": failed, "by_format": {k: {"files": files[k], "seconds": round(seconds[k], 3)} for k in files}}


def main() -> None:
    listing = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    root = Path(listing["root"])
    print(json.dumps(read_floor([root / p for p in listing["files"]])))


if __name__ == "__main__":
    main()
