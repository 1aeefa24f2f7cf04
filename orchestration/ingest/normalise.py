"""Vectorised polars expressions that turn submitted text into typed values.

Each builder takes a string expression and returns a typed one. A value that is present but cannot be
parsed becomes null, so callers find parse failures with `raw.is_not_null() & parsed.is_null()` (the
readers already turn blank cells into nulls; for other input test `clean_text(raw).is_not_null()`).

Numbers: Vietnamese convention ("." thousands, "," decimal) is the default; English formats are accepted
where they are unambiguous. The only ambiguous shape is one separator followed by exactly three digits:
  - "1.234" is 1234 for both parse_integer and parse_decimal ("." is the Vietnamese thousands separator);
  - "1,234" is 1234 for parse_integer (a count cannot be 1.234) but 1.234 for parse_decimal (Vietnamese
    decimal comma). "1,234,567" (two or more groups) is English thousands in both.
A leading group "0" is never a thousands group: "0.123" and "0,123" are 0.123.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

import polars as pl

_WHITESPACE = r"[\s\u200B\uFEFF]+"  # \s covers U+00A0 and the other Unicode spaces
_YEAR = r"(?:19|20)\d{2}"

# Polars evaluates a sub-expression once per reference (eager frames do no common-subexpression
# elimination), so the builders below prefer chains of single-reference steps over when/then branches
# that reuse an intermediate result many times.


def _nfc(pattern: str) -> str:
    return unicodedata.normalize("NFC", pattern)


def _squash(e: pl.Expr) -> pl.Expr:
    """Collapse whitespace and strip, without NFC (for values made of digits and punctuation)."""
    return e.str.replace_all(_WHITESPACE, " ").str.strip_chars(" ").replace("", None)


def clean_text(e: pl.Expr) -> pl.Expr:
    """NFC, strip, collapse inner whitespace (incl. non-breaking space) to one space; "" -> null."""
    return _squash(e.str.normalize("NFC"))


# ---------------------------------------------------------------- numbers

_VN_NUMBER = r"^[+-]?(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+|(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+),\d+)$"
_EN_DECIMAL = r"(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)\.\d+"
_EN_NUMBER = rf"^[+-]?(?:[1-9]\d{{0,2}}(?:,\d{{3}})+|{_EN_DECIMAL})$"  # "1,234" is thousands
_EN_NUMBER_DECIMAL = rf"^[+-]?(?:[1-9]\d{{0,2}}(?:,\d{{3}}){{2,}}|{_EN_DECIMAL})$"  # "1,234" is not
_ONE_COMMA_GROUP = r"^[+-]?[1-9]\d{0,2},\d{3}$"
_SCIENTIFIC = r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$"


def _number_text(e: pl.Expr, *, integer: bool) -> pl.Expr:
    """Canonical "-1234.5" text of a Vietnamese or English formatted number, else null."""
    x = e.str.replace_all(_WHITESPACE, "")
    vietnamese = x.str.contains(_VN_NUMBER)
    if integer:  # "1,234" is a thousands group for counts
        vietnamese = vietnamese & ~x.str.contains(_ONE_COMMA_GROUP)
    english = x.str.contains(_EN_NUMBER if integer else _EN_NUMBER_DECIMAL)
    canonical = (
        pl.when(vietnamese).then(x.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(english).then(x.str.replace_all(",", "", literal=True))
    )
    if not integer:
        canonical = canonical.when(x.str.contains(_SCIENTIFIC)).then(x)
    return canonical


def parse_integer(e: pl.Expr) -> pl.Expr:
    """Int64 from "1.234.567", "1,234,567", "1 234", "-12", "12,0"; non-integral ("12,5") -> null."""
    return _number_text(e, integer=True).str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)


def parse_decimal(e: pl.Expr) -> pl.Expr:
    """Float64 from "1.234,5", "12,5", "1,234.5", "1234.5", "1 234", "1.5E+3" (see module doc)."""
    return _number_text(e, integer=False).cast(pl.Float64, strict=False)


# ---------------------------------------------------------------- dates

_DMY_TO_YMD = (r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", "${3}-${2}-${1}")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _text_datetime(e: pl.Expr) -> pl.Expr:
    # every accepted shape becomes "yyyy-m-d H:M:S" (chrono accepts 1-digit fields); others stay unparseable
    text = (
        e.str.strip_chars()
        .str.replace(*_DMY_TO_YMD)
        .str.replace("T", " ", literal=True)
        .str.replace(r"^\d{4}-\d{1,2}-\d{1,2}$", "${0} 0:0:0")  # no time part
        .str.replace(r"^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}$", "${0}:0")  # no seconds
    )
    return text.str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us", strict=False)


def _excel_serial(e: pl.Expr, serial_min: int, serial_max: int) -> pl.Expr:
    """Datetime of an Excel 1900-system serial ("45123", "45123.5") within [serial_min, serial_max]."""
    serial = e.str.extract(r"^\s*(\d{1,6}(?:\.\d+)?)\s*$").cast(pl.Float64, strict=False)
    serial = pl.when(serial.is_between(serial_min, serial_max + 1, closed="left")).then(serial)
    stamp = pl.lit(_EXCEL_EPOCH) + pl.duration(seconds=(serial * 86_400).round().cast(pl.Int64))
    if serial_min < 61:
        # Excel believes 1900 was a leap year: serials below 60 count from 1899-12-31, 60 does not exist
        stamp = pl.when(serial < 60).then(stamp + pl.duration(days=1)).when(serial >= 61).then(stamp)
    return stamp


def parse_datetime(e: pl.Expr, *, serial_min: int = 10_000, serial_max: int = 80_000) -> pl.Expr:
    """Datetime from d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd, each with optional " hh:mm[:ss]"
    (ISO "T" accepted), or an Excel serial number ("45123", "45123.5").

    Serials outside [serial_min, serial_max] (default 1927-05-18 .. 2119-01-11) are rejected so that a
    bare year such as "2025" never becomes a date in 1905.
    """
    return pl.coalesce(_text_datetime(e), _excel_serial(e, serial_min, serial_max))


def parse_date(e: pl.Expr, *, serial_min: int = 10_000, serial_max: int = 80_000) -> pl.Expr:
    """Date from the formats of parse_datetime; a time part, if any, is dropped."""
    return parse_datetime(e, serial_min=serial_min, serial_max=serial_max).dt.date()


# ---------------------------------------------------------------- booleans and codes

_TRUE = ("có", "co", "c", "x", "1", "true", "yes", "y", "đúng", "dung")
_FALSE = ("không", "khong", "ko", "k", "0", "false", "no", "n", "sai")
_BOOLEANS = {_nfc(w): True for w in _TRUE} | {_nfc(w): False for w in _FALSE}


def parse_bool(e: pl.Expr) -> pl.Expr:
    """Có/C/x/1/true/yes/đúng -> true; Không/K/0/false/no/sai -> false (any case); else null."""
    return bool_of_clean(clean_text(e))


def bool_of_clean(cleaned: pl.Expr) -> pl.Expr:
    """parse_bool of text already through clean_text."""
    return cleaned.str.to_lowercase().replace_strict(_BOOLEANS, default=None, return_dtype=pl.Boolean)


def _digits_only(e: pl.Expr) -> pl.Expr:
    """Drop a trailing ".0" added by spreadsheets to numbers, then spaces, dashes and dots."""
    return e.str.replace(r"^\s*(\d+)\.0\s*$", "${1}").str.replace_all(r"[\s.\-\u2010-\u2015]", "")


def normalise_tax_code(e: pl.Expr) -> pl.Expr:
    """10-digit enterprise or 13-digit branch tax code (MST) as digits only ("0123456789-001" ->
    "0123456789001"); any other shape -> null. A leading zero lost by Excel is not restored."""
    return _digits_only(e).str.extract(r"^(\d{10}|\d{13})$")


def normalise_digits(e: pl.Expr, length: int) -> pl.Expr:
    """Exactly `length` digits after removing spaces, dashes and dots (e.g. a 12-digit CCCD); no padding."""
    return _digits_only(e).str.extract(rf"^(\d{{{length}}})$")


def normalise_code(e: pl.Expr) -> pl.Expr:
    """clean_text, keeping case, without the ".0" spreadsheets add to numeric codes ("101.0" -> "101")."""
    return code_of_clean(clean_text(e))


def code_of_clean(cleaned: pl.Expr) -> pl.Expr:
    """normalise_code of text already through clean_text."""
    return cleaned.str.replace(r"^(\d+)\.0+$", "${1}")


# ---------------------------------------------------------------- periods

_PERIOD_STEPS: tuple[tuple[str, str], ...] = tuple(
    (_nfc(pattern), replacement)
    for pattern, replacement in (
        (rf"^năm\s*({_YEAR})$", "${1}"),
        (rf"^({_YEAR})\s*[-/]?\s*s([12])$", "${1}S${2}"),
        (rf"^s([12])\s*[-/]?\s*(?:năm\s*)?({_YEAR})$", "${2}S${1}"),
        (rf"^6\s*(?:tháng|t)\s*đầu\s*(?:năm\s*)?({_YEAR})$", "${1}S1"),
        (rf"^6\s*(?:tháng|t)\s*cuối\s*(?:năm\s*)?({_YEAR})$", "${1}S2"),
        (rf"^({_YEAR})-(\d)$", "${1}0${2}"),
        (rf"^({_YEAR})-(\d{{2}})$", "${1}${2}"),
        (rf"^(?:tháng\s*|t)?(\d)\s*(?:[/\-]|năm)\s*({_YEAR})$", "${2}0${1}"),
        (rf"^(?:tháng\s*|t)?(\d{{2}})\s*(?:[/\-]|năm)\s*({_YEAR})$", "${2}${1}"),
    )
)
_CANONICAL_PERIOD = rf"^({_YEAR}(?:S[12]|0[1-9]|1[0-2])?)$"


def parse_period(e: pl.Expr) -> pl.Expr:
    """Canonical DHIS2-style period: "2025" (year), "2025S1"/"2025S2" (half-year), "202507" (month).

    Accepts "2025", "năm 2025", "2025S1", "2025-s1", "S1/2025", "6 tháng đầu năm 2025", "2025-07",
    "07/2025", "T7/2025", "tháng 7 năm 2025", "202507"; anything else -> null.
    """
    return period_of_clean(clean_text(e))


def period_of_clean(cleaned: pl.Expr) -> pl.Expr:
    """parse_period of text already through clean_text."""
    s = cleaned.str.to_lowercase()
    for pattern, replacement in _PERIOD_STEPS:
        s = s.str.replace(pattern, replacement)
    return s.str.extract(_CANONICAL_PERIOD)
