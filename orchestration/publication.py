"""Publication: what analysts and BI tools read, a separate DuckDB file replaced atomically.

DuckDB allows one writer or many readers per file, never both. So the nightly run writes the
working warehouse, and only after the build's error-level tests pass copies the marts, indicators
and reference data into a new, read-only *version* file. The served file is a hard link to the
latest version, swapped with one ``rename``: a query that started before the swap keeps reading the
file it opened; a new query sees the new one; nobody sees a mix. Versions are kept, so figures quoted
in a review can be reproduced and a previous publication restored.

    <publish_dir>/versions/<UTC timestamp>_<run>.duckdb      every publication (read-only files)
    <publish_dir>/versions/<UTC timestamp>_<run>.bi.duckdb   its BI/public tier (aggregates, small cells suppressed)
    <publish_dir>/warehouse.duckdb                            the analysts' tier served (hard link to a version)
    <publish_dir>/bi.duckdb                                   the BI/public tier served
"""

from __future__ import annotations

import os
import shutil
import stat
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.bi_tier import build_bi_tier, minimum_cell
from orchestration.incremental_state import incremental_build
from orchestration.period_locks import PeriodLock, read_locks
from orchestration.settings import duckdb_config
from schemas.periods import parse_period

PUBLISHED_SCHEMAS = ("reference", "marts", "indicators")
SERVED_NAME = "warehouse.duckdb"
BI_SERVED_NAME = "bi.duckdb"
EXPORTS_DIR_NAME = "exports"  # <publish_dir>/exports/<version>/, and exports/latest naming the newest
BI_SUFFIX = ".bi.duckdb"


@dataclass(frozen=True)
class Publication:
    version: Path
    served: Path
    tables: int
    bi_version: Path
    bi_served: Path


def versions_dir(publish_dir: Path) -> Path:
    return publish_dir / "versions"


def publish(warehouse_path: Path, publish_dir: Path, run_id: str, now: datetime | None = None) -> Publication:
    now = now or datetime.now(UTC)
    folder = versions_dir(publish_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder)
    version = folder / f"{now:%Y%m%dT%H%M%S%fZ}_{run_id[:8]}.duckdb"
    building = version.with_name(version.name + ".building")
    tables = _copy_schemas(warehouse_path, building, run_id, now, served_version(publish_dir))
    bi_version = version.with_name(version.name.removesuffix(".duckdb") + BI_SUFFIX)
    bi_building = bi_version.with_name(bi_version.name + ".building")
    _build_bi_tier(building, bi_building, run_id, now)
    for path in (building, bi_building):
        os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
    os.replace(bi_building, bi_version)
    os.replace(building, version)
    bi_served = serve(publish_dir, bi_version, BI_SERVED_NAME)
    served = serve(publish_dir, version)
    return Publication(version, served, tables, bi_version, bi_served)


def serve(publish_dir: Path, version: Path, name: str = SERVED_NAME) -> Path:
    """Make ``version`` the served publication (or its BI tier, by ``name``), atomically."""
    served = publish_dir / name
    staged = publish_dir / f".{name}.{os.getpid()}.swap"
    staged.unlink(missing_ok=True)
    os.link(version, staged)
    os.replace(staged, served)
    return served


def list_versions(publish_dir: Path) -> list[Path]:
    """The analysts' versions (each has its BI tier beside it)."""
    return sorted(p for p in versions_dir(publish_dir).glob("*.duckdb") if not p.name.endswith(BI_SUFFIX))


def served_version(publish_dir: Path) -> Path | None:
    served = publish_dir / SERVED_NAME
    if not served.exists():
        return None
    inode = served.stat().st_ino
    return next((v for v in list_versions(publish_dir) if v.stat().st_ino == inode), None)


def served_version_exported(publish_dir: Path) -> bool:
    """True when ``exports/latest`` names the served version: a run killed after serving its publication and
    before its exports were swapped in leaves the exports a version behind (and the next run must make them)."""
    version = served_version(publish_dir)
    try:
        latest = os.readlink(publish_dir / EXPORTS_DIR_NAME / "latest")
    except OSError:
        return False
    return version is not None and latest == version.stem


# Tables brought up to date file by file instead of copied whole: incremental models whose every row comes
# from one source file (fct_insured_workforce_monthly: 47 M rows at national scale, most of a night's copy;
# the summary lines 3.5 M, the annual reports 1.7 M).
# Only from a previous version whose rows were built since the same full build of the incremental models
# (raw.incremental_build, recorded in publication.about): there a file's rows are the warehouse's rows.
SYNCED_BY_FILE = (
    "marts.fct_insured_workforce_monthly", "marts.fct_accident_summary_lines", "marts.fct_annual_osh_reports",
)
FILE_KEY = "file_sha256"


