"""Ingest the new files of one report family: read, parse, validate in bulk, hash IDs, load.

A file is new when its checksum is not yet in ``raw.files`` for the family: re-running over the same
landing zone adds nothing. Every row read ends loaded or quarantined; every unreadable file is
registered as rejected with its reason. One bad file never stops the others. Files are read, typed and
validated a chunk at a time, in worker processes past a few hundred files (``parallel_read``; every rule
looks within one file, and a file is never split between chunks), their valid rows put in storage form
there too (IDs hashed, names dropped: ``check_chunk``); the run's process writes them in batches of about
``batch_rows`` rows or ``batch_files`` files, each batch in one transaction.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

import duckdb
import polars as pl
import pyarrow as pa

from orchestration.ingest.checking import REPORT_SCHEMA, check_batch
from orchestration.ingest.landing_zone import LandingFile
from orchestration.ingest.load import (
    LINEAGE_COLUMNS,
    as_arrow,
    audit_duplicate_arrival,
    ensure_tables,
    known_files,
    storage_name,
    write_batch,
)
from orchestration.ingest.parallel_read import ReadChunk, ReadCrash, TypedRead, read_files, read_workers
from orchestration.ingest.pii import hash_national_ids
from orchestration.ingest.readers import ReadLimits, UnreadableFileError
from orchestration.ingest.submission import FileRejected
from orchestration.ingest.validate import FILE
from schemas.registry import OLDER_VERSIONS
from schemas.template import OshReport

DEFAULT_BATCH_ROWS = 500_000
# A batch also ends after this many files: a province's 40,000 one-row summaries of five years would
# otherwise wait as one batch (3 GiB of small frames, each with its own per-column overhead).
DEFAULT_BATCH_FILES = 2_000
log = logging.getLogger("osh.ingest")


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
    # wall seconds by stage, for the benchmarks: read (and parse), validate, load (hash and write)
    seconds: dict[str, float] = field(default_factory=lambda: {"read": 0.0, "validate": 0.0, "load": 0.0})

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def total(self, attribute: str) -> int:
        return sum(getattr(o, attribute) for o in self.outcomes)


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    model: type[OshReport],
    files: Sequence[LandingFile],
    id_hash_key: bytes,
    limits: ReadLimits | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    workers: int | None = None,
    batch_files: int = DEFAULT_BATCH_FILES,
) -> FamilyResult:
    """``workers``: processes that read files (parallel_read; default OSH_READ_WORKERS, else one per CPU)."""
    limits = limits or ReadLimits.from_environment()  # OSH_MAX_* (orchestration.settings)
    workers = read_workers() if workers is None else workers
    ensure_tables(con, model, *OLDER_VERSIONS.get(model.template.family, ()))
    result = FamilyResult(model.template.family)
    seen = known_files(con, model.template.family)
    new: list[LandingFile] = []
    for landing in files:
        if landing.sha256 in seen:
            if seen[landing.sha256] != landing.relative_path:
                audit_duplicate_arrival(con, model.template.family, landing.sha256, landing.relative_path,
                                        seen[landing.sha256])
            result.outcomes.append(FileOutcome(landing.relative_path, landing.sha256, "already_loaded"))
            continue
        seen[landing.sha256] = landing.relative_path
        new.append(landing)
    pending: list[CheckedRows] = []
    pending_rows = 0
    registry: list[dict] = []
    finish = partial(check_chunk, key=id_hash_key)
    for chunk in _timed(read_files(new, model, limits, workers, finish), result.seconds):
        if chunk.process == os.getpid():  # checked in this process: not part of the wait for the workers
            result.seconds["read"] -= chunk.seconds["validate"] + chunk.seconds["prepare"]
            result.seconds["validate"] += chunk.seconds["validate"]
            result.seconds["load"] += chunk.seconds["prepare"]
        for landing, outcome in chunk.outcomes:
            if isinstance(outcome, TypedRead):
                registry.append(_registry_row(landing, outcome.model, outcome.file_format, outcome.period, "loaded",
                                              None, outcome.rows, outcome.sender))
                pending_rows += outcome.rows
                continue
            if isinstance(outcome, ReadCrash):  # a reader bug on one file must not stop the others
                log.error("unexpected error reading %s\n%s", landing.relative_path, outcome.worker_traceback)
                outcome = _unexpected(outcome, outcome.rows_read)
            registry.append(_registry_row(landing, model, None, None, "rejected", outcome,
                                          getattr(outcome, "rows_read", 0)))
        pending.append(chunk.finished)
        if pending_rows >= batch_rows or len(registry) >= batch_files:
            _flush(con, model, pending, registry, result)
            pending, registry, pending_rows = [], [], 0
    _flush(con, model, pending, registry, result)
    return result


@dataclass(frozen=True)
class CheckedRows:
    """A chunk's rows after validation: the valid ones in storage form, and the failures."""

    rows: pl.DataFrame  # as stored in raw.<family> (national IDs hashed, names dropped); no columns if none
    quarantine: pl.DataFrame  # REPORT_SCHEMA
    warnings: pl.DataFrame  # REPORT_SCHEMA

    def __reduce__(self):
        # From a read worker to the run's process as Arrow with string views, which polars takes back without a
        # copy: polars' own pickling cost five times as much (40 national extracts, 894,000 rows: 1.7 s to
        # write and 0.9 s to read, against 0.4 s and 0.2 s), all of the reading side in the run's process, the
        # one that writes the warehouse and so paces the whole ingestion.
        return _checked_rows_from_arrow, tuple(as_arrow(frame) for frame in (self.rows, self.quarantine, self.warnings))

    @classmethod
    def stacked(cls, parts: Iterable[CheckedRows]) -> CheckedRows:
        """Several parts as one (template versions' rows side by side: their columns differ)."""
        parts = list(parts)
        return cls(
            pl.concat([p.rows for p in parts] or [pl.DataFrame()], how="diagonal_relaxed"),
            pl.concat([p.quarantine for p in parts] or [pl.DataFrame(schema=REPORT_SCHEMA)]),
            pl.concat([p.warnings for p in parts] or [pl.DataFrame(schema=REPORT_SCHEMA)]),
        )


