"""Schedules."""

from __future__ import annotations

import dagster as dg

from orchestration.jobs import nightly_job
from orchestration.settings import load_settings

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_at_0100",
    job=nightly_job,
    cron_schedule="0 1 * * *",
    execution_timezone=load_settings().timezone,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 01:00 (Asia/Ho_Chi_Minh): the full materialisation.",
)
