from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from schemas.occupational_disease_exams import OccupationalDiseaseExamReport
from tests.schemas.conftest import rules_failed_by, with_lineage

MODEL = OccupationalDiseaseExamReport

S2 = {"_file_period": "2025S2", "_period_start": date(2025, 7, 1), "_period_end": date(2025, 12, 31)}


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(MODEL, frame)


@pytest.fixture
def exam_row() -> dict:
    return {
        "facility_code": "51002", "period": "2025S1", "employer_tax_code": "4300300033",
        "employer_name": "Công ty Khai thác Đá Bình Sơn", "employer_commune_code": "21040",
        "worker_national_id": "051085001111", "worker_name": "Trần Văn Bình", "worker_sex": "male",
        "worker_birth_year": 1985, "exposure_factor_code": "dust_silica", "exposure_years": 12.5,
        "exam_date": date(2025, 3, 10), "exam_result": "diagnosed", "disease_code": "1",
        "_sender_id": "51002",
    }


def test_a_good_row_passes(exam_row):
    assert failed_rules(with_lineage([exam_row])) == set()


def test_a_row_without_disease_passes(exam_row):
    row = {**exam_row, "exam_result": "no_disease", "disease_code": None}
    assert failed_rules(with_lineage([row])) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"facility_code": None}, "not_nullable"),
        ({"facility_code": "99999", "_sender_id": "99999"}, "unknown_code"),
        ({"employer_tax_code": "4300300034"}, "tax_code_check_digit"),
        ({"employer_tax_code": None}, "not_nullable"),
        ({"employer_commune_code": "99999"}, "unknown_commune"),
        ({"employer_commune_code": "00004"}, "unknown_commune"),  # Hà Nội: not a commune of province 51
        ({"employer_commune_code": None}, "not_nullable"),
        ({"worker_national_id": None}, "not_nullable"),
        ({"worker_sex": None}, "not_nullable"),
        ({"worker_birth_year": 1900}, "out_of_range"),
        ({"exposure_factor_code": "silica"}, "unknown_code"),
        ({"exposure_factor_code": None}, "not_nullable"),
        ({"exposure_years": -1.0}, "out_of_range"),
        ({"exposure_years": 61.0}, "out_of_range"),
        ({"exam_date": None}, "not_nullable"),
        ({"exam_result": "positive"}, "unknown_code"),
        ({"exam_result": None}, "not_nullable"),
        ({"disease_code": "36"}, "unknown_code"),
        ({"period": "2025S2"}, "period_matches_file"),
        ({"period": None}, "not_nullable"),
        ({"facility_code": "51004"}, "sender_matches_submission"),
        ({"exam_date": date(2025, 7, 2)}, "od_exam_date_in_period"),
        ({"exam_date": date(2024, 12, 31)}, "od_exam_date_in_period"),
        ({"disease_code": None}, "od_exam_disease_iff_diagnosed"),  # diagnosed without a disease
        ({"exam_result": "no_disease"}, "od_exam_disease_iff_diagnosed"),  # a disease without a diagnosis
        ({"exam_result": "suspected"}, "od_exam_disease_iff_diagnosed"),
    ],
)
def test_each_bad_value_is_rejected_by_its_rule(exam_row, change, rule):
    assert (0, rule) in failed_rules(with_lineage([{**exam_row, **change}]))


def test_legacy_commune_code_is_accepted_before_the_reform(exam_row):
    row = {**exam_row, "period": "2024S2", "exam_date": date(2024, 11, 5), "employer_commune_code": "21010"}
    frame = with_lineage([row], _file_period="2024S2", _period_start=date(2024, 7, 1),
                         _period_end=date(2024, 12, 31))
    assert failed_rules(frame) == set()


def test_legacy_commune_code_is_rejected_after_the_reform(exam_row):
    row = {**exam_row, "period": "2025S2", "exam_date": date(2025, 8, 1), "employer_commune_code": "21010"}
    assert failed_rules(with_lineage([row], **S2)) == {(0, "unknown_commune")}


def test_duplicate_worker_and_date_flags_only_the_later_copy(exam_row):
    other_day = {**exam_row, "exam_date": date(2025, 5, 20)}
    frame = with_lineage([exam_row, other_day, {**exam_row, "exposure_factor_code": "noise",
                                                "disease_code": "18"}])
    assert failed_rules(frame) == {(2, "od_exam_duplicate_worker_date")}


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"worker_birth_year": 2012, "exposure_years": None}, "od_exam_age_plausible"),
        ({"worker_birth_year": 1940, "exposure_years": 20.0}, "od_exam_age_plausible"),
        ({"exposure_years": 30.0}, "od_exam_exposure_within_working_life"),  # aged 40: at most 25 years
        ({"disease_code": "18"}, "od_exam_disease_matches_exposure"),  # noise deafness from silica dust
        ({"facility_code": "51001", "_sender_id": "51001"}, "facility_kind_matches_report"),  # a health-check facility
    ],
)
def test_warnings_are_rules_too(exam_row, change, rule):
    assert failed_rules(with_lineage([{**exam_row, **change}])) == {(0, rule)}


def test_other_exposure_fits_any_disease(exam_row):
    row = {**exam_row, "exposure_factor_code": "other", "disease_code": "29"}
    assert failed_rules(with_lineage([row])) == set()
