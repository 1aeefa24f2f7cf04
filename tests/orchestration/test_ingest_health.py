"""Ingest the health families' fixture files for real: XLSX, Windows-1258 CSV, UTF-8 CSV and JSON
through the readers, pandera and DuckDB. Every planted mistake is listed in
tests/fixtures/families/make_health_fixtures.py.
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
from schemas.health_checks import HealthCheckReport
from schemas.occupational_disease_exams import OccupationalDiseaseExamReport
from schemas.template import OshReport
from schemas.work_environment_monitoring import WorkEnvironmentMonitoringReport

FIXTURE_ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "families"
MODELS: tuple[type[OshReport], ...] = (
    OccupationalDiseaseExamReport, HealthCheckReport, WorkEnvironmentMonitoringReport,
)
KEY = b"test-key-for-the-test-suite-only"

OD_2024S2 = "occupational_disease_exams/2024S2/51002_kham_bnn_2024S2.xlsx"
OD_CDC_2025S1 = "occupational_disease_exams/2025S1/51002_kham_bnn_2025S1.xlsx"
OD_API_2025S1 = "occupational_disease_exams/2025S1/51004_kham_bnn_2025S1.json"
HC_2024S2 = "health_checks/2024S2/51003_ksk_2024S2.xlsx"
HC_2025S1 = "health_checks/2025S1/51001_ksk_2025S1.csv"
MON_2024S2 = "work_environment_monitoring/2024S2/51006_qtmt_2024S2.csv"
MON_2025S1 = "work_environment_monitoring/2025S1/51006_qtmt_2025S1.xlsx"
MON_DN = "work_environment_monitoring/2025S1/48010_qtmt_2025S1.csv"
MON_DN_FIX = "work_environment_monitoring/2025S1/48010_qtmt_2025S1_bo_sung.csv"

# file -> (format, sender, period, rows read, loaded, rejected, with warnings)
EXPECTED_FILES = {
    OD_2024S2: ("xlsx", "51002", "2024S2", 7, 5, 2, 0),
    OD_CDC_2025S1: ("xlsx", "51002", "2025S1", 6, 6, 0, 1),
    OD_API_2025S1: ("json", "51004", "2025S1", 10, 5, 5, 1),
    HC_2024S2: ("xlsx", "51003", "2024S2", 3, 2, 1, 0),
    HC_2025S1: ("csv", "51001", "2025S1", 6, 3, 3, 1),
    MON_2024S2: ("csv", "51006", "2024S2", 3, 3, 0, 0),
    MON_DN: ("csv", "48010", "2025S1", 7, 7, 0, 0),
    MON_DN_FIX: ("csv", "48010", "2025S1", 10, 10, 0, 0),
    MON_2025S1: ("xlsx", "51006", "2025S1", 12, 7, 5, 0),
}
EXPECTED_QUARANTINE = [
    (HC_2024S2, 4, "employer_tax_code", "health_check_duplicate_employer"),
    (HC_2025S1, 3, "female_workers_checked", "health_check_female_le_checked"),
    (HC_2025S1, 5, "employer_commune_code", "unknown_commune"),
    (HC_2025S1, 6, "occupational_disease_workers", "health_check_disease_le_checked"),
    (OD_2024S2, 9, "worker_national_id", "invalid_value"),
    (OD_2024S2, 10, "disease_code", "od_exam_disease_iff_diagnosed"),
    (OD_API_2025S1, 4, "worker_national_id", "od_exam_duplicate_worker_date"),
    (OD_API_2025S1, 6, "disease_code", "od_exam_disease_iff_diagnosed"),
    (OD_API_2025S1, 8, "disease_code", "unknown_code"),
    (OD_API_2025S1, 9, "exam_date", "od_exam_date_in_period"),
    (OD_API_2025S1, 10, "employer_tax_code", "tax_code_check_digit"),
    (MON_2025S1, 7, "factor_code", "unknown_code"),
    (MON_2025S1, 8, "samples_failing", "monitoring_failing_le_samples"),
    (MON_2025S1, 11, "samples_taken", "out_of_range"),
    (MON_2025S1, 12, "factor_code", "monitoring_duplicate_visit_factor"),
    (MON_2025S1, 13, "visit_date", "monitoring_visit_in_period"),
]
EXPECTED_WARNINGS = [
    (HC_2025S1, 4, "workers_checked", "health_check_classes_sum_to_checked"),
    (OD_CDC_2025S1, 7, "exposure_years", "od_exam_exposure_within_working_life"),
    (OD_API_2025S1, 7, "worker_birth_year", "od_exam_age_plausible"),
]


def receipts() -> dict[str, datetime]:
    with (FIXTURE_ROOT / "_receipts_health.csv").open(encoding="utf-8", newline="") as handle:
        return {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}


def ingest_all(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    return {
        model.template.family: ingest_files(con, model, scan_family(FIXTURE_ROOT, model.template.family, receipts()),
                                            KEY).outcomes
        for model in MODELS
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("health") / "warehouse.duckdb"
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
    for family, loaded in (("occupational_disease_exams", 16), ("health_checks", 5),
                           ("work_environment_monitoring", 27)):
        assert query(warehouse, f"select count(*) from raw.{family}") == [(loaded,)]


def test_each_planted_mistake_is_quarantined_by_its_rule(warehouse):
    sql = "select source_file, row_number, column_name, rule from raw.{} order by source_file, row_number, rule"
    assert query(warehouse, sql.format("quarantine")) == EXPECTED_QUARANTINE
    assert query(warehouse, sql.format("validation_warnings")) == EXPECTED_WARNINGS


def test_values_are_parsed_as_senders_wrote_them(warehouse):
    # Windows-1258 names, Vietnamese thousands "1.150", "S1/2025", "6 tháng cuối năm 2024", legacy commune
    assert query(warehouse, """
        select employer_name, period, workers_checked from raw.health_checks
        where employer_tax_code = '4300100027'
    """) == [("Công ty TNHH Xây dựng Sông Trà", "2025S1", 1150)]
    assert query(warehouse, """
        select period, employer_commune_code from raw.health_checks where employer_tax_code = '4300600076'
    """) == [("2024S2", "21043")]
    # drop-down names of the XLSX become codes
    assert query(warehouse, f"""
        select exposure_factor_code, exam_result, disease_code from raw.occupational_disease_exams
        where _source_file = '{OD_2024S2}' and _row_number = 5
    """) == [("dust_silica", "diagnosed", "1")]
    assert query(warehouse, f"""
        select distinct factor_code from raw.work_environment_monitoring where _source_file = '{MON_DN}' order by 1
    """) == [("dust",), ("humidity",), ("noise",), ("temperature",), ("vibration",)]


def test_receipt_times_are_recorded(warehouse):
    rows = query(warehouse, "select source_file, received_at from raw.files")
    expected = receipts()
    assert {f: at for f, at in rows} == {f: expected[f] for f, _ in rows}


def cleartext_ids_and_names() -> set[str]:
    """Every national ID and worker name as typed in the fixture files (digits of IDs as read)."""
    model = OccupationalDiseaseExamReport
    found: set[str] = set()
    for landing in scan_family(FIXTURE_ROOT, model.template.family, receipts()):
        table = read_table(landing.path, expected_labels=[s.header_vi for s in model.columns()])
        renames = match_headers(table.labels, model).renames
        by_name = {canonical: label for label, canonical in renames.items()}
        for column in ("worker_national_id", "worker_name"):
            found |= set(table.frame[by_name[column]].drop_nulls().to_list())
    return found


def test_no_cleartext_national_id_or_name_is_stored(warehouse):
    secrets = cleartext_ids_and_names()
    assert "051079000202" in secrets and "Bùi Văn Lực" in secrets and "51088000105" in secrets
    columns = {r[0] for r in query(warehouse, "select column_name from information_schema.columns")}
    assert "worker_national_id" not in columns and "worker_name" not in columns
    text = []
    for schema, table in query(warehouse, "select table_schema, table_name from information_schema.tables"):
        text += [str(v) for row in query(warehouse, f"select * from {schema}.{table}") for v in row]
    everything = "\n".join(text)
    assert not [s for s in secrets if s in everything]
    hashes = {r[0] for r in query(warehouse, "select worker_national_id_hash from raw.occupational_disease_exams")}
    assert hash_national_ids(pl.Series(["051079000202"]), KEY)[0] in hashes


def test_a_second_run_over_the_same_files_adds_nothing(tmp_path):
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ingest_all(con)
        before = con.execute("select count(*) from raw.files").fetchall()
        again = ingest_all(con)
        assert {o.status for outcomes in again.values() for o in outcomes} == {"already_loaded"}
        assert con.execute("select count(*) from raw.files").fetchall() == before
