"""The whole path, for real: fixture files -> Dagster run -> pandera -> DuckDB -> dbt build -> T1.

The expected T1 figures are worked out by hand from tests/fixtures/landing_zone:
- Insured workforce: five employers with 1,200 + 800 + 500 + 300 + 200 = 3,000 insured workers in
  every month of 2023-2025 (a duplicated row in 202506 is rejected; a legacy commune code in 2024
  maps to Phường Nghĩa Lộ). Average: 3,000 each year.
- Deaths under the employer's management: 2023: 2 (4300100027 in March, 4300300033 in May; a leased
  worker's death at 4300200021 is not under its management). 2024: 1 (4300100027); 4300500064's
  declared death is superseded by its corrected file, where the worker survived. 2025: 3 (4300400045
  in February, two at 4300100027 in August).
- Rates per 100,000: 66.666666667, 33.333333333, 100.0. K_fatal: 0.666666667, 0.333333333, 1.0.
- 2024: −50 % (met); trajectory 66.67 × 0.96 = 64.0 (met). 2025: +200 % (not met); trajectory
  66.67 × 0.9216 = 61.44 (not met).
"""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.dbt_target import runs_dir
from orchestration.definitions import build_definitions
from orchestration.ingest.pii import hash_national_ids
from orchestration.runs import run_nightly
from orchestration.settings import DBT_PROJECT_DIR, load_settings
from tests.conftest import TEST_ID_HASH_KEY, warehouse_paths

EXPECTED_T1 = [
    # year, deaths, not under management, avg insured, rate, K_fatal, yoy_change, yoy, trajectory rate, trajectory
    (2023, 2, 1, 3000.0, 66.666666667, 0.666666667, None, "no_data", 66.666666667, "no_data"),
    (2024, 1, 0, 3000.0, 33.333333333, 0.333333333, -0.5, "met", 64.0, "met"),
    (2025, 3, 0, 3000.0, 100.0, 1.0, 2.0, "not_met", 61.44, "not_met"),
]


def run_nightly_job(instance=None, **options):
    import dagster as dg

    result = run_nightly(build_definitions(), instance or dg.DagsterInstance.ephemeral(), load_settings(), **options)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = ["raw.files", "raw.accident_cases", "raw.insured_workforce", "raw.quarantine",
              "raw.validation_warnings", "marts.fct_accident_victims", "marts.fct_insured_workforce_monthly"]
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def materialised(fixture_build):
    """The session's one materialisation of the fixture landing zone, read only by this module's tests."""
    root, result = fixture_build
    return warehouse_paths(root), result


def test_t1_equals_the_figures_worked_out_by_hand(materialised):
    env, _ = materialised
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        rows = con.execute("""
            select year, deaths, deaths_not_under_management, insured_workers_avg, fatal_rate_per_100k,
                   k_fatal_per_1000, yoy_change, yoy_status, trajectory_rate_per_100k, trajectory_status
            from indicators.ind_t1_fatal_rate_yearly order by year
        """).fetchall()
    assert rows == EXPECTED_T1


def test_the_served_publication_holds_the_same_indicators(materialised):
    env, _ = materialised
    served = env["published"] / "warehouse.duckdb"
    with duckdb.connect(str(served), read_only=True) as con:
        rows = con.execute("""
            select year, deaths, deaths_not_under_management, insured_workers_avg, fatal_rate_per_100k,
                   k_fatal_per_1000, yoy_change, yoy_status, trajectory_rate_per_100k, trajectory_status
            from indicators.ind_t1_fatal_rate_yearly order by year
        """).fetchall()
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    assert rows == EXPECTED_T1
    assert schemas == {"reference", "marts", "indicators", "publication"}  # no raw rows, no quarantine


