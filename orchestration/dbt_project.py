"""The dbt project as Dagster sees it, with everything that would reach for the internet turned off."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from orchestration.dbt_manifest import manifest_is_stale
from orchestration.dbt_target import PARTIAL_PARSE
from orchestration.settings import DBT_PROJECT_DIR, apply_offline_environment
from orchestration.spark.engine import engine_name

apply_offline_environment()

# The dbt of this environment, whether or not its folder is on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

__all__ = ["DBT_EXECUTABLE", "OfflineDbtCliResource", "dbt_project", "manifest_is_stale", "prepare_manifest"]


def prepare_manifest(force: bool = False) -> Path:
    """Build ``target/manifest.json`` once (``dbt parse`` in-process), and again only when the project changed.

    This is the prepare step: Definitions load the manifest, they never parse dbt at import time. The parse
    names the runs' ``--target``: dbt reuses a saved parse only for the profile and target it was saved
    with, so a parse without it made every run's ``dbt build`` re-parse the whole project. It writes into a
    folder of its own, then moves the parse and the manifest into ``target/`` whole (``os.replace``): a
    process loading Definitions meanwhile reads the old manifest or the new one, never half of one.
    """
    manifest = dbt_project.manifest_path
    if force or manifest_is_stale(DBT_PROJECT_DIR, manifest):
        from dbt.cli.main import dbtRunner

        manifest.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".prepare-", dir=manifest.parent) as folder:
            parsing = Path(folder)
            if (manifest.parent / PARTIAL_PARSE).exists():  # dbt re-parses only what changed since
                shutil.copyfile(manifest.parent / PARTIAL_PARSE, parsing / PARTIAL_PARSE)
            result = dbtRunner().invoke([
                "parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                "--target", engine_name(), "--target-path", str(parsing),
            ])
            if not result.success:
                raise RuntimeError(f"dbt parse failed: {result.exception}")
            for name in (PARTIAL_PARSE, manifest.name):  # the manifest last: its time says the parse is current
                os.replace(parsing / name, manifest.parent / name)
    return manifest


class OfflineDbtCliResource(DbtCliResource):
    """``DbtCliResource`` without its ``dbt --version`` subprocess on every run.

    That command asks PyPI for the latest dbt release (seconds here, a stall on an air-gapped
    server); the installed dbt-core's own version is all dagster-dbt needs to know.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        from dbt.version import __version__ as installed

        return version.parse(installed)

    def _initialize_dbt_core_adapter(self, args):
        # dagster-dbt builds a dbt adapter in the run's process before each invocation, for its
        # fetch_column_metadata / fetch_row_counts, which this project does not call: loading the profile,
        # the project and its macros again cost 1.3 s a run (profiled, round 4 of benchmarks/findings.md).
        return None
