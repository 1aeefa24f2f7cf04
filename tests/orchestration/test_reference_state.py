"""When may the nightly build leave the reference seeds out? Only when the warehouse holds every seed
table, loaded from the very files and configuration the manifest describes."""

from __future__ import annotations

import copy
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from orchestration.reference_state import record_reference_build, reference_fingerprint, reference_is_current

MANIFEST = {"nodes": {
    "seed.p.ref_a": {"resource_type": "seed", "schema": "reference", "alias": "ref_a",
                     "checksum": {"name": "sha256", "checksum": "aaa"}, "config": {"column_types": {"x": "int"}}},
    "seed.p.ref_b": {"resource_type": "seed", "schema": "reference", "alias": "ref_b",
                     "checksum": {"name": "sha256", "checksum": "bbb"}, "config": {}},
    "model.p.m": {"resource_type": "model", "schema": "marts", "alias": "m", "checksum": {}, "config": {}},
}}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with closing(duckdb.connect(str(path))) as con:
        con.execute("create schema reference")
        con.execute("create table reference.ref_a (x int)")
        con.execute("create table reference.ref_b (y int)")
    return path


def record(path: Path, manifest: dict) -> None:
    with closing(duckdb.connect(str(path))) as con:
        record_reference_build(con, manifest)


def test_current_only_after_a_recorded_build(warehouse: Path):
    assert not reference_is_current(warehouse, MANIFEST)
    record(warehouse, MANIFEST)
    assert reference_is_current(warehouse, MANIFEST)


def test_an_edited_seed_or_its_configuration_is_not_current(warehouse: Path):
    record(warehouse, MANIFEST)
    edited = copy.deepcopy(MANIFEST)
    edited["nodes"]["seed.p.ref_b"]["checksum"]["checksum"] = "changed"
    assert not reference_is_current(warehouse, edited)
    retyped = copy.deepcopy(MANIFEST)
    retyped["nodes"]["seed.p.ref_a"]["config"]["column_types"]["x"] = "varchar"
    assert reference_fingerprint(retyped) != reference_fingerprint(MANIFEST)
    assert not reference_is_current(warehouse, retyped)


def test_a_model_change_does_not_touch_the_fingerprint():
    changed = copy.deepcopy(MANIFEST)
    changed["nodes"]["model.p.m"]["checksum"] = {"name": "sha256", "checksum": "new"}
    assert reference_fingerprint(changed) == reference_fingerprint(MANIFEST)


def test_a_dropped_seed_table_or_no_warehouse_is_not_current(warehouse: Path, tmp_path: Path):
    record(warehouse, MANIFEST)
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute("drop table reference.ref_b")
    assert not reference_is_current(warehouse, MANIFEST)
    assert not reference_is_current(tmp_path / "absent.duckdb", MANIFEST)
