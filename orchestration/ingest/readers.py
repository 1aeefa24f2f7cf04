"""Read a submitted XLSX, CSV or JSON file into a frame of strings with true row numbers.

Every value stays text, exactly as the sender sees it (NFC-normalised); typing is normalise.py's job.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

ROW_NUMBER = "_row_number"
HEADER_SEARCH_ROWS = 30
_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".txt": "csv", ".tsv": "csv", ".json": "json"}
_DELIMITERS = (";", ",", "\t")  # order breaks ties: Vietnamese Windows uses ";" as the list separator
_HEAD_BYTES = 64 * 1024
_ZIP, _OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
# Files that are plainly not text, whatever their extension: (magic, Vietnamese, English).
_BINARY_MAGIC = (
    (b"%PDF", "đây là tài liệu PDF", "it is a PDF document"),
    (b"\x89PNG", "đây là ảnh PNG", "it is a PNG image"),
    (b"\xff\xd8\xff", "đây là ảnh JPEG", "it is a JPEG image"),
    (b"GIF8", "đây là ảnh GIF", "it is a GIF image"),
    (b"\x1f\x8b", "đây là tệp nén gzip", "it is a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "đây là tệp nén 7z", "it is a 7z archive"),
    (b"Rar!\x1a\x07", "đây là tệp nén RAR", "it is a RAR archive"),
    (b"\x7fELF", "đây là tệp chương trình", "it is a program file"),
)
# Characters that are NFC-stable and never combine with a neighbour (Latin, Vietnamese, punctuation,
# currency); a column with none outside this set is already NFC, so normalising it can be skipped.
MAYBE_NOT_NFC = r"[^\x00-\u02FF\u1EA0-\u1EFF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0]"
_MAYBE_NOT_NFC_RE = re.compile(MAYBE_NOT_NFC)
# A cell holds data when it has a character outside Unicode's White_Space set. Spelled out rather than
# written \S because Python's re also counts U+001C-U+001F as space and polars' (Rust's) regex does not:
# the two finishing paths below must agree cell for cell.
_HAS_TEXT = r"[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
_HAS_TEXT_RE = re.compile(_HAS_TEXT)
# Up to this many cells a table is finished in plain Python: polars' fixed cost per expression (several per
# column) is about 10 ms for a one-row file, which at province scale (tens of thousands of one- or two-row
# files) was most of the read stage; Python takes about a microsecond a cell.
SMALL_TABLE_CELLS = 4096
_LABEL_SUFFIX = re.compile(r"(?:\s*(?:\*|\([^()]*\)))+$")


class UnreadableFileError(Exception):
    """The file cannot be read at all: a stable reason code and one sentence in Vietnamese and English."""

    def __init__(self, path: Path, reason: str, message_vi: str, message_en: str):
        self.path = Path(path)
        self.reason = reason
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{self.path.name}: {message_en} / {message_vi}")

    def __reduce__(self):  # picklable across processes (parallel_read) despite the custom __init__
        return type(self), (self.path, self.reason, self.message_vi, self.message_en), self.__dict__


@dataclass(frozen=True)
class ReadLimits:
    """What one submitted file may hold; each limit is checked before the work it protects, with its own
    reason: ``too_large`` (before the file is read), ``too_large_uncompressed`` (an XLSX's parts, inflated in
    a bounded stream before calamine opens it), ``too_many_rows`` (while parsing), ``cell_too_long`` (for CSV,
    a run of bytes no cell can hold is found before parsing) and ``too_many_columns`` (before parsing)."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_rows: int = 2_000_000
    max_cell_chars: int = 10_000
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    max_columns: int = 1024

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ReadLimits:
        """The limits as configured (orchestration.settings.load_read_limits: OSH_MAX_FILE_MB, OSH_MAX_ROWS,
        OSH_MAX_CELL_CHARS, OSH_MAX_COLUMNS, OSH_MAX_UNCOMPRESSED_MB)."""
        from orchestration.settings import load_read_limits

        return load_read_limits(environ)


@dataclass(frozen=True)
class RawTable:
    """A file's table as text: one String column per header label (cells that look empty are null,
    all text is NFC) plus "_row_number", the row/line the sender sees; fully empty rows are dropped."""

    path: Path
    file_format: str
    encoding: str | None
    sheet: str | None
    header_row: int
    labels: list[str]
    frame: pl.DataFrame


@functools.lru_cache(maxsize=8192)  # the same few hundred labels recur in every file
def normalise_label(label: str) -> str:
    """Matching key of a header label: clean, casefold, without a trailing "*" or "(unit)"."""
    cleaned = unicodedata.normalize("NFC", _clean_label(label).casefold())
    return _LABEL_SUFFIX.sub("", cleaned).strip() or cleaned


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    expected_labels: Collection[str] | None = None,
    limits: ReadLimits = ReadLimits(),
) -> RawTable:
    """Read one submitted file; raise UnreadableFileError when it cannot be read at all.

    expected_labels may be a Mapping (Vietnamese label -> canonical name, or a tuple of other spellings):
    a header cell then matches an entry by any spelling, and "at least half" counts entries, not spellings.
    """
    path = Path(path)
    if path.is_symlink():  # first: whatever its name, a link is never followed
        raise _symlink(path)
    file_format = _EXTENSIONS.get(path.suffix.lower())
    if file_format is None:
        raise _unsupported_extension(path)
    data = _read_bytes(path, limits)
    _check_magic(path, file_format, data)
    groups = _expected_groups(expected_labels)
    if file_format == "xlsx":
        return _read_xlsx(path, data, sheet, groups, limits)
    if file_format == "csv":
        return _read_csv(path, data, groups, limits)
    return _read_json(path, data, limits)


# ---------------------------------------------------------------- opening the file


