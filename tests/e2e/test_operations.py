"""Operating the warehouse: backfills, failures that keep the last good publication, idempotent runs."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.publication import list_versions, served_version
from orchestration.runs import run_nightly
from orchestration.settings import load_settings
from tests.e2e.test_full_materialisation import run_nightly_job


def table_contents(path, schemas=("marts", "indicators")) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in ? order by 1, 2",
            [list(schemas)],
        ).fetchall()
        return {f"{s}.{t}": sorted(con.execute(f'select * from {s}."{t}"').fetchall(), key=repr)
                for s, t in tables}


def test_a_backfill_re_reads_only_its_period(built_env):
    warehouse_env = built_env  # after one nightly run
    with duckdb.connect(str(warehouse_env["warehouse"]), read_only=True) as con:
        before = dict(con.execute("select source_file, processed_at from raw.files").fetchall())
    run_nightly_job(periods=["2024S2"], reprocess=True)
    with duckdb.connect(str(warehouse_env["warehouse"]), read_only=True) as con:
        after = dict(con.execute("select source_file, processed_at from raw.files").fetchall())
        t1 = con.execute("select year, deaths from indicators.ind_t1_fatal_rate_yearly order by year").fetchall()
    assert set(after) == set(before)
    re_read = {f for f in after if after[f] != before[f]}
    assert re_read == {f for f in before if "/2024S2/" in f}
    assert re_read  # the period has files, and they were all read again
    assert t1 == [(2023, 2), (2024, 1), (2025, 3)]


def test_a_failing_error_level_test_keeps_the_last_good_publication(built_env):
    warehouse_env = built_env  # after one nightly run
    published = served_version(warehouse_env["published"])
    assert published is not None
    # Bypass validation to plant what a buggy upstream could: a victim whose sex is outside the code list.
    with duckdb.connect(str(warehouse_env["warehouse"])) as con:
        con.execute("update raw.accident_cases set victim_sex = 'unknown' where incident_id = '01'")
    result = run_nightly(build_definitions(), dg.DagsterInstance.ephemeral(), load_settings())
    assert not result.success
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    assert failed == ["osh_dbt_assets"]
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "publication/warehouse" not in materialised
    assert served_version(warehouse_env["published"]) == published
    assert len(list_versions(warehouse_env["published"])) == 1


@pytest.fixture(scope="module")
def two_independent_builds(sample_build, second_sample_build):
    """The session's two runs of the README's main job, each from scratch in its own folders, over the
    bundled sample (every report family)."""
    return [sample_build["warehouse"], second_sample_build["warehouse"]]


def test_two_runs_over_the_same_inputs_give_identical_marts(two_independent_builds):
    first, second = (table_contents(p) for p in two_independent_builds)
    assert first.keys() == second.keys() and first
    for table in first:
        assert first[table] == second[table], table
