"""`dbt docs generate`, as the README gives it, builds the model catalogue and lineage of the demo warehouse."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb

from orchestration.dbt_project import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR, OFFLINE_ENVIRONMENT

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_command():
    assert "cd dbt_project && OSH_WAREHOUSE_PATH=../data/warehouse.duckdb ../.venv/bin/dbt docs generate " \
           "--profiles-dir . --static" in README


def test_dbt_docs_generate_catalogues_every_indicator_table(demo_warehouse, tmp_path):
    # The README's command, with the output kept out of the shared dbt_project/target.
    env = {**os.environ, **OFFLINE_ENVIRONMENT, "OSH_WAREHOUSE_PATH": str(demo_warehouse["warehouse"])}
    result = subprocess.run(
        [DBT_EXECUTABLE, "docs", "generate", "--profiles-dir", ".", "--static",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        indicators = [r[0] for r in con.sql(
            "select table_name from duckdb_tables() where schema_name = 'indicators'").fetchall()]
    missing = [t for t in indicators if f"model.osh_warehouse.{t}" not in catalog["nodes"]]
    assert indicators and not missing
    assert catalog["nodes"]["model.osh_warehouse.ind_t1_fatal_rate_yearly"]["columns"]
    assert (tmp_path / "target" / "static_index.html").stat().st_size > 100_000
