"""Typed values to cells as a sender writes them, clean or with the quirks a reader must absorb.

A cell is what a writer puts in the file: for XLSX a native value (number, date, text); for CSV text;
for JSON a JSON value. ``canonical`` is the one textual form of a typed value used by the manifest and
by the tests to compare what was meant with what was loaded.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from orchestration.generate.styles import Style
from schemas import reference
from schemas.template import ColumnSpec

Cell = Any  # None | str | int | float | bool | date | datetime
EXCEL_EPOCH = datetime(1899, 12, 30)
_PLAIN_DECIMAL = re.compile(r"^-?\d+\.\d*[1-9]$")  # what XLSX/JSON readers take as a machine decimal
SEX_WORDS = {"male": "Nam", "female": "Nữ"}


def decimal_text(x: float, comma: bool) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if comma else text


def canonical(kind: str, value: Any) -> str:
    """One text form of a typed value: what the manifest records and the tests compare."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "decimal":
        return format(round(float(value), 6), "f").rstrip("0").rstrip(".")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def clean(spec: ColumnSpec, value: Any, style: Style) -> Cell:
    """The cell of a typed value written the usual way for the style."""
    if value is None:
        return None
    kind = spec.kind
    if kind == "boolean":
        return bool(value) if style.fmt == "json" else ("Có" if value else "Không")
    if kind == "sex":
        return value if style.fmt == "json" else SEX_WORDS[value]
    if kind == "integer":
        return int(value) if style.fmt != "csv" else str(int(value))
    if kind == "decimal":
        return float(value) if style.fmt != "csv" else decimal_text(value, style.decimal_comma)
    if kind == "datetime":
        if style.fmt == "xlsx":
            return value
        if style.fmt == "json":
            return value.strftime("%Y-%m-%dT%H:%M:%S")
        return value.strftime("%d/%m/%Y %H:%M") if style.day_first else value.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "date":
        if style.fmt == "xlsx":
            return value
        return value.strftime("%d/%m/%Y") if style.day_first and style.fmt == "csv" else value.isoformat()
    return str(value)


def as_text(cell: Cell, style: Style) -> str:
    """What the sender sees in the cell (for the manifest)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M") if cell.hour or cell.minute else cell.strftime("%d/%m/%Y")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)


# ---------------------------------------------------------------- quirks (readers must absorb them)

Quirk = Callable[[ColumnSpec, Any, Style, random.Random], Cell | None]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _thousands(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "integer" or abs(value) < 1000:
        return None
    grouped = f"{value:,}".replace(",", ".")
    if style.fmt != "csv" and _PLAIN_DECIMAL.match(grouped):
        grouped = f"{value:,}".replace(",", " ")  # "1.234" in a machine format reads as a decimal
    return grouped


def _grouped_decimal(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "decimal" or abs(value) < 1000:
        return None
    whole, _, fraction = f"{value:.2f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else f"{grouped},0"


def _date_text(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind == "date":
        return value.isoformat() if style.fmt == "csv" and style.day_first else value.strftime("%d/%m/%Y")
    if spec.kind == "datetime":
        if style.fmt == "csv" and style.day_first:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.strftime("%d/%m/%Y %H:%M")
    return None


def _excel_serial(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind == "date":
        serial = (datetime.combine(value, datetime.min.time()) - EXCEL_EPOCH).days
        return serial if style.fmt == "xlsx" else str(serial)
    if spec.kind == "datetime":
        delta = value - EXCEL_EPOCH
        serial = delta.days + delta.seconds / 86_400
        return serial if style.fmt == "xlsx" else f"{serial:.10f}"
    return None


_SPACED_KINDS = frozenset({"text", "code", "commune", "tax_code", "integer", "period", "sex", "national_id"})


def _stray_spaces(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind not in _SPACED_KINDS:
        return None
    text = as_text(clean(spec, value, style), style)
    return r.choice((f" {text}", f"{text}  ", f"  {text} ", f"{text}\u00a0"))


def _code_label(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "code" or not spec.code_list:
        return None
    row = next((x for x in reference.read_seed(spec.code_list) if x["code"] == value), None)
    label = row.get("name_vi") if row else None
    if not label or reference.code_aliases(spec.code_list).get(_fold(label)) != value:
        return None
    return label


def _boolean_word(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "boolean":
        return None
    return r.choice(("x", "C", "có", "1", "Yes")) if value else r.choice(("K", "không", "0", "No"))


def _period_words(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "period":
        return None
    if len(value) == 4:
        return f"Năm {value}"
    if "S" in value:
        year, half = value.split("S")
        return r.choice((f"S{half}/{year}", f"{year}-S{half}",
                         f"6 tháng {'đầu' if half == '1' else 'cuối'} năm {year}"))
    year, month = value[:4], int(value[4:])
    return r.choice((f"{month:02d}/{year}", f"T{month}/{year}", f"tháng {month} năm {year}"))


def _grouped_digits(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind == "tax_code":
        return f"{value[:10]}-{value[10:]}" if len(value) == 13 else f"{value[:4]} {value[4:7]} {value[7:]}"
    if spec.kind == "national_id":
        return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}"
    return None


def _decomposed(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "text" or unicodedata.normalize("NFD", value) == value:
        return None
    return unicodedata.normalize("NFD", value)


def _sex_word(spec: ColumnSpec, value: Any, style: Style, r: random.Random) -> Cell | None:
    if spec.kind != "sex":
        return None
    return r.choice(("NAM", "nam", "M")) if value == "male" else r.choice(("nữ", "NỮ", "F"))


QUIRKS: dict[str, Quirk] = {
    "thousands_separator": _thousands,
    "grouped_decimal": _grouped_decimal,
    "date_as_text": _date_text,
    "excel_serial_date": _excel_serial,
    "stray_spaces": _stray_spaces,
    "code_as_label": _code_label,
    "boolean_word": _boolean_word,
    "period_in_words": _period_words,
    "grouped_digits": _grouped_digits,
    "unicode_nfd": _decomposed,
    "sex_word": _sex_word,
}


def normalised_expectation(spec: ColumnSpec, value: Any) -> str:
    """What the loaded value must read as after the reader has absorbed a quirk."""
    if spec.kind == "text":
        return " ".join(unicodedata.normalize("NFC", value).split())
    return canonical(spec.kind, value)