def _copy_schemas(warehouse_path: Path, target: Path, run_id: str, now: datetime,
                  previous: Path | None = None) -> int:
    target.unlink(missing_ok=True)
    with closing(duckdb.connect(str(warehouse_path), read_only=True)) as warehouse:
        build = incremental_build(warehouse)
    reuse = previous is not None and build is not None and _incremental_build_of(previous) == build
    if reuse:
        shutil.copyfile(previous, target)
        os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
    con = duckdb.connect(str(target), config=duckdb_config())
    try:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse_path)])
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'wh' "
            f"and schema_name in {PUBLISHED_SCHEMAS} order by schema_name, table_name"
        ).fetchall()
        if reuse:
            _drop_all_but(con, {f"{schema}.{table}" for schema, table in tables} & set(SYNCED_BY_FILE))
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists {schema}")
        for schema, table in tables:
            name = f'{schema}."{table}"'
            if reuse and f"{schema}.{table}" in SYNCED_BY_FILE and _same_columns(con, name):
                _sync_by_file(con, name)
            else:
                con.execute(f"create or replace table {name} as select * from wh.{name}")
        con.execute("create schema publication")
        con.execute(
            "create table publication.about as select ?::timestamptz as published_at, ? as run_id, ? as tables, "
            "? as incremental_build",
            [now, run_id, len(tables), build],
        )
        _hold_locked_periods(con, target.parent, read_locks(target.parent.parent))
        _publish_quality_summary(con)
        con.execute("DETACH wh")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return len(tables)


def _incremental_build_of(version: Path) -> str | None:
    try:
        with closing(duckdb.connect(str(version), read_only=True)) as con:
            return con.execute("select incremental_build from publication.about").fetchone()[0]
    except duckdb.Error:  # a version published before the column existed, or unreadable: copy everything
        return None


def _drop_all_but(con: duckdb.DuckDBPyConnection, kept: set[str]) -> None:
    """Empty the copied version of everything but the tables synced by file (the warehouse's lists decide)."""
    for schema, table in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
    ).fetchall():
        if f"{schema}.{table}" not in kept:
            con.execute(f'drop table {schema}."{table}"')
    for view_schema, view in con.execute(
        "select schema_name, view_name from duckdb_views() where database_name = current_database() "
        "and not internal"
    ).fetchall():
        con.execute(f'drop view {view_schema}."{view}"')
    con.execute("drop schema if exists publication cascade")


def _same_columns(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """The copied version has the table, with the warehouse's columns and types."""
    def columns(qualified: str) -> list[tuple]:
        try:
            return con.execute(f"select column_name, column_type from (describe {qualified})").fetchall()
        except duckdb.CatalogException:
            return []
    kept = columns(name)
    return bool(kept) and kept == columns(f"wh.{name}")


def _sync_by_file(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Delete the rows of files the warehouse no longer holds; insert the rows of files new to the version.

    The files are named as constants: DuckDB then filters the scan by the file column before reading the others,
    where a subquery is joined after reading every column of every row (47 M rows at national scale)."""
    def files(table: str) -> set[str]:
        query = f"select distinct {FILE_KEY} from {table} where {FILE_KEY} is not null"
        return {r[0] for r in con.execute(query).fetchall()}
    held, current = files(name), files(f"wh.{name}")
    if gone := held - current:
        con.execute(f"delete from {name} where {FILE_KEY} in ({_literals(gone)})")
    if new := current - held:
        con.execute(f"insert into {name} select * from wh.{name} where {FILE_KEY} in ({_literals(new)})")


def _literals(values: set[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in sorted(values))


def _period_column(con: duckdb.DuckDBPyConnection, table: str, period: str) -> str | None:
    """The column that says which period an indicator row belongs to: ``period_code``, else ``year``."""
    columns = {r[0] for r in con.execute(f"select column_name from (describe {table})").fetchall()}
    if "period_code" in columns:
        return "period_code"
    if "year" in columns and parse_period(period).period_type == "year":
        return "year"
    return None


def _hold_locked_periods(con: duckdb.DuckDBPyConnection, folder: Path, locks: dict[str, PeriodLock]) -> None:
    """Serve a locked period's indicator rows from the version it was locked at; flag late changes."""
    status = []
    indicator_tables = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'indicators' order by 1"
    ).fetchall()]
    for period, lock in sorted(locks.items()):
        con.execute("ATTACH ? AS frozen (READ_ONLY)", [str(folder / lock.version)])
        frozen_tables = {r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'frozen' and schema_name = 'indicators'"
        ).fetchall()}
        pending = False
        for table in indicator_tables:
            new, old = f'indicators."{table}"', f'frozen.indicators."{table}"'
            column = _period_column(con, new, period)
            if column is None or table not in frozen_tables:
                continue
            where = f"cast({column} as varchar) = ?"
            differs = con.execute(
                f"select count(*) from ((select * from {new} where {where} except select * from {old} where {where}) "
                f"union all (select * from {old} where {where} except select * from {new} where {where}))",
                [period] * 4,
            ).fetchone()[0]
            pending = pending or differs > 0
            con.execute(f"delete from {new} where {where}", [period])
            con.execute(f"insert into {new} select * from {old} where {where}", [period])
        con.execute("DETACH frozen")
        status.append((period, lock.locked_at, lock.locked_by, lock.version, lock.reason, pending))
    con.execute(
        "create table publication.period_status (period_code varchar, locked_at varchar, locked_by varchar, "
        "locked_version varchar, reason varchar, pending_revision boolean)"
    )
    if status:
        con.executemany("insert into publication.period_status values (?, ?, ?, ?, ?, ?)", status)


