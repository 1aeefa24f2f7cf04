from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

LINEAGE = {
    "_file_sha256": "f" * 64,
    "_file_period": "2025S1",
    "_period_start": date(2025, 1, 1),
    "_period_end": date(2025, 6, 30),
}


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
