"""An incremental night gives, table for table, what a build from all of history gives.

After the fixture's first night (a full build), a second night lands: a corrected insured-workforce
extract for June 2024 (it supersedes the first: one employer's count changes, another employer's row is
gone), the first month of a new year (January 2026), a late accident report for 2023's second half from an
employer the fund does not know (the registry places it in 2023 from its accident register alone, in a
year whose insured months did not change), and an accident summary and an annual OSH report (the fixture
has none). A third night resubmits those two: the summary without one of its lines, the annual report with
another workforce (both facts are incremental by file, as the monthly one). The second and third nights'
dbt builds run incrementally; a fresh warehouse built from the same landing zone in one night is the
reference, compared row for row on every table of the intermediate, marts and indicators schemas.
"""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_target import runs_dir
from orchestration.publication import PUBLISHED_SCHEMAS, SERVED_NAME, list_versions
from orchestration.settings import SAMPLE_RAW_DIR
from tests.conftest import copy_keeping_hard_links, make_warehouse_env
from tests.e2e.test_dbt_unit_tests import dbt
from tests.e2e.test_full_materialisation import run_nightly_job

COMPARED_SCHEMAS = ("intermediate", "marts", "indicators")
LATE_EMPLOYER = "4300600076"  # known from no insured-workforce extract: placed by its accident register alone

# from the bundled sample (the fixture has no enterprise report): landed on the second night, resubmitted on the third
SUMMARY = "accident_summary/2025/4352217160_bc_tonghop_tnld_2025"  # seven lines; resubmitted without one
ANNUAL_REPORT = "annual_osh_report/2023/6120320404_bc_atvsld_nam_2023"  # resubmitted with 300 workers, not 292

ARRIVALS = {
    "insured_workforce/202406/bhxh51_202406_dieu_chinh.csv": "2024-08-01T09:00:00+07:00",
    "insured_workforce/202601/bhxh51_202601.csv": "2026-02-05T09:00:00+07:00",
    "accident_cases/2023S2/4300600076_so_tnld_2023S2.csv": "2026-01-10T09:00:00+07:00",
    f"{SUMMARY}.csv": "2026-01-01T13:55:56+07:00",
    f"{ANNUAL_REPORT}.csv": "2024-01-08T13:29:57+07:00",
}
RESUBMISSIONS = {
    f"{SUMMARY}_dieu_chinh.csv": "2026-02-01T09:00:00+07:00",
    f"{ANNUAL_REPORT}_bo_sung.csv": "2026-02-02T09:00:00+07:00",
}


def receive(raw: Path, arrivals: dict[str, str]) -> None:
    with (raw / "_receipts.csv").open("a", encoding="utf-8") as receipts:
        for path, received_at in arrivals.items():
            receipts.write(f"{path},{received_at}\n")


def land_second_night(raw: Path) -> None:
    june = (raw / "insured_workforce/202406/bhxh51_202406.csv").read_text(encoding="utf-8").splitlines()
    header, rows = june[0], june[1:]
    corrected = [row.replace("4300100027,Công ty TNHH Xây dựng Sông Trà,21034,F,1.200",
                             "4300100027,Công ty TNHH Xây dựng Sông Trà,21034,F,1.300")
                 for row in rows if ",4300400045," not in row]
    assert corrected != rows and len(corrected) == len(rows) - 1
    (raw / "insured_workforce/202406/bhxh51_202406_dieu_chinh.csv").write_text(
        "\n".join([header, *corrected]) + "\n", encoding="utf-8")

    january = raw / "insured_workforce/202601"
    january.mkdir()
    (january / "bhxh51_202601.csv").write_text(
        "\n".join([header, *(row.replace(",202406,", ",202601,") for row in rows)]) + "\n", encoding="utf-8")

    accident = (raw / "accident_cases/2024S2/4300300033_so_tnld_2024S2.csv").read_text(encoding="utf-8")
    accident_header, *accident_rows = accident.splitlines()
    late = [row.replace("2024S2,", "2023S2,", 1) for row in accident_rows]
    late = [row.replace("/2024 ", "/2023 ").replace("4300300033", LATE_EMPLOYER) for row in late]
    (raw / f"accident_cases/2023S2/{LATE_EMPLOYER}_so_tnld_2023S2.csv").write_text(
        "\n".join([accident_header, *late]) + "\n", encoding="utf-8")

    for report in (SUMMARY, ANNUAL_REPORT):
        (raw / report).parent.mkdir(parents=True)
        shutil.copy2(SAMPLE_RAW_DIR / f"{report}.csv", raw / f"{report}.csv")
    receive(raw, ARRIVALS)


