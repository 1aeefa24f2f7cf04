"""Can tonight's dbt build be incremental, or must the incremental models be rebuilt from all of history?

The large models (the monthly insured-workforce fact, the employer registry by period) are built
incrementally on DuckDB: a night adds the rows of the files that arrived and rebuilds the years whose
inputs changed (dbt_project/macros/incremental/). What they keep from earlier nights is right only while
the code that built it is the code of tonight. So a build that succeeded over the whole project records a
fingerprint of that code in ``raw.incremental_build``: the incremental models and every node upstream of
them (SQL checksum and configuration), the project's macros, ``dbt_project.yml`` (its vars) and the served
province. While the manifest gives the recorded fingerprint, the build is incremental; anything else (a
first build, an edited model, macro or seed, another province, a backfill that re-read files:
``forget_incremental_build``) means ``--full-refresh``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb

from orchestration.reference_state import read_build_record, write_build_record

INCREMENTAL_BUILD_TABLE = "raw.incremental_build"
# A run tagged so rebuilds the incremental models from all of history whatever was recorded
# (``osh run --full-refresh``, or a run launched from Dagster's UI with this tag).
FULL_REFRESH_TAG = "osh/full_refresh"
PACKAGE = "osh_warehouse"


def incremental_models(manifest: Mapping[str, Any]) -> list[str]:
    return sorted(uid for uid, node in manifest["nodes"].items()
                  if node["resource_type"] == "model" and node["config"].get("materialized") == "incremental")


def upstream_nodes(manifest: Mapping[str, Any], roots: Iterable[str]) -> set[str]:
    """The roots and every node they read, directly or not (sources are data, not code: left out)."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        uid = stack.pop()
        if uid in seen or uid not in manifest["nodes"]:
            continue
        seen.add(uid)
        stack.extend(manifest["nodes"][uid].get("depends_on", {}).get("nodes", []))
    return seen


def incremental_fingerprint(manifest: Mapping[str, Any], project_dir: Path,
                            province_code: str | None = None) -> str:
    """One checksum over the code that the incremental models' kept rows were built with."""
    province_code = province_code if province_code is not None else os.environ.get("OSH_PROVINCE_CODE", "51")
    digest = hashlib.sha256()
    for uid in sorted(upstream_nodes(manifest, incremental_models(manifest))):
        node = manifest["nodes"][uid]
        digest.update(json.dumps([uid, node["checksum"], node["config"]], sort_keys=True, default=str).encode())
    for uid, macro in sorted(manifest["macros"].items()):
        if macro.get("package_name") == PACKAGE:
            digest.update(json.dumps([uid, macro["macro_sql"]]).encode())
    digest.update((project_dir / "dbt_project.yml").read_bytes())
    digest.update(f"province_code={province_code}".encode())
    return digest.hexdigest()


def incremental_is_current(warehouse_path: Path, fingerprint: str) -> bool:
    """True when the warehouse's incremental models were built by the code of ``fingerprint``."""
    if not warehouse_path.exists():
        return False
    try:
        with closing(duckdb.connect(str(warehouse_path), read_only=True)) as con:
            recorded = read_build_record(con, INCREMENTAL_BUILD_TABLE)
    except duckdb.Error:
        return False
    return recorded is not None and recorded[0] == fingerprint


def record_incremental_build(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    """After a successful build of the whole project: the code its incremental models were built with."""
    write_build_record(con, INCREMENTAL_BUILD_TABLE, fingerprint)


def incremental_build(con: duckdb.DuckDBPyConnection) -> str | None:
    """Which full build of the incremental models the warehouse's rows descend from (its code and time)."""
    recorded = read_build_record(con, INCREMENTAL_BUILD_TABLE)
    return None if recorded is None else f"{recorded[0]} {recorded[1].isoformat()}"


def forget_incremental_build(con: duckdb.DuckDBPyConnection) -> None:
    """The raw layer changed under files already built (a backfill re-read them): rebuild from scratch."""
    con.execute(f"DROP TABLE IF EXISTS {INCREMENTAL_BUILD_TABLE}")
