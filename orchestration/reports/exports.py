"""Every indicator table of a publication, as Parquet and as CSV, for BI tools and spreadsheets.

    osh export --out DIR    ->   DIR/<table>.parquet, DIR/<table>.csv, DIR/publication.json

CSV files are UTF-8 with a byte-order mark, so Excel reads Vietnamese correctly. Text cells that begin
with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) are neutralised against formula injection
by a leading apostrophe (OWASP's advice); numeric columns are never touched, so a negative number stays a
number. Rows are sorted by every column, so the same publication always gives the same files.

Read from a PUBLISHED file (read-only): the analysts' tier ``warehouse.duckdb`` by default, or the
BI/public tier ``bi.duckdb`` (small cells suppressed) for files that leave the department.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TIERS = {"analysts": "warehouse.duckdb", "bi": "bi.duckdb"}


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe; leave numbers alone."""
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_TRIGGERS) + "]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    )


def indicator_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.sql(
        "select table_name from duckdb_tables() where schema_name = 'indicators' order by table_name"
    ).fetchall()]


def export_indicators(published: Path, out_dir: Path) -> list[Path]:
    """Write every indicator table of ``published`` to ``out_dir`` (Parquet + CSV) and a small manifest."""
    if not Path(published).exists():
        raise FileNotFoundError(f"no publication at {published}: run `osh run` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    manifest: dict[str, object] = {"tables": {}}
    with duckdb.connect(str(published), read_only=True) as con:
        about = con.sql("select * from publication.about").pl().to_dicts()
        manifest["publication"] = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                   for k, v in (about[0] if about else {}).items()}
        for table in indicator_tables(con):
            frame = con.sql(f'select * from indicators."{table}" order by all').pl()
            parquet = out_dir / f"{table}.parquet"
            csv = out_dir / f"{table}.csv"
            _atomic(parquet, lambda path, frame=frame: frame.write_parquet(path, statistics=True))
            _atomic(csv, lambda path, frame=frame: neutralise(frame).write_csv(
                path, include_bom=True, include_header=True, line_terminator="\r\n", null_value=""))
            manifest["tables"][table] = {"rows": frame.height, "columns": frame.columns}  # type: ignore[index]
            written += [parquet, csv]
    manifest_path = out_dir / "publication.json"
    _atomic(manifest_path, lambda path: path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"))
    return [*written, manifest_path]


def export_publication(publish_dir: Path, exports_dir: Path, version: str, keep: int = 3) -> Path:
    """The nightly exports: both tiers into ``<exports_dir>/<version>/{analysts,bi}``, served as ``latest``.

    ``latest`` is a symbolic link swapped atomically, so a BI refresh never reads half of one night and
    half of another; the ``keep`` most recent versions stay for readers still on an older one.
    """
    target = exports_dir / version
    building = exports_dir / f".{version}.building"
    # this version's, and any a killed run left under its own version (never served: `latest` is swapped last)
    for leftover in exports_dir.glob(".*.building") if exports_dir.is_dir() else ():
        shutil.rmtree(leftover, ignore_errors=True)
    for tier, name in TIERS.items():
        if (publish_dir / name).exists():
            export_indicators(publish_dir / name, building / tier)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(building, target)
    link = exports_dir / "latest"
    staged = exports_dir / f".latest.{os.getpid()}"
    staged.unlink(missing_ok=True)
    staged.symlink_to(version, target_is_directory=True)
    os.replace(staged, link)
    versions = sorted(p for p in exports_dir.iterdir() if p.is_dir() and not p.is_symlink()
                      and not p.name.startswith("."))
    for old in versions[:-keep]:
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


def _atomic(path: Path, write) -> None:
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(staged)
    os.replace(staged, path)
