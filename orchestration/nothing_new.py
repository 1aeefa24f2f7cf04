"""Is there anything for a run to do? The nightly run's short cut when nothing arrived.

A run over a landing zone whose every file (by checksum and path) is already in ``raw.files``, whose
last load was published afterwards, and whose dbt project has not changed since the manifest was
built, would ingest nothing and rebuild dbt over the same rows: minutes of work for the same answer.
``osh run`` then stops before starting Dagster or dbt (measured: docs/performance.md). Anything
uncertain (no warehouse, no publication, a file never seen, a table missing) means "run".

A file whose stat is unchanged since an ingestion run last hashed it is not read again: its checksum
comes from ``raw.landing_checksums`` (orchestration/ingest/landing_zone.py says when an entry is
trusted). Only the others are hashed; an older warehouse without that table has every file hashed.
"""

from __future__ import annotations

from contextlib import closing

import duckdb

from orchestration.dbt_manifest import manifest_is_stale
from orchestration.ingest.landing_zone import cached_sha256, display_path, submitted_files
from orchestration.ingest.load import read_checksums
from orchestration.publication import SERVED_NAME
from orchestration.settings import Settings
from schemas.periods import is_period_code


def nothing_new(settings: Settings, families: list[str]) -> str | None:
    """Why a run would change nothing (a sentence), or None when the run must go ahead."""
    served = settings.publish_dir / SERVED_NAME
    if not settings.warehouse_path.exists() or not served.exists() or manifest_is_stale():
        return None
    try:
        with closing(duckdb.connect(str(settings.warehouse_path), read_only=True)) as con:
            known, checksums = _loaded(con)
            last_load = con.execute("SELECT max(processed_at) FROM raw.files").fetchone()[0]
        with closing(duckdb.connect(str(served), read_only=True)) as con:
            published = con.execute("SELECT max(published_at) FROM publication.about").fetchone()[0]
    except duckdb.Error:
        return None
    if last_load is None or published is None or published < last_load:
        return None
    count = 0
    for family in families:
        for path in submitted_files(settings.raw_dir / family):
            relative = display_path(path.relative_to(settings.raw_dir).as_posix())  # as raw.files has it
            if (cached_sha256(path, relative, checksums)[0], relative) not in known:
                return None
            count += 1
    return f"nothing new: all {count} landing-zone files are loaded and published; no Dagster run, no dbt build"



def new_files_by_family(settings: Settings, families: list[str]) -> dict[str, set[str]] | None:
    """The families holding a file not loaded yet (by checksum and path), each with the reporting periods
    of those files' folders.

    None when that cannot be told (no warehouse yet, a table missing, a new file outside any period
    folder): the run then goes over every family and period, as it always could.
    """
    if not settings.warehouse_path.exists():
        return None
    try:
        with closing(duckdb.connect(str(settings.warehouse_path), read_only=True)) as con:
            known, checksums = _loaded(con)
    except duckdb.Error:
        return None
    found: dict[str, set[str]] = {}
    for family in families:
        for path in submitted_files(settings.raw_dir / family):
            relative = display_path(path.relative_to(settings.raw_dir).as_posix())
            if (cached_sha256(path, relative, checksums)[0], relative) in known:
                continue
            if not is_period_code(path.parent.name):
                return None
            found.setdefault(family, set()).add(path.parent.name)
    return found


def _loaded(con: duckdb.DuckDBPyConnection) -> tuple[set[tuple[str, str]], dict]:
    """(checksum, path) of every file loaded or recorded as a duplicate arrival; the checksum cache."""
    known = set(con.execute("SELECT file_sha256, source_file FROM raw.files").fetchall())
    known |= set(con.execute(
        "SELECT file_sha256, source_file FROM raw.audit WHERE event = 'duplicate_arrival'"
    ).fetchall())
    return known, read_checksums(con)
