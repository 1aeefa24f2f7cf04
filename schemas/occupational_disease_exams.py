"""Occupational-disease examinations: one row per worker examined, sent by the examining facility.

Circular 28/2016/TT-BYT (occupational-disease examination and management; the facility's examination
register and its report to the Department of Health). A facility sends the examinations it performed
in a half-year as one file. The worker is known by national ID (hashed at ingestion): target T2
counts distinct workers examined in a year across all facilities.

Exposure is coded with ``ref_exposure_factors`` rather than ``ref_monitoring_factors``: an examination
targets a hazard of the compensable-disease list (silica vs. coal dust, lead vs. benzene, biological
agents, high pressure), which the coarser monitoring list cannot tell apart; each exposure factor
rolls up to its monitoring factor in the seed. One row carries one exposure factor (the one the
examination was for); the form has no cross-table, so the template needs no long rows.
"""

from __future__ import annotations

import polars as pl

from schemas import reference
from schemas.reporting_facilities import REGISTRY, facility_kind_rule
from schemas.rules import Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "facility_code"  # whose report a row is (one_report: the rules over a whole report)

DIAGNOSED = "diagnosed"

EXAM_DATE_IN_PERIOD = rule(
    "od_exam_date_in_period", Severity.ERROR,
    "Ngày khám «{value}» không thuộc kỳ báo cáo.",
    "Examination date «{value}» falls outside the reporting period.",
)
DISEASE_IFF_DIAGNOSED = rule(
    "od_exam_disease_iff_diagnosed", Severity.ERROR,
    "Mã bệnh nghề nghiệp «{value}» không khớp kết quả khám: ghi mã bệnh khi và chỉ khi kết quả là "
    "«Mắc bệnh nghề nghiệp».",
    "Disease code «{value}» does not fit the result: a disease code is given if and only if the result "
    "is «diagnosed».",
)
AGE_PLAUSIBLE = rule(
    "od_exam_age_plausible", Severity.WARNING,
    "Năm sinh «{value}» cho tuổi người lao động khi khám dưới 15 hoặc trên 80: đề nghị kiểm tra.",
    "Birth year «{value}» makes the worker younger than 15 or older than 80 at the examination: please check.",
)
EXPOSURE_WITHIN_WORKING_LIFE = rule(
    "od_exam_exposure_within_working_life", Severity.WARNING,
    "Số năm tiếp xúc «{value}» dài hơn thời gian làm việc có thể (từ 15 tuổi): đề nghị kiểm tra.",
    "Years of exposure «{value}» exceed the possible working life (from age 15): please check.",
)
DISEASE_MATCHES_EXPOSURE = rule(
    "od_exam_disease_matches_exposure", Severity.WARNING,
    "Bệnh nghề nghiệp «{value}» không thuộc nhóm yếu tố có hại đã ghi: đề nghị kiểm tra.",
    "Occupational disease «{value}» is not caused by the kind of exposure recorded: please check.",
)
DUPLICATE_WORKER_DATE = rule(
    "od_exam_duplicate_worker_date", Severity.ERROR,
    "Người lao động «{value}» được ghi hai lần cùng một ngày khám trong tệp.",
    "Worker «{value}» appears twice with the same examination date in the file.",
)


def _age_at_exam() -> pl.Expr:
    return pl.col("exam_date").dt.year() - pl.col("worker_birth_year")


def _exposure_group(column: str, seed: str) -> pl.Expr:
    groups = {r["code"]: r["exposure_group"] for r in reference.read_seed(seed)}
    return pl.col(column).replace_strict(groups, default=None, return_dtype=pl.String)


def _disease_fits_exposure() -> pl.Expr:
    """The disease's exposure group (dust, chemical...) is the factor's; any disease fits "other"."""
    factor = _exposure_group("exposure_factor_code", "ref_exposure_factors")
    return (factor == "other") | (factor == _exposure_group("disease_code", "ref_occupational_diseases"))


