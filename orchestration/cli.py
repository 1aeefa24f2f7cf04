"""``osh``: the project's one command-line entry point."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from orchestration.settings import apply_offline_environment, load_settings

app = typer.Typer(help="Quảng Ngãi OSH warehouse / Kho dữ liệu ATVSLĐ tỉnh Quảng Ngãi.", no_args_is_help=True)
period_app = typer.Typer(help="Lock an approved period's published figures, or reopen it.", no_args_is_help=True)
app.add_typer(period_app, name="period")
publication_app = typer.Typer(help="Published versions: list them, serve an earlier one.", no_args_is_help=True)
app.add_typer(publication_app, name="publication")


@app.command()
def run(
    show: Annotated[bool, typer.Option(help="Print the T1 indicator table afterwards.")] = True,
    log_level: Annotated[str, typer.Option(help="Dagster console log level: DEBUG, INFO, WARNING.")] = "WARNING",
    always: Annotated[bool, typer.Option(help="Run Dagster and dbt even when no file is new.")] = False,
    full_refresh: Annotated[bool, typer.Option(
        help="Rebuild dbt's incremental models from all of history (implies --always).")] = False,
) -> None:
    """Materialise everything: ingest the landing zone, build dbt, print the indicators.

    With no environment set, the landing zone is the bundled sample (raw/sample) and the warehouse
    is data/warehouse.duckdb. When every landing-zone file is already loaded and published, and the
    dbt project is unchanged, nothing is run (no Dagster run, no dbt build) unless ``--always``.
    The large dbt models are incremental; they are rebuilt from all of history when their code changed,
    after a backfill, or with ``--full-refresh`` (docs/operations.md).
    """
    apply_offline_environment()
    settings = load_settings()
    from orchestration.nothing_new import nothing_new, scan_landing_zone
    from schemas.family_names import FAMILY_NAMES

    # one look at the landing zone (66,000 files after five years: seconds) serves the short cut and the run
    scan = scan_landing_zone(settings, sorted(FAMILY_NAMES))
    if not (always or full_refresh):
        reason = nothing_new(settings, sorted(FAMILY_NAMES), scan)
        if reason:
            typer.echo(f"Nothing to do / Không có gì mới: {reason}.")
            if show:
                from orchestration.reports.console import print_indicators

                print_indicators(settings.publish_dir / "warehouse.duckdb")
            return
    from orchestration.dbt_project import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs
    from orchestration.instance import get_instance
    from orchestration.runs import failed_steps, run_nightly

    typer.echo(f"Landing zone: {settings.raw_dir}{'  (bundled sample, demo ID key)' if settings.is_demo else ''}")
    _secure_landing_zone(settings)
    typer.echo(f"Warehouse:    {settings.warehouse_path}")
    result = run_nightly(defs, get_instance(settings), settings, log_level=log_level, fresh=scan.new,
                         full_refresh=full_refresh)
    if not result.success:
        typer.echo(f"Run {result.run_id} failed at step(s): {', '.join(failed_steps(result))}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Run {result.run_id} succeeded.")
    if show:
        from orchestration.reports.console import print_indicators

        print_indicators(settings.publish_dir / "warehouse.duckdb")


def _secure_landing_zone(settings) -> None:
    """Raw files hold cleartext IDs: a missing landing zone is created owner-only (0700), and whatever group
    or others can reach in it is reported (``osh retention`` removes those permissions)."""
    if settings.is_demo:
        return
    from orchestration.retention import secure_landing_zone

    exposures = secure_landing_zone(settings.raw_dir)
    for exposure in exposures[:20]:
        typer.echo(f"WARNING landing zone not owner-only / thư mục nhận tệp chưa được bảo vệ: {exposure}", err=True)
    if len(exposures) > 20:
        typer.echo(f"WARNING ... and {len(exposures) - 20} more; `osh retention` fixes them.", err=True)


@app.command()
def backfill(
    period: Annotated[list[str], typer.Option(help="Reporting period to re-read (repeatable): 2025, 2025S1, 202507.")],
    log_level: Annotated[str, typer.Option(help="Dagster console log level: DEBUG, INFO, WARNING.")] = "WARNING",
) -> None:
    """Re-read one period's raw files from scratch and rebuild every indicator that depends on it."""
    apply_offline_environment()
    settings = load_settings()
    from orchestration.dbt_project import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs
    from orchestration.instance import get_instance
    from orchestration.runs import failed_steps, run_nightly

    _secure_landing_zone(settings)
    try:
        result = run_nightly(defs, get_instance(settings), settings, periods=period, reprocess=True,
                             log_level=log_level)
    except ValueError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    if not result.success:
        typer.echo(f"Run {result.run_id} failed at step(s): {', '.join(failed_steps(result))}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Backfill of {', '.join(period)}: run {result.run_id} succeeded.")


