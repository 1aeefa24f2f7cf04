"""Files read and typed by worker processes (orchestration/ingest/parallel_read.py) come back as one process
reads them: same outcomes in the same order, rejections with their reasons, the same typed rows, and the same
rows loaded."""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from orchestration.ingest import parallel_read
from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.parallel_read import ReadCrash, TypedRead, read_chunk, read_files, read_workers
from orchestration.ingest.pipeline import _unexpected, ingest_files
from orchestration.ingest.readers import ReadLimits, UnreadableFileError
from orchestration.ingest.submission import FileRejected, read_submission
from schemas.registry import FAMILIES
from tests.conftest import TEST_ID_HASH_KEY
from tests.hostile.make_corpus import FAMILY, FILES, PERIOD

MODEL = FAMILIES[FAMILY]


@pytest.fixture
def corpus_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every hostile-corpus file (unreadable, rejected, valid) twice over, under two names: enough files for
    several chunks; workers are used from the first file on."""
    folder = tmp_path / "raw" / FAMILY / PERIOD
    folder.mkdir(parents=True)
    for copy in ("a", "b"):
        for source in sorted(FILES.iterdir()):
            shutil.copyfile(source, folder / f"{copy}-{source.name}")
    monkeypatch.setattr(parallel_read, "MIN_FILES", 1)
    monkeypatch.setattr(parallel_read, "CHUNK_FILES", 5)
    return tmp_path / "raw"


def _summary(outcome) -> tuple:
    if isinstance(outcome, TypedRead):
        return ("read", outcome.model.__name__, outcome.file_format, outcome.rows, outcome.period, outcome.sender)
    return (type(outcome).__name__, getattr(outcome, "reason", None), getattr(outcome, "message_en", None),
            getattr(outcome, "message_vi", None), getattr(outcome, "rows_read", None))


def _outcomes(chunks) -> list[tuple]:
    return [(landing, _summary(outcome)) for chunk in chunks for landing, outcome in chunk.outcomes]


def _rows(chunks) -> dict[str, pl.DataFrame]:
    frames: dict[str, list[pl.DataFrame]] = {}
    for chunk in chunks:
        for version, frame in chunk.frames.items():
            frames.setdefault(version.__name__, []).append(frame)
    return {version: pl.concat(parts, how="vertical_relaxed") for version, parts in frames.items()}


def test_workers_read_the_hostile_corpus_as_one_process_does(corpus_zone):
    files = scan_family(corpus_zone, FAMILY)
    alone = list(read_files(files, MODEL, ReadLimits(), workers=1))
    together = list(read_files(files, MODEL, ReadLimits(), workers=2))
    assert [landing for landing, _ in _outcomes(together)] == files == [landing for landing, _ in _outcomes(alone)]
    assert _outcomes(together) == _outcomes(alone)
    kinds = {summary[0] for _, summary in _outcomes(together)}
    assert {"read", "UnreadableFileError", "FileRejected"} <= kinds, kinds
    rows, rows_alone = _rows(together), _rows(alone)
    assert rows.keys() == rows_alone.keys() and rows
    for version, frame in rows.items():
        assert_frame_equal(frame, rows_alone[version])


def test_a_chunk_types_each_file_as_a_file_alone_is_typed(corpus_zone):
    """Typing the files of a chunk together gives each file's rows as typing it alone does."""
    files = scan_family(corpus_zone, FAMILY)[:40]
    chunk = read_chunk(files, MODEL, ReadLimits())
    seen = 0
    for landing, outcome in chunk.outcomes:
        if not isinstance(outcome, TypedRead):
            continue
        alone, file_format, version = read_submission(landing, MODEL, ReadLimits())
        mine = chunk.frames[version].filter(pl.col("_source_file") == landing.relative_path)
        assert (file_format, mine.height) == (outcome.file_format, outcome.rows)
        assert_frame_equal(mine, alone, check_dtypes=False)
        seen += 1
    assert seen >= 5


def _loaded(zone: Path, warehouse: Path, **options) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse)) as con:
        ingest_files(con, MODEL, scan_family(zone, FAMILY), TEST_ID_HASH_KEY.encode(), ReadLimits(), **options)
        return {
            "files": con.execute("select source_file, file_sha256, status, reason, message_en, rows_read, "
                                 "rows_loaded, rows_rejected, period, sender_id from raw.files "
                                 "order by source_file").fetchall(),
            "rows": con.execute(f"select * exclude (_loaded_at) from raw.{FAMILY} "
                                "order by _source_file, _row_number").fetchall(),
            "quarantine": con.execute("select source_file, row_number, column_name, rule from raw.quarantine "
                                      "order by all").fetchall(),
        }


