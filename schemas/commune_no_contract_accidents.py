"""Accidents among workers without a labour contract, as recorded by commune People's Committees.

Decree 39/2016 art. 24-25 and Annex XVI; Decree 129/2025 art. 43. The commune sends its list for the
half-year before 5 July (S1) and before 5 January (S2). Deaths among these workers are reported beside
target T1, never inside its rate.
"""

from __future__ import annotations

import polars as pl

from schemas.rules import DUPLICATE_ROW, Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "reporting_commune_code"  # whose report a row is (one_report: the rules over a whole report)

PERIOD_IS_HALF_YEAR = rule(
    "commune_period_is_half_year", Severity.ERROR,
    "Kỳ báo cáo «{value}» không hợp lệ: báo cáo của xã lập theo 6 tháng (ví dụ 2025S1, 2025S2).",
    "Reporting period «{value}» is not valid: the commune report covers a half-year (e.g. 2025S1, 2025S2).",
)
EVENT_IN_PERIOD = rule(
    "commune_event_in_period", Severity.ERROR,
    "Ngày xảy ra tai nạn «{value}» không thuộc kỳ báo cáo.",
    "Accident date «{value}» falls outside the reporting period.",
)
VICTIM_ID_MISSING = rule(
    "commune_victim_id_missing", Severity.WARNING,
    "Thiếu số CCCD của người bị nạn: không đối chiếu được với các báo cáo khác; đề nghị bổ sung.",
    "The victim's national ID is missing: the record cannot be matched with other reports; please add it.",
)
VICTIM_AGE = rule(
    "commune_victim_age_plausible", Severity.WARNING,
    "Năm sinh «{value}» cho tuổi người bị nạn dưới 13 hoặc trên 80: đề nghị kiểm tra.",
    "Birth year «{value}» makes the victim younger than 13 or older than 80: please check.",
)
INCIDENT_ROWS_AGREE = rule(
    "commune_incident_rows_agree", Severity.WARNING,
    "Các người bị nạn của vụ số «{value}» ghi thời gian xảy ra khác nhau: đề nghị kiểm tra số thứ tự vụ.",
    "The victims of incident «{value}» have different accident dates: please check the incident numbers.",
)


def _is_duplicate_free() -> pl.Expr:
    """A victim appears once per incident: by national ID, or, without one, by the whole row."""
    by_id = pl.struct("incident_id", "victim_national_id").is_first_distinct().over(*one_report(SENDER_COLUMN))
    template_columns = pl.struct(pl.all().exclude(r"^_.*$"))
    whole_row = template_columns.is_first_distinct().over(*one_report(SENDER_COLUMN))
    return pl.when(pl.col("victim_national_id").is_not_null()).then(by_id).otherwise(whole_row)


