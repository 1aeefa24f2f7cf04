"""Submitted files read as submissions of a family: typed rows plus lineage, or a clear rejection.

Two steps, so that the costly one runs once per batch rather than once per file (most files hold one or
two rows): ``read_raw_submission`` reads one file to text under the template's column names (header
search, template version, family, duplicated columns: all per file), then ``type_submissions`` types
the text of many files of one template version at once and settles each file's period and sender.
``read_submission`` does both for one file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC
from itertools import chain, repeat

import polars as pl

from orchestration.ingest.landing_zone import LandingFile, through_symlink
from orchestration.ingest.parse import (
    FILE_FORMAT,
    PARSE_FAILED,
    ROW,
    HeaderMatch,
    TextRows,
    as_frame,
    match_headers,
    stack_text,
    text_of,
    type_text,
)
from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from orchestration.ingest.validate import FILE
from schemas.periods import parse_period
from schemas.registry import FAMILIES, OLDER_VERSIONS
from schemas.template import FILE_PERIOD, PERIOD_END, PERIOD_START, SENDER, OshReport, sender_of_rows

log = logging.getLogger("osh.ingest")
RECEIVED_AT_TYPE = pl.Datetime("us", "UTC")
_FILE_INDEX = "_batch_file"  # while a batch is typed: the position of each row's file in the batch


class FileRejected(Exception):
    """The file was read but cannot be taken as a submission of this family: all its rows are rejected."""

    def __init__(self, reason: str, message_vi: str, message_en: str, rows_read: int = 0):
        super().__init__(message_en)
        self.reason, self.message_vi, self.message_en = reason, message_vi, message_en
        self.rows_read = rows_read

    def __reduce__(self):  # picklable across processes (parallel_read) despite the custom __init__
        return type(self), (self.reason, self.message_vi, self.message_en, self.rows_read), self.__dict__


# Reasons that do not depend on the template the file is read against: no other template is tried.
FILE_LEVEL_REASONS = frozenset({
    "empty_file", "too_large", "too_large_uncompressed", "sheet_too_large", "too_many_columns", "corrupt_xlsx",
    "encrypted_xlsx", "legacy_xls", "not_a_spreadsheet", "unsupported_format", "symlink", "not_a_regular_file",
    "unreadable_file", "invalid_json", "nested_json",
})
# Reasons that mean "this template's header is not in the file": the family's older versions are tried.
_NOT_THIS_TEMPLATE = frozenset({"no_header_row", "bad_encoding"})


def expected_headers(model: type[OshReport]) -> dict[str, tuple[str, str]]:
    """What finds the header row: each required column's three spellings, the Vietnamese header, the
    canonical name (API senders) or the English label. Required columns only, so that a sender who deleted
    unused optional columns from a wide form is still read (and gets a clear message if a required one is
    missing)."""
    return {s.header_vi: (s.name, s.label_en) for s in model.columns() if s.required}


@dataclass(frozen=True)
class RawSubmission:
    """One file read to text under the template's column names, not yet typed (``to_text``'s columns plus
    the lineage known from the file alone: ``_file_sha256``, ``_source_file``, ``_file_format``,
    ``_received_at``)."""

    landing: LandingFile
    model: type[OshReport]  # the template version the file follows
    file_format: str
    text: pl.DataFrame | TextRows  # a small file's rows are built into a frame with the rest of its batch

    @property
    def frame(self) -> pl.DataFrame:
        return as_frame(self.text)

    @property
    def rows(self) -> int:
        return self.text.height


@dataclass(frozen=True)
class TypedFile:
    raw: RawSubmission
    period: str  # the submission's period: its folder's, else the most frequent value of its period column
    sender: str | None  # the most frequent value of its sender column


@dataclass
class TypedBatch:
    """The typed rows of the accepted files, file after file, with all lineage columns (empty frame, no
    columns, if none), and every file's fate: accepted, or rejected with a FileRejected (``no_period``) or
    the exception its typing raised."""

    frame: pl.DataFrame = field(default_factory=pl.DataFrame)
    accepted: list[TypedFile] = field(default_factory=list)
    rejected: list[tuple[RawSubmission, Exception]] = field(default_factory=list)


def read_raw_submission(landing: LandingFile, model: type[OshReport], limits: ReadLimits) -> RawSubmission:
    """The file's rows as text under the columns of the template version they follow, with lineage.

    The current version is tried first, then the family's older ones (``schemas.registry.OLDER_VERSIONS``).
    Raises UnreadableFileError or FileRejected.
    """
    folder_link = through_symlink(landing)
    if folder_link is not None:
        raise UnreadableFileError(
            landing.path, "symlink",
            f"Thư mục «{folder_link}» trên đường dẫn tới tệp là một liên kết tượng trưng (symlink); hệ thống không "
            f"bao giờ đọc theo liên kết.",
            f"The folder «{folder_link}» on the way to the file is a symbolic link; links are never followed.",
        )
    problem: UnreadableFileError | FileRejected | None = None
    for version in (model, *OLDER_VERSIONS.get(model.template.family, ())):
        try:
            table = read_table(landing.path, expected_labels=expected_headers(version), limits=limits)
        except UnreadableFileError as unreadable:
            if unreadable.reason not in _NOT_THIS_TEMPLATE:
                raise
            problem = problem or unreadable
            continue
        match = match_headers(table.labels, version)
        if not match.missing_required:
            model = version
            break
        problem = problem or _missing_columns(version, match, table.frame.height)
    else:
        _reject_if_other_family(landing, model, limits, getattr(problem, "rows_read", 0))
        raise problem
    if match.duplicated:
        raise _duplicated_columns(landing, model, match)
    lineage = {
        FILE: (landing.sha256, pl.String),
        "_source_file": (landing.relative_path, pl.String),
        FILE_FORMAT: (table.file_format, pl.String),
        "_received_at": (landing.received_at.astimezone(UTC), RECEIVED_AT_TYPE),
    }
    return RawSubmission(landing, model, table.file_format, text_of(table, model, match, lineage))


def type_submissions(model: type[OshReport], raws: list[RawSubmission]) -> TypedBatch:
    """Type the rows of files that follow one template version, all at once (one expression per column).

    A file whose period cannot be determined is rejected alone (``no_period``). If typing the batch
    raises, each file is typed on its own, so that only the file that raises is rejected (with that
    exception) and the others go on; the caller reports the exception.
    """
    if not raws:
        return TypedBatch()
    try:
        return _type_together(model, raws)
    except Exception as crash:
        if len(raws) == 1:
            return TypedBatch(rejected=[(raws[0], crash)])
        log.warning("typing a batch of %d %s files raised %s: typing them one by one", len(raws),
                    model.template.family, type(crash).__name__)
    parts = [type_submissions(model, [raw]) for raw in raws]
    frames = [part.frame for part in parts if part.frame.width]
    return TypedBatch(
        pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame(),
        [typed for part in parts for typed in part.accepted],
        [rejected for part in parts for rejected in part.rejected],
    )


def read_submission(
    landing: LandingFile, model: type[OshReport], limits: ReadLimits
) -> tuple[pl.DataFrame, str, type[OshReport]]:
    """One file's rows, typed, with lineage columns, and the template version they follow: a batch of one.

    Raises UnreadableFileError, FileRejected, or whatever typing the file raised.
    """
    raw = read_raw_submission(landing, model, limits)
    batch = type_submissions(raw.model, [raw])
    if batch.rejected:
        raise batch.rejected[0][1]
    return batch.frame, raw.file_format, raw.model


def _type_together(model: type[OshReport], raws: list[RawSubmission]) -> TypedBatch:
    text = stack_text([raw.text for raw in raws])
    positions = list(chain.from_iterable(repeat(i, raw.rows) for i, raw in enumerate(raws)))
    formats = {raw.file_format for raw in raws}
    # one format in the batch: its number rule is a constant (no test of each row's _file_format)
    file_format = formats.pop() if len(formats) == 1 else None
    typed = type_text(text.with_columns(pl.Series(_FILE_INDEX, positions, dtype=pl.UInt32)), model, file_format)
    info = model.template
    periods = _most_frequent_by_file(typed, pl.col(info.period_column))
    senders = _most_frequent_by_file(typed, sender_of_rows(model))
    batch = TypedBatch()
    # each file's lineage by its position in the batch (None for a rejected file), spread to its rows below
    lineage: dict[str, list] = {FILE_PERIOD: [], PERIOD_START: [], PERIOD_END: [], SENDER: []}
    for i, raw in enumerate(raws):
        values: tuple = (None, None, None, None)
        code = raw.landing.period or periods.get(i)
        if code is None:
            batch.rejected.append((raw, FileRejected(
                "no_period",
                "Không xác định được kỳ báo cáo của tệp (thư mục nộp hoặc cột kỳ báo cáo).",
                "The file's reporting period cannot be determined (neither its folder nor its period column).",
                raw.rows,
            )))
        else:
            try:
                period = parse_period(code)
            except Exception as crash:  # cannot happen with a canonical code; if it does, this file only
                batch.rejected.append((raw, crash))
            else:
                values = (period.code, period.start, period.end, senders.get(i))
                batch.accepted.append(TypedFile(raw, period.code, values[3]))
        for column, value in zip(lineage, values, strict=True):
            lineage[column].append(value)
    dtypes = {FILE_PERIOD: pl.String, PERIOD_START: pl.Date, PERIOD_END: pl.Date, SENDER: pl.String}
    typed = typed.with_columns(
        pl.lit(pl.Series(column, values, dtype=dtypes[column])).gather(pl.col(_FILE_INDEX)).alias(column)
        for column, values in lineage.items()
    )
    if batch.rejected:  # their rows go with them (an accepted file's rows all have a period)
        typed = typed.filter(pl.col(FILE_PERIOD).is_not_null())
    specs = model.columns()
    batch.frame = typed.select(
        ROW, *(s.name for s in specs), *(f"_raw_{s.name}" for s in specs), PARSE_FAILED,
        FILE, "_source_file", FILE_PERIOD, PERIOD_START, PERIOD_END, SENDER, "_received_at",
    )
    return batch


def _most_frequent_by_file(typed: pl.DataFrame, values: pl.Expr) -> dict[int, str]:
    """Each file's most frequent non-null value of ``values`` (ties: the smallest), by file position."""
    counts = (
        typed.select(_FILE_INDEX, values.cast(pl.String).alias("value"))
        .drop_nulls("value")
        .group_by(_FILE_INDEX, "value").len("n")
        .sort([_FILE_INDEX, "n", "value"], descending=[False, True, False])
        .unique(_FILE_INDEX, keep="first", maintain_order=True)
    )
    return dict(zip(counts[_FILE_INDEX].to_list(), counts["value"].to_list(), strict=True))


