"""The dbt project's models, seeds and tests as Dagster assets and asset checks (one ``dbt build``)."""


import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets

from orchestration.assets.ingestion import raw_asset_key
from orchestration.dbt_args import SEED_TEST_TAG, dbt_build_args
from orchestration.dbt_project import OfflineDbtCliResource, dbt_project, prepare_manifest
from orchestration.dbt_target import run_target
from orchestration.incremental_state import (
    FULL_REFRESH_TAG,
    incremental_fingerprint,
    incremental_is_current,
    record_incremental_build,
)
from orchestration.ingest.parallel_read import shutdown_read_workers
from orchestration.reference_state import record_reference_build, reference_is_current
from orchestration.resources import WarehouseResource

prepare_manifest()

_GROUP_BY_FOLDER = {"staging": "staging", "intermediate": "intermediate", "marts": "marts",
                    "indicators": "indicators", "reference": "reference"}


# Indicators are rebuilt every night: a day and a bit without a fresh build is a warning, two a failure.
INDICATOR_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=50), warn_window=timedelta(hours=26))


class OshDbtTranslator(DagsterDbtTranslator):
    """dbt sources in schema ``raw`` are the ingestion assets; models are grouped by layer; indicators
    carry a freshness policy; the reference seeds' own tests are not asset checks (below)."""

    def get_asset_check_spec(self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str,
                             project: Any) -> dg.AssetCheckSpec | None:
        # The 203 tests of the reference seeds run only when the seeds change (orchestration/reference_state.py).
        # As checks, every nightly run planned them all (an event each) and warned, once per test, that
        # they gave no result. They still gate publication: a failing one fails the dbt build step.
        if is_seed_test(manifest["nodes"].get(unique_id, {})):
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if spec.group_name == "indicators":
            spec = spec.replace_attributes(freshness_policy=INDICATOR_FRESHNESS)
        return spec

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return raw_asset_key(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        folder = dbt_resource_props.get("fqn", ["", ""])[1]
        return _GROUP_BY_FOLDER.get(folder, "dbt")


def is_seed_test(node: Mapping[str, Any]) -> bool:
    return SEED_TEST_TAG in node.get("tags", ())


class _SeedTestObservationNote(logging.Filter):
    """Drops dagster-dbt's warning that a test ran without being an asset check, for the seeds' tests only:
    they are left out of the checks on purpose (``OshDbtTranslator.get_asset_check_spec``), and their
    outcome is still recorded, as an observation of the seed."""

    PREFIX = "Logging an `AssetObservation` instead of an `AssetCheckResult`"

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(self.PREFIX):
            return True
        return not any(f"for dbt test `{name}`" in message for name in _seed_test_names())


@cache
def _seed_test_names() -> frozenset[str]:
    return frozenset(node["name"] for node in _manifest()["nodes"].values() if is_seed_test(node))


logging.getLogger("dagster.builtin").addFilter(_SeedTestObservationNote())

translator = OshDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator)
def osh_dbt_assets(context: dg.AssetExecutionContext, dbt: OfflineDbtCliResource, warehouse: WarehouseResource):
    # The whole project (the nightly run): the reference seeds' own tests, passed on the same seed files,
    # are left out (the seeds are still loaded).
    shutdown_read_workers()  # the run's files are read: the read workers' memory goes back before dbt runs
    whole = context.selected_asset_keys == set(context.assets_def.keys)
    seeds_current = whole and reference_is_current(Path(warehouse.path), _manifest())
    if seeds_current:
        context.log.info("Reference seeds unchanged since their tests passed: those tests are not run again")
    code = incremental_fingerprint(_manifest(), Path(dbt_project.project_dir))
    asked = context.run.tags.get(FULL_REFRESH_TAG) == "true"
    incremental = not asked and incremental_is_current(Path(warehouse.path), code)
    if not incremental:
        context.log.info("Incremental models rebuilt from all of history (--full-refresh): " + (
            "asked for" if asked else "first build, their code changed since, or a backfill re-read files"))
    with (run_target(Path(warehouse.path), context.op_execution_context.op.name, context.run.run_id) as target,
          warehouse.writing(f"dbt build, run {context.run.run_id}")):
        # Raises once the stream ends if a model or an error-level test failed.
        yield from dbt.cli(dbt_build_args(seed_tests=not seeds_current, full_refresh=not incremental),
                           context=context, target_path=target).stream()
    if whole and not (seeds_current and incremental):
        with warehouse.connect(purpose=f"record what run {context.run.run_id} built") as con:
            if not seeds_current:
                record_reference_build(con, _manifest())
            if not incremental:
                record_incremental_build(con, code)


@cache
def _manifest() -> dict[str, Any]:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
