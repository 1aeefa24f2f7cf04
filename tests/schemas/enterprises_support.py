"""Helpers shared by the tests of the accident summary, annual OSH report and commune report templates."""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.ingest.readers import normalise_label
from schemas.template import POLARS_TYPE, OshReport
from tests.schemas.conftest import rules_failed_by, with_lineage

YEAR_2025 = {"_file_period": "2025", "_period_start": date(2025, 1, 1), "_period_end": date(2025, 12, 31)}
S2_2025 = {"_file_period": "2025S2", "_period_start": date(2025, 7, 1), "_period_end": date(2025, 12, 31)}


def blank_row(model: type[OshReport]) -> dict:
    """Every template column, empty."""
    return {spec.name: None for spec in model.columns()}


def typed_frame(model: type[OshReport], rows: list[dict], **lineage) -> pl.DataFrame:
    """Rows with lineage, each template column in its template type (an all-empty column is not Null-typed)."""
    frame = with_lineage(rows, **lineage)
    return frame.cast({spec.name: POLARS_TYPE[spec.kind] for spec in model.columns()})


def failed_rules(model: type[OshReport], frame: pl.DataFrame) -> set[tuple[int, str]]:
    """(row index, rule) of every failure; empty when the frame is valid."""
    return rules_failed_by(model, frame)


def headers_are_distinct(model: type[OshReport]) -> bool:
    """The reader matches headers after normalising them (case, "(unit)" suffixes): each must stay unique."""
    specs = model.columns()
    by_label = {normalise_label(spec.header_vi): spec.name for spec in specs}
    if len(by_label) != len(specs):
        return False
    return all(by_label.get(normalise_label(spec.name), spec.name) == spec.name for spec in specs)
