"""A run's dbt invocation reuses the parse prepared for it instead of re-parsing the whole project.

dagster-dbt copies ``target/partial_parse.msgpack`` into each invocation's own target folder; dbt uses
it only if the profile and ``--target`` are those it was saved with. The prepare step once parsed
without ``--target`` while the runs named it, so every nightly run paid a full parse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.dbt_project import DBT_EXECUTABLE, OfflineDbtCliResource, dbt_project, prepare_manifest
from orchestration.spark.engine import engine_name


def test_a_run_after_prepare_parses_partially(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.delenv("OSH_ENGINE", raising=False)
    prepare_manifest(force=True)
    dbt = OfflineDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE, target=engine_name())
    invocation = dbt.cli(["parse"], target_path=tmp_path / "target", raise_on_error=True)
    invocation.wait()
    # and without a dbt adapter built in this process (dagster-dbt's, for column metadata never fetched here)
    assert invocation.adapter is None
    log = (tmp_path / "target" / "dbt.log").read_text(encoding="utf-8")
    assert "Unable to do partial parsing" not in log, [line for line in log.splitlines() if "partial" in line]
    assert "Starting full parse" not in log