def _build_bi_tier(analysts_version: Path, target: Path, run_id: str, now: datetime) -> None:
    target.unlink(missing_ok=True)
    minimum = minimum_cell()
    con = duckdb.connect(str(target), config=duckdb_config())
    try:
        con.execute("ATTACH ? AS analysts (READ_ONLY)", [str(analysts_version)])
        tables = build_bi_tier(con, "analysts", minimum)
        con.execute("create schema publication")
        con.execute(
            "create table publication.about as select ?::timestamptz as published_at, ? as run_id, ? as tables, "
            "? as suppression_minimum, 'bi' as tier",
            [now, run_id, len(tables), minimum],
        )
        con.execute("DETACH analysts")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _remove_leftovers(folder: Path) -> None:
    """A run killed while publishing leaves a ``.building`` file, and DuckDB's ``.building.wal`` beside it (the
    soak test found those outliving the next run): never served, so drop them."""
    for leftover in [*folder.glob("*.building"), *folder.glob("*.building.wal")]:
        leftover.unlink(missing_ok=True)


# --- Data-quality summary ---------------------------------------------------------------------------------
# The review report's appendix (files received, rows quarantined by rule) needs the raw layer, which is
# never published. So the publication carries two small AGGREGATED tables beside ``publication.about``:
# counts per family × period × status/rule only, with no file names, senders, row numbers or values.
# They describe the run that built the publication; period locks do not freeze them.

QUALITY_FILES_COLUMNS = (
    "family varchar, period_code varchar, status varchar, reason varchar, files bigint, rows_read bigint, "
    "rows_loaded bigint, rows_rejected bigint, rows_with_warnings bigint"
)
QUALITY_RULES_COLUMNS = (
    "family varchar, period_code varchar, severity varchar, rule varchar, column_name varchar, header_vi varchar, "
    "rows_affected bigint, failures bigint"
)


def _publish_quality_summary(con: duckdb.DuckDBPyConnection) -> None:
    """``publication.quality_files`` and ``publication.quality_rules`` from the working warehouse's raw layer."""
    raw = {r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = 'wh' and schema_name = 'raw'"
    ).fetchall()}
    con.execute(f"create table publication.quality_files ({QUALITY_FILES_COLUMNS})")
    con.execute(f"create table publication.quality_rules ({QUALITY_RULES_COLUMNS})")
    if "files" in raw:
        con.execute("""
            insert into publication.quality_files
            select family, period, status, reason, count(*), sum(rows_read), sum(rows_loaded), sum(rows_rejected),
                   sum(rows_with_warnings)
            from wh.raw.files group by all order by all
        """)
    failures = [
        f"select family, file_sha256, row_number, severity, rule, column_name, header_vi from wh.raw.{table}"
        for table in ("quarantine", "validation_warnings") if table in raw
    ]
    if "files" in raw and failures:
        con.execute(f"""
            insert into publication.quality_rules
            select q.family, f.period, q.severity, q.rule, q.column_name, min(q.header_vi),
                   count(distinct (q.file_sha256, q.row_number)), count(*)
            from ({" union all ".join(failures)}) as q
            left join wh.raw.files as f on f.family = q.family and f.file_sha256 = q.file_sha256
            group by q.family, f.period, q.severity, q.rule, q.column_name
            order by all
        """)
