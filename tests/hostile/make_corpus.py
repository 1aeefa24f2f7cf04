"""The hostile-input corpus: one hand-made bad file per kind, generated deterministically.

    .venv/bin/python -m tests.hostile.make_corpus          # rewrite tests/hostile/files/

Small files (a few KB each) are committed in ``tests/hostile/files/``; ``test_corpus.py`` checks that
this script reproduces them byte for byte. Big ones (a 512 MB zip bomb, a 50 MB cell, a million empty
rows) are never committed: the tests call the ``big_*`` functions below to write them into tmp_path.

Every file is an accident register (family ``accident_cases``, period 2025S1) unless its kind says
otherwise, so that each one goes through the whole ingestion: read, parse, validate, load.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import xlsxwriter

FILES = Path(__file__).parent / "files"
FAMILY, PERIOD = "accident_cases", "2025S1"

HEADER = [
    "Kỳ báo cáo", "Mã số thuế", "Tên cơ sở", "Mã xã/phường trụ sở", "Ngành kinh tế (VSIC)", "Số hiệu vụ tai nạn",
    "Thời gian xảy ra", "Mã xã/phường nơi xảy ra", "Yếu tố gây chấn thương", "Nguyên nhân", "Số CCCD", "Họ và tên",
    "Giới tính", "Năm sinh", "Nghề nghiệp (VSCO)", "Loại quan hệ lao động", "Mức độ thương tích", "Số ngày nghỉ",
    "Thuộc quyền quản lý của cơ sở",
]
# The same columns under the English labels of the template (its "Hướng dẫn" sheet lists them).
HEADER_EN = [
    "Reporting period", "Employer tax code", "Employer name", "Employer's commune code",
    "Industry section (VSIC 2018)", "Incident number", "Date and time of the accident", "Commune where it happened",
    "Injury factor", "Cause", "National ID number (CCCD)", "Victim's full name", "Sex", "Birth year",
    "Occupation (VSCO 2020 major group)", "Employment type", "Severity", "Calendar days off work",
    "Under the employer's management",
]
EMPLOYER = ["2025S1", "4300100027", "Công ty TNHH Xây dựng Sông Trà", "21034", "F"]
ROWS = [  # three valid victims (fake IDs and names)
    [*EMPLOYER, "07", "12/03/2025 08:15", "21034", "101", "5", "051085001234", "Trần Thị Mỹ Lệ", "Nữ", "1985", "7",
     "labour_contract", "Bị thương nặng", "21", "Có"],
    [*EMPLOYER, "08", "02/05/2025 14:40", "21034", "102", "2", "051090004321", "Phạm Văn Hùng", "Nam", "1990", "7",
     "labour_contract", "Bị thương nhẹ", "5", "Có"],
    [*EMPLOYER, "09", "18/06/2025 09:05", "21034", "101", "5", "051078009876", "Lê Văn Tâm", "Nam", "1978", "8",
     "labour_contract", "Chết người", "0", "Có"],
]
INSURED_HEADER = [
    "Mã cơ quan BHXH", "Tháng", "Mã số thuế đơn vị", "Tên đơn vị", "Mã xã/phường", "Ngành kinh tế (VSIC)",
    "Số lao động tham gia BHTNLĐ-BNN", "Trong đó: nữ", "Quỹ tiền lương đóng BHXH", "Mức đóng (%)",
]
INSURED_ROWS = [
    ["BHXH51", "202506", "4300100027", "Công ty TNHH Xây dựng Sông Trà", "21034", "F", "1.200", "400", "9000,0", "0,5"],
]
# TCVN3 (ABC, the .VnTime fonts of the 1990s) bytes of the lowercase letters in the rows above
# (from glibc's iconv, TCVN5712-1): Python has no codec for it.
TCVN3 = {
    "à": 0xB5, "á": 0xB8, "â": 0xA9, "ã": 0xB7, "ê": 0xAA, "í": 0xDD, "ó": 0xE3, "ô": 0xAB, "ý": 0xFD, "ă": 0xA8,
    "đ": 0xAE, "ơ": 0xAC, "ư": 0xAD, "ạ": 0xB9, "ả": 0xB6, "ấ": 0xCA, "ầ": 0xC7, "ặ": 0xC6, "ế": 0xD5, "ề": 0xD2,
    "ệ": 0xD6, "ỉ": 0xD8, "ị": 0xDE, "ọ": 0xE4, "ố": 0xE8, "ộ": 0xE9, "ớ": 0xED, "ờ": 0xEA, "ở": 0xEB, "ụ": 0xF4,
    "ủ": 0xF1, "ứ": 0xF8, "ữ": 0xF7, "ự": 0xF9, "ỳ": 0xFA, "ỹ": 0xFC,
}
_EPOCH = (1980, 1, 1, 0, 0, 0)  # zip entries carry this timestamp, so that output is byte-identical


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",", newline: str = "\n") -> str:
    def cell(value: str) -> str:
        if sep in value or '"' in value or "\n" in value or "\r" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(sep.join(cell(v) for v in line) + newline for line in [header, *rows])


# ---------------------------------------------------------------- XLSX helpers


def xlsx_bytes(
    header: list[str], rows: list[list], *, title: bool = True, extra: Callable | None = None
) -> bytes:
    """An accident register as a sender's Excel has it: a title block, the header on row 4, the rows."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2025, 7, 1)})
    ws = wb.add_worksheet("Báo cáo")
    first = 0
    if title:
        ws.write_string(0, 0, "SỔ THEO DÕI TAI NẠN LAO ĐỘNG")
        ws.write_string(1, 0, "Kỳ báo cáo: 6 tháng đầu năm 2025")
        first = 3
    ws.write_row(first, 0, header)
    for i, row in enumerate(rows):
        ws.write_row(first + 1 + i, 0, row)
    if extra:
        extra(wb, ws, first)
    wb.close()
    return out.getvalue()


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None], add: dict[str, bytes] | None = None) -> bytes:
    """The same zip with some parts changed (``change`` returns None to drop a part), byte-deterministic."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(zipfile.ZipInfo(info.filename, _EPOCH), content, zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            target.writestr(zipfile.ZipInfo(name, _EPOCH), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def in_sheet(old: bytes, new: bytes) -> Callable[[str, bytes], bytes]:
    def change(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            assert old in content, old
            return content.replace(old, new, 1)
        return content

    return change


def small_sheet() -> bytes:
    return xlsx_bytes(["A", "B"], [["x", "y"]], title=False)


# ---------------------------------------------------------------- OLE2 (CFB): a password-protected workbook


def encrypted_xlsx() -> bytes:
    """A Compound File Binary container as Excel writes an encrypted workbook: streams EncryptionInfo
    (agile encryption, version 4.4) and EncryptedPackage (size + ciphertext); 512-byte sectors."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    info = (
        struct.pack("<HHI", 4, 4, 0x40)
        + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        b'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
    ).ljust(4096, b"\0")
    package = (struct.pack("<Q", 8192) + random.Random(9).randbytes(4088)).ljust(4096, b"\0")
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat = [fat_sector, end, 3, 4, 5, 6, 7, 8, 9, end, 11, 12, 13, 14, 15, 16, 17, end]  # FAT, directory, 2 streams
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", left, right, child) + b"\0" * 36 + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, no_stream, no_stream, 1, end, 0)
        + entry("EncryptionInfo", 2, no_stream, 2, no_stream, 2, len(info))
        + entry("EncryptedPackage", 2, no_stream, no_stream, no_stream, 10, len(package))
        + entry("", 0, no_stream, no_stream, no_stream, 0, 0)
    )
    return bytes(header) + fat_bytes + directory + info + package