def land_third_night(raw: Path) -> None:
    summary = (raw / f"{SUMMARY}.csv").read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in summary if ",cause,9," not in line]
    assert len(kept) == len(summary) - 1
    (raw / f"{SUMMARY}_dieu_chinh.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")

    annual_header, annual_row = (raw / f"{ANNUAL_REPORT}.csv").read_text(encoding="utf-8").splitlines()
    assert ",J,292," in annual_row
    (raw / f"{ANNUAL_REPORT}_bo_sung.csv").write_text(
        "\n".join([annual_header, annual_row.replace(",J,292,", ",J,300,")]) + "\n", encoding="utf-8")
    receive(raw, RESUBMISSIONS)


def tables(warehouse: Path, schemas: tuple[str, ...] = COMPARED_SCHEMAS) -> dict[str, list[tuple]]:
    with closing(duckdb.connect(str(warehouse), read_only=True)) as con:
        names = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            f"where schema_name in {schemas} order by 1, 2").fetchall()
        return {f"{schema}.{table}": sorted(con.execute(f'select * from {schema}."{table}"').fetchall(), key=repr)
                for schema, table in names}


def last_dbt_args(warehouse: Path) -> dict:
    results = max(runs_dir(warehouse).glob("osh_dbt_assets-*/run_results.json"), key=lambda p: p.stat().st_mtime)
    return json.loads(results.read_text(encoding="utf-8"))["args"]


@pytest.fixture(scope="module")
def incremental_nights(tmp_path_factory: pytest.TempPathFactory, fixture_build) -> dict[str, Path]:
    incremental = tmp_path_factory.mktemp("incremental")
    fresh = tmp_path_factory.mktemp("fresh")
    with pytest.MonkeyPatch.context() as monkeypatch:
        copy_keeping_hard_links(fixture_build[0], incremental)
        env = make_warehouse_env(incremental, monkeypatch, landing_zone=False)
        land_second_night(env["raw"])
        run_nightly_job()
        land_third_night(env["raw"])
        run_nightly_job()
    with pytest.MonkeyPatch.context() as monkeypatch:
        env_fresh = make_warehouse_env(fresh, monkeypatch, landing_zone=False)
        shutil.copytree(env["raw"], env_fresh["raw"])
        run_nightly_job()
    return {"incremental": env["warehouse"], "fresh": env_fresh["warehouse"],
            "published": env["published"] / SERVED_NAME}


def test_the_later_nights_are_incremental_and_the_first_was_not(incremental_nights, fixture_build):
    assert not last_dbt_args(incremental_nights["incremental"]).get("full_refresh", False)
    assert last_dbt_args(incremental_nights["fresh"]).get("full_refresh") is True


def test_the_nights_read_what_they_were_given(incremental_nights):
    with closing(duckdb.connect(str(incremental_nights["incremental"]), read_only=True)) as con:
        june = con.execute("select employer_tax_code, insured_workers from marts.fct_insured_workforce_monthly "
                           "where month_code = '202406' order by 1").fetchall()
        years = [r[0] for r in con.execute(
            "select distinct year from intermediate.int_employer_periods order by 1").fetchall()]
        late = con.execute("select period_code, attribute_source from intermediate.int_employer_periods "
                           "where employer_tax_code = ? order by 1", [LATE_EMPLOYER]).fetchall()
        causes = con.execute("select breakdown_code from marts.fct_accident_summary_lines "
                             "where employer_tax_code = '4352217160' and reporting_period = '2025' "
                             "and breakdown_dimension = 'cause'").fetchall()
        workers = con.execute("select total_workers from marts.fct_annual_osh_reports "
                              "where employer_tax_code = '6120320404' and reporting_year = 2023").fetchall()
    assert ("4300100027", 1300) in june and "4300400045" not in {employer for employer, _ in june}
    assert causes == [("5",)] and workers == [(300,)]
    assert years[-1] == 2026
    assert late == [("2023", "accident_register"), ("2023S2", "accident_register")]


def test_every_table_equals_a_build_from_all_of_history(incremental_nights):
    incremental, fresh = tables(incremental_nights["incremental"]), tables(incremental_nights["fresh"])
    assert incremental.keys() == fresh.keys()
    differing = [name for name in fresh if incremental[name] != fresh[name]]
    assert differing == []


def year_runs(warehouse: Path) -> dict[str, tuple[int, int]]:
    """For each model incremental by year (a ``year`` and an ``inputs_fingerprint`` column): how many runs of
    one year its rows make in storage order, and how many years it holds."""
    with closing(duckdb.connect(str(warehouse), read_only=True)) as con:
        models = [r[0] for r in con.execute(
            "select table_schema || '.' || table_name from information_schema.columns "
            "where column_name in ('year', 'inputs_fingerprint') group by all having count(*) = 2 order by 1"
        ).fetchall()]
        return {model: con.execute(
            "select count(*) filter (where year is distinct from previous), count(distinct year) "
            f"from (select year, lag(year) over (order by rowid) as previous from {model})").fetchone()
            for model in models}


