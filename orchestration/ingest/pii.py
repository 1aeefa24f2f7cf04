"""Personal data at the door: national IDs become keyed hashes; names are never kept."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl


def hash_national_ids(values: pl.Series, key: bytes) -> pl.Series:
    """HMAC-SHA256 of each 12-digit ID, hex encoded; nulls stay null.

    A keyed hash (not a plain one): the space of 12-digit IDs is small enough to enumerate, so a
    plain SHA-256 could be reversed by anyone; without the key it cannot.
    """
    digest = hashlib.sha256
    hashed = [
        None if v is None else hmac.new(key, v.encode("ascii"), digest).hexdigest()
        for v in values.to_list()
    ]
    return pl.Series(values.name, hashed, dtype=pl.String)


def mask_national_id(value: str | None) -> str | None:
    """What error messages may show of an ID: its last three characters."""
    if value is None:
        return None
    return "*" * max(len(value) - 3, 0) + value[-3:]


def mask_expr(e: pl.Expr) -> pl.Expr:
    """Vectorised :func:`mask_national_id`."""
    stars = pl.lit("*" * 64).str.slice(0, pl.max_horizontal(e.str.len_chars().cast(pl.Int64) - 3, pl.lit(0)))
    return pl.when(e.is_null()).then(None).otherwise(stars + e.str.slice(-3))
