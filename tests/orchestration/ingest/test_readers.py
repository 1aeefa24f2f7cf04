"""Readers: real XLSX, CSV and JSON files written to tmp_path, read back as text with true row numbers."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import unicodedata
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from orchestration.ingest.readers import (
    RawTable,
    ReadLimits,
    UnreadableFileError,
    normalise_label,
    read_table,
)

HEADERS = ["Mã số thuế", "Họ và tên", "Số CCCD", "Ngày sinh", "Thời gian xảy ra", "Ngày khai báo",
           "Số ngày nghỉ", "Chi phí (đồng)", "Tử vong"]
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode like Windows does: letters with circumflex/breve/horn precomposed, tone marks combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out.append(base.encode("cp1258") + "".join(c for c in decomposed if c in TONES).encode("cp1258"))
    return b"".join(out)


def write_accidents_xlsx(path: Path) -> None:
    wb = xlsxwriter.Workbook(path)
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    time_fmt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    ws = wb.add_worksheet("Tổng hợp")
    ws.write(0, 0, "SỔ THEO DÕI TAI NẠN LAO ĐỘNG")
    ws.write(1, 0, "Đơn vị: Công ty TNHH Cơ khí Dung Quất")
    ws.write(2, 0, "Kỳ báo cáo: 6 tháng đầu năm 2025")
    ws.write_row(3, 0, HEADERS)
    ws.write_number(4, 0, 4300123456)  # tax code typed as a number
    ws.write_string(4, 1, "Nguyễn Văn Ánh")
    ws.write_number(4, 2, 123456789012)  # 12-digit ID typed as a number
    ws.write_datetime(4, 3, dt.datetime(1990, 5, 17), date_fmt)
    ws.write_datetime(4, 4, dt.datetime(2025, 3, 7, 8, 30), time_fmt)
    ws.write_string(4, 5, "09/03/2025")  # a date typed as text
    ws.write_number(4, 6, 12)
    ws.write_number(4, 7, 1234567.5)
    ws.write_boolean(4, 8, False)
    # row 6 left empty; row 7 has only blanks and must be dropped too; row 8 is data
    ws.write_string(6, 1, "   ")
    ws.write_string(7, 0, "0100109106-001")
    ws.write_string(7, 1, unicodedata.normalize("NFD", "Trần Thị Ngọc"))  # decomposed tone marks
    ws.write_string(7, 2, "051234567890")  # ID typed as text keeps its leading zero
    ws.write_number(7, 6, 0.1 + 0.2)
    ws.write_number(7, 7, 1e20)
    ws.write_datetime(7, 4, dt.time(14, 5), wb.add_format({"num_format": "hh:mm"}))
    second = wb.add_worksheet("Dữ liệu")
    second.write_row(0, 0, ["Mã", "Tên"])
    second.write_row(1, 0, [101, "Xây dựng"])
    wb.close()


@pytest.fixture
def accidents_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "tai_nan_2025S1.xlsx"
    write_accidents_xlsx(path)
    return path


def reason_of(path: Path, **kwargs) -> str:
    with pytest.raises(UnreadableFileError) as info:
        read_table(path, **kwargs)
    return info.value.reason


# ---------------------------------------------------------------- XLSX


def test_xlsx_title_block_values_and_row_numbers(accidents_xlsx: Path) -> None:
    table = read_table(accidents_xlsx, expected_labels=HEADERS)
    assert isinstance(table, RawTable)
    assert (table.file_format, table.encoding, table.sheet, table.header_row) == ("xlsx", None, "Tổng hợp", 4)
    assert table.labels == HEADERS
    assert table.frame.columns == [*HEADERS, "_row_number"]
    assert all(dtype == pl.String for dtype in table.frame.drop("_row_number").dtypes)
    assert table.frame.schema["_row_number"] == pl.Int64
    first, second = table.frame.to_dicts()
    assert first == {
        "Mã số thuế": "4300123456",
        "Họ và tên": "Nguyễn Văn Ánh",
        "Số CCCD": "123456789012",
        "Ngày sinh": "1990-05-17",
        "Thời gian xảy ra": "2025-03-07 08:30:00",
        "Ngày khai báo": "09/03/2025",
        "Số ngày nghỉ": "12",
        "Chi phí (đồng)": "1234567.5",
        "Tử vong": "false",
        "_row_number": 5,
    }
    assert second["_row_number"] == 8  # empty row 6 and blank-only row 7 dropped, numbering kept
    assert second["Họ và tên"] == "Trần Thị Ngọc" and unicodedata.is_normalized("NFC", second["Họ và tên"])
    assert second["Mã số thuế"] == "0100109106-001"
    assert second["Số CCCD"] == "051234567890"
    assert second["Số ngày nghỉ"] == "0.3"
    assert second["Chi phí (đồng)"] == "100000000000000000000"  # never scientific notation
    assert second["Thời gian xảy ra"] == "14:05:00"  # a time-only cell
    assert second["Tử vong"] is None


def test_xlsx_without_expected_labels_takes_first_non_empty_row(accidents_xlsx: Path) -> None:
    table = read_table(accidents_xlsx)
    assert table.header_row == 1
    assert table.labels[0] == "SỔ THEO DÕI TAI NẠN LAO ĐỘNG"
    assert table.frame["_row_number"].to_list()[:3] == [2, 3, 4]


def test_xlsx_named_sheet(accidents_xlsx: Path) -> None:
    table = read_table(accidents_xlsx, sheet="Dữ liệu")
    assert table.sheet == "Dữ liệu"
    assert table.labels == ["Mã", "Tên"]
    assert table.frame.rows() == [("101", "Xây dựng", 2)]
    # sheet names match after NFC + casefold
    assert read_table(accidents_xlsx, sheet=unicodedata.normalize("NFD", "dữ liệu")).sheet == "Dữ liệu"


def test_xlsx_sheet_not_found_lists_sheets(accidents_xlsx: Path) -> None:
    with pytest.raises(UnreadableFileError) as info:
        read_table(accidents_xlsx, sheet="Báo cáo")
    assert info.value.reason == "sheet_not_found"
    assert "'Tổng hợp', 'Dữ liệu'" in info.value.message_en


def test_xlsx_header_matching_half_of_expected_labels(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Mã số thuế", "ghi chú"])  # 1 of 4: a title-like row, not the header
    ws.write_row(2, 0, ["  MÃ SỐ THUẾ *", "Họ và\ntên", "Số lao động (người)", "Khác"])
    ws.write_row(3, 0, ["4300123456", "A", "5", "x"])
    wb.close()
    expected = ["Mã số thuế", "Họ và tên", "Số lao động", "Ngày sinh"]
    table = read_table(path, expected_labels=expected)
    assert table.header_row == 3
    assert table.labels == ["MÃ SỐ THUẾ *", "Họ và tên", "Số lao động (người)", "Khác"]
    assert table.frame.rows() == [("4300123456", "A", "5", "x", 4)]


def test_xlsx_header_by_canonical_names_with_mapping(tmp_path: Path) -> None:
    path = tmp_path / "api.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["employer_tax_code", "victim_name"])
    ws.write_row(1, 0, ["4300123456", "A"])
    wb.close()
    mapping = {"Mã số thuế": "employer_tax_code", "Họ và tên": "victim_name", "Số CCCD": "victim_national_id"}
    assert read_table(path, expected_labels=mapping).labels == ["employer_tax_code", "victim_name"]
    assert reason_of(path, expected_labels=list(mapping)) == "no_header_row"


def test_xlsx_header_after_30_rows_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "deep.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(30, 0, ["Mã số thuế", "Họ và tên"])
    wb.close()
    with pytest.raises(UnreadableFileError) as info:
        read_table(path, expected_labels=["Mã số thuế", "Họ và tên"])
    assert info.value.reason == "no_header_row"
    assert "30" in info.value.message_en and "mã số thuế" in info.value.message_vi


def test_xlsx_unlabelled_column_with_data_is_kept_empty_one_dropped(tmp_path: Path) -> None:
    path = tmp_path / "u.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["A", None, "C", None])
    ws.write_row(1, 0, ["1", "stray", "3"])
    ws.write_string(1, 3, "")
    wb.close()
    table = read_table(path)
    assert table.labels == ["A", "_unnamed_2", "C"]
    assert table.frame.rows() == [("1", "stray", "3", 2)]


def test_xlsx_blank_cells_become_null(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["A", "B"])
    ws.write_row(1, 0, ["x", " \u00a0 "])
    ws.write_row(2, 0, ["", "y"])
    wb.close()
    assert read_table(path).frame.rows() == [("x", None, 2), (None, "y", 3)]


def test_xlsx_duplicate_headers(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(path)
    wb.add_worksheet().write_row(0, 0, ["Họ và tên", "Tuổi", "HỌ VÀ TÊN *"])
    wb.close()
    with pytest.raises(UnreadableFileError) as info:
        read_table(path)
    assert info.value.reason == "duplicate_headers"
    assert "HỌ VÀ TÊN *" in info.value.message_vi


def test_xlsx_empty_sheet(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    wb = xlsxwriter.Workbook(path)
    wb.add_worksheet("Trống")
    wb.close()
    assert reason_of(path) == "empty_file"


def test_xlsx_corrupt_encrypted_and_impostors(tmp_path: Path, accidents_xlsx: Path) -> None:
    data = accidents_xlsx.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    assert reason_of(truncated) == "corrupt_xlsx"

    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(ole_header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)
    assert reason_of(encrypted) == "encrypted_xlsx"
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(ole_header + "Workbook".encode("utf-16-le") + b"\x00" * 512)
    assert reason_of(legacy) == "legacy_xls"

    text = tmp_path / "renamed.xlsx"
    text.write_text("Mã số thuế;Họ và tên\n1;2\n", encoding="utf-8")
    assert reason_of(text) == "not_a_spreadsheet"

    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert reason_of(docx) == "not_a_spreadsheet"


def test_file_type_and_empty_file_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert reason_of(empty) == "empty_file"
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert reason_of(old) == "legacy_xls"
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    assert reason_of(pdf) == "unsupported_format"


def test_xlsx_limits(accidents_xlsx: Path) -> None:
    assert reason_of(accidents_xlsx, limits=ReadLimits(max_file_bytes=1000)) == "too_large"
    assert reason_of(accidents_xlsx, expected_labels=HEADERS, limits=ReadLimits(max_rows=3)) == (
        "too_many_rows"  # rows 5..8 after the header, even though two of them are empty
    )
    with pytest.raises(UnreadableFileError) as info:
        read_table(accidents_xlsx, expected_labels=HEADERS, limits=ReadLimits(max_cell_chars=20))
    assert info.value.reason == "cell_too_long"
    assert "row 8, column «Chi phí (đồng)»" in info.value.message_en
    assert "dòng 8, cột «Chi phí (đồng)»" in info.value.message_vi
    assert "OSH_MAX_CELL_CHARS" in info.value.message_en and "OSH_MAX_CELL_CHARS" in info.value.message_vi
    table = read_table(accidents_xlsx, expected_labels=HEADERS, limits=ReadLimits(max_rows=4))
    assert table.frame.height == 2


# ---------------------------------------------------------------- CSV


def test_csv_utf8_quotes_newlines_and_mixed_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(
        "Mã số thuế,Ghi chú,Số ngày nghỉ\r\n"
        '4300123456,"Té ngã, gãy tay",12\n'
        '0100109106,"Dòng 1\r\nDòng 2\nDòng 3",3\r\n'
        "\r\n"
        '"4300000001","Nói ""an toàn""",1.234\n'.encode()
    )
    table = read_table(path)
    assert (table.file_format, table.encoding, table.header_row) == ("csv", "utf-8", 1)
    assert table.labels == ["Mã số thuế", "Ghi chú", "Số ngày nghỉ"]
    assert table.frame.rows() == [
        ("4300123456", "Té ngã, gãy tay", "12", 2),
        ("0100109106", "Dòng 1\r\nDòng 2\nDòng 3", "3", 3),
        ("4300000001", 'Nói "an toàn"', "1.234", 7),  # lines 4-5 continue the quoted cell, line 6 is empty
    ]


