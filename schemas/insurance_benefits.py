"""Insurance benefits: the fund's occupational accident and disease benefit decisions, one row per benefit.

OSH Law 84/2015 arts. 42-55 (conditions arts. 45-46, assessment art. 47, benefits arts. 48-55); the
funeral allowance under the Law on Social Insurance. The provincial social-insurance office sends the
decisions it made in a month as one file.
"""

from __future__ import annotations

import polars as pl

from schemas import reference
from schemas.rules import Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "fund_office_code"  # whose report a row is (one_report: the rules over a whole report)

DECISION_IN_PERIOD = rule(
    "benefit_decision_in_period", Severity.ERROR,
    "Ngày quyết định «{value}» không thuộc tháng báo cáo.",
    "Decision date «{value}» falls outside the reporting month.",
)
EVENT_NOT_AFTER_DECISION = rule(
    "benefit_event_not_after_decision", Severity.ERROR,
    "Ngày xảy ra TNLĐ / chẩn đoán BNN «{value}» sau ngày quyết định.",
    "Accident or diagnosis date «{value}» is after the decision date.",
)
DISEASE_CODE_REQUIRED = rule(
    "benefit_disease_code_required", Severity.ERROR,
    "Trường hợp bệnh nghề nghiệp phải ghi mã bệnh nghề nghiệp.",
    "An occupational-disease case must give the disease code.",
)
DISEASE_CODE_ONLY_FOR_DISEASE = rule(
    "benefit_disease_code_only_for_disease", Severity.ERROR,
    "Mã bệnh nghề nghiệp «{value}» chỉ ghi cho trường hợp bệnh nghề nghiệp, không ghi cho tai nạn lao động.",
    "Disease code «{value}» belongs to occupational-disease cases only, not to accidents.",
)
COMMUTING_ONLY_FOR_ACCIDENT = rule(
    "benefit_commuting_only_for_accident", Severity.ERROR,
    "Chỉ tai nạn lao động mới có thể là tai nạn trên đường đi và về.",
    "Only an occupational accident can be an accident on the way to or from work.",
)
CAPACITY_LOSS_REQUIRED = rule(
    "benefit_capacity_loss_required", Severity.ERROR,
    "Trợ cấp một lần, hằng tháng và phục vụ phải ghi tỷ lệ suy giảm khả năng lao động.",
    "One-time, monthly and attendant allowances require the assessed capacity loss.",
)
CAPACITY_LOSS_FITS_BENEFIT = rule(
    "benefit_capacity_loss_fits_type", Severity.ERROR,
    "Tỷ lệ suy giảm khả năng lao động «{value}»% không phù hợp loại trợ cấp "
    "(trợ cấp một lần: 5-30%; hằng tháng: từ 31%; phục vụ: từ 81%).",
    "Capacity loss «{value}»% does not match the benefit type "
    "(one-time allowance: 5-30%; monthly: from 31%; attendant: from 81%).",
)
AMOUNT_POSITIVE = rule(
    "benefit_amount_positive", Severity.ERROR,
    "Số tiền trợ cấp «{value}» phải lớn hơn 0.",
    "Benefit amount «{value}» must be greater than zero.",
)
DUPLICATE_DECISION = rule(
    "benefit_duplicate_decision", Severity.ERROR,
    "Quyết định «{value}» với cùng loại trợ cấp đã có ở dòng trước trong tệp.",
    "Decision «{value}» with the same benefit type already appears earlier in the file.",
)
WORKER_AGE_PLAUSIBLE = rule(
    "benefit_worker_age_plausible", Severity.WARNING,
    "Năm sinh «{value}» cho tuổi người lao động khi bị TNLĐ/BNN dưới 13 hoặc trên 90: đề nghị kiểm tra.",
    "Birth year «{value}» makes the worker younger than 13 or older than 90 at the event: please check.",
)


def _capacity_bound(column: str) -> dict[str, int]:
    """Benefit type -> its capacity-loss bound from ref_benefit_types (types without one are absent)."""
    return {r["code"]: int(r[column]) for r in reference.read_seed("ref_benefit_types") if r[column]}