def test_each_year_of_a_model_incremental_by_year_is_one_block_of_rows(incremental_nights):
    """A night deletes a year's rows: scattered over every row group, DuckDB's checkpoint would rewrite them all
    (macro in_year_blocks). After a full build and after the nights that rebuilt some years, a year is one run."""
    for warehouse in (incremental_nights["fresh"], incremental_nights["incremental"]):
        runs = year_runs(warehouse)
        assert len(runs) == 6 and all(years > 0 for _, years in runs.values())
        assert {model: r for model, r in runs.items() if r[0] != r[1]} == {}


def test_the_last_publication_brought_the_one_before_up_to_date(incremental_nights):
    """The third night's publication starts from the second's file and syncs the facts by file
    (orchestration/publication.py): every published table is still the warehouse's, row for row."""
    first, second = list_versions(incremental_nights["published"].parent)[-2:]
    with closing(duckdb.connect(str(first), read_only=True)) as con:
        first_build = con.execute("select incremental_build from publication.about").fetchone()[0]
    with closing(duckdb.connect(str(second), read_only=True)) as con:
        second_build = con.execute("select incremental_build from publication.about").fetchone()[0]
    assert first_build is not None and second_build == first_build
    published, warehouse = incremental_nights["published"], incremental_nights["incremental"]
    assert tables(published, PUBLISHED_SCHEMAS) == tables(warehouse, PUBLISHED_SCHEMAS)


def test_a_full_refresh_asked_for_rebuilds_from_all_of_history(built_env):
    """``osh run --full-refresh`` (the run tag FULL_REFRESH_TAG) on a warehouse whose build is current (the
    fixture's first night recorded it; that a night with nothing asked for is incremental: above)."""
    run_nightly_job(full_refresh=True)
    assert last_dbt_args(built_env["warehouse"]).get("full_refresh") is True


def test_a_batch_scoped_unique_test_checks_new_batches_against_every_row(incremental_nights, tmp_path):
    """The unique tests of the incremental models check only the keys of batches (files, a year's inputs) written
    since they last passed (macros/tests/unique_combination.sql), against every row; the record of those batches
    is brought up to date when they pass, and only then."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(incremental_nights["incremental"], warehouse)
    monthly_key = "marts.fct_insured_workforce_monthly:employer_tax_code,month_code"
    annual_key = "marts.fct_annual_osh_reports:employer_tax_code,reporting_year"
    with closing(duckdb.connect(str(warehouse))) as con:
        def recorded(key: str) -> set[str]:
            return {r[0] for r in con.execute("select batch from build_state.tested_batches where test_key = ?",
                                              [key]).fetchall()}

        held = {r[0] for r in con.execute(
            "select distinct file_sha256 from marts.fct_insured_workforce_monthly").fetchall()}
        assert recorded(monthly_key) == held and len(held) > 2
        annual_before = recorded(annual_key)
        assert annual_before
        # an old row again, under a batch not tested yet: its key is checked against every row, and fails
        con.execute("insert into marts.fct_annual_osh_reports "
                    "select * replace ('a-new-batch' as file_sha256) from marts.fct_annual_osh_reports limit 1")
        # an old row again, in its own batch, already tested: not looked at (a batch's rows never change)
        con.execute("insert into marts.fct_insured_workforce_monthly "
                    "select * from marts.fct_insured_workforce_monthly limit 1")
    result = dbt(["test", "--select", "fct_annual_osh_reports,test_name:unique_combination",
                  "fct_insured_workforce_monthly,test_name:unique_combination"], warehouse)
    outcomes = {r["unique_id"].split(".")[2].split("_file_sha256")[0]: r["status"] for r in json.loads(
        (warehouse.parent / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
        if r["unique_id"].startswith("test.")}
    assert outcomes == {"unique_combination_fct_annual_osh_reports": "fail",
                        "unique_combination_fct_insured_workforce_monthly": "pass"}, result.stdout[-3000:]
    with closing(duckdb.connect(str(warehouse), read_only=True)) as con:
        def recorded_now(key: str) -> set[str]:
            return {r[0] for r in con.execute("select batch from build_state.tested_batches where test_key = ?",
                                              [key]).fetchall()}

        assert recorded_now(annual_key) == annual_before  # failed: the next run checks the new batch again
        assert recorded_now(monthly_key) == held
