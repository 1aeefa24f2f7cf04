"""One real run over the bundled sample, with everything it writes kept for the scanners.

The session fixture ``scanned_run`` copies raw/sample (all ten families, fake people) into a private
landing zone, sets a distinctive hash key, and then, with every byte written to stdout and stderr
(this process's and its children's) and every Python log record at DEBUG captured to files:

1. runs the nightly job in this process at Dagster log level DEBUG, recording into a persistent
   DAGSTER_HOME (event log, run record, compute logs), dbt build and publication included;
2. runs the accident-case ingestion again against a second warehouse with a fault injected after
   the IDs are hashed (the disk "fills up" while writing), so that failure events and error messages
   exist too;
3. writes every export there is: the receipts of every period; ``osh export`` of both tiers and
   ``osh report`` (review and ministry roll-up) when the CLI has them; and the output of ``osh
   indicators``, ``osh publication list``, ``osh period list`` and ``osh validate`` on every file
   with a rejected or warned row.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import SAMPLE_RAW_DIR
from tests.security.pii_scan import Needles, sample_personal_data

# Distinctive, so that any trace of it (or of its hex or base64 forms) is unmistakable.
CANARY_KEY = "canary-hash-key--Qn9vX2tRz7Lm4Wq8--must-never-be-written"


@dataclass
class ScannedRun:
    root: Path
    raw: Path
    warehouse: Path
    failed_warehouse: Path
    published: Path
    dagster_home: Path
    exports: Path
    captured_output: Path
    captured_log: Path
    dbt_targets: list[Path]
    run_id: str
    failed_run_id: str
    failed_steps: list[str]
    instance: object
    needles: Needles
    run_seconds: float
    receipts: list[Path]


@contextmanager
def captured(output: Path, log: Path) -> Iterator[None]:
    """Everything written to fds 1 and 2 (children included) and sys.stdout/err into ``output``;
    every log record of every Python logger at DEBUG into ``log``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved_fds = os.dup(1), os.dup(2)
    saved_streams = sys.stdout, sys.stderr
    sink = output.open("a", encoding="utf-8", buffering=1)
    handler = logging.FileHandler(log, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    os.dup2(sink.fileno(), 1)
    os.dup2(sink.fileno(), 2)
    sys.stdout = sys.stderr = sink
    try:
        yield
    finally:
        sink.flush()
        sys.stdout, sys.stderr = saved_streams
        os.dup2(saved_fds[0], 1)
        os.dup2(saved_fds[1], 2)
        for fd in saved_fds:
            os.close(fd)
        root.removeHandler(handler)
        root.setLevel(saved_level)
        handler.close()
        # the sink stays open: loggers created during the run may still hold it


def _run(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, instance) -> object:
    from orchestration.definitions import build_definitions
    from orchestration.runs import run_nightly
    from orchestration.settings import load_settings

    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    return run_nightly(build_definitions(), instance, load_settings(), log_level="DEBUG")


def _failing_run(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, instance) -> object:
    """The accident-case ingestion of every period, as the nightly job runs it (the whole job would
    only add skipped steps)."""
    from orchestration.assets.ingestion import raw_asset_key
    from orchestration.definitions import build_definitions
    from orchestration.ingest.landing_zone import landing_periods
    from orchestration.jobs import nightly_job
    from orchestration.partitions import range_tags
    from schemas.registry import FAMILIES

    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    job = build_definitions().resolve_job_def(nightly_job.name).get_subset(
        asset_selection={raw_asset_key("accident_cases")})
    periods = landing_periods(Path(settings_env["OSH_RAW_DIR"]), FAMILIES)
    return job.execute_in_process(instance=instance, tags=range_tags(periods), raise_on_error=False,
                                  run_config={"loggers": {"console": {"config": {"log_level": "DEBUG"}}}})


def _commands() -> set[str]:
    from orchestration.cli import app

    return {c.name or c.callback.__name__ for c in app.registered_commands}


def _cli(args: list[str], out: Path) -> str:
    from typer.testing import CliRunner

    from orchestration.cli import app

    result = CliRunner().invoke(app, args)
    text = result.output + ("" if result.exception is None or isinstance(result.exception, SystemExit)
                            else f"\n{type(result.exception).__name__}: {result.exception}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return text


@pytest.fixture(scope="session")
def scanned_run(tmp_path_factory) -> Iterator[ScannedRun]:
    import dagster as dg

    from orchestration.dbt_target import runs_dir
    from orchestration.ingest import pipeline
    from orchestration.instance import get_instance
    from orchestration.runs import failed_steps
    from orchestration.settings import load_settings

    root = tmp_path_factory.mktemp("security")
    raw = root / "raw"
    shutil.copytree(SAMPLE_RAW_DIR, raw)
    names, ids = sample_personal_data(raw)
    paths = {"warehouse": root / "warehouse.duckdb", "failed": root / "failed" / "warehouse.duckdb",
             "published": root / "published", "dagster_home": root / "dagster_home", "exports": root / "exports"}
    output, log = root / "captured_output.txt", root / "captured_log.txt"
    env = {"OSH_RAW_DIR": str(raw), "OSH_WAREHOUSE_PATH": str(paths["warehouse"]),
           "OSH_PUBLISH_DIR": str(paths["published"]), "DAGSTER_HOME": str(paths["dagster_home"]),
           "OSH_ID_HASH_KEY": CANARY_KEY}
    exports = paths["exports"]
    with pytest.MonkeyPatch.context() as monkeypatch:
        with captured(output, log):
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            instance = get_instance(load_settings())
            started = time.monotonic()
            result = _run(env, monkeypatch, instance)
            run_seconds = time.monotonic() - started
            assert result.success, [e.message for e in result.all_events if e.is_failure]

            def disk_full(*args, **kwargs):
                raise duckdb.IOException("Could not write file: No space left on device")

            with pytest.MonkeyPatch.context() as fault:
                fault.setattr(pipeline, "write_batch", disk_full)
                failed = _failing_run({**env, "OSH_WAREHOUSE_PATH": str(paths["failed"]),
                                       "OSH_PUBLISH_DIR": str(root / "failed" / "published")}, fault, instance)

            with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
                periods = [r[0] for r in con.execute(
                    "select distinct period from raw.files where period is not null order by 1").fetchall()]
                flagged = [r[0] for r in con.execute(
                    "select source_file from raw.files where rows_rejected > 0 or rows_with_warnings > 0 "
                    "order by 1").fetchall()]
            for period in periods:
                _cli(["receipts", "--period", period, "--out", str(exports / "receipts")],
                     exports / "cli" / f"receipts_{period}.txt")
            _cli(["indicators"], exports / "cli" / "indicators.txt")
            _cli(["publication", "list"], exports / "cli" / "publication_list.txt")
            _cli(["period", "list"], exports / "cli" / "period_list.txt")
            for source_file in flagged:
                _cli(["validate", str(raw / source_file)], exports / "cli" / "validate" / f"{source_file}.txt")
            commands = _commands()  # exports and reports, as soon as the CLI has them
            if "export" in commands:
                for tier in ("analysts", "bi"):
                    _cli(["export", "--tier", tier, "--out", str(exports / "export" / tier)],
                         exports / "cli" / f"export_{tier}.txt")
            if "report" in commands:
                _cli(["report", "--period", "2025", "--rollup", "2025", "--out", str(exports / "report")],
                     exports / "cli" / "report.txt")

        scanned = ScannedRun(
            root=root, raw=raw, warehouse=paths["warehouse"], failed_warehouse=paths["failed"],
            published=paths["published"], dagster_home=paths["dagster_home"], exports=exports,
            captured_output=output, captured_log=log,
            dbt_targets=sorted(runs_dir(paths["warehouse"]).glob(f"osh_dbt_assets-{result.run_id[:7]}-*")),
            run_id=result.run_id, failed_run_id=failed.run_id, failed_steps=failed_steps(failed),
            instance=instance, needles=Needles(names=names, national_ids=ids), run_seconds=run_seconds,
            receipts=sorted((exports / "receipts").rglob("*.xlsx")),
        )
    # the environment is restored here: the tests read files and the instance, never the settings
    yield scanned
    if isinstance(instance, dg.DagsterInstance):
        instance.dispose()
