"""osh run's short cut when nothing arrived: anything uncertain means "run"."""

from __future__ import annotations

from dataclasses import replace

from orchestration.nothing_new import nothing_new
from orchestration.settings import load_settings


def test_no_warehouse_or_no_publication_means_run(tmp_path):
    settings = replace(load_settings(), warehouse_path=tmp_path / "w.duckdb", publish_dir=tmp_path / "pub")
    assert nothing_new(settings, ["accident_cases"]) is None
    settings.warehouse_path.write_bytes(b"")
    assert nothing_new(settings, ["accident_cases"]) is None  # no publication yet
