"""Report templates: one pandera ``DataFrameModel`` per report family is the single source of truth.

Each column is declared with :func:`report_field`: its Vietnamese header as senders see it, an
English label, a logical kind (how the reader parses it), whether it is required, its code list and
unit. Validation, the sender documentation and the blank XLSX templates are all generated from it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandera.polars as pa
import polars as pl

from schemas import reference
from schemas.checks import tax_code_check_digit_ok
from schemas.rules import (
    EXTRACT_PROVINCE_MISMATCH,
    OUT_OF_RANGE,
    PERIOD_MISMATCH,
    SENDER_MISMATCH,
    TAX_CODE_CHECK_DIGIT,
    UNKNOWN_CODE,
    UNKNOWN_COMMUNE,
    column_rule,
    cross_field_rule,
    in_codes,
)

Kind = Literal[
    "text", "code", "commune", "integer", "decimal", "date", "datetime", "boolean",
    "tax_code", "national_id", "personal_name", "period", "sex",
]

POLARS_TYPE: dict[str, Any] = {
    "text": pl.String, "code": pl.String, "commune": pl.String, "integer": pl.Int64,
    "decimal": pl.Float64, "date": pl.Date, "datetime": pl.Datetime("us"), "boolean": pl.Boolean,
    "tax_code": pl.String, "national_id": pl.String, "personal_name": pl.String, "period": pl.String,
    "sex": pl.String,
}

# The day the 2025 reform took effect: earlier periods may carry legacy commune codes.
REFORM_DATE = date(2025, 7, 1)
# Lineage columns that travel with every row through validation (the loader adds the rest).
FILE_PERIOD = "_file_period"  # the period of the submission, from its landing folder
PERIOD_START = "_period_start"  # first and last day of that period
PERIOD_END = "_period_end"
SENDER = "_sender_id"  # the sender of the submission: the most frequent value of the sender column
FILE_SHA256 = "_file_sha256"  # the submitted file a row comes from


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    header_vi: str
    label_en: str
    kind: Kind
    required: bool
    code_list: str | None
    unit: str | None
    minimum: float | None
    maximum: float | None
    note_vi: str | None
    note_en: str | None


@dataclass(frozen=True)
class TemplateInfo:
    family: str
    version: str
    title_vi: str
    title_en: str
    legal_basis: str
    sender_column: str  # whose report this is: one sender per file
    period_column: str
    period_type: Literal["month", "half_year", "year"]
    event_date_column: str | None = None
    key_columns: tuple[str, ...] = field(default_factory=tuple)
    # Other period types a file of this family may cover (an accident summary: half-year or year).
    also_period_types: tuple[Literal["month", "half_year", "year"], ...] = ()


def report_field(
    header_vi: str,
    label_en: str,
    kind: Kind = "text",
    *,
    required: bool = False,
    code_list: str | None = None,
    unit: str | None = None,
    ge: float | None = None,
    le: float | None = None,
    note_vi: str | None = None,
    note_en: str | None = None,
) -> Any:
    meta = {
        "header_vi": header_vi, "label_en": label_en, "kind": kind, "code_list": code_list, "unit": unit,
        "minimum": ge, "maximum": le, "note_vi": note_vi, "note_en": note_en,
    }
    return pa.Field(nullable=not required, title=header_vi, description=label_en, metadata=meta)


class _ReportMeta(type(pa.DataFrameModel)):
    """Exposes a template's ``__template__`` as ``Model.template`` (pandera takes public attributes as columns)."""

    @property
    def template(cls) -> TemplateInfo:
        return cls.__template__