def _read_bytes(path: Path, limits: ReadLimits) -> bytes:
    """The file's bytes, never through a symbolic link, never from a pipe or device, and never read at all
    when its size is over the limit."""
    if path.is_symlink():
        raise _symlink(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():  # replaced by a link since the check above (O_NOFOLLOW: ELOOP)
            raise _symlink(path) from None
        raise _cannot_open(path, exc) from None
    with open(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(
                path, "not_a_regular_file",
                "Đây không phải là một tệp dữ liệu thông thường (thư mục, đường ống hay thiết bị).",
                "This is not a regular file (a folder, pipe or device).",
            )
        if info.st_size > limits.max_file_bytes:
            raise _too_large(path, limits)
        try:
            data = handle.read(info.st_size + 1)
        except OSError as exc:
            raise _cannot_open(path, exc) from None
    if len(data) > limits.max_file_bytes:  # it grew while being read
        raise _too_large(path, limits)
    if not data:
        raise _empty(path)
    return data


def _size(size: int) -> str:
    """A limit in bytes as people say it: "200 MB", "512 KB"."""
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"


def _vi_number(n: int) -> str:
    return f"{n:_}".replace("_", ".")


def _limit_error(
    path: Path, reason: str, rule: str, where_vi: str, where_en: str, problem_vi: str, problem_en: str
) -> UnreadableFileError:
    """A limit's message: the file, where in it (row, column: "" when the whole file), what is wrong, and
    the rule (the environment variable that sets the limit, orchestration.settings.READ_LIMIT_VARIABLES)."""
    name = path.name
    return UnreadableFileError(
        path, reason,
        f"Tệp «{name}»{where_vi}: {problem_vi} (quy tắc {rule}).",
        f"File «{name}»{where_en}: {problem_en} (rule {rule}).",
    )


def _too_large(path: Path, limits: ReadLimits) -> UnreadableFileError:
    size = _size(limits.max_file_bytes)
    return _limit_error(
        path, "too_large", "OSH_MAX_FILE_MB", "", "",
        f"tệp lớn hơn giới hạn {size}; hãy chia nhỏ tệp",
        f"the file is larger than the {size} limit; please split it",
    )


def _symlink(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        path, "symlink",
        "Tệp là một liên kết tượng trưng (symlink); hệ thống không bao giờ đọc theo liên kết: hãy nộp chính tệp.",
        "The file is a symbolic link; links are never followed: submit the file itself.",
    )


def _cannot_open(path: Path, exc: OSError) -> UnreadableFileError:
    return UnreadableFileError(
        path, "unreadable_file",
        f"Không mở được tệp ({exc.strerror or type(exc).__name__}).",
        f"The file cannot be opened ({exc.strerror or type(exc).__name__}).",
    )


def _is_panic(exc: BaseException) -> bool:
    """A Rust panic inside polars or calamine (pyo3's PanicException derives from BaseException and each
    extension module has its own class), raised on input its parser did not expect."""
    return type(exc).__name__ == "PanicException"


# ---------------------------------------------------------------- format checks


def _unsupported_extension(path: Path) -> UnreadableFileError:
    if path.suffix.lower() == ".xls":
        return _legacy_xls(path)
    return UnreadableFileError(
        path, "unsupported_format",
        f"Định dạng tệp '{path.suffix}' không được hỗ trợ; hãy gửi tệp .xlsx, .csv hoặc .json.",
        f"The file type '{path.suffix}' is not supported; please send .xlsx, .csv or .json.",
    )


def _legacy_xls(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        path, "legacy_xls",
        "Tệp ở định dạng Excel 97-2003 (.xls); hãy lưu lại dưới dạng .xlsx rồi gửi lại.",
        "The file is in the old Excel 97-2003 (.xls) format; please save it as .xlsx and resend.",
    )


def _empty(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        path, "empty_file", "Tệp rỗng, không có dữ liệu.", "The file is empty and contains no data."
    )


def _not_a(path: Path, what_vi: str, what_en: str) -> UnreadableFileError:
    return UnreadableFileError(
        path, "not_a_spreadsheet",
        f"Nội dung tệp không khớp với đuôi '{path.suffix}': {what_vi}; hãy kiểm tra lại tệp đã gửi.",
        f"The file content does not match its '{path.suffix}' extension: {what_en}; please check the file.",
    )


def _check_magic(path: Path, file_format: str, data: bytes) -> None:
    head = data[:8]
    if file_format == "xlsx":
        if head.startswith(_OLE2):
            if _ENCRYPTED_MARK in data:
                raise UnreadableFileError(
                    path, "encrypted_xlsx",
                    "Tệp Excel được đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.",
                    "The Excel file is password-protected; please remove the password and resend.",
                )
            raise _legacy_xls(path)
        if not head.startswith(_ZIP):
            raise _not_a(path, "đây không phải tệp Excel .xlsx", "it is not an Excel .xlsx workbook")
        return
    if head.startswith(_ZIP) or head.startswith(_OLE2):
        raise _not_a(path, "đây là tệp Excel hoặc tệp nén", "it is an Excel or zip file, not text")
    for magic, what_vi, what_en in _BINARY_MAGIC:
        if head.startswith(magic):
            raise _not_a(path, what_vi, what_en)


# ---------------------------------------------------------------- header detection


def _clean_label(label: str) -> str:
    text = unicodedata.normalize("NFC", label).replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


class _Spellings(frozenset):
    """The accepted spellings of one expected header (normalised), and the one to show a sender."""

    display: str


def _spellings(first: str, others: tuple = ()) -> _Spellings:
    group = _Spellings({normalise_label(first), *(normalise_label(str(x)) for x in others)})
    group.display = normalise_label(first)
    return group


def _expected_groups(expected: Collection[str] | None) -> list[frozenset[str]] | None:
    if not expected:
        return None
    if isinstance(expected, Mapping):  # label -> another spelling, or a tuple of other spellings
        groups = {_spellings(k, v if isinstance(v, tuple) else (v,)) for k, v in expected.items()}
    else:
        groups = {_spellings(x) for x in expected}
    return list(groups)


def _header_score(row: list[str | None] | tuple, groups: list[frozenset[str]] | None) -> int:
    cells = {normalise_label(c) for c in row if c is not None and c.strip()}
    if groups is None:
        return len(cells)
    return sum(1 for g in groups if g & cells)


def _find_header(rows: list, groups: list[frozenset[str]] | None) -> tuple[int, int] | None:
    """(index, score) of the header among the first rows, or None."""
    needed = 1 if groups is None else (len(groups) + 1) // 2
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _header_score(row, groups)
        if score >= needed:
            return i, score
    return None


def _no_header(path: Path, groups: list[frozenset[str]] | None) -> UnreadableFileError:
    if groups is None:
        return UnreadableFileError(
            path, "no_header_row", "Không tìm thấy dòng tiêu đề cột.", "No header row was found."
        )
    sample = ", ".join(sorted(getattr(g, "display", min(g)) for g in groups)[:5])
    return UnreadableFileError(
        path, "no_header_row",
        f"Không tìm thấy dòng tiêu đề cột theo mẫu trong {HEADER_SEARCH_ROWS} dòng đầu (ví dụ: {sample}).",
        f"No header row matching the template was found in the first {HEADER_SEARCH_ROWS} rows "
        f"(e.g. {sample}).",
    )


# ---------------------------------------------------------------- XLSX


def _read_xlsx(
    path: Path, data: bytes, sheet: str | None, groups: list[frozenset[str]] | None, limits: ReadLimits
) -> RawTable:
    _check_container(path, data, limits)
    try:
        reader = fastexcel.read_excel(data)
        name = _pick_sheet(path, reader.sheet_names, sheet)
        # header_row=None + skip_rows=0 keeps leading empty rows, so row i of the frame is Excel row i+1;
        # dtypes="string" makes calamine render each cell as text (integral numbers without ".0").
        # n_rows: one row more than the limit allows is enough to know the file is too long.
        loaded = reader.load_sheet(name, header_row=None, dtypes="string", skip_rows=0,
                                   n_rows=limits.max_rows + HEADER_SEARCH_ROWS + 1)
        df = loaded.to_polars()
    except fastexcel.FastExcelError as exc:
        raise _corrupt_xlsx(path) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _corrupt_xlsx(path) from exc
        raise
    if df.height == 0 or df.width == 0:
        raise UnreadableFileError(
            path, "empty_file", f"Trang tính '{name}' không có dữ liệu.", f"The sheet '{name}' has no data."
        )
    found = _find_header(df.head(HEADER_SEARCH_ROWS).rows(), groups)
    if found is None:
        raise _no_header(path, groups)
    idx = found[0]
    _check_rows(path, df.height - idx - 1, limits, first_row=idx + 2)
    header = list(df.row(idx))
    body = df.slice(idx + 1)
    frame, labels = _finish(path, header, body, idx + 2, limits, excel_cells=True)
    return RawTable(path, "xlsx", None, name, idx + 1, labels, frame)


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if not names:
        raise UnreadableFileError(
            path, "empty_file", "Tệp Excel không có trang tính nào.", "The workbook has no worksheet."
        )
    if sheet is None or sheet in names:
        return names[0] if sheet is None else sheet
    wanted = normalise_label(sheet)
    for name in names:
        if normalise_label(name) == wanted:
            return name
    listed = ", ".join(f"'{n}'" for n in names)
    raise UnreadableFileError(
        path, "sheet_not_found",
        f"Không có trang tính '{sheet}'; tệp có các trang: {listed}.",
        f"There is no sheet named '{sheet}'; the workbook has: {listed}.",
    )


def _corrupt_xlsx(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        path, "corrupt_xlsx",
        "Tệp Excel bị hỏng hoặc không đầy đủ; hãy mở bằng Excel, lưu lại rồi gửi lại.",
        "The Excel file is damaged or incomplete; please open it in Excel, save it again and resend.",
    )


# ---------------------------------------------------------------- XLSX container checks
# calamine trusts what a workbook declares: it inflates each part whole, whatever size the zip directory
# claims (a 300 KB file can inflate to gigabytes), reserves the shared-string table at its declared
# uniqueCount, and allocates every sheet as a dense grid from A1 to its farthest cell reference (32 bytes
# per cell: one cell at XFD1048576 asks for 550 GB). Such an allocation aborts the whole process, so
# nothing of it may reach calamine: every part is inflated here first, in a bounded stream, and measured.

MAX_GRID_CELLS = 32 * 2**20  # a sheet's rows x columns: ~1 GB in calamine; 1M rows x 32 columns
_MAX_ZIP_DIRECTORY = 4 * 2**20  # bytes of zip central directory: tens of thousands of parts
_RATIO_GRACE = 16 * 2**20  # below this a part's compression ratio is not judged
_MAX_RATIO = 100  # Apache POI's ZipSecureFile default (minimum inflate ratio 0.01)
_INFLATE_IN, _INFLATE_OUT = 64 * 1024, 1024 * 1024
_TAG_CARRY = 4096  # an unfinished tag at the end of an inflated chunk is scanned with the next one


def _check_container(path: Path, data: bytes, limits: ReadLimits) -> None:
    directory = _zip_directory_size(data)
    if directory is not None and directory > _MAX_ZIP_DIRECTORY:
        raise _not_a(path, "tệp nén chứa quá nhiều phần", "it is a zip archive with far too many parts")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except MemoryError:
        raise
    except Exception as exc:  # zipfile raises a zoo of types (BadZipFile, EOFError, struct.error...) on damage
        raise _corrupt_xlsx(path) from exc
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            raise _not_a(path, "đây là tệp Excel nhị phân (.xlsb), hãy lưu dưới dạng .xlsx",
                         "it is a binary Excel workbook (.xlsb), please save it as .xlsx")
        raise _not_a(path, "đây là tệp nén không chứa bảng tính", "it is a zip archive without a workbook")
    if sum(part.file_size for part in parts) > limits.max_uncompressed_bytes:
        raise _too_large_uncompressed(path, limits)
    inflated = 0
    for part in parts:
        if part.flag_bits & 0x1 or part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _corrupt_xlsx(path)  # zip encryption, or a compression method Excel never writes
        scan = _PartScan()
        size = _inflate(path, data, part, limits.max_uncompressed_bytes - inflated, limits, scan.feed)
        inflated += size
        scan.finish()
        if scan.unique_strings > 2 * scan.string_items + 1024:
            raise _corrupt_xlsx(path)  # declares far more shared strings than it holds
        rows, columns = scan.extent()
        _check_columns(path, columns, limits)
        if rows * columns > MAX_GRID_CELLS:
            raise _sheet_too_large(path, rows, columns)


def _zip_directory_size(data: bytes) -> int | None:
    """Size of the zip central directory as the end record declares it (None if there is no end record)."""
    end = len(data) - 22
    if data[end:end + 4] != b"PK\x05\x06":
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
        if end < 0 or end + 22 > len(data):
            return None
    size = struct.unpack_from("<I", data, end + 12)[0]
    locator = end - 20
    if size == 0xFFFFFFFF and locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if record + 56 <= len(data) and data[record:record + 4] == b"PK\x06\x06":
            size = struct.unpack_from("<Q", data, record + 40)[0]
    return size


def _inflate(
    path: Path, data: bytes, part: zipfile.ZipInfo, budget: int, limits: ReadLimits, sink: Callable[[bytes], None]
) -> int:
    """Inflate one part in bounded chunks, whatever size it declares; refuse it past the budget or when it
    inflates more than _MAX_RATIO times its compressed size. Returns the inflated size."""
    start = part.header_offset
    if not 0 <= start <= len(data) - 30 or data[start:start + 4] != _ZIP:
        raise _corrupt_xlsx(path)
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    compressed = memoryview(data)[begin:begin + part.compress_size]
    ratio_limit = max(_RATIO_GRACE, _MAX_RATIO * len(compressed))
    produced = 0

    def take(chunk: bytes) -> None:
        nonlocal produced
        produced += len(chunk)
        if produced > budget:
            raise _too_large_uncompressed(path, limits)
        if produced > ratio_limit:
            raise _too_large_uncompressed(path, limits, bomb=True)
        sink(chunk)

    if part.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(compressed), _INFLATE_OUT):
            take(bytes(compressed[offset:offset + _INFLATE_OUT]))
        return produced
    inflater = zlib.decompressobj(-15)
    try:
        for offset in range(0, len(compressed), _INFLATE_IN):
            piece = compressed[offset:offset + _INFLATE_IN]
            while piece and not inflater.eof:
                take(inflater.decompress(piece, _INFLATE_OUT))
                piece = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # a damaged stream: calamine will say so, if it reads this part at all
    return produced


def _too_large_uncompressed(path: Path, limits: ReadLimits, bomb: bool = False) -> UnreadableFileError:
    if bomb:
        return UnreadableFileError(
            path, "too_large_uncompressed",
            f"Tệp Excel khi giải nén phình ra hơn {_MAX_RATIO} lần (dấu hiệu 'bom nén'); hệ thống không mở tệp này.",
            f"The Excel file inflates more than {_MAX_RATIO} times once uncompressed (a 'zip bomb'); it is not opened.",
        )
    size = _size(limits.max_uncompressed_bytes)
    return _limit_error(
        path, "too_large_uncompressed", "OSH_MAX_UNCOMPRESSED_MB", "", "",
        f"tệp Excel khi giải nén lớn hơn giới hạn {size}; hãy chia nhỏ tệp",
        f"the Excel file is larger than the {size} limit once uncompressed; please split it",
    )


def _sheet_too_large(path: Path, rows: int, columns: int) -> UnreadableFileError:
    rows_vi, columns_vi = (f"{n:_}".replace("_", ".") for n in (rows, columns))
    return UnreadableFileError(
        path, "sheet_too_large",
        f"Trang tính trải rộng tới khoảng {rows_vi} dòng × {columns_vi} cột (thường do một ô bị gõ nhầm ở rất xa "
        f"bảng); hãy xoá các ô thừa rồi gửi lại.",
        f"A sheet spans about {rows:,} rows × {columns:,} columns (usually a stray cell far from the table); "
        f"please delete the stray cells and resend.",
    )


# The general scan (any attribute order, quotes, spacing, namespace prefix, cells without a reference).
_REF_COLUMN = re.compile(rb"""\br\s*=\s*["']\s*([A-Za-z]+)[0-9]""")
_REF_ROW = re.compile(rb"""\br\s*=\s*["']\s*[A-Za-z]*0*([0-9]+)""")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])")
_UNNUMBERED_ROW = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])(?![^<>]*\br\s*=)")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])")
_UNNUMBERED_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])(?![^<>]*\br\s*=)")
# The fast scan, for text where every cell and row tag starts with its reference, as every common writer
# puts it (<c r="B7" ...>, <row r="7" ...>): literal-prefixed searches, a few per megabyte.
_IRREGULAR_TAG = re.compile(rb"""<(?:[\w.-]+:)?(?:c|row)(?=[\s/>])(?! r=["'])""")
_ROW_NUMBER = re.compile(rb"""row r=["']0*([0-9]+)""")
# Every reference at once, for a small text: cheaper than the searches below, which restart once per column
# beyond the farthest seen (0.39 ms for a 7.7 KB sheet of 40 columns, 0.05 ms this way); afterwards they find
# nothing further and each scans the text once.
_CELL_REF = re.compile(rb"""c r=["']([A-Za-z]+)0*([0-9]+)""")
_ONE_PASS_TEXT = 256 * 1024
_UNIQUE_COUNT = re.compile(rb"""\buniqueCount\s*=\s*["']\s*0*([0-9]+)""")
_HUGE = 10**12


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else _HUGE


