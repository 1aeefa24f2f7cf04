"""Work-environment monitoring results: samples taken and failing, per establishment, visit and factor.

Decree 44/2016/NĐ-CP (work-environment monitoring, quan trắc môi trường lao động) as amended by
Decree 140/2018/NĐ-CP. An accredited monitoring organisation sends the visits it made in a half-year
as one file. Target T3 counts distinct establishments with at least one monitoring result in a year.

The official result sheet is a cross-table (one column pair per factor); it becomes long rows, one
per (establishment, visit date, factor) with the samples taken and the samples failing the limits,
so a visit that measured six factors is six rows and the factor list (``ref_monitoring_factors``)
can grow without a template change.
"""

from __future__ import annotations

import polars as pl

from schemas.reporting_facilities import REGISTRY, facility_kind_rule
from schemas.rules import Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, report_field

FAILING_LE_SAMPLES = rule(
    "monitoring_failing_le_samples", Severity.ERROR,
    "Số mẫu không đạt «{value}» lớn hơn số mẫu quan trắc.",
    "Failing samples «{value}» exceed the samples taken.",
)
VISIT_IN_PERIOD = rule(
    "monitoring_visit_in_period", Severity.ERROR,
    "Ngày quan trắc «{value}» không thuộc kỳ báo cáo.",
    "Monitoring date «{value}» falls outside the reporting period.",
)
DUPLICATE_VISIT_FACTOR = rule(
    "monitoring_duplicate_visit_factor", Severity.ERROR,
    "Yếu tố «{value}» được ghi hai lần cho cùng cơ sở và cùng ngày quan trắc.",
    "Factor «{value}» appears twice for the same establishment and monitoring date.",
)

_SAMPLES = "mẫu / samples"


class WorkEnvironmentMonitoringReport(OshReport):
    """Báo cáo kết quả quan trắc môi trường lao động — monitoring results, one row per visit and factor."""

    # sender and reporting frame
    facility_code: str = report_field("Mã tổ chức quan trắc", "Monitoring organisation code", "code",
                                      required=True, code_list=REGISTRY,
                                      note_vi="Mã trong danh mục cơ sở báo cáo của Sở",
                                      note_en="Code in the province's facility registry")
    period: str = report_field("Kỳ báo cáo", "Reporting period", "period", required=True,
                               note_vi="Nửa năm, ví dụ 2025S1", note_en="Half-year, e.g. 2025S1")
    # the establishment monitored
    employer_tax_code: str = report_field("Mã số thuế cơ sở lao động", "Employer tax code", "tax_code",
                                          required=True)
    employer_name: str = report_field("Tên cơ sở lao động", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường cơ sở lao động", "Employer's commune code",
                                              "commune", required=True)
    # the visit and factor
    visit_date: pl.Date = report_field("Ngày quan trắc", "Monitoring date", "date", required=True)
    factor_code: str = report_field("Yếu tố quan trắc", "Factor monitored", "code", required=True,
                                    code_list="ref_monitoring_factors")
    samples_taken: int = report_field("Số mẫu quan trắc", "Samples taken", "integer", required=True, ge=1,
                                      unit=_SAMPLES)
    samples_failing: int = report_field("Số mẫu không đạt", "Samples failing the limits", "integer",
                                        required=True, ge=0, unit=_SAMPLES,
                                        note_vi="Số mẫu vượt giới hạn tiếp xúc cho phép",
                                        note_en="Samples above the permissible exposure limit")

    __template__ = TemplateInfo(
        family="work_environment_monitoring",
        version="2025.1",
        title_vi="Báo cáo kết quả quan trắc môi trường lao động (theo cơ sở, lần quan trắc và yếu tố)",
        title_en="Work-environment monitoring results (one row per establishment, visit and factor)",
        legal_basis="Nghị định 44/2016/NĐ-CP; Nghị định 140/2018/NĐ-CP",
        sender_column="facility_code",
        period_column="period",
        period_type="half_year",
        event_date_column="visit_date",
        key_columns=("employer_tax_code", "visit_date", "factor_code"),
    )

    facility_kind_matches_report = facility_kind_rule("facility_code", "environment_monitoring")
    monitoring_failing_le_samples = cross_field_rule(
        FAILING_LE_SAMPLES,
        lambda: pl.col("samples_failing") <= pl.col("samples_taken"),
        ("samples_failing", "samples_taken"),
    )
    monitoring_visit_in_period = cross_field_rule(
        VISIT_IN_PERIOD,
        lambda: pl.col("visit_date").is_between(pl.col("_period_start"), pl.col("_period_end")),
        ("visit_date",),
    )
    monitoring_duplicate_visit_factor = cross_field_rule(
        DUPLICATE_VISIT_FACTOR,
        lambda: pl.struct("employer_tax_code", "visit_date", "factor_code").is_first_distinct()
        .over("_file_sha256"),
        ("factor_code",),
    )