def recognise_family(path, limits: ReadLimits | None = None) -> str | None:
    """The family whose template the file's headers fit best (all required columns present), if any."""
    best, best_score = None, 0.0
    limits = limits or ReadLimits.from_environment()
    for family, model in FAMILIES.items():
        try:
            table = read_table(path, expected_labels=expected_headers(model), limits=limits)
        except UnreadableFileError as unreadable:
            if unreadable.reason in FILE_LEVEL_REASONS:
                return None  # unreadable whatever the template: no need to read it nine more times
            continue
        match = match_headers(table.labels, model)
        score = len(match.renames) / len(model.columns())
        if not match.missing_required and score > best_score:
            best, best_score = family, score
    return best


def _reject_if_other_family(landing: LandingFile, model: type[OshReport], limits: ReadLimits, rows: int) -> None:
    other = recognise_family(landing.path, limits)
    if other is None or other == model.template.family:
        return
    title = FAMILIES[other].template
    raise FileRejected(
        "wrong_family",
        f"Tệp này theo mẫu «{title.title_vi}» ({other}) nhưng được nộp vào thư mục «{model.template.family}»: "
        f"hãy nộp lại đúng mục.",
        f"This file follows the template «{title.title_en}» ({other}) but was submitted to the folder "
        f"«{model.template.family}»: please resubmit it under the right report.",
        rows,
    )