@functools.lru_cache(maxsize=64)
def _letters_above(column: int) -> re.Pattern[bytes]:
    """A canonical cell reference whose column is beyond ``column``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    longer = f"[A-Za-z]{{{len(letters) + 1},}}"
    same = [
        f"{letters[:i]}[{chr(ord(c) + 1)}-Z{chr(ord(c) + 33)}-z][A-Za-z]{{{len(letters) - i - 1}}}"
        for i, c in enumerate(letters) if c != "Z"
    ]
    return re.compile(rf"""c r=["'](?i:{"|".join([longer, *same])})[0-9]""".encode())


def _digits_above(row: int) -> re.Pattern[bytes]:
    """A canonical cell reference whose row is beyond ``row``."""
    digits = str(row)
    longer = f"[1-9][0-9]{{{len(digits)},}}"
    same = [
        f"{digits[:i]}[{int(d) + 1}-9][0-9]{{{len(digits) - i - 1}}}"
        for i, d in enumerate(digits) if d != "9"
    ]
    return re.compile(rf"""c r=["'][A-Za-z]+0*(?:{"|".join([longer, *same])})(?![0-9])""".encode())


class _PartScan:
    """What calamine will allocate for one part, from its inflated XML, conservatively: the farthest explicit
    cell reference (r="XFD1048576", either quote, any case, leading zeros), plus, where rows or cells carry
    no reference (calamine numbers those after the previous one), the number of rows or the widest row;
    and, for a shared-string table, its declared uniqueCount against the items it holds."""

    def __init__(self) -> None:
        self.max_row = self.max_column = 0
        self.row_tags = self.widest_row = self.cells_in_row = 0
        self.unnumbered_rows = self.unnumbered_cells = False
        self.unique_strings = self.string_items = 0
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        text = self._carry + chunk
        cut = text.rfind(b"<")
        if cut < len(text) - _TAG_CARRY:
            cut = len(text)
        self._carry = text[cut:]
        self._scan(text[:cut])

    def finish(self) -> None:
        self._scan(self._carry)
        self._carry = b""

    def extent(self) -> tuple[int, int]:
        rows = self.max_row + (self.row_tags if self.unnumbered_rows else 0)
        columns = self.max_column + (self.widest_row if self.unnumbered_cells else 0)
        return rows, columns

    def _scan(self, text: bytes) -> None:
        if not text:
            return
        if self._canonical(text):
            self._scan_canonical(text)
        else:
            self._scan_general(text)
        if b"uniqueCount" in text:
            self.unique_strings = max(self.unique_strings, *map(_number, _UNIQUE_COUNT.findall(text) or [b"0"]))
        if self.unique_strings:
            self.string_items += text.count(b"<si") + text.count(b":si")

    @staticmethod
    def _canonical(text: bytes) -> bool:
        return _IRREGULAR_TAG.search(text) is None

    def _scan_canonical(self, text: bytes) -> None:
        rows = _ROW_NUMBER.findall(text)
        if rows:
            self.max_row = max(self.max_row, _number(max(rows, key=lambda d: (len(d), d))))
        self.row_tags += len(rows)
        if len(text) <= _ONE_PASS_TEXT:
            refs = _CELL_REF.findall(text)
            if refs:
                self.max_column = max(self.max_column, *map(_column_number, {letters for letters, _ in refs}))
                self.max_row = max(self.max_row, *map(_number, {digits for _, digits in refs}))
        while self.max_column < _HUGE and (hit := _letters_above(self.max_column).search(text)):
            found = max(map(_column_number, _REF_COLUMN.findall(hit.group())), default=_HUGE)
            self.max_column = max(found, self.max_column + 1)
        while self.max_row < _HUGE and (hit := _digits_above(self.max_row).search(text)):
            found = max(map(_number, _REF_ROW.findall(hit.group())), default=_HUGE)
            self.max_row = max(found, self.max_row + 1)
        last_row = max(text.rfind(b"<row "), text.rfind(b":row "))
        tail = text if last_row < 0 else text[last_row:]
        self.cells_in_row = (self.cells_in_row if last_row < 0 else 0) + tail.count(b"c r=")

    def _scan_general(self, text: bytes) -> None:
        letters = set(_REF_COLUMN.findall(text))
        if letters:
            self.max_column = max(self.max_column, *map(_column_number, letters))
        digits = set(_REF_ROW.findall(text))
        if digits:
            self.max_row = max(self.max_row, *map(_number, digits))
        self.row_tags += text.count(b"row")  # over-counts, which only makes the estimate safer
        if not self.unnumbered_rows and _UNNUMBERED_ROW.search(text):
            self.unnumbered_rows = True
        if _UNNUMBERED_CELL.search(text):
            self.unnumbered_cells = True
            parts = _ROW_TAG.split(text)
            self.cells_in_row += len(_CELL_TAG.findall(parts[0]))
            for part in parts[1:]:
                self.widest_row = max(self.widest_row, self.cells_in_row)
                self.cells_in_row = len(_CELL_TAG.findall(part))
            self.widest_row = max(self.widest_row, self.cells_in_row)
        else:
            last_row = max(text.rfind(b"<row"), text.rfind(b":row"))
            tail = text if last_row < 0 else text[last_row:]
            self.cells_in_row = (self.cells_in_row if last_row < 0 else 0) + len(_CELL_TAG.findall(tail))


