"""The dbt project parses for the Spark target, with the engine-specific parts rendered for Spark.

``dbt parse`` needs dbt-spark but neither pyspark's JVM nor a connection: seconds, not minutes. It
runs in the Spark CI step (marker ``spark``: the default suite runs without the [spark] extra).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from orchestration.dbt_project import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR, OFFLINE_ENVIRONMENT

pytestmark = pytest.mark.spark

pytest.importorskip("dbt.adapters.spark", reason="dbt-spark is not installed (the [spark] extra: uv run --extra spark)")


def _parse(tmp_path, engine: str) -> dict:
    env = {**os.environ, **OFFLINE_ENVIRONMENT, "OSH_ENGINE": engine, "OSH_SPARK_WAREHOUSE_DIR": str(tmp_path)}
    target = tmp_path / f"target_{engine}"
    completed = subprocess.run(
        [DBT_EXECUTABLE, "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(target), "--log-path", str(tmp_path / "logs"), "--no-partial-parse"],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def test_the_project_parses_for_spark_with_parquet_tables_and_spark_types(tmp_path):
    manifest = _parse(tmp_path, "spark")
    assert manifest["metadata"]["adapter_type"] == "spark"
    nodes = manifest["nodes"].values()
    tables = [n for n in nodes if n["resource_type"] in ("model", "seed") and n["config"]["materialized"] != "view"]
    assert tables and all(n["config"].get("file_format") == "parquet" for n in tables)
    models = [n for n in nodes if n["resource_type"] == "model"]
    # the models incremental on DuckDB are tables on Spark, rebuilt whole (Parquet tables cannot delete rows)
    assert {n["config"]["materialized"] for n in models} == {"view", "table"}
    assert manifest["nodes"]["model.osh_warehouse.fct_insured_workforce_monthly"]["config"]["materialized"] == "table"
    completeness = manifest["nodes"]["model.osh_warehouse.ind_reporting_completeness"]
    # DuckDB's "timestamp with time zone" (its build enforces the same contract in the default suite)
    assert completeness["columns"]["due_before"]["data_type"] == "timestamp"
    assert completeness["columns"]["period_code"]["data_type"] == "string"
    # the raw layer is registered at the start of every build (renders nothing on DuckDB)
    hooks = [n for n in nodes if n["resource_type"] == "operation"]
    assert any("register_raw_layer()" in hook["raw_code"] for hook in hooks)

