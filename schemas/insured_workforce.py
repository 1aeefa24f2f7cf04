"""Insured workforce: the social-insurance fund's monthly extract, one row per employer.

Workers covered by the occupational accident and disease insurance fund and their payroll
(Law on Social Insurance; contribution 0.5% of payroll, 0.3% under Decree 58/2020). The rate
denominator of target T1.
"""

from __future__ import annotations

import polars as pl

from schemas.rules import Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "fund_office_code"  # whose report a row is (one_report: the rules over a whole report)

FEMALE_NOT_ABOVE_TOTAL = rule(
    "female_le_total_workers", Severity.ERROR,
    "Số lao động nữ «{value}» lớn hơn tổng số lao động.",
    "Female workers «{value}» exceed total workers.",
)
DUPLICATE_EMPLOYER_MONTH = rule(
    "duplicate_employer_month", Severity.ERROR,
    "Đơn vị «{value}» xuất hiện nhiều lần trong cùng tháng.",
    "Employer «{value}» appears more than once for the same month.",
)
CONTRIBUTION_RATE_KNOWN = rule(
    "contribution_rate_known", Severity.WARNING,
    "Mức đóng «{value}»% khác mức 0,5% hoặc 0,3% theo quy định.",
    "Contribution rate «{value}»% is neither the 0.5% nor the reduced 0.3% rate.",
)


class InsuredWorkforceReport(OshReport):
    """Danh sách đơn vị tham gia bảo hiểm TNLĐ-BNN theo tháng — insured workforce per employer and month."""

    fund_office_code: str = report_field("Mã cơ quan BHXH", "Social insurance office code", required=True)
    period: str = report_field("Tháng", "Month", "period", required=True,
                               note_vi="Dạng yyyymm, ví dụ 202507", note_en="yyyymm, e.g. 202507")
    employer_tax_code: str = report_field("Mã số thuế đơn vị", "Employer tax code", "tax_code",
                                          required=True)
    employer_name: str = report_field("Tên đơn vị", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường", "Employer's commune code", "commune",
                                              required=True)
    sector_code: str = report_field("Ngành kinh tế (VSIC)", "Industry section (VSIC 2018)", "code",
                                    required=True, code_list="ref_vsic_sections")
    insured_workers: int = report_field("Số lao động tham gia BHTNLĐ-BNN", "Insured workers", "integer",
                                        required=True, ge=0, unit="người / persons")
    female_insured_workers: int = report_field("Trong đó: nữ", "Of whom female", "integer", ge=0,
                                               unit="người / persons")
    payroll_million_vnd: float = report_field("Quỹ tiền lương đóng BHXH", "Insured payroll", "decimal",
                                              ge=0, unit="triệu đồng / million VND")
    contribution_rate_pct: float = report_field("Mức đóng (%)", "Contribution rate", "decimal", ge=0, le=1,
                                                unit="%")

    __template__ = TemplateInfo(
        family="insured_workforce",
        version="2025.1",
        title_vi="Lao động tham gia bảo hiểm TNLĐ-BNN theo tháng",
        title_en="Workers insured against occupational accidents and diseases, by month",
        legal_basis="Luật BHXH; Luật ATVSLĐ 84/2015 Đ.43-44; Nghị định 58/2020",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="month",
        key_columns=("employer_tax_code",),
    )

    female_le_total_workers = cross_field_rule(
        FEMALE_NOT_ABOVE_TOTAL,
        lambda: pl.col("female_insured_workers") <= pl.col("insured_workers"),
        ("female_insured_workers",),
    )
    duplicate_employer_month = cross_field_rule(
        DUPLICATE_EMPLOYER_MONTH,
        lambda: pl.col("employer_tax_code").is_first_distinct().over(*one_report(SENDER_COLUMN)),
        ("employer_tax_code",),
    )
    contribution_rate_known = cross_field_rule(
        CONTRIBUTION_RATE_KNOWN,
        lambda: pl.col("contribution_rate_pct").round(3).is_in([0.3, 0.5]),
        ("contribution_rate_pct",),
    )


class InsuredWorkforceReport2024(OshReport):
    """The fund's extract as sent until 2024 (version 2024.1): no female count, no contribution rate.

    Read beside the current template so that the history stays loadable; the columns it lacks are
    empty in the warehouse.
    """

    fund_office_code: str = report_field("Mã cơ quan BHXH", "Social insurance office code", required=True)
    period: str = report_field("Tháng", "Month", "period", required=True)
    employer_tax_code: str = report_field("Mã số thuế", "Employer tax code", "tax_code", required=True)
    employer_name: str = report_field("Tên đơn vị", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường", "Employer's commune code", "commune",
                                              required=True)
    sector_code: str = report_field("Ngành kinh tế (VSIC)", "Industry section (VSIC 2018)", "code",
                                    required=True, code_list="ref_vsic_sections")
    insured_workers: int = report_field("Số lao động đóng BHTNLĐ-BNN", "Insured workers", "integer",
                                        required=True, ge=0, unit="người / persons")
    payroll_million_vnd: float = report_field("Quỹ tiền lương đóng BHXH", "Insured payroll", "decimal",
                                              ge=0, unit="triệu đồng / million VND")

    __template__ = TemplateInfo(
        family="insured_workforce",
        version="2024.1",
        title_vi="Lao động tham gia bảo hiểm TNLĐ-BNN theo tháng (mẫu đến 2024)",
        title_en="Workers insured against occupational accidents and diseases, by month (form until 2024)",
        legal_basis="Luật BHXH; Luật ATVSLĐ 84/2015 Đ.43-44",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="month",
        key_columns=("employer_tax_code",),
    )

    duplicate_employer_month = cross_field_rule(
        DUPLICATE_EMPLOYER_MONTH,
        lambda: pl.col("employer_tax_code").is_first_distinct().over(*one_report(SENDER_COLUMN)),
        ("employer_tax_code",),
    )
