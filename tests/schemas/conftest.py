from __future__ import annotations

from datetime import date, datetime

import pandera.errors
import polars as pl
import pytest

from schemas.template import POLARS_TYPE, OshReport

LINEAGE = {
    "_file_sha256": "f" * 64,
    "_file_period": "2025S1",
    "_period_start": date(2025, 1, 1),
    "_period_end": date(2025, 6, 30),
}


def rules_failed_by(model: type[OshReport], frame: pl.DataFrame) -> set[tuple[int, str]]:
    """(row index, rule) of every failure of ``frame`` against ``model``; empty when it is valid.

    Columns are first given the template's types, as the readers type them (a column that is empty in
    every row has no type of its own).
    """
    frame = frame.with_columns(
        pl.col(s.name).cast(POLARS_TYPE[s.kind]) for s in model.columns() if s.name in frame.columns
    )
    try:
        model.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return set(zip(cases["index"].to_list(), cases["check"].to_list(), strict=True))
    return set()


def with_lineage(rows: list[dict], **overrides) -> pl.DataFrame:
    lineage = {**LINEAGE, **overrides}
    return pl.DataFrame([{**row, **lineage} for row in rows])


@pytest.fixture
def accident_row() -> dict:
    return {
        "period": "2025S1", "employer_tax_code": "4300100027", "employer_name": "Công ty A",
        "employer_commune_code": "21034", "sector_code": "F", "incident_id": "1",
        "incident_at": datetime(2025, 3, 14, 8, 30), "incident_commune_code": "21034",
        "injury_factor_code": "104", "cause_code": "1", "victim_national_id": "051085001234",
        "victim_name": "Nguyễn Văn An", "victim_sex": "male", "victim_birth_year": 1985,
        "occupation_code": "7", "employment_type": "labour_contract", "severity": "death", "days_off": 0,
        "under_employer_management": True, "_sender_id": "4300100027",
    }


@pytest.fixture
def workforce_row() -> dict:
    return {
        "fund_office_code": "BHXH51", "period": "202501", "employer_tax_code": "4300100027",
        "employer_name": "Công ty A", "employer_commune_code": "21034", "sector_code": "F",
        "insured_workers": 1200, "female_insured_workers": 400, "payroll_million_vnd": 9000.0,
        "contribution_rate_pct": 0.5, "_sender_id": "BHXH51",
    }
