from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from schemas.accident_cases import AccidentCaseReport
from tests.schemas.conftest import rules_failed_by, with_lineage


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(AccidentCaseReport, frame)


def test_a_good_row_passes(accident_row):
    assert failed_rules(with_lineage([accident_row])) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"employer_tax_code": "4300100028"}, "tax_code_check_digit"),
        ({"employer_tax_code": None}, "not_nullable"),
        ({"victim_national_id": None}, "not_nullable"),
        ({"severity": "broken_arm"}, "unknown_code"),
        ({"cause_code": "11"}, "unknown_code"),
        ({"sector_code": "Z"}, "unknown_code"),
        ({"employer_commune_code": "99999"}, "unknown_commune"),
        ({"employer_commune_code": "00004"}, "unknown_commune"),  # Hà Nội: not a commune of province 51
        ({"employer_commune_code": "21010"}, "unknown_commune"),  # legacy code, but the period is after July 2025
        ({"victim_birth_year": 1900}, "out_of_range"),
        ({"days_off": -1}, "out_of_range"),
        ({"period": "2025S2"}, "period_matches_file"),
        ({"employer_tax_code": "4300200021"}, "sender_matches_submission"),
        ({"incident_at": datetime(2025, 7, 2, 8, 0)}, "event_in_period"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(accident_row, change, rule):
    overrides = {"_file_period": "2025S2", "_period_start": datetime(2025, 7, 1).date(),
                 "_period_end": datetime(2025, 12, 31).date()}
    row = {**accident_row, **change}
    if rule == "unknown_commune" and change["employer_commune_code"] == "21010":
        row = {**row, "period": "2025S2", "incident_at": datetime(2025, 8, 1)}
        frame = with_lineage([row], **overrides)
    else:
        frame = with_lineage([row])
    assert (0, rule) in failed_rules(frame)


def test_legacy_commune_code_is_accepted_before_the_reform(accident_row):
    row = {**accident_row, "period": "2024S2", "incident_at": datetime(2024, 12, 3),
           "employer_commune_code": "21010"}
    frame = with_lineage([row], _file_period="2024S2", _period_start=datetime(2024, 7, 1).date(),
                         _period_end=datetime(2024, 12, 31).date())
    assert failed_rules(frame) == set()


def test_duplicate_row_flags_only_the_later_copy(accident_row):
    frame = with_lineage([accident_row, accident_row])
    assert failed_rules(frame) == {(1, "duplicate_row")}


def test_warnings_are_rules_too(accident_row):
    implausible = {**accident_row, "victim_birth_year": 2020}
    dead_with_days_off = {**accident_row, "victim_national_id": "051085009999", "days_off": 12}
    failures = failed_rules(with_lineage([implausible, dead_with_days_off]))
    assert failures == {(0, "victim_age_plausible"), (1, "death_has_no_days_off")}


def test_a_pre_reform_report_from_ly_son_district_is_accepted(accident_row):
    """Huyện Lý Sơn had no communes: its 2024 reports carry the district code 536 (Đặc khu Lý Sơn since 2025)."""
    row = {**accident_row, "period": "2024S2", "incident_at": datetime(2024, 12, 3),
           "employer_commune_code": "00536", "incident_commune_code": "00536"}
    frame = with_lineage([row], _file_period="2024S2", _period_start=datetime(2024, 7, 1).date(),
                         _period_end=datetime(2024, 12, 31).date())
    assert failed_rules(frame) == set()
