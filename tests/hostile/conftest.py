"""Helpers of the hostile-input tests: a private landing zone and warehouse, and a bound on time and memory."""

from __future__ import annotations

import re
import resource
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import FamilyResult, FileOutcome, ingest_files
from orchestration.ingest.readers import ReadLimits
from schemas.registry import FAMILIES
from tests.conftest import TEST_ID_HASH_KEY
from tests.figures import record
from tests.hostile.make_corpus import FAMILY, FILES, PERIOD


@dataclass
class Ingested:
    result: FamilyResult
    warehouse: Path

    def outcome(self, name: str) -> FileOutcome:
        [found] = [o for o in self.result.outcomes if o.source_file.endswith("/" + name)]
        return found

    def query(self, sql: str, *args) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql, list(args)).fetchall()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    """An empty landing zone with the accident folder of the corpus's period."""
    raw = tmp_path / "raw"
    (raw / FAMILY / PERIOD).mkdir(parents=True)
    return raw


def place(raw: Path, name: str, content: bytes | Path | None = None, family: str = FAMILY) -> Path:
    """A file in the landing zone: a corpus file by name, or given content."""
    target = raw / family / PERIOD / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        shutil.copyfile(FILES / name, target)
    elif isinstance(content, Path):
        shutil.move(content, target)
    else:
        target.write_bytes(content)
    return target


def ingest(raw: Path, family: str = FAMILY, limits: ReadLimits | None = None) -> Ingested:
    warehouse = raw.parent / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        result = ingest_files(con, FAMILIES[family], scan_family(raw, family), TEST_ID_HASH_KEY.encode(), limits)
    for outcome in result.outcomes:  # whatever the file, never the catch-all, and every row accounted for
        assert outcome.reason != "unexpected_error", outcome
        record("rows_read", outcome.rows_read)
        record("rows_lost", outcome.rows_read - outcome.rows_loaded - outcome.rows_rejected)
        assert outcome.rows_read == outcome.rows_loaded + outcome.rows_rejected, outcome
    return Ingested(result, warehouse)


def _status_kb(field: str) -> int | None:
    try:
        match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def _reset_peak() -> bool:
    """Linux lets a process reset its peak resident size (VmHWM) by writing 5 to clear_refs."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Usage:
    seconds: float = 0.0
    peak_mb: float = 0.0  # peak resident memory above the resident memory at the start


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[Usage]:
    """Fail unless the block finishes within ``seconds`` and its peak resident memory stays within
    ``megabytes`` above where it started (VmHWM, reset first; else the growth of ru_maxrss, a lower bound).
    Covers memory allocated by polars and calamine in Rust, which tracemalloc does not see."""
    usage = Usage()
    start_rss = _status_kb("VmRSS")
    exact = start_rss is not None and _reset_peak()
    start_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    yield usage
    usage.seconds = time.monotonic() - start
    if exact:
        usage.peak_mb = ((_status_kb("VmHWM") or 0) - start_rss) / 1024
    else:
        usage.peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_max) / 1024
    assert usage.seconds < seconds, f"took {usage.seconds:.1f} s (bound {seconds} s)"
    assert usage.peak_mb < megabytes, f"peak memory +{usage.peak_mb:.0f} MB (bound {megabytes} MB)"


@pytest.fixture(autouse=True)
def _count_bad_files(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test of the big files and of the landing zone tries one hostile file (or link, pipe, name)."""
    yield
    if request.module.__name__.rsplit(".", 1)[-1] in ("test_big_files", "test_landing_zone"):
        record("bad_files", 1, file=request.node.name)