def _column_number(letters: bytes) -> int:
    if len(letters) > 4:
        return _HUGE
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _excel_cell_text(col: pl.Expr, midnight: bool, time_only: bool) -> pl.Expr:
    """Calamine renders date cells as "yyyy-mm-dd 00:00:00" and time cells on day 1899-12-31."""
    if midnight:
        col = pl.when(col.str.ends_with(" 00:00:00") & (col.str.len_bytes() == 19)).then(
            col.str.slice(0, 10)
        ).otherwise(col)
    if time_only:
        col = pl.when(col.str.starts_with("1899-12-31 ") & (col.str.len_bytes() == 19)).then(
            col.str.slice(11)
        ).otherwise(col)
    return col


# ---------------------------------------------------------------- CSV


def _read_csv(path: Path, data: bytes, groups: list[frozenset[str]] | None, limits: ReadLimits) -> RawTable:
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, data = "utf-8-sig", data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _bad_encoding(path, "UTF-16")
    if not data.strip():
        raise _empty(path)
    if b"\x00" in data[:_HEAD_BYTES]:
        raise _bad_encoding(path, "binary/UTF-16")
    try:  # incremental: a multi-byte character cut at the end of the head is not an error
        codecs.getincrementaldecoder("utf-8")().decode(data[:_HEAD_BYTES], final=len(data) <= _HEAD_BYTES)
    except UnicodeDecodeError:
        if encoding == "utf-8-sig":
            raise _bad_encoding(path, "UTF-8") from None
        encoding = "cp1258"
    if encoding == "cp1258":
        data = _from_cp1258(path, data)
    data = _fix_lone_cr(data)
    try:
        return _parse_csv(path, data, encoding, groups, limits)
    except _InvalidUtf8:
        if encoding != "utf-8":
            raise _bad_encoding(path, "UTF-8") from None
        return _parse_csv(path, _fix_lone_cr(_from_cp1258(path, data)), "cp1258", groups, limits)