def _bound(column: str) -> pl.Expr:
    return pl.col("benefit_type").replace_strict(_capacity_bound(column), default=None, return_dtype=pl.Int64)


class InsuranceBenefitReport(OshReport):
    """Danh sách giải quyết hưởng chế độ TNLĐ-BNN — benefit decisions of the fund, one row per benefit granted.

    A row is one benefit type granted by one decision (a death decision that also grants the funeral
    allowance is two rows with the same decision number). The worker is always the person who had the
    accident or the disease, also when relatives receive the money (death benefit, funeral), so that the
    case can be matched to the employer's accident register by hashed national ID, employer and event date.
    """

    # reporting frame
    fund_office_code: str = report_field("Mã cơ quan BHXH", "Social insurance office code", required=True)
    period: str = report_field("Tháng", "Month of the decision", "period", required=True,
                               note_vi="Tháng ra quyết định, dạng yyyymm, ví dụ 202507",
                               note_en="Month of the decision, yyyymm, e.g. 202507")
    # the decision
    decision_number: str = report_field("Số quyết định", "Decision number", required=True,
                                        note_vi="Ví dụ 125/QĐ-BHXH", note_en="E.g. 125/QĐ-BHXH")
    decision_date: pl.Date = report_field("Ngày quyết định", "Decision date", "date", required=True)
    # the worker (who had the accident or the disease)
    worker_national_id: str = report_field(
        "Số định danh cá nhân (CCCD)", "Worker's national ID number (CCCD)", "national_id", required=True,
        note_vi="12 chữ số, của người lao động bị TNLĐ/BNN (cả khi thân nhân nhận trợ cấp)",
        note_en="12 digits, of the injured or ill worker (also when relatives receive the benefit)",
    )
    worker_name: str = report_field("Họ và tên", "Worker's full name", "personal_name",
                                    note_vi="Chỉ dùng để đối chiếu, không lưu vào kho dữ liệu",
                                    note_en="Used for checking only; never stored in the warehouse")
    worker_sex: str = report_field("Giới tính", "Sex", "sex", required=True, note_vi="Nam / Nữ",
                                   note_en="Male / Female")
    worker_birth_year: int = report_field("Năm sinh", "Birth year", "integer", ge=1920, le=2020)
    # the employer where the accident happened or the disease was contracted
    employer_tax_code: str = report_field("Mã số thuế đơn vị", "Employer tax code", "tax_code", required=True,
                                          note_vi="Đơn vị nơi xảy ra TNLĐ / nơi mắc BNN",
                                          note_en="Employer where the accident happened or the disease was contracted")
    employer_name: str = report_field("Tên đơn vị", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường của đơn vị", "Employer's commune code", "commune",
                                              required=True)
    # the case
    case_type: str = report_field("Trường hợp", "Case type", "code", required=True,
                                  code_list="ref_benefit_case_types",
                                  note_vi="Tai nạn lao động / Bệnh nghề nghiệp",
                                  note_en="Occupational accident / occupational disease")
    is_commuting_accident: bool = report_field(
        "Tai nạn trên đường đi và về", "Accident on the way to or from work", "boolean",
        note_vi="Có / Không; chỉ với tai nạn lao động (Luật ATVSLĐ Đ.45 khoản 1 điểm c)",
        note_en="Yes / No; accidents only (OSH Law art. 45(1)(c))",
    )
    event_date: pl.Date = report_field("Ngày bị TNLĐ/chẩn đoán BNN", "Accident date or diagnosis date", "date",
                                       required=True,
                                       note_vi="Ngày xảy ra tai nạn, hoặc ngày được chẩn đoán bệnh nghề nghiệp",
                                       note_en="Date of the accident, or date the occupational disease was diagnosed")
    disease_code: str = report_field("Mã bệnh nghề nghiệp", "Occupational disease", "code",
                                     code_list="ref_occupational_diseases",
                                     note_vi="Bắt buộc với bệnh nghề nghiệp, để trống với tai nạn lao động",
                                     note_en="Required for occupational diseases, empty for accidents")
    capacity_loss_pct: int = report_field("Tỷ lệ suy giảm khả năng lao động (%)", "Assessed capacity loss",
                                          "integer", ge=5, le=100, unit="%",
                                          note_vi="Theo biên bản giám định y khoa",
                                          note_en="As assessed by the medical assessment council")
    # the benefit
    benefit_type: str = report_field("Loại trợ cấp", "Benefit type", "code", required=True,
                                     code_list="ref_benefit_types")
    amount_million_vnd: float = report_field(
        "Số tiền trợ cấp", "Benefit amount", "decimal", required=True, unit="triệu đồng / million VND",
        note_vi="Trợ cấp hằng tháng: số tiền một tháng", note_en="Monthly allowances: the amount per month",
    )

    __template__ = TemplateInfo(
        family="insurance_benefits",
        version="2025.1",
        title_vi="Danh sách giải quyết hưởng chế độ bảo hiểm tai nạn lao động, bệnh nghề nghiệp",
        title_en="Occupational accident and disease insurance benefit decisions",
        legal_basis="Luật ATVSLĐ 84/2015 Đ.42-55; Luật BHXH",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="month",
        event_date_column="event_date",
        key_columns=("decision_number", "benefit_type"),
    )

    decision_in_period = cross_field_rule(
        DECISION_IN_PERIOD,
        lambda: pl.col("decision_date").is_between(pl.col("_period_start"), pl.col("_period_end")),
        ("decision_date",),
    )
    event_not_after_decision = cross_field_rule(
        EVENT_NOT_AFTER_DECISION,
        lambda: pl.col("event_date") <= pl.col("decision_date"),
        ("event_date", "decision_date"),
    )
    disease_code_required = cross_field_rule(
        DISEASE_CODE_REQUIRED,
        lambda: (pl.col("case_type") != "occupational_disease") | pl.col("disease_code").is_not_null(),
        ("disease_code", "case_type"),
    )
    disease_code_only_for_disease = cross_field_rule(
        DISEASE_CODE_ONLY_FOR_DISEASE,
        lambda: pl.col("disease_code").is_null() | (pl.col("case_type") == "occupational_disease"),
        ("disease_code", "case_type"),
    )
    commuting_only_for_accident = cross_field_rule(
        COMMUTING_ONLY_FOR_ACCIDENT,
        lambda: ~pl.col("is_commuting_accident") | (pl.col("case_type") == "accident"),
        ("is_commuting_accident", "case_type"),
    )
    capacity_loss_required = cross_field_rule(
        CAPACITY_LOSS_REQUIRED,
        lambda: pl.col("capacity_loss_pct").is_not_null() | _bound("min_capacity_loss_pct").is_null(),
        ("capacity_loss_pct", "benefit_type"),
    )
    capacity_loss_fits_type = cross_field_rule(
        CAPACITY_LOSS_FITS_BENEFIT,
        lambda: (
            ((pl.col("capacity_loss_pct") >= _bound("min_capacity_loss_pct"))
             | _bound("min_capacity_loss_pct").is_null())
            & ((pl.col("capacity_loss_pct") <= _bound("max_capacity_loss_pct"))
               | _bound("max_capacity_loss_pct").is_null())
        ),
        ("capacity_loss_pct", "benefit_type"),
    )
    amount_positive = cross_field_rule(
        AMOUNT_POSITIVE, lambda: pl.col("amount_million_vnd") > 0, ("amount_million_vnd",)
    )
    duplicate_decision = cross_field_rule(
        DUPLICATE_DECISION,
        lambda: pl.struct("decision_number", "benefit_type").is_first_distinct().over(*one_report(SENDER_COLUMN)),
        ("decision_number",),
    )
    worker_age_plausible = cross_field_rule(
        WORKER_AGE_PLAUSIBLE,
        lambda: (pl.col("event_date").dt.year() - pl.col("worker_birth_year")).is_between(13, 90),
        ("worker_birth_year",),
    )