@app.command()
def indicators() -> None:
    """Print the indicator tables of the published warehouse."""
    from orchestration.reports.console import print_indicators

    print_indicators(load_settings().publish_dir / "warehouse.duckdb")


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The file to check (XLSX, CSV or JSON).")],
    family: Annotated[str | None, typer.Option(help="Report family (default: from folder or headers).")] = None,
) -> None:
    """Check one file without loading it; list every problem. Exit 0 clean, 1 errors, 2 unreadable."""
    from orchestration.ingest.file_check import CLEAN, check_file

    result = check_file(file, family)
    typer.echo(f"Tệp / File: {result.path}")
    if result.family:
        typer.echo(f"Mẫu / Template: {result.family}")
    if result.message_en:
        typer.echo(f"{result.message_vi}\n{result.message_en}")
        raise typer.Exit(result.status)
    for problem in result.problems:
        label = "LỖI/ERROR" if problem["severity"] == "error" else "CẢNH BÁO/WARNING"
        value = "" if problem["value"] is None else problem["value"]
        typer.echo(
            f"{label}  dòng/row {problem['row_number']}, cột/column «{problem['header_vi']}» = «{value}» "
            f"[{problem['rule']}]\n    {problem['message_vi']}\n    {problem['message_en']}"
        )
    errors, warnings = len(result.errors), len(result.warnings)
    rejected_rows = len({p["row_number"] for p in result.errors})
    typer.echo(
        f"{result.rows_read} dòng đọc được, {rejected_rows} dòng sẽ bị từ chối, {errors} lỗi, {warnings} cảnh báo. / "
        f"{result.rows_read} rows read, {rejected_rows} would be rejected, {errors} errors, {warnings} warnings."
    )
    raise typer.Exit(CLEAN if result.status == CLEAN else result.status)


@app.command()
def templates(
    out: Annotated[Path, typer.Option(help="Where to write the documentation and blank XLSX files.")] = Path(
        "docs/templates"
    ),
) -> None:
    """Generate the senders' documentation and blank XLSX templates from the report templates."""
    from schemas.publish import publish_templates

    for path in publish_templates(out):
        typer.echo(path)


@app.command()
def receipts(
    period: Annotated[str, typer.Option(help="Reporting period: 2025, 2025S1 or 202507.")],
    out: Annotated[Path, typer.Option(help="Folder for the receipts.")] = Path("data/receipts"),
) -> None:
    """Write a receipt (XLSX, Vietnamese) for every submission of the period, ready to send back."""
    from orchestration.reports.receipts import write_receipts

    settings = load_settings()
    written = write_receipts(settings.warehouse_path, period, out, settings.timezone)
    for path in written:
        typer.echo(path)
    typer.echo(f"{len(written)} biên nhận / receipts")


@app.command()
def retention(
    keep_days: Annotated[int | None, typer.Option(help="Days a processed raw file stays in the landing zone "
                                                       "[env OSH_RETENTION_KEEP_DAYS, default 30].")] = None,
    delete_after_days: Annotated[int | None, typer.Option(
        help="Days after receipt an archived file is deleted "
             "[env OSH_RETENTION_DELETE_AFTER_DAYS, default 1825].")] = None,
    dry_run: Annotated[bool, typer.Option(help="Only say what would be archived and deleted.")] = False,
    restore: Annotated[bool, typer.Option(help="Copy the archive back into the landing zone (rebuild, key "
                                                "rotation) instead.")] = False,
) -> None:
    """Raw files hold cleartext IDs: make the landing zone owner-only, move processed files to the restricted
    archive (OSH_ARCHIVE_DIR) and delete archived ones after the retention period. Every move and deletion
    is logged in <archive>/_retention.csv and raw.audit."""
    from orchestration.retention import (
        apply_retention,
        audit_retention,
        processed_files,
        restore_archive,
        secure_landing_zone,
    )
    from orchestration.writer_lock import writer_lock

    try:
        settings = load_settings()
        if settings.is_demo:
            raise ValueError("The bundled sample (raw/sample) is part of the repository: retention never moves it. "
                             "Set OSH_RAW_DIR to the landing zone.")
        archive = settings.archive_dir or settings.warehouse_path.parent / "raw_archive"
        keep = settings.retention_keep_days if keep_days is None else keep_days
        delete_after = settings.retention_delete_after_days if delete_after_days is None else delete_after_days
        with writer_lock(settings.warehouse_path, "osh retention"):  # no run reads a file while it moves
            exposures = secure_landing_zone(settings.raw_dir, fix=not dry_run)
            for exposure in exposures:
                typer.echo(f"{'would fix' if dry_run else 'fixed'}: {exposure}")
            if restore:
                copied = restore_archive(archive, settings.raw_dir)
                typer.echo(f"{len(copied)} restored from {archive} / đã khôi phục {len(copied)} tệp")
                return
            registry = processed_files(settings.warehouse_path) if settings.warehouse_path.exists() else set()
            report = apply_retention(settings.raw_dir, archive, keep, delete_after, registry, dry_run=dry_run)
            if not dry_run:
                audit_retention(settings.warehouse_path, report)
    except ValueError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    for conflict in report.conflicts:
        typer.echo(f"archived beside an earlier file: {conflict}")
    would = "would be " if dry_run else ""
    typer.echo(
        f"{len(report.archived)} {would}archived, {len(report.deleted)} {would}deleted, "
        f"{len(report.kept_recent)} kept (recent), {len(report.kept_unprocessed)} kept (not processed yet); "
        f"archive {archive} (keep {keep} days, delete after {delete_after} days)"
    )


