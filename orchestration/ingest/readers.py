"""Read a submitted XLSX, CSV or JSON file into a frame of strings with true row numbers.

Every value stays text, exactly as the sender sees it (NFC-normalised); typing is normalise.py's job.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Collection, Mapping
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
# Characters that are NFC-stable and never combine with a neighbour (Latin, Vietnamese, punctuation,
# currency); a column with none outside this set is already NFC, so normalising it can be skipped.
_MAYBE_NOT_NFC = r"[^\x00-\u02FF\u1EA0-\u1EFF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0]"
_LABEL_SUFFIX = re.compile(r"(?:\s*(?:\*|\([^()]*\)))+$")


class UnreadableFileError(Exception):
    """The file cannot be read at all: a stable reason code and one sentence in Vietnamese and English."""

    def __init__(self, path: Path, reason: str, message_vi: str, message_en: str):
        self.path = Path(path)
        self.reason = reason
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{self.path.name}: {message_en} / {message_vi}")

    def __reduce__(self):  # keep it picklable across processes despite the custom __init__
        return type(self), (self.path, self.reason, self.message_vi, self.message_en)


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int = 200 * 1024 * 1024
    max_rows: int = 2_000_000
    max_cell_chars: int = 10_000


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

    expected_labels may be a Mapping (Vietnamese label -> canonical name): a header cell then matches
    an entry by either spelling, and "at least half" counts entries, not spellings.
    """
    path = Path(path)
    file_format = _EXTENSIONS.get(path.suffix.lower())
    if file_format is None:
        raise _unsupported_extension(path)
    size = path.stat().st_size
    if size == 0:
        raise _empty(path)
    if size > limits.max_file_bytes:
        mb = f"{limits.max_file_bytes / 2**20:g}"
        raise UnreadableFileError(
            path, "too_large",
            f"Tệp lớn hơn giới hạn {mb} MB; hãy chia nhỏ tệp.",
            f"The file is larger than the {mb} MB limit; please split it.",
        )
    data = path.read_bytes()
    _check_magic(path, file_format, data)
    groups = _expected_groups(expected_labels)
    if file_format == "xlsx":
        return _read_xlsx(path, data, sheet, groups, limits)
    if file_format == "csv":
        return _read_csv(path, data, groups, limits)
    return _read_json(path, data, limits)


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
    if head.startswith(b"%PDF"):
        raise _not_a(path, "đây là tài liệu PDF", "it is a PDF document")


# ---------------------------------------------------------------- header detection


def _clean_label(label: str) -> str:
    text = unicodedata.normalize("NFC", label).replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def _expected_groups(expected: Collection[str] | None) -> list[frozenset[str]] | None:
    if not expected:
        return None
    if isinstance(expected, Mapping):
        groups = {frozenset({normalise_label(k), normalise_label(str(v))}) for k, v in expected.items()}
    else:
        groups = {frozenset({normalise_label(x)}) for x in expected}
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
    sample = ", ".join(sorted(next(iter(g)) for g in groups)[:5])
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
    try:
        reader = fastexcel.read_excel(data)
        name = _pick_sheet(path, reader.sheet_names, sheet)
        # header_row=None + skip_rows=0 keeps leading empty rows, so row i of the frame is Excel row i+1;
        # dtypes="string" makes calamine render each cell as text (integral numbers without ".0").
        loaded = reader.load_sheet(name, header_row=None, dtypes="string", skip_rows=0)
        df = loaded.to_polars()
    except fastexcel.FastExcelError as exc:
        raise _bad_xlsx(path, data) from exc
    if df.height == 0 or df.width == 0:
        raise UnreadableFileError(
            path, "empty_file", f"Trang tính '{name}' không có dữ liệu.", f"The sheet '{name}' has no data."
        )
    found = _find_header(df.head(HEADER_SEARCH_ROWS).rows(), groups)
    if found is None:
        raise _no_header(path, groups)
    idx = found[0]
    _check_rows(path, df.height - idx - 1, limits)
    df = df.rename({c: f"c{i}" for i, c in enumerate(df.columns)})
    header = list(df.row(idx))
    body = df.slice(idx + 1)
    rows = pl.int_range(idx + 2, idx + 2 + body.height, dtype=pl.Int64)
    frame, labels = _finish(path, header, body, rows, limits, excel_cells=True)
    return RawTable(path, "xlsx", None, name, idx + 1, labels, frame)


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
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


