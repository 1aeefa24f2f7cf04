"""DuckDB's memory is bounded (OSH_DUCKDB_MEMORY_LIMIT) in every connection that writes or copies the
warehouse, and in dbt's profile: DuckDB's own default is 80 % of the machine."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import duckdb
import yaml

from orchestration.resources import WarehouseResource
from orchestration.settings import DEFAULT_DUCKDB_MEMORY_LIMIT, duckdb_config

PROFILES = Path(__file__).resolve().parents[2] / "dbt_project" / "profiles.yml"


def shown(limit: str) -> str:
    with closing(duckdb.connect(config={"memory_limit": limit})) as con:
        return con.execute("select current_setting('memory_limit')").fetchone()[0]


def test_the_warehouse_connections_take_the_bound_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OSH_DUCKDB_MEMORY_LIMIT", "1GB")
    warehouse = WarehouseResource(path=str(tmp_path / "warehouse.duckdb"))
    with warehouse.connect() as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == shown("1GB")
    with warehouse.connect(read_only=True) as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == shown("1GB")
    assert shown("1GB") != shown("3GB")


def test_the_default_bound_is_the_same_in_dbt_and_the_orchestration():
    assert duckdb_config({}) == {"memory_limit": DEFAULT_DUCKDB_MEMORY_LIMIT}
    profile = yaml.safe_load(PROFILES.read_text(encoding="utf-8"))
    setting = profile["osh_warehouse"]["outputs"]["duckdb"]["settings"]["memory_limit"]
    assert setting == "{{ env_var('OSH_DUCKDB_MEMORY_LIMIT', '" + DEFAULT_DUCKDB_MEMORY_LIMIT + "') }}"
