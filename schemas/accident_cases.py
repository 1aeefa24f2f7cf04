"""Accident cases: the employer's accident register, one row per victim of each incident.

OSH Law 84/2015 art. 34 (declaration), Decree 129/2025 Form 01, Circular 13/2020 Annex I (register).
An employer sends its register for the half-year as one file.
"""

from __future__ import annotations

import polars as pl

from schemas.rules import DUPLICATE_ROW, Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "employer_tax_code"  # whose report a row is (one_report: the rules over a whole report)

EVENT_IN_PERIOD = rule(
    "event_in_period", Severity.ERROR,
    "Ngày xảy ra tai nạn «{value}» không thuộc kỳ báo cáo.",
    "Accident date «{value}» falls outside the reporting period.",
)
VICTIM_AGE_PLAUSIBLE = rule(
    "victim_age_plausible", Severity.WARNING,
    "Năm sinh «{value}» cho tuổi nạn nhân dưới 13 hoặc trên 80: đề nghị kiểm tra.",
    "Birth year «{value}» makes the victim younger than 13 or older than 80: please check.",
)
DEATH_HAS_NO_DAYS_OFF = rule(
    "death_has_no_days_off", Severity.WARNING,
    "Nạn nhân tử vong nhưng có ghi số ngày nghỉ «{value}».",
    "A fatal victim has days off recorded («{value}»).",
)


class AccidentCaseReport(OshReport):
    """Sổ theo dõi / khai báo tai nạn lao động — accident register and declarations, one row per victim."""

    # reporting frame
    period: str = report_field("Kỳ báo cáo", "Reporting period", "period", required=True,
                               note_vi="Nửa năm, ví dụ 2025S1", note_en="Half-year, e.g. 2025S1")
    # the employer
    employer_tax_code: str = report_field("Mã số thuế", "Employer tax code", "tax_code", required=True)
    employer_name: str = report_field("Tên cơ sở", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường trụ sở", "Employer's commune code", "commune",
                                              required=True)
    sector_code: str = report_field("Ngành kinh tế (VSIC)", "Industry section (VSIC 2018)", "code",
                                    required=True, code_list="ref_vsic_sections")
    # the incident
    incident_id: str = report_field("Số hiệu vụ tai nạn", "Incident number", required=True,
                                    note_vi="Số thứ tự vụ trong sổ của cơ sở",
                                    note_en="The incident's number in the employer's register")
    incident_at: pl.Datetime = report_field("Thời gian xảy ra", "Date and time of the accident", "datetime",
                                            required=True)
    incident_commune_code: str = report_field("Mã xã/phường nơi xảy ra", "Commune where it happened",
                                              "commune")
    injury_factor_code: str = report_field("Yếu tố gây chấn thương", "Injury factor", "code",
                                           code_list="ref_injury_factors")
    cause_code: str = report_field("Nguyên nhân", "Cause", "code", code_list="ref_accident_causes")
    # the victim
    victim_national_id: str = report_field("Số CCCD", "National ID number (CCCD)", "national_id",
                                           required=True, note_vi="12 chữ số", note_en="12 digits")
    victim_name: str = report_field("Họ và tên", "Victim's full name", "personal_name",
                                    note_vi="Chỉ dùng để đối chiếu, không lưu vào kho dữ liệu",
                                    note_en="Used for checking only; never stored in the warehouse")
    victim_sex: str = report_field("Giới tính", "Sex", "sex", required=True, note_vi="Nam / Nữ",
                                   note_en="Male / Female")
    victim_birth_year: int = report_field("Năm sinh", "Birth year", "integer", ge=1920, le=2020)
    occupation_code: str = report_field("Nghề nghiệp (VSCO)", "Occupation (VSCO 2020 major group)", "code",
                                        code_list="ref_vsco_major_groups")
    employment_type: str = report_field("Loại quan hệ lao động", "Employment type", "code", required=True,
                                        code_list="ref_employment_types")
    severity: str = report_field("Mức độ thương tích", "Severity", "code", required=True,
                                 code_list="ref_severity")
    days_off: int = report_field("Số ngày nghỉ", "Calendar days off work", "integer", ge=0, le=3650,
                                 unit="ngày / days")
    under_employer_management: bool = report_field(
        "Thuộc quyền quản lý của cơ sở", "Under the employer's management", "boolean", required=True,
        note_vi="Có / Không", note_en="Yes / No",
    )

    __template__ = TemplateInfo(
        family="accident_cases",
        version="2025.1",
        title_vi="Sổ theo dõi tai nạn lao động (theo nạn nhân)",
        title_en="Accident register (one row per victim)",
        legal_basis="Luật ATVSLĐ 84/2015 Đ.34; Nghị định 129/2025 Mẫu 01; Thông tư 13/2020 Phụ lục I",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="half_year",
        event_date_column="incident_at",
        key_columns=("incident_id", "victim_national_id"),
    )

    event_in_period = cross_field_rule(
        EVENT_IN_PERIOD,
        lambda: pl.col("incident_at").dt.date().is_between(pl.col("_period_start"), pl.col("_period_end")),
        ("incident_at",),
    )
    victim_age_plausible = cross_field_rule(
        VICTIM_AGE_PLAUSIBLE,
        lambda: (pl.col("incident_at").dt.year() - pl.col("victim_birth_year")).is_between(13, 80),
        ("victim_birth_year",),
    )
    death_has_no_days_off = cross_field_rule(
        DEATH_HAS_NO_DAYS_OFF,
        lambda: (pl.col("severity") != "death") | (pl.col("days_off").fill_null(0) == 0),
        ("days_off",),
    )
    duplicate_row = cross_field_rule(
        DUPLICATE_ROW,
        lambda: pl.struct("incident_id", "victim_national_id").is_first_distinct().over(*one_report(SENDER_COLUMN)),
        ("victim_national_id",),
    )
