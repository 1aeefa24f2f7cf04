"""A run killed while publishing leaves its unfinished version behind; the next publication drops it all."""

from __future__ import annotations

from pathlib import Path

from orchestration.publication import _remove_leftovers


def test_unfinished_versions_and_their_wal_files_are_dropped(tmp_path: Path) -> None:
    """The SIGKILL soak test found a ``.duckdb.building.wal`` outliving the next run."""
    names = ["20260101T000000000000Z_aaaaaaaa.duckdb.building", "20260101T000000000000Z_aaaaaaaa.duckdb.building.wal",
             "20260101T000000000000Z_aaaaaaaa.bi.duckdb.building"]
    kept = ["20251231T000000000000Z_bbbbbbbb.duckdb", "20251231T000000000000Z_bbbbbbbb.bi.duckdb"]
    for name in names + kept:
        (tmp_path / name).write_bytes(b"x")
    _remove_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)
