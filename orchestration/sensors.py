"""Sensors: arrivals in the landing zone start ingestion for just their periods."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import dagster as dg

from orchestration.arrivals import detect_arrivals, load_state, record_receipts, save_state
from orchestration.jobs import nightly_job
from orchestration.partitions import register_periods
from orchestration.settings import load_settings
from schemas.registry import FAMILIES

STATE_FILE = "landing_zone_state.json"


@dg.sensor(
    name="landing_zone_arrivals",
    job=nightly_job,
    minimum_interval_seconds=120,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New or changed files (by checksum) in the landing zone: one run per affected reporting period.",
)
def landing_zone_arrivals(context: dg.SensorEvaluationContext):
    settings = load_settings()
    state_path = settings.dagster_home / STATE_FILE
    state, arrivals = detect_arrivals(settings.raw_dir, sorted(FAMILIES), load_state(state_path))
    record_receipts(settings.raw_dir, arrivals, datetime.now(UTC))
    unplaced = [a.relative_path for a in arrivals if a.period is None]
    if unplaced:
        context.log.warning(f"Files outside a period folder are not ingested: {unplaced[:10]}")
    periods = sorted({a.period for a in arrivals if a.period})
    register_periods(context.instance, periods)
    requests = []
    for period in periods:
        digest = hashlib.sha256("".join(sorted(a.sha256 for a in arrivals if a.period == period)).encode())
        requests.append(dg.RunRequest(
            run_key=f"arrivals:{period}:{digest.hexdigest()[:16]}",
            partition_key=period,
            tags={"osh/trigger": "arrivals"},
        ))
    save_state(state_path, state)
    if not requests:
        return dg.SkipReason(f"No new content among {len(state)} files.")
    return requests
