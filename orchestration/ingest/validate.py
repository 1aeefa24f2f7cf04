"""Validate a batch of many files' rows of one family in one pandera call, and explain every failure."""

from __future__ import annotations

import pandera.errors
import polars as pl

from orchestration.ingest.parse import PARSE_FAILED, ROW
from orchestration.ingest.pii import mask_expr
from schemas.rules import INVALID_VALUE, REQUIRED, all_rules
from schemas.template import OshReport

IDX = "_idx"
FILE = "_file_sha256"

FAILURE_SCHEMA = {
    IDX: pl.UInt32, "column_name": pl.String, "rule": pl.String,
}

# pandera's own check names for the few built-in checks the templates use.
_BUILTIN_RULES = {"not_nullable": REQUIRED.name}


def failures_of(model: type[OshReport], batch: pl.DataFrame) -> pl.DataFrame:
    """One row per failed (row, rule): ``_idx, column_name, rule``, parse failures included.

    ``batch`` holds the typed columns, the lineage columns, ``_raw_<column>`` and ``_parse_failed``,
    with ``_idx`` its row position.
    """
    parse = (
        batch.select(IDX, pl.col(PARSE_FAILED).alias("column_name"))
        .explode("column_name")
        .drop_nulls("column_name")
        .with_columns(rule=pl.lit(INVALID_VALUE.name))
    )
    try:
        model.validate(batch, lazy=True)
        checked = pl.DataFrame(schema=FAILURE_SCHEMA)
    except pandera.errors.SchemaErrors as errors:
        checked = _from_pandera(model, errors.failure_cases)
    # A value that did not parse is null to pandera; report it once, as invalid, not also as missing.
    checked = checked.join(parse.select(IDX, "column_name"), on=[IDX, "column_name"], how="anti")
    return pl.concat([parse.cast(FAILURE_SCHEMA), checked.cast(FAILURE_SCHEMA)]).sort(IDX, "column_name", "rule")


def _from_pandera(model: type[OshReport], cases: pl.DataFrame) -> pl.DataFrame:
    unknown = set(cases["check"].unique()) - set(all_rules()) - set(_BUILTIN_RULES)
    if unknown:
        raise RuntimeError(f"{model.__name__}: pandera failed checks that are not declared rules: {unknown}")
    if cases["index"].null_count():
        schema_level = cases.filter(pl.col("index").is_null()).to_dicts()
        raise RuntimeError(f"{model.__name__}: schema-level failure, not a row failure: {schema_level}")
    # every rule, cross-field ones too (schemas.rules.cross_field_rule), is a check on the column it reports
    frame_level = cases.filter(pl.col("schema_context") == "DataFrameSchema")["check"].unique().to_list()
    if frame_level:
        raise RuntimeError(f"{model.__name__}: frame-level checks have no column to report: {frame_level}")
    rule = pl.col("check").replace(_BUILTIN_RULES)
    return cases.select(pl.col("index").cast(pl.UInt32).alias(IDX), pl.col("column").alias("column_name"),
                        rule.alias("rule"))


def explain(model: type[OshReport], batch: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """Add file, row, the value as the sender typed it (IDs masked, names hidden), severity and messages."""
    rules = all_rules()
    headers = {s.name: s.header_vi for s in model.columns()}
    kinds = {s.name: s.kind for s in model.columns()}
    # only the rows that failed: a batch of 100k rows with a few hundred failures in eight columns is
    # otherwise copied eight times over to find their values
    batch = batch.join(failures.select(IDX).unique(), on=IDX, how="semi")
    rows = failures.join(batch.select(IDX, FILE, ROW), on=IDX, how="left")
    values = []
    for column in failures["column_name"].unique().to_list():
        raw = batch.select(IDX, pl.col(f"_raw_{column}").alias("value"))
        if kinds[column] == "national_id":
            raw = raw.with_columns(mask_expr(pl.col("value")).alias("value"))
        elif kinds[column] == "personal_name":
            raw = raw.with_columns(pl.when(pl.col("value").is_not_null()).then(pl.lit("***")).alias("value"))
        values.append(raw.with_columns(column_name=pl.lit(column)))
    value_frame = pl.concat(values) if values else pl.DataFrame(
        schema={IDX: pl.UInt32, "value": pl.String, "column_name": pl.String}
    )
    rows = rows.join(value_frame, on=[IDX, "column_name"], how="left")
    records = rows.select("rule", "column_name", "value").to_dicts()
    vi, en, severity = [], [], []
    for record in records:
        r = rules[record["rule"]]
        message_vi, message_en = r.describe(headers.get(record["column_name"], record["column_name"]),
                                            record["value"] or "")
        vi.append(message_vi)
        en.append(message_en)
        severity.append(r.severity.value)
    return rows.with_columns(
        header_vi=pl.col("column_name").replace_strict(headers, default=None),
        severity=pl.Series(severity, dtype=pl.String),
        message_vi=pl.Series(vi, dtype=pl.String),
        message_en=pl.Series(en, dtype=pl.String),
    )
