"""An incremental night gives, table for table, what a build from all of history gives.

After the fixture's first night (a full build), a second night lands: a corrected insured-workforce
extract for June 2024 (it supersedes the first: one employer's count changes, another employer's row is
gone), the first month of a new year (January 2026), and a late accident report for 2023's second half from an
employer the fund does not know (the registry places it in 2023 from its accident register alone, in a
year whose insured months did not change). The second night's dbt build runs incrementally; a fresh
warehouse built from the same landing zone in one night is the reference, compared row for row on every
table of the intermediate, marts and indicators schemas.
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
from tests.conftest import copy_keeping_hard_links, make_warehouse_env
from tests.e2e.test_full_materialisation import run_nightly_job

COMPARED_SCHEMAS = ("intermediate", "marts", "indicators")
LATE_EMPLOYER = "4300600076"  # known from no insured-workforce extract: placed by its accident register alone

ARRIVALS = {
    "insured_workforce/202406/bhxh51_202406_dieu_chinh.csv": "2024-08-01T09:00:00+07:00",
    "insured_workforce/202601/bhxh51_202601.csv": "2026-02-05T09:00:00+07:00",
    "accident_cases/2023S2/4300600076_so_tnld_2023S2.csv": "2026-01-10T09:00:00+07:00",
}


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

    with (raw / "_receipts.csv").open("a", encoding="utf-8") as receipts:
        for path, received_at in ARRIVALS.items():
            receipts.write(f"{path},{received_at}\n")


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
def two_nights(tmp_path_factory: pytest.TempPathFactory, fixture_build) -> dict[str, Path]:
    incremental = tmp_path_factory.mktemp("incremental")
    fresh = tmp_path_factory.mktemp("fresh")
    with pytest.MonkeyPatch.context() as monkeypatch:
        copy_keeping_hard_links(fixture_build[0], incremental)
        env = make_warehouse_env(incremental, monkeypatch, landing_zone=False)
        land_second_night(env["raw"])
        run_nightly_job()
    with pytest.MonkeyPatch.context() as monkeypatch:
        env_fresh = make_warehouse_env(fresh, monkeypatch, landing_zone=False)
        shutil.copytree(env["raw"], env_fresh["raw"])
        run_nightly_job()
    return {"incremental": env["warehouse"], "fresh": env_fresh["warehouse"],
            "published": env["published"] / SERVED_NAME}


def test_the_second_night_is_incremental_and_the_first_was_not(two_nights, fixture_build):
    assert not last_dbt_args(two_nights["incremental"]).get("full_refresh", False)
    assert last_dbt_args(two_nights["fresh"]).get("full_refresh") is True


def test_the_second_night_read_what_it_was_given(two_nights):
    with closing(duckdb.connect(str(two_nights["incremental"]), read_only=True)) as con:
        june = con.execute("select employer_tax_code, insured_workers from marts.fct_insured_workforce_monthly "
                           "where month_code = '202406' order by 1").fetchall()
        years = [r[0] for r in con.execute(
            "select distinct year from intermediate.int_employer_periods order by 1").fetchall()]
        late = con.execute("select period_code, attribute_source from intermediate.int_employer_periods "
                           "where employer_tax_code = ? order by 1", [LATE_EMPLOYER]).fetchall()
    assert ("4300100027", 1300) in june and "4300400045" not in {employer for employer, _ in june}
    assert years[-1] == 2026
    assert late == [("2023", "accident_register"), ("2023S2", "accident_register")]


def test_every_table_equals_a_build_from_all_of_history(two_nights):
    incremental, fresh = tables(two_nights["incremental"]), tables(two_nights["fresh"])
    assert incremental.keys() == fresh.keys()
    differing = [name for name in fresh if incremental[name] != fresh[name]]
    assert differing == []


def test_the_second_publication_brought_the_first_up_to_date(two_nights):
    """The second night's publication starts from the first's file and syncs the monthly fact by file
    (orchestration/publication.py): every published table is still the warehouse's, row for row."""
    first, second = list_versions(two_nights["published"].parent)[-2:]
    with closing(duckdb.connect(str(first), read_only=True)) as con:
        first_build = con.execute("select incremental_build from publication.about").fetchone()[0]
    with closing(duckdb.connect(str(second), read_only=True)) as con:
        second_build = con.execute("select incremental_build from publication.about").fetchone()[0]
    assert first_build is not None and second_build == first_build
    assert tables(two_nights["published"], PUBLISHED_SCHEMAS) == tables(two_nights["incremental"], PUBLISHED_SCHEMAS)


def test_a_full_refresh_asked_for_rebuilds_from_all_of_history(built_env):
    """``osh run --full-refresh`` (the run tag FULL_REFRESH_TAG) on a warehouse whose build is current (the
    fixture's first night recorded it; that a night with nothing asked for is incremental: above)."""
    run_nightly_job(full_refresh=True)
    assert last_dbt_args(built_env["warehouse"]).get("full_refresh") is True
