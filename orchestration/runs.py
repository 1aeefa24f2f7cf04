"""Running the nightly job in this process: everything, or some reporting periods (a backfill)."""

from __future__ import annotations

import os

import dagster as dg

from orchestration.assets.ingestion import raw_asset_key
from orchestration.incremental_state import FULL_REFRESH_TAG
from orchestration.ingest.landing_zone import landing_periods
from orchestration.ingest.parallel_read import shutdown_read_workers
from orchestration.jobs import nightly_job
from orchestration.nothing_new import new_files_by_family
from orchestration.partitions import REPROCESS_TAG, range_tags, register_periods
from orchestration.settings import Settings
from orchestration.writer_lock import writer_lock
from schemas.registry import FAMILIES

LOOK = object()  # run_nightly's default for ``fresh``: look at the landing zone


def run_nightly(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    settings: Settings,
    periods: list[str] | None = None,
    reprocess: bool = False,
    log_level: str = "WARNING",
    fresh: dict[str, set[str]] | object | None = LOOK,
    full_refresh: bool = False,
) -> dg.ExecuteInProcessResult:
    """Ingest the given periods (default: the families that received new files, over the periods from the
    first to the last that did; every family and period when that is not known or nothing is new), build
    dbt, publish.

    With ``reprocess``, what was loaded for those periods is forgotten first and their files re-read.
    With ``full_refresh``, dbt's incremental models are rebuilt from all of history.
    ``fresh``: the new files' families and periods, as the caller's look at the landing zone found them
    (``nothing_new.scan_landing_zone``); by default the run looks itself.
    The writer lock is held for the whole run, so two shells' runs never interleave.
    """
    with writer_lock(settings.warehouse_path, f"osh run in process {os.getpid()}"):
        try:
            return _run(defs, instance, settings, periods, reprocess, log_level, fresh, full_refresh)
        finally:
            shutdown_read_workers()  # kept from one family to the next; not through dbt and the reports


def _run(
    defs: dg.Definitions, instance: dg.DagsterInstance, settings: Settings, periods: list[str] | None,
    reprocess: bool, log_level: str, fresh: dict[str, set[str]] | object | None = LOOK, full_refresh: bool = False,
) -> dg.ExecuteInProcessResult:
    available = landing_periods(settings.raw_dir, FAMILIES)
    partitions = register_periods(instance, available)
    job = defs.resolve_job_def(nightly_job.name)
    run_config = {"loggers": {"console": {"config": {"log_level": log_level.upper()}}}}
    tags = {REPROCESS_TAG: "true"} if reprocess else {}
    if full_refresh:
        tags[FULL_REFRESH_TAG] = "true"
    if periods is not None:
        unknown = sorted(set(periods) - set(partitions))
        if unknown:
            raise ValueError(f"No landing-zone folder for period(s) {unknown}; known: {partitions}")
        if len(periods) == 1:
            return job.execute_in_process(instance=instance, partition_key=periods[0], tags=tags,
                                          run_config=run_config, raise_on_error=False)
        ordered = [p for p in partitions if p in set(periods)]
        if ordered != partitions[partitions.index(ordered[0]): partitions.index(ordered[-1]) + 1]:
            raise ValueError("Several periods must be contiguous in partition order; run them one by one.")
        tags |= range_tags(ordered)
    elif partitions:
        # Only the families that received files, over the stretch of periods that did: each ingestion asset
        # records one materialisation per period it covers (a Dagster event, its own SQLite transaction),
        # and at province scale those were most of a quiet night's orchestration.
        if reprocess:
            fresh = None
        elif fresh is LOOK:
            fresh = new_files_by_family(settings, sorted(FAMILIES))
        periods = set().union(*fresh.values()) if fresh else set()
        tags |= range_tags([p for p in partitions if p in periods] if periods else partitions)
        if fresh:
            job = job.get_subset(asset_selection=_without_ingestion(defs) | {raw_asset_key(f) for f in fresh})
    else:
        job = job.get_subset(asset_selection=_without_ingestion(defs))
    return job.execute_in_process(instance=instance, tags=tags, run_config=run_config, raise_on_error=False)


def _without_ingestion(defs: dg.Definitions) -> set[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    return {k for k in graph.get_all_asset_keys() if graph.get(k).is_materializable and k.path[0] != "raw"}


def failed_steps(result: dg.ExecuteInProcessResult) -> list[str]:
    return [e.step_key for e in result.all_events if e.is_step_failure]
