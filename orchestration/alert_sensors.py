"""Sensors that alert: a failed run of the warehouse, and a nightly run that is overdue."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import dagster as dg

from orchestration.alerts import send_alert
from orchestration.jobs import nightly_job


def describe_failure(context: dg.RunFailureSensorContext) -> tuple[str, str]:
    run = context.dagster_run
    steps = [e for e in context.get_step_failure_events()]
    lines = [f"Run {run.run_id} of {run.job_name} failed.", f"Tags: {dict(run.tags)}", ""]
    for event in steps:
        error = event.event_specific_data.error if event.event_specific_data else None
        causes = []
        while error is not None:  # the wrapper says which op; the cause says why (e.g. which file)
            causes.append(error.message.strip())
            error = error.cause
        lines.append(f"Step {event.step_key}: {' <- '.join(causes)[:3000] or '(no error message)'}")
    if not steps:
        lines.append(context.failure_event.message or "")
    subject = f"[OSH warehouse] Run failed: {run.job_name} ({', '.join(e.step_key for e in steps) or 'run'})"
    return subject, "\n".join(lines)


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    monitored_jobs=[nightly_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="E-mail / webhook when a run of the warehouse fails, naming the failed steps and errors.",
)
def alert_on_run_failure(context: dg.RunFailureSensorContext) -> None:
    subject, body = describe_failure(context)
    send_alert(subject, body)


OVERDUE_AFTER = timedelta(hours=float(os.environ.get("OSH_NIGHTLY_OVERDUE_HOURS", "26")))


@dg.sensor(
    name="alert_on_overdue_nightly_run",
    minimum_interval_seconds=3600,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alert once when no run of the nightly job has succeeded for OSH_NIGHTLY_OVERDUE_HOURS (26).",
)
def alert_on_overdue_nightly_run(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    now = datetime.now(UTC)
    records = context.instance.get_run_records(
        filters=dg.RunsFilter(job_name=nightly_job.name, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1,
    )
    last = records[0].end_time if records else None
    last_success = datetime.fromtimestamp(last, UTC) if last else None
    if last_success and now - last_success < OVERDUE_AFTER:
        context.update_cursor(None)
        return dg.SkipReason(f"Last success {last_success.isoformat()}.")
    if context.cursor:  # already alerted for this gap
        return dg.SkipReason("Overdue; already alerted.")
    since = last_success.isoformat() if last_success else "never"
    send_alert("[OSH warehouse] Nightly run overdue",
               f"No successful run of {nightly_job.name} for more than {OVERDUE_AFTER} (last success: {since}).")
    context.update_cursor(now.isoformat())
    return dg.SkipReason("Overdue: alert sent.")