@app.command()
def ui(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the web UI.")] = 3000,
) -> None:
    """Start the Dagster UI and daemon (schedules, sensors) on this code location, telemetry off."""
    import os
    import subprocess

    from orchestration.dbt_project import prepare_manifest
    from orchestration.instance import ensure_dagster_home

    apply_offline_environment()
    ensure_dagster_home(load_settings())
    prepare_manifest()
    dagster = Path(sys.executable).parent / "dagster"
    command = [str(dagster), "dev", "-m", "orchestration.definitions", "-h", host, "-p", str(port)]
    raise typer.Exit(subprocess.call(command, env=os.environ.copy()))


@app.command()
def generate(
    scale: Annotated[str, typer.Option(help="sample, province or national.")] = "sample",
    years: Annotated[str, typer.Option(help="Years to cover, e.g. 2021-2025.")] = "2021-2025",
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 31,
    out: Annotated[Path, typer.Option(help="An empty folder for the landing zone.")] = Path("data/generated"),
    error_rate: Annotated[float, typer.Option(help="Share of rows with a mistake (half as many files).")] = 0.02,
    workers: Annotated[int | None, typer.Option(help="Processes (default: up to 4).")] = None,
    families: Annotated[str | None, typer.Option(help="Only these families, comma separated.")] = None,
    provinces: Annotated[str | None, typer.Option(help="National scale: only these provinces.")] = None,
    months: Annotated[str | None, typer.Option(help="Only these months, e.g. 1,7.")] = None,
) -> None:
    """Write synthetic submissions (with known mistakes, listed in _manifest.csv) into a landing zone."""
    from orchestration.generate.command import report, run

    summary = run(scale, years, seed, out, error_rate, workers=workers, families=families, provinces=provinces,
                  months=months)
    for line in report(summary):
        typer.echo(line)


@app.command()
def bench(
    scale: Annotated[str, typer.Option(help="tiny, province or national.")] = "province",
    seed: Annotated[int, typer.Option(help="Generator seed (the input is generated once and cached).")] = 31,
    years: Annotated[str | None, typer.Option(help="Years to benchmark, e.g. 2025 (of the cached five).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Cache of generated inputs and runs (data/bench).")] = None,
    out_dir: Annotated[Path | None, typer.Option(help="Where performance.md/.json go (docs).")] = None,
    spark: Annotated[bool, typer.Option(help="Also the Spark column, when the [spark] extra is installed.")] = True,
) -> None:
    """Run the benchmarks at a scale and write docs/performance.md and docs/performance.json."""
    if scale not in ("tiny", "province", "national"):
        raise typer.BadParameter("scale must be tiny, province or national")
    from benchmarks.__main__ import bench as run_bench

    for path in run_bench(scale, seed, years, data_dir, out_dir, spark=spark):
        typer.echo(path)


@period_app.command("lock")
def period_lock(
    period: Annotated[str, typer.Argument(help="2025, 2025S1 or 202507")],
    by: Annotated[str, typer.Option(help="Who approved and locks it.")] = "",
    reason: Annotated[str, typer.Option(help="Why (e.g. the approving decision).")] = "",
) -> None:
    """Lock a period at the currently published figures (late data is then shown as pending revision)."""
    import getpass

    from orchestration.period_locks import lock_period

    try:
        lock = lock_period(load_settings().publish_dir, period, by or getpass.getuser(), reason)
    except ValueError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Locked {lock.period} at publication {lock.version} ({lock.locked_at}, {lock.locked_by}).")


