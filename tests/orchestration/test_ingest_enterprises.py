"""Ingest the enterprise and commune families' fixture files for real: XLSX with title blocks, Windows-1258
CSV with ";", UTF-8 CSV with and without BOM, through the readers, pandera and DuckDB. Every planted
mistake is listed in tests/fixtures/families/make_enterprises_fixtures.py.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.parse import match_headers
from orchestration.ingest.pii import hash_national_ids
from orchestration.ingest.pipeline import ingest_files
from orchestration.ingest.readers import read_table
from schemas.accident_summary import AccidentSummaryReport
from schemas.annual_osh_report import AnnualOshReport
from schemas.commune_no_contract_accidents import CommuneNoContractAccidentReport
from schemas.template import OshReport

FIXTURE_ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "families"
MODELS: tuple[type[OshReport], ...] = (AccidentSummaryReport, AnnualOshReport, CommuneNoContractAccidentReport)
KEY = b"test-key-for-the-test-suite-only"

SUM_A = "accident_summary/2025S1/4300100027_bao_cao_tong_hop_tnld_6_thang_2025.xlsx"
SUM_C = "accident_summary/2025S1/4300300033_tong_hop_tnld_2025S1.csv"
SUM_E = "accident_summary/2025S1/4300500064_tnld_6_thang_dau_2025.csv"
SUM_D_S2 = "accident_summary/2025S2/4300400045_tong_hop_tnld_2025S2.csv"
SUM_B_YEAR = "accident_summary/2025/4300200021_tong_hop_tnld_nam_2025.csv"
OSH_A = "annual_osh_report/2025/4300100027_bao_cao_atvsld_nam_2025.xlsx"
OSH_B = "annual_osh_report/2025/4300200021_bao_cao_cong_tac_atvsld_2025.csv"
OSH_C = "annual_osh_report/2025/4300300033_atvsld_2025.csv"
COMMUNE_AN_PHU = "commune_no_contract_accidents/2025S1/21034_bao_cao_tnld_khong_hdld_2025S1.xlsx"
COMMUNE_CAM_THANH = "commune_no_contract_accidents/2025S2/21025_tnld_khong_hop_dong_2025S2.csv"

# file -> (format, sender, period, rows read, loaded, rejected, with warnings)
EXPECTED_FILES = {
    SUM_A: ("xlsx", "4300100027", "2025S1", 6, 5, 1, 1),
    SUM_C: ("csv", "4300300033", "2025S1", 8, 6, 2, 0),
    SUM_E: ("csv", "4300500064", "2025S1", 1, 1, 0, 0),
    SUM_D_S2: ("csv", "4300400045", "2025S2", 1, 0, 1, 0),
    SUM_B_YEAR: ("csv", "4300200021", "2025", 7, 6, 1, 1),
    OSH_A: ("xlsx", "4300100027", "2025", 5, 4, 1, 1),
    OSH_B: ("csv", "4300200021", "2025", 4, 3, 1, 1),
    OSH_C: ("csv", "4300300033", "2025", 1, 0, 1, 0),
    COMMUNE_AN_PHU: ("xlsx", "21034", "2025S1", 5, 4, 1, 1),
    COMMUNE_CAM_THANH: ("csv", "21025", "2025S2", 4, 2, 2, 0),
}
EXPECTED_QUARANTINE = [
    (SUM_B_YEAR, 8, "victims_not_managed", "summary_victims_not_managed_le_total"),
    (SUM_A, 7, "breakdown_code", "unknown_code"),
    (SUM_C, 6, "breakdown_code", "duplicate_row"),
    (SUM_C, 7, "severely_injured", "summary_severe_le_survivors"),
    (SUM_D_S2, 2, "period", "summary_period_half_year_or_year"),
    (OSH_A, 7, "monitoring_failing_samples", "osh_failing_samples_le_samples"),
    (OSH_B, 5, "monitoring_factor_code", "unknown_code"),
    (OSH_C, 2, "heavy_hazardous_workers", "osh_report_main_row_complete"),
    (COMMUNE_AN_PHU, 7, "incident_at", "commune_event_in_period"),
    (COMMUNE_CAM_THANH, 3, "severity", "unknown_code"),
    (COMMUNE_CAM_THANH, 5, "victim_national_id", "duplicate_row"),
]
EXPECTED_WARNINGS = [
    (SUM_B_YEAR, 5, "breakdown_dimension", "summary_breakdown_sums_to_total"),
    (SUM_A, 5, "cost_total_million_vnd", "summary_cost_total_matches_items"),
    (OSH_A, 4, "spending_total_million_vnd", "osh_spending_total_matches_items"),
    (OSH_B, 2, "overtime_hours", "osh_overtime_within_annual_cap"),
    (COMMUNE_AN_PHU, 6, "victim_national_id", "commune_victim_id_missing"),
]


def receipts() -> dict[str, datetime]:
    with (FIXTURE_ROOT / "_receipts_enterprises.csv").open(encoding="utf-8", newline="") as handle:
        return {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}


def ingest_all(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    return {
        model.template.family: ingest_files(con, model, scan_family(FIXTURE_ROOT, model.template.family, receipts()),
                                            KEY).outcomes
        for model in MODELS
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("enterprises") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        ingest_all(con)
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_file_is_registered_with_its_counts(warehouse):
    rows = query(warehouse, """
        select source_file, file_format, sender_id, period, rows_read, rows_loaded, rows_rejected, rows_with_warnings
        from raw.files where status = 'loaded'
    """)
    assert {r[0]: r[1:] for r in rows} == EXPECTED_FILES
    assert query(warehouse, "select count(*) from raw.files where status <> 'loaded'") == [(0,)]


def test_rows_are_conserved_per_file(warehouse):
    assert query(warehouse, "select count(*) from raw.files where rows_read <> rows_loaded + rows_rejected") == [(0,)]
    for family, loaded in (("accident_summary", 18), ("annual_osh_report", 7), ("commune_no_contract_accidents", 6)):
        assert query(warehouse, f"select count(*) from raw.{family}") == [(loaded,)]


def test_each_planted_mistake_is_quarantined_by_its_rule(warehouse):
    sql = "select source_file, row_number, column_name, rule from raw.{} order by source_file, row_number, rule"
    assert query(warehouse, sql.format("quarantine")) == EXPECTED_QUARANTINE
    assert query(warehouse, sql.format("validation_warnings")) == EXPECTED_WARNINGS


def test_values_are_parsed_as_senders_wrote_them(warehouse):
    # XLSX title block and "(unit)" headers; Vietnamese names of the drop-downs become codes
    assert query(warehouse, f"""
        select period, facility_type, total_workers, cost_total_million_vnd from raw.accident_summary
        where _source_file = '{SUM_A}' and breakdown_dimension = 'total'
    """) == [("2025S1", "non_state_enterprise", 1200, 230.0)]
    assert query(warehouse, f"""
        select breakdown_dimension, breakdown_code from raw.accident_summary
        where _source_file = '{SUM_A}' and breakdown_dimension <> 'total' order by _row_number
    """) == [("cause", "1"), ("injury_factor", "108"), ("injury_factor", "110"), ("occupation", "7")]
    # Windows-1258, "S1/2025", Vietnamese thousands and decimal comma
    assert query(warehouse, f"""
        select employer_name, period, payroll_million_vnd, cost_medical_million_vnd from raw.accident_summary
        where _source_file = '{SUM_C}' and breakdown_dimension = 'total'
    """) == [("Công ty Khai thác Đá Bình Sơn", "2025S1", 22500.0, 85.5)]
    # the annual report: "Năm 2025", month "T11/2025", factor names, the T2/T3 column
    assert query(warehouse, """
        select employer_tax_code, period, heavy_hazardous_workers, risk_assessment_month, overtime_hours
        from raw.annual_osh_report where monitoring_factor_code is null order by 1
    """) == [("4300100027", "2025", 350, "202508", 62400), ("4300200021", "2025", 240, "202511", 300000)]
    assert query(warehouse, f"""
        select monitoring_factor_code, monitoring_samples from raw.annual_osh_report
        where _source_file = '{OSH_A}' and monitoring_factor_code is not null order by _row_number
    """) == [("temperature", 12), ("noise", 12), ("light", 8)]
    # the commune report: a legacy commune code is valid for a period before the reform
    assert query(warehouse, """
        select reporting_commune_code, incident_commune_code, severity, victim_sex, has_voluntary_accident_insurance
        from raw.commune_no_contract_accidents where incident_id = '1' order by period
    """) == [("21034", "21037", "death", "male", False), ("21025", "21025", "death", "male", False)]


def test_receipt_times_are_recorded(warehouse):
    rows = query(warehouse, "select source_file, received_at from raw.files")
    expected = receipts()
    assert {f: at for f, at in rows} == {f: expected[f] for f, _ in rows}
    assert len(rows) == len(expected)


def cleartext_ids_and_names() -> set[str]:
    """Every national ID and victim name as typed in the commune fixture files."""
    model = CommuneNoContractAccidentReport
    found: set[str] = set()
    for landing in scan_family(FIXTURE_ROOT, model.template.family, receipts()):
        table = read_table(landing.path, expected_labels=[s.header_vi for s in model.columns()])
        by_name = {canonical: label for label, canonical in match_headers(table.labels, model).renames.items()}
        for column in ("victim_national_id", "victim_name"):
            found |= set(table.frame[by_name[column]].drop_nulls().to_list())
    return found


def test_no_cleartext_national_id_or_name_is_stored(warehouse):
    secrets = cleartext_ids_and_names()
    assert "051072001234" in secrets and "Phạm Thị Lan" in secrets and "Huỳnh Thị Mai" in secrets
    columns = {r[0] for r in query(warehouse, "select column_name from information_schema.columns")}
    assert "victim_national_id" not in columns and "victim_name" not in columns
    text = []
    for schema, table in query(warehouse, "select table_schema, table_name from information_schema.tables"):
        text += [str(v) for row in query(warehouse, f"select * from {schema}.{table}") for v in row]
    everything = "\n".join(text)
    assert not [s for s in secrets if s in everything]
    hashes = {r[0] for r in query(warehouse, "select victim_national_id_hash from raw.commune_no_contract_accidents")}
    assert hash_national_ids(pl.Series(["051072001234"]), KEY)[0] in hashes


def test_a_second_run_over_the_same_files_adds_nothing(tmp_path):
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ingest_all(con)
        before = con.execute("select count(*) from raw.files").fetchall()
        again = ingest_all(con)
        assert {o.status for outcomes in again.values() for o in outcomes} == {"already_loaded"}
        assert con.execute("select count(*) from raw.files").fetchall() == before