class OccupationalDiseaseExamReport(OshReport):
    """Báo cáo kết quả khám bệnh nghề nghiệp — occupational-disease examinations, one row per worker examined."""

    # sender and reporting frame
    facility_code: str = report_field("Mã cơ sở khám bệnh nghề nghiệp", "Examining facility code", "code",
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
    # the worker
    worker_national_id: str = report_field("Số CCCD", "National ID number (CCCD)", "national_id",
                                           required=True, note_vi="12 chữ số", note_en="12 digits")
    worker_name: str = report_field("Họ và tên", "Worker's full name", "personal_name",
                                    note_vi="Chỉ dùng để đối chiếu, không lưu vào kho dữ liệu",
                                    note_en="Used for checking only; never stored in the warehouse")
    worker_sex: str = report_field("Giới tính", "Sex", "sex", required=True, note_vi="Nam / Nữ",
                                   note_en="Male / Female")
    worker_birth_year: int = report_field("Năm sinh", "Birth year", "integer", ge=1920, le=2020)
    # exposure
    exposure_factor_code: str = report_field("Yếu tố có hại tiếp xúc", "Harmful factor examined for", "code",
                                             required=True, code_list="ref_exposure_factors")
    exposure_years: float = report_field("Số năm tiếp xúc", "Years of exposure", "decimal", ge=0, le=60,
                                         unit="năm / years")
    # the examination
    exam_date: pl.Date = report_field("Ngày khám", "Examination date", "date", required=True)
    exam_result: str = report_field("Kết quả khám", "Examination result", "code", required=True,
                                    code_list="ref_exam_results")
    disease_code: str = report_field("Mã bệnh nghề nghiệp", "Occupational disease diagnosed", "code",
                                     code_list="ref_occupational_diseases",
                                     note_vi="Chỉ ghi khi kết quả là mắc bệnh nghề nghiệp",
                                     note_en="Only when the result is «diagnosed»")

    __template__ = TemplateInfo(
        family="occupational_disease_exams",
        version="2025.1",
        title_vi="Báo cáo kết quả khám bệnh nghề nghiệp (theo người lao động)",
        title_en="Occupational-disease examinations (one row per worker examined)",
        legal_basis="Thông tư 28/2016/TT-BYT; Thông tư 15/2016/TT-BYT (sửa đổi bởi 02/2023/TT-BYT)",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="half_year",
        event_date_column="exam_date",
        key_columns=("worker_national_id", "exam_date"),
    )

    facility_kind_matches_report = facility_kind_rule("facility_code", "occupational_disease_exam")
    od_exam_date_in_period = cross_field_rule(
        EXAM_DATE_IN_PERIOD,
        lambda: pl.col("exam_date").is_between(pl.col("_period_start"), pl.col("_period_end")),
        ("exam_date",),
    )
    od_exam_disease_iff_diagnosed = cross_field_rule(
        DISEASE_IFF_DIAGNOSED,
        lambda: (pl.col("exam_result") == DIAGNOSED) == pl.col("disease_code").is_not_null(),
        ("disease_code", "exam_result"),
    )
    od_exam_age_plausible = cross_field_rule(
        AGE_PLAUSIBLE,
        lambda: _age_at_exam().is_between(15, 80),
        ("worker_birth_year",),
    )
    od_exam_exposure_within_working_life = cross_field_rule(
        EXPOSURE_WITHIN_WORKING_LIFE,
        lambda: (pl.col("exposure_years") <= _age_at_exam() - 15) | (_age_at_exam() < 15),  # under 15: age rule
        ("exposure_years", "worker_birth_year"),
    )
    od_exam_disease_matches_exposure = cross_field_rule(
        DISEASE_MATCHES_EXPOSURE,
        _disease_fits_exposure,
        ("disease_code", "exposure_factor_code"),
    )
    od_exam_duplicate_worker_date = cross_field_rule(
        DUPLICATE_WORKER_DATE,
        lambda: pl.struct("worker_national_id", "exam_date").is_first_distinct().over(*one_report(SENDER_COLUMN))
        | pl.col("worker_national_id").is_null(),  # a missing ID is reported by "required" alone
        ("worker_national_id",),
    )
