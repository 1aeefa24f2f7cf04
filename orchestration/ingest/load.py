"""The raw layer in DuckDB: valid rows per family, the file registry, quarantine and warnings.

Everything of one batch is written in one transaction, so a crash leaves either all of it or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from orchestration.incremental_state import forget_incremental_build
from orchestration.ingest.landing_zone import Checksum

if TYPE_CHECKING:  # not imported at run time: a night with nothing new reads the checksums here, and pandera's
    # import (pandas with it) and pyarrow's were 3 of its 6 seconds (docs/performance.md, round 15)
    import pyarrow as pa

    from schemas.template import ColumnSpec, OshReport

RAW_SCHEMA = "raw"

_SQL_TYPE = {
    "text": "VARCHAR", "code": "VARCHAR", "commune": "VARCHAR", "integer": "BIGINT", "decimal": "DOUBLE",
    "date": "DATE", "datetime": "TIMESTAMP", "boolean": "BOOLEAN", "tax_code": "VARCHAR",
    "national_id": "VARCHAR", "period": "VARCHAR", "sex": "VARCHAR",
}

LINEAGE_COLUMNS = {
    "_file_sha256": "VARCHAR NOT NULL",  # the submitted file, by checksum
    "_source_file": "VARCHAR NOT NULL",  # its path in the landing zone
    "_row_number": "BIGINT NOT NULL",  # row in the file as the sender sees it
    "_sender_id": "VARCHAR",  # whose submission (tax code, fund office, facility)
    "_file_period": "VARCHAR NOT NULL",  # the submission's period
    "_received_at": "TIMESTAMPTZ NOT NULL",  # when the file first arrived
    "_template_version": "VARCHAR NOT NULL",
    "_loaded_at": "TIMESTAMPTZ NOT NULL",
}

CONTROL_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA};
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.files (
    file_sha256 VARCHAR NOT NULL,
    family VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    file_format VARCHAR,
    sender_id VARCHAR,
    period VARCHAR,
    received_at TIMESTAMPTZ NOT NULL,
    template_version VARCHAR,
    status VARCHAR NOT NULL,          -- loaded | rejected
    reason VARCHAR,                   -- for a rejected file: a stable reason code
    message_vi VARCHAR,
    message_en VARCHAR,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_with_warnings BIGINT NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (family, file_sha256)
);
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.quarantine (
    family VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    row_number BIGINT NOT NULL,
    column_name VARCHAR,
    header_vi VARCHAR,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    value VARCHAR,                    -- as typed, national IDs masked, names hidden
    message_vi VARCHAR NOT NULL,
    message_en VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.validation_warnings AS
    SELECT * FROM {RAW_SCHEMA}.quarantine WITH NO DATA;
-- Append-only, in the spirit of DHIS2's data-value audit: never deleted by re-runs or backfills.
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.audit (
    event_at TIMESTAMPTZ NOT NULL,
    event VARCHAR NOT NULL,           -- loaded | rejected | quarantined | superseded | deleted | duplicate_arrival
    family VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    source_file VARCHAR,
    sender_id VARCHAR,
    period VARCHAR,
    rows BIGINT,
    reason VARCHAR,
    detail VARCHAR
);
"""


CHECKSUMS_TABLE = "landing_checksums"
# A cache, not a record (unlike raw.audit it is overwritten): each landing-zone file's checksum and the
# stat it was computed under, so that an unchanged file is not read again (landing_zone.Checksum).
# Paths, sizes, times and checksums only, as raw.files holds them.
CHECKSUMS_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA};
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{CHECKSUMS_TABLE} (
    path VARCHAR PRIMARY KEY,         -- relative to the landing zone
    sha256 VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    ctime_ns BIGINT NOT NULL,
    inode UBIGINT NOT NULL,
    checked_at_ns BIGINT NOT NULL     -- the clock when the stat was taken
);
"""
_CHECKSUM_SCHEMA = {
    "path": pl.String, "sha256": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64, "ctime_ns": pl.Int64,
    "inode": pl.UInt64, "checked_at_ns": pl.Int64,
}


def read_checksums(con: duckdb.DuckDBPyConnection, family: str | None = None) -> dict[str, Checksum]:
    """The cached checksums (of one family's folder if given), by relative path; none in an older
    warehouse without the table. Works on a read-only connection."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = ?", [RAW_SCHEMA, CHECKSUMS_TABLE],
    ).fetchone()[0]
    if not exists:
        return {}
    query = (f"SELECT path, sha256, size, mtime_ns, ctime_ns, inode, checked_at_ns "
             f"FROM {RAW_SCHEMA}.{CHECKSUMS_TABLE}")
    if family is None:
        rows = con.execute(query).fetchall()
    else:
        rows = con.execute(f"{query} WHERE path = ? OR starts_with(path, ?)", [family, family + "/"]).fetchall()
    return {path: Checksum(*entry) for path, *entry in rows}


