"""The reader finishes a small table cell by cell in Python and a large one column by column in polars
(readers._finish_cells / _finish_columns): both must give the same frame, labels and errors."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

from orchestration.ingest import readers
from orchestration.ingest.readers import ROW_NUMBER, ReadLimits, UnreadableFileError, read_table

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("OSH_FUZZ_EXAMPLES", "60")) * 3
PATH = Path("tờ-khai.xlsx")

# What senders' cells hold, and what tells the two regex engines and normalisers apart: every White_Space
# character and the four separators (U+001C-U+001F) Python's re alone calls space, Vietnamese in NFC and NFD
# (cp1258 decodes to base letter + combining tone mark), Hangul jamo, calamine's date and time renderings.
PIECES = st.sampled_from([
    "", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\xa0", "\u1680", "\u2000", "\u200a", "\u2028",
    "\u202f", "\u205f", "\u3000", "\x1c", "\x1f", "\u200b", "a", "Ư", "ư", "Nguyễn", "Nguye\u0303\u0302n",
    "e\u0302\u0303", "u\u031b\u0301", "\u1100\u1161\u11a8", "12", "1.404", "2024-03-05 00:00:00", "1899-12-31 08:30:00",
    "1899-12-31 ", " 00:00:00", "ễ 00:00:00", "=SUM(A1)", "Có",
])
CELL = st.one_of(st.none(), st.lists(PIECES, max_size=4).map("".join))


@st.composite
def tables(draw):
    width = draw(st.integers(1, 6))
    height = draw(st.integers(0, 6))
    header = draw(st.lists(st.one_of(st.none(), st.sampled_from(["", "Mã số", "Họ và tên", "Số  lao động *",
                                                                  "Ngày (dd/mm/yyyy)", "Ghi chú"])),
                           min_size=width, max_size=width))
    columns = {f"c{i}": draw(st.lists(CELL, min_size=height, max_size=height)) for i in range(width)}
    return header, pl.DataFrame(columns, schema={c: pl.String for c in columns})


def _both(header, body, rows, limits, excel_cells):
    results = []
    for finish in (readers._finish_cells, readers._finish_columns):
        try:
            frame, labels = finish(PATH, header, body, rows, limits, excel_cells=excel_cells)
            results.append(("ok", frame, labels))
        except UnreadableFileError as exc:
            results.append(("error", exc.reason, exc.message_en))
    return results


@settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("OSH_FUZZ_RANDOM") != "1")
@given(table=tables(), excel_cells=st.booleans(), limit=st.sampled_from([5, 12, 1000]), first_row=st.booleans())
def test_small_and_large_paths_finish_a_table_alike(table, excel_cells, limit, first_row):
    header, body = table
    rows = 7 if first_row else pl.int_range(7, 7 + body.height, dtype=pl.Int64)  # both forms callers use
    cells, columns = _both(header, body, rows, ReadLimits(max_cell_chars=limit), excel_cells)
    assert cells[0] == columns[0], (cells, columns)
    if cells[0] == "ok":
        assert cells[2] == columns[2]
        assert cells[1].schema == columns[1].schema
        assert cells[1].to_dicts() == columns[1].to_dicts()
    else:
        assert cells[1:] == columns[1:]


def test_the_paths_agree_on_what_each_does():
    header = ["Mã số", None, "Ngày", "Giờ", ""]
    body = pl.DataFrame({
        "c0": ["  ", "Nguye\u0302\u0303n", None, "\x1c"],
        "c1": [None, None, "x", None],
        "c2": ["2024-03-05 00:00:00", None, None, None],
        "c3": ["1899-12-31 08:30:00", None, None, None],
        "c4": [None, " ", None, "\u3000"],
    })
    rows = pl.int_range(3, 7, dtype=pl.Int64)
    for finish in (readers._finish_cells, readers._finish_columns):
        frame, labels = finish(PATH, header, body, rows, ReadLimits(), excel_cells=True)
        assert labels == ["Mã số", "_unnamed_2", "Ngày", "Giờ"]  # the blank-only fifth column is dropped
        assert frame.to_dicts() == [
            {"Mã số": None, "_unnamed_2": None, "Ngày": "2024-03-05", "Giờ": "08:30:00", ROW_NUMBER: 3},
            {"Mã số": "Nguyễn", "_unnamed_2": None, "Ngày": None, "Giờ": None, ROW_NUMBER: 4},
            {"Mã số": None, "_unnamed_2": "x", "Ngày": None, "Giờ": None, ROW_NUMBER: 5},
            {"Mã số": "\x1c", "_unnamed_2": None, "Ngày": None, "Giờ": None, ROW_NUMBER: 6},
        ], finish.__name__


def test_a_file_is_finished_by_the_path_its_size_calls_for(tmp_path, monkeypatch):
    text = "Mã số;Tên\n" + "".join(f"{i};  Nguye\u0302\u0303n {i}  \n" for i in range(50)) + ";\n"
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    calls = []
    for name in ("_finish_cells", "_finish_columns"):
        original = getattr(readers, name)
        monkeypatch.setattr(readers, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    small = read_table(path)
    monkeypatch.setattr(readers, "SMALL_TABLE_CELLS", 10)
    large = read_table(path)
    assert calls == ["_finish_cells", "_finish_columns"]
    assert small.frame.equals(large.frame) and small.labels == large.labels
    assert small.frame.height == 50 and small.frame[ROW_NUMBER].to_list() == list(range(2, 52))
    assert small.frame["Tên"][0] == "  Nguyễn 0  "


SAMPLE = Path(__file__).resolve().parents[3] / "raw" / "sample"


def test_small_and_large_paths_put_a_file_to_text_alike(monkeypatch):
    """parse.to_text builds a small table's frame from Python lists and a large one's with polars: every
    readable file of the bundled sample (XLSX, CSV in several encodings, JSON) gives the same frame,
    lineage columns and their types included, both ways."""
    from datetime import UTC, datetime

    from orchestration.ingest import parse
    from orchestration.ingest.submission import RECEIVED_AT_TYPE, expected_headers
    from schemas.registry import FAMILIES

    lineage = {"_file_sha256": ("ab" * 32, pl.String), "_received_at": (datetime(2025, 7, 1, 3, tzinfo=UTC),
                                                                        RECEIVED_AT_TYPE)}
    compared = 0
    for family, model in FAMILIES.items():
        for path in sorted((SAMPLE / family).rglob("*.*")):
            try:
                table = read_table(path, expected_labels=expected_headers(model))
            except UnreadableFileError:
                continue
            match = parse.match_headers(table.labels, model)
            monkeypatch.setattr(parse, "SMALL_TEXT_CELLS", 10**9)
            small = parse.to_text(table, model, match, lineage)
            monkeypatch.setattr(parse, "SMALL_TEXT_CELLS", -1)
            large = parse.to_text(table, model, match, lineage)
            assert small.schema == large.schema, path
            assert small.equals(large, null_equal=True), path
            compared += small.height > 0
    assert compared > 100


def test_stacked_text_is_the_files_frames_one_under_the_other():
    """parse.stack_text builds runs of small files' rows as one frame: the result is pl.concat of each
    file's own frame, in the files' order, across runs broken by a large file or another schema."""
    from orchestration.ingest.parse import TextRows, stack_text

    schema = {"_row_number": pl.Int64, "a": pl.String}
    other = {"_row_number": pl.Int64, "a": pl.Null}
    texts = [
        TextRows([(1, "x"), (2, None)], schema),
        TextRows([(5, "y")], schema),
        pl.DataFrame({"_row_number": [9], "a": ["big"]}),
        TextRows([(3, "z")], schema),
        TextRows([(4, None)], other),
        TextRows([], schema),
        TextRows([(6, "u")], schema),
    ]
    expected = pl.concat([t if isinstance(t, pl.DataFrame) else t.frame() for t in texts], how="vertical_relaxed")
    stacked = stack_text(texts)
    assert stacked.equals(expected, null_equal=True)
    assert stacked["_row_number"].to_list() == [1, 2, 5, 9, 3, 4, 6]
    assert stack_text([TextRows([(1, "x")], schema)]).equals(TextRows([(1, "x")], schema).frame())
    assert stack_text([]).shape == (0, 0)
