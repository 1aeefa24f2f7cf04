"""Every failure is reported against a column: cross-field rules are checks on the column they report
(schemas.rules.cross_field_rule), and a frame-level pandera check, which has none, is refused."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
import pytest

from orchestration.ingest.validate import _from_pandera
from schemas.registry import FAMILIES
from schemas.rules import cross_field_rules

MODEL = FAMILIES["accident_cases"]


def test_cross_field_rules_are_checks_on_the_column_they_report():
    rules = cross_field_rules(MODEL)
    assert rules
    checks = {c: {check.error for check in column.checks} for c, column in MODEL.to_schema().columns.items()}
    for rule, columns in rules:
        assert rule.name in checks[columns[0]], (rule.name, columns)
    assert not MODEL.to_schema().checks  # no frame-level check left


def test_a_frame_level_failure_is_refused_not_reported_without_a_column():
    frame = pl.DataFrame({"x": [1, 2]})
    schema = pa.DataFrameSchema({"x": pa.Column(int)}, checks=[pa.Check(lambda d: d.lazyframe.select(pl.col("x") > 1),
                                                                       error="period_matches_file")])
    with pytest.raises(pa.errors.SchemaErrors) as errors:
        schema.validate(frame, lazy=True)
    with pytest.raises(RuntimeError, match="frame-level checks have no column"):
        _from_pandera(MODEL, errors.value.failure_cases)
