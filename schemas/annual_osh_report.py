"""Annual OSH work report: an employer's yearly report on occupational safety and health.

Circular 07/2016/TT-BLĐTBXH art. 10 and Annex II (Báo cáo công tác an toàn, vệ sinh lao động).
Due before 10 January of the following year; period = the year (``2025``).
"""

from __future__ import annotations

import polars as pl

from schemas.rules import DUPLICATE_ROW, Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "employer_tax_code"  # whose report a row is (one_report: the rules over a whole report)
# Columns the main row cannot leave empty (the form's header and the T2/T3 denominators); 0 where none.
MAIN_ROW_REQUIRED_COLUMNS = ("total_workers", "heavy_hazardous_workers")
FACTOR = "monitoring_factor_code"
HEALTH_CLASSES = ("health_class_i", "health_class_ii", "health_class_iii", "health_class_iv", "health_class_v")
SPENDING_ITEMS = (
    "spending_safety_technical_million_vnd", "spending_hygiene_technical_million_vnd", "spending_ppe_million_vnd",
    "spending_health_care_million_vnd", "spending_training_million_vnd", "spending_risk_assessment_million_vnd",
    "spending_other_million_vnd",
)
SPENDING_TOLERANCE_MILLION_VND = 1.0
# Labour Code 2019 art. 107(3): at most 300 overtime hours a year per worker.
OVERTIME_HOURS_PER_WORKER_YEAR = 300

PERIOD_IS_YEAR = rule(
    "osh_report_period_is_year", Severity.ERROR,
    "Kỳ báo cáo «{value}» không hợp lệ: báo cáo công tác ATVSLĐ lập theo năm (ví dụ 2025).",
    "Reporting period «{value}» is not valid: the OSH work report covers a calendar year (e.g. 2025).",
)
MAIN_ROW_PRESENT = rule(
    "osh_report_main_row_present", Severity.ERROR,
    "Tệp không có dòng báo cáo chung (dòng để trống cột «Yếu tố quan trắc»): mỗi báo cáo phải có đúng một dòng này.",
    "The file has no main row (the row with «Monitoring factor» empty): each report needs exactly one.",
)
MAIN_ROW_REQUIRED = rule(
    "osh_report_main_row_complete", Severity.ERROR,
    "Dòng báo cáo chung phải ghi tổng số lao động và số lao động làm nghề, công việc nặng nhọc, độc hại, "
    "nguy hiểm (ghi 0 nếu không có).",
    "The main row must give the total workers and the workers in heavy, hazardous or dangerous work "
    "(0 if none).",
)
FEMALE = rule(
    "osh_female_le_total_workers", Severity.ERROR,
    "Số lao động nữ «{value}» lớn hơn tổng số lao động.",
    "Female workers «{value}» exceed total workers.",
)
HAZARDOUS = rule(
    "osh_hazardous_le_total_workers", Severity.ERROR,
    "Số lao động làm nghề, công việc nặng nhọc, độc hại, nguy hiểm «{value}» lớn hơn tổng số lao động.",
    "Workers in heavy, hazardous or dangerous work «{value}» exceed total workers.",
)
MINORS = rule(
    "osh_minors_le_total_workers", Severity.ERROR,
    "Số lao động chưa thành niên «{value}» lớn hơn tổng số lao động.",
    "Minor workers «{value}» exceed total workers.",
)
UNDER_15 = rule(
    "osh_under_15_le_minors", Severity.ERROR,
    "Số người dưới 15 tuổi «{value}» lớn hơn số lao động chưa thành niên.",
    "Workers under 15 «{value}» exceed minor workers (under 18).",
)
FAILING_SAMPLES = rule(
    "osh_failing_samples_le_samples", Severity.ERROR,
    "Số mẫu không đạt «{value}» lớn hơn số mẫu quan trắc.",
    "Failing samples «{value}» exceed the samples taken.",
)
DEATHS = rule(
    "osh_deaths_le_victims", Severity.ERROR,
    "Số người chết vì tai nạn lao động «{value}» lớn hơn số người bị tai nạn lao động.",
    "Accident deaths «{value}» exceed accident victims.",
)
FATAL_ACCIDENTS = rule(
    "osh_fatal_accidents_le_accidents", Severity.ERROR,
    "Số vụ có người chết «{value}» lớn hơn tổng số vụ tai nạn lao động.",
    "Fatal accidents «{value}» exceed all accidents.",
)
MACHINES = rule(
    "osh_inspected_le_machines_in_use", Severity.ERROR,
    "Số máy, thiết bị đã kiểm định «{value}» lớn hơn số đang sử dụng.",
    "Inspected machines «{value}» exceed the machines in use.",
)
NEW_DISEASE = rule(
    "osh_new_disease_le_cumulative", Severity.ERROR,
    "Số người mắc mới bệnh nghề nghiệp «{value}» lớn hơn tổng số người bị bệnh nghề nghiệp cộng dồn.",
    "New occupational-disease cases «{value}» exceed the cumulative cases.",
)
HEALTH_CLASSES_SUM = rule(
    "osh_health_classes_le_total_workers", Severity.WARNING,
    "Tổng số người được phân loại sức khỏe (loại I-V) lớn hơn tổng số lao động «{value}»: đề nghị kiểm tra.",
    "Workers classified by health (classes I-V) exceed total workers «{value}»: please check.",
)
SPENDING_TOTAL = rule(
    "osh_spending_total_matches_items", Severity.WARNING,
    "Tổng chi phí thực hiện kế hoạch ATVSLĐ «{value}» khác tổng các khoản chi (chênh lệch quá 1 triệu đồng).",
    "Total OSH spending «{value}» differs from the sum of its items by more than 1 million VND.",
)
FACTORS_SUM = rule(
    "osh_monitoring_factors_sum_to_total", Severity.WARNING,
    "Số mẫu của các dòng theo yếu tố quan trắc (dòng đầu: «{value}») cộng lại không bằng dòng báo cáo chung.",
    "The samples of the per-factor rows (first: «{value}») do not add up to the main row.",
)
OVERTIME = rule(
    "osh_overtime_within_annual_cap", Severity.WARNING,
    "Tổng số giờ làm thêm «{value}» vượt 300 giờ/người/năm (Bộ luật Lao động 2019 Đ.107): đề nghị kiểm tra.",
    "Overtime hours «{value}» exceed 300 hours per worker a year (Labour Code 2019 art. 107): please check.",
)
RISK_ASSESSMENT_MONTH = rule(
    "osh_risk_assessment_month_valid", Severity.ERROR,
    "Thời điểm đánh giá nguy cơ rủi ro «{value}» phải là một tháng (ví dụ 08/2025), không sau năm báo cáo.",
    "Latest risk assessment «{value}» must be a month (e.g. 08/2025) no later than the reporting year.",
)


