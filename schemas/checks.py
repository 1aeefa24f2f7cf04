"""Vectorised checks shared by several templates."""

from __future__ import annotations

import polars as pl

_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_check_digit_ok(e: pl.Expr) -> pl.Expr:
    """Check digit of a normalised MST: A = Σ weight·digit over N1..N9; valid iff N10 == 10 - A mod 11.

    Null stays null; a value that is not 10 or 13 digits is false. Pass a column (the expression is
    referenced once per digit).
    """
    digit = [e.str.slice(i, 1).cast(pl.Int64, strict=False) for i in range(10)]
    total = pl.sum_horizontal(w * d for w, d in zip(_MST_WEIGHTS, digit, strict=False))
    ok = e.str.contains(r"^\d{10}(?:\d{3})?$") & (digit[9] == 10 - total % 11)
    return pl.when(e.is_not_null()).then(ok.fill_null(False))
