"""Accident summary: an employer's half-year or annual summary of occupational accidents.

OSH Law 84/2015 art. 36; Decree 39/2016 art. 24 and Annex XII. Due before 5 July for the first
half-year (period ``2025S1``) and before 10 January for the whole year (period ``2025``).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from schemas import reference
from schemas.rules import DUPLICATE_ROW, REQUIRED, UNKNOWN_CODE, Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

DIMENSIONS = "ref_accident_summary_dimensions"
TOTAL = "total"  # the dimension code of the total line
SENDER_COLUMN = "employer_tax_code"  # whose report a row is (one_report: the rules over a whole report)

# Person counts add up over every breakdown; accident counts only where each accident is in one line.
PERSON_MEASURES = ("victims", "female_victims", "deaths", "severely_injured")
ACCIDENT_MEASURES = ("accidents", "fatal_accidents", "multi_victim_accidents")
COST_ITEMS = ("cost_medical_million_vnd", "cost_wages_million_vnd", "cost_compensation_million_vnd")
COST_TOLERANCE_MILLION_VND = 1.0

SUMMARY_PERIOD = rule(
    "summary_period_half_year_or_year", Severity.ERROR,
    "Kỳ báo cáo «{value}» không hợp lệ: báo cáo tổng hợp TNLĐ lập cho 6 tháng đầu năm (ví dụ 2025S1) "
    "hoặc cả năm (ví dụ 2025).",
    "Reporting period «{value}» is not valid: the accident summary covers the first half-year (e.g. 2025S1) "
    "or the whole year (e.g. 2025).",
)
TOTAL_LINE_PRESENT = rule(
    "summary_total_line_present", Severity.ERROR,
    "Tệp không có dòng «Tổng số»: báo cáo tổng hợp phải có đúng một dòng tổng số ghi thông tin chung của cơ sở.",
    "The file has no «Total» line: a summary needs exactly one total line carrying the employer's details.",
)
TOTAL_LINE_HEADER = rule(
    "summary_total_line_has_header", Severity.ERROR,
    "Dòng «Tổng số» phải ghi loại hình cơ sở, ngành kinh tế và tổng số lao động.",
    "The «Total» line must give the facility type, the industry and the total number of workers.",
)
FEMALE_WORKERS = rule(
    "summary_female_workers_le_total", Severity.ERROR,
    "Số lao động nữ «{value}» lớn hơn tổng số lao động.",
    "Female workers «{value}» exceed total workers.",
)
FATAL_ACCIDENTS = rule(
    "summary_fatal_accidents_le_accidents", Severity.ERROR,
    "Số vụ có người chết «{value}» lớn hơn tổng số vụ.",
    "Fatal accidents «{value}» exceed all accidents.",
)
MULTI_VICTIM_ACCIDENTS = rule(
    "summary_multi_victim_accidents_le_accidents", Severity.ERROR,
    "Số vụ có từ 2 người bị nạn trở lên «{value}» lớn hơn tổng số vụ.",
    "Accidents with two or more victims «{value}» exceed all accidents.",
)
FATAL_ACCIDENTS_HAVE_DEATHS = rule(
    "summary_fatal_accidents_le_deaths", Severity.ERROR,
    "Số vụ có người chết «{value}» lớn hơn số người chết.",
    "Fatal accidents «{value}» exceed deaths (each fatal accident has at least one death).",
)
VICTIMS_COVER_ACCIDENTS = rule(
    "summary_victims_ge_accidents", Severity.WARNING,
    "Số người bị nạn «{value}» ít hơn số vụ tai nạn (mỗi vụ có ít nhất một người bị nạn): đề nghị kiểm tra.",
    "Victims «{value}» are fewer than accidents (each accident has at least one victim): please check.",
)
DEATHS = rule(
    "summary_deaths_le_victims", Severity.ERROR,
    "Số người chết «{value}» lớn hơn tổng số người bị nạn.",
    "Deaths «{value}» exceed all victims.",
)
FEMALE_VICTIMS = rule(
    "summary_female_victims_le_victims", Severity.ERROR,
    "Số lao động nữ bị nạn «{value}» lớn hơn tổng số người bị nạn.",
    "Female victims «{value}» exceed all victims.",
)
SEVERE = rule(
    "summary_severe_le_survivors", Severity.ERROR,
    "Số người bị thương nặng «{value}» lớn hơn số người bị nạn còn sống (tổng số người bị nạn trừ số người chết).",
    "Severely injured «{value}» exceed the surviving victims (all victims minus deaths).",
)
NOT_MANAGED = {
    measure: rule(
        f"summary_{measure}_not_managed_le_total", Severity.ERROR,
        f"Số {vi} không thuộc quyền quản lý của cơ sở «{{value}}» lớn hơn tổng số {vi}.",
        f"{en.capitalize()} not under the employer's management «{{value}}» exceed all {en}.",
    )
    for measure, vi, en in (
        ("victims", "người bị nạn", "victims"),
        ("female_victims", "lao động nữ bị nạn", "female victims"),
        ("deaths", "người chết", "deaths"),
        ("severely_injured", "người bị thương nặng", "severely injured"),
    )
}
COST_TOTAL = rule(
    "summary_cost_total_matches_items", Severity.WARNING,
    "Tổng chi phí «{value}» khác tổng các khoản y tế, trả lương trong thời gian điều trị và bồi thường, "
    "trợ cấp (chênh lệch quá 1 triệu đồng).",
    "Total cost «{value}» differs from the sum of medical costs, wages during treatment and "
    "compensation/allowances by more than 1 million VND.",
)
BREAKDOWN_SUMS = rule(
    "summary_breakdown_sums_to_total", Severity.WARNING,
    "Các dòng phân theo «{value}» cộng lại không bằng dòng «Tổng số» (số vụ, số người bị nạn, số người chết "
    "hoặc số người bị thương nặng).",
    "The lines of the «{value}» breakdown do not add up to the «Total» line (accidents, victims, deaths or "
    "severely injured).",
)


@cache
def _dimension_codes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(every dimension, the ones whose accidents add up, every valid "dimension|code" pair)."""
    rows = reference.read_seed(DIMENSIONS)
    pairs = sorted(
        f"{row['code']}|{code}" for row in rows if row["code_list"] for code in reference.codes(row["code_list"])
    )
    additive = tuple(row["code"] for row in rows if row["accidents_additive"] == "true")
    return tuple(row["code"] for row in rows), additive, tuple(pairs)


