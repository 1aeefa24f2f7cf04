"""Check one file as it would be ingested, without loading it: what ``osh validate`` runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from orchestration.ingest.checking import check_batch
from orchestration.ingest.landing_zone import LandingFile, file_sha256
from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from orchestration.ingest.submission import FileRejected, read_submission, recognise_family
from schemas.periods import is_period_code
from schemas.registry import FAMILIES

CLEAN, HAS_ERRORS, UNREADABLE = 0, 1, 2  # the exit statuses of ``osh validate``


@dataclass
class FileCheck:
    path: Path
    family: str | None
    status: int
    message_vi: str = ""
    message_en: str = ""
    rows_read: int = 0
    problems: list[dict] = field(default_factory=list)  # row_number, header_vi, value, rule, severity, messages

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] == "warning"]


def family_from_path(path: Path) -> str | None:
    """``<family>/<period>/<file>`` or ``<family>/<file>``: the landing-zone folder names the family."""
    parent = path.parent
    if is_period_code(parent.name):
        parent = parent.parent
    return parent.name if parent.name in FAMILIES else None


def check_file(path: Path, family: str | None = None, limits: ReadLimits | None = None) -> FileCheck:
    limits = limits or ReadLimits.from_environment()  # the limits the nightly run applies
    path = Path(path)
    if not path.is_file():
        return FileCheck(path, family, UNREADABLE, f"Không tìm thấy tệp {path}.", f"File not found: {path}.")
    family = family or family_from_path(path) or recognise_family(path, limits)
    if family is None:
        try:  # unreadable whatever the template (a symlink, a zip bomb...): say that, not "no template"
            read_table(path, limits=limits)
        except UnreadableFileError as problem:
            return FileCheck(path, None, UNREADABLE, problem.message_vi, problem.message_en)
        return FileCheck(
            path, None, UNREADABLE,
            "Không nhận ra tệp theo mẫu báo cáo nào (tiêu đề cột không khớp mẫu nào); hãy dùng mẫu của Sở.",
            "The file does not follow any report template (its headers match none); please use the official "
            "template.",
        )
    if family not in FAMILIES:
        known = ", ".join(sorted(FAMILIES))
        return FileCheck(path, family, UNREADABLE, f"Không có loại báo cáo «{family}» ({known}).",
                         f"No report family «{family}» (known: {known}).")
    model = FAMILIES[family]
    landing = LandingFile(
        path=path, relative_path=path.name, family=family,
        period=path.parent.name if is_period_code(path.parent.name) else None,
        received_at=datetime.now(UTC), sha256=file_sha256(path),
    )
    try:
        frame, _, model = read_submission(landing, model, limits)
    except UnreadableFileError as problem:
        return FileCheck(path, family, UNREADABLE, problem.message_vi, problem.message_en)
    except FileRejected as problem:
        return FileCheck(path, family, HAS_ERRORS, problem.message_vi, problem.message_en, problem.rows_read)
    checked = check_batch(model, [frame], datetime.now(UTC))
    problems = (
        checked.quarantine.vstack(checked.warnings)
        .sort("row_number", "severity", "column_name")
        .select("row_number", "column_name", "header_vi", "value", "rule", "severity", "message_vi", "message_en")
        .to_dicts()
    )
    status = HAS_ERRORS if checked.quarantine.height else CLEAN
    return FileCheck(path, family, status, rows_read=frame.height, problems=problems)
