"""``osh``: the project's one command-line entry point."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from orchestration.settings import apply_offline_environment, load_settings

app = typer.Typer(help="Quảng Ngãi OSH warehouse / Kho dữ liệu ATVSLĐ tỉnh Quảng Ngãi.", no_args_is_help=True)


@app.command()
def run(
    show: Annotated[bool, typer.Option(help="Print the T1 indicator table afterwards.")] = True,
    log_level: Annotated[str, typer.Option(help="Dagster console log level: DEBUG, INFO, WARNING.")] = "WARNING",
) -> None:
    """Materialise everything: ingest the landing zone, build dbt, print the indicators.

    With no environment set, the landing zone is the bundled sample (raw/sample) and the warehouse
    is data/warehouse.duckdb.
    """
    apply_offline_environment()
    settings = load_settings()
    from orchestration.dbt_project import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs
    from orchestration.instance import get_instance
    from orchestration.jobs import nightly_job

    typer.echo(f"Landing zone: {settings.raw_dir}{'  (bundled sample, demo ID key)' if settings.is_demo else ''}")
    typer.echo(f"Warehouse:    {settings.warehouse_path}")
    result = defs.resolve_job_def(nightly_job.name).execute_in_process(
        instance=get_instance(settings),
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level.upper()}}}},
    )
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        typer.echo(f"Run {result.run_id} failed at step(s): {', '.join(failed)}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Run {result.run_id} succeeded.")
    if show:
        from orchestration.reports.console import print_indicators

        print_indicators(settings.warehouse_path)


@app.command()
def indicators() -> None:
    """Print the indicator tables of the warehouse."""
    from orchestration.reports.console import print_indicators

    print_indicators(load_settings().warehouse_path)


@app.command("prepare")
def prepare(force: Annotated[bool, typer.Option(help="Re-parse even if the manifest is fresh.")] = False) -> None:
    """Build the dbt manifest (the deploy-time prepare step)."""
    apply_offline_environment()
    from orchestration.dbt_project import prepare_manifest

    typer.echo(prepare_manifest(force=force))


def main() -> None:  # pragma: no cover - console entry
    app(prog_name=Path(sys.argv[0]).name)