def _is_total() -> pl.Expr:
    return pl.col("breakdown_dimension") == TOTAL


def _code_known() -> pl.Expr:
    dimensions, _, pairs = _dimension_codes()
    dim, code = pl.col("breakdown_dimension"), pl.col("breakdown_code")
    pair = pl.concat_str([dim, code], separator="|")
    return pl.when(code.is_null() | ~dim.is_in(dimensions)).then(True).otherwise(pair.is_in(pairs))


def _breakdown_sums_match() -> pl.Expr:
    """On the first line of each breakdown of a file: its lines add up to the total line."""
    _, additive, _ = _dimension_codes()
    dim = pl.col("breakdown_dimension")
    ok = pl.lit(True)
    for measure in (*PERSON_MEASURES, *ACCIDENT_MEASURES):
        total = pl.when(_is_total()).then(pl.col(measure)).max().over(*one_report(SENDER_COLUMN))
        lines = pl.col(measure).fill_null(0).sum().over(*one_report(SENDER_COLUMN), dim)
        matches = lines == total.fill_null(0)
        if measure in ACCIDENT_MEASURES:
            matches = matches | ~dim.is_in(additive)
        ok = ok & matches
    first_line = pl.int_range(pl.len()).over(*one_report(SENDER_COLUMN), dim) == 0
    return _is_total() | ~first_line | ok