class CommuneNoContractAccidentReport(OshReport):
    """Báo cáo tình hình tai nạn lao động đối với người làm việc không theo hợp đồng lao động (cấp xã).

    One row per victim, as the annex lists them: the commune's register is a list of people, and the
    T1 side-report counts deaths of workers without a labour contract by commune and year. Victims of
    the same accident share the incident number, so incidents can be counted too. The national ID is
    optional (the commune may not have it; a warning asks for it) so that no death is lost for want of
    it; names are read for checking and never stored.
    """

    # reporting frame
    period: str = report_field("Kỳ báo cáo", "Reporting period", "period", required=True,
                               note_vi="Nửa năm, ví dụ 2025S1", note_en="Half-year, e.g. 2025S1")
    reporting_commune_code: str = report_field("Mã xã/phường báo cáo", "Reporting commune code", "commune",
                                               required=True)
    # the incident
    incident_id: str = report_field("Số thứ tự vụ", "Incident number", required=True,
                                    note_vi="Người bị nạn trong cùng một vụ ghi cùng số",
                                    note_en="Victims of the same accident share the number")
    incident_at: pl.Datetime = report_field("Thời gian xảy ra", "Date and time of the accident", "datetime",
                                            required=True)
    incident_commune_code: str = report_field("Mã xã/phường nơi xảy ra", "Commune where it happened", "commune",
                                              note_vi="Để trống nếu là xã báo cáo",
                                              note_en="Empty if it is the reporting commune")
    injury_factor_code: str = report_field("Yếu tố gây chấn thương", "Injury factor", "code",
                                           code_list="ref_injury_factors")
    cause_code: str = report_field("Nguyên nhân", "Cause", "code", code_list="ref_accident_causes")
    # the victim
    victim_national_id: str = report_field("Số CCCD", "National ID number (CCCD)", "national_id",
                                           note_vi="12 chữ số", note_en="12 digits")
    victim_name: str = report_field("Họ và tên", "Victim's full name", "personal_name",
                                    note_vi="Chỉ dùng để đối chiếu, không lưu vào kho dữ liệu",
                                    note_en="Used for checking only; never stored in the warehouse")
    victim_sex: str = report_field("Giới tính", "Sex", "sex", required=True, note_vi="Nam / Nữ",
                                   note_en="Male / Female")
    victim_birth_year: int = report_field("Năm sinh", "Birth year", "integer", ge=1920, le=2020)
    occupation_code: str = report_field("Nghề nghiệp (VSCO)", "Occupation (VSCO 2020 major group)", "code",
                                        code_list="ref_vsco_major_groups")
    work_description: str = report_field("Công việc khi bị tai nạn", "Work being done at the time",
                                         note_vi="Ví dụ: phụ hồ, đánh bắt hải sản, khai thác gỗ",
                                         note_en="E.g. construction labourer, fishing, logging")
    severity: str = report_field("Mức độ thương tích", "Severity", "code", required=True,
                                 code_list="ref_severity")
    has_voluntary_accident_insurance: bool = report_field(
        "Tham gia bảo hiểm tai nạn lao động tự nguyện", "Covered by voluntary accident insurance", "boolean",
        note_vi="Có / Không (Nghị định 143/2024)", note_en="Yes / No (Decree 143/2024)",
    )

    __template__ = TemplateInfo(
        family="commune_no_contract_accidents",
        version="2025.1",
        title_vi="Báo cáo tai nạn lao động của người làm việc không theo hợp đồng lao động (cấp xã)",
        title_en="Occupational accidents among workers without a labour contract (commune report)",
        legal_basis="Nghị định 39/2016 Phụ lục XVI; Nghị định 129/2025 Đ.43",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="half_year",
        event_date_column="incident_at",
        key_columns=("incident_id", "victim_national_id"),
    )

    period_is_half_year = cross_field_rule(
        PERIOD_IS_HALF_YEAR, lambda: pl.col("period").str.contains(r"^\d{4}S[12]$"), ("period",)
    )
    event_in_period = cross_field_rule(
        EVENT_IN_PERIOD,
        lambda: pl.col("incident_at").dt.date().is_between(pl.col("_period_start"), pl.col("_period_end")),
        ("incident_at",),
    )
    duplicate_row = cross_field_rule(DUPLICATE_ROW, _is_duplicate_free, ("victim_national_id",))
    victim_id_missing = cross_field_rule(
        VICTIM_ID_MISSING, lambda: pl.col("victim_national_id").is_not_null(), ("victim_national_id",)
    )
    victim_age_plausible = cross_field_rule(
        VICTIM_AGE,
        lambda: (pl.col("incident_at").dt.year() - pl.col("victim_birth_year")).is_between(13, 80),
        ("victim_birth_year",),
    )
    incident_rows_agree = cross_field_rule(
        INCIDENT_ROWS_AGREE,
        lambda: pl.col("incident_at").dt.date().drop_nulls().n_unique()
        .over(*one_report(SENDER_COLUMN), "incident_id") <= 1,
        ("incident_id",),
    )