def test_bad_input_is_quarantined_with_reasons_and_the_rest_loads(materialised):
    env, result = materialised
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        rejected_files = con.execute(
            "select source_file, reason from raw.files where status = 'rejected' order by source_file"
        ).fetchall()
        quarantine = con.execute(
            "select source_file, row_number, column_name, rule from raw.quarantine order by source_file, row_number"
        ).fetchall()
        conservation = con.execute(
            "select count(*) from raw.files where rows_read <> rows_loaded + rows_rejected"
        ).fetchone()[0]
    assert rejected_files == [
        ("accident_cases/2025S2/4300400045_nham_mau.csv", "wrong_family"),
        ("accident_cases/2025S2/bao_cao.xlsx", "not_a_spreadsheet"),
    ]
    bad_file = "accident_cases/2025S1/4300200021_so_tnld_2025S1.csv"
    assert quarantine == [
        (bad_file, 3, "employer_commune_code", "unknown_commune"),
        (bad_file, 4, "victim_national_id", "required"),
        (bad_file, 5, "severity", "unknown_code"),
        (bad_file, 6, "incident_at", "invalid_value"),
        ("insured_workforce/202506/bhxh51_202506.csv", 7, "employer_tax_code", "duplicate_employer_month"),
    ]
    assert conservation == 0
    checks = {(c.asset_key.to_user_string(), c.check_name): c.passed for c in result.get_asset_check_evaluations()}
    assert checks[("raw/accident_cases", "pandera_validation")] is False
    assert checks[("raw/accident_cases", "files_readable")] is False
    assert checks[("raw/accident_cases", "row_conservation")] is True
    assert checks[("raw/insured_workforce", "row_conservation")] is True


def test_no_cleartext_id_or_name_is_stored(materialised):
    env, _ = materialised
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        columns = {r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_schema in ('raw', 'marts', 'indicators')"
        ).fetchall()}
        hashes = {r[0] for r in con.execute("select victim_id_hash from marts.fct_accident_victims").fetchall()}
        text = " ".join(str(v) for row in con.execute("select * from raw.quarantine").fetchall() for v in row)
    assert "victim_name" not in columns and "victim_national_id" not in columns
    expected = hash_national_ids(pl.Series(["051085001234"]), TEST_ID_HASH_KEY.encode())[0]
    assert expected in hashes
    assert "051085001234" not in text and "Nguyễn Văn An" not in text