def _checked_rows_from_arrow(rows: pa.Table, quarantine: pa.Table, warnings: pa.Table) -> CheckedRows:
    return CheckedRows(*(pl.DataFrame(table) for table in (rows, quarantine, warnings)))


def check_chunk(chunk: ReadChunk, key: bytes) -> None:
    """Validate each template version's rows of the chunk with its own model and put the valid ones in
    storage form (``chunk.finished``); run where the chunk was read, so that its typed rows, IDs in clear,
    never leave that process."""
    now = datetime.now(UTC)
    started = time.perf_counter()
    checks = {version: check_batch(version, [frame], now) for version, frame in chunk.frames.items()}
    validated = time.perf_counter()
    chunk.finished = CheckedRows.stacked(
        CheckedRows(_storage_rows(version, check.valid, key, now), check.quarantine, check.warnings)
        for version, check in checks.items()
    )
    chunk.frames = {}
    chunk.seconds.update(validate=validated - started, prepare=time.perf_counter() - validated)


def _timed(chunks: Iterator[ReadChunk], seconds: dict[str, float]) -> Iterator[ReadChunk]:
    """The chunks, adding the wait for each (the reading, typing and validating done for it) to the read stage."""
    while True:
        started = time.perf_counter()
        chunk = next(chunks, None)
        seconds["read"] += time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


