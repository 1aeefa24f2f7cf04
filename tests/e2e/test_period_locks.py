"""A locked period's published figures do not move when a late report arrives, and do after reopening."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from orchestration.cli import app
from tests.e2e.test_full_materialisation import run_nightly_job

LATE_FILE = "accident_cases/2025S2/4300300033_so_tnld_2025S2.csv"


def served_2025(env) -> tuple[int, bool | None]:
    with duckdb.connect(str(env["published"] / "warehouse.duckdb"), read_only=True) as con:
        deaths = con.execute("select deaths from indicators.ind_t1_fatal_rate_yearly where year = 2025").fetchone()[0]
        pending = con.execute(
            "select pending_revision from publication.period_status where period_code = '2025'"
        ).fetchone()
    return deaths, None if pending is None else pending[0]


def add_late_death(raw) -> None:
    source = raw / "accident_cases/2023S1/4300300033_so_tnld_2023S1.csv"
    text = (source.read_text(encoding="utf-8").replace("2023S1", "2025S2").replace("02/05/2023", "02/10/2025")
            .replace("051078002345", "051079003456"))
    (raw / LATE_FILE).write_text(text, encoding="utf-8")


def test_lock_hold_and_reopen(built_env):
    warehouse_env = built_env  # after one nightly run
    runner = CliRunner()
    assert served_2025(warehouse_env) == (3, None)
    locked = runner.invoke(app, ["period", "lock", "2025", "--by", "Sở Nội vụ", "--reason", "QĐ phê duyệt số 1"])
    assert locked.exit_code == 0, locked.output

    add_late_death(warehouse_env["raw"])
    run_nightly_job()
    with duckdb.connect(str(warehouse_env["warehouse"]), read_only=True) as con:
        built = con.execute("select deaths from indicators.ind_t1_fatal_rate_yearly where year = 2025").fetchone()[0]
    assert built == 4  # the late report is loaded and built...
    assert served_2025(warehouse_env) == (3, True)  # ...but the published figure holds, flagged pending

    assert runner.invoke(app, ["period", "reopen", "2025"]).exit_code == 0
    run_nightly_job()
    assert served_2025(warehouse_env) == (4, None)


def test_locking_needs_a_publication(warehouse_env):
    assert CliRunner().invoke(app, ["period", "lock", "2025"]).exit_code == 1


def test_locking_needs_a_valid_period_not_locked_yet(built_env):
    runner = CliRunner()
    assert runner.invoke(app, ["period", "lock", "2025S1"]).exit_code == 0
    assert runner.invoke(app, ["period", "lock", "2025S1"]).exit_code == 1  # already locked
    assert runner.invoke(app, ["period", "reopen", "2024"]).exit_code == 1  # not locked
    listed = runner.invoke(app, ["period", "list"])
    assert listed.output.startswith("2025S1\t")
