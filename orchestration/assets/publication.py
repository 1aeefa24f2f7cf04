"""Publication of the marts and indicators, only after the dbt build and its error-level tests pass."""

from pathlib import Path

import dagster as dg

from orchestration.assets.dbt import osh_dbt_assets
from orchestration.publication import publish
from orchestration.resources import PublicationResource, WarehouseResource

PUBLISHED_WAREHOUSE = dg.AssetKey(["publication", "warehouse"])


@dg.asset(
    key=PUBLISHED_WAREHOUSE,
    group_name="publication",
    deps=[osh_dbt_assets],
    kinds={"duckdb"},
    description="The analysts' read-only warehouse (reference, marts, indicators), a new dated version per run, "
    "served by an atomic swap. Skipped when any model or error-level test fails, so the last good "
    "publication stays.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, publication: PublicationResource
) -> dg.MaterializeResult:
    with warehouse.writing(f"publish, run {context.run.run_id}"):  # no writer may change it mid-copy
        result = publish(Path(warehouse.path), Path(publication.publish_dir), context.run.run_id)
    return dg.MaterializeResult(metadata={
        "version": str(result.version.name), "served": str(result.served), "tables": result.tables,
    })
