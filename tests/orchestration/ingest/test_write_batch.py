"""write_batch inserts on one DuckDB thread and gives the connection back as it found it, also when it fails."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from orchestration.ingest import load
from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import ingest_files
from schemas.registry import FAMILIES
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY


def _threads(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])


def test_the_insert_runs_on_one_thread_and_the_setting_comes_back(tmp_path, monkeypatch):
    seen: list[int] = []
    real = load.as_arrow

    def watching(frame: pl.DataFrame):
        seen.append(_threads(con))
        return real(frame)

    monkeypatch.setattr(load, "as_arrow", watching)
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        con.execute("SET threads = 3")
        result = ingest_files(con, FAMILIES["insured_workforce"],
                              scan_family(FIXTURE_LANDING_ZONE, "insured_workforce"), TEST_ID_HASH_KEY.encode(),
                              workers=1)
        assert _threads(con) == 3
        loaded = con.execute("SELECT count(*) FROM raw.insured_workforce").fetchall()[0][0]
    assert seen and set(seen) == {1}  # every frame inserted (rows, files, quarantine, warnings) on one thread
    assert loaded == result.total("rows_loaded") > 0


def test_a_failed_write_rolls_back_and_restores_the_threads(tmp_path):
    model = FAMILIES["insured_workforce"]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        load.ensure_tables(con, model)
        con.execute("SET threads = 2")
        bad_rows = pl.DataFrame({"insured_workers": ["not a number"]})  # the insert's cast fails
        with pytest.raises(duckdb.ConversionException):
            load.write_batch(con, model, bad_rows, pl.DataFrame(), pl.DataFrame(), pl.DataFrame())
        assert _threads(con) == 2
        assert con.execute("SELECT count(*) FROM raw.insured_workforce").fetchall()[0][0] == 0
        con.execute("SELECT 1").fetchall()  # no transaction left open
