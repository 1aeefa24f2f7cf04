"""The Dagster settings `osh` gives its processes: a run over a stretch of periods plans one event per asset,
not one per asset and period (each event is its own SQLite transaction; see orchestration/instance.py)."""

from __future__ import annotations

import os

import dagster as dg
import pytest

from orchestration.instance import DAGSTER_ENVIRONMENT, ensure_dagster_home
from orchestration.settings import load_settings

PERIODS = dg.StaticPartitionsDefinition(["2025S1", "202501", "202502", "202503"])


@dg.asset(partitions_def=PERIODS, backfill_policy=dg.BackfillPolicy.single_run())
def stretch(context) -> None:
    context.log.info(f"{len(context.partition_keys)} periods")


def _planned_events(instance: dg.DagsterInstance) -> int:
    job = dg.Definitions(assets=[stretch]).resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance, tags={
        "dagster/asset_partition_range_start": "2025S1", "dagster/asset_partition_range_end": "202503"})
    assert result.success and len(result.get_asset_materialization_events()) == 4
    records = instance.get_records_for_run(result.run_id).records
    return sum(1 for r in records if r.event_log_entry.dagster_event_type
               == dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED)


def test_osh_processes_plan_one_event_per_asset_for_a_stretch_of_periods(tmp_path, monkeypatch):
    for name in DAGSTER_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    with dg.instance_for_test() as instance:
        assert _planned_events(instance) == 4  # Dagster's default: one per period
    ensure_dagster_home(load_settings())
    assert all(os.environ[name] == value for name, value in DAGSTER_ENVIRONMENT.items())
    with dg.instance_for_test() as instance:
        assert _planned_events(instance) == 1


def test_an_operator_setting_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "false")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    ensure_dagster_home(load_settings())
    assert os.environ["DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"] == "false"
    with dg.instance_for_test() as instance:
        assert _planned_events(instance) == 4


pytestmark = pytest.mark.filterwarnings("ignore::dagster.BetaWarning")
