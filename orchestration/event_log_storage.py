"""Dagster's SQLite event log, with its connections kept open (deploy/dagster.yaml selects it).

Dagster's ``SqliteEventLogStorage`` creates a SQLAlchemy engine, opens a connection and closes it again
for every event, and an asset event goes to two databases (the run's and the cross-run index). Closing
the last connection to a WAL database checkpoints it, so each event paid for a checkpoint too: about
8 ms an event here, and a nightly run writes ~1,400 events (every dbt model and test is one or more).
This class keeps one engine per database and one connection per thread, and commits with
``synchronous=NORMAL``: 1.6 ms an event (benchmarks/findings.md, round 4).

``synchronous=NORMAL`` in WAL mode (Dagster's journal mode for these files) keeps the database consistent
through any crash and keeps every committed event through a crash of the process; only a power cut or a
kernel crash can lose the last events written, as Dagster's run monitoring would then mark the run failed
(deploy/dagster.yaml), while what the warehouse loaded is recorded in DuckDB, not here.

Open databases are bounded (``MAX_OPEN_DATABASES``, least recently used closed first): the webserver and
the daemon read many runs' databases in their lifetime.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import create_db_conn_string
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import SingletonThreadPool

MAX_OPEN_DATABASES = 8
BUSY_TIMEOUT_SECONDS = 15  # as Dagster's own (SQLITE_BUSY_TIMEOUT_SECONDS): another process may be writing


def event_log_directory(dagster_home: str) -> str:
    """Where Dagster keeps the event log of an instance by default: one SQLite file per run, plus index.db."""
    return os.path.join(dagster_home, "history", "runs", "")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that reuses its engines and connections (same files, same layout)."""

    def __init__(self, dagster_home: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(event_log_directory(dagster_home), inst_data=inst_data)

    @classmethod
    def config_type(cls):
        return {"dagster_home": Field(StringSource, description="The instance's folder ($DAGSTER_HOME).")}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            create_db_conn_string(self._base_dir, shard),
            poolclass=SingletonThreadPool,  # one connection per thread, kept open
            connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        event.listen(engine, "connect", _commit_without_waiting_for_the_disk)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > MAX_OPEN_DATABASES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def close_databases(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self.close_databases()  # its files are deleted: no connection may outlive them
        super().wipe()

    def dispose(self) -> None:
        self.close_databases()
        super().dispose()


def _commit_without_waiting_for_the_disk(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")