def _flush(
    con: duckdb.DuckDBPyConnection, model: type[OshReport], pending: list[CheckedRows], registry: list[dict],
    result: FamilyResult,
) -> None:
    """Write a batch of checked chunks and their files' registry rows in one transaction."""
    if not registry:
        return
    now = datetime.now(UTC)
    started = time.perf_counter()
    batch = CheckedRows.stacked(pending)
    quarantine = batch.quarantine
    files = _file_counts(pl.DataFrame(registry, schema=_REGISTRY_SCHEMA, orient="row"),
                         batch.rows, quarantine, batch.warnings, now)
    write_batch(con, model, batch.rows, files, quarantine, batch.warnings)
    result.seconds["load"] += time.perf_counter() - started
    result.outcomes += [
        FileOutcome(r["source_file"], r["file_sha256"], r["status"], r["reason"], r["message_vi"], r["message_en"],
                    r["rows_read"], r["rows_loaded"], r["rows_rejected"], r["rows_with_warnings"])
        for r in files.iter_rows(named=True)
    ]
    if len(result.quarantine_sample) < 20:
        sample = quarantine.head(20 - len(result.quarantine_sample)).drop("recorded_at").to_dicts()
        result.quarantine_sample += sample
    for rule, n in quarantine.group_by("rule").len().iter_rows():
        result.failures_by_rule[rule] = result.failures_by_rule.get(rule, 0) + n


def _unexpected(crash: Exception, rows_read: int = 0) -> FileRejected:
    detail = f"{getattr(crash, 'kind', type(crash).__name__)}: {str(crash)[:300]}"
    return FileRejected(
        "unexpected_error",
        f"Lỗi không lường trước khi đọc tệp ({detail}); bộ phận vận hành đã được báo.",
        f"Unexpected error while reading the file ({detail}); the operators have been told.",
        rows_read,
    )


def _storage_rows(model: type[OshReport], valid: pl.DataFrame, key: bytes, now: datetime) -> pl.DataFrame:
    if valid.is_empty():  # no columns: the typed and check columns must not reach the other versions' rows
        return pl.DataFrame()
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


_REGISTRY_SCHEMA = {
    "file_sha256": pl.String, "family": pl.String, "source_file": pl.String, "file_format": pl.String,
    "sender_id": pl.String, "period": pl.String, "received_at": pl.Datetime("us", "UTC"),
    "template_version": pl.String, "status": pl.String, "reason": pl.String, "message_vi": pl.String,
    "message_en": pl.String, "rows_read": pl.Int64,
}


def _registry_row(
    landing: LandingFile, model: type[OshReport], file_format: str | None, period: str | None, status: str,
    problem: UnreadableFileError | FileRejected | None, rows_read: int, sender: str | None = None,
) -> dict:
    return {
        "file_sha256": landing.sha256, "family": model.template.family, "source_file": landing.relative_path,
        "file_format": file_format, "sender_id": sender, "period": period or landing.period,
        "received_at": landing.received_at, "template_version": model.template.version, "status": status,
        "reason": getattr(problem, "reason", None), "message_vi": getattr(problem, "message_vi", None),
        "message_en": getattr(problem, "message_en", None), "rows_read": rows_read,
    }


def _file_counts(
    registry: pl.DataFrame, rows: pl.DataFrame, quarantine: pl.DataFrame, warnings: pl.DataFrame, now: datetime
) -> pl.DataFrame:
    def rows_per_file(frame: pl.DataFrame, file_column: str, row_column: str, name: str) -> pl.DataFrame:
        if frame.is_empty():
            return pl.DataFrame(schema={"file_sha256": pl.String, name: pl.UInt32})
        return frame.group_by(file_column).agg(pl.col(row_column).n_unique().alias(name)).rename(
            {file_column: "file_sha256"}
        )

    out = registry
    for per_file in (
        rows_per_file(rows, FILE, "_row_number", "rows_loaded"),
        rows_per_file(quarantine, "file_sha256", "row_number", "rows_rejected"),
        rows_per_file(warnings, "file_sha256", "row_number", "rows_with_warnings"),
    ):
        out = out.join(per_file, on="file_sha256", how="left")
    out = out.with_columns(pl.col("rows_loaded", "rows_rejected", "rows_with_warnings").fill_null(0).cast(pl.Int64))
    return out.with_columns(
        rows_rejected=pl.when(pl.col("status") == "rejected").then(pl.col("rows_read"))
        .otherwise(pl.col("rows_rejected")),
        processed_at=pl.lit(now),
    )


__all__ = ["REPORT_SCHEMA", "FamilyResult", "FileOutcome", "FileRejected", "ingest_files"]
