"""The engine switch, the raw layer as Parquet, reading Spark's tables back, and the code location's
Spark wiring: fast, and none of it needs pyspark or Java (the default suite runs it)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.assets.dbt import osh_dbt_assets
from orchestration.assets.ingestion import ingestion_assets
from orchestration.assets.publication import published_warehouse
from orchestration.assets.spark import PARQUET_EXPORT, SparkResource, engine_assets, engine_resources
from orchestration.definitions import build_definitions
from orchestration.jobs import nightly_job
from orchestration.spark.engine import UnknownEngineError, engine_name, spark_paths
from orchestration.spark.raw_export import export_raw_layer
from orchestration.spark.tables import import_spark_tables, spark_table_dirs


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "duckdb"),
    ({"OSH_ENGINE": "spark"}, "spark"),
    ({"OSH_ENGINE": " Spark "}, "spark"),
    ({"OSH_DBT_TARGET": "spark"}, "spark"),  # the former name of the switch
    ({"OSH_ENGINE": "duckdb", "OSH_DBT_TARGET": "spark"}, "duckdb"),
])
def test_one_variable_chooses_the_engine(environ, expected):
    assert engine_name(environ) == expected


def test_an_unknown_engine_is_refused():
    with pytest.raises(UnknownEngineError, match="OSH_ENGINE='postgres'"):
        engine_name({"OSH_ENGINE": "postgres"})


def test_profiles_select_the_output_by_the_same_variable():
    profiles = (Path(__file__).resolve().parents[2] / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    assert "target: \"{{ env_var('OSH_ENGINE', env_var('OSH_DBT_TARGET', 'duckdb')) }}\"" in profiles
    assert "method: session" in profiles


def test_spark_paths_default_under_data_and_are_absolute(tmp_path):
    paths = spark_paths({})
    assert paths.warehouse_dir.parts[-2:] == ("data", "spark")
    assert Path(paths.raw_parquet_dir) == paths.warehouse_dir / "raw"
    paths = spark_paths({"OSH_SPARK_WAREHOUSE_DIR": str(tmp_path / "s"), "OSH_RAW_PARQUET_DIR": "s3a://osh/raw"})
    assert paths.warehouse_dir == tmp_path / "s"
    assert paths.raw_parquet_dir == "s3a://osh/raw" and not paths.raw_parquet_is_local


def _raw_warehouse(path: Path, rows: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists raw")
        con.execute("create or replace table raw.files (file_sha256 varchar, received_at timestamptz, "
                    "rows_read bigint)")
        con.execute("create or replace table raw.accident_cases (incident_at timestamp, victim_birth_year bigint, "
                    "days_off double, under_employer_management boolean, incident_date date, note varchar)")
        con.execute("create or replace table raw.quarantine (rule varchar)")  # an empty table is exported too
        con.execute("insert into raw.files select 'f' || i, timestamptz '2025-07-03 02:15:00+00' "
                    "+ i * interval 1 hour, i from range(?) t(i)", [rows])
        con.execute("insert into raw.accident_cases values (timestamp '2025-03-01 08:30', 1980, 2.5, true, "
                    "date '2025-03-01', 'O''Brien \\ ✓')")


def test_the_raw_layer_is_exported_as_parquet_with_its_types(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    _raw_warehouse(warehouse, rows=3)
    out = tmp_path / "parquet"
    exported = {t.table: t.rows for t in export_raw_layer(warehouse, out)}
    assert exported == {"files": 3, "accident_cases": 1, "quarantine": 0}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in exported:
            original = con.execute(f"select * from raw.{table}")
            types = [str(d[1]) for d in original.description]
            rows = sorted(original.fetchall(), key=repr)
            copy = con.execute(f"select * from read_parquet('{out / table}/*.parquet')")
            assert [str(d[1]) for d in copy.description] == types, table
            assert sorted(copy.fetchall(), key=repr) == rows, table


def test_a_new_export_replaces_the_folders_whole(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    out = tmp_path / "parquet"
    _raw_warehouse(warehouse, rows=5)
    export_raw_layer(warehouse, out)
    _raw_warehouse(warehouse, rows=2)
    export_raw_layer(warehouse, out)
    assert sorted(p.name for p in out.iterdir()) == ["accident_cases", "files", "quarantine"]  # no leftovers
    with duckdb.connect() as con:
        assert con.execute(f"select count(*) from read_parquet('{out}/files/*.parquet')").fetchall() == [(2,)]


def test_exporting_to_object_storage_directly_is_refused(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    _raw_warehouse(warehouse, rows=1)
    with pytest.raises(ValueError, match="local folder"):
        export_raw_layer(warehouse, "s3a://osh/raw")


def _spark_table(spark_dir: Path, schema: str, table: str, sql: str) -> None:
    folder = spark_dir / "warehouse" / f"{schema}.db" / table
    folder.mkdir(parents=True)
    (folder / "_SUCCESS").touch()
    with duckdb.connect() as con:
        con.execute(f"copy ({sql}) to '{folder}/part-00000.snappy.parquet' (format parquet)")


def test_spark_tables_replace_the_published_schemas_in_duckdb(tmp_path):
    spark_dir = tmp_path / "spark"
    _spark_table(spark_dir, "marts", "dim_x", "select 1 as id, 'a' as code")
    _spark_table(spark_dir, "indicators", "ind_y", "select 2025 as year, 0.5::double as rate")
    _spark_table(spark_dir, "reference", "ref_z", "select '01' as code")
    (spark_dir / "warehouse" / "marts.db" / ".hidden").mkdir()
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.stale (a int); create schema raw; "
                    "create table raw.files (a int)")
    assert sorted(spark_table_dirs(spark_dir, "marts")) == ["dim_x"]
    copied = import_spark_tables(spark_dir, warehouse, ("reference", "marts", "indicators"))
    assert copied == ["reference.ref_z", "marts.dim_x", "indicators.ind_y"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute("select table_schema || '.' || table_name from information_schema.tables "
                             "order by 1").fetchall()
        assert [t for (t,) in tables] == ["indicators.ind_y", "marts.dim_x", "raw.files", "reference.ref_z"]
        assert con.execute("select * from indicators.ind_y").fetchall() == [(2025, 0.5)]


def test_a_missing_spark_schema_is_an_error_and_changes_nothing(tmp_path):
    spark_dir = tmp_path / "spark"
    _spark_table(spark_dir, "marts", "dim_x", "select 1 as id")
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema indicators; create table indicators.ind_y (a int)")
    with pytest.raises(FileNotFoundError, match="indicators"):
        import_spark_tables(spark_dir, warehouse, ("marts", "indicators"))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables").fetchall() == [(1,)]


def test_duckdb_needs_nothing_more():
    assert engine_assets(osh_dbt_assets, "duckdb") == [osh_dbt_assets]
    assert engine_resources("duckdb") == {}


def _definitions(engine: str) -> dg.Definitions:
    """The code location as build_definitions makes it, with the engine's assets and resources."""
    resources = dict(build_definitions().resources)
    resources.update(engine_resources(engine))
    return dg.Definitions(
        assets=[*ingestion_assets, *engine_assets(osh_dbt_assets, engine), published_warehouse],
        jobs=[nightly_job],
        resources=resources,
    )