def _count(header_vi: str, label_en: str, unit: str = "người / persons", **kw: str):
    """A non-negative count, filled on the main row."""
    return report_field(header_vi, label_en, "integer", ge=0, unit=unit, **kw)  # type: ignore[arg-type]


def _money(header_vi: str, label_en: str, **kw: str):
    """A non-negative amount in million VND, filled on the main row."""
    return report_field(header_vi, label_en, "decimal", ge=0, unit="triệu đồng / million VND",
                        **kw)  # type: ignore[arg-type]


def _is_main() -> pl.Expr:
    return pl.col(FACTOR).is_null()


def _factors_sum_match() -> pl.Expr:
    """On the first per-factor row of a file: per-factor samples and failing samples add up to the main row."""
    ok = pl.lit(True)
    for measure in ("monitoring_samples", "monitoring_failing_samples"):
        total = pl.when(_is_main()).then(pl.col(measure)).max().over(*one_report(SENDER_COLUMN))
        factors = pl.when(~_is_main()).then(pl.col(measure).fill_null(0)).sum().over(*one_report(SENDER_COLUMN))
        ok = ok & (factors == total)
    first_factor_row = pl.int_range(pl.len()).over(*one_report(SENDER_COLUMN), _is_main()) == 0
    return _is_main() | ~first_factor_row | ok


