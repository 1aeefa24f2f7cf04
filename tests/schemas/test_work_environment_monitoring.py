from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from schemas.work_environment_monitoring import WorkEnvironmentMonitoringReport
from tests.schemas.conftest import rules_failed_by, with_lineage

MODEL = WorkEnvironmentMonitoringReport


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(MODEL, frame)


@pytest.fixture
def sample_row() -> dict:
    return {
        "facility_code": "51006", "period": "2025S1", "employer_tax_code": "4300300033",
        "employer_name": "Công ty Khai thác Đá Bình Sơn", "employer_commune_code": "21040",
        "visit_date": date(2025, 4, 15), "factor_code": "dust", "samples_taken": 12, "samples_failing": 3,
        "_sender_id": "51006",
    }


def test_a_good_row_passes(sample_row):
    assert failed_rules(with_lineage([sample_row])) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"facility_code": None}, "not_nullable"),
        ({"facility_code": "QT-01", "_sender_id": "QT-01"}, "unknown_code"),
        ({"employer_tax_code": "4300300034"}, "tax_code_check_digit"),
        ({"employer_tax_code": None}, "not_nullable"),
        ({"employer_commune_code": "99999"}, "unknown_commune"),
        ({"employer_commune_code": None}, "not_nullable"),
        ({"visit_date": None}, "not_nullable"),
        ({"factor_code": "silica_dust"}, "unknown_code"),
        ({"factor_code": None}, "not_nullable"),
        ({"samples_taken": 0}, "out_of_range"),
        ({"samples_taken": None}, "not_nullable"),
        ({"samples_failing": -1}, "out_of_range"),
        ({"samples_failing": None}, "not_nullable"),
        ({"period": "2025S2"}, "period_matches_file"),
        ({"period": None}, "not_nullable"),
        ({"facility_code": "48010"}, "sender_matches_submission"),
        ({"samples_failing": 13}, "monitoring_failing_le_samples"),
        ({"visit_date": date(2025, 7, 1)}, "monitoring_visit_in_period"),
        ({"visit_date": date(2024, 12, 31)}, "monitoring_visit_in_period"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(sample_row, change, rule):
    assert (0, rule) in failed_rules(with_lineage([{**sample_row, **change}]))


def test_duplicate_visit_and_factor_flags_only_the_later_row(sample_row):
    other_factor = {**sample_row, "factor_code": "noise"}
    other_day = {**sample_row, "visit_date": date(2025, 5, 2)}
    frame = with_lineage([sample_row, other_factor, other_day, {**sample_row, "samples_failing": 0}])
    assert failed_rules(frame) == {(3, "monitoring_duplicate_visit_factor")}


def test_a_facility_registered_for_another_kind_is_a_warning(sample_row):
    row = {**sample_row, "facility_code": "51002", "_sender_id": "51002"}
    assert failed_rules(with_lineage([row])) == {(0, "facility_kind_matches_report")}
