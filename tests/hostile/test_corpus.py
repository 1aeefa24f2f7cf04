"""Every file of the hostile corpus, ingested into a private warehouse: loaded rows or one clear rejection.

Each file goes through ``ingest_files`` exactly as the nightly run takes it (read, parse, validate, load)
and must end either loaded, with the rows asserted, or rejected with its reason and a sentence in
Vietnamese and in English naming the problem; never ``unexpected_error``, within a bounded time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.figures import record
from tests.hostile.conftest import bounded, ingest, place
from tests.hostile.make_corpus import FILES, build, corpus

# reason -> a word each message must contain (English, Vietnamese)
WORDS = {
    "empty_file": ("empty", "rỗng"),
    "not_a_spreadsheet": ("does not match", "không khớp"),
    "corrupt_xlsx": ("damaged", "bị hỏng"),
    "encrypted_xlsx": ("password", "mật khẩu"),
    "bad_encoding": ("encoding", "bảng mã"),
    "nested_json": ("nest", "lồng"),
    "invalid_json": ("JSON", "JSON"),
    "duplicate_headers": ("once", "lần"),
    "wrong_family": ("template", "mẫu"),
    "no_header_row": ("header row", "tiêu đề"),
    "too_many_columns": ("columns", "cột"),
    "sheet_too_large": ("stray cell", "ô thừa"),
    "too_large_uncompressed": ("uncompressed", "giải nén"),
    "cell_too_long": ("characters", "ký tự"),
    "too_many_rows": ("rows", "dòng"),
    "too_large": ("limit", "giới hạn"),
    "symlink": ("symbolic link", "liên kết"),
    "not_a_regular_file": ("regular file", "tệp dữ liệu"),
}

# file -> (reason, extra words the English message must contain); None: loaded, 3 rows
EXPECTED: dict[str, tuple[str, tuple[str, ...]] | None] = {
    "valid.csv": None,
    "empty.csv": ("empty_file", ()),
    "empty.xlsx": ("empty_file", ()),
    "garbage.xlsx": ("not_a_spreadsheet", ("not an Excel .xlsx workbook",)),
    "garbage.csv": ("bad_encoding", ("binary",)),
    "garbage.json": ("invalid_json", ("syntax error",)),
    "truncated.xlsx": ("corrupt_xlsx", ()),
    "password_protected.xlsx": ("encrypted_xlsx", ("remove the password",)),
    "utf16.csv": ("bad_encoding", ("UTF-16", "CSV UTF-8")),
    "utf16_no_bom.csv": ("bad_encoding", ("UTF-16", "CSV UTF-8")),
    "shift_jis.csv": ("bad_encoding", ("not UTF-8 or Windows-1258",)),
    "tcvn3.csv": ("bad_encoding", ("TCVN3", "CSV UTF-8")),
    "mixed_line_endings.csv": None,
    "deep_nesting.json": ("nested_json", ("more than 8 levels",)),
    "deep_objects.json": ("nested_json", ("more than 8 levels",)),
    "formulas.xlsx": None,
    "wrong_template.csv": ("wrong_family", ("(insured_workforce)", "«accident_cases»")),
    "duplicated_headers.csv": ("duplicate_headers", ("'Số CCCD'",)),
    "duplicated_headers_two_languages.csv": ("duplicate_headers", ("'Số CCCD'", "'National ID number (CCCD)'")),
    "english_headers.csv": None,
    "headers_without_diacritics.csv": ("no_header_row", ("first 30 rows", "mã số thuế")),
    "stray_cell.xlsx": ("too_many_columns", ("1024",)),
    "far_row.xlsx": ("sheet_too_large", ("4,294,967,295 rows",)),
    "shared_strings_lie.xlsx": ("corrupt_xlsx", ()),
    "xlsb_renamed.xlsx": ("not_a_spreadsheet", (".xlsb",)),
    "too_many_columns.csv": ("too_many_columns", ("1024",)),
    "báo cáo tháng 7.xlsx": None,
}


def assert_clear_rejection(outcome, reason: str, extra: tuple[str, ...] = ()) -> None:
    assert (outcome.status, outcome.reason) == ("rejected", reason), outcome
    en, vi = WORDS[reason]
    assert en in outcome.message_en and vi in outcome.message_vi, outcome
    assert outcome.message_en != outcome.message_vi
    for word in extra:
        assert word in outcome.message_en, (word, outcome.message_en)


def test_the_corpus_is_reproduced_by_its_script(tmp_path: Path) -> None:
    written = {p.name: p.read_bytes() for p in build(tmp_path)}
    committed = {p.name: p.read_bytes() for p in FILES.iterdir() if not p.name.startswith(".")}
    assert written == committed, "run: .venv/bin/python -m tests.hostile.make_corpus"
    assert set(written) == set(EXPECTED) == set(corpus())
    assert max(map(len, written.values())) < 200_000


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_file_loads_or_is_rejected_clearly(landing: Path, name: str) -> None:
    place(landing, name)
    with bounded(seconds=10, megabytes=300):
        ingested = ingest(landing)
    outcome = ingested.outcome(name)
    expected = EXPECTED[name]
    if name != "valid.csv":  # the control
        record("bad_files", 1, file=name, status=outcome.status, reason=outcome.reason)
    if expected is None:
        assert (outcome.status, outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 3, 3, 0)
        ids = ingested.query("select count(distinct victim_national_id_hash) from raw.accident_cases")
        assert ids == [(3,)]
    else:
        assert_clear_rejection(outcome, *expected)
        assert outcome.rows_loaded == 0


def test_all_corpus_files_in_one_run(landing: Path) -> None:
    """The nightly run meets them all at once: each keeps its own outcome, the good ones still load."""
    for name in EXPECTED:
        place(landing, name)
    with bounded(seconds=30, megabytes=400):
        ingested = ingest(landing)
    assert len(ingested.result.outcomes) == len(EXPECTED)
    for name, expected in EXPECTED.items():
        outcome = ingested.outcome(name)
        if name == "empty.xlsx":  # same checksum as empty.csv, met first: a file is taken once
            assert outcome.status == "already_loaded"
        elif expected is None:
            assert outcome.status == "loaded"
        else:
            assert outcome.reason == expected[0], (name, outcome)
    # five loaded files with the same three victims: 15 rows, all with lineage
    assert ingested.query("select count(*), count(distinct _file_sha256) from raw.accident_cases") == [(15, 5)]


def test_english_headers_load_the_same_values_as_vietnamese_ones(landing: Path) -> None:
    place(landing, "valid.csv")
    place(landing, "english_headers.csv")
    ingested = ingest(landing)
    columns = "incident_id, incident_at, victim_national_id_hash, victim_sex, severity, days_off"
    by_file = {
        name: ingested.query(f"select {columns} from raw.accident_cases where _source_file like ? order by 1",
                             f"%/{name}")
        for name in ("valid.csv", "english_headers.csv")
    }
    assert by_file["valid.csv"] == by_file["english_headers.csv"] and len(by_file["valid.csv"]) == 3


def test_formulas_yield_their_cached_values_and_formula_text_is_kept_as_text(landing: Path) -> None:
    """Decision: calamine reads the value Excel cached with each formula; nothing is ever evaluated (so a
    DDE formula cannot run here). A text cell that starts with "=" is data and is kept verbatim: it is
    neutralised where it leaves the warehouse for a spreadsheet (see docs/reliability.md)."""
    place(landing, "formulas.xlsx")
    ingested = ingest(landing)
    assert ingested.outcome("formulas.xlsx").rows_loaded == 3
    rows = ingested.query("select _row_number, incident_id, employer_name, days_off from raw.accident_cases order by 1")
    assert rows == [
        (5, "7", "Công ty TNHH Xây dựng Sông Trà", 21),  # =1+6 cached 7; =HYPERLINK(...) its cached text
        (6, "08", "0", None),  # the DDE formula's cached 0; =1/0 cached #DIV/0!: an empty optional cell
        (7, "09", '=HYPERLINK("http://example.invalid","bấm vào đây")', 0),  # text typed with a leading "="
    ]


def test_mixed_line_endings_keep_row_numbers_and_the_quoted_line_break(landing: Path) -> None:
    place(landing, "mixed_line_endings.csv")
    ingested = ingest(landing)
    rows = ingested.query("select _row_number, incident_id, employer_name from raw.accident_cases order by 1")
    assert rows == [
        (2, "07", "Công ty TNHH Xây dựng Sông Trà"),  # after CRLF
        (3, "08", "Công ty TNHH Xây dựng Sông Trà"),  # after LF
        (4, "09", "Công ty TNHH Xây dựng Sông Trà"),  # after a lone CR; its line break (lines 4-5) is cleaned
    ]
