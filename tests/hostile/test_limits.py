"""The read limits: configurable from the environment, each with its own reason and message, each checked
before the work it protects (proved by making that work impossible: the file unreadable, polars or calamine
unavailable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orchestration.ingest import readers
from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from orchestration.settings import READ_LIMIT_VARIABLES
from tests.hostile.conftest import bounded
from tests.hostile.make_corpus import FILES, HEADER, ROWS, big_zip_bomb, csv_text


def reason_and_messages(path: Path, limits: ReadLimits) -> tuple[str, str, str]:
    with pytest.raises(UnreadableFileError) as info:
        read_table(path, limits=limits)
    return info.value.reason, info.value.message_en, info.value.message_vi


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in READ_LIMIT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    assert ReadLimits.from_environment() == ReadLimits()
    assert ReadLimits() == ReadLimits(200 * 2**20, 2_000_000, 10_000, 512 * 2**20, 1024)
    limits = ReadLimits.from_environment({
        "OSH_MAX_FILE_MB": "50", "OSH_MAX_ROWS": "100_000", "OSH_MAX_CELL_CHARS": " 2000 ",
        "OSH_MAX_UNCOMPRESSED_MB": "0.5", "OSH_MAX_COLUMNS": "",
    })
    assert limits == ReadLimits(50 * 2**20, 100_000, 2000, 2**19, 1024)
    monkeypatch.setenv("OSH_MAX_ROWS", "5")
    assert ReadLimits.from_environment().max_rows == 5


@pytest.mark.parametrize("value", ["0", "-3", "many", "1e400", "nan", "2.5"])
def test_a_bad_value_names_its_variable(value: str) -> None:
    with pytest.raises(ValueError, match="OSH_MAX_ROWS must be a positive number"):
        ReadLimits.from_environment({"OSH_MAX_ROWS": value})


def test_file_size_is_checked_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # 300 MB, sparse: reading it would cost 300 MB
        handle.truncate(300 * 2**20)
    with bounded(seconds=1, megabytes=20):
        reason, en, vi = reason_and_messages(huge, ReadLimits())
    assert (reason, "200 MB" in en, "200 MB" in vi) == ("too_large", True, True)
    small = ReadLimits.from_environment({"OSH_MAX_FILE_MB": "0.5"})
    big = tmp_path / "big.csv"
    big.write_bytes(b"a" * (2**19 + 1))
    assert reason_and_messages(big, small)[:2] == (
        "too_large", "File «big.csv»: the file is larger than the 512 KB limit; please split it (rule OSH_MAX_FILE_MB)."
    )


def test_rows_are_bounded_while_parsing(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"A,B\n" + b"1,2\n" * 3_000_000)
    with bounded(seconds=5, megabytes=150):
        reason, en, vi = reason_and_messages(path, ReadLimits(max_rows=1000))
    assert (reason, en) == ("too_many_rows", "File «long.csv», row 1,002: the file has more than 1,000 data rows; "
                                             "please split it (rule OSH_MAX_ROWS).")
    assert vi == ("Tệp «long.csv», dòng 1.002: tệp có hơn 1.000 dòng dữ liệu; hãy chia nhỏ tệp "
                  "(quy tắc OSH_MAX_ROWS).")


def test_a_long_cell_is_found_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][2] = "x" * 200_000
    path = tmp_path / "cell.csv"
    path.write_text(csv_text(HEADER, rows), encoding="utf-8")

    def no_parsing(*args, **kwargs):
        raise AssertionError("polars was asked to parse")

    monkeypatch.setattr(readers.pl, "read_csv", no_parsing)
    reason, en, vi = reason_and_messages(path, ReadLimits(max_cell_chars=1000))
    assert (reason, en) == ("cell_too_long", "File «cell.csv», row 4, column «Tên cơ sở»: the cell is longer than "
                                             "1000 characters; please shorten it (rule OSH_MAX_CELL_CHARS).")
    assert vi == ("Tệp «cell.csv», dòng 4, cột «Tên cơ sở»: ô dài hơn 1000 ký tự; hãy rút ngắn nội dung ô "
                  "(quy tắc OSH_MAX_CELL_CHARS).")


@given(st.lists(st.integers(min_value=0, max_value=60), max_size=40), st.integers(min_value=1, max_value=30),
       st.booleans())
def test_the_block_search_never_misses_a_line_longer_than_the_limit(lengths: list[int], longest: int,
                                                                     final_break: bool) -> None:
    """The cheap search of aligned blocks (readers._may_hold_long_line) may only let through data whose every
    line is short: the exact search for a too-long cell is skipped on its word."""
    data = b"\n".join(b"x" * n for n in lengths) + (b"\n" if final_break else b"")
    if max(lengths, default=0) > longest:
        assert readers._may_hold_long_line(data, longest)
    if max(lengths, default=0) * 2 < longest:  # and it does let short lines through
        assert not readers._may_hold_long_line(data, longest)


def test_a_cell_just_over_the_limit_is_found_after_parsing_with_its_column(tmp_path: Path) -> None:
    path = tmp_path / "cell.csv"
    rows = [list(r) for r in ROWS]
    rows[0][2] = "ệ" * 1001  # 3 bytes a character: within what the byte scan lets through
    path.write_text(csv_text(HEADER, rows), encoding="utf-8")
    reason, en, _ = reason_and_messages(path, ReadLimits(max_cell_chars=1000))
    assert (reason, en) == ("cell_too_long", "File «cell.csv», row 2, column «Tên cơ sở»: the cell is longer than "
                                             "1000 characters; please shorten it (rule OSH_MAX_CELL_CHARS).")


def test_columns_are_counted_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.pl, "read_csv", lambda *a, **k: pytest.fail("polars was asked to parse"))
    reason, en, vi = reason_and_messages(FILES / "too_many_columns.csv", ReadLimits())
    assert reason == "too_many_columns" and "1024 columns" in en and "1024 cột" in vi
    assert "column 1025" in en and "rule OSH_MAX_COLUMNS" in en and "quy tắc OSH_MAX_COLUMNS" in vi
    assert reason_and_messages(FILES / "valid.csv", ReadLimits(max_columns=10))[0] == "too_many_columns"


def test_workbook_limits_are_checked_before_calamine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = big_zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=64)
    monkeypatch.setattr(readers.fastexcel, "read_excel", lambda *a, **k: pytest.fail("calamine was asked"))
    reason, en, vi = reason_and_messages(bomb, ReadLimits(max_uncompressed_bytes=32 * 2**20))
    assert (reason, en) == ("too_large_uncompressed",
                            "File «bomb.xlsx»: the Excel file is larger than the 32 MB limit once uncompressed; "
                            "please split it (rule OSH_MAX_UNCOMPRESSED_MB).")
    assert "32 MB" in vi
    for name, expected in (("stray_cell.xlsx", "too_many_columns"), ("far_row.xlsx", "sheet_too_large"),
                           ("shared_strings_lie.xlsx", "corrupt_xlsx")):
        assert reason_and_messages(FILES / name, ReadLimits())[0] == expected


def test_each_limit_has_its_own_reason_and_message(tmp_path: Path) -> None:
    messages = {}
    path = FILES / "valid.csv"
    for limits in (ReadLimits(max_file_bytes=100), ReadLimits(max_rows=2), ReadLimits(max_cell_chars=5),
                   ReadLimits(max_columns=3)):
        reason, en, vi = reason_and_messages(path, limits)
        messages[reason] = (en, vi)
    bomb = big_zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=8)
    reason, en, vi = reason_and_messages(bomb, ReadLimits(max_uncompressed_bytes=2**20))
    messages[reason] = (en, vi)
    assert set(messages) == {"too_large", "too_many_rows", "cell_too_long", "too_many_columns",
                             "too_large_uncompressed"}
    assert len({en for en, _ in messages.values()}) == len({vi for _, vi in messages.values()}) == 5



@pytest.mark.parametrize("sheet", [
    b'<row r="1"><c r="A1"/><c r="BF1"/></row><row r="7"><c r="c7"/></row>',
    b"<row r='2'><c r='A0003'/><c r='XFD2'/></row>",  # leading zeros, the last column, single quotes
    b'<row r="1"><c r="ABCDE1"/></row>',  # more than four letters: huge
    b'<row r="1"><c r="A1"/></row><row r="5"><c r="Z1048576"/></row>',  # a cell beyond its row tag
    b'<row r="1"><c r="A1"/><c r="B12345678901234"/></row>',  # more than twelve digits: huge
])
def test_the_one_pass_scan_of_a_small_part_finds_what_the_searches_find(
    sheet: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def extent() -> tuple[int, int]:
        scan = readers._PartScan()
        scan.feed(b"<sheetData>" + sheet + b"</sheetData>")
        scan.finish()
        return scan.extent()

    one_pass = extent()
    monkeypatch.setattr(readers, "_ONE_PASS_TEXT", -1)
    assert one_pass == extent()
    assert one_pass[0] >= 1 and one_pass[1] >= 1
