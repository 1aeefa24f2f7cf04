from __future__ import annotations

import polars as pl
import pytest

from schemas.health_checks import HealthCheckReport
from tests.schemas.conftest import rules_failed_by, with_lineage

MODEL = HealthCheckReport


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(MODEL, frame)


@pytest.fixture
def check_row() -> dict:
    return {
        "facility_code": "51001", "period": "2025S1", "employer_tax_code": "4300200021",
        "employer_name": "Công ty CP Chế biến Thủy sản Dung Quất", "employer_commune_code": "21025",
        "workers_checked": 700, "female_workers_checked": 250, "class_i_workers": 150, "class_ii_workers": 300,
        "class_iii_workers": 200, "class_iv_workers": 40, "class_v_workers": 10,
        "occupational_disease_workers": 3, "follow_up_workers": 25, "transfer_workers": 2,
        "_sender_id": "51001",
    }


def test_a_good_row_passes(check_row):
    assert failed_rules(with_lineage([check_row])) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"facility_code": None}, "not_nullable"),
        ({"facility_code": "5100", "_sender_id": "5100"}, "unknown_code"),
        ({"employer_tax_code": "4300200022"}, "tax_code_check_digit"),
        ({"employer_tax_code": None}, "not_nullable"),
        ({"employer_commune_code": "99999"}, "unknown_commune"),
        ({"employer_commune_code": None}, "not_nullable"),
        ({"workers_checked": None}, "not_nullable"),
        ({"workers_checked": -1}, "out_of_range"),
        ({"female_workers_checked": -5}, "out_of_range"),
        ({"class_v_workers": -1}, "out_of_range"),
        ({"occupational_disease_workers": -1}, "out_of_range"),
        ({"period": "2025S2"}, "period_matches_file"),
        ({"period": None}, "not_nullable"),
        ({"facility_code": "51003"}, "sender_matches_submission"),
        ({"female_workers_checked": 701}, "health_check_female_le_checked"),
        ({"occupational_disease_workers": 701}, "health_check_disease_le_checked"),
        ({"follow_up_workers": 701}, "health_check_follow_up_le_checked"),
        ({"transfer_workers": 701}, "health_check_transfer_le_checked"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(check_row, change, rule):
    assert (0, rule) in failed_rules(with_lineage([{**check_row, **change}]))


def test_duplicate_employer_flags_only_the_later_row(check_row):
    other = {**check_row, "employer_tax_code": "4300100027", "employer_commune_code": "21034"}
    frame = with_lineage([check_row, other, check_row])
    assert failed_rules(frame) == {(2, "health_check_duplicate_employer")}


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"class_i_workers": 151}, "health_check_classes_sum_to_checked"),
        ({"class_i_workers": None, "class_ii_workers": None, "class_iii_workers": None, "class_iv_workers": None,
          "class_v_workers": None}, "health_check_classes_sum_to_checked"),  # not classified at all
        ({"facility_code": "51002", "_sender_id": "51002"}, "facility_kind_matches_report"),
    ],
)
def test_warnings_are_rules_too(check_row, change, rule):
    assert failed_rules(with_lineage([{**check_row, **change}])) == {(0, rule)}


def test_missing_optional_counts_pass(check_row):
    row = {**check_row, "female_workers_checked": None, "occupational_disease_workers": None,
           "follow_up_workers": None, "transfer_workers": None}
    assert failed_rules(with_lineage([row])) == set()
