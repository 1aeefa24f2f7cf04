"""Normalisation expressions: good values, bad values (null) and the edge cases between."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime

import polars as pl
import pytest

from orchestration.ingest import normalise as n


def apply(builder: Callable[[pl.Expr], pl.Expr], values: list[str | None]) -> list:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    return frame.select(builder(pl.col("v")).alias("out"))["out"].to_list()


def check(builder: Callable[[pl.Expr], pl.Expr], cases: dict[str | None, object]) -> None:
    assert dict(zip(cases, apply(builder, list(cases)), strict=True)) == cases


def test_clean_text() -> None:
    check(n.clean_text, {
        "  Nguyễn   Văn\u00a0A ": "Nguyễn Văn A",
        "Dòng 1\r\nDòng 2\tx": "Dòng 1 Dòng 2 x",
        unicodedata.normalize("NFD", "Quảng Ngãi"): "Quảng Ngãi",
        "\u200bmã\ufeff": "mã",
        "": None,
        " \u00a0 ": None,
        None: None,
    })
    assert apply(n.clean_text, ["Đặng"])[0] == unicodedata.normalize("NFC", "Đặng")


def test_parse_integer() -> None:
    check(n.parse_integer, {
        "1234": 1234,
        "1.234.567": 1_234_567,
        "1,234,567": 1_234_567,
        "1 234": 1234,
        "1\u00a0234\u00a0567": 1_234_567,
        "-12": -12,
        "+5": 5,
        " 42 ": 42,
        "007": 7,
        "1.234": 1234,  # one separator + three digits is a thousands group
        "1,234": 1234,
        "12,0": 12,  # integral decimals are accepted
        "12.00": 12,
        "1.234,0": 1234,
        "12,5": None,  # not integral
        "1234.5": None,
        "0.123": None,  # "0" is never a thousands group
        "1.23.4": None,
        "1,234,5": None,
        "1.234.5": None,
        "1.5E+3": None,
        "12a": None,
        "": None,
        "-": None,
        "99999999999999999999": None,  # beyond Int64
        None: None,
    })


def test_parse_decimal() -> None:
    check(n.parse_decimal, {
        "1234": 1234.0,
        "12,5": 12.5,
        "1.234,5": 1234.5,
        "1.234.567,25": 1_234_567.25,
        "1234.5": 1234.5,
        "1,234.5": 1234.5,
        "1,234,567": 1_234_567.0,
        "1 234,5": 1234.5,
        "-0,5": -0.5,
        "0.123": 0.123,
        "12.50": 12.5,
        "1.234": 1234.0,  # Vietnamese thousands
        "1,234": 1.234,  # Vietnamese decimal comma (documented choice)
        "1.5E+3": 1500.0,
        "1,2.3": None,
        "1.234.5": None,
        "12,": None,
        ",5": None,
        "abc": None,
        "": None,
        None: None,
    })


def test_parse_date() -> None:
    check(n.parse_date, {
        "07/03/2025": date(2025, 3, 7),
        "7/3/2025": date(2025, 3, 7),
        "07-03-2025": date(2025, 3, 7),
        "07.03.2025": date(2025, 3, 7),
        "2025-03-07": date(2025, 3, 7),
        "2025-03-07 08:30:15": date(2025, 3, 7),
        "07/03/2025 08:30": date(2025, 3, 7),
        " 29/02/2024 ": date(2024, 2, 29),
        "45123": date(2023, 7, 16),
        "45123.0": date(2023, 7, 16),
        "45123.75": date(2023, 7, 16),
        "31/02/2025": None,
        "29/02/2025": None,
        "13/13/2025": None,
        "2025-13-01": None,
        "07/03/25": None,
        "2025": None,  # a bare year is not an Excel serial by default
        "99999": None,
        "07/03/2025 25:00": None,
        "ngày 7 tháng 3": None,
        "": None,
        None: None,
    })


def test_parse_date_serial_range_is_configurable() -> None:
    dates = apply(lambda e: n.parse_date(e, serial_min=1), ["1", "59", "60", "61", "2025"])
    # Excel's fake 1900-02-29 (serial 60) does not exist; dates around it stay right
    assert dates == [date(1900, 1, 1), date(1900, 2, 28), None, date(1900, 3, 1), date(1905, 7, 17)]
    assert apply(lambda e: n.parse_date(e, serial_min=10_000), ["9999", "10000", "80000", "80001"]) == [
        None, date(1927, 5, 18), date(2119, 1, 11), None,
    ]


def test_parse_datetime() -> None:
    check(n.parse_datetime, {
        "07/03/2025 08:30": datetime(2025, 3, 7, 8, 30),
        "7/3/2025 8:05:09": datetime(2025, 3, 7, 8, 5, 9),
        "07.03.2025 23:59": datetime(2025, 3, 7, 23, 59),
        "2025-03-07 08:30:15": datetime(2025, 3, 7, 8, 30, 15),
        "2025-03-07T08:30:15": datetime(2025, 3, 7, 8, 30, 15),
        "2025-03-07": datetime(2025, 3, 7),
        "07/03/2025": datetime(2025, 3, 7),
        "45123.5": datetime(2023, 7, 16, 12, 0),
        "45123.25": datetime(2023, 7, 16, 6, 0),
        "07/03/2025 24:00": None,
        "07/03/2025 08:61": None,
        "07/03/2025 8h30": None,
        "31/04/2025 08:00": None,
        "": None,
        None: None,
    })
    assert pl.DataFrame({"v": ["x"]}).select(n.parse_datetime(pl.col("v"))).dtypes == [pl.Datetime("us")]


def test_parse_bool() -> None:
    check(n.parse_bool, {
        "Có": True, "có": True, "CÓ": True, " có ": True, unicodedata.normalize("NFD", "có"): True,
        "C": True, "x": True, "X": True, "1": True, "true": True, "TRUE": True, "yes": True, "đúng": True,
        "Không": False, "không": False, "K": False, "0": False, "false": False, "no": False, "sai": False,
        "Sai": False,
        "có thể": None, "2": None, "?": None, "": None, None: None,
    })


def test_normalise_tax_code() -> None:
    check(n.normalise_tax_code, {
        "0100109106": "0100109106",
        " 0100 109 106 ": "0100109106",
        "0100.109.106": "0100109106",
        "0100109106-001": "0100109106001",
        "0100109106 – 001": "0100109106001",
        "4300123456.0": "4300123456",  # spreadsheet float text
        "100109106": None,  # leading zero lost: not restored
        "01001091060": None,
        "0100109106-01": None,
        "MST0100109106": None,
        "": None,
        None: None,
    })


def test_normalise_digits() -> None:
    check(lambda e: n.normalise_digits(e, 12), {
        "051234567890": "051234567890",
        "051 234 567 890": "051234567890",
        "051-234-567-890": "051234567890",
        "123456789012.0": "123456789012",
        "51234567890": None,  # 11 digits: no padding
        "0512345678901": None,
        "5.12346E+11": None,  # scientific notation lost digits
        "05123456789a": None,
        None: None,
    })
    assert apply(lambda e: n.normalise_digits(e, 9), ["123 456 789", "12345678"]) == ["123456789", None]


def test_normalise_code() -> None:
    check(n.normalise_code, {
        "101.0": "101",
        "101": "101",
        " 0101 ": "0101",
        "F.41": "F.41",
        "12.5": "12.5",
        "abc  Def": "abc Def",
        "": None,
        None: None,
    })


@pytest.mark.parametrize(
    ("raw", "period"),
    [
        ("2025", "2025"),
        ("năm 2025", "2025"),
        ("Năm 2025", "2025"),
        ("2025S1", "2025S1"),
        ("2025s2", "2025S2"),
        ("2025-S1", "2025S1"),
        ("2025 S2", "2025S2"),
        ("S1/2025", "2025S1"),
        ("s2-2025", "2025S2"),
        ("6 tháng đầu năm 2025", "2025S1"),
        ("6 THÁNG CUỐI NĂM 2025", "2025S2"),
        (unicodedata.normalize("NFD", "6 tháng đầu năm 2025"), "2025S1"),
        ("2025-07", "202507"),
        ("2025-7", "202507"),
        ("07/2025", "202507"),
        ("7/2025", "202507"),
        ("T7/2025", "202507"),
        ("tháng 12/2025", "202512"),
        ("Tháng 7 năm 2025", "202507"),
        ("202507", "202507"),
        ("2025S3", None),
        ("2025-13", None),
        ("13/2025", None),
        ("202500", None),
        ("25", None),
        ("1850", None),
        ("Q1/2025", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_period(raw: str | None, period: str | None) -> None:
    assert apply(n.parse_period, [raw]) == [period]


def test_failures_are_detectable() -> None:
    """The caller's rule: present input (after clean_text) with a null output is a parse failure."""
    frame = pl.DataFrame({"v": ["12", "12,5", None, "  "]}).with_columns(
        parsed=n.parse_integer(pl.col("v")), present=n.clean_text(pl.col("v")).is_not_null()
    )
    failed = frame.select(pl.col("present") & pl.col("parsed").is_null()).to_series().to_list()
    assert failed == [False, True, False, False]


def test_output_dtypes() -> None:
    frame = pl.DataFrame({"v": ["1"]})
    out = frame.select(
        n.parse_integer(pl.col("v")).alias("i"), n.parse_decimal(pl.col("v")).alias("d"),
        n.parse_date(pl.col("v")).alias("date"), n.parse_bool(pl.col("v")).alias("b"),
        n.normalise_tax_code(pl.col("v")).alias("t"), n.parse_period(pl.col("v")).alias("p"),
    )
    assert out.schema == pl.Schema({
        "i": pl.Int64, "d": pl.Float64, "date": pl.Date, "b": pl.Boolean, "t": pl.String, "p": pl.String,
    })
