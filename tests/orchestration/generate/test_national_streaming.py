"""The national scale streams: a capped run's memory growth stays far below its output."""

from __future__ import annotations

import csv
import resource

from orchestration.generate.profiles import Scale
from orchestration.generate.runner import GenerateConfig, generate


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def test_a_capped_national_run_writes_consolidated_extracts_in_bounded_memory(tmp_path):
    before = _peak_rss_mb()
    config = GenerateConfig(Scale.NATIONAL, (2025,), 31, tmp_path / "national", families=("insured_workforce",),
                            provinces=("51", "48"), months=(1,))
    summary = generate(config)
    growth = _peak_rss_mb() - before
    files = sorted(p.name for p in (config.out / "insured_workforce" / "202501").iterdir())
    assert files == ["insured_workforce_48_202501.csv", "insured_workforce_51_202501.csv"]
    assert summary.rows["insured_workforce"] > 30_000
    written = sum(p.stat().st_size for p in config.out.rglob("*.csv")) / 2**20
    assert growth < 250, f"peak memory grew by {growth:.0f} MB for {written:.1f} MB written"
    with (config.out / "_receipts.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 2
