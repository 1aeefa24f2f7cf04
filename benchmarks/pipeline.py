"""One pipeline scenario: ``osh run`` as a child process, measured, with its per-stage breakdown.

Stages come from what the run recorded in its Dagster instance: the ingestion assets' metadata
(``seconds_read/validate/load``), the step durations of the dbt build, the publication and the reports.
Whatever the steps do not cover is "start-up and orchestration" (process start, imports, the dbt
manifest check, Dagster's run set-up and the landing-zone scan before any step).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import run_measured

BENCH_ID_KEY = "osh-benchmark-key--synthetic-data-only"


@dataclass(frozen=True)
class Chain:
    """One warehouse's world: its landing zone, warehouse, publication and Dagster instance."""

    root: Path
    engine: str | None = None
    province_code: str | None = None  # OSH_PROVINCE_CODE: "all" for the national scale's warehouse

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    def env(self) -> dict[str, str]:
        env = os.environ.copy()
        env.update({
            "OSH_RAW_DIR": str(self.raw), "OSH_WAREHOUSE_PATH": str(self.root / "warehouse.duckdb"),
            "OSH_PUBLISH_DIR": str(self.root / "published"), "DAGSTER_HOME": str(self.root / "dagster_home"),
            "OSH_ID_HASH_KEY": BENCH_ID_KEY,
        })
        if self.engine:
            env["OSH_ENGINE"] = self.engine
        if self.province_code:
            env["OSH_PROVINCE_CODE"] = self.province_code
        return env


def run_pipeline(chain: Chain) -> dict:
    osh = str(Path(sys.executable).parent / "osh")
    runs_before = _run_ids(chain)
    measured = run_measured([osh, "run", "--no-show"], env=chain.env())
    if measured.returncode:
        raise RuntimeError(f"osh run failed ({measured.returncode}) in {chain.root}:\n"
                           f"{measured.stdout[-3000:]}\n{measured.stderr[-3000:]}")
    new_runs = [r for r in _run_ids(chain) if r not in runs_before]
    stages, rows, files = _stages(chain, new_runs[0]) if new_runs else ({}, 0, 0)
    covered = sum(stages.values())
    stages = {"startup_and_orchestration": max(0.0, measured.wall_seconds - covered), **stages}
    return {
        "wall_seconds": round(measured.wall_seconds, 2), "cpu_seconds": round(measured.cpu_seconds, 2),
        "peak_rss_mib": round(measured.peak_rss_mib, 1), "rows_read": rows, "files_new": files,
        "rows_per_second": round(rows / measured.wall_seconds, 3) if rows else 0.0,
        "stages_seconds": {k: round(v, 2) for k, v in stages.items()},
        "dagster_run": bool(new_runs), "run_id": new_runs[0] if new_runs else None,
        "load_average": [round(measured.load_before, 2), round(measured.load_after, 2)],
        "stdout_tail": measured.stdout.strip().splitlines()[-1:] if measured.stdout.strip() else [],
    }


def _instance(chain: Chain):
    from orchestration.instance import instance_from_folder

    home = chain.root / "dagster_home"
    if not (home / "dagster.yaml").exists():
        return None
    return instance_from_folder(home)


def _run_ids(chain: Chain) -> list[str]:
    instance = _instance(chain)
    if instance is None:
        return []
    with instance:
        return [r.run_id for r in instance.get_runs()]


def _stages(chain: Chain, run_id: str) -> tuple[dict[str, float], int, int]:
    import dagster as dg

    with _instance(chain) as instance:
        steps = {s.step_key: (s.end_time or 0) - (s.start_time or 0) for s in instance.get_run_step_stats(run_id)}
        read = validate = load = 0.0
        rows = files = 0
        # A run over many periods records one materialisation per partition, all with the asset's metadata:
        # count each asset once.
        per_asset = {}
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
            materialization = entry.asset_materialization
            if materialization is not None and materialization.asset_key.path[0] == "raw":
                per_asset.setdefault(materialization.asset_key, materialization)
        for materialization in per_asset.values():
            meta = {k: v.value for k, v in materialization.metadata.items()}
            read += float(meta.get("seconds_read", 0))
            validate += float(meta.get("seconds_validate", 0))
            load += float(meta.get("seconds_load", 0))
            rows += int(meta.get("rows_read", 0))
            files += int(meta.get("files_new_loaded", 0)) + int(meta.get("files_rejected", 0))
    ingest = sum(v for k, v in steps.items() if k.startswith("raw__"))
    return {
        "read": read, "validate": validate, "load": load,
        "ingest_other": max(0.0, ingest - read - validate - load),  # landing-zone scan, checksums, asset checks
        "dbt_build": sum(v for k, v in steps.items() if "dbt" in k),
        "publish": sum(v for k, v in steps.items() if k.startswith("publication")),
        "report": sum(v for k, v in steps.items() if k.startswith("reports")),
    }, rows, files