def test_on_spark_the_same_assets_and_checks_run_after_the_parquet_export(monkeypatch, tmp_path):
    # set here (engine_resources pins them in os.environ), so that monkeypatch restores them after
    monkeypatch.setenv("OSH_SPARK_WAREHOUSE_DIR", str(tmp_path / "spark"))
    monkeypatch.setenv("OSH_RAW_PARQUET_DIR", str(tmp_path / "parquet"))
    duck = _definitions("duckdb").resolve_asset_graph()
    spark = _definitions("spark").resolve_asset_graph()
    assert set(spark.get_all_asset_keys()) == set(duck.get_all_asset_keys()) | {PARQUET_EXPORT}
    assert set(spark.asset_check_keys) == set(duck.asset_check_keys)

    export = spark.get(PARQUET_EXPORT)
    assert export.group_name == "raw"
    assert export.parent_keys == {key for asset in ingestion_assets for key in asset.keys}
    for key in spark.get_all_asset_keys():
        node = spark.get(key)
        reads_raw = any(p.path[0] == "raw" and p != PARQUET_EXPORT for p in node.parent_keys)
        if key.path[0] != "raw" and reads_raw:
            assert PARQUET_EXPORT in node.parent_keys, key.to_user_string()
    seed = spark.get(dg.AssetKey(["reference", "ref_communes"]))
    assert PARQUET_EXPORT not in seed.parent_keys


def test_on_spark_the_job_runs_the_export_before_dbt_and_publication_after(monkeypatch, tmp_path):
    monkeypatch.setenv("OSH_SPARK_WAREHOUSE_DIR", str(tmp_path / "spark"))
    monkeypatch.setenv("OSH_RAW_PARQUET_DIR", str(tmp_path / "parquet"))
    job = _definitions("spark").resolve_job_def(nightly_job.name)
    structure = job.graph.dependency_structure

    def upstream(node: str) -> set[str]:
        return {out.node_name for outs in structure.input_to_upstream_outputs_for_node(node).values() for out in outs}

    assert "raw__parquet_export" in upstream("osh_dbt_assets")  # a step dependency, not only a graph edge
    assert {asset.op.name for asset in ingestion_assets} <= upstream("raw__parquet_export")
    assert "osh_dbt_assets" in upstream("publication__warehouse")


def test_on_spark_the_resource_carries_absolute_paths_pinned_for_dbt(monkeypatch, tmp_path):
    monkeypatch.setenv("OSH_SPARK_WAREHOUSE_DIR", str(tmp_path / "spark"))
    monkeypatch.setenv("OSH_RAW_PARQUET_DIR", str(tmp_path / "parquet"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OSH_SPARK_WAREHOUSE_DIR", "spark")  # relative: made absolute for dbt's profiles.yml
    resource = engine_resources("spark")["spark"]
    assert isinstance(resource, SparkResource)
    assert resource.warehouse_dir == str(tmp_path / "spark")
    assert resource.raw_parquet_dir == str(tmp_path / "parquet")
    assert os.environ["OSH_SPARK_WAREHOUSE_DIR"] == str(tmp_path / "spark")
