"""Resources, configured from the environment through ``orchestration.settings``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.ingest.readers import ReadLimits
from orchestration.settings import duckdb_config, load_read_limits, load_settings
from orchestration.writer_lock import writer_lock


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Every writing step opens it, writes, and closes it again."""

    path: str

    @contextmanager
    def connect(self, read_only: bool = False, purpose: str = "write") -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if read_only:
            with closing(duckdb.connect(self.path, read_only=True, config=duckdb_config())) as con:
                yield con
            return
        with writer_lock(Path(self.path), purpose), closing(duckdb.connect(self.path, config=duckdb_config())) as con:
            yield con

    @contextmanager
    def writing(self, purpose: str) -> Iterator[None]:
        """Hold the writer lock while another process (dbt) writes the file."""
        with writer_lock(Path(self.path), purpose):
            yield


class PublicationResource(dg.ConfigurableResource):
    """Where the read-only publications for analysts and BI tools live (see orchestration.publication)."""

    publish_dir: str


class LandingZoneResource(dg.ConfigurableResource):
    """Where senders' files arrive (``<raw_dir>/<family>/<period>/<file>``) and the key that hashes IDs.

    The key is read from the environment when a run needs it, never stored in the resource's
    configuration (which Dagster shows in its UI and run records).
    """

    raw_dir: str

    def id_hash_key(self) -> bytes:
        return replace(load_settings(), raw_dir=Path(self.raw_dir).resolve()).id_hash_key

    def read_limits(self) -> ReadLimits:
        """File size, rows, cell length, columns, uncompressed size: OSH_MAX_* (orchestration.settings)."""
        return load_read_limits()