# ---------------------------------------------------------------- big files, written at test time


def big_zip_bomb(path: Path, inflated_mb: int = 512, *, lie: bool = False) -> Path:
    """A valid workbook whose sheet XML inflates to ``inflated_mb`` MB of whitespace (legal between rows):
    about 1 KB per MB. With ``lie`` the zip directory declares the sheet 1 KB long."""
    source = small_sheet()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    cut = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    before, after = sheet[:cut], sheet[cut:]
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(before) + deflate.flush(zlib.Z_FULL_FLUSH)
    megabyte = b" " * 2**20
    block = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)  # no back-reference past a full flush
    tail = deflate.compress(after) + deflate.flush()
    crc = zlib.crc32(before)
    for _ in range(inflated_mb):
        crc = zlib.crc32(megabyte, crc)
    crc = zlib.crc32(after, crc)
    size = len(before) + inflated_mb * 2**20 + len(after)
    entries = []
    for name, content in parts.items():
        if name == "xl/worksheets/sheet1.xml":
            entries.append((name, head + block * inflated_mb + tail, crc, 1024 if lie else size))
        else:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            entries.append((name, packer.compress(content) + packer.flush(), zlib.crc32(content), len(content)))
    path.write_bytes(_raw_zip(entries))
    return path


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A deflated zip written by hand: (name, compressed data, crc, declared uncompressed size)."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        body.write(encoded + data)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                    len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), directory.tell(), body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


