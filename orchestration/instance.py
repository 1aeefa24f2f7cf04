"""The Dagster instance that ``osh`` runs record into (the same one the UI and daemon read)."""

from __future__ import annotations

import os
import shutil

import dagster as dg

from orchestration.settings import PROJECT_DIR, Settings

INSTANCE_TEMPLATE = PROJECT_DIR / "deploy" / "dagster.yaml"


def ensure_dagster_home(settings: Settings) -> None:
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    config = settings.dagster_home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    os.environ["DAGSTER_HOME"] = str(settings.dagster_home)


def get_instance(settings: Settings) -> dg.DagsterInstance:
    ensure_dagster_home(settings)
    return dg.DagsterInstance.get()
