"""Schedules."""

from __future__ import annotations

import dagster as dg

from orchestration.ingest.landing_zone import landing_periods
from orchestration.jobs import nightly_job
from orchestration.partitions import range_tags, register_periods
from orchestration.settings import load_settings
from schemas.registry import FAMILIES


@dg.schedule(
    name="nightly_at_0100",
    job=nightly_job,
    cron_schedule="0 1 * * *",
    execution_timezone=load_settings().timezone,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 01:00 (Asia/Ho_Chi_Minh): every reporting period in one run; files already "
    "loaded (by checksum) are skipped, so the run materialises what changed since the last one.",
)
def nightly_schedule(context: dg.ScheduleEvaluationContext):
    settings = load_settings()
    partitions = register_periods(context.instance, landing_periods(settings.raw_dir, FAMILIES))
    if not partitions:
        return dg.SkipReason(f"The landing zone {settings.raw_dir} has no reporting-period folder yet.")
    return dg.RunRequest(run_key=None, tags={**range_tags(partitions), "osh/trigger": "nightly"})
