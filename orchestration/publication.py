"""Publication: what analysts and BI tools read, a separate DuckDB file replaced atomically.

DuckDB allows one writer or many readers per file, never both. So the nightly run writes the
working warehouse, and only after the build's error-level tests pass copies the marts, indicators
and reference data into a new, read-only *version* file. The served file is a hard link to the
latest version, swapped with one ``rename``: a query that started before the swap keeps reading the
file it opened; a new query sees the new one; nobody sees a mix. Versions are kept, so figures quoted
in a review can be reproduced and a previous publication restored.

    <publish_dir>/versions/<UTC timestamp>_<run>.duckdb   every publication (read-only files)
    <publish_dir>/warehouse.duckdb                         the served one (hard link to a version)
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("reference", "marts", "indicators")
SERVED_NAME = "warehouse.duckdb"


@dataclass(frozen=True)
class Publication:
    version: Path
    served: Path
    tables: int


def versions_dir(publish_dir: Path) -> Path:
    return publish_dir / "versions"


def publish(warehouse_path: Path, publish_dir: Path, run_id: str, now: datetime | None = None) -> Publication:
    now = now or datetime.now(UTC)
    folder = versions_dir(publish_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder)
    version = folder / f"{now:%Y%m%dT%H%M%S%fZ}_{run_id[:8]}.duckdb"
    building = version.with_name(version.name + ".building")
    tables = _copy_schemas(warehouse_path, building, run_id, now)
    os.chmod(building, stat.S_IRUSR | stat.S_IRGRP)
    os.replace(building, version)
    served = serve(publish_dir, version)
    return Publication(version, served, tables)


def serve(publish_dir: Path, version: Path) -> Path:
    """Make ``version`` the served publication, atomically."""
    served = publish_dir / SERVED_NAME
    staged = publish_dir / f".{SERVED_NAME}.{os.getpid()}.swap"
    staged.unlink(missing_ok=True)
    os.link(version, staged)
    os.replace(staged, served)
    return served


def list_versions(publish_dir: Path) -> list[Path]:
    return sorted(versions_dir(publish_dir).glob("*.duckdb"))


def served_version(publish_dir: Path) -> Path | None:
    served = publish_dir / SERVED_NAME
    if not served.exists():
        return None
    inode = served.stat().st_ino
    return next((v for v in list_versions(publish_dir) if v.stat().st_ino == inode), None)


def _copy_schemas(warehouse_path: Path, target: Path, run_id: str, now: datetime) -> int:
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse_path)])
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'wh' "
            f"and schema_name in {PUBLISHED_SCHEMAS} order by schema_name, table_name"
        ).fetchall()
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists {schema}")
        for schema, table in tables:
            con.execute(f'create table {schema}."{table}" as select * from wh.{schema}."{table}"')
        con.execute("create schema publication")
        con.execute(
            "create table publication.about as select ?::timestamptz as published_at, ? as run_id, ? as tables",
            [now, run_id, len(tables)],
        )
        con.execute("DETACH wh")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return len(tables)


def _remove_leftovers(folder: Path) -> None:
    """A run killed while publishing leaves a ``.building`` file: it was never served, so drop it."""
    for leftover in folder.glob("*.building"):
        leftover.unlink(missing_ok=True)