def store_checksums(
    con: duckdb.DuckDBPyConnection, updates: Mapping[str, Checksum], stale: Iterable[str] = ()
) -> None:
    """Upsert ``updates`` and remove ``stale`` paths, in one transaction (the table is created if absent)."""
    stale = sorted(set(stale) - set(updates))
    if not updates and not stale:
        return
    con.execute(CHECKSUMS_DDL)
    con.execute("BEGIN TRANSACTION")
    try:
        if stale:
            con.execute(f"DELETE FROM {RAW_SCHEMA}.{CHECKSUMS_TABLE} WHERE list_contains(?, path)", [stale])
        if updates:
            frame = pl.DataFrame(
                [(path, c.sha256, c.size, c.mtime_ns, c.ctime_ns, c.inode, c.checked_at_ns)
                 for path, c in updates.items()],
                schema=_CHECKSUM_SCHEMA, orient="row",
            )
            con.register("_checksums", frame.to_arrow())
            try:
                con.execute(f"INSERT OR REPLACE INTO {RAW_SCHEMA}.{CHECKSUMS_TABLE} BY NAME SELECT * FROM _checksums")
            finally:
                con.unregister("_checksums")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def storage_columns(model: type[OshReport]) -> list[tuple[str, str]]:
    """(column, SQL type) of the family's raw table: IDs stored as hashes, names not stored at all."""
    columns = []
    for spec in model.columns():
        if spec.kind == "personal_name":
            continue
        columns.append((storage_name(spec), _SQL_TYPE[spec.kind]))
    return columns


def storage_name(spec: ColumnSpec) -> str:
    return f"{spec.name}_hash" if spec.kind == "national_id" else spec.name


def ensure_tables(con: duckdb.DuckDBPyConnection, model: type[OshReport], *older: type[OshReport]) -> None:
    """The control tables and the family's raw table, holding the columns of every template version."""
    con.execute(CONTROL_DDL)
    table = f"{RAW_SCHEMA}.{model.template.family}"
    body = ",\n    ".join(f"{name} {sql_type}" for name, sql_type in storage_columns(model))
    lineage = ",\n    ".join(f"{name} {sql_type}" for name, sql_type in LINEAGE_COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} (\n    {body},\n    {lineage}\n)")
    for version in (model, *older):
        for name, sql_type in storage_columns(version):
            con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {sql_type}")


def known_files(con: duckdb.DuckDBPyConnection, family: str) -> dict[str, str]:
    """Checksum -> landing-zone path of every file of the family already processed."""
    rows = con.execute(f"SELECT file_sha256, source_file FROM {RAW_SCHEMA}.files WHERE family = ?", [family])
    return dict(rows.fetchall())


def audit_duplicate_arrival(con: duckdb.DuckDBPyConnection, family: str, sha256: str, path: str, first: str) -> None:
    """An identical file under another name: recorded once, never loaded twice."""
    seen = con.execute(
        f"SELECT count(*) FROM {RAW_SCHEMA}.audit WHERE event = 'duplicate_arrival' AND file_sha256 = ? "
        "AND source_file = ?", [sha256, path],
    ).fetchone()[0]
    if not seen:
        con.execute(
            f"INSERT INTO {RAW_SCHEMA}.audit (event_at, event, family, file_sha256, source_file, reason, detail) "
            "VALUES (now(), 'duplicate_arrival', ?, ?, ?, 'same checksum', ?)",
            [family, sha256, path, f"identical to {first}"],
        )


def as_arrow(frame: pl.DataFrame) -> pa.Table:
    """The frame as Arrow with string views, polars' own layout: no conversion of every string to Arrow's
    older one, and polars takes it back without a copy (DuckDB reads it as it is)."""
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def write_batch(
    con: duckdb.DuckDBPyConnection,
    model: type[OshReport],
    rows: pl.DataFrame,
    files: pl.DataFrame,
    quarantine: pl.DataFrame,
    warnings: pl.DataFrame,
) -> None:
    """Insert the batch's valid rows, file registry entries, quarantine and warnings atomically."""
    family = model.template.family
    with single_threaded(con):
        con.execute("BEGIN TRANSACTION")
        try:
            if files.height:
                _audit_files(con, files)
            for table, frame in (
                (family, rows), ("files", files), ("quarantine", quarantine), ("validation_warnings", warnings)
            ):
                if frame.height:
                    con.register("_batch", as_arrow(frame))
                    con.execute(f"INSERT INTO {RAW_SCHEMA}.{table} BY NAME SELECT * FROM _batch")
                    con.unregister("_batch")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


