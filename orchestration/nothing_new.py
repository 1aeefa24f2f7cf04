"""Is there anything for a run to do? The nightly run's short cut when nothing arrived.

A run over a landing zone whose every file (by checksum and path) is already in ``raw.files``, whose
last load was published afterwards (and that publication exported), and whose dbt project has not
changed since the manifest was built, would ingest nothing and rebuild dbt over the same rows: minutes
of work for the same answer. ``osh run`` then stops before starting Dagster or dbt (measured:
docs/performance.md). Anything uncertain (no warehouse, no publication, a file never seen, a table
missing) means "run".

A file whose stat is unchanged since an ingestion run last hashed it is not read again: its checksum
comes from ``raw.landing_checksums`` (orchestration/ingest/landing_zone.py says when an entry is
trusted). Only the others are hashed; an older warehouse without that table has every file hashed.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import dataclass

import duckdb

from orchestration.dbt_manifest import manifest_is_stale
from orchestration.ingest.landing_zone import cached_sha256, relative_to_zone, submitted_paths
from orchestration.ingest.load import read_checksums
from orchestration.publication import SERVED_NAME, served_version_exported
from orchestration.settings import Settings
from schemas.periods import is_period_code


@dataclass(frozen=True)
class LandingScan:
    """One look over the landing zone: the families holding a file not loaded yet, each with the periods of
    those files' folders (None when that cannot be told), and how many files it looked at."""

    new: dict[str, set[str]] | None
    files: int


def nothing_new(settings: Settings, families: list[str], scan: LandingScan | None = None) -> str | None:
    """Why a run would change nothing (a sentence), or None when the run must go ahead.

    ``scan``: the landing zone as :func:`scan_landing_zone` saw it, when the caller has looked already (``osh
    run`` looks once, and hands the same look to the run); without it, the zone is looked over here."""
    served = settings.publish_dir / SERVED_NAME
    if not settings.warehouse_path.exists() or not served.exists() or manifest_is_stale():
        return None
    try:
        with closing(duckdb.connect(str(settings.warehouse_path), read_only=True)) as con:
            last_load = con.execute("SELECT max(processed_at) FROM raw.files").fetchone()[0]
        with closing(duckdb.connect(str(served), read_only=True)) as con:
            published = con.execute("SELECT max(published_at) FROM publication.about").fetchone()[0]
    except duckdb.Error:
        return None
    if last_load is None or published is None or published < last_load:
        return None
    if not served_version_exported(settings.publish_dir):  # a run killed between serving and exporting
        return None
    scan = scan_landing_zone(settings, families) if scan is None else scan
    if scan.new != {}:
        return None
    return f"nothing new: all {scan.files} landing-zone files are loaded and published; no Dagster run, no dbt build"


def new_files_by_family(settings: Settings, families: list[str]) -> dict[str, set[str]] | None:
    """The families holding a file not loaded yet (by checksum and path), each with the reporting periods
    of those files' folders.

    None when that cannot be told (no warehouse yet, a table missing, a new file outside any period
    folder): the run then goes over every family and period, as it always could.
    """
    return scan_landing_zone(settings, families).new


def scan_landing_zone(settings: Settings, families: list[str]) -> LandingScan:
    """Every landing-zone file of ``families`` against what the warehouse loaded (:func:`new_files_by_family`)."""
    if not settings.warehouse_path.exists():
        return LandingScan(None, 0)
    try:
        with closing(duckdb.connect(str(settings.warehouse_path), read_only=True)) as con:
            known, checksums = _loaded(con)
    except duckdb.Error:
        return LandingScan(None, 0)
    found: dict[str, set[str]] = {}
    count = 0
    unknown_period = False
    relative_path = relative_to_zone(settings.raw_dir)
    for family in families:
        for path in submitted_paths(settings.raw_dir / family):
            count += 1
            relative = relative_path(path)
            if (cached_sha256(path, relative, checksums)[0], relative) in known:
                continue
            folder = os.path.basename(os.path.dirname(path))
            if not is_period_code(folder):
                unknown_period = True
                continue
            found.setdefault(family, set()).add(folder)
    return LandingScan(None if unknown_period else found, count)


def _loaded(con: duckdb.DuckDBPyConnection) -> tuple[set[tuple[str, str]], dict]:
    """(checksum, path) of every file loaded or recorded as a duplicate arrival; the checksum cache."""
    known = set(con.execute("SELECT file_sha256, source_file FROM raw.files").fetchall())
    known |= set(con.execute(
        "SELECT file_sha256, source_file FROM raw.audit WHERE event = 'duplicate_arrival'"
    ).fetchall())
    return known, read_checksums(con)
