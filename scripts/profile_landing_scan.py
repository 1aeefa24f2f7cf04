"""How long the landing-zone scan takes with and without the checksum cache (raw.landing_checksums).

    uv run --locked python scripts/profile_landing_scan.py /tmp/wt8b-lz [--repeat 3]

Over the given landing zone, in a scratch folder (the landing zone is only read):

1. *scan, cold*: what each of the ten ingestion assets does at the start of a nightly run over every
   period, with an empty cache: read the family's cache entries, scan (every file hashed), store the
   entries (orchestration/assets/ingestion.py). One warehouse, the ten families one after the other.
2. *scan, warm*: the same again: every file's stat is unchanged, so no file is read.
3. *nothing_new, cold / warm*: ``osh run``'s short cut (orchestration/nothing_new.py) over a scratch
   warehouse whose ``raw.files`` lists every file by checksum and path and a publication made
   afterwards: without ``raw.landing_checksums`` (an older warehouse: every file hashed), then with it.
   The dbt manifest check is left out (it is about the dbt project, not the landing zone).

"Cold" means no cache entry. With ``--evict`` the landing zone's file contents are also dropped from
the page cache before every repetition (``posix_fadvise(DONTNEED)``, no privileges needed; inodes and
folders stay cached), as for a nightly run long after the files arrived; without it they are in the
page cache after the first pass. Times are wall seconds (best of ``--repeat``), with the 1-minute load
average, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import duckdb

import orchestration.ingest.landing_zone as landing_zone
import orchestration.nothing_new as nothing_new_module
from orchestration.ingest.landing_zone import checksum_updates, landing_periods, scan_family, stale_checksums
from orchestration.ingest.load import CHECKSUMS_TABLE, RAW_SCHEMA, read_checksums, store_checksums
from orchestration.publication import SERVED_NAME
from orchestration.settings import load_settings
from schemas.registry import FAMILIES


class HashCounter:
    """Counts the files actually read to compute a checksum."""

    def __init__(self) -> None:
        self.calls = 0
        self._real = landing_zone.file_sha256

    def __call__(self, path: Path) -> str:
        self.calls += 1
        return self._real(path)


def scan_like_the_assets(raw_dir: Path, warehouse: Path, periods: list[str]) -> tuple[int, int]:
    """What the ingestion assets do before and after ingesting: files scanned, cache entries stored."""
    scanned = stored = 0
    with closing(duckdb.connect(str(warehouse))) as con:
        for family in sorted(FAMILIES):
            checksums = read_checksums(con, family)
            files = scan_family(raw_dir, family, periods=periods, checksums=checksums)
            updates = checksum_updates(files)
            store_checksums(con, updates, stale_checksums(checksums, files, family, periods))
            scanned += len(files)
            stored += len(updates)
    return scanned, stored


def loaded_warehouse(raw_dir: Path, source: Path, target: Path, with_checksums: bool) -> None:
    """A warehouse whose raw.files lists every file (checksums from ``source``'s cache), as after a run."""
    shutil.copyfile(source, target)
    with closing(duckdb.connect(str(target))) as con:
        con.execute(f"""
            CREATE TABLE {RAW_SCHEMA}.files AS
            SELECT sha256 AS file_sha256, path AS source_file, now() - INTERVAL 1 HOUR AS processed_at
            FROM {RAW_SCHEMA}.{CHECKSUMS_TABLE};
            CREATE TABLE {RAW_SCHEMA}.audit (event VARCHAR, file_sha256 VARCHAR, source_file VARCHAR);
        """)
        if not with_checksums:
            con.execute(f"DROP TABLE {RAW_SCHEMA}.{CHECKSUMS_TABLE}")


def published(publish_dir: Path) -> None:
    publish_dir.mkdir(parents=True, exist_ok=True)
    with closing(duckdb.connect(str(publish_dir / SERVED_NAME))) as con:
        con.execute("CREATE SCHEMA publication; CREATE TABLE publication.about AS SELECT now() AS published_at")


def evict_page_cache(raw_dir: Path) -> None:
    """Drop the cached contents of every regular file under ``raw_dir`` (links are not followed)."""
    for folder, _, names in os.walk(raw_dir):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(descriptor)


def best_of(repeat: int, prepare, measure) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        result = measure()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--evict", action="store_true", help="drop the files' contents from the page cache first")
    args = parser.parse_args()
    raw_dir = args.raw_dir.resolve()
    counter = HashCounter()
    landing_zone.file_sha256 = counter  # counts; the real function still computes every checksum
    periods = landing_periods(raw_dir, FAMILIES)
    print(f"landing zone: {raw_dir}  ({len(periods)} periods)  load average before: {os.getloadavg()}  "
          f"page cache: {'evicted before each repetition' if args.evict else 'as it is'}")

    with tempfile.TemporaryDirectory(prefix="profile_landing_scan.") as scratch:
        scratch = Path(scratch)
        warehouse = scratch / "scan.duckdb"
        rows = []

        def reset() -> None:
            counter.calls = 0
            if args.evict:
                evict_page_cache(raw_dir)

        def empty() -> None:
            warehouse.unlink(missing_ok=True)
            reset()

        cold, (files, stored) = best_of(args.repeat, empty, lambda: scan_like_the_assets(raw_dir, warehouse, periods))
        rows.append(("scan, cold (no cache)", cold, counter.calls, files, stored))
        # racy entries (files changed less than RACY_NS before the scan) are trusted only once older
        time.sleep(landing_zone.RACY_NS / 1e9)
        scan_like_the_assets(raw_dir, warehouse, periods)
        warm, (files, stored) = best_of(args.repeat, reset, lambda: scan_like_the_assets(raw_dir, warehouse, periods))
        rows.append(("scan, warm (cache)", warm, counter.calls, files, stored))

        settings = replace(load_settings(), raw_dir=raw_dir, warehouse_path=scratch / "loaded.duckdb",
                           publish_dir=scratch / "published")
        nothing_new_module.manifest_is_stale = lambda: False  # the dbt project is not what is measured
        families = sorted(FAMILIES)
        for label, with_checksums in (("nothing_new, cold (no table)", False), ("nothing_new, warm (cache)", True)):
            loaded_warehouse(raw_dir, warehouse, settings.warehouse_path, with_checksums)
            published(settings.publish_dir)
            seconds, reason = best_of(args.repeat, reset, lambda: nothing_new_module.nothing_new(settings, families))
            if reason is None:
                raise SystemExit(f"{label}: nothing_new wants a run; the scratch warehouse is not as intended")
            rows.append((label, seconds, counter.calls, int(reason.split("all ")[1].split()[0]), 0))
            shutil.rmtree(settings.publish_dir)

    print(f"{'':32}{'seconds':>9}{'files':>8}{'hashed':>8}{'stored':>8}")
    for label, seconds, hashed, count, stored in rows:
        print(f"{label:32}{seconds:9.2f}{count:8,}{hashed:8,}{stored:8,}")
    print(f"load average after: {os.getloadavg()}  (best of {args.repeat}; hashed: in the last repetition)")


if __name__ == "__main__":
    main()
