"""Validate the rows of many files of one family in one pandera call, and split them by outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from orchestration.ingest.parse import ROW
from orchestration.ingest.validate import FILE, IDX, explain, failures_of
from schemas.template import OshReport

# Columns of raw.quarantine and raw.validation_warnings.
REPORT_SCHEMA = {
    "family": pl.String, "file_sha256": pl.String, "source_file": pl.String, "row_number": pl.Int64,
    "column_name": pl.String, "header_vi": pl.String, "rule": pl.String, "severity": pl.String,
    "value": pl.String, "message_vi": pl.String, "message_en": pl.String, "recorded_at": pl.Datetime("us", "UTC"),
}


@dataclass(frozen=True)
class CheckedBatch:
    valid: pl.DataFrame  # rows with no error-level failure (typed, lineage, IDs still in clear)
    quarantine: pl.DataFrame  # one row per (row, error rule); REPORT_SCHEMA
    warnings: pl.DataFrame  # one row per (row, warning rule); REPORT_SCHEMA


def check_batch(model: type[OshReport], frames: list[pl.DataFrame], now: datetime) -> CheckedBatch:
    if not frames:
        empty = pl.DataFrame(schema=REPORT_SCHEMA)
        return CheckedBatch(pl.DataFrame(), empty, empty)
    batch = pl.concat(frames, how="vertical_relaxed").with_row_index(IDX)
    explained = explain(model, batch, failures_of(model, batch)).join(batch.select(IDX, "_source_file"), on=IDX)
    report = explained.select(
        pl.lit(model.template.family).alias("family"),
        pl.col(FILE).alias("file_sha256"),
        pl.col("_source_file").alias("source_file"),
        pl.col(ROW).alias("row_number"),
        "column_name", "header_vi", "rule", "severity", "value", "message_vi", "message_en",
        pl.lit(now).alias("recorded_at"),
    ).cast(REPORT_SCHEMA)
    is_error = pl.col("severity") == "error"
    rejected = explained.filter(is_error).select(IDX).unique()
    return CheckedBatch(
        valid=batch.join(rejected, on=IDX, how="anti"),
        quarantine=report.filter(is_error),
        warnings=report.filter(~is_error),
    )
