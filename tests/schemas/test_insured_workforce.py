from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from schemas.insured_workforce import InsuredWorkforceReport
from tests.schemas.conftest import rules_failed_by, with_lineage

MONTH = {"_file_period": "202501", "_period_start": date(2025, 1, 1), "_period_end": date(2025, 1, 31)}


def failed_rules(frame: pl.DataFrame) -> set[tuple[int, str]]:
    return rules_failed_by(InsuredWorkforceReport, frame)


def test_a_good_row_passes(workforce_row):
    assert failed_rules(with_lineage([workforce_row], **MONTH)) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"insured_workers": None}, "not_nullable"),
        ({"insured_workers": -5}, "out_of_range"),
        ({"female_insured_workers": 1300}, "female_le_total_workers"),
        ({"employer_tax_code": "4300100020"}, "tax_code_check_digit"),
        ({"sector_code": "ZZ"}, "unknown_code"),
        ({"period": "202502"}, "period_matches_file"),
        ({"fund_office_code": "BHXH62"}, "sender_matches_submission"),
        ({"contribution_rate_pct": 0.4}, "contribution_rate_known"),
    ],
)
def test_each_bad_value_is_caught_by_its_rule(workforce_row, change, rule):
    assert (0, rule) in failed_rules(with_lineage([{**workforce_row, **change}], **MONTH))


def test_an_employer_twice_in_a_month_is_rejected_once(workforce_row):
    frame = with_lineage([workforce_row, workforce_row], **MONTH)
    assert failed_rules(frame) == {(1, "duplicate_employer_month")}


def test_the_same_employer_in_two_files_of_a_batch_is_fine(workforce_row):
    first = with_lineage([workforce_row], **MONTH)
    second = with_lineage([workforce_row], **{**MONTH, "_file_sha256": "e" * 64})
    assert failed_rules(pl.concat([first, second])) == set()