class _InvalidUtf8(Exception):
    pass


def _bad_encoding(path: Path, found: str) -> UnreadableFileError:
    return UnreadableFileError(
        path, "bad_encoding",
        f"Không đọc được bảng mã của tệp ({found}); hãy lưu lại dưới dạng 'CSV UTF-8'.",
        f"The file's character encoding cannot be read ({found}); please save it as 'CSV UTF-8'.",
    )


def _from_cp1258(path: Path, data: bytes) -> bytes:
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise _bad_encoding(path, "not UTF-8 or Windows-1258") from None
    # cp1258 yields base letters + combining tone marks; _finish NFC-normalises the affected columns
    return text.encode("utf-8")


def _fix_lone_cr(data: bytes) -> bytes:
    """Old Mac line endings (CR alone) become LF; polars splits lines on LF only."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return re.sub(rb"\r(?!\n)", b"\n", data)
    return data


def _sniff(head: str, groups: list[frozenset[str]] | None) -> tuple[str, list[str], int, int] | None:
    """Delimiter, header cells, and the header record's first and last line (1-based)."""
    best: tuple[int, int, str, list[str], int, int] | None = None
    for rank, delimiter in enumerate(_DELIMITERS):
        records, spans = [], []
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, strict=False)
        last = 0
        try:
            for record in reader:
                records.append(record)
                spans.append((last + 1, reader.line_num))
                last = reader.line_num
                if len(records) >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            pass
        found = _find_header(records, groups)
        if found is None:
            continue
        idx, score = found
        # without a template the best delimiter is the one that splits the header into most cells
        key = (score if groups else len(records[idx]), -rank)
        if best is None or key > best[:2]:
            best = (*key, delimiter, records[idx], *spans[idx])
    return None if best is None else best[2:]  # type: ignore[return-value]


def _parse_csv(
    path: Path, data: bytes, encoding: str, groups: list[frozenset[str]] | None, limits: ReadLimits
) -> RawTable:
    head = data[:_HEAD_BYTES]
    if len(data) > _HEAD_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head
    head_text = unicodedata.normalize("NFC", head.decode("utf-8", errors="ignore"))
    sniffed = _sniff(head_text, groups)
    if sniffed is None:
        if encoding == "cp1258" and groups is not None:
            raise _unknown_encoding(path)
        raise _no_header(path, groups)
    delimiter, header, first_line, last_line = sniffed
    width = len(header)
    _check_columns(path, width, limits)
    _check_cell_bytes(path, data, delimiter, header, limits)
    body = _polars_csv(path, data, delimiter, last_line, width, limits)
    if body.width > width:  # ragged rows: cells beyond the header become unnamed columns
        header = header + [None] * (body.width - width)
    expected_lines = data.count(b"\n") - last_line + (0 if data.endswith(b"\n") else 1)
    rows: int | pl.Expr = last_line + 1
    if body.height != expected_lines:  # quoted cells with line breaks shift later rows down
        breaks = pl.sum_horizontal(pl.col(body.columns).str.count_matches("\n", literal=True).fill_null(0))
        rows = _row_range(rows, body.height) + breaks.cum_sum().shift(1, fill_value=0).cast(pl.Int64)
    frame, labels = _finish(path, header, body, rows, limits, excel_cells=False)
    return RawTable(path, "csv", encoding, None, first_line, labels, frame)


