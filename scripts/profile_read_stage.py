"""Time the ingestion of N landing-zone files (read, validate, load) into a fresh DuckDB file.

Picks the files round-robin over the families (sorted paths), so that N files spread over every family
until the small ones run out, then runs ``orchestration.ingest.pipeline.ingest_files`` family by family,
as the ingestion assets do, and prints files, rows, seconds and files per second, with the stage
breakdown the pipeline records and the load average before and after.

    uv run --locked osh generate --scale province --years 2025 --seed 7 --out /tmp/lz
    uv run --locked python scripts/profile_read_stage.py /tmp/lz --files 1500
    uv run --locked python scripts/profile_read_stage.py /tmp/lz --families accident_summary --files 300 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from itertools import zip_longest
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from orchestration.ingest.landing_zone import LandingFile, read_receipts, scan_family  # noqa: E402
from orchestration.ingest.pipeline import ingest_files  # noqa: E402
from orchestration.ingest.readers import ReadLimits  # noqa: E402
from schemas.registry import FAMILIES  # noqa: E402

KEY = b"profile-read-stage-not-a-secret"


def pick(raw: Path, families: list[str], n: int) -> dict[str, list[LandingFile]]:
    receipts = read_receipts(raw)
    found = {family: scan_family(raw, family, receipts) for family in families}
    chosen: dict[str, list[LandingFile]] = {family: [] for family in families}
    taken = 0
    for row in zip_longest(*found.values()):
        for family, landing in zip(families, row, strict=True):
            if landing is not None and taken < n:
                chosen[family].append(landing)
                taken += 1
    return {family: files for family, files in chosen.items() if files}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path, help="a landing zone (osh generate --out)")
    parser.add_argument("--files", type=int, default=1500, help="how many files, round-robin over families")
    parser.add_argument("--families", help="only these families, comma separated (default: all)")
    parser.add_argument("--warehouse", type=Path, help="DuckDB file to create (default: a temporary one)")
    parser.add_argument("--profile", action="store_true", help="cProfile the ingestion; print the top 30")
    args = parser.parse_args()
    families = args.families.split(",") if args.families else sorted(FAMILIES)
    chosen = pick(args.raw, families, args.files)
    with tempfile.TemporaryDirectory(prefix="profile-read-stage-") as scratch:
        warehouse = args.warehouse or Path(scratch) / "warehouse.duckdb"
        if warehouse.exists():
            raise SystemExit(f"{warehouse} exists: give a new file")
        load_before = os.getloadavg()[0]
        profiler = cProfile.Profile() if args.profile else None
        stages = {"read": 0.0, "validate": 0.0, "load": 0.0}
        files = rows = loaded = rejected = 0
        started = time.perf_counter()
        with duckdb.connect(str(warehouse)) as con:
            for family, landing in chosen.items():
                if profiler:
                    profiler.enable()
                result = ingest_files(con, FAMILIES[family], landing, KEY, ReadLimits())
                if profiler:
                    profiler.disable()
                files += len(result.outcomes)
                rows += result.total("rows_read")
                loaded += result.total("rows_loaded")
                rejected += result.total("rows_rejected")
                for stage, seconds in result.seconds.items():
                    stages[stage] += seconds
                print(f"  {family:32s} {len(landing):6d} files {result.total('rows_read'):8d} rows "
                      f"{result.count('rejected'):4d} files rejected  read {result.seconds['read']:.1f} s")
        seconds = time.perf_counter() - started
        load_after = os.getloadavg()[0]
    print(f"files {files}  rows {rows} (loaded {loaded}, rejected {rejected})  seconds {seconds:.1f}  "
          f"files/s {files / seconds:.1f}")
    print("stages " + "  ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
    print(f"load average (1 min) {load_before:.2f} -> {load_after:.2f}, {os.cpu_count()} CPUs")
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(30)


if __name__ == "__main__":
    main()
