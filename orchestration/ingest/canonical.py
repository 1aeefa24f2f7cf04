"""Cells already in canonical form, found in one pass so that typing can skip the general parsers for them.

A program's extract (the social-insurance fund's monthly workforce, an enterprise system's export) writes
every value of a column in one shape: "202101", "0123456789", "12", "1234.5", NFC text without stray
spaces. The general parsers (``normalise``) try each spelling a person might type, one regular expression
at a time: at national scale most of the read stage. Here the cells that have their kind's canonical shape
(or, for free text, need no cleaning) are typed by casts; only the rows holding another shape, a few in a
hundred even in a messy extract, go through the general parsers, in the columns that hold one
(parse.type_columns).

Each shape is one the general parser is known to read to the same value
(tests/orchestration/ingest/test_canonical_typing.py checks every kind both ways on generated text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from orchestration.ingest.readers import MAYBE_NOT_NFC
from schemas.template import ColumnSpec

# What clean_text would change: a character NFC might compose (as the reader's check), whitespace other
# than a single inner space, or nothing at all ("" becomes null).
_NEEDS_CLEANING = rf"{MAYBE_NOT_NFC}|[^\S ]|^ | $|  |^$"


@dataclass(frozen=True)
class _Shape:
    pattern: str  # the value matches this...
    ambiguous: str | None  # ...and not this (a shape the general parser reads another way)
    cast: pl.DataType | None  # the typed value: a cast of the text (None: the text itself)
    date_format: str | None = None


# "1.234" is 1234 to the general parser in a CSV (the Vietnamese thousands point) but 1.234 in XLSX and
# JSON: a point followed by exactly three digits is left to it, in every format.
_SHAPES: dict[str, _Shape] = {
    "integer": _Shape(r"^-?(?:0|[1-9]\d*)$", None, pl.Int64),
    "decimal": _Shape(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$", r"^-?[1-9]\d{0,2}\.\d{3}$", pl.Float64),
    "period": _Shape(r"^(?:19|20)\d{2}(?:S[12]|0[1-9]|1[0-2])?$", None, None),
    "commune": _Shape(r"^\d{5}$", None, None),
    "tax_code": _Shape(r"^(?:\d{10}|\d{13})$", None, None),
    "national_id": _Shape(r"^\d{12}$", None, None),
    "date": _Shape(r"^\d{4}-\d{2}-\d{2}$", None, pl.Date, "%Y-%m-%d"),
    "datetime": _Shape(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", None, pl.Datetime("us"), "%Y-%m-%d %H:%M:%S"),
}


def canonical_value(spec: ColumnSpec) -> pl.Expr:
    """The typed value of a column, for the rows where it has its kind's canonical shape (``_fits``)."""
    shape = _SHAPES[spec.kind]
    column = pl.col(spec.name)
    if shape.date_format is not None:
        if shape.cast == pl.Date:
            return column.str.to_date(shape.date_format, strict=False)
        return column.str.to_datetime(shape.date_format, time_unit="us", strict=False)
    return column if shape.cast is None else column.cast(shape.cast, strict=False)


def _fits(spec: ColumnSpec) -> pl.Expr:
    """Whether the row's value is absent or has the kind's canonical shape (and casts)."""
    shape = _SHAPES[spec.kind]
    column = pl.col(spec.name)
    fits = column.str.contains(shape.pattern)
    if shape.ambiguous is not None:
        fits = fits & ~column.str.contains(shape.ambiguous)
    if shape.cast is not None:  # and the cast succeeds (no overflow, no 30 February)
        fits = fits & canonical_value(spec).is_not_null()
    return column.is_null() | fits


def _is_clean(name: str) -> pl.Expr:
    """Whether the row's text is absent or already what clean_text would make of it."""
    column = pl.col(name)
    return column.is_null() | ~column.str.contains(_NEEDS_CLEANING)


@dataclass(frozen=True)
class CanonicalCells:
    typed: frozenset[str]  # in a canonical cell of these columns, canonical_value gives the typed value
    clean: frozenset[str]  # clean_text would change no canonical cell of these (the typed ones among them)
    masks: dict[str, pl.Expr]  # by column of ``clean``: true for a canonical cell (or an absent one)

    @property
    def mask(self) -> pl.Expr:
        """True for a row whose every cell is canonical."""
        return pl.all_horizontal(self.masks.values())


def canonical_cells(frame: pl.DataFrame, specs: Sequence[ColumnSpec]) -> CanonicalCells | None:
    """What makes a cell of ``frame``'s text columns of ``specs`` canonical, or None when no column is text."""
    texts = [s for s in specs if frame.schema.get(s.name) == pl.String]
    if not texts:
        return None
    typed = frozenset(s.name for s in texts if s.kind in _SHAPES)
    masks = {s.name: _fits(s) if s.name in typed else _is_clean(s.name) for s in texts}
    return CanonicalCells(typed, frozenset(masks), masks)
