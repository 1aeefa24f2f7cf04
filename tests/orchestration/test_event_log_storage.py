"""Dagster's event log as osh's instances keep it (deploy/dagster.yaml): the same SQLite files, connections kept
open, commits in synchronous=NORMAL, a bounded number of open databases, and what one process writes readable
by another at once (the webserver beside a run)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from orchestration import event_log_storage
from orchestration.event_log_storage import PooledSqliteEventLogStorage, event_log_directory
from orchestration.instance import INSTANCE_TEMPLATE, ensure_dagster_home
from orchestration.settings import load_settings


@dg.asset
def counted() -> int:
    return 1


@dg.asset_check(asset=counted, blocking=True)
def counted_is_one() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _materialise(instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    result = dg.materialize([counted], instance=instance, selection=[counted])
    assert result.success
    return result


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    ensure_dagster_home(load_settings())
    return home


def test_osh_instances_keep_dagsters_files_with_the_pooled_storage(home: Path):
    assert (home / "dagster.yaml").read_text(encoding="utf-8") == INSTANCE_TEMPLATE.read_text(encoding="utf-8")
    with dg.DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        result = _materialise(instance)
        assert (Path(event_log_directory(str(home))) / f"{result.run_id}.db").exists()
        with storage.run_connection(result.run_id) as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_events_are_readable_by_another_process_storage_while_connections_stay_open(home: Path):
    """Dagster's own class (as an older webserver or a reader would open the files) sees every event at once."""
    with dg.DagsterInstance.get() as instance:
        first = _materialise(instance)
        second = dg.materialize([counted, counted_is_one], instance=instance)
        assert second.success
        reader = SqliteEventLogStorage(event_log_directory(str(home)))
        for run in (first, second):
            written = instance.get_records_for_run(run.run_id).records
            assert [r.storage_id for r in reader.get_records_for_run(run.run_id).records] == [
                r.storage_id for r in written]
        latest = reader.get_latest_materialization_events([dg.AssetKey("counted")])[dg.AssetKey("counted")]
        assert latest is not None and latest.run_id == second.run_id
        check = reader.get_latest_asset_check_execution_by_key([counted_is_one.check_key])
        assert check[counted_is_one.check_key].run_id == second.run_id


def test_open_databases_are_bounded_and_a_wipe_closes_them(home: Path, monkeypatch):
    monkeypatch.setattr(event_log_storage, "MAX_OPEN_DATABASES", 3)
    with dg.DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        runs = [_materialise(instance).run_id for _ in range(5)]
        assert len(storage._engines) <= 3
        assert set(storage._engines) <= {*runs, "index"}
        assert instance.get_run_records(limit=10) and all(
            instance.get_records_for_run(run_id).records for run_id in runs)  # evicted ones reopen
        storage.wipe()
        assert set(storage._engines) <= {"index"}
        assert not [p for p in Path(event_log_directory(str(home))).glob("*.db") if p.stem in runs]
        assert _materialise(instance).success  # writes again after the wipe


def test_an_instance_without_the_setting_still_works_with_dagsters_class(tmp_path: Path, monkeypatch):
    """An instance folder created before this setting keeps Dagster's default (the files are the same)."""
    home = tmp_path / "old_home"
    home.mkdir()
    shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster.yaml")
    text = (home / "dagster.yaml").read_text(encoding="utf-8")
    (home / "dagster.yaml").write_text(text.split("\nevent_log_storage:")[0], encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        assert type(instance.event_log_storage) is SqliteEventLogStorage
        run_id = _materialise(instance).run_id
    home_event_logs = Path(event_log_directory(str(home)))
    pooled = PooledSqliteEventLogStorage(str(home))
    try:
        assert pooled.get_records_for_run(run_id).records
    finally:
        pooled.dispose()
    assert (home_event_logs / f"{run_id}.db").exists()


def test_another_instance_folder_opens_from_a_process_without_its_dagster_home(home: Path, monkeypatch):
    """deploy/dagster.yaml names the event log's folder by $DAGSTER_HOME: a benchmark or a test reading a run's
    instance opens it with instance_from_folder, which leaves this process's environment as it was."""
    from orchestration.instance import instance_from_folder

    with dg.DagsterInstance.get() as instance:
        run_id = _materialise(instance).run_id
    monkeypatch.delenv("DAGSTER_HOME")
    with pytest.raises(Exception, match="DAGSTER_HOME"):
        dg.DagsterInstance.from_config(str(home))
    opened = instance_from_folder(home)
    try:
        assert isinstance(opened.event_log_storage, PooledSqliteEventLogStorage)
        assert opened.get_records_for_run(run_id).records
    finally:
        opened.dispose()
    assert "DAGSTER_HOME" not in os.environ