class AnnualOshReport(OshReport):
    """Báo cáo công tác an toàn, vệ sinh lao động năm — an employer's annual OSH work report.

    Shape: one MAIN row per employer and year (the row whose «Yếu tố quan trắc» is empty) holds every
    scalar section of Annex II as columns. Sets that are small and fixed by law are columns too: health
    classes I-V, training groups 1-6 (Decree 44/2016), the spending items of the form. The work-environment
    monitoring results by factor are LONG rows instead: one row per factor of ref_monitoring_factors
    (a seed the province may extend), reusing the main row's two sample columns, so a factor added to
    the list needs no new column. ``heavy_hazardous_workers`` on the main row is the T2 coverage
    denominator, and > 0 marks an establishment with harmful factors (T3). Money in million VND.
    """

    # reporting frame
    period: str = report_field("Năm báo cáo", "Reporting year", "period", required=True,
                               note_vi="Ví dụ 2025", note_en="E.g. 2025")
    employer_tax_code: str = report_field("Mã số thuế", "Employer tax code", "tax_code", required=True)
    # the employer
    employer_name: str = report_field("Tên cơ sở", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường trụ sở", "Employer's commune code", "commune")
    facility_type: str = report_field("Loại hình cơ sở", "Facility type", "code", code_list="ref_facility_types")
    sector_code: str = report_field("Ngành kinh tế (VSIC)", "Main industry section (VSIC 2018)", "code",
                                    code_list="ref_vsic_sections")
    # 1. workforce
    total_workers: int = _count("Tổng số lao động", "Total workers")
    osh_staff: int = _count("Số người làm công tác an toàn, vệ sinh lao động", "OSH staff")
    health_staff: int = _count("Số người làm công tác y tế", "Health staff")
    female_workers: int = _count("Số lao động nữ", "Female workers")
    heavy_hazardous_workers: int = _count(
        "Số lao động làm nghề, công việc nặng nhọc, độc hại, nguy hiểm",
        "Workers in heavy, hazardous or dangerous work (T2 coverage denominator; > 0 = has harmful factors, T3)",
        note_vi="Mẫu số của tỷ lệ khám bệnh nghề nghiệp (T2); lớn hơn 0 nghĩa là cơ sở có yếu tố có hại (T3). "
                "Ghi 0 nếu không có",
        note_en="Denominator of the T2 examination coverage; > 0 means the establishment has harmful "
                "factors (T3). 0 if none",
    )
    minor_workers: int = _count("Số lao động chưa thành niên", "Minor workers (under 18)")
    under_15_workers: int = _count("Số người dưới 15 tuổi", "Workers under 15")
    disabled_workers: int = _count("Số lao động là người khuyết tật", "Workers with disabilities")
    elderly_workers: int = _count("Số lao động cao tuổi", "Elderly workers")
    # 2. occupational accidents
    accidents: int = _count("Tổng số vụ tai nạn lao động", "Accidents", unit="vụ / accidents")
    fatal_accidents: int = _count("Số vụ có người chết", "Fatal accidents", unit="vụ / accidents")
    accident_victims: int = _count("Tổng số người bị tai nạn lao động", "Accident victims")
    accident_deaths: int = _count("Số người chết vì tai nạn lao động", "Accident deaths")
    accident_cost_million_vnd: float = _money(
        "Tổng chi phí cho tai nạn lao động", "Cost of accidents",
        note_vi="Cấp cứu, điều trị, trả lương ngày nghỉ, bồi thường, trợ cấp...",
        note_en="First aid, treatment, wages for days off, compensation, allowances...",
    )
    accident_days_lost: int = _count("Số ngày công nghỉ vì tai nạn lao động", "Working days lost to accidents",
                                    unit="ngày / days")
    # 3. occupational diseases
    disease_cases_cumulative: int = _count("Tổng số người bị bệnh nghề nghiệp cộng dồn",
                                          "Occupational-disease cases to date (cumulative)")
    disease_new_cases: int = _count("Số người mắc mới bệnh nghề nghiệp", "New occupational-disease cases")
    disease_leave_days: int = _count("Số ngày công nghỉ phép vì bệnh nghề nghiệp",
                                    "Working days of leave for occupational disease", unit="ngày / days")
    disease_early_retirements: int = _count("Số người phải nghỉ trước tuổi hưu vì bệnh nghề nghiệp",
                                           "Early retirements for occupational disease")
    disease_cost_million_vnd: float = _money("Tổng chi phí cho người bị bệnh nghề nghiệp",
                                             "Cost of occupational disease in the year")
    # 4. health classification (ref_health_classes): five fixed classes, as columns
    health_class_i: int = _count("Sức khỏe loại I", "Workers in health class I")
    health_class_ii: int = _count("Sức khỏe loại II", "Workers in health class II")
    health_class_iii: int = _count("Sức khỏe loại III", "Workers in health class III")
    health_class_iv: int = _count("Sức khỏe loại IV", "Workers in health class IV")
    health_class_v: int = _count("Sức khỏe loại V", "Workers in health class V")
    # 5. OSH training, groups 1-6 of Decree 44/2016 art. 17: fixed by law, as columns
    trained_group_1: int = _count("Huấn luyện nhóm 1", "Trained, group 1 (managers)")
    trained_group_2: int = _count("Huấn luyện nhóm 2", "Trained, group 2 (OSH staff)")
    trained_group_3: int = _count("Huấn luyện nhóm 3", "Trained, group 3 (strict-requirement work)")
    trained_group_4: int = _count("Huấn luyện nhóm 4", "Trained, group 4 (other workers)")
    trained_group_5: int = _count("Huấn luyện nhóm 5", "Trained, group 5 (health staff)")
    trained_group_6: int = _count("Huấn luyện nhóm 6", "Trained, group 6 (safety officers)")
    # 6. machines with strict safety requirements
    strict_machines_in_use: int = _count("Số máy, thiết bị có yêu cầu nghiêm ngặt đang sử dụng",
                                        "Machines with strict safety requirements in use", unit="chiếc / units")
    strict_machines_inspected: int = _count("Số máy, thiết bị có yêu cầu nghiêm ngặt đã được kiểm định",
                                           "Machines with strict safety requirements inspected",
                                           unit="chiếc / units")
    # 7. overtime
    overtime_workers: int = _count("Tổng số người làm thêm giờ trong năm", "Workers doing overtime")
    overtime_hours: int = _count("Tổng số giờ làm thêm trong năm", "Overtime hours", unit="giờ / hours")
    # 8. in-kind allowances against hazards
    in_kind_allowance_workers: int = _count("Số người được bồi dưỡng bằng hiện vật",
                                           "Workers receiving in-kind allowances")
    in_kind_allowance_cost_million_vnd: float = _money("Tổng chi phí bồi dưỡng bằng hiện vật",
                                                       "Cost of in-kind allowances")
    # 9. work-environment monitoring: the main row holds the totals, one row per factor the breakdown
    monitoring_factor_code: str = report_field(
        "Yếu tố quan trắc", "Monitoring factor", "code", code_list="ref_monitoring_factors",
        note_vi="Để trống ở dòng báo cáo chung; mỗi dòng theo yếu tố ghi một yếu tố",
        note_en="Empty on the main row; one factor per breakdown row",
    )
    monitoring_samples: int = _count("Số mẫu quan trắc môi trường lao động", "Work-environment samples taken",
                                    unit="mẫu / samples",
                                    note_vi="Dòng chung: tổng số mẫu; dòng theo yếu tố: số mẫu của yếu tố đó",
                                    note_en="Main row: all samples; factor row: that factor's samples")
    monitoring_failing_samples: int = _count("Số mẫu không đạt tiêu chuẩn", "Samples failing the limits",
                                            unit="mẫu / samples")
    # 10. OSH spending by item
    spending_safety_technical_million_vnd: float = _money("Chi phí các biện pháp kỹ thuật an toàn",
                                                          "Technical safety measures")
    spending_hygiene_technical_million_vnd: float = _money("Chi phí các biện pháp kỹ thuật vệ sinh",
                                                           "Technical hygiene measures")
    spending_ppe_million_vnd: float = _money("Chi phí trang cấp phương tiện bảo vệ cá nhân",
                                             "Personal protective equipment")
    spending_health_care_million_vnd: float = _money("Chi phí chăm sóc sức khỏe người lao động",
                                                     "Workers' health care")
    spending_training_million_vnd: float = _money("Chi phí tuyên truyền, huấn luyện", "Information and training")
    spending_risk_assessment_million_vnd: float = _money("Chi phí đánh giá nguy cơ rủi ro về ATVSLĐ",
                                                         "OSH risk assessment")
    spending_other_million_vnd: float = _money("Chi phí khác", "Other OSH spending")
    spending_total_million_vnd: float = _money("Tổng chi phí thực hiện kế hoạch ATVSLĐ", "Total OSH spending")
    # 11. contracted service providers (organisations: name or registration code)
    monitoring_provider: str = report_field("Tổ chức quan trắc môi trường lao động",
                                            "Work-environment monitoring provider")
    health_check_provider: str = report_field("Cơ sở khám sức khỏe, khám bệnh nghề nghiệp",
                                              "Health-check and occupational-disease examination provider")
    training_provider: str = report_field("Tổ chức huấn luyện ATVSLĐ", "OSH training provider")
    # 12. risk assessment
    risk_assessment_month: str = report_field(
        "Thời điểm đánh giá nguy cơ rủi ro gần nhất", "Month of the latest OSH risk assessment", "period",
        note_vi="Tháng/năm, ví dụ 08/2025", note_en="Month, e.g. 08/2025 (stored as 202508)",
    )

    __template__ = TemplateInfo(
        family="annual_osh_report",
        version="2025.1",
        title_vi="Báo cáo công tác an toàn, vệ sinh lao động năm",
        title_en="Annual occupational safety and health work report",
        legal_basis="Thông tư 07/2016/TT-BLĐTBXH Đ.10, Phụ lục II",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="year",
        key_columns=(FACTOR,),
    )

    # the reporting frame and the shape of the file
    period_is_year = cross_field_rule(PERIOD_IS_YEAR, lambda: pl.col("period").str.contains(r"^\d{4}$"), ("period",))
    main_row_present = cross_field_rule(
        MAIN_ROW_PRESENT, lambda: _is_main().any().over(*one_report(SENDER_COLUMN)), (FACTOR,)
    )
    main_row_complete = cross_field_rule(
        MAIN_ROW_REQUIRED,
        lambda: ~_is_main() | pl.all_horizontal(pl.col(c).is_not_null() for c in MAIN_ROW_REQUIRED_COLUMNS),
        ("heavy_hazardous_workers", "total_workers"),
    )
    duplicate_row = cross_field_rule(
        DUPLICATE_ROW, lambda: pl.col(FACTOR).is_first_distinct().over(*one_report(SENDER_COLUMN)), (FACTOR,)
    )
    # workforce
    female_le_total_workers = cross_field_rule(
        FEMALE, lambda: pl.col("female_workers") <= pl.col("total_workers"), ("female_workers",)
    )
    hazardous_le_total_workers = cross_field_rule(
        HAZARDOUS, lambda: pl.col("heavy_hazardous_workers") <= pl.col("total_workers"), ("heavy_hazardous_workers",)
    )
    minors_le_total_workers = cross_field_rule(
        MINORS, lambda: pl.col("minor_workers") <= pl.col("total_workers"), ("minor_workers",)
    )
    under_15_le_minors = cross_field_rule(
        UNDER_15, lambda: pl.col("under_15_workers") <= pl.col("minor_workers"), ("under_15_workers",)
    )
    health_classes_le_total_workers = cross_field_rule(
        HEALTH_CLASSES_SUM,
        lambda: pl.sum_horizontal(pl.col(c).fill_null(0) for c in HEALTH_CLASSES) <= pl.col("total_workers"),
        ("total_workers",),
    )
    # accidents, diseases, machines, overtime
    deaths_le_victims = cross_field_rule(
        DEATHS, lambda: pl.col("accident_deaths") <= pl.col("accident_victims"), ("accident_deaths",)
    )
    fatal_accidents_le_accidents = cross_field_rule(
        FATAL_ACCIDENTS, lambda: pl.col("fatal_accidents") <= pl.col("accidents"), ("fatal_accidents",)
    )
    new_disease_le_cumulative = cross_field_rule(
        NEW_DISEASE, lambda: pl.col("disease_new_cases") <= pl.col("disease_cases_cumulative"),
        ("disease_new_cases",),
    )
    inspected_le_machines_in_use = cross_field_rule(
        MACHINES, lambda: pl.col("strict_machines_inspected") <= pl.col("strict_machines_in_use"),
        ("strict_machines_inspected",),
    )
    overtime_within_annual_cap = cross_field_rule(
        OVERTIME,
        lambda: pl.col("overtime_hours") <= OVERTIME_HOURS_PER_WORKER_YEAR * pl.col("overtime_workers"),
        ("overtime_hours",),
    )
    # monitoring
    failing_samples_le_samples = cross_field_rule(
        FAILING_SAMPLES, lambda: pl.col("monitoring_failing_samples") <= pl.col("monitoring_samples"),
        ("monitoring_failing_samples",),
    )
    monitoring_factors_sum_to_total = cross_field_rule(FACTORS_SUM, _factors_sum_match, (FACTOR,))
    # spending and risk assessment
    spending_total_matches_items = cross_field_rule(
        SPENDING_TOTAL,
        lambda: (
            pl.col("spending_total_million_vnd") - pl.sum_horizontal(pl.col(c).fill_null(0) for c in SPENDING_ITEMS)
        ).abs() <= SPENDING_TOLERANCE_MILLION_VND,
        ("spending_total_million_vnd",),
    )
    risk_assessment_month_valid = cross_field_rule(
        RISK_ASSESSMENT_MONTH,
        lambda: pl.col("risk_assessment_month").str.contains(r"^\d{6}$")
        & (pl.col("risk_assessment_month").str.slice(0, 4) <= pl.col("period").str.slice(0, 4)),
        ("risk_assessment_month",),
    )
