from __future__ import annotations

import pytest

from schemas.accident_summary import AccidentSummaryReport
from schemas.rules import Severity, get_rule
from tests.schemas.enterprises_support import (
    S2_2025,
    YEAR_2025,
    blank_row,
    failed_rules,
    headers_are_distinct,
    typed_frame,
)

MEASURES = {
    "accidents": 3, "fatal_accidents": 1, "multi_victim_accidents": 1, "victims": 4, "victims_not_managed": 1,
    "female_victims": 1, "female_victims_not_managed": 0, "deaths": 1, "deaths_not_managed": 0,
    "severely_injured": 1, "severely_injured_not_managed": 0, "days_off": 95,
}


@pytest.fixture
def total_line() -> dict:
    return {
        **blank_row(AccidentSummaryReport), **MEASURES,
        "period": "2025S1", "employer_tax_code": "4300100027", "employer_name": "Công ty A",
        "employer_commune_code": "21034", "facility_type": "fdi_enterprise", "sector_code": "C",
        "total_workers": 1200, "female_workers": 500, "payroll_million_vnd": 96000.0,
        "breakdown_dimension": "total", "breakdown_label": "Tổng số",
        "cost_medical_million_vnd": 50.5, "cost_wages_million_vnd": 30.0, "cost_compensation_million_vnd": 200.0,
        "cost_total_million_vnd": 280.5, "property_damage_million_vnd": 12.0, "_sender_id": "4300100027",
    }


@pytest.fixture
def cause_line() -> dict:
    """A cause line that carries the whole total (every accident had cause 1)."""
    return {
        **blank_row(AccidentSummaryReport), **MEASURES, "period": "2025S1", "employer_tax_code": "4300100027",
        "breakdown_dimension": "cause", "breakdown_code": "1", "_sender_id": "4300100027",
    }


def line(dimension: str, code: str, **measures) -> dict:
    return {**blank_row(AccidentSummaryReport), "period": "2025S1", "employer_tax_code": "4300100027",
            "breakdown_dimension": dimension, "breakdown_code": code, "_sender_id": "4300100027", **measures}


def test_a_good_file_passes(total_line):
    lines = [
        total_line,
        line("cause", "1", accidents=2, fatal_accidents=1, multi_victim_accidents=1, victims=3, female_victims=1,
             deaths=1, severely_injured=1),
        line("cause", "7", accidents=1, victims=1),
        line("injury_factor", "108", accidents=1, fatal_accidents=1, victims=1, deaths=1),
        line("injury_factor", "103", accidents=2, multi_victim_accidents=1, victims=3, female_victims=1,
             severely_injured=1),
        # an accident with a mason and a labourer among its victims counts once in each occupation line
        line("occupation", "7", accidents=2, fatal_accidents=1, victims=2, deaths=1),
        line("occupation", "9", accidents=2, multi_victim_accidents=1, victims=2, female_victims=1,
             severely_injured=1),
    ]
    assert failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, lines)) == set()


def test_an_annual_summary_passes(total_line, cause_line):
    rows = [{**row, "period": "2025"} for row in (total_line, cause_line)]
    assert failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, rows, **YEAR_2025)) == set()


