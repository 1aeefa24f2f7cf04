"""One submitted file read as a submission of a family: typed rows plus lineage, or a clear rejection."""

from __future__ import annotations

import polars as pl

from orchestration.ingest.landing_zone import LandingFile, through_symlink
from orchestration.ingest.parse import HeaderMatch, match_headers, to_typed
from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from orchestration.ingest.validate import FILE
from schemas.periods import parse_period
from schemas.registry import FAMILIES, OLDER_VERSIONS
from schemas.template import FILE_PERIOD, PERIOD_END, PERIOD_START, SENDER, OshReport


class FileRejected(Exception):
    """The file was read but cannot be taken as a submission of this family: all its rows are rejected."""

    def __init__(self, reason: str, message_vi: str, message_en: str, rows_read: int = 0):
        super().__init__(message_en)
        self.reason, self.message_vi, self.message_en = reason, message_vi, message_en
        self.rows_read = rows_read


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


def read_submission(
    landing: LandingFile, model: type[OshReport], limits: ReadLimits
) -> tuple[pl.DataFrame, str, type[OshReport]]:
    """The file's rows, typed, with lineage columns, and the template version they follow.

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
    ), table.file_format, model


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


def _most_frequent(values: pl.Series) -> str | None:
    counts = values.drop_nulls().value_counts(name="n").sort(["n", values.name], descending=[True, False])
    return None if counts.is_empty() else counts[0, 0]