def _unknown_encoding(path: Path) -> UnreadableFileError:
    """Not UTF-8, and read as Windows-1258 no header of the template appears: another legacy encoding."""
    return UnreadableFileError(
        path, "bad_encoding",
        "Tệp không ở bảng mã UTF-8, và đọc theo Windows-1258 cũng không thấy dòng tiêu đề của mẫu: có thể tệp dùng "
        "bảng mã cũ (TCVN3/ABC, VNI...); hãy lưu lại dưới dạng 'CSV UTF-8'.",
        "The file is not UTF-8, and read as Windows-1258 it shows no header row of the template: it may use a "
        "legacy encoding (TCVN3/ABC, VNI...); please save it as 'CSV UTF-8'.",
    )


# A character after NFC is at most this many UTF-8 bytes (a base letter with combining marks: Vietnamese in
# NFD takes 6, a Hangul syllable as jamo 9), so a run of more bytes than that many times the cell limit,
# without delimiter or line break, is a cell too long for certain: found before any parsing.
_MAX_BYTES_PER_CHAR = 12


def _check_cell_bytes(
    path: Path, data: bytes, delimiter: str, header: list[str | None], limits: ReadLimits
) -> None:
    longest = _MAX_BYTES_PER_CHAR * limits.max_cell_chars + 2  # + the quotes
    if len(data) <= longest or not _may_hold_long_line(data, longest):
        return
    separators = b"\n" + re.escape(delimiter.encode())
    run = re.compile(rb"(?<![^" + separators + rb"])[^" + separators + rb"]{" + str(longest + 1).encode() + rb"}")
    hit = run.search(data)
    if hit:
        line = data.count(b"\n", 0, hit.start()) + 1
        # the column: delimiters before the cell on its line (a quoted delimiter may shift it: a best guess)
        index = data.count(delimiter.encode(), data.rfind(b"\n", 0, hit.start()) + 1, hit.start())
        label = header[index] if index < len(header) and header[index] else f"{index + 1}"
        raise _cell_too_long_error(path, line, _clean_label(str(label)), limits)


def _may_hold_long_line(data: bytes, longest: int) -> bool:
    """False when no line of ``data`` is longer than ``longest`` bytes, found without reading every byte.

    A run of more than ``longest`` bytes holds a whole aligned block of (longest + 1) // 2 bytes, so if every
    such block holds a line break, no line is that long: one search a block, each ending at the block's
    first line break (a few hundred bytes in), where the exact search reads all of a 16 MB file (0.4 s)."""
    block = (longest + 1) // 2
    return any(data.find(b"\n", start, start + block) < 0 for start in range(0, len(data) - block + 1, block))


def _polars_csv(
    path: Path, data: bytes, delimiter: str, skip: int, width: int, limits: ReadLimits
) -> pl.DataFrame:
    def read(columns: int, ragged: bool, n_rows: int | None = None) -> pl.DataFrame:
        return pl.read_csv(
            data, has_header=False, separator=delimiter, skip_lines=skip, quote_char='"',
            schema={f"c{i}": pl.String for i in range(columns)}, missing_columns="insert",
            truncate_ragged_lines=ragged, raise_if_empty=False, n_rows=n_rows,
        )

    # Rows are bounded while parsing: a file with more lines than the limit allows is first read up to one
    # row past it. (Not always: with n_rows polars silently returns no rows for an unclosed quote, so a
    # shorter result is read again whole; multi-line quoted cells also make lines outnumber rows.)
    bounded = limits.max_rows + 1 if data.count(b"\n") - skip > limits.max_rows else None

    def read_all(columns: int, ragged: bool) -> pl.DataFrame:
        if bounded is not None:
            body = read(columns, ragged, bounded)
            _check_rows(path, body.height, limits, first_row=skip + 1)
        return read(columns, ragged)

    try:
        try:
            body = read_all(width, ragged=False)
        except (pl.exceptions.ComputeError, pl.exceptions.SchemaError) as exc:
            if "more fields" not in str(exc) and "not specified in schema" not in str(exc):
                raise
            sep = delimiter.encode()
            widest = max(line.count(sep) for line in data.split(b"\n")[skip:]) + 1
            _check_columns(path, widest, limits)
            body = read_all(max(widest, width), ragged=True)
    except pl.exceptions.PolarsError as exc:
        if "utf-8" in str(exc).lower():
            raise _InvalidUtf8 from exc
        raise _malformed_csv(path) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _malformed_csv(path) from exc
        raise
    _check_rows(path, body.height, limits, first_row=skip + 1)
    return body


def _malformed_csv(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        path, "malformed_csv",
        "Tệp CSV sai cấu trúc (thường do dấu ngoặc kép không đóng); hãy xuất lại từ Excel.",
        "The CSV file is malformed (often an unclosed quote); please export it again from Excel.",
    )


# ---------------------------------------------------------------- JSON


def _read_json(path: Path, data: bytes, limits: ReadLimits) -> RawTable:
    if _json_deeper_than(data, _MAX_JSON_DEPTH):
        raise UnreadableFileError(
            path, "nested_json",
            f"Tệp JSON lồng danh sách hoặc đối tượng sâu hơn {_MAX_JSON_DEPTH} cấp; mỗi bản ghi chỉ được có giá trị "
            f"đơn.",
            f"The JSON file nests lists or objects more than {_MAX_JSON_DEPTH} levels deep; each record may only "
            f"hold plain values.",
        )
    try:
        df = pl.read_json(io.BytesIO(data), infer_schema_length=None)
    except pl.exceptions.PolarsError as exc:
        raise _json_error(path, data, str(exc)) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _json_error(path, data, "") from exc
        raise
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        df = _unwrap_records(path, df)
    elif first != b"[":
        raise _invalid_json(path)
    _check_columns(path, df.width, limits)
    for name, dtype in df.schema.items():
        if dtype.is_nested():
            raise _nested_json(path, name)
    _check_rows(path, df.height, limits)
    # keys that differ only in Unicode form or spacing are one field spelled two ways by the sender
    keys: dict[str, list[pl.Expr]] = {}
    for name, dtype in df.schema.items():
        keys.setdefault(_clean_label(name), []).append(_json_text(pl.col(name), dtype))
    body = df.select(pl.coalesce(exprs).alias(f"c{i}") for i, exprs in enumerate(keys.values()))
    frame, labels = _finish(path, list(keys), body, 1, limits, excel_cells=False)
    return RawTable(path, "json", None, None, 0, labels, frame)


