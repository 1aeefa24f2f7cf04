"""Ingest the social-insurance office's fixture files for real: read, validate, hash, load, quarantine.

The fixture files and their deliberate mistakes are written by
tests/fixtures/families/make_social_insurance_fixtures.py; the rule each mistake must trip is named there.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pii import hash_national_ids
from orchestration.ingest.pipeline import ingest_files
from schemas.insurance_benefits import InsuranceBenefitReport
from schemas.voluntary_accident_insurance import VoluntaryAccidentInsuranceReport
from tests.conftest import TEST_ID_HASH_KEY

FAMILIES_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "families"
KEY = TEST_ID_HASH_KEY.encode()
MODELS = (InsuranceBenefitReport, VoluntaryAccidentInsuranceReport)

JULY_XLSX = "insurance_benefits/202507/bhxh51_tnld_benefits_202507.xlsx"
SEPTEMBER_JSON = "insurance_benefits/202509/bhxh51_tnld_benefits_202509.json"
SEPTEMBER_CORRECTION = "insurance_benefits/202509/bhxh51_tnld_benefits_202509_dieu_chinh.json"
JUNE_CSV = "voluntary_accident_insurance/202506/bhxh51_tnld_tunguyen_202506.csv"
JULY_VOLUNTARY_XLSX = "voluntary_accident_insurance/202507/bhxh51_tnld_tunguyen_202507.xlsx"

# (file, rows read, loaded, rejected, with warnings)
EXPECTED_FILES = [
    (JULY_XLSX, 13, 7, 6, 1),
    (SEPTEMBER_JSON, 14, 6, 8, 0),
    (SEPTEMBER_CORRECTION, 9, 9, 0, 0),
    (JUNE_CSV, 8, 6, 2, 0),
    (JULY_VOLUNTARY_XLSX, 12, 6, 6, 0),
]
# (file, row as the sender sees it, column, rule)
EXPECTED_QUARANTINE = [
    (JULY_XLSX, 12, "capacity_loss_pct", "benefit_capacity_loss_fits_type"),
    (JULY_XLSX, 13, "disease_code", "benefit_disease_code_required"),
    (JULY_XLSX, 14, "decision_date", "benefit_decision_in_period"),
    (JULY_XLSX, 15, "decision_number", "benefit_duplicate_decision"),
    (JULY_XLSX, 16, "employer_tax_code", "tax_code_check_digit"),
    (JULY_XLSX, 17, "event_date", "benefit_event_not_after_decision"),
    (SEPTEMBER_JSON, 7, "amount_million_vnd", "benefit_amount_positive"),
    (SEPTEMBER_JSON, 8, "disease_code", "benefit_disease_code_only_for_disease"),
    (SEPTEMBER_JSON, 9, "capacity_loss_pct", "benefit_capacity_loss_fits_type"),  # 3%: fits no allowance
    (SEPTEMBER_JSON, 9, "capacity_loss_pct", "out_of_range"),  # and is below the 5% threshold
    (SEPTEMBER_JSON, 10, "capacity_loss_pct", "benefit_capacity_loss_required"),
    (SEPTEMBER_JSON, 11, "employer_commune_code", "unknown_commune"),
    (SEPTEMBER_JSON, 12, "fund_office_code", "sender_matches_submission"),
    (SEPTEMBER_JSON, 13, "period", "period_matches_file"),
    (SEPTEMBER_JSON, 14, "worker_national_id", "invalid_value"),
    (JUNE_CSV, 6, "female_participants", "voluntary_female_le_participants"),
    (JUNE_CSV, 8, "state_support_million_vnd", "voluntary_support_le_premiums"),
    (JULY_VOLUNTARY_XLSX, 7, "commune_code", "voluntary_duplicate_commune"),
    (JULY_VOLUNTARY_XLSX, 8, "new_participants", "voluntary_new_le_participants"),
    (JULY_VOLUNTARY_XLSX, 9, "premiums_million_vnd", "out_of_range"),  # negative premiums...
    (JULY_VOLUNTARY_XLSX, 9, "state_support_million_vnd", "voluntary_support_le_premiums"),  # ...below the support
    (JULY_VOLUNTARY_XLSX, 10, "claims_paid_million_vnd", "voluntary_payment_needs_claims"),
    (JULY_VOLUNTARY_XLSX, 11, "fatal_claims", "voluntary_deaths_le_claims"),
    (JULY_VOLUNTARY_XLSX, 12, "commune_code", "unknown_commune"),
]


def fixture_script():
    """The fixture generator, for the IDs and names it put in the files."""
    path = FAMILIES_ROOT / "make_social_insurance_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_social_insurance_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def receipts() -> dict[str, datetime]:
    with (FAMILIES_ROOT / "_receipts_social_insurance.csv").open(encoding="utf-8", newline="") as handle:
        return {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}


def ingest_all(con: duckdb.DuckDBPyConnection) -> list:
    return [ingest_files(con, m, scan_family(FAMILIES_ROOT, m.template.family, receipts()), KEY) for m in MODELS]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("social_insurance") / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
        ingest_all(con)
    return path


@pytest.fixture
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def test_every_file_is_registered_with_its_row_counts(con):
    rows = con.execute("""
        select source_file, rows_read, rows_loaded, rows_rejected, rows_with_warnings
        from raw.files where status = 'loaded' order by family, source_file
    """).fetchall()
    assert rows == EXPECTED_FILES
    assert con.execute("select count(*) from raw.files where status <> 'loaded'").fetchone()[0] == 0


def test_each_mistake_is_quarantined_by_its_rule(con):
    rows = con.execute(
        "select source_file, row_number, column_name, rule from raw.quarantine order by all"
    ).fetchall()
    assert rows == sorted(EXPECTED_QUARANTINE)


def test_an_implausible_birth_year_loads_with_a_warning(con):
    rows = con.execute("select source_file, row_number, column_name, rule from raw.validation_warnings").fetchall()
    assert rows == [(JULY_XLSX, 11, "worker_birth_year", "benefit_worker_age_plausible")]
    loaded = con.execute("select count(*) from raw.insurance_benefits where worker_birth_year = 2019").fetchone()
    assert loaded == (1,)


def test_rows_are_conserved_per_file(con):
    unbalanced = con.execute("select count(*) from raw.files where rows_read <> rows_loaded + rows_rejected")
    assert unbalanced.fetchone() == (0,)
    per_table = con.execute("""
        select f.family, sum(f.rows_loaded)
        from raw.files f group by f.family order by f.family
    """).fetchall()
    counts = [
        ("insurance_benefits", con.execute("select count(*) from raw.insurance_benefits").fetchone()[0]),
        ("voluntary_accident_insurance",
         con.execute("select count(*) from raw.voluntary_accident_insurance").fetchone()[0]),
    ]
    assert per_table == counts


def test_receipt_times_are_recorded(con):
    rows = con.execute("select source_file, received_at from raw.files").fetchall()
    assert {path: at for path, at in rows} == receipts()


def test_values_are_typed_as_the_sender_meant_them(con):
    """Vietnamese labels become codes, dates and decimal commas parse, Windows-1258 text decodes."""
    death = con.execute("""
        select case_type, benefit_type, event_date, decision_date, capacity_loss_pct, amount_million_vnd,
               is_commuting_accident, employer_commune_code
        from raw.insurance_benefits where _source_file = ? and decision_number = '421/QĐ-BHXH'
        order by benefit_type
    """, [JULY_XLSX]).fetchall()
    assert death == [
        ("accident", "death", date(2025, 6, 2), date(2025, 7, 14), None, 84.24, False, "21061"),
        ("accident", "funeral", date(2025, 6, 2), date(2025, 7, 14), None, 23.4, False, "21061"),
    ]
    disease = con.execute("""
        select case_type, disease_code, capacity_loss_pct, benefit_type from raw.insurance_benefits
        where _source_file = ? and decision_number = '425/QĐ-BHXH'
    """, [JULY_XLSX]).fetchall()
    assert disease == [("occupational_disease", "1", 21, "one_time")]
    commuting = con.execute(
        "select worker_sex, is_commuting_accident from raw.insurance_benefits where decision_number = '427/QĐ-BHXH'"
    ).fetchall()
    assert commuting == [("female", True)]
    june = con.execute("""
        select commune_code, commune_name, premiums_million_vnd, state_support_million_vnd, claims_paid_million_vnd
        from raw.voluntary_accident_insurance where period = '202506' and commune_code = '21034'
    """).fetchall()
    assert june == [("21034", "Xã Nghĩa Dũng", 2.6, 0.52, 11.7)]
    kon_tum = con.execute(
        "select commune_name from raw.voluntary_accident_insurance where commune_code = '23281'"
    ).fetchall()
    assert kon_tum == [("Phường Quang Trung",)]  # a legacy code is accepted before July 2025 only


def test_no_cleartext_id_or_name_is_stored_anywhere(con):
    script = fixture_script()
    july = script.JULY
    september = script.SEPTEMBER_GOOD + script.SEPTEMBER_BAD
    ids = {row[4] for row in july} | {r["worker_national_id"] for r in september}
    names = {row[5] for row in july} | {r["worker_name"] for r in september}
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables where table_schema = 'raw'"
    ).fetchall()
    columns = {r[0] for r in con.execute("select column_name from information_schema.columns").fetchall()}
    assert "worker_national_id" not in columns and "worker_name" not in columns
    text = " ".join(
        str(value)
        for schema, table in tables
        for row in con.execute(f'select * from "{schema}"."{table}"').fetchall()
        for value in row
    )
    assert not [i for i in ids if i in text]
    assert not [n for n in names if n in text]
    hashes = {r[0] for r in con.execute("select worker_national_id_hash from raw.insurance_benefits").fetchall()}
    assert hash_national_ids(pl.Series(["051086009012"]), KEY)[0] in hashes


def test_a_second_run_over_the_same_files_adds_nothing(warehouse, tmp_path):
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    with duckdb.connect(str(copy)) as con:
        results = ingest_all(con)
        statuses = {o.status for result in results for o in result.outcomes}
        assert statuses == {"already_loaded"}
        assert con.execute("select count(*) from raw.quarantine").fetchone() == (len(EXPECTED_QUARANTINE),)


def test_a_json_number_keeps_its_three_decimals(tmp_path):
    """An API sends 1.404 (million VND) as a JSON number: it must not be read as 1,404 by the Vietnamese rule."""
    record = json.loads((FAMILIES_ROOT / SEPTEMBER_CORRECTION).read_text(encoding="utf-8"))[2]
    folder = tmp_path / "insurance_benefits" / "202509"
    folder.mkdir(parents=True)
    (folder / "bhxh51_tnld_benefits_202509.json").write_text(
        json.dumps([{**record, "amount_million_vnd": 1.404}]), encoding="utf-8"
    )
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ingest_files(con, InsuranceBenefitReport, scan_family(tmp_path, "insurance_benefits", {}), KEY)
        assert con.execute("select amount_million_vnd from raw.insurance_benefits").fetchone() == (1.404,)
