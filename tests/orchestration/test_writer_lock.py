"""One writer at a time; a writer killed with SIGKILL releases the lock with its death."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.writer_lock import WarehouseBusy, holder, writer_lock

PROJECT = Path(__file__).resolve().parents[2]


def hold_in_another_process(warehouse: Path) -> subprocess.Popen:
    code = (
        "import sys, time; from pathlib import Path; from orchestration.writer_lock import writer_lock\n"
        f"with writer_lock(Path({str(warehouse)!r}), 'nightly run'):\n"
        "    print('held', flush=True); time.sleep(600)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_writer_is_refused_with_who_holds_it_and_a_killed_holder_frees_it(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    process = hold_in_another_process(warehouse)
    try:
        with pytest.raises(WarehouseBusy, match="nightly run"), writer_lock(warehouse, "osh backfill", timeout=1):
            pass
        assert holder(warehouse)["pid"] == process.pid
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    started = time.monotonic()
    with writer_lock(warehouse, "next run", timeout=5):
        assert holder(warehouse)["purpose"] == "next run"
    assert time.monotonic() - started < 2


def test_the_lock_is_re_entrant_within_one_process(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with writer_lock(warehouse, "run", timeout=1), writer_lock(warehouse, "step inside the run", timeout=1):
        assert holder(warehouse)["purpose"] == "run"
    with writer_lock(warehouse, "after", timeout=1):
        pass