@pytest.mark.parametrize(
    ("index", "change", "rule"),
    [
        # field rules
        (0, {"employer_tax_code": "4300100028"}, "tax_code_check_digit"),
        (0, {"employer_tax_code": None}, "not_nullable"),
        (1, {"breakdown_dimension": None}, "not_nullable"),
        (0, {"period": None}, "not_nullable"),
        (0, {"facility_type": "private"}, "unknown_code"),
        (0, {"sector_code": "Z"}, "unknown_code"),
        (1, {"breakdown_dimension": "region"}, "unknown_code"),
        (0, {"employer_commune_code": "99999"}, "unknown_commune"),
        (0, {"employer_commune_code": "00004"}, "unknown_commune"),  # Hà Nội: not in province 51
        (0, {"total_workers": -1}, "out_of_range"),
        (1, {"deaths_not_managed": -1}, "out_of_range"),
        (0, {"cost_medical_million_vnd": -5.0}, "out_of_range"),
        (0, {"period": "2025"}, "period_matches_file"),
        (0, {"employer_tax_code": "4300200021"}, "sender_matches_submission"),
        # the shape of the file
        (0, {"sector_code": None}, "summary_total_line_has_header"),
        (0, {"total_workers": None}, "summary_total_line_has_header"),
        (1, {"breakdown_code": None}, "required"),
        (1, {"breakdown_code": "11"}, "unknown_code"),  # causes are 1-10
        (1, {"breakdown_dimension": "injury_factor", "breakdown_code": "7"}, "unknown_code"),
        (0, {"breakdown_code": "1"}, "unknown_code"),  # the total line has no code
        # cross-field rules
        (0, {"female_workers": 1300}, "summary_female_workers_le_total"),
        (0, {"fatal_accidents": 4, "deaths": 4, "victims": 4, "severely_injured": 0},
         "summary_fatal_accidents_le_accidents"),
        (0, {"multi_victim_accidents": 4}, "summary_multi_victim_accidents_le_accidents"),
        (1, {"fatal_accidents": 2}, "summary_fatal_accidents_le_deaths"),
        (0, {"victims": 2}, "summary_victims_ge_accidents"),
        (0, {"deaths": 5}, "summary_deaths_le_victims"),
        (1, {"female_victims": 5}, "summary_female_victims_le_victims"),
        (0, {"severely_injured": 4}, "summary_severe_le_survivors"),
        (0, {"victims_not_managed": 5}, "summary_victims_not_managed_le_total"),
        (0, {"female_victims_not_managed": 2}, "summary_female_victims_not_managed_le_total"),
        (0, {"deaths_not_managed": 2}, "summary_deaths_not_managed_le_total"),
        (0, {"severely_injured_not_managed": 2}, "summary_severely_injured_not_managed_le_total"),
        (0, {"cost_total_million_vnd": 300.0}, "summary_cost_total_matches_items"),
        (1, {"victims": 3}, "summary_breakdown_sums_to_total"),
        (1, {"accidents": 4, "victims": 4}, "summary_breakdown_sums_to_total"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(total_line, cause_line, index, change, rule):
    rows = [total_line, cause_line]
    rows[index] = {**rows[index], **change}
    assert (index, rule) in failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, rows))


def test_a_legacy_commune_code_is_accepted_for_2024(total_line, cause_line):
    rows = [{**row, "period": "2024"} for row in (total_line, cause_line)]
    rows[0] = {**rows[0], "employer_commune_code": "21010"}
    frame = typed_frame(AccidentSummaryReport, rows, _file_period="2024",
                        _period_start=YEAR_2025["_period_start"].replace(year=2024),
                        _period_end=YEAR_2025["_period_end"].replace(year=2024))
    assert failed_rules(AccidentSummaryReport, frame) == set()


def test_a_second_half_year_summary_is_not_a_summary_period(total_line, cause_line):
    rows = [{**row, "period": "2025S2"} for row in (total_line, cause_line)]
    failures = failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, rows, **S2_2025))
    assert failures == {(0, "summary_period_half_year_or_year"), (1, "summary_period_half_year_or_year")}


def test_a_file_without_a_total_line_is_rejected_line_by_line(cause_line):
    rows = [cause_line, {**cause_line, "breakdown_dimension": "injury_factor", "breakdown_code": "108"}]
    failures = failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, rows))
    assert {(0, "summary_total_line_present"), (1, "summary_total_line_present")} <= failures


def test_a_repeated_line_is_a_duplicate(total_line, cause_line):
    frame = typed_frame(AccidentSummaryReport, [total_line, cause_line, cause_line])
    assert (2, "duplicate_row") in failed_rules(AccidentSummaryReport, frame)


def test_a_breakdown_mismatch_is_reported_once_per_breakdown(total_line, cause_line):
    halves = [{**cause_line, "breakdown_code": code, "victims": 1, "accidents": 1, "fatal_accidents": 0,
               "multi_victim_accidents": 0, "deaths": 0, "female_victims": 0, "severely_injured": 0,
               "victims_not_managed": 0} for code in ("2", "3")]
    failures = failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, [total_line, *halves]))
    assert failures == {(1, "summary_breakdown_sums_to_total")}


def test_costs_within_one_million_of_their_items_pass(total_line, cause_line):
    rows = [{**total_line, "cost_total_million_vnd": 281.4}, cause_line]
    assert failed_rules(AccidentSummaryReport, typed_frame(AccidentSummaryReport, rows)) == set()


def test_warnings_and_errors():
    warnings = {"summary_victims_ge_accidents", "summary_cost_total_matches_items", "summary_breakdown_sums_to_total"}
    for name in warnings:
        assert get_rule(name).severity is Severity.WARNING
    assert get_rule("summary_deaths_le_victims").severity is Severity.ERROR


def test_headers_stay_distinct_after_normalisation():
    assert headers_are_distinct(AccidentSummaryReport)

