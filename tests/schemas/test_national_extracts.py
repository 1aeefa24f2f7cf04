"""A national warehouse (OSH_PROVINCE_CODE=all) receives one consolidated extract per province, family and
period: many senders' reports in one file. Its rules: any province's commune; every row in the extract's
province (the file's sender); the rules over a whole report (duplicates, totals) per sender within the file.
A provincial warehouse keeps its rules: one sender per file, its own communes."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import ingest_files
from schemas import reference
from schemas.accident_cases import AccidentCaseReport
from schemas.annual_osh_report import AnnualOshReport
from schemas.registry import FAMILIES
from tests.conftest import TEST_ID_HASH_KEY
from tests.schemas.conftest import rules_failed_by, with_lineage
from tests.schemas.enterprises_support import YEAR_2025, blank_row, typed_frame

HANOI_COMMUNE, HANOI_TAX_CODE = "00004", "4300200021"  # Phường Ba Đình (province 01); a valid tax code


@pytest.fixture
def national(monkeypatch):
    monkeypatch.setenv("OSH_PROVINCE_CODE", reference.WHOLE_COUNTRY)


def hanoi_victim(accident_row: dict) -> dict:
    return {**accident_row, "employer_tax_code": HANOI_TAX_CODE, "employer_commune_code": HANOI_COMMUNE,
            "incident_commune_code": HANOI_COMMUNE, "victim_national_id": "001085001234"}


def test_the_served_area_is_every_province_of_the_country(national):
    assert len(reference.served_provinces()) == 34
    assert len(reference.served_communes()) == 3321
    assert reference.commune_provinces()["21010"] == "51"  # a legacy commune, by the province it was in


def test_a_provincial_warehouse_rejects_an_extract_of_many_senders(accident_row):
    frame = with_lineage([accident_row, hanoi_victim(accident_row)])
    failed = rules_failed_by(AccidentCaseReport, frame)
    assert {(1, "sender_matches_submission"), (1, "unknown_commune")} <= failed


def test_a_national_warehouse_takes_each_row_of_an_extract_as_its_employer_report(national, accident_row):
    hanoi = hanoi_victim(accident_row)
    extract = with_lineage([{**hanoi, "_sender_id": "01"}, {**hanoi, "incident_id": "2", "_sender_id": "01",
                                                             "victim_national_id": "001090004321"}])
    assert rules_failed_by(AccidentCaseReport, extract) == set()


def test_a_row_of_another_province_is_rejected_in_an_extract(national, accident_row):
    extract = with_lineage([{**hanoi_victim(accident_row), "_sender_id": "01"}, {**accident_row, "_sender_id": "01"}])
    assert rules_failed_by(AccidentCaseReport, extract) == {(1, "row_in_extract_province")}


def test_a_legacy_commune_counts_in_the_province_it_was_in(national, accident_row):
    row = {**accident_row, "period": "2024S2", "incident_at": datetime(2024, 12, 3),
           "employer_commune_code": "21010", "_sender_id": "51"}
    frame = with_lineage([row], _file_period="2024S2", _period_start=date(2024, 7, 1), _period_end=date(2024, 12, 31))
    assert rules_failed_by(AccidentCaseReport, frame) == set()


def annual_main_row(tax_code: str, commune: str) -> dict:
    return {**blank_row(AnnualOshReport), "period": "2025", "employer_tax_code": tax_code,
            "employer_name": "Công ty", "employer_commune_code": commune, "sector_code": "C",
            "facility_type": "fdi_enterprise", "total_workers": 100, "female_workers": 40}


def test_the_rules_over_a_report_hold_per_sender_in_an_extract(national):
    quang_ngai, hanoi = annual_main_row("4300100027", "21034"), annual_main_row(HANOI_TAX_CODE, HANOI_COMMUNE)
    # two employers' main rows: one report each, not a duplicate
    extract = typed_frame(AnnualOshReport, [{**quang_ngai, "_sender_id": "51"},
                                            {**hanoi, "employer_commune_code": "21037", "_sender_id": "51"}],
                          **YEAR_2025)
    assert not {rule for _, rule in rules_failed_by(AnnualOshReport, extract)} & {"duplicate_row", "main_row_present"}
    # the same employer twice is a duplicate in an extract too
    twice = typed_frame(AnnualOshReport, [{**quang_ngai, "_sender_id": "51"}] * 2, **YEAR_2025)
    assert (1, "duplicate_row") in rules_failed_by(AnnualOshReport, twice)


def write_extract(path: Path, rows: list[dict]) -> None:
    specs = AccidentCaseReport.columns()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([s.header_vi for s in specs])
        for row in rows:
            writer.writerow([cell(row.get(s.name)) for s in specs])


def cell(value) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return "" if value is None else str(value)


def test_an_extract_is_its_province_report(national, accident_row, tmp_path):
    raw = tmp_path / "raw"
    victims = [{**accident_row, "employer_tax_code": tax, "victim_national_id": f"05108500{i:04d}"}
               for i, tax in enumerate(("4300100027", "4300300033"))]
    write_extract(raw / "accident_cases" / "2025S1" / "accident_cases_51_2025S1.csv",
                  [*victims, hanoi_victim(accident_row)])
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    result = ingest_files(con, FAMILIES["accident_cases"], scan_family(raw, "accident_cases"),
                          TEST_ID_HASH_KEY.encode())
    assert result.count("loaded") == 1
    assert con.execute("select sender_id, rows_loaded, rows_rejected from raw.files").fetchall() == [("51", 2, 1)]
    assert con.execute("select row_number, column_name, rule from raw.quarantine").fetchall() == [
        (4, "employer_commune_code", "row_in_extract_province")]