def _bad_xlsx(path: Path, data: bytes) -> UnreadableFileError:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = None
    if names is not None and not names & {"xl/workbook.xml", "xl/workbook.bin"}:
        return _not_a(path, "đây là tệp nén không chứa bảng tính", "it is a zip archive without a workbook")
    return UnreadableFileError(
        path, "corrupt_xlsx",
        "Tệp Excel bị hỏng hoặc không đầy đủ; hãy mở bằng Excel, lưu lại rồi gửi lại.",
        "The Excel file is damaged or incomplete; please open it in Excel, save it again and resend.",
    )


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
        raise _no_header(path, groups)
    delimiter, header, first_line, last_line = sniffed
    width = len(header)
    body = _polars_csv(path, data, delimiter, last_line, width, limits)
    if body.width > width:  # ragged rows: cells beyond the header become unnamed columns
        header = header + [None] * (body.width - width)
    expected_lines = data.count(b"\n") - last_line + (0 if data.endswith(b"\n") else 1)
    rows = pl.int_range(last_line + 1, last_line + 1 + body.height, dtype=pl.Int64)
    if body.height != expected_lines:  # quoted cells with line breaks shift later rows down
        breaks = pl.sum_horizontal(pl.col(body.columns).str.count_matches("\n", literal=True).fill_null(0))
        rows = rows + breaks.cum_sum().shift(1, fill_value=0).cast(pl.Int64)
    frame, labels = _finish(path, header, body, rows, limits, excel_cells=False)
    return RawTable(path, "csv", encoding, None, first_line, labels, frame)


def _polars_csv(
    path: Path, data: bytes, delimiter: str, skip: int, width: int, limits: ReadLimits
) -> pl.DataFrame:
    def read(columns: int, ragged: bool) -> pl.DataFrame:
        return pl.read_csv(
            data, has_header=False, separator=delimiter, skip_lines=skip, quote_char='"',
            schema={f"c{i}": pl.String for i in range(columns)}, missing_columns="insert",
            truncate_ragged_lines=ragged, raise_if_empty=False,
        )  # n_rows is not used: with it, polars silently returns no rows for an unclosed quote

    try:
        try:
            body = read(width, ragged=False)
        except pl.exceptions.ComputeError as exc:
            if "more fields" not in str(exc):
                raise
            sep = delimiter.encode()
            widest = max(line.count(sep) for line in data.split(b"\n")[skip:]) + 1
            body = read(max(widest, width), ragged=True)
    except pl.exceptions.ComputeError as exc:
        if "utf-8" in str(exc).lower():
            raise _InvalidUtf8 from exc
        raise UnreadableFileError(
            path, "malformed_csv",
            "Tệp CSV sai cấu trúc (thường do dấu ngoặc kép không đóng); hãy xuất lại từ Excel.",
            "The CSV file is malformed (often an unclosed quote); please export it again from Excel.",
        ) from exc
    _check_rows(path, body.height, limits)
    return body


# ---------------------------------------------------------------- JSON


