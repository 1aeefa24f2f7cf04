"""docs/performance.json keeps one entry per scale and span of years, and the markdown is written from all of
them (the committed measurements are the input: real figures, not made-up ones)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from benchmarks import report

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "performance.json"


def _committed_entry() -> dict:
    whole = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return next(iter(whole["scales"].values()))


def test_a_run_over_fewer_years_keeps_its_own_entry(tmp_path):
    one_year = _committed_entry()
    five_years = copy.deepcopy(one_year) | {"years": "2021-2025"}
    one_year = one_year | {"years": "2025"}
    report.write(one_year, tmp_path, "osh bench --years 2025")
    json_path, md_path = report.write(five_years, tmp_path, "osh bench")
    whole = json.loads(json_path.read_text(encoding="utf-8"))
    assert set(whole["scales"]) == {"province", "province 2025"}
    assert whole["scales"]["province"]["command"] == "osh bench"
    assert whole["scales"]["province 2025"]["command"] == "osh bench --years 2025"
    headings = [line for line in md_path.read_text(encoding="utf-8").splitlines() if line.startswith("## Scale")]
    assert headings == ["## Scale: province", "## Scale: province, years 2025"]  # all years first


def test_running_a_span_again_replaces_its_entry(tmp_path):
    entry = _committed_entry() | {"years": "2025"}
    report.write(entry, tmp_path, "first")
    json_path, _ = report.write(entry, tmp_path, "second")
    whole = json.loads(json_path.read_text(encoding="utf-8"))
    assert list(whole["scales"]) == ["province 2025"] and whole["scales"]["province 2025"]["command"] == "second"


def test_an_entry_written_before_spans_had_keys_is_filed_under_its_span(tmp_path):
    entry = _committed_entry() | {"years": "2025"}
    (tmp_path / "performance.json").write_text(json.dumps({"scales": {"province": entry}}), encoding="utf-8")
    json_path, _ = report.write(copy.deepcopy(entry) | {"years": "2021-2025"}, tmp_path, "five")
    assert set(json.loads(json_path.read_text(encoding="utf-8"))["scales"]) == {"province", "province 2025"}


def test_the_minimum_is_reported_against_the_floor_and_the_rebuild(tmp_path):
    entry = _committed_entry()
    floor, rebuild = entry["floor"]["seconds"], entry["scenarios"]["full_rebuild"]["wall_seconds"]
    minimum = {"seconds": 2 * floor, "stages_seconds": {"read": floor, "land": floor},
               "rows_read": 1_000, "rows_landed": 1_000, "tables": 3, "files": 12, "unreadable": 1,
               "bytes_warehouse": 3 * 2**20, "wall_seconds": 2 * floor + 1,
               "cpu_seconds": 3.0, "peak_rss_mib": 250.0, "load_average": [0.1, 0.2]}
    _, md_path = report.write(entry | {"minimum": minimum}, tmp_path, "osh bench")
    markdown = md_path.read_text(encoding="utf-8")
    assert "### The minimum: read and land" in markdown
    assert f"**{2 * floor:.1f} s** = **2.0×** the floor" in markdown
    assert f"the full rebuild takes **{rebuild / (2 * floor):.1f}×** the minimum" in markdown
    older = {key: value for key, value in entry.items() if key != "minimum"}  # measured before it existed
    _, md_path = report.write(older, tmp_path / "older", "osh bench")
    assert "Not measured in this entry" in md_path.read_text(encoding="utf-8")


def test_the_floor_with_the_issues_named_readers_is_reported_beside_the_fastest(tmp_path):
    entry = copy.deepcopy(_committed_entry())
    floor = entry["floor"]
    floor["seconds"] = 10.0
    floor["by_format"] = {"csv_utf8": {"files": 4, "seconds": 30.0}, "csv_utf8_polars": {"files": 4, "seconds": 6.0},
                          "xlsx": {"files": 2, "seconds": 4.0}}
    entry["scenarios"]["full_rebuild"]["wall_seconds"] = 68.0
    assert report.named_readers_floor(floor) == 34.0  # 4 s of XLSX + DuckDB's 30 s in place of polars' 6
    _, md_path = report.write(entry, tmp_path, "osh bench")
    markdown = md_path.read_text(encoding="utf-8")
    assert "the full rebuild takes **6.8×** the floor" in markdown
    assert "the floor would be 34.0 s and the full rebuild 2.0× it" in markdown
    floor["by_format"]["csv_utf8_polars"]["seconds"] = 31.0  # DuckDB the faster: the floor already is the named one
    assert report.named_readers_floor(floor) is None
    _, md_path = report.write(entry, tmp_path / "duckdb_faster", "osh bench")
    assert "- with the readers the issue names" not in md_path.read_text(encoding="utf-8")


def test_the_nights_repeated_runs_are_listed(tmp_path):
    entry = copy.deepcopy(_committed_entry())
    entry["scenarios"]["nightly_all_years"]["repeats_wall_seconds"] = [44.0, 41.5, 47.3]
    entry["scenarios"]["nightly_last_year"]["repeats_wall_seconds"] = [40.0, 39.0, 42.0]
    _, md_path = report.write(entry, tmp_path, "osh bench")
    markdown = md_path.read_text(encoding="utf-8")
    assert "The nights were each run 3 times from the same warehouse state" in markdown
    assert "nightly_all_years 44.0, 41.5, 47.3; nightly_last_year 40.0, 39.0, 42.0" in markdown
    for scenario in entry["scenarios"].values():
        scenario.pop("repeats_wall_seconds", None)
    _, md_path = report.write(entry, tmp_path / "older", "osh bench")
    assert "Each night was run once in this entry" in md_path.read_text(encoding="utf-8")