@contextmanager
def single_threaded(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One DuckDB thread while inside, the connection's setting restored after.

    On several threads DuckDB inserts a batch in parallel while keeping its order: each thread writes its
    part, then the parts are merged and written again. A batch of national extracts (894,000 rows twice,
    then a checkpoint) cost 3.6 CPU-µs a row that way against 1.9 on one thread, and left a file twice the
    size until it was compacted; in a national ingestion the read workers already keep the other cores busy
    (240 insured-workforce extracts: the run's process 19.7 -> 15.2 CPU-s, the ingestion 32.6 -> 30.1 s;
    docs/performance.md, round 15).
    """
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(threads)}")


def _audit_files(con: duckdb.DuckDBPyConnection, files: pl.DataFrame) -> None:
    """Audit events for a batch's files: loaded or rejected, rows quarantined, earlier versions superseded."""
    con.register("_files", files.to_arrow())
    try:
        con.execute(f"""
            INSERT INTO {RAW_SCHEMA}.audit
            SELECT processed_at, status, family, file_sha256, source_file, sender_id, period,
                   CASE WHEN status = 'loaded' THEN rows_loaded ELSE rows_read END, reason, message_en
            FROM _files;
            INSERT INTO {RAW_SCHEMA}.audit
            SELECT processed_at, 'quarantined', family, file_sha256, source_file, sender_id, period,
                   rows_rejected, 'rows failed error-level rules', NULL
            FROM _files WHERE status = 'loaded' AND rows_rejected > 0;
            INSERT INTO {RAW_SCHEMA}.audit
            SELECT new.processed_at, 'superseded', old.family, old.file_sha256, old.source_file, old.sender_id,
                   old.period, old.rows_loaded, 'a later file for the same submission',
                   'by ' || new.source_file || ' (' || new.file_sha256 || ')'
            FROM (
                SELECT family, file_sha256, source_file, sender_id, period, rows_loaded, status, received_at
                FROM {RAW_SCHEMA}.files
                UNION ALL
                SELECT family, file_sha256, source_file, sender_id, period, rows_loaded, status, received_at
                FROM _files
            ) AS old
            JOIN _files AS new
              ON old.family = new.family AND old.sender_id = new.sender_id AND old.period = new.period
             AND old.status = 'loaded' AND new.status = 'loaded' AND old.received_at < new.received_at;
        """)
    finally:
        con.unregister("_files")


def forget_periods(con: duckdb.DuckDBPyConnection, family: str, periods: list[str]) -> int:
    """Remove what was loaded for a family's periods, so that a backfill re-reads their files from scratch.

    Returns the number of files forgotten. Runs inside the caller's transaction when there is one.
    """
    if not periods:
        return 0
    marks = ", ".join("?" for _ in periods)
    shas = [r[0] for r in con.execute(
        f"SELECT file_sha256 FROM {RAW_SCHEMA}.files WHERE family = ? AND period IN ({marks})", [family, *periods]
    ).fetchall()]
    if not shas:
        return 0
    file_marks = ", ".join("?" for _ in shas)
    con.execute(
        f"INSERT INTO {RAW_SCHEMA}.audit SELECT now(), 'deleted', family, file_sha256, source_file, sender_id, "
        f"period, rows_loaded, 'backfill: the period is re-read from its files', NULL FROM {RAW_SCHEMA}.files "
        f"WHERE family = ? AND file_sha256 IN ({file_marks})", [family, *shas],
    )
    con.execute(f"DELETE FROM {RAW_SCHEMA}.{family} WHERE _file_sha256 IN ({file_marks})", shas)
    for table in ("quarantine", "validation_warnings"):
        con.execute(f"DELETE FROM {RAW_SCHEMA}.{table} WHERE family = ? AND file_sha256 IN ({file_marks})",
                    [family, *shas])
    con.execute(f"DELETE FROM {RAW_SCHEMA}.files WHERE family = ? AND file_sha256 IN ({file_marks})", [family, *shas])
    # The files come back under the same checksums, their rows perhaps judged anew: dbt's incremental models,
    # which key what they keep by file, are rebuilt from scratch on the next build.
    forget_incremental_build(con)
    return len(shas)
