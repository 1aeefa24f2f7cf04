from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from schemas.voluntary_accident_insurance import VoluntaryAccidentInsuranceReport
from tests.schemas.conftest import rules_failed_by, with_lineage

MONTH = {"_file_period": "202507", "_period_start": date(2025, 7, 1), "_period_end": date(2025, 7, 31)}


@pytest.fixture
def voluntary_row() -> dict:
    """Xã An Phú in July 2025: 48 participants, one claim settled."""
    return {
        "fund_office_code": "BHXH51", "period": "202507", "commune_code": "21034", "commune_name": "Xã An Phú",
        "participants": 48, "female_participants": 19, "new_participants": 6, "supported_participants": 11,
        "premiums_million_vnd": 2.88, "state_support_million_vnd": 0.41, "claims": 1, "fatal_claims": 0,
        "claims_paid_million_vnd": 11.7, "_sender_id": "BHXH51",
    }


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(VoluntaryAccidentInsuranceReport, frame)


def test_a_good_row_passes(voluntary_row):
    assert failed_rules(with_lineage([voluntary_row], **MONTH)) == set()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"participants": 0, "female_participants": 0, "new_participants": 0,
                      "supported_participants": 0, "premiums_million_vnd": 0.0, "state_support_million_vnd": 0.0,
                      "claims": 0, "fatal_claims": 0, "claims_paid_million_vnd": 0.0}, id="all-zero"),
        pytest.param({"female_participants": 48, "new_participants": 48, "supported_participants": 48},
                     id="parts-equal-total"),
        pytest.param({"state_support_million_vnd": 2.88}, id="support-equals-premiums"),
        pytest.param({"claims": 2, "fatal_claims": 2}, id="all-claims-fatal"),
        pytest.param({"claims": 1, "claims_paid_million_vnd": 0.0}, id="claim-settled-not-yet-paid"),
        pytest.param({"supported_participants": None, "fatal_claims": None}, id="optional-counts-empty"),
    ],
)
def test_other_good_rows_pass(voluntary_row, change):
    assert failed_rules(with_lineage([{**voluntary_row, **change}], **MONTH)) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        # field rules
        ({"commune_code": None}, "not_nullable"),
        ({"participants": None}, "not_nullable"),
        ({"premiums_million_vnd": None}, "not_nullable"),
        ({"claims_paid_million_vnd": None}, "not_nullable"),
        ({"participants": -1}, "out_of_range"),
        ({"premiums_million_vnd": -2.88}, "out_of_range"),
        ({"state_support_million_vnd": -0.1}, "out_of_range"),
        ({"claims_paid_million_vnd": -11.7}, "out_of_range"),
        ({"commune_code": "99999"}, "unknown_commune"),
        ({"commune_code": "00004"}, "unknown_commune"),  # Hà Nội: not a commune of province 51
        ({"commune_code": "21010"}, "unknown_commune"),  # legacy code after the July 2025 reform
        ({"period": "202506"}, "period_matches_file"),
        ({"fund_office_code": "BHXH01"}, "sender_matches_submission"),
        # cross-field rules
        ({"female_participants": 49}, "voluntary_female_le_participants"),
        ({"new_participants": 49}, "voluntary_new_le_participants"),
        ({"supported_participants": 49}, "voluntary_supported_le_participants"),
        ({"state_support_million_vnd": 2.89}, "voluntary_support_le_premiums"),
        ({"fatal_claims": 2}, "voluntary_deaths_le_claims"),
        ({"claims": 0, "fatal_claims": 0}, "voluntary_payment_needs_claims"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(voluntary_row, change, rule):
    assert (0, rule) in failed_rules(with_lineage([{**voluntary_row, **change}], **MONTH))


def test_a_legacy_commune_code_is_accepted_before_the_reform(voluntary_row):
    row = {**voluntary_row, "period": "202506", "commune_code": "23281"}  # Kon Tum's Phường Quang Trung
    frame = with_lineage([row], _file_period="202506", _period_start=date(2025, 6, 1), _period_end=date(2025, 6, 30))
    assert failed_rules(frame) == set()


def test_a_commune_twice_in_a_month_is_rejected_once(voluntary_row):
    frame = with_lineage([voluntary_row, {**voluntary_row, "participants": 50}], **MONTH)
    assert failed_rules(frame) == {(1, "voluntary_duplicate_commune")}


def test_the_same_commune_in_two_files_of_a_batch_is_fine(voluntary_row):
    first = with_lineage([voluntary_row], **MONTH)
    second = with_lineage([voluntary_row], **{**MONTH, "_file_sha256": "e" * 64})
    assert failed_rules(pl.concat([first, second])) == set()
