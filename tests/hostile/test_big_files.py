"""The big hostile files, generated at test time: each refused (or loaded) before it costs what it threatens.

Bounds are generous (CI machines vary) but far below what the file would cost if read naively: the 512 MB
bomb would take ~550 MB in calamine, the 50 MB cell ~600 MB through polars, a stray cell 550 GB.
The measured figures are in docs/reliability.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from tests.hostile.conftest import bounded, ingest, place
from tests.hostile.make_corpus import (
    FILES,
    big_cell_csv,
    big_cell_xlsx,
    big_declared_bomb,
    big_empty_rows_csv,
    big_empty_rows_xlsx,
    big_zip_bomb,
)
from tests.hostile.test_corpus import assert_clear_rejection


@pytest.mark.parametrize("lie", [False, True], ids=["honest_sizes", "lying_sizes"])
def test_zip_bomb_is_refused_while_inflating_in_a_bounded_stream(landing: Path, tmp_path: Path, lie: bool) -> None:
    bomb = big_zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=400, lie=lie)
    assert bomb.stat().st_size < 1_000_000  # ~0.4 MB on disk, 400 MB inflated
    place(landing, "bomb.xlsx", bomb)
    with bounded(seconds=15, megabytes=150) as usage:
        ingested = ingest(landing)
    print(f"zip bomb, {'lying' if lie else 'honest'} sizes: {usage.seconds:.2f} s, +{usage.peak_mb:.0f} MB")
    assert_clear_rejection(ingested.outcome("bomb.xlsx"), "too_large_uncompressed", ("zip bomb",))


def test_declared_size_over_the_limit_is_refused_before_inflating_anything(tmp_path: Path) -> None:
    bomb = big_declared_bomb(tmp_path / "declared.xlsx")
    with bounded(seconds=2, megabytes=50) as usage, pytest.raises(UnreadableFileError) as info:
        read_table(bomb)
    print(f"declared 4 GB: {usage.seconds:.3f} s, +{usage.peak_mb:.0f} MB")
    assert info.value.reason == "too_large_uncompressed"
    assert "512 MB" in info.value.message_en and "512 MB" in info.value.message_vi


def test_a_50_mb_cell_is_refused_before_parsing(landing: Path, tmp_path: Path) -> None:
    place(landing, "cell.csv", big_cell_csv(tmp_path / "cell.csv", megabytes=50))
    with bounded(seconds=15, megabytes=250) as usage:
        ingested = ingest(landing)
    print(f"50 MB cell: {usage.seconds:.2f} s, +{usage.peak_mb:.0f} MB")
    outcome = ingested.outcome("cell.csv")
    assert_clear_rejection(outcome, "cell_too_long", ("row 3, column «", "10000 characters", "OSH_MAX_CELL_CHARS"))
    assert "dòng 3" in outcome.message_vi


def test_a_50_mb_cell_in_a_workbook(landing: Path, tmp_path: Path) -> None:
    """In a workbook the cell limit applies once calamine has read the sheet: the cost is bounded by the
    uncompressed limit (OSH_MAX_UNCOMPRESSED_MB), not by the cell limit."""
    place(landing, "cell.xlsx", big_cell_xlsx(tmp_path / "cell.xlsx", megabytes=50))
    with bounded(seconds=30, megabytes=600) as usage:
        ingested = ingest(landing)
    print(f"50 MB cell (xlsx): {usage.seconds:.2f} s, +{usage.peak_mb:.0f} MB")
    outcome = ingested.outcome("cell.xlsx")
    assert_clear_rejection(outcome, "cell_too_long", ("row 6, column «Họ và tên»", "10000 characters"))


def test_a_million_empty_rows_then_one_row(landing: Path, tmp_path: Path) -> None:
    place(landing, "rows.csv", big_empty_rows_csv(tmp_path / "rows.csv", 1_000_000))
    # polars keeps a 16-byte view per cell, empty or not: 19 million cells are ~300 MB, and about twice
    # that at the peak; bounded by the row limit (OSH_MAX_ROWS), which stops the read one row past it
    with bounded(seconds=30, megabytes=1000) as usage:
        ingested = ingest(landing)
    print(f"a million empty rows: {usage.seconds:.1f} s, +{usage.peak_mb:.0f} MB")
    outcome = ingested.outcome("rows.csv")
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded) == ("loaded", 1, 1)
    assert ingested.query("select _row_number from raw.accident_cases") == [(1_000_002,)]


def test_a_million_empty_rows_over_the_row_limit_stop_while_reading(landing: Path, tmp_path: Path) -> None:
    place(landing, "rows.csv", big_empty_rows_csv(tmp_path / "rows.csv", 1_000_000))
    with bounded(seconds=10, megabytes=300) as usage:
        ingested = ingest(landing, limits=ReadLimits(max_rows=10_000))
    print(f"a million empty rows, limit 10,000: {usage.seconds:.2f} s, +{usage.peak_mb:.0f} MB")
    outcome = ingested.outcome("rows.csv")
    assert_clear_rejection(outcome, "too_many_rows", ("10,000",))
    assert "10.000" in outcome.message_vi


def test_a_million_formatted_empty_rows_in_a_workbook(landing: Path, tmp_path: Path) -> None:
    place(landing, "rows.xlsx", big_empty_rows_xlsx(tmp_path / "rows.xlsx", 1_000_000))
    with bounded(seconds=30, megabytes=600) as usage:
        ingested = ingest(landing)
    print(f"a million formatted empty rows (xlsx): {usage.seconds:.2f} s, +{usage.peak_mb:.0f} MB")
    outcome = ingested.outcome("rows.xlsx")
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded) == ("loaded", 0, 0)


def test_a_file_whose_every_row_breaks_a_rule_over_several_columns(landing: Path) -> None:
    # 100,000 rows, each from another sender (tax code): every row but the first fails the cross-field rule
    # "a file is one sender's report". Registered on the whole frame, that rule made pandera turn every failing
    # row into a Python dict (+1.4 GB here; 7 GiB within one batch of a national extract, and the run killed).
    header = (FILES / "valid.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [f"2025S1,{4300100000 + i},Công ty TNHH Xây dựng Sông Trà,21034,F,{i:06d},12/03/2025 08:15,21034,101,5,"
            f"051085{i:06d},Trần Thị Mỹ Lệ,Nữ,1985,7,labour_contract,Bị thương nặng,21,Có" for i in range(100_000)]
    place(landing, "senders.csv", ("\n".join([header, *rows]) + "\n").encode("utf-8"))
    with bounded(seconds=40, megabytes=800) as usage:
        ingested = ingest(landing)
    print(f"100,000 rows failing a cross-field rule: {usage.seconds:.1f} s, +{usage.peak_mb:.0f} MB")
    outcome = ingested.outcome("senders.csv")
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (100_000, 0, 100_000)
    [(failures,)] = ingested.query("select count(*) from raw.quarantine where rule = 'sender_matches_submission'")
    assert failures >= 99_999
