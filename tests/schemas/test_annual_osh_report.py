from __future__ import annotations

import pytest

from schemas.annual_osh_report import AnnualOshReport
from schemas.rules import Severity, get_rule
from tests.schemas.enterprises_support import YEAR_2025, blank_row, failed_rules, headers_are_distinct, typed_frame


@pytest.fixture
def main_row() -> dict:
    return {
        **blank_row(AnnualOshReport),
        "period": "2025", "employer_tax_code": "4300100027", "employer_name": "Công ty A",
        "employer_commune_code": "21034", "facility_type": "fdi_enterprise", "sector_code": "C",
        "total_workers": 1200, "osh_staff": 4, "health_staff": 2, "female_workers": 500,
        "heavy_hazardous_workers": 320, "minor_workers": 2, "under_15_workers": 0, "disabled_workers": 3,
        "elderly_workers": 5,
        "accidents": 3, "fatal_accidents": 1, "accident_victims": 4, "accident_deaths": 1,
        "accident_cost_million_vnd": 280.5, "accident_days_lost": 95,
        "disease_cases_cumulative": 6, "disease_new_cases": 2, "disease_leave_days": 40,
        "disease_early_retirements": 0, "disease_cost_million_vnd": 35.0,
        "health_class_i": 300, "health_class_ii": 600, "health_class_iii": 250, "health_class_iv": 30,
        "health_class_v": 5,
        "trained_group_1": 12, "trained_group_2": 4, "trained_group_3": 180, "trained_group_4": 950,
        "trained_group_5": 2, "trained_group_6": 40,
        "strict_machines_in_use": 25, "strict_machines_inspected": 24,
        "overtime_workers": 400, "overtime_hours": 48000, "in_kind_allowance_workers": 320,
        "in_kind_allowance_cost_million_vnd": 1150.0,
        "monitoring_samples": 60, "monitoring_failing_samples": 4,
        "spending_safety_technical_million_vnd": 800.0, "spending_hygiene_technical_million_vnd": 300.0,
        "spending_ppe_million_vnd": 450.0, "spending_health_care_million_vnd": 520.0,
        "spending_training_million_vnd": 120.0, "spending_risk_assessment_million_vnd": 60.0,
        "spending_other_million_vnd": 50.0, "spending_total_million_vnd": 2300.0,
        "monitoring_provider": "Trung tâm Quan trắc môi trường Quảng Ngãi",
        "health_check_provider": "Bệnh viện Đa khoa tỉnh Quảng Ngãi",
        "training_provider": "Công ty Huấn luyện ATVSLĐ Miền Trung",
        "risk_assessment_month": "202508", "_sender_id": "4300100027",
    }


def factor_row(code: str, samples: int, failing: int) -> dict:
    return {**blank_row(AnnualOshReport), "period": "2025", "employer_tax_code": "4300100027",
            "monitoring_factor_code": code, "monitoring_samples": samples, "monitoring_failing_samples": failing,
            "_sender_id": "4300100027"}


@pytest.fixture
def report(main_row) -> list[dict]:
    return [main_row, factor_row("noise", 20, 3), factor_row("dust", 25, 1), factor_row("light", 15, 0)]


def check(rows: list[dict]) -> set[tuple[int, str]]:
    return failed_rules(AnnualOshReport, typed_frame(AnnualOshReport, rows, **YEAR_2025))


def test_a_good_report_passes(report):
    assert check(report) == set()


def test_a_report_without_factor_rows_passes(main_row):
    assert check([main_row]) == set()