def big_declared_bomb(path: Path, declared_mb: int = 4096) -> Path:
    """A small workbook whose zip directory declares a 4 GB sheet: refused before anything is inflated."""
    with zipfile.ZipFile(io.BytesIO(small_sheet())) as archive:
        entries = []
        for info in archive.infolist():
            content = archive.read(info.filename)
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            declared = declared_mb * 2**20 - 1 if info.filename == "xl/worksheets/sheet1.xml" else len(content)
            entries.append((info.filename, packer.compress(content) + packer.flush(), zlib.crc32(content),
                            min(declared, 0xFFFFFFFE)))
    path.write_bytes(_raw_zip(entries))
    return path


def big_cell_csv(path: Path, megabytes: int = 50) -> Path:
    """A valid register whose second victim's name is one 50 MB cell."""
    rows = [list(r) for r in ROWS]
    rows[1][11] = "A" * (megabytes * 2**20)
    path.write_text(csv_text(HEADER, rows), encoding="utf-8")
    return path


def big_cell_xlsx(path: Path, megabytes: int = 50) -> Path:
    """A valid workbook whose second victim's name is 50 MB of random letters (hardly compressible, so
    no bomb: ~30 MB on disk). Excel caps a cell at 32,767 characters; a hand-made file does not."""
    letters = bytes.maketrans(bytes(range(256)), bytes(97 + i % 26 for i in range(256)))
    name = random.Random(7).randbytes(megabytes * 2**20).translate(letters)

    def change(part: str, content: bytes) -> bytes:
        return content.replace("Phạm Văn Hùng".encode(), name) if part == "xl/sharedStrings.xml" else content

    source = xlsx_bytes(HEADER, ROWS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _EPOCH), change(info.filename, archive.read(info.filename)),
                            zipfile.ZIP_DEFLATED, compresslevel=1)
    path.write_bytes(out.getvalue())
    return path


def big_empty_rows_csv(path: Path, empty_rows: int = 1_000_000, *, then_a_row: bool = True) -> Path:
    """The header, a million rows of empty cells (what Excel exports after formatting whole columns),
    then one real row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADER) + "\r\n")
        handle.write(("," * (len(HEADER) - 1) + "\r\n") * empty_rows)
        if then_a_row:
            handle.write(",".join(ROWS[0]) + "\r\n")
    return path


def big_empty_rows_xlsx(path: Path, empty_rows: int = 1_000_000) -> Path:
    """The header on row 1, then a million rows whose cells have a format (a border) but no value."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" s="1"/><c r="S%d" s="1"/></row>' % (r, r, r) for r in range(2, empty_rows + 2)
    )
    source = xlsx_bytes(HEADER, [], title=False)
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</row></sheetData>", b"</row>" + rows + b"</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(zipfile.ZipInfo(name, _EPOCH), content, zipfile.ZIP_DEFLATED, compresslevel=1)
    path.write_bytes(out.getvalue())
    return path


# ---------------------------------------------------------------- the committed corpus


def _formulas(wb, ws, first: int) -> None:
    """Formula cells with the values Excel cached when it saved them; text that looks like a formula."""
    r = first + 1
    ws.write_formula(r, 5, "=1+6", None, 7)  # incident number: the cached 7 is read, never re-computed
    ws.write_formula(r, 2, '=HYPERLINK("http://example.invalid/x","Công ty TNHH Xây dựng Sông Trà")', None,
                     "Công ty TNHH Xây dựng Sông Trà")
    ws.write_formula(r + 1, 2, "=cmd|' /C calc'!A0", None, 0)  # DDE: Excel cached 0 (or #REF!)
    ws.write_formula(r + 1, 17, "=1/0", None, "#DIV/0!")  # an error value
    ws.write_string(r + 2, 2, "=HYPERLINK(\"http://example.invalid\",\"bấm vào đây\")")  # text, not a formula


