"""Ingest the new files of one report family: read, parse, validate in bulk, hash IDs, load.

A file is new when its checksum is not yet in ``raw.files`` for the family: re-running over the same
landing zone adds nothing. Every row read ends loaded or quarantined; every unreadable file is
registered as rejected with its reason. One bad file never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import polars as pl

from orchestration.ingest.landing_zone import LandingFile
from orchestration.ingest.load import LINEAGE_COLUMNS, ensure_tables, known_files, storage_name, write_batch
from orchestration.ingest.parse import ROW, HeaderMatch, match_headers, to_typed
from orchestration.ingest.pii import hash_national_ids
from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from orchestration.ingest.validate import FILE, IDX, explain, failures_of
from schemas.periods import parse_period
from schemas.template import FILE_PERIOD, PERIOD_END, PERIOD_START, SENDER, OshReport


@dataclass(frozen=True)
class FileOutcome:
    source_file: str
    file_sha256: str
    status: str  # loaded | rejected | already_loaded
    reason: str | None = None
    message_vi: str | None = None
    message_en: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_with_warnings: int = 0


@dataclass
class FamilyResult:
    family: str
    outcomes: list[FileOutcome] = field(default_factory=list)
    quarantine_sample: list[dict] = field(default_factory=list)
    failures_by_rule: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def total(self, attribute: str) -> int:
        return sum(getattr(o, attribute) for o in self.outcomes)


class FileRejected(Exception):
    """The file was read but cannot be taken as a submission of this family: all its rows are rejected."""

    def __init__(self, reason: str, message_vi: str, message_en: str, rows_read: int = 0):
        super().__init__(message_en)
        self.reason, self.message_vi, self.message_en = reason, message_vi, message_en
        self.rows_read = rows_read


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    model: type[OshReport],
    files: Sequence[LandingFile],
    id_hash_key: bytes,
    limits: ReadLimits | None = None,
) -> FamilyResult:
    family = model.template.family
    ensure_tables(con, model)
    result = FamilyResult(family)
    seen = known_files(con, family)
    frames: list[pl.DataFrame] = []
    registry: list[dict] = []
    for landing in files:
        if landing.sha256 in seen:
            result.outcomes.append(FileOutcome(landing.relative_path, landing.sha256, "already_loaded"))
            continue
        seen.add(landing.sha256)
        try:
            frame, file_format = _read_file(landing, model, limits or ReadLimits())
        except (UnreadableFileError, FileRejected) as problem:
            registry.append(_registry_row(landing, model, None, "rejected", problem,
                                          getattr(problem, "rows_read", 0)))
            continue
        frames.append(frame)
        registry.append(_registry_row(landing, model, file_format, "loaded", None, frame.height,
                                      sender=frame[SENDER][0] if frame.height else None))
    now = datetime.now(UTC)
    rows, quarantine, warnings = _validate(model, frames, id_hash_key, now)
    files_frame = _file_counts(pl.DataFrame(registry, schema=_REGISTRY_SCHEMA, orient="row"),
                               rows, quarantine, warnings, now)
    write_batch(con, model, rows, files_frame, quarantine, warnings)
    result.outcomes += [
        FileOutcome(r["source_file"], r["file_sha256"], r["status"], r["reason"], r["message_vi"], r["message_en"],
                    r["rows_read"], r["rows_loaded"], r["rows_rejected"], r["rows_with_warnings"])
        for r in files_frame.iter_rows(named=True)
    ]
    result.quarantine_sample = quarantine.head(20).drop("recorded_at").to_dicts()
    result.failures_by_rule = dict(quarantine.group_by("rule").len().iter_rows())
    return result


def _read_file(landing: LandingFile, model: type[OshReport], limits: ReadLimits) -> tuple[pl.DataFrame, str]:
    expected = [s.header_vi for s in model.columns()]
    table = read_table(landing.path, expected_labels=expected, limits=limits)
    match = match_headers(table.labels, model)
    if match.missing_required:
        raise _missing_columns(model, match, table.frame.height)
    typed = to_typed(table, model, match)
    info = model.template
    period_code = landing.period or _most_frequent(typed[info.period_column])
    if period_code is None:
        raise FileRejected(
            "no_period",
            "Không xác định được kỳ báo cáo của tệp (thư mục nộp hoặc cột kỳ báo cáo).",
            "The file's reporting period cannot be determined (neither its folder nor its period column).",
            typed.height,
        )
    period = parse_period(period_code)
    return typed.with_columns(
        pl.lit(landing.sha256).alias(FILE),
        pl.lit(landing.relative_path).alias("_source_file"),
        pl.lit(period.code).alias(FILE_PERIOD),
        pl.lit(period.start).alias(PERIOD_START),
        pl.lit(period.end).alias(PERIOD_END),
        pl.lit(_most_frequent(typed[info.sender_column]), dtype=pl.String).alias(SENDER),
        pl.lit(landing.received_at).alias("_received_at"),
    ), table.file_format


def _missing_columns(model: type[OshReport], match: HeaderMatch, rows_read: int) -> FileRejected:
    headers = {s.name: s.header_vi for s in model.columns()}
    missing = ", ".join(f"«{headers[name]}»" for name in match.missing_required)
    return FileRejected(
        "missing_columns",
        f"Tệp thiếu cột bắt buộc của mẫu «{model.template.title_vi}»: {missing}.",
        f"The file lacks required columns of the template «{model.template.title_en}»: {missing}.",
        rows_read,
    )


def _most_frequent(values: pl.Series) -> str | None:
    counts = values.drop_nulls().value_counts(sort=True)
    return None if counts.is_empty() else counts[0, 0]


def _validate(
    model: type[OshReport], frames: list[pl.DataFrame], key: bytes, now: datetime
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    family = model.template.family
    if not frames:
        no_failures = pl.DataFrame(schema=REPORT_SCHEMA)
        return pl.DataFrame(), no_failures, no_failures
    batch = pl.concat(frames, how="vertical_relaxed").with_row_index(IDX)
    explained = explain(model, batch, failures_of(model, batch)).join(
        batch.select(IDX, "_source_file"), on=IDX
    ).with_columns(family=pl.lit(family), recorded_at=pl.lit(now))
    report = explained.select(
        "family", pl.col(FILE).alias("file_sha256"), pl.col("_source_file").alias("source_file"),
        pl.col(ROW).alias("row_number"), *list(REPORT_SCHEMA)[4:],
    ).cast(REPORT_SCHEMA)
    errors = explained.filter(pl.col("severity") == "error")
    quarantine = report.filter(pl.col("severity") == "error")
    warnings = report.filter(pl.col("severity") == "warning")
    valid = batch.join(errors.select(IDX).unique(), on=IDX, how="anti")
    return _storage_rows(model, valid, key, now), quarantine, warnings


def _storage_rows(model: type[OshReport], valid: pl.DataFrame, key: bytes, now: datetime) -> pl.DataFrame:
    columns: list[pl.Expr | pl.Series] = []
    for spec in model.columns():
        if spec.kind == "personal_name":
            continue
        if spec.kind == "national_id":
            columns.append(hash_national_ids(valid[spec.name], key).alias(storage_name(spec)))
        else:
            columns.append(pl.col(spec.name))
    lineage = [c for c in LINEAGE_COLUMNS if c not in ("_template_version", "_loaded_at")]
    return valid.select(
        *columns, *lineage,
        pl.lit(model.template.version).alias("_template_version"),
        pl.lit(now).alias("_loaded_at"),
    )


# Columns of raw.quarantine and raw.validation_warnings.
REPORT_SCHEMA = {
    "family": pl.String, "file_sha256": pl.String, "source_file": pl.String, "row_number": pl.Int64,
    "column_name": pl.String, "header_vi": pl.String, "rule": pl.String, "severity": pl.String,
    "value": pl.String, "message_vi": pl.String, "message_en": pl.String, "recorded_at": pl.Datetime("us", "UTC"),
}

_REGISTRY_SCHEMA = {
    "file_sha256": pl.String, "family": pl.String, "source_file": pl.String, "file_format": pl.String,
    "sender_id": pl.String, "period": pl.String, "received_at": pl.Datetime("us", "UTC"),
    "template_version": pl.String, "status": pl.String, "reason": pl.String, "message_vi": pl.String,
    "message_en": pl.String, "rows_read": pl.Int64,
}


def _registry_row(
    landing: LandingFile, model: type[OshReport], file_format: str | None, status: str,
    problem: UnreadableFileError | FileRejected | None, rows_read: int, sender: str | None = None,
) -> dict:
    return {
        "file_sha256": landing.sha256, "family": model.template.family, "source_file": landing.relative_path,
        "file_format": file_format, "sender_id": sender, "period": landing.period,
        "received_at": landing.received_at, "template_version": model.template.version, "status": status,
        "reason": getattr(problem, "reason", None), "message_vi": getattr(problem, "message_vi", None),
        "message_en": getattr(problem, "message_en", None), "rows_read": rows_read,
    }


def _file_counts(
    registry: pl.DataFrame, rows: pl.DataFrame, quarantine: pl.DataFrame, warnings: pl.DataFrame, now: datetime
) -> pl.DataFrame:
    def per_file(frame: pl.DataFrame, key: str, name: str) -> pl.DataFrame:
        if frame.is_empty():
            return pl.DataFrame(schema={"file_sha256": pl.String, name: pl.UInt32})
        return frame.group_by(key).agg(pl.col("row_number" if key == "file_sha256" else ROW).n_unique()
                                       .alias(name)).rename({key: "file_sha256"})

    out = registry
    for frame, key, name in (
        (rows, FILE, "rows_loaded"), (quarantine, "file_sha256", "rows_rejected"),
        (warnings, "file_sha256", "rows_with_warnings"),
    ):
        out = out.join(per_file(frame, key, name), on="file_sha256", how="left")
    out = out.with_columns(pl.col("rows_loaded", "rows_rejected", "rows_with_warnings").fill_null(0).cast(pl.Int64))
    return out.with_columns(
        rows_rejected=pl.when(pl.col("status") == "rejected").then(pl.col("rows_read"))
        .otherwise(pl.col("rows_rejected")),
        processed_at=pl.lit(now),
    )


def summarise(results: Iterable[FamilyResult]) -> dict[str, int]:
    results = list(results)
    return {
        "files_loaded": sum(r.count("loaded") for r in results),
        "files_rejected": sum(r.count("rejected") for r in results),
        "rows_loaded": sum(r.total("rows_loaded") for r in results),
        "rows_rejected": sum(r.total("rows_rejected") for r in results),
    }