def test_ingestion_with_workers_loads_what_one_process_loads(corpus_zone, tmp_path):
    alone = _loaded(corpus_zone, tmp_path / "alone.duckdb", workers=1)
    assert alone["rows"] and any(f[2] == "rejected" for f in alone["files"])
    assert _loaded(corpus_zone, tmp_path / "together.duckdb", workers=2) == alone


def test_batches_of_a_few_files_load_what_one_batch_loads(corpus_zone, tmp_path):
    # a batch ends after batch_files files too (five years of one-row summaries would otherwise be one batch)
    whole = _loaded(corpus_zone, tmp_path / "whole.duckdb", workers=1)
    assert _loaded(corpus_zone, tmp_path / "threes.duckdb", workers=1, batch_files=3) == whole


@dataclass(frozen=True)
class LimitsThatKillTheWorker(ReadLimits):
    """Ordinary limits here; unpickled in a worker process, they end it (as a crashing reader would)."""

    def __reduce__(self):
        return os._exit, (70,)


def test_a_dead_worker_leaves_its_files_to_be_read_here(corpus_zone, monkeypatch):
    files = scan_family(corpus_zone, FAMILY)
    expected = _outcomes(read_files(files, MODEL, ReadLimits(), workers=1))
    read_here = []
    read_one = parallel_read.read_one
    monkeypatch.setattr(parallel_read, "read_one",
                        lambda landing, *args: read_here.append(landing) or read_one(landing, *args))
    got = _outcomes(read_files(files, MODEL, LimitsThatKillTheWorker(), workers=2))
    assert read_here == files  # every worker died before returning anything: all were read in this process
    assert got == expected


def test_a_crash_in_a_worker_comes_back_as_text(monkeypatch, corpus_zone):
    files = scan_family(corpus_zone, FAMILY)[:2]

    def broken_reader(landing, model, limits):
        raise KeyError(f"bug reading {landing.relative_path}")

    monkeypatch.setattr(parallel_read, "read_raw_submission", broken_reader)
    [(_, crash), _] = read_chunk(files, MODEL, ReadLimits()).outcomes
    crash = pickle.loads(pickle.dumps(crash))
    assert isinstance(crash, ReadCrash) and crash.kind == "KeyError" and "bug reading" in str(crash)
    assert "broken_reader" in crash.worker_traceback
    rejection = _unexpected(crash)  # what the file's sender is told
    assert rejection.reason == "unexpected_error" and "KeyError: " in rejection.message_en
    assert "Traceback" not in rejection.message_en + rejection.message_vi


def test_rejections_survive_the_trip_between_processes(tmp_path):
    rejected = pickle.loads(pickle.dumps(FileRejected("missing_columns", "thiếu cột", "columns missing", 7)))
    assert (rejected.reason, rejected.message_vi, rejected.message_en, rejected.rows_read) == (
        "missing_columns", "thiếu cột", "columns missing", 7)
    unreadable = UnreadableFileError(tmp_path / "a.csv", "bad_encoding", "vi", "en")
    unreadable.rows_read = 3
    back = pickle.loads(pickle.dumps(unreadable))
    assert (back.path, back.reason, back.message_vi, back.message_en, back.rows_read) == (
        tmp_path / "a.csv", "bad_encoding", "vi", "en", 3)


def test_the_number_of_workers_comes_from_the_environment():
    assert read_workers({"OSH_READ_WORKERS": "1"}) == 1
    assert read_workers({"OSH_READ_WORKERS": " 3 "}) == 3
    assert read_workers({}) == min(os.cpu_count() or 1, parallel_read.DEFAULT_MAX_WORKERS)
    for bad in ("0", "two", "-1"):
        with pytest.raises(ValueError, match="OSH_READ_WORKERS"):
            read_workers({"OSH_READ_WORKERS": bad})


def polars_threads() -> int:
    import polars as pl

    return pl.thread_pool_size()