# Records hold plain values, so a valid file nests three levels at most ({"records": [{...}]}). Deeper
# nesting is refused before polars sees it: polars hangs on some shapes a thousand levels deep (a 12 KB file
# of {"x":1,"b":{...}} kept it busy for minutes), and its nested types overflow Python's recursion limit.
_MAX_JSON_DEPTH = 8
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_JSON_STRING = re.compile(rb'"[^"]*"')
_EMPTY_PAIR = re.compile(rb"\[\]|\{\}")


def _json_depth_skeleton(data: bytes) -> bytes:
    """Only the brackets of a JSON text that lie outside strings, found with C-speed byte operations."""
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    return _JSON_STRING.sub(b"", unescaped.translate(None, _NOT_STRUCTURE))


def _json_deeper_than(data: bytes, depth: int) -> bool:
    """Whether brackets nest more than ``depth`` levels: each pass removes the innermost pairs."""
    skeleton = _json_depth_skeleton(data)
    for _ in range(depth):
        if not skeleton:
            return False
        shorter = _EMPTY_PAIR.sub(b"", skeleton)
        if len(shorter) == len(skeleton):
            return False  # unbalanced: a syntax error, which polars reports
        skeleton = shorter
    return bool(_EMPTY_PAIR.search(skeleton))


def _unwrap_records(path: Path, df: pl.DataFrame) -> pl.DataFrame:
    lists = [c for c, dt in df.schema.items() if isinstance(dt, pl.List)]
    if len(lists) != 1:
        raise _invalid_json(path)
    inner = df.schema[lists[0]].inner  # type: ignore[union-attr]
    if inner == pl.Null or df[lists[0]].list.len()[0] == 0:
        return pl.DataFrame()
    if not isinstance(inner, pl.Struct):
        raise _invalid_json(path)
    return df.select(pl.col(lists[0]).explode()).unnest(lists[0])


