"""The Spark engine's part of the code location (OSH_ENGINE=spark; docs/scaling.md).

The same assets, checks, job and schedules drive either engine. With OSH_ENGINE=spark the code
location changes in three ways, all here:

- ``raw/parquet_export`` (group raw): after ingestion, the validated raw layer (every ``raw.*`` table
  of the DuckDB working warehouse) is written as Parquet, one folder per table, for Spark to read;
- the dbt assets (the same manifest, keys and asset checks) depend on that export, and their
  ``dbt build`` runs on the profile's ``spark`` output (profiles.yml reads the same variable);
- after the build, the published schemas (reference, marts, indicators) are copied from Spark's
  Parquet tables back into the DuckDB working warehouse, so the publication step and the analysts'
  DuckDB files are the same whichever engine computed them.

With OSH_ENGINE=duckdb (the default) nothing here is added: ``engine_assets`` returns the DuckDB
dbt assets unchanged.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg

from orchestration.assets.dbt import OshDbtTranslator, translator
from orchestration.dbt_args import dbt_build_args
from orchestration.dbt_project import OfflineDbtCliResource, dbt_project
from orchestration.dbt_target import run_target
from orchestration.resources import WarehouseResource
from orchestration.spark.engine import apply_spark_environment, engine_name
from orchestration.spark.raw_export import export_raw_layer
from orchestration.spark.tables import PUBLISHED_SCHEMAS, import_spark_tables

PARQUET_EXPORT = dg.AssetKey(["raw", "parquet_export"])


class SparkResource(dg.ConfigurableResource):
    """Where the Spark target keeps its files: its warehouse and metastore, and the raw layer as Parquet."""

    warehouse_dir: str
    raw_parquet_dir: str


def _ingestion_keys() -> list[dg.AssetKey]:
    from orchestration.assets.ingestion import ingestion_assets

    return [key for asset in ingestion_assets for key in asset.keys]


@dg.asset(
    key=PARQUET_EXPORT,
    group_name="raw",
    deps=_ingestion_keys(),
    kinds={"duckdb", "parquet"},
    description="The validated raw layer (every raw.* table: families, file registry, quarantine, warnings, "
    "audit) as Parquet, one folder per table, for the Spark target to read. Only when OSH_ENGINE=spark.",
)
def raw_parquet_export(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, spark: SparkResource
) -> dg.MaterializeResult:
    with warehouse.writing(f"export the raw layer to Parquet, run {context.run.run_id}"):
        exported = export_raw_layer(warehouse.path, spark.raw_parquet_dir)
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(spark.raw_parquet_dir),
        "tables": len(exported),
        "rows": dg.MetadataValue.json({t.table: t.rows for t in exported}),
        "seconds": round(sum(t.seconds for t in exported), 3),
    })


class SparkDbtTranslator(OshDbtTranslator):
    """The DuckDB translator, plus: every dbt node that reads the raw layer reads its Parquet export.

    Declared here, in the specs the dbt assets are built from, the dependency is an input of the dbt
    step, so the job runs the export first (a dependency added to finished specs would show in the
    asset graph without ordering the steps).
    """

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if any(dep.asset_key.path[0] == "raw" for dep in spec.deps):
            spec = spec.merge_attributes(deps=[PARQUET_EXPORT])
        return spec


def _build_on_spark() -> dg.AssetsDefinition:
    """The same dbt assets (manifest, keys, checks, op name), built on Spark, then copied back for publication."""
    from dagster_dbt import dbt_assets

    @dbt_assets(
        manifest=dbt_project.manifest_path, project=dbt_project, name="osh_dbt_assets",
        dagster_dbt_translator=SparkDbtTranslator(settings=translator.settings),
    )
    def osh_dbt_assets_on_spark(
        context: dg.AssetExecutionContext, dbt: OfflineDbtCliResource, warehouse: WarehouseResource,
        spark: SparkResource,
    ):
        with (run_target(Path(warehouse.path), context.op_execution_context.op.name, context.run.run_id) as target,
              warehouse.writing(f"dbt build on Spark, run {context.run.run_id}")):
            # Raises once the stream ends if a model or an error-level test failed: nothing is copied
            # back, the publication is skipped and analysts keep the previous one.
            yield from dbt.cli(dbt_build_args(), context=context, target_path=target).stream()
            copied = import_spark_tables(spark.warehouse_dir, warehouse.path, PUBLISHED_SCHEMAS)
        context.log.info(f"{len(copied)} Spark tables copied into the DuckDB working warehouse for publication")

    return osh_dbt_assets_on_spark


def engine_assets(dbt_assets: dg.AssetsDefinition, engine: str | None = None) -> list[dg.AssetsDefinition]:
    """The dbt assets for the engine of OSH_ENGINE, with the Parquet export when it is Spark."""
    if (engine or engine_name()) != "spark":
        return [dbt_assets]
    return [_build_on_spark(), raw_parquet_export]


def engine_resources(engine: str | None = None) -> dict[str, dg.ConfigurableResource]:
    """The resources the engine's assets need: none for DuckDB; the Spark paths for Spark.

    For Spark the paths are also pinned, absolute, in this process's environment, where profiles.yml
    (run by dbt as a child process) reads them.
    """
    if (engine or engine_name()) != "spark":
        return {}
    paths = apply_spark_environment()
    return {"spark": SparkResource(warehouse_dir=str(paths.warehouse_dir), raw_parquet_dir=paths.raw_parquet_dir)}