def test_workers_are_kept_for_the_next_family_and_replaced_after_one_dies(corpus_zone, monkeypatch):
    """...with one polars thread each (they keep the cores busy already), a setting that leaves with them."""
    monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
    files = scan_family(corpus_zone, FAMILY)
    expected = _outcomes(read_files(files, MODEL, ReadLimits(), workers=1))
    parallel_read.shutdown_read_workers()
    assert _outcomes(read_files(files, MODEL, ReadLimits(), workers=2)) == expected
    pool = parallel_read._pool
    assert pool is not None
    assert {pool.submit(polars_threads).result() for _ in range(4)} == {1}
    assert _outcomes(read_files(files, MODEL, ReadLimits(), workers=2)) == expected
    assert parallel_read._pool is pool  # the second family's files went to the same workers

    assert _outcomes(read_files(files, MODEL, LimitsThatKillTheWorker(), workers=2)) == expected
    assert parallel_read._pool is None  # the broken pool is dropped...
    read_here = []
    read_one = parallel_read.read_one
    monkeypatch.setattr(parallel_read, "read_one",
                        lambda landing, *args: read_here.append(landing) or read_one(landing, *args))
    assert _outcomes(read_files(files, MODEL, ReadLimits(), workers=2)) == expected
    assert read_here == [] and parallel_read._pool not in (None, pool)  # ...and new workers read the next files
    parallel_read.shutdown_read_workers()
    assert parallel_read._pool is None
    assert "POLARS_MAX_THREADS" not in os.environ  # this process's later children are not affected


def test_chunks_end_at_a_count_of_files_or_a_weight_and_keep_the_order(tmp_path):
    sizes = [1, 1, 1, 6, 1, 12, 1, 1]  # bytes
    files = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"{i}.csv"
        path.write_bytes(b"x" * size)
        files.append(FakeLanding(path))
    files.append(FakeLanding(tmp_path / "gone.csv"))  # vanished: weighs nothing, the reader says why
    chunks = list(parallel_read.chunked(files, max_files=3, max_bytes=8))
    assert [[f.path.name for f in chunk] for chunk, _ in chunks] == [
        ["0.csv", "1.csv", "2.csv"], ["3.csv", "4.csv"], ["5.csv"], ["6.csv", "7.csv", "gone.csv"]]
    assert [weight for _, weight in chunks] == [3, 7, 12, 2]


@dataclass(frozen=True)
class FakeLanding:
    path: Path


def test_stage_seconds_are_the_run_process_wall_time(corpus_zone, tmp_path):
    """Read alone, each stage has its own seconds; with workers, reading, typing and validating are their work,
    and the run's process records its wait for them as reading."""
    files = scan_family(corpus_zone, FAMILY)
    with duckdb.connect(str(tmp_path / "alone.duckdb")) as con:
        alone = ingest_files(con, MODEL, files, TEST_ID_HASH_KEY.encode(), ReadLimits(), workers=1)
    with duckdb.connect(str(tmp_path / "together.duckdb")) as con:
        together = ingest_files(con, MODEL, files, TEST_ID_HASH_KEY.encode(), ReadLimits(), workers=2)
    assert all(alone.seconds[stage] > 0 for stage in ("read", "validate", "load")), alone.seconds
    assert together.seconds["validate"] == 0 and together.seconds["read"] > 0 and together.seconds["load"] > 0


def test_checked_rows_cross_between_processes_unchanged():
    """A chunk's checked rows travel from a worker as Arrow (CheckedRows.__reduce__): every value, type and
    column comes back as it left, an empty part (no valid row: no columns) included."""
    from datetime import UTC, date, datetime

    from orchestration.ingest.checking import REPORT_SCHEMA
    from orchestration.ingest.pipeline import CheckedRows

    rows = pl.DataFrame({
        "employer_name": ["Công ty TNHH Một thành viên Cơ khí Quảng Ngãi", None, "Hộ kinh doanh"],
        "insured_workers": [12, None, 0], "payroll_million_vnd": [1.5, 2.25, None],
        "accident_date": [date(2024, 3, 5), None, date(2025, 1, 1)], "fatal": [True, None, False],
        "_loaded_at": [datetime(2026, 12, 1, tzinfo=UTC)] * 3,
    })
    quarantine = pl.DataFrame({column: [None] for column in REPORT_SCHEMA}, schema=REPORT_SCHEMA)
    for sent in (CheckedRows(rows, quarantine, pl.DataFrame(schema=REPORT_SCHEMA)),
                 CheckedRows(pl.DataFrame(), quarantine.clear(), quarantine)):
        received = pickle.loads(pickle.dumps(sent))
        for name in ("rows", "quarantine", "warnings"):
            assert_frame_equal(getattr(received, name), getattr(sent, name))
