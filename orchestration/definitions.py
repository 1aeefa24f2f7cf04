"""The Dagster code location: one ``Definitions`` object."""

from __future__ import annotations

import dagster as dg

from orchestration.alert_sensors import alert_on_overdue_nightly_run, alert_on_run_failure
from orchestration.assets.dbt import osh_dbt_assets
from orchestration.assets.ingestion import ingestion_assets
from orchestration.assets.publication import published_warehouse
from orchestration.assets.reports import report_assets
from orchestration.assets.spark import engine_assets, engine_resources
from orchestration.dbt_project import DBT_EXECUTABLE, OfflineDbtCliResource, dbt_project
from orchestration.jobs import nightly_job
from orchestration.resources import LandingZoneResource, PublicationResource, WarehouseResource
from orchestration.schedules import nightly_schedule
from orchestration.sensors import landing_zone_arrivals
from orchestration.settings import load_settings
from orchestration.spark.engine import engine_name


def build_definitions() -> dg.Definitions:
    settings = load_settings()
    # One switch, OSH_ENGINE (duckdb | spark): the same assets, checks, job and schedules on either
    # engine; on Spark, a Parquet export of the raw layer is added and dbt targets the spark output.
    engine = engine_name()
    loggers = {"console": dg.json_console_logger} if settings.log_format == "json" else None
    return dg.Definitions(
        loggers=loggers,
        assets=[*ingestion_assets, *engine_assets(osh_dbt_assets, engine), published_warehouse, *report_assets],
        jobs=[nightly_job],
        schedules=[nightly_schedule],
        sensors=[landing_zone_arrivals, alert_on_run_failure, alert_on_overdue_nightly_run],
        resources={
            "warehouse": WarehouseResource(path=str(settings.warehouse_path)),
            "landing_zone": LandingZoneResource(raw_dir=str(settings.raw_dir)),
            "publication": PublicationResource(publish_dir=str(settings.publish_dir)),
            "dbt": OfflineDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE, target=engine),
            **engine_resources(engine),
        },
    )


defs = build_definitions()