def corpus() -> dict[str, bytes]:
    """Every committed corpus file: name -> content."""
    valid_csv = csv_text(HEADER, ROWS)
    valid_xlsx = xlsx_bytes(HEADER, ROWS)
    noise = random.Random(20250701)
    files: dict[str, bytes] = {
        # the control: a clean register loads its three rows
        "valid.csv": valid_csv.encode(),
        # nothing at all
        "empty.csv": b"",
        "empty.xlsx": b"",
        # binary noise under each extension
        "garbage.xlsx": noise.randbytes(4096),
        "garbage.csv": noise.randbytes(4096),
        "garbage.json": noise.randbytes(4096),
        # an upload cut short
        "truncated.xlsx": valid_xlsx[: len(valid_xlsx) // 2],
        # Excel's "Encrypt with password"
        "password_protected.xlsx": encrypted_xlsx(),
        # encodings other than UTF-8 / Windows-1258
        "utf16.csv": valid_csv.encode("utf-16"),
        "utf16_no_bom.csv": valid_csv.encode("utf-16-le"),
        "shift_jis.csv": "名前,住所,年齢\n山田太郎,東京都,42\n".encode("shift_jis"),
        "tcvn3.csv": "".join(chr(TCVN3[c]) if c in TCVN3 else c for c in csv_text(HEADER, ROWS[:1])).encode("latin-1"),
        # CRLF, LF and a lone CR (old Mac) in one file, and a quoted cell with a line break
        "mixed_line_endings.csv": (
            ",".join(HEADER) + "\r\n" + ",".join(ROWS[0]) + "\n" + ",".join(ROWS[1]) + "\r"
            + ",".join(ROWS[2][:2]) + ',"Công ty TNHH\r\nXây dựng Sông Trà",' + ",".join(ROWS[2][3:]) + "\r\n"
        ).encode(),
        # nesting that overflows recursion limits, and a shape that kept polars busy for minutes
        "deep_nesting.json": '[{"Kỳ báo cáo": "2025S1", "x": '.encode() + b"[" * 5000 + b"]" * 5000 + b"}]",
        "deep_objects.json": b'[{"x": ' + b'{"a": 1, "b": ' * 1000 + b"1" + b"}" * 1000 + b"}]",
        # formulas (cached values) and formula-looking text
        "formulas.xlsx": xlsx_bytes(HEADER, ROWS, extra=_formulas),
        # a register of another family, sent to the accident folder
        "wrong_template.csv": csv_text(INSURED_HEADER, INSURED_ROWS).encode(),
        # the same header twice; one column under both its Vietnamese and English header
        "duplicated_headers.csv": csv_text([*HEADER, "Số CCCD"], [[*r, r[10]] for r in ROWS]).encode(),
        "duplicated_headers_two_languages.csv": csv_text([*HEADER, "National ID number (CCCD)"],
                                                         [[*r, "051099999999"] for r in ROWS]).encode(),
        # an English copy of the form: accepted, the labels are the template's own English labels
        "english_headers.csv": csv_text(HEADER_EN, ROWS).encode(),
        # Vietnamese typed without diacritics: no header of the template
        "headers_without_diacritics.csv": csv_text(
            ["Ky bao cao", "Ma so thue", "Ten co so", "Ma xa/phuong tru so", "Nganh kinh te (VSIC)",
             "So hieu vu tai nan", "Thoi gian xay ra", "So CCCD", "Gioi tinh", "Loai quan he lao dong",
             "Muc do thuong tich", "Thuoc quyen quan ly cua co so"], []).encode(),
        # a workbook that asks calamine for a 550 GB grid (one stray cell at XFD1048576)
        "stray_cell.xlsx": rezip(small_sheet(), in_sheet(b'r="B2"', b'r="XFD1048576"')),
        # a cell four billion rows down (calamine wraps it to a 275 GB grid)
        "far_row.xlsx": rezip(small_sheet(), in_sheet(b'r="B2"', b"r='b4294967295'")),
        # a shared-string table that declares four billion strings (96 GB reserved up front)
        "shared_strings_lie.xlsx": rezip(
            small_sheet(), lambda name, c: c.replace(b'uniqueCount="4"', b'uniqueCount="4000000000"')),
        # a binary workbook (.xlsb) renamed .xlsx
        "xlsb_renamed.xlsx": rezip(small_sheet(), lambda name, c: None if name == "xl/workbook.xml" else c,
                                   add={"xl/workbook.bin": b"\x83\x01\x00"}),
        # the register's columns and 1,500 more
        "too_many_columns.csv": csv_text([*HEADER, *(f"Ghi chú {i}" for i in range(1500))],
                                         [[*r, *[""] * 1500] for r in ROWS]).encode(),
        # a valid register with a Vietnamese file name
        "báo cáo tháng 7.xlsx": valid_xlsx,
    }
    return files


def build(out: Path = FILES) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in corpus().items():
        path = out / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else FILES):
        print(f"{written_path.stat().st_size:>8}  {written_path}")