def _read_json(path: Path, data: bytes, limits: ReadLimits) -> RawTable:
    try:
        df = pl.read_json(io.BytesIO(data), infer_schema_length=None)
    except pl.exceptions.ComputeError as exc:
        raise _json_error(path, data, str(exc)) from exc
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        df = _unwrap_records(path, df)
    elif first != b"[":
        raise _invalid_json(path)
    for name, dtype in df.schema.items():
        if dtype.is_nested():
            raise _nested_json(path, name)
    _check_rows(path, df.height, limits)
    # keys that differ only in Unicode form or spacing are one field spelled two ways by the sender
    keys: dict[str, list[pl.Expr]] = {}
    for name, dtype in df.schema.items():
        keys.setdefault(_clean_label(name), []).append(_json_text(pl.col(name), dtype))
    body = df.select(pl.coalesce(exprs).alias(f"c{i}") for i, exprs in enumerate(keys.values()))
    rows = pl.int_range(1, body.height + 1, dtype=pl.Int64)
    frame, labels = _finish(path, list(keys), body, rows, limits, excel_cells=False)
    return RawTable(path, "json", None, None, 0, labels, frame)


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
    except ValueError:
        return "?"
    if isinstance(parsed, dict):
        parsed = next((v for v in parsed.values() if isinstance(v, list)), [])
    for record in parsed if isinstance(parsed, list) else []:
        for key, value in record.items() if isinstance(record, dict) else ():
            if isinstance(value, dict | list):
                return _clean_label(key)
    return "?"


# ---------------------------------------------------------------- shared finishing


def _check_rows(path: Path, rows: int, limits: ReadLimits) -> None:
    if rows > limits.max_rows:
        vi_count = f"{limits.max_rows:_}".replace("_", ".")
        raise UnreadableFileError(
            path, "too_many_rows",
            f"Tệp có hơn {vi_count} dòng dữ liệu; hãy chia nhỏ tệp.",
            f"The file has more than {limits.max_rows:,} data rows; please split it.",
        )


def _finish(
    path: Path,
    header: list[str | None],
    body: pl.DataFrame,
    rows: pl.Expr,
    limits: ReadLimits,
    *,
    excel_cells: bool,
) -> tuple[pl.DataFrame, list[str]]:
    """Label the columns, NFC-normalise, turn blank cells into nulls, drop fully empty rows and
    enforce the cell-length limit. `body` has positional columns c0, c1, ...; `rows` gives row numbers."""
    cols = body.columns
    filled = body.select(pl.col(c).str.contains(r"\S").fill_null(False).alias(f"f{c}") for c in cols)
    has_data = filled.select(pl.all().any()).row(0) if cols else ()
    labels, names = _labels(path, header, cols, has_data)
    if not names:
        return pl.DataFrame(schema={ROW_NUMBER: pl.Int64}), labels

    stats = body.select(
        *(pl.col(c).str.len_bytes().max().alias(f"len{c}") for c in names),
        *(pl.col(c).str.contains(_MAYBE_NOT_NFC).any().alias(f"nfc{c}") for c in names),
        *((pl.col(c).is_not_null().sum() - filled[f"f{c}"].sum()).alias(f"blank{c}") for c in names),
        *(pl.col(c).str.ends_with(" 00:00:00").any().alias(f"mid{c}") for c in names if excel_cells),
        *(pl.col(c).str.starts_with("1899-12-31 ").any().alias(f"tim{c}") for c in names if excel_cells),
    ).row(0, named=True)
    for c, label in zip(names, labels, strict=True):
        if (stats[f"len{c}"] or 0) > limits.max_cell_chars:
            _cell_too_long(path, body, c, label, rows, limits)

    exprs = []
    for c, label in zip(names, labels, strict=True):
        col = pl.col(c)
        if stats[f"nfc{c}"]:
            col = col.str.normalize("NFC")
        if excel_cells:
            col = _excel_cell_text(col, bool(stats[f"mid{c}"]), bool(stats[f"tim{c}"]))
        if stats[f"blank{c}"]:
            col = pl.when(pl.col(f"f{c}")).then(col)
        exprs.append(col.alias(label))
    keep = pl.any_horizontal(f"f{c}" for c in names)
    frame = body.hstack(filled).with_columns(rows.alias(ROW_NUMBER)).filter(keep)
    return frame.select(*exprs, ROW_NUMBER), labels


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
        row = hit["row"][0]
        raise UnreadableFileError(
            path, "cell_too_long",
            f"Ô ở cột '{label}', dòng {row} dài hơn {limits.max_cell_chars} ký tự.",
            f"The cell in column '{label}', row {row} is longer than {limits.max_cell_chars} characters.",
        )