def test_reruns_add_nothing_read_only_changed_files_and_skip_what_is_current(built_env, fixture_build, monkeypatch):
    """On a copy of the session's build (its first run): a second run over the same files adds nothing and
    leaves the reference seeds alone; after it, neither ``osh run``'s short cut nor a run reads an unchanged
    file (raw.landing_checksums); a file rewritten with its old size and modification time is read again
    (its ctime changed), the short cut says "run", and a run ingests that file's family and period only, loads
    the new content, builds and tests every model, and starts dbt from the previous build's parse."""
    import os
    import time

    import orchestration.ingest.landing_zone as landing_zone
    from orchestration.ingest.landing_zone import RACY_NS, submitted_files
    from orchestration.nothing_new import nothing_new
    from schemas.registry import FAMILIES

    env, first = built_env, fixture_build[1]
    raw = env["raw"]
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        before = table_counts(con)
        t1_before = con.execute("select * from indicators.ind_t1_fatal_rate_yearly order by year").fetchall()
        communes = con.execute("select count(*) from reference.ref_communes").fetchone()[0]
    time.sleep(RACY_NS / 1e9)  # the copied files are older than the racy window when first hashed
    second_instance = dg.DagsterInstance.ephemeral()
    second = run_nightly_job(second_instance)
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        assert table_counts(con) == before
        assert con.execute("select * from indicators.ind_t1_fatal_rate_yearly order by year").fetchall() == t1_before
        assert con.execute("select count(*) from reference.ref_communes").fetchone()[0] == communes > 3000
    # The reference seeds' own tests, run by the first build on the same files, are not run again; the
    # seeds are loaded, the models' tests against them run, and the run is published. The seeds' tests are
    # not asset checks (none is planned on a night that does not run them): their outcomes are recorded as
    # observations of the seeds.
    seeds = {dg.AssetKey(["reference", name]) for name in seed_names()}
    assert seeds <= observed_keys(first)
    assert not seeds & (checked_keys(first) | checked_keys(second) | observed_keys(second)
                         | planned_check_keys(second_instance, second))
    assert seeds <= materialised_keys(second)
    assert ("marts/fct_accident_victims", "relationships_fct_accident_victims_severity__code__ref_ref_severity_") in {
        (c.asset_key.to_user_string(), c.check_name) for c in second.get_asset_check_evaluations()}
    assert {dg.AssetKey(["indicators", "ind_t1_fatal_rate_yearly"]), dg.AssetKey(["publication", "warehouse"])} <= (
        materialised_keys(second))

    hashed: list[str] = []
    real = landing_zone.file_sha256
    monkeypatch.setattr(landing_zone, "file_sha256", lambda path: hashed.append(path.name) or real(path))
    settings = load_settings()
    assert nothing_new(settings, sorted(FAMILIES)) is not None
    assert hashed == []
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        cached = {r[0] for r in con.execute("select path from raw.landing_checksums").fetchall()}
    assert cached == {p.relative_to(raw).as_posix() for f in FAMILIES for p in submitted_files(raw / f)}

    changed = raw / "accident_cases" / "2025S2" / "4300100027_so_tnld_2025S2.csv"
    stat = changed.lstat()
    content = changed.read_bytes()
    assert content.count(b",1999,") == 1
    changed.write_bytes(content.replace(b",1999,", b",1998,"))
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (changed.lstat().st_size, changed.lstat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert nothing_new(settings, sorted(FAMILIES)) is None
    assert hashed == [changed.name]

    hashed.clear()
    third = run_nightly_job()
    # read twice: by the run's look for periods with new files, then by the one asset that ingests it
    assert hashed == [changed.name] * 2
    assert {e.partition for e in third.get_asset_materialization_events() if e.asset_key.path[0] == "raw"} == {
        "2025S2"}
    # only the family that received the file is ingested; dbt builds and tests everything as on the night before
    ingestion = {dg.AssetKey(["raw", family]) for family in FAMILIES}
    assert materialised_keys(third) & ingestion == {dg.AssetKey(["raw", "accident_cases"])}
    assert materialised_keys(third) - ingestion == materialised_keys(second) - ingestion
    assert {(c.asset_key, c.check_name) for c in third.get_asset_check_evaluations() if c.asset_key not in ingestion} \
        == {(c.asset_key, c.check_name) for c in second.get_asset_check_evaluations() if c.asset_key not in ingestion}
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        [(sha, status)] = con.execute(
            "select file_sha256, status from raw.files where source_file = ? order by processed_at desc limit 1",
            ["accident_cases/2025S2/" + changed.name]).fetchall()
        years = {r[0] for r in con.execute(
            "select victim_birth_year from raw.accident_cases where _file_sha256 = ?", [sha]).fetchall()}
    assert sha == real(changed) and status == "loaded"
    assert 1998 in years and 1999 not in years
    # dbt's artifacts are beside the warehouse, and the third build started from the second one's parse.
    (third_log,) = runs_dir(env["warehouse"]).glob(f"osh_dbt_assets-{third.run_id[:7]}-*/dbt.log")
    assert "Unable to do partial parsing" not in third_log.read_text(encoding="utf-8")
    assert not list((DBT_PROJECT_DIR / "target").glob(f"osh_dbt_assets-{third.run_id[:7]}-*"))


def seed_names() -> list[str]:
    import json

    from orchestration.dbt_project import dbt_project

    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return [n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "seed"]


def materialised_keys(result) -> set:
    return {e.asset_key for e in result.get_asset_materialization_events()}


def checked_keys(result) -> set:
    return {c.asset_key for c in result.get_asset_check_evaluations()}


def observed_keys(result) -> set:
    return {e.asset_key for e in result.all_events if e.event_type == dg.DagsterEventType.ASSET_OBSERVATION}


def planned_check_keys(instance, result) -> set:
    records = instance.get_records_for_run(
        result.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED).records
    assert records, "a nightly run plans the checks of the models' tests"
    return {r.event_log_entry.dagster_event.event_specific_data.asset_check_key.asset_key for r in records}