def test_csv_utf8_bom_semicolon_with_title_block(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    text = (
        "BÁO CÁO TÌNH HÌNH TAI NẠN LAO ĐỘNG;;\n"
        "Kỳ: 2025S1;;\n"
        ";;\n"
        "Mã số thuế;Tên doanh nghiệp (đầy đủ, có dấu);Số lao động\n"
        "4300123456;Công ty CP Đường Quảng Ngãi;1.234\n"
        "4300123457;;\n"
        ";;\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_table(path, expected_labels=["Mã số thuế", "Tên doanh nghiệp", "Số lao động"])
    assert (table.encoding, table.header_row) == ("utf-8-sig", 4)
    assert table.labels == ["Mã số thuế", "Tên doanh nghiệp (đầy đủ, có dấu)", "Số lao động"]
    assert table.frame.rows() == [
        ("4300123456", "Công ty CP Đường Quảng Ngãi", "1.234", 5),
        ("4300123457", None, None, 6),
    ]


def test_csv_cp1258_is_decoded_and_nfc_normalised(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    text = "Họ và tên;Nghề nghiệp;Địa chỉ\r\nNguyễn Thị Ánh Tuyết;Thợ hàn;Phường Nghĩa Lộ, Quảng Ngãi\r\n"
    raw = cp1258(text)
    assert raw.decode("cp1258") != text  # really decomposed on disk
    path.write_bytes(raw)
    table = read_table(path, expected_labels=["Họ và tên", "Địa chỉ"])
    assert table.encoding == "cp1258"
    assert table.labels == ["Họ và tên", "Nghề nghiệp", "Địa chỉ"]
    row = table.frame.row(0)
    assert row == ("Nguyễn Thị Ánh Tuyết", "Thợ hàn", "Phường Nghĩa Lộ, Quảng Ngãi", 2)
    assert all(unicodedata.is_normalized("NFC", v) for v in row[:3])


def test_csv_cp1258_detected_beyond_the_sniffed_head(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    body = "Mã,Tên\n" + "".join(f"{i},abc\n" for i in range(20_000)) + "20000,Đà Nẵng\n"
    path.write_bytes(cp1258(body))
    table = read_table(path)
    assert table.encoding == "cp1258"
    assert table.frame.row(-1) == ("20000", "Đà Nẵng", 20_002)


def test_csv_header_cell_with_line_break(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"  # Excel exports a header typed with Alt+Enter as a quoted multi-line cell
    path.write_text('Báo cáo năm 2025,,\nMã số thuế,"Họ và\ntên",Số CCCD\n4300123456,A,051234567890\n',
                    encoding="utf-8")
    table = read_table(path, expected_labels=["Mã số thuế", "Họ và tên", "Số CCCD"])
    assert table.header_row == 2
    assert table.labels == ["Mã số thuế", "Họ và tên", "Số CCCD"]
    assert table.frame.rows() == [("4300123456", "A", "051234567890", 4)]


def test_csv_tab_and_lone_cr_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes("Mã\tTên\r101\tXây dựng, dân dụng\r102\tKhai khoáng\r".encode())
    table = read_table(path)
    assert table.labels == ["Mã", "Tên"]
    assert table.frame.rows() == [("101", "Xây dựng, dân dụng", 2), ("102", "Khai khoáng", 3)]


def test_csv_ragged_row_keeps_extra_cells(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("A,B\n1,2\n3,4,extra\n5\n", encoding="utf-8")
    table = read_table(path)
    assert table.labels == ["A", "B", "_unnamed_3"]
    assert table.frame.rows() == [("1", "2", None, 2), ("3", "4", "extra", 3), ("5", None, None, 4)]


def test_csv_duplicate_headers(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("Họ và tên,Họ và  tên\n1,2\n", encoding="utf-8")
    assert reason_of(path) == "duplicate_headers"


def test_csv_errors(tmp_path: Path, accidents_xlsx: Path) -> None:
    zipped = tmp_path / "really_xlsx.csv"
    zipped.write_bytes(accidents_xlsx.read_bytes())
    assert reason_of(zipped) == "not_a_spreadsheet"

    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes("Mã\tTên\n".encode("utf-16"))
    assert reason_of(utf16) == "bad_encoding"
    undecodable = tmp_path / "garbage.csv"
    undecodable.write_bytes(b"A,B\n\x81\x8d,\x9d\n")  # invalid UTF-8 and undefined in cp1258
    assert reason_of(undecodable) == "bad_encoding"
    bom_but_not_utf8 = tmp_path / "bom.csv"
    bom_but_not_utf8.write_bytes(b"\xef\xbb\xbfA,B\n\xe0,1\n")
    assert reason_of(bom_but_not_utf8) == "bad_encoding"

    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\xef\xbb\xbf \r\n\r\n")
    assert reason_of(blank) == "empty_file"

    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('A,B\n1,"never closed\n2,3\n', encoding="utf-8")
    assert reason_of(unclosed) == "malformed_csv"

    no_header = tmp_path / "nh.csv"
    no_header.write_text("x,y\n1,2\n", encoding="utf-8")
    assert reason_of(no_header, expected_labels=["Mã số thuế", "Họ và tên"]) == "no_header_row"


def test_csv_limits(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("A,B\n1,2\n3,4\n5,6\n", encoding="utf-8")
    assert reason_of(path, limits=ReadLimits(max_rows=2)) == "too_many_rows"
    assert read_table(path, limits=ReadLimits(max_rows=3)).frame.height == 3
    assert reason_of(path, limits=ReadLimits(max_file_bytes=10)) == "too_large"
    long = tmp_path / "long.csv"
    long.write_text("A,B\n1,2\n3," + "ệ" * 11 + "\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError) as info:
        read_table(long, limits=ReadLimits(max_cell_chars=10))
    assert info.value.reason == "cell_too_long" and "row 3" in info.value.message_en
    assert read_table(long, limits=ReadLimits(max_cell_chars=11)).frame["B"][1] == "ệ" * 11
    decomposed = tmp_path / "nfd.csv"  # characters are counted after NFC, as the sender sees them
    decomposed.write_text("A\n" + unicodedata.normalize("NFD", "ệ" * 10) + "\n", encoding="utf-8")
    assert read_table(decomposed, limits=ReadLimits(max_cell_chars=10)).frame["A"][0] == "ệ" * 10


# ---------------------------------------------------------------- JSON


def test_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    records = [
        {"Mã số thuế": "4300123456", "Số lao động": 120.0, "Tỷ lệ": 2.5, "Tử vong": True, "Ghi chú": None},
        {},
        {"Mã số thuế": 4300123457, "Số lao động": "7", unicodedata.normalize("NFD", "Tử vong"): False},
    ]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    table = read_table(path)
    assert (table.file_format, table.encoding, table.sheet, table.header_row) == ("json", None, None, 0)
    assert table.labels == ["Mã số thuế", "Số lao động", "Tỷ lệ", "Tử vong", "Ghi chú"]
    assert table.frame.rows() == [
        ("4300123456", "120", "2.5", "true", None, 1),
        ("4300123457", "7", None, "false", None, 3),
    ]


def test_json_wrapped_list(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    payload = {"sender": "4300123456", "records": [{"a": 1, "b": "x"}, {"a": 123456789012, "b": "y"}]}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(payload).encode())  # a BOM is tolerated
    table = read_table(path)
    assert table.labels == ["a", "b"]
    assert table.frame.rows() == [("1", "x", 1), ("123456789012", "y", 2)]


def test_json_empty_list_is_an_empty_table(tmp_path: Path) -> None:
    for name, text in (("e.json", "[]"), ("w.json", '{"records": []}')):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        table = read_table(path)
        assert table.labels == [] and table.frame.height == 0 and table.frame.columns == ["_row_number"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[{"a": 1, "b": {"x": 1}}]', "nested_json"),
        ('[{"a": [1, 2]}]', "nested_json"),
        ('[{"a": "1"}, {"a": {"x": 1}}]', "nested_json"),
        ('{"records": [{"a": {"x": [1]}}]}', "nested_json"),
        ('[{"a": 1},', "invalid_json"),
        ("[1, 2]", "invalid_json"),
        ('"just text"', "invalid_json"),
        ('{"a": [{"x": 1}], "b": [{"y": 2}]}', "invalid_json"),
        ('{"a": 1}', "invalid_json"),
    ],
)
def test_json_errors(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert reason_of(path) == reason


@pytest.mark.parametrize(
    "text",
    ['[{"Địa chỉ": {"xã": "Nghĩa Lộ"}}]', '[{"Mã": 1, "Địa chỉ": "x"}, {"Mã": 2, "Địa chỉ": ["a"]}]'],
)
def test_json_nested_field_is_named(tmp_path: Path, text: str) -> None:
    path = tmp_path / "n.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableFileError) as info:
        read_table(path)
    assert "'Địa chỉ'" in info.value.message_en and "'Địa chỉ'" in info.value.message_vi


def test_json_renamed_zip(tmp_path: Path, accidents_xlsx: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(accidents_xlsx.read_bytes())
    assert reason_of(path) == "not_a_spreadsheet"


# ---------------------------------------------------------------- error object and labels


def test_error_text_names_file_and_pickles(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(UnreadableFileError) as info:
        read_table(path)
    error = info.value
    assert str(error) == f"empty.csv: {error.message_en} / {error.message_vi}"
    assert error.path == path
    again = pickle.loads(pickle.dumps(error))
    assert (again.reason, again.path, str(again)) == ("empty_file", path, str(error))


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Tổng số lao động (người)", "tổng số lao động"),
        ("  Mã số thuế * ", "mã số thuế"),
        ("Chi phí (đồng) *", "chi phí"),
        ("Họ và\n  tên", "họ và tên"),
        (unicodedata.normalize("NFD", "ĐỊA CHỈ"), "địa chỉ"),
        ("(người)", "(người)"),
        ("employer_tax_code", "employer_tax_code"),
        ("Số\u00a0CCCD", "số cccd"),
    ],
)
def test_normalise_label(label: str, key: str) -> None:
    assert normalise_label(label) == key