class AccidentSummaryReport(OshReport):
    """Báo cáo tổng hợp tình hình tai nạn lao động — an employer's accident summary, half-year or year.

    The official form is a cross-table: the total line, then one line per cause, per injury factor and
    per occupation, each with the same measures as columns. It is kept as LONG rows: one row per line,
    keyed by (breakdown_dimension, breakdown_code), with the measures as columns. The total line
    (dimension ``total``, no code) also carries the employer's details (facility type, industry,
    workforce, payroll); the breakdown lines leave them empty. A file is one employer's summary for one
    period: ``2025S1`` (first half-year) or ``2025`` (the year), so the period column says which.
    Money is in million VND.
    """

    # reporting frame
    period: str = report_field("Kỳ báo cáo", "Reporting period", "period", required=True,
                               note_vi="6 tháng đầu năm (2025S1) hoặc cả năm (2025)",
                               note_en="First half-year (2025S1) or the whole year (2025)")
    employer_tax_code: str = report_field("Mã số thuế", "Employer tax code", "tax_code", required=True)
    # the employer (on the total line)
    employer_name: str = report_field("Tên cơ sở", "Employer name")
    employer_commune_code: str = report_field("Mã xã/phường trụ sở", "Employer's commune code", "commune")
    facility_type: str = report_field("Loại hình cơ sở", "Facility type", "code", code_list="ref_facility_types",
                                      note_vi="Ghi ở dòng Tổng số", note_en="On the total line")
    sector_code: str = report_field("Ngành kinh tế (VSIC)", "Main industry section (VSIC 2018)", "code",
                                    code_list="ref_vsic_sections",
                                    note_vi="Ngành nghề sản xuất kinh doanh chính; ghi ở dòng Tổng số",
                                    note_en="Main line of business; on the total line")
    total_workers: int = report_field("Tổng số lao động", "Total workers", "integer", ge=0,
                                      unit="người / persons", note_vi="Ghi ở dòng Tổng số",
                                      note_en="On the total line")
    female_workers: int = report_field("Trong đó lao động nữ", "Of whom female workers", "integer", ge=0,
                                       unit="người / persons", note_vi="Ghi ở dòng Tổng số",
                                       note_en="On the total line")
    payroll_million_vnd: float = report_field("Tổng quỹ lương", "Total payroll", "decimal", ge=0,
                                              unit="triệu đồng / million VND", note_vi="Ghi ở dòng Tổng số",
                                              note_en="On the total line")
    # which line of the form
    breakdown_dimension: str = report_field(
        "Phân theo", "Breakdown", "code", required=True, code_list=DIMENSIONS,
        note_vi="Tổng số / Nguyên nhân / Yếu tố gây chấn thương / Nghề nghiệp",
        note_en="total / cause / injury_factor / occupation",
    )
    breakdown_code: str = report_field(
        "Mã chỉ tiêu", "Line code", "code",
        note_vi="Mã nguyên nhân (1-10), mã yếu tố gây chấn thương (101...) hoặc mã nghề (VSCO 0-9); "
                "để trống ở dòng Tổng số",
        note_en="Cause (1-10), injury factor (101...) or occupation (VSCO 0-9) code; empty on the total line",
    )
    breakdown_label: str = report_field("Tên chỉ tiêu", "Line label", note_vi="Để đọc, không kiểm tra",
                                        note_en="For reading; not checked")
    # accidents
    accidents: int = report_field("Tổng số vụ", "Accidents", "integer", ge=0, unit="vụ / accidents")
    fatal_accidents: int = report_field("Số vụ có người chết", "Fatal accidents", "integer", ge=0,
                                        unit="vụ / accidents")
    multi_victim_accidents: int = report_field("Số vụ có từ 2 người bị nạn trở lên",
                                               "Accidents with two or more victims", "integer", ge=0,
                                               unit="vụ / accidents")
    # victims, each also "not under the employer's management"
    victims: int = report_field("Tổng số người bị nạn", "Victims", "integer", ge=0, unit="người / persons")
    victims_not_managed: int = report_field(
        "Số người bị nạn không thuộc quyền quản lý của cơ sở", "Victims not under the employer's management",
        "integer", ge=0, unit="người / persons",
    )
    female_victims: int = report_field("Số lao động nữ bị nạn", "Female victims", "integer", ge=0,
                                       unit="người / persons")
    female_victims_not_managed: int = report_field(
        "Số lao động nữ bị nạn không thuộc quyền quản lý của cơ sở",
        "Female victims not under the employer's management", "integer", ge=0, unit="người / persons",
    )
    deaths: int = report_field("Số người chết", "Deaths", "integer", ge=0, unit="người / persons")
    deaths_not_managed: int = report_field(
        "Số người chết không thuộc quyền quản lý của cơ sở", "Deaths not under the employer's management",
        "integer", ge=0, unit="người / persons",
    )
    severely_injured: int = report_field("Số người bị thương nặng", "Severely injured", "integer", ge=0,
                                         unit="người / persons")
    severely_injured_not_managed: int = report_field(
        "Số người bị thương nặng không thuộc quyền quản lý của cơ sở",
        "Severely injured not under the employer's management", "integer", ge=0, unit="người / persons",
    )
    # damage
    days_off: int = report_field("Tổng số ngày nghỉ vì tai nạn lao động", "Days off because of accidents",
                                 "integer", ge=0, unit="ngày / days",
                                 note_vi="Kể cả ngày nghỉ chế độ", note_en="Including statutory leave days")
    cost_medical_million_vnd: float = report_field("Chi phí y tế", "Medical costs", "decimal", ge=0,
                                                   unit="triệu đồng / million VND")
    cost_wages_million_vnd: float = report_field("Trả lương trong thời gian điều trị", "Wages during treatment",
                                                 "decimal", ge=0, unit="triệu đồng / million VND")
    cost_compensation_million_vnd: float = report_field("Bồi thường, trợ cấp", "Compensation and allowances",
                                                        "decimal", ge=0, unit="triệu đồng / million VND")
    cost_total_million_vnd: float = report_field("Tổng chi phí", "Total cost", "decimal", ge=0,
                                                 unit="triệu đồng / million VND",
                                                 note_vi="Y tế + trả lương + bồi thường, trợ cấp",
                                                 note_en="Medical + wages + compensation/allowances")
    property_damage_million_vnd: float = report_field("Thiệt hại tài sản", "Property damage", "decimal", ge=0,
                                                      unit="triệu đồng / million VND")

    __template__ = TemplateInfo(
        family="accident_summary",
        version="2025.1",
        title_vi="Báo cáo tổng hợp tình hình tai nạn lao động (6 tháng, năm)",
        title_en="Occupational accident summary (half-year, year)",
        legal_basis="Luật ATVSLĐ 84/2015 Đ.36; Nghị định 39/2016 Đ.24, Phụ lục XII",
        sender_column=SENDER_COLUMN,
        period_column="period",
        # Also "year": the period code tells which (TemplateInfo holds one type; see the period rule).
        period_type="half_year",
        also_period_types=("year",),
        key_columns=("breakdown_dimension", "breakdown_code"),
    )

    # the reporting frame and the shape of the file
    period_half_year_or_year = cross_field_rule(
        SUMMARY_PERIOD, lambda: pl.col("period").str.contains(r"^\d{4}(?:S1)?$"), ("period",)
    )
    total_line_present = cross_field_rule(
        TOTAL_LINE_PRESENT, lambda: _is_total().any().over(*one_report(SENDER_COLUMN)), ("breakdown_dimension",)
    )
    total_line_has_header = cross_field_rule(
        TOTAL_LINE_HEADER,
        lambda: ~_is_total() | pl.all_horizontal(
            pl.col(c).is_not_null() for c in ("facility_type", "sector_code", "total_workers")
        ),
        ("total_workers",),
    )
    breakdown_code_required = cross_field_rule(
        REQUIRED, lambda: _is_total() | pl.col("breakdown_code").is_not_null(), ("breakdown_code",)
    )
    breakdown_code_known = cross_field_rule(UNKNOWN_CODE, _code_known, ("breakdown_code",))
    duplicate_row = cross_field_rule(
        DUPLICATE_ROW,
        lambda: pl.struct("breakdown_dimension", "breakdown_code").is_first_distinct().over(*one_report(SENDER_COLUMN)),
        ("breakdown_code",),
    )
    # the employer
    female_workers_le_total = cross_field_rule(
        FEMALE_WORKERS, lambda: pl.col("female_workers") <= pl.col("total_workers"), ("female_workers",)
    )
    # accidents and victims
    fatal_accidents_le_accidents = cross_field_rule(
        FATAL_ACCIDENTS, lambda: pl.col("fatal_accidents") <= pl.col("accidents"), ("fatal_accidents",)
    )
    multi_victim_accidents_le_accidents = cross_field_rule(
        MULTI_VICTIM_ACCIDENTS, lambda: pl.col("multi_victim_accidents") <= pl.col("accidents"),
        ("multi_victim_accidents",),
    )
    fatal_accidents_le_deaths = cross_field_rule(
        FATAL_ACCIDENTS_HAVE_DEATHS, lambda: pl.col("fatal_accidents") <= pl.col("deaths"), ("fatal_accidents",)
    )
    victims_ge_accidents = cross_field_rule(
        VICTIMS_COVER_ACCIDENTS, lambda: (pl.col("accidents") == 0) | (pl.col("victims") >= pl.col("accidents")),
        ("victims",),
    )
    deaths_le_victims = cross_field_rule(DEATHS, lambda: pl.col("deaths") <= pl.col("victims"), ("deaths",))
    female_victims_le_victims = cross_field_rule(
        FEMALE_VICTIMS, lambda: pl.col("female_victims") <= pl.col("victims"), ("female_victims",)
    )
    severe_le_survivors = cross_field_rule(
        SEVERE,
        lambda: pl.col("severely_injured") <= pl.col("victims") - pl.col("deaths").fill_null(0),
        ("severely_injured",),
    )
    victims_not_managed_le_total = cross_field_rule(
        NOT_MANAGED["victims"], lambda: pl.col("victims_not_managed") <= pl.col("victims"),
        ("victims_not_managed",),
    )
    female_victims_not_managed_le_total = cross_field_rule(
        NOT_MANAGED["female_victims"], lambda: pl.col("female_victims_not_managed") <= pl.col("female_victims"),
        ("female_victims_not_managed",),
    )
    deaths_not_managed_le_total = cross_field_rule(
        NOT_MANAGED["deaths"], lambda: pl.col("deaths_not_managed") <= pl.col("deaths"), ("deaths_not_managed",)
    )
    severely_injured_not_managed_le_total = cross_field_rule(
        NOT_MANAGED["severely_injured"],
        lambda: pl.col("severely_injured_not_managed") <= pl.col("severely_injured"),
        ("severely_injured_not_managed",),
    )
    # costs and the breakdowns
    cost_total_matches_items = cross_field_rule(
        COST_TOTAL,
        lambda: (
            pl.col("cost_total_million_vnd") - pl.sum_horizontal(pl.col(c).fill_null(0) for c in COST_ITEMS)
        ).abs() <= COST_TOLERANCE_MILLION_VND,
        ("cost_total_million_vnd",),
    )
    breakdown_sums_to_total = cross_field_rule(BREAKDOWN_SUMS, _breakdown_sums_match, ("breakdown_dimension",))