@period_app.command("reopen")
def period_reopen(period: Annotated[str, typer.Argument(help="The locked period.")]) -> None:
    """Reopen a locked period: the next publication shows its current figures."""
    from orchestration.period_locks import reopen_period

    try:
        reopen_period(load_settings().publish_dir, period)
    except ValueError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Reopened {period}; the next run publishes its current figures.")


@period_app.command("list")
def period_list() -> None:
    """List locked periods."""
    from orchestration.period_locks import read_locks

    for lock in read_locks(load_settings().publish_dir).values():
        typer.echo(f"{lock.period}\t{lock.locked_at}\t{lock.locked_by}\t{lock.version}\t{lock.reason}")


@publication_app.command("list")
def publication_list() -> None:
    """List published versions; the served one is marked with *."""
    from orchestration.publication import list_versions, served_version

    publish_dir = load_settings().publish_dir
    served = served_version(publish_dir)
    for version in list_versions(publish_dir):
        typer.echo(f"{'*' if version == served else ' '} {version.name}")


@publication_app.command("restore")
def publication_restore(version: Annotated[str, typer.Argument(help="A version file name from `list`.")]) -> None:
    """Serve an earlier publication again (atomically); the next successful run publishes anew."""
    from orchestration.publication import BI_SERVED_NAME, BI_SUFFIX, serve, versions_dir

    publish_dir = load_settings().publish_dir
    path = versions_dir(publish_dir) / version
    bi = path.with_name(path.name.removesuffix(".duckdb") + BI_SUFFIX)
    if not path.exists() or not bi.exists():
        typer.echo(f"No such version: {version}", err=True)
        raise typer.Exit(1)
    serve(publish_dir, bi, BI_SERVED_NAME)
    typer.echo(f"Serving {serve(publish_dir, path)} -> {version} (and its BI tier)")


@app.command()
def report(
    period: Annotated[str | None, typer.Option(
        help="Review period, a year (2025) or a half-year (2025S1): one HTML page in Vietnamese, one in English.",
    )] = None,
    rollup: Annotated[str | None, typer.Option(
        help="Half-year or year (2025S1, 2025) of the province's accident summary for the ministry (XLSX).",
    )] = None,
    out: Annotated[Path, typer.Option(help="Folder for the files.")] = Path("data/reports"),
) -> None:
    """Write the periodic review (HTML, offline) and/or the ministry roll-up (XLSX) from the publication."""
    from orchestration.publication import SERVED_NAME

    if period is None and rollup is None:
        typer.echo("Give --period (review report) and/or --rollup (ministry summary).", err=True)
        raise typer.Exit(2)
    published = load_settings().publish_dir / SERVED_NAME
    written: list[Path] = []
    try:
        if period is not None:
            from orchestration.reports.review import write_review

            written += write_review(published, period, out)
        if rollup is not None:
            from orchestration.reports.rollup import write_rollup

            written.append(write_rollup(published, rollup, out))
    except (ValueError, FileNotFoundError) as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    for path in written:
        typer.echo(path)


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="Folder for the Parquet and CSV files.")] = Path("data/exports"),
    tier: Annotated[str, typer.Option(
        help="analysts (warehouse.duckdb) or bi (bi.duckdb: small cells suppressed, for sharing outside).",
    )] = "analysts",
) -> None:
    """Export every indicator table of the publication to Parquet and CSV (UTF-8 with BOM, for Excel)."""
    from orchestration.reports.exports import TIERS, export_indicators

    if tier not in TIERS:
        typer.echo(f"Unknown tier {tier!r}: {', '.join(TIERS)}", err=True)
        raise typer.Exit(2)
    try:
        written = export_indicators(load_settings().publish_dir / TIERS[tier], out)
    except FileNotFoundError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{len(written)} files in {out}")


@app.command("prepare")
def prepare(force: Annotated[bool, typer.Option(help="Re-parse even if the manifest is fresh.")] = False) -> None:
    """Build the dbt manifest (the deploy-time prepare step)."""
    apply_offline_environment()
    from orchestration.dbt_project import prepare_manifest

    typer.echo(prepare_manifest(force=force))


def main() -> None:  # pragma: no cover - console entry
    app(prog_name=Path(sys.argv[0]).name)


if __name__ == "__main__":
    main()
