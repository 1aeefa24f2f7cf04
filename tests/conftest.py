from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE_LANDING_ZONE = Path(__file__).parent / "fixtures" / "landing_zone"
TEST_ID_HASH_KEY = "test-key-for-the-test-suite-only"


def make_warehouse_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A private landing zone (a copy of the fixture), warehouse and Dagster home."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_LANDING_ZONE, raw)
    paths = {"raw": raw, "warehouse": tmp_path / "warehouse.duckdb", "dagster_home": tmp_path / "dagster_home",
             "published": tmp_path / "published"}
    monkeypatch.setenv("OSH_RAW_DIR", str(raw))
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(paths["warehouse"]))
    monkeypatch.setenv("OSH_ID_HASH_KEY", TEST_ID_HASH_KEY)
    monkeypatch.setenv("DAGSTER_HOME", str(paths["dagster_home"]))
    monkeypatch.setenv("OSH_PUBLISH_DIR", str(paths["published"]))
    return paths


@pytest.fixture
def warehouse_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    return make_warehouse_env(tmp_path, monkeypatch)
