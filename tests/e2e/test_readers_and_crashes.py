"""Readers are never blocked and never see a mix while a run writes.

The test drives the real command line in a second process, as an operator's nightly run would be. A run
killed with SIGKILL losing nothing published, and the next run completing, is the soak's
(tests/e2e/test_soak.py: kills in ingestion, the dbt build and publication, each followed by those checks).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parents[2]
T1 = "select year, deaths, fatal_rate_per_100k from indicators.ind_t1_fatal_rate_yearly order by year"


def start_run(env: dict[str, Path]) -> subprocess.Popen:
    environment = {**os.environ, **{k: str(v) for k, v in {
        "OSH_RAW_DIR": env["raw"], "OSH_WAREHOUSE_PATH": env["warehouse"], "OSH_PUBLISH_DIR": env["published"],
        "DAGSTER_HOME": env["dagster_home"],
    }.items()}}
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "run", "--no-show", "--always"], cwd=PROJECT, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def finish(process: subprocess.Popen) -> None:
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()[-3000:]


def query_served(served: Path) -> tuple[str, list[tuple]]:
    with duckdb.connect(str(served), read_only=True) as con:
        return con.execute("select run_id from publication.about").fetchone()[0], con.execute(T1).fetchall()


def test_queries_succeed_while_a_run_writes_and_see_one_whole_publication(built_env):
    warehouse_env = built_env  # after one nightly run
    served = warehouse_env["published"] / "warehouse.duckdb"
    first_run, figures = query_served(served)
    process = start_run(warehouse_env)
    seen_runs, queries = set(), 0
    while process.poll() is None:
        run_id, rows = query_served(served)  # raises if the file were locked or half-written
        assert rows == figures
        seen_runs.add(run_id)
        queries += 1
        time.sleep(0.05)
    finish(process)
    final_run, final_figures = query_served(served)
    assert queries > 10
    assert seen_runs <= {first_run, final_run}
    assert final_run != first_run and final_figures == figures
