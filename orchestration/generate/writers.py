"""Write cells to files, streaming: XLSX (xlsxwriter in constant-memory mode), CSV, JSON.

Each sink is opened once, takes rows chunk by chunk, and is closed; no writer holds a file's rows.
Output is byte-for-byte reproducible (fixed workbook timestamps, fixed key order).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import xlsxwriter

from orchestration.generate.styles import Style

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_FIXED_CREATED = datetime(2025, 1, 1)
_TMPDIR = "/dev/shm" if os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()  # xlsxwriter scratch files


def cp1258_text(text: str) -> str:
    """Text in the form Windows-1258 can encode: precomposed base letters (â, ơ, ư...) plus combining tones."""
    out: list[str] = []
    base, tones = "", ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if ch in _TONE_MARKS:
                tones += ch
            else:
                base += ch
            continue
        if base:
            out.append(unicodedata.normalize("NFC", base) + tones)
        base, tones = ch, ""
    if base:
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out)


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return cp1258_text(text).encode("cp1258")
    return text.encode("utf-8")


class Sink(Protocol):
    rows: int

    def write(self, rows: list[list[Any]]) -> None: ...

    def close(self) -> None: ...


class XlsxSink:
    def __init__(self, path: Path, header: list[str], title: list[str], sheet: str = "Báo cáo") -> None:
        self.workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": _TMPDIR,
                                                        "strings_to_numbers": False, "strings_to_formulas": False,
                                                        "strings_to_urls": False})
        self.workbook.set_properties({"created": _FIXED_CREATED, "author": "", "company": ""})
        self.sheet = self.workbook.add_worksheet(sheet)
        self.date_format = self.workbook.add_format({"num_format": "dd/mm/yyyy"})
        self.datetime_format = self.workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        bold = self.workbook.add_format({"bold": True})
        for i, line in enumerate(title):
            if line:
                self.sheet.write_string(i, 0, line, bold)
        self.next_row = len(title)
        for c, label in enumerate(header):
            self.sheet.write_string(self.next_row, c, label, bold)
        self.next_row += 1
        self.rows = 0

    def write(self, rows: list[list[Any]]) -> None:
        sheet = self.sheet
        for cells in rows:
            r = self.next_row
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                if isinstance(cell, str):
                    sheet.write_string(r, c, cell)
                elif isinstance(cell, bool):
                    sheet.write_boolean(r, c, cell)
                elif isinstance(cell, int | float):
                    sheet.write_number(r, c, cell)
                elif isinstance(cell, datetime):
                    sheet.write_datetime(r, c, cell, self.datetime_format)
                elif isinstance(cell, date):
                    sheet.write_datetime(r, c, datetime(cell.year, cell.month, cell.day), self.date_format)
                else:
                    raise TypeError(f"cannot write {cell!r} to XLSX")
            self.next_row += 1
        self.rows += len(rows)

    def close(self) -> None:
        self.workbook.close()


class CsvSink:
    def __init__(self, path: Path, header: list[str], title: list[str], style: Style) -> None:
        self.handle: BinaryIO = path.open("wb")
        self.style = style
        if style.encoding == "utf-8-sig":
            self.handle.write(b"\xef\xbb\xbf")
        lines = [[line] if line else [] for line in title] + [header]
        self._emit(lines)
        self.rows = 0

    def _emit(self, rows: list[list[Any]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.style.delimiter, lineterminator=self.style.newline)
        writer.writerows(["" if c is None else c for c in cells] for cells in rows)
        self.handle.write(encode(buffer.getvalue(), self.style.encoding))

    def write(self, rows: list[list[Any]]) -> None:
        self._emit(rows)
        self.rows += len(rows)

    def close(self) -> None:
        self.handle.close()


class JsonSink:
    """A JSON list of records keyed by the template's canonical names (what API senders send)."""

    def __init__(self, path: Path, keys: list[str]) -> None:
        self.handle: BinaryIO = path.open("wb")
        self.keys = keys
        self.rows = 0
        self.handle.write(b"[")

    def write(self, rows: list[list[Any]]) -> None:
        parts = []
        for cells in rows:
            record = dict(zip(self.keys, cells, strict=True))
            parts.append("\n  " + json.dumps(record, ensure_ascii=False, default=_json_default))
        if parts:
            prefix = b"," if self.rows else b""
            self.handle.write(prefix + ",".join(parts).encode("utf-8"))
        self.rows += len(rows)

    def close(self) -> None:
        self.handle.write(b"\n]\n")
        self.handle.close()


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} to JSON")


def open_sink(path: Path, style: Style, header: list[str], keys: list[str], title: list[str]) -> Sink:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():  # two files of one landing zone must never share a name
        raise FileExistsError(f"{path} would be written twice")
    if style.fmt == "xlsx":
        return XlsxSink(path, header, title)
    if style.fmt == "csv":
        return CsvSink(path, header, title, style)
    return JsonSink(path, keys)
