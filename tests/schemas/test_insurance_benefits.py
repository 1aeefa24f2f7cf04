from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from schemas.insurance_benefits import InsuranceBenefitReport
from schemas.rules import Severity, get_rule
from tests.schemas.conftest import rules_failed_by, with_lineage

MONTH = {"_file_period": "202507", "_period_start": date(2025, 7, 1), "_period_end": date(2025, 7, 31)}


@pytest.fixture
def benefit_row() -> dict:
    """A one-time allowance for an accident at 4300100027, decided in July 2025."""
    return {
        "fund_office_code": "BHXH51", "period": "202507", "decision_number": "125/QĐ-BHXH",
        "decision_date": date(2025, 7, 10), "worker_national_id": "051093004455", "worker_name": "Lý Thị Nga",
        "worker_sex": "female", "worker_birth_year": 1993, "employer_tax_code": "4300100027",
        "employer_name": "Công ty A", "employer_commune_code": "21034", "case_type": "accident",
        "is_commuting_accident": False, "event_date": date(2025, 3, 3), "disease_code": None,
        "capacity_loss_pct": 12, "benefit_type": "one_time", "amount_million_vnd": 25.74,
        "_sender_id": "BHXH51",
    }


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(InsuranceBenefitReport, frame)


def test_a_good_row_passes(benefit_row):
    assert failed_rules(with_lineage([benefit_row], **MONTH)) == set()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"case_type": "occupational_disease", "disease_code": "18", "event_date": date(2025, 5, 20),
                      "is_commuting_accident": None}, id="disease"),
        pytest.param({"benefit_type": "monthly", "capacity_loss_pct": 31, "amount_million_vnd": 1.4},
                     id="monthly-at-31"),
        pytest.param({"benefit_type": "one_time", "capacity_loss_pct": 30}, id="one-time-at-30"),
        pytest.param({"benefit_type": "one_time", "capacity_loss_pct": 5}, id="one-time-at-5"),
        pytest.param({"benefit_type": "attendant", "capacity_loss_pct": 81}, id="attendant-at-81"),
        pytest.param({"benefit_type": "death", "capacity_loss_pct": None, "amount_million_vnd": 84.24},
                     id="death-without-capacity-loss"),
        pytest.param({"benefit_type": "funeral", "capacity_loss_pct": None}, id="funeral"),
        pytest.param({"is_commuting_accident": True}, id="commuting-accident"),
        pytest.param({"event_date": date(2025, 7, 10)}, id="event-on-decision-day"),
        pytest.param({"employer_tax_code": "4300100027001"}, id="branch-tax-code"),
    ],
)
def test_other_good_rows_pass(benefit_row, change):
    assert failed_rules(with_lineage([{**benefit_row, **change}], **MONTH)) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        # field rules
        ({"fund_office_code": None}, "not_nullable"),
        ({"worker_national_id": None}, "not_nullable"),
        ({"decision_number": None}, "not_nullable"),
        ({"event_date": None}, "not_nullable"),
        ({"amount_million_vnd": None}, "not_nullable"),
        ({"case_type": "traffic"}, "unknown_code"),
        ({"benefit_type": "lump_sum"}, "unknown_code"),
        ({"case_type": "occupational_disease", "disease_code": "36"}, "unknown_code"),
        ({"capacity_loss_pct": 4}, "out_of_range"),
        ({"capacity_loss_pct": 101}, "out_of_range"),
        ({"worker_birth_year": 1900}, "out_of_range"),
        ({"employer_tax_code": "4300100028"}, "tax_code_check_digit"),
        ({"employer_commune_code": "99999"}, "unknown_commune"),
        ({"employer_commune_code": "21010"}, "unknown_commune"),  # legacy code after the July 2025 reform
        ({"period": "202508"}, "period_matches_file"),
        ({"fund_office_code": "BHXH62"}, "sender_matches_submission"),
        # cross-field rules
        ({"decision_date": date(2025, 6, 30)}, "benefit_decision_in_period"),
        ({"event_date": date(2025, 7, 11)}, "benefit_event_not_after_decision"),
        ({"case_type": "occupational_disease"}, "benefit_disease_code_required"),
        ({"disease_code": "1"}, "benefit_disease_code_only_for_disease"),
        ({"case_type": "occupational_disease", "disease_code": "1", "is_commuting_accident": True},
         "benefit_commuting_only_for_accident"),
        ({"capacity_loss_pct": None}, "benefit_capacity_loss_required"),
        ({"benefit_type": "monthly", "capacity_loss_pct": None}, "benefit_capacity_loss_required"),
        ({"benefit_type": "monthly", "capacity_loss_pct": 30}, "benefit_capacity_loss_fits_type"),
        ({"benefit_type": "one_time", "capacity_loss_pct": 31}, "benefit_capacity_loss_fits_type"),
        ({"benefit_type": "attendant", "capacity_loss_pct": 80}, "benefit_capacity_loss_fits_type"),
        ({"amount_million_vnd": 0.0}, "benefit_amount_positive"),
        ({"amount_million_vnd": -25.74}, "benefit_amount_positive"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(benefit_row, change, rule):
    assert (0, rule) in failed_rules(with_lineage([{**benefit_row, **change}], **MONTH))


def test_a_legacy_commune_code_is_accepted_before_the_reform(benefit_row):
    row = {**benefit_row, "period": "202506", "decision_date": date(2025, 6, 12), "employer_commune_code": "21010"}
    frame = with_lineage([row], _file_period="202506", _period_start=date(2025, 6, 1), _period_end=date(2025, 6, 30))
    assert failed_rules(frame) == set()


def test_a_repeated_decision_is_rejected_once(benefit_row):
    frame = with_lineage([benefit_row, benefit_row], **MONTH)
    assert failed_rules(frame) == {(1, "benefit_duplicate_decision")}


def test_one_decision_may_grant_death_benefit_and_funeral(benefit_row):
    death = {**benefit_row, "benefit_type": "death", "capacity_loss_pct": None, "amount_million_vnd": 84.24}
    funeral = {**death, "benefit_type": "funeral", "amount_million_vnd": 23.4}
    assert failed_rules(with_lineage([death, funeral], **MONTH)) == set()


def test_the_same_decision_in_two_files_of_a_batch_is_fine(benefit_row):
    first = with_lineage([benefit_row], **MONTH)
    second = with_lineage([benefit_row], **{**MONTH, "_file_sha256": "e" * 64})
    assert failed_rules(pl.concat([first, second])) == set()


def test_an_implausible_age_is_a_warning(benefit_row):
    frame = with_lineage([{**benefit_row, "worker_birth_year": 2019}], **MONTH)
    assert failed_rules(frame) == {(0, "benefit_worker_age_plausible")}
    assert get_rule("benefit_worker_age_plausible").severity == Severity.WARNING
