"""dbt's per-run artifacts: beside the warehouse, the newest kept, the last good parse handed on."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.dbt_target import PARTIAL_PARSE, keep_parse, new_target, prune, runs_dir


def test_run_folders_live_beside_the_warehouse(tmp_path: Path):
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    target = new_target(warehouse, "osh_dbt_assets", "abcdef0123")
    assert target.parent == runs_dir(warehouse) == tmp_path / "data" / "warehouse.dbt"
    assert target.name.startswith("osh_dbt_assets-abcdef0-") and target.is_dir()
    assert not (target / PARTIAL_PARSE).exists()  # nothing saved yet: dagster-dbt brings the project's


def test_a_successful_build_hands_its_parse_to_the_next(tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    first = new_target(warehouse, "op", "run1")
    (first / PARTIAL_PARSE).write_bytes(b"parse of run 1")
    keep_parse(first)
    second = new_target(warehouse, "op", "run2")
    assert (second / PARTIAL_PARSE).read_bytes() == b"parse of run 1"
    (second / PARTIAL_PARSE).write_bytes(b"parse of run 2")
    keep_parse(second)
    assert (runs_dir(warehouse) / PARTIAL_PARSE).read_bytes() == b"parse of run 2"


def test_only_the_newest_run_folders_are_kept(tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    folders = [new_target(warehouse, "op", f"run{i:03d}") for i in range(5)]
    for age, folder in enumerate(reversed(folders)):
        os.utime(folder, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    removed = prune(warehouse, keep=2)
    assert sorted(removed) == sorted(folders[:3])
    assert sorted(p for p in runs_dir(warehouse).iterdir() if p.is_dir()) == sorted(folders[3:])
