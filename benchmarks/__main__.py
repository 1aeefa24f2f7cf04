"""``python -m benchmarks --scale province`` (the same as ``osh bench``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks.harness import run_scale
from benchmarks.report import write

PROJECT = Path(__file__).resolve().parent.parent


def bench(scale: str = "province", seed: int = 31, years: str | None = None, data_dir: Path | None = None,
          out_dir: Path | None = None, spark: bool = True) -> tuple[Path, Path]:
    data_dir = (data_dir or PROJECT / "data" / "bench").resolve()
    out_dir = out_dir or PROJECT / "docs"
    command = f"osh bench --scale {scale}" + (f" --years {years}" if years else "") + (
        f" --seed {seed}" if seed != 31 else "") + ("" if spark else " --no-spark")
    result = run_scale(scale, seed, data_dir, years, spark=spark)
    raw = data_dir / f"last-result-{scale}.json"  # the measurements, kept should the report fail
    raw.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return write(result, out_dir, command)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks: writes docs/performance.md and docs/performance.json.")
    parser.add_argument("--scale", default="province", choices=["tiny", "province", "national"])
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--years", default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--out-dir", type=Path, default=None)
    parser.add_argument("--no-spark", action="store_true", help="leave the Spark column out")
    options = parser.parse_args()
    for path in bench(options.scale, options.seed, options.years, options.data_dir, options.out_dir,
                      spark=not options.no_spark):
        print(path)


if __name__ == "__main__":
    main()
