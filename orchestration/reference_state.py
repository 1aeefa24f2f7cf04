"""Were the reference seeds tested as they are? Then the nightly build leaves their tests out.

The 203 data tests declared beside the 28 reference seeds (communes, sectors, code lists, Poisson
limits…) are a third of the nodes of a nightly ``dbt build``, and their outcome depends only on the seed
files, which change only with the project. A build that ran them records the fingerprint of the seeds
(their files' checksums and their configuration, from the manifest) in ``raw.reference_build``; while
the manifest's fingerprint is the recorded one and every seed table is in the warehouse, the nightly
build runs ``--exclude tag:reference_seed_test`` (``orchestration.dbt_args.SEED_TESTS_SELECTOR``).
The seeds themselves are loaded every night, and the models' tests against them (relationships) run.
Anything uncertain (no warehouse, a table dropped, a seed or its configuration edited) means: test them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

REFERENCE_BUILD_TABLE = "raw.reference_build"


def seed_nodes(manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] == "seed"}


def reference_fingerprint(manifest: Mapping[str, Any]) -> str:
    """One checksum over every seed's file checksum and configuration (column types, schema, …)."""
    digest = hashlib.sha256()
    for uid, node in sorted(seed_nodes(manifest).items()):
        digest.update(json.dumps([uid, node["checksum"], node["config"], node["schema"], node["alias"]],
                                 sort_keys=True, default=str).encode())
    return digest.hexdigest()


def reference_is_current(warehouse_path: Path, manifest: Mapping[str, Any]) -> bool:
    """True when the warehouse holds every seed table, loaded from the seeds the manifest describes."""
    if not warehouse_path.exists():
        return False
    tables = {(node["schema"], node["alias"]) for node in seed_nodes(manifest).values()}
    try:
        with closing(duckdb.connect(str(warehouse_path), read_only=True)) as con:
            present = set(con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall())
            recorded = read_build_record(con, REFERENCE_BUILD_TABLE) if tables <= present else None
    except duckdb.Error:
        return False
    return recorded is not None and recorded[0] == reference_fingerprint(manifest)


def record_reference_build(con: duckdb.DuckDBPyConnection, manifest: Mapping[str, Any]) -> None:
    """After a build that tested the seeds: remember which seeds they were."""
    write_build_record(con, REFERENCE_BUILD_TABLE, reference_fingerprint(manifest))


# A build record (raw.reference_build, raw.incremental_build): one row, the fingerprint of what a build used
# and when it ran.

def write_build_record(con: duckdb.DuckDBPyConnection, table: str, fingerprint: str) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {table.split('.')[0]}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} (fingerprint VARCHAR NOT NULL, "
                "built_at TIMESTAMP WITH TIME ZONE NOT NULL)")
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} VALUES (?, now())", [fingerprint])


def read_build_record(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, datetime] | None:
    """(fingerprint, built_at) of the record, or None when there is none."""
    schema, name = table.split(".")
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                       [schema, name]).fetchone()[0]:
        return None
    return con.execute(f"SELECT fingerprint, built_at FROM {table}").fetchone()