def _json_text(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_float():
        integral = col.is_finite() & (col == col.round()) & (col.abs() < 1e15)
        return pl.when(integral).then(col.cast(pl.Int64).cast(pl.String)).otherwise(col.cast(pl.String))
    return col.cast(pl.String)


def _invalid_json(path: Path) -> UnreadableFileError:
    return UnreadableFileError(
        path, "invalid_json",
        "Tệp JSON phải là một danh sách bản ghi, hoặc một đối tượng chứa đúng một danh sách bản ghi.",
        "The JSON file must be a list of records, or an object holding exactly one list of records.",
    )


def _nested_json(path: Path, key: str) -> UnreadableFileError:
    return UnreadableFileError(
        path, "nested_json",
        f"Trường '{key}' chứa đối tượng hoặc danh sách lồng nhau; mỗi bản ghi chỉ được có giá trị đơn.",
        f"The field '{key}' holds a nested object or list; each record may only hold plain values.",
    )


def _json_error(path: Path, data: bytes, message: str) -> UnreadableFileError:
    if "utf-8" in message.lower():
        return _bad_encoding(path, "JSON must be UTF-8")
    if re.search(r'deserializing value "(Array|Object)\(', message):
        return _nested_json(path, _nested_key(data))
    if "deserializ" in message:
        return _invalid_json(path)
    return UnreadableFileError(
        path, "invalid_json",
        "Tệp JSON sai cú pháp; hãy kiểm tra lại hệ thống gửi dữ liệu.",
        "The JSON file has a syntax error; please check the sending system.",
    )


def _nested_key(data: bytes) -> str:
    """The first key holding a nested value (error path only, so a plain json.loads is fine)."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return "?"
    if isinstance(parsed, dict):
        parsed = next((v for v in parsed.values() if isinstance(v, list)), [])
    for record in parsed if isinstance(parsed, list) else []:
        for key, value in record.items() if isinstance(record, dict) else ():
            if isinstance(value, dict | list):
                return _clean_label(key)
    return "?"


# ---------------------------------------------------------------- shared finishing


def _check_rows(path: Path, rows: int, limits: ReadLimits, first_row: int | None = None) -> None:
    """``first_row``: the file's row (line) number of the first data row, to name the first row too many."""
    if rows > limits.max_rows:
        n = limits.max_rows
        where_vi = f", dòng {_vi_number(first_row + n)}" if first_row is not None else ""
        where_en = f", row {first_row + n:,}" if first_row is not None else ""
        raise _limit_error(
            path, "too_many_rows", "OSH_MAX_ROWS", where_vi, where_en,
            f"tệp có hơn {_vi_number(n)} dòng dữ liệu; hãy chia nhỏ tệp",
            f"the file has more than {n:,} data rows; please split it",
        )


def _check_columns(path: Path, columns: int, limits: ReadLimits) -> None:
    if columns > limits.max_columns:
        n = limits.max_columns
        raise _limit_error(
            path, "too_many_columns", "OSH_MAX_COLUMNS", f", cột {n + 1}", f", column {n + 1}",
            f"bảng có hơn {n} cột (thường do các ô thừa ở rất xa bên phải); hãy xoá các cột thừa",
            f"the table has more than {n} columns (usually stray cells far to the right); please delete the extra "
            f"columns",
        )


def _finish(
    path: Path,
    header: list[str | None],
    body: pl.DataFrame,
    rows: int | pl.Expr,
    limits: ReadLimits,
    *,
    excel_cells: bool,
) -> tuple[pl.DataFrame, list[str]]:
    """Label the columns, NFC-normalise, turn blank cells into nulls, drop fully empty rows and
    enforce the cell-length limit. `body`'s columns are taken by position, whatever their names; `rows`
    gives row numbers (an int: the first of consecutive ones)."""
    if body.height * body.width <= SMALL_TABLE_CELLS:
        return _finish_cells(path, header, body, rows, limits, excel_cells=excel_cells)
    positional = [f"c{i}" for i in range(body.width)]  # calamine's names (a renaming costs 0.1 ms a small file)
    if body.columns != positional:
        body = body.rename(dict(zip(body.columns, positional, strict=True)))
    return _finish_columns(path, header, body, rows, limits, excel_cells=excel_cells)


def _finish_cells(
    path: Path,
    header: list[str | None],
    body: pl.DataFrame,
    rows: int | pl.Expr,
    limits: ReadLimits,
    *,
    excel_cells: bool,
) -> tuple[pl.DataFrame, list[str]]:
    """_finish for a small table, cell by cell in Python; the same result as _finish_columns."""
    cols = body.columns
    cells = body.rows()
    filled = [[cell is not None and _HAS_TEXT_RE.search(cell) is not None for cell in row] for row in cells]
    has_data = tuple(any(row[i] for row in filled) for i in range(len(cols)))
    labels, names = _labels(path, header, cols, has_data)
    if not names:
        return pl.DataFrame(schema={ROW_NUMBER: pl.Int64}), labels
    if isinstance(rows, int):
        numbers = list(range(rows, rows + body.height))
    else:
        numbers = body.select(rows).to_series().to_list()
    position = {c: i for i, c in enumerate(cols)}
    kept = [position[c] for c in names]
    limit = limits.max_cell_chars
    for i, label in zip(kept, labels, strict=True):
        for row, number in zip(cells, numbers, strict=True):
            cell = row[i]
            if cell is not None and len(cell.encode()) > limit and len(unicodedata.normalize("NFC", cell)) > limit:
                raise _cell_too_long_error(path, number, label, limits)

    out = [
        (*(_clean_cell(row[i], excel_cells) if row_filled[i] else None for i in kept), number)
        for row, row_filled, number in zip(cells, filled, numbers, strict=True)
        if any(row_filled[i] for i in kept)
    ]
    schema = {label: pl.String for label in labels} | {ROW_NUMBER: pl.Int64}
    return pl.DataFrame(out, schema=schema, orient="row"), labels


def _clean_cell(cell: str, excel_cells: bool) -> str:
    if _MAYBE_NOT_NFC_RE.search(cell):
        cell = unicodedata.normalize("NFC", cell)
    if excel_cells:  # as _excel_cell_text
        if cell.endswith(" 00:00:00") and len(cell.encode()) == 19:
            cell = cell[:10]
        if cell.startswith("1899-12-31 ") and len(cell.encode()) == 19:
            cell = cell[11:]
    return cell


def _finish_columns(
    path: Path,
    header: list[str | None],
    body: pl.DataFrame,
    rows: int | pl.Expr,
    limits: ReadLimits,
    *,
    excel_cells: bool,
) -> tuple[pl.DataFrame, list[str]]:
    """_finish for a large table, column by column in polars."""
    if isinstance(rows, int):
        rows = _row_range(rows, body.height)
    cols = body.columns
    filled = body.select(pl.col(c).str.contains(_HAS_TEXT).fill_null(False).alias(f"f{c}") for c in cols)
    has_data = filled.select(pl.all().any()).row(0) if cols else ()
    labels, names = _labels(path, header, cols, has_data)
    if not names:
        return pl.DataFrame(schema={ROW_NUMBER: pl.Int64}), labels

    stats = body.select(
        *(pl.col(c).str.len_bytes().max().alias(f"len{c}") for c in names),
        *(pl.col(c).str.contains(MAYBE_NOT_NFC).any().alias(f"nfc{c}") for c in names),
        *((pl.col(c).is_not_null().sum() - filled[f"f{c}"].sum()).alias(f"blank{c}") for c in names),
        *(pl.col(c).str.ends_with(" 00:00:00").any().alias(f"mid{c}") for c in names if excel_cells),
        *(pl.col(c).str.starts_with("1899-12-31 ").any().alias(f"tim{c}") for c in names if excel_cells),
    ).row(0, named=True)
    for c, label in zip(names, labels, strict=True):
        if (stats[f"len{c}"] or 0) > limits.max_cell_chars:
            _cell_too_long(path, body, c, label, rows, limits)

    body = body.with_columns(_nfc_where_needed(body[c]) for c in names if stats[f"nfc{c}"])
    exprs = []
    for c, label in zip(names, labels, strict=True):
        col = pl.col(c)
        if excel_cells:
            col = _excel_cell_text(col, bool(stats[f"mid{c}"]), bool(stats[f"tim{c}"]))
        if stats[f"blank{c}"]:
            col = pl.when(pl.col(f"f{c}")).then(col)
        exprs.append(col.alias(label))
    keep = pl.any_horizontal(f"f{c}" for c in names)
    frame = body.hstack(filled).with_columns(rows.alias(ROW_NUMBER)).filter(keep)
    return frame.select(*exprs, ROW_NUMBER), labels


def _nfc_where_needed(cells: pl.Series) -> pl.Series:
    """The column NFC-normalised, normalising only the cells that may not be NFC (MAYBE_NOT_NFC), one by one in
    Python as _finish_cells does: polars' ``str.normalize`` runs over every cell, and the one column of names that
    holds a few dozen decomposed ones among 14,000 (a national extract) cost as much as parsing the whole file."""
    suspect = cells.str.contains(MAYBE_NOT_NFC).fill_null(False).arg_true()
    fixed = [unicodedata.normalize("NFC", cell) for cell in cells.gather(suspect).to_list()]
    return cells.scatter(suspect, pl.Series(fixed, dtype=pl.String)) if fixed else cells


def _row_range(first: int, height: int) -> pl.Expr:
    return pl.int_range(first, first + height, dtype=pl.Int64)


def _labels(
    path: Path, header: list[str | None], cols: list[str], has_data: tuple
) -> tuple[list[str], list[str]]:
    """Clean header labels; name unlabelled columns that hold data, drop empty ones; refuse duplicates."""
    labels: list[str] = []
    names: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(header):
        label = _clean_label(cell) if cell else ""
        if not label:
            if not has_data[i]:
                continue
            label = f"_unnamed_{i + 1}"
        key = normalise_label(label)
        if key in seen or label == ROW_NUMBER:
            raise UnreadableFileError(
                path, "duplicate_headers",
                f"Tiêu đề cột '{label}' xuất hiện nhiều lần; mỗi cột phải có tiêu đề riêng.",
                f"The column header '{label}' appears more than once; each column needs its own header.",
            )
        seen.add(key)
        labels.append(label)
        names.append(cols[i])
    return labels, names


def _cell_too_long(
    path: Path, body: pl.DataFrame, c: str, label: str, rows: pl.Expr, limits: ReadLimits
) -> None:
    hit = (
        body.select(rows.alias("row"), pl.col(c).str.normalize("NFC").str.len_chars().alias("n"))
        .filter(pl.col("n") > limits.max_cell_chars)
        .head(1)
    )
    if hit.height:
        raise _cell_too_long_error(path, hit["row"][0], label, limits)


def _cell_too_long_error(path: Path, row: int, label: str, limits: ReadLimits) -> UnreadableFileError:
    n = limits.max_cell_chars
    return _limit_error(
        path, "cell_too_long", "OSH_MAX_CELL_CHARS", f", dòng {row}, cột «{label}»", f", row {row}, column «{label}»",
        f"ô dài hơn {n} ký tự; hãy rút ngắn nội dung ô",
        f"the cell is longer than {n} characters; please shorten it",
    )