class OshReport(pa.DataFrameModel, metaclass=_ReportMeta):
    """Base of every report template: adds the code-list, range and tax-code checks its fields declare.

    Each template sets ``__template__ = TemplateInfo(...)``, read back as ``Model.template``.
    """

    __template__: TemplateInfo

    class Config:
        strict = False  # lineage columns travel with the rows
        coerce = False  # the readers parse; pandera checks

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, meta in _field_metadata(cls):
            for suffix, check in _checks_for(name, meta):
                setattr(cls, f"_check_{name}_{suffix}", check)
        info = vars(cls).get("__template__")
        if info is not None:
            cls._check_period_matches_file = cross_field_rule(
                PERIOD_MISMATCH, lambda: pl.col(info.period_column) == pl.col(FILE_PERIOD), (info.period_column,)
            )
            location = next(name for klass in reversed(cls.__mro__) for name, spec in _field_metadata(klass)
                            if spec["kind"] == "commune")
            cls.__location_column__ = location
            # One check, "each row is the file's sender's" (sender_of_rows), told in the words of the warehouse
            # it applies in: one sender's file (provincial) or one province's extract (national).
            cls._check_sender_matches = cross_field_rule(
                SENDER_MISMATCH, lambda: _row_is_the_senders(cls, national=False), (info.sender_column,)
            )
            cls._check_row_in_extract_province = cross_field_rule(
                EXTRACT_PROVINCE_MISMATCH, lambda: _row_is_the_senders(cls, national=True), (location,)
            )

    @classmethod
    def columns(cls) -> list[ColumnSpec]:
        return list(_column_specs(cls))


def _field_metadata(cls: type) -> list[tuple[str, dict[str, Any]]]:
    """The report fields a template class declares itself, in order, with their metadata."""
    found = []
    for name, value in list(vars(cls).items()):
        meta = getattr(value, "metadata", None) if hasattr(value, "metadata") else None
        if meta and "kind" in meta:
            found.append((name, meta))
    return found


def one_report(sender_column: str) -> list[str]:
    """The columns that hold one report's rows together, for the rules over a whole report (totals, duplicates):
    the file; in a national warehouse, the file and the sender (an extract holds many senders' reports)."""
    return [FILE_SHA256, sender_column] if reference.serves_the_country() else [FILE_SHA256]


def sender_of_rows(model: type[OshReport]) -> pl.Expr:
    """Whose report each row is. A provincial warehouse receives one sender's report per file: the row's
    sender column. A national one receives one consolidated extract per province: the province of the row's
    place (the template's first commune column; legacy codes by the province they were in)."""
    if not reference.serves_the_country():
        return pl.col(model.template.sender_column)
    location = pl.col(model.__location_column__)
    return location.replace_strict(reference.commune_provinces(), default=None, return_dtype=pl.String)


def _row_is_the_senders(model: type[OshReport], *, national: bool) -> pl.Expr:
    """True where a row belongs to its file's sender; always true in the other kind of warehouse."""
    if reference.serves_the_country() != national:
        return pl.lit(True)
    return sender_of_rows(model) == pl.col(SENDER)


@functools.cache  # asked several times per submitted file; a template's columns never change
def _column_specs(model: type[OshReport]) -> tuple[ColumnSpec, ...]:
    specs = []
    for name, column in model.to_schema().columns.items():
        m = column.metadata or {}
        specs.append(ColumnSpec(
            name=name, header_vi=m["header_vi"], label_en=m["label_en"], kind=m["kind"],
            required=not column.nullable, code_list=m["code_list"], unit=m["unit"],
            minimum=m["minimum"], maximum=m["maximum"], note_vi=m["note_vi"], note_en=m["note_en"],
        ))
    return tuple(specs)


def _checks_for(name: str, meta: dict[str, Any]) -> list[tuple[str, classmethod]]:
    checks: list[tuple[str, classmethod]] = []
    kind = meta["kind"]
    if meta["code_list"]:
        checks.append(("code", in_codes(UNKNOWN_CODE, name, reference.codes(meta["code_list"]))))
    if kind == "commune":
        checks.append(("commune", column_rule(UNKNOWN_COMMUNE, name, _known_commune)))
    if kind == "tax_code":
        checks.append(("check_digit", column_rule(TAX_CODE_CHECK_DIGIT, name, tax_code_check_digit_ok)))
    lo, hi = meta["minimum"], meta["maximum"]
    if lo is not None or hi is not None:
        checks.append(("range", column_rule(OUT_OF_RANGE, name, lambda c: _in_range(c, lo, hi))))
    return checks


def _in_range(c: pl.Expr, lo: float | None, hi: float | None) -> pl.Expr:
    ok = pl.lit(True)
    if lo is not None:
        ok = ok & (c >= lo)
    if hi is not None:
        ok = ok & (c <= hi)
    return ok


def _known_commune(c: pl.Expr) -> pl.Expr:
    current = sorted(reference.served_communes())
    legacy = sorted(reference.legacy_commune_codes())
    return c.is_in(current) | (c.is_in(legacy) & (pl.col(PERIOD_START) < REFORM_DATE))
