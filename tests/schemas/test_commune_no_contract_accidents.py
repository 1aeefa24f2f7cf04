from __future__ import annotations

from datetime import date, datetime

import pytest

from schemas.commune_no_contract_accidents import CommuneNoContractAccidentReport
from schemas.rules import Severity, get_rule
from tests.schemas.enterprises_support import S2_2025, blank_row, failed_rules, headers_are_distinct, typed_frame

Report = CommuneNoContractAccidentReport


@pytest.fixture
def victim() -> dict:
    return {
        **blank_row(Report),
        "period": "2025S2", "reporting_commune_code": "21034", "incident_id": "1",
        "incident_at": datetime(2025, 9, 12, 14, 30), "incident_commune_code": "21034", "injury_factor_code": "108",
        "cause_code": "9", "victim_national_id": "051078002211", "victim_name": "Trần Văn Bình",
        "victim_sex": "male", "victim_birth_year": 1978, "occupation_code": "9", "work_description": "Phụ hồ",
        "severity": "death", "has_voluntary_accident_insurance": False, "_sender_id": "21034",
    }


def check(rows: list[dict], **lineage) -> set[tuple[int, str]]:
    return failed_rules(Report, typed_frame(Report, rows, **(lineage or S2_2025)))


def test_a_good_row_passes(victim):
    assert check([victim]) == set()


def test_two_victims_of_one_incident_pass(victim):
    second = {**victim, "victim_national_id": "051090003344", "victim_name": "Trần Thị Cúc", "victim_sex": "female",
              "victim_birth_year": 1990, "severity": "severe", "has_voluntary_accident_insurance": True}
    assert check([victim, second]) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        # field rules
        ({"reporting_commune_code": None}, "not_nullable"),
        ({"incident_id": None}, "not_nullable"),
        ({"incident_at": None}, "not_nullable"),
        ({"victim_sex": None}, "not_nullable"),
        ({"severity": None}, "not_nullable"),
        ({"severity": "broken_arm"}, "unknown_code"),
        ({"cause_code": "11"}, "unknown_code"),
        ({"injury_factor_code": "100"}, "unknown_code"),
        ({"occupation_code": "10"}, "unknown_code"),
        ({"reporting_commune_code": "99999", "_sender_id": "99999"}, "unknown_commune"),
        ({"incident_commune_code": "00004"}, "unknown_commune"),  # Hà Nội: not in province 51
        ({"incident_commune_code": "21010"}, "unknown_commune"),  # legacy code after the reform
        ({"victim_birth_year": 1900}, "out_of_range"),
        ({"period": "2025S1"}, "period_matches_file"),
        ({"reporting_commune_code": "21025"}, "sender_matches_submission"),
        # cross-field rules
        ({"incident_at": datetime(2025, 6, 30, 23, 0)}, "commune_event_in_period"),
        ({"victim_national_id": None}, "commune_victim_id_missing"),
        ({"victim_birth_year": 2018}, "commune_victim_age_plausible"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(victim, change, rule):
    assert (0, rule) in check([{**victim, **change}])


def test_legacy_commune_codes_are_accepted_before_the_reform(victim):
    row = {**victim, "period": "2025S1", "incident_at": datetime(2025, 4, 2, 7, 0), "reporting_commune_code": "21010",
           "incident_commune_code": "21013", "_sender_id": "21010"}
    assert check([row], _file_period="2025S1", _period_start=date(2025, 1, 1), _period_end=date(2025, 6, 30)) == set()


def test_a_year_is_not_a_commune_period(victim):
    row = {**victim, "period": "2025"}
    failures = check([row], _file_period="2025", _period_start=date(2025, 1, 1), _period_end=date(2025, 12, 31))
    assert failures == {(0, "commune_period_is_half_year")}


def test_the_same_victim_twice_in_an_incident_is_a_duplicate(victim):
    assert check([victim, {**victim, "severity": "severe"}]) == {(1, "duplicate_row")}


def test_victims_without_an_id_are_duplicates_only_when_the_whole_row_repeats(victim):
    anonymous = {**victim, "victim_national_id": None}
    other = {**anonymous, "victim_name": "Người thứ hai", "victim_birth_year": 1985}
    failures = check([anonymous, other, anonymous])
    assert (2, "duplicate_row") in failures
    assert (1, "duplicate_row") not in failures


def test_victims_of_one_incident_must_agree_on_the_date(victim):
    second = {**victim, "victim_national_id": "051090003344", "incident_at": datetime(2025, 9, 13, 8, 0)}
    assert check([victim, second]) == {(0, "commune_incident_rows_agree"), (1, "commune_incident_rows_agree")}


def test_warnings_and_errors():
    for name in ("commune_victim_id_missing", "commune_victim_age_plausible", "commune_incident_rows_agree"):
        assert get_rule(name).severity is Severity.WARNING
    assert get_rule("commune_event_in_period").severity is Severity.ERROR


def test_headers_stay_distinct_after_normalisation():
    assert headers_are_distinct(Report)