def _duplicated_columns(landing: LandingFile, model: type[OshReport], match: HeaderMatch) -> UnreadableFileError:
    """Two columns of the file name one column of the template (its Vietnamese and English headers, say):
    which one holds the data cannot be guessed, and silently keeping the first would drop the other."""
    headers = {s.name: s.header_vi for s in model.columns()}
    which = "; ".join(
        f"«{headers[name]}»: " + ", ".join(f"'{label}'" for label in labels)
        for name, labels in match.duplicated.items()
    )
    return UnreadableFileError(
        landing.path, "duplicate_headers",
        f"Nhiều cột của tệp cùng ứng với một cột của mẫu ({which}); mỗi cột chỉ được xuất hiện một lần.",
        f"Several columns of the file name the same template column ({which}); each may appear only once.",
    )


def _missing_columns(model: type[OshReport], match: HeaderMatch, rows_read: int) -> FileRejected:
    headers = {s.name: s.header_vi for s in model.columns()}
    missing = ", ".join(f"«{headers[name]}»" for name in match.missing_required)
    return FileRejected(
        "missing_columns",
        f"Tệp thiếu cột bắt buộc của mẫu «{model.template.title_vi}»: {missing}.",
        f"The file lacks required columns of the template «{model.template.title_en}»: {missing}.",
        rows_read,
    )
