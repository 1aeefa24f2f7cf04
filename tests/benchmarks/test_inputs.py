"""Day D of a benchmark: one day's arrivals, with the history before it (benchmarks/inputs.py plan)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from benchmarks.inputs import SCALES, plan, warm_page_cache
from orchestration.ingest.landing_zone import append_receipts


def _zone(root: Path, per_day: dict[str, int]) -> Path:
    receipts = []
    for day, count in per_day.items():
        folder = root / "accident_summary" / f"{day[:4]}S1"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            name = f"f{day}-{i}.csv"
            (folder / name).write_text("x", encoding="utf-8")
            receipts.append((f"accident_summary/{day[:4]}S1/{name}", f"{day}T08:00:00+07:00"))
    append_receipts(root, receipts)
    return root


def test_province_takes_the_latest_day_with_about_a_days_worth_of_files(tmp_path):
    zone = _zone(tmp_path, {"2025-03-01": 120, "2025-03-02": 3, "2025-06-01": 90, "2025-06-02": 4})
    inputs = plan(zone, SCALES["province"], "2025")
    assert inputs.day == "2025-06-01" and len(inputs.arrivals) == 90
    assert len(inputs.history_5y) == 123 and not set(inputs.arrivals) & set(inputs.history_5y)


def test_national_takes_the_busiest_of_the_last_thirty_days_not_the_busiest_ever(tmp_path):
    # a few large extracts a day: no day has ~100 files; the busiest day ever is years before the end
    start = date(2025, 1, 1)
    per_day = {"2021-07-14": 23} | {(start + timedelta(days=i)).isoformat(): 2 + i % 5 for i in range(60)}
    zone = _zone(tmp_path, per_day)
    inputs = plan(zone, SCALES["national"])
    recent = sorted(per_day)[-30:]
    busiest = max(per_day[d] for d in recent)
    assert inputs.day == max(d for d in recent if per_day[d] == busiest)
    assert len(inputs.history_1y) > 0 and "2021S1" in " ".join(inputs.history_5y)


def test_warming_the_page_cache_reads_every_file_whole_and_skips_what_cannot_be_opened(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "big.bin").write_bytes(b"x" * (3 << 20))  # more than one read block
    (tmp_path / "small.csv").write_text("ma_so_thue\n0100109106\n", encoding="utf-8")
    warmed = warm_page_cache(tmp_path, ["a/big.bin", "small.csv", "gone.xlsx"])
    assert warmed["bytes"] == (3 << 20) + (tmp_path / "small.csv").stat().st_size
    assert warmed["seconds"] >= 0