@pytest.mark.parametrize(
    ("index", "change", "rule"),
    [
        # field rules
        (0, {"employer_tax_code": "4300100028"}, "tax_code_check_digit"),
        (0, {"employer_tax_code": None}, "not_nullable"),
        (0, {"period": None}, "not_nullable"),
        (0, {"sector_code": "Z"}, "unknown_code"),
        (0, {"facility_type": "private"}, "unknown_code"),
        (1, {"monitoring_factor_code": "smell"}, "unknown_code"),
        (0, {"employer_commune_code": "99999"}, "unknown_commune"),
        (0, {"employer_commune_code": "00004"}, "unknown_commune"),  # Hà Nội: not in province 51
        (0, {"total_workers": -1}, "out_of_range"),
        (0, {"spending_ppe_million_vnd": -1.0}, "out_of_range"),
        (2, {"monitoring_samples": -4}, "out_of_range"),
        (0, {"period": "2024"}, "period_matches_file"),
        (0, {"employer_tax_code": "4300200021"}, "sender_matches_submission"),
        # the shape of the file
        (0, {"heavy_hazardous_workers": None}, "osh_report_main_row_complete"),
        (0, {"total_workers": None}, "osh_report_main_row_complete"),
        (2, {"monitoring_factor_code": "noise"}, "duplicate_row"),
        # cross-field rules
        (0, {"female_workers": 1300}, "osh_female_le_total_workers"),
        (0, {"heavy_hazardous_workers": 1300}, "osh_hazardous_le_total_workers"),
        (0, {"minor_workers": 1300}, "osh_minors_le_total_workers"),
        (0, {"under_15_workers": 3}, "osh_under_15_le_minors"),
        (0, {"monitoring_failing_samples": 61}, "osh_failing_samples_le_samples"),
        (1, {"monitoring_failing_samples": 21}, "osh_failing_samples_le_samples"),
        (0, {"accident_deaths": 5}, "osh_deaths_le_victims"),
        (0, {"fatal_accidents": 4}, "osh_fatal_accidents_le_accidents"),
        (0, {"strict_machines_inspected": 26}, "osh_inspected_le_machines_in_use"),
        (0, {"disease_new_cases": 7}, "osh_new_disease_le_cumulative"),
        (0, {"health_class_iv": 300}, "osh_health_classes_le_total_workers"),
        (0, {"spending_total_million_vnd": 2000.0}, "osh_spending_total_matches_items"),
        (1, {"monitoring_samples": 30}, "osh_monitoring_factors_sum_to_total"),
        (0, {"overtime_hours": 130000}, "osh_overtime_within_annual_cap"),
        (0, {"risk_assessment_month": "2025"}, "osh_risk_assessment_month_valid"),
        (0, {"risk_assessment_month": "202601"}, "osh_risk_assessment_month_valid"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(report, index, change, rule):
    report[index] = {**report[index], **change}
    assert (index, rule) in check(report)


def test_a_half_year_is_not_a_report_year(main_row):
    row = {**main_row, "period": "2025S1"}
    frame = typed_frame(AnnualOshReport, [row])  # the default lineage: a 2025S1 file
    assert failed_rules(AnnualOshReport, frame) == {(0, "osh_report_period_is_year")}


def test_factor_rows_without_a_main_row_are_rejected(report):
    assert check(report[1:]) >= {(0, "osh_report_main_row_present"), (1, "osh_report_main_row_present"),
                                 (2, "osh_report_main_row_present")}


def test_a_second_main_row_is_a_duplicate(report):
    assert (4, "duplicate_row") in check([*report, report[0]])


def test_an_earlier_risk_assessment_passes(report):
    report[0] = {**report[0], "risk_assessment_month": "202311"}
    assert check(report) == set()


def test_warnings_and_errors():
    warnings = {"osh_health_classes_le_total_workers", "osh_spending_total_matches_items",
                "osh_monitoring_factors_sum_to_total", "osh_overtime_within_annual_cap"}
    for name in warnings:
        assert get_rule(name).severity is Severity.WARNING
    assert get_rule("osh_failing_samples_le_samples").severity is Severity.ERROR


def test_the_t2_t3_column_says_what_it_is_for():
    spec = next(s for s in AnnualOshReport.columns() if s.name == "heavy_hazardous_workers")
    assert "T2" in spec.label_en and "T3" in spec.label_en


def test_headers_stay_distinct_after_normalisation():
    assert headers_are_distinct(AnnualOshReport)
