"""Periodic health checks: one row per employer whose workers a facility checked in the half-year.

Circular 19/2016/TT-BYT (occupational health management; Annex 8, the workplace health report:
workers checked, health classes I-V, occupational disease detected, workers to follow up or move to
other work). The examining facility sends its half-year as one file.

The five health classes stay five columns rather than long rows: the classification is fixed (I-V,
``ref_health_classes``), every row carries all five as on the form, and the check that they add up to
the workers checked is then a rule on one row.
"""

from __future__ import annotations

import polars as pl

from schemas.reporting_facilities import REGISTRY, facility_kind_rule
from schemas.rules import Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "facility_code"  # whose report a row is (one_report: the rules over a whole report)

HEALTH_CLASS_COLUMNS = ("class_i_workers", "class_ii_workers", "class_iii_workers", "class_iv_workers",
                        "class_v_workers")

CLASSES_SUM_TO_CHECKED = rule(
    "health_check_classes_sum_to_checked", Severity.WARNING,
    "Tổng số người phân loại sức khỏe I–V khác số người được khám «{value}».",
    "Workers in health classes I-V do not add up to the workers checked «{value}».",
)
FEMALE_LE_CHECKED = rule(
    "health_check_female_le_checked", Severity.ERROR,
    "Số lao động nữ được khám «{value}» lớn hơn tổng số người được khám.",
    "Female workers checked «{value}» exceed the workers checked.",
)
DISEASE_LE_CHECKED = rule(
    "health_check_disease_le_checked", Severity.ERROR,
    "Số người phát hiện mắc bệnh nghề nghiệp «{value}» lớn hơn số người được khám.",
    "Workers found with an occupational disease «{value}» exceed the workers checked.",
)
FOLLOW_UP_LE_CHECKED = rule(
    "health_check_follow_up_le_checked", Severity.ERROR,
    "Số người cần theo dõi, điều trị «{value}» lớn hơn số người được khám.",
    "Workers needing follow-up or treatment «{value}» exceed the workers checked.",
)
TRANSFER_LE_CHECKED = rule(
    "health_check_transfer_le_checked", Severity.ERROR,
    "Số người cần bố trí công việc khác «{value}» lớn hơn số người được khám.",
    "Workers to be moved to other work «{value}» exceed the workers checked.",
)
DUPLICATE_EMPLOYER = rule(
    "health_check_duplicate_employer", Severity.ERROR,
    "Cơ sở lao động «{value}» xuất hiện nhiều lần trong cùng báo cáo.",
    "Employer «{value}» appears more than once in the same report.",
)

_WORKERS = "người / persons"


def _at_most_checked(column: str) -> pl.Expr:
    return pl.col(column) <= pl.col("workers_checked")


class HealthCheckReport(OshReport):
    """Báo cáo kết quả khám sức khỏe định kỳ — periodic health checks, one row per employer checked."""

    # sender and reporting frame
    facility_code: str = report_field("Mã cơ sở khám sức khỏe", "Examining facility code", "code",
                                      required=True, code_list=REGISTRY,
                                      note_vi="Mã trong danh mục cơ sở báo cáo của Sở",
                                      note_en="Code in the province's facility registry")
    period: str = report_field("Kỳ báo cáo", "Reporting period", "period", required=True,
                               note_vi="Nửa năm, ví dụ 2025S1", note_en="Half-year, e.g. 2025S1")
    # the employer
    employer_tax_code: str = report_field("Mã số thuế cơ sở lao động", "Employer tax code", "tax_code",
                                          required=True)
    employer_name: str = report_field("Tên cơ sở lao động", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường cơ sở lao động", "Employer's commune code",
                                              "commune", required=True)
    # workers checked
    workers_checked: int = report_field("Số người được khám sức khỏe định kỳ", "Workers checked", "integer",
                                        required=True, ge=0, unit=_WORKERS)
    female_workers_checked: int = report_field("Trong đó: nữ", "Of whom female", "integer", ge=0, unit=_WORKERS)
    # health classes I-V (ref_health_classes)
    class_i_workers: int = report_field("Sức khỏe loại I", "Health class I (very good)", "integer", ge=0,
                                        unit=_WORKERS)
    class_ii_workers: int = report_field("Sức khỏe loại II", "Health class II (good)", "integer", ge=0,
                                         unit=_WORKERS)
    class_iii_workers: int = report_field("Sức khỏe loại III", "Health class III (average)", "integer", ge=0,
                                          unit=_WORKERS)
    class_iv_workers: int = report_field("Sức khỏe loại IV", "Health class IV (poor)", "integer", ge=0,
                                         unit=_WORKERS)
    class_v_workers: int = report_field("Sức khỏe loại V", "Health class V (very poor)", "integer", ge=0,
                                        unit=_WORKERS)
    # findings
    occupational_disease_workers: int = report_field(
        "Số người phát hiện mắc bệnh nghề nghiệp", "Workers found with an occupational disease", "integer",
        ge=0, unit=_WORKERS,
    )
    follow_up_workers: int = report_field(
        "Số người cần theo dõi, điều trị", "Workers needing follow-up or treatment", "integer", ge=0,
        unit=_WORKERS,
    )
    transfer_workers: int = report_field(
        "Số người cần bố trí công việc khác", "Workers to be moved to other work", "integer", ge=0,
        unit=_WORKERS,
    )

    __template__ = TemplateInfo(
        family="health_checks",
        version="2025.1",
        title_vi="Báo cáo kết quả khám sức khỏe định kỳ người lao động (theo cơ sở lao động)",
        title_en="Periodic health checks of workers (one row per employer)",
        legal_basis="Thông tư 19/2016/TT-BYT Phụ lục 8",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="half_year",
        key_columns=("employer_tax_code",),
    )

    facility_kind_matches_report = facility_kind_rule("facility_code", "health_check")
    health_check_classes_sum_to_checked = cross_field_rule(
        CLASSES_SUM_TO_CHECKED,
        lambda: pl.sum_horizontal(HEALTH_CLASS_COLUMNS) == pl.col("workers_checked"),
        ("workers_checked", *HEALTH_CLASS_COLUMNS),
    )
    health_check_female_le_checked = cross_field_rule(
        FEMALE_LE_CHECKED, lambda: _at_most_checked("female_workers_checked"),
        ("female_workers_checked", "workers_checked"),
    )
    health_check_disease_le_checked = cross_field_rule(
        DISEASE_LE_CHECKED, lambda: _at_most_checked("occupational_disease_workers"),
        ("occupational_disease_workers", "workers_checked"),
    )
    health_check_follow_up_le_checked = cross_field_rule(
        FOLLOW_UP_LE_CHECKED, lambda: _at_most_checked("follow_up_workers"),
        ("follow_up_workers", "workers_checked"),
    )
    health_check_transfer_le_checked = cross_field_rule(
        TRANSFER_LE_CHECKED, lambda: _at_most_checked("transfer_workers"),
        ("transfer_workers", "workers_checked"),
    )
    health_check_duplicate_employer = cross_field_rule(
        DUPLICATE_EMPLOYER,
        lambda: pl.col("employer_tax_code").is_first_distinct().over(*one_report(SENDER_COLUMN))
        | pl.col("employer_tax_code").is_null(),
        ("employer_tax_code",),
    )
