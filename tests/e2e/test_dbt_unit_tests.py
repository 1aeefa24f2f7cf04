"""Every dbt unit test (the hand-worked indicator cases) passes.

The nightly build leaves unit tests out (orchestration/dbt_args.py); CI runs them here, once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.ingest.load import ensure_tables
from orchestration.settings import DBT_PROJECT_DIR, OFFLINE_ENVIRONMENT
from schemas.registry import FAMILIES, OLDER_VERSIONS

DBT = str(Path(sys.executable).parent / "dbt")


def dbt(args: list[str], warehouse: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **OFFLINE_ENVIRONMENT, "OSH_WAREHOUSE_PATH": str(warehouse), "OSH_ENGINE": "duckdb"}
    return subprocess.run([DBT, *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                           "--target-path", str(warehouse.parent / "target")],
                          env=env, capture_output=True, text=True, check=False)


def test_every_dbt_unit_test_passes(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:  # the raw layer as ingestion creates it, empty
        for family, model in FAMILIES.items():
            ensure_tables(con, model, *OLDER_VERSIONS.get(family, ()))
    # unit tests read the columns of the relations they mock: seeds and empty models are enough
    empty = dbt(["build", "--empty", "--exclude-resource-type", "test", "unit_test"], warehouse)
    assert empty.returncode == 0, empty.stdout[-3000:]
    result = dbt(["test", "--select", "test_type:unit"], warehouse)
    assert result.returncode == 0, result.stdout[-3000:]
    summary = [line for line in result.stdout.splitlines() if "PASS=" in line][-1]
    passed = int(summary.split("PASS=")[1].split()[0])
    assert passed >= 25 and "ERROR=0" in summary and "FAIL" not in summary.replace("FAIL=0", ""), summary
