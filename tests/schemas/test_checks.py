from __future__ import annotations

import polars as pl

from orchestration.ingest.normalise import normalise_tax_code
from schemas.checks import tax_code_check_digit_ok


def apply(fn, values):
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fn(pl.col("v"))).to_series().to_list()


def check(fn, cases: dict) -> None:
    assert apply(fn, list(cases)) == list(cases.values())


def test_tax_code_check_digit() -> None:
    check(tax_code_check_digit_ok, {
        "0100109106": True,  # A = 114, 114 mod 11 = 4, 10 - 4 = 6
        "0100109106001": True,  # a branch: the first ten digits are checked
        "0100109107": False,
        "0100109100": False,
        "abc": False,
        "0100 109 106": False,  # not normalised
        None: None,
    })
    # A mod 11 == 0 is never valid: "000001003" gives A = 13*1 + 3*3 = 22, so no check digit fits
    assert apply(tax_code_check_digit_ok, [f"000001003{d}" for d in range(10)]) == [False] * 10
    # chaining after normalise_tax_code works on expressions too
    frame = pl.DataFrame({"v": ["0100-109-106", "4300123456"]})
    checked = frame.select(tax_code_check_digit_ok(normalise_tax_code(pl.col("v"))))
    assert checked.to_series().to_list() == [True, expected_check("4300123456")]


def expected_check(code: str) -> bool:
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    total = sum(w * int(d) for w, d in zip(weights, code, strict=False))
    return int(code[9]) == 10 - total % 11
