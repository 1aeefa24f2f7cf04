"""The Dagster instance that ``osh`` runs record into (the same one the UI and daemon read)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

from orchestration.settings import PROJECT_DIR, Settings

INSTANCE_TEMPLATE = PROJECT_DIR / "deploy" / "dagster.yaml"
# One "materialisation planned" event per ingestion asset for a run over a stretch of periods, instead of one
# per asset and period: Dagster's SQLite event storage writes every event in its own transaction, and a
# nightly run over five years' stretch of ~30 periods planned 300 of them (docs/performance.md). Dagster's
# stated cost: when such a run fails, its periods are not marked as failed partitions (the run is marked
# failed, and `osh` alerts on it). Set for `osh run` and for the UI and daemon `osh ui` starts.
DAGSTER_ENVIRONMENT = {"DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS": "true"}


def ensure_dagster_home(settings: Settings) -> None:
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    config = settings.dagster_home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    os.environ["DAGSTER_HOME"] = str(settings.dagster_home)
    for name, value in DAGSTER_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def get_instance(settings: Settings) -> dg.DagsterInstance:
    ensure_dagster_home(settings)
    return dg.DagsterInstance.get()


def instance_from_folder(home: Path) -> dg.DagsterInstance:
    """The instance kept in ``home`` (another run's, a benchmark's), opened from this process whatever its own
    DAGSTER_HOME: deploy/dagster.yaml names the event log's folder by $DAGSTER_HOME, read while the instance
    is built."""
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        return dg.DagsterInstance.from_config(str(home))
    finally:
        if before is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = before
