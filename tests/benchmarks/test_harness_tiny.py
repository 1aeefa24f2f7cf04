"""The benchmark harness at tiny scale, end to end, so that it cannot rot (the big scales are not in CI)."""

from __future__ import annotations

import json

import pytest

from benchmarks.__main__ import bench
from benchmarks.harness import NIGHT_REPEATS
from benchmarks.inputs import SCALES, lay_out, plan

PIPELINE_SCENARIOS = ("full_rebuild", "nightly_all_years", "nothing_changed", "build_last_year", "nightly_last_year")


# Two `osh run`s, the floor and validation side by side on the generated tiny input: about two minutes on
# 2 cores. With it, CI measured 1,347-1,449 s of its 1,500: on demand, pytest -m slow tests/benchmarks
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    # one year benchmarked: one chain of runs instead of two, to keep CI short
    # the Spark column is left out: tests/spark compares the engines
    json_path, md_path = bench("tiny", years="2025", data_dir=root / "data", out_dir=root / "docs", spark=False)
    return json.loads(json_path.read_text(encoding="utf-8")), md_path.read_text(encoding="utf-8"), root


def test_every_scenario_has_positive_figures(measured):
    whole, _, _ = measured
    result = whole["scales"]["tiny 2025"]
    for name in PIPELINE_SCENARIOS:
        s = result["scenarios"][name]
        assert s["wall_seconds"] > 0 and s["cpu_seconds"] > 0 and s["peak_rss_mib"] > 0, name
        assert set(s["stages_seconds"]) >= {"startup_and_orchestration"}, name
    for name in ("full_rebuild", "build_last_year", "nightly_all_years", "nightly_last_year"):
        s = result["scenarios"][name]
        # the day's arrivals may all be broken uploads (no rows) at tiny scale; the full builds always read rows
        assert s["dagster_run"] and (s["rows_read"] > 0 or name.startswith("nightly")), name
        assert s["rows_per_second"] > 0 or name.startswith("nightly"), name
        assert {"read", "validate", "load", "dbt_build", "publish", "report"} <= set(s["stages_seconds"]), name
        assert s["stages_seconds"]["dbt_build"] > 0 and s["stages_seconds"]["read"] > 0, name
    assert "--no-spark" in result["scenarios"]["spark_nightly_last_year"]["not_run"]
    night = result["scenarios"]["nightly_all_years"]
    # run NIGHT_REPEATS times from the same warehouse state; the median run counts
    assert len(night["repeats_wall_seconds"]) == NIGHT_REPEATS
    assert night["wall_seconds"] == sorted(night["repeats_wall_seconds"])[(NIGHT_REPEATS - 1) // 2]
    # one year benchmarked: nightly_last_year is the same runs, listed once (under nightly_all_years)
    assert "repeats_wall_seconds" not in result["scenarios"]["nightly_last_year"]


def test_nothing_changed_runs_neither_dagster_nor_dbt(measured):
    whole, _, _ = measured
    s = whole["scales"]["tiny 2025"]["scenarios"]["nothing_changed"]
    assert not s["dagster_run"] and s["rows_read"] == 0
    assert "Nothing to do" in s["stdout_tail"][0]


def test_floor_side_by_side_and_machine(measured):
    whole, _, _ = measured
    result = whole["scales"]["tiny 2025"]
    floor = result["floor"]
    assert floor["seconds"] > 0 and floor["rows"] > 0 and floor["files"] == result["files"]["history_5y"]
    # the floor and the builds from scratch start with the same files in the page cache
    assert floor["page_cache_warmed"]["bytes"] == floor["bytes"]
    assert result["scenarios"]["full_rebuild"]["page_cache_warmed"]["bytes"] == floor["bytes"]
    assert "page_cache_warmed" not in result["scenarios"]["nightly_all_years"]
    minimum = result["minimum"]  # the same files read and landed
    assert minimum["files"] == floor["files"] and minimum["rows_landed"] == minimum["rows_read"] > 0
    assert minimum["seconds"] > 0 and minimum["peak_rss_mib"] > 0
    for way in ("polars", "pandas"):
        side = result["validation_side_by_side"][way]
        assert side["seconds"] > 0 and side["rows"] > 0 and side["rows_per_second"] > 0
    assert result["validation_side_by_side"]["polars"]["rows"] == result["validation_side_by_side"]["pandas"]["rows"]
    assert result["machine"]["cpus"] > 0 and result["machine"]["memory_gib"] > 0
    assert {t["target"].split(" ")[0] for t in result["targets"]} >= {"full", "peak", "nothing"}


def test_markdown_is_written_from_the_measurements(measured):
    whole, markdown, _ = measured
    assert "do not edit by hand" in markdown and "## Scale: tiny, years 2025" in markdown
    for name in (*PIPELINE_SCENARIOS, "spark_nightly_last_year"):
        assert f"| {name} |" in markdown
    full = whole["scales"]["tiny 2025"]["scenarios"]["full_rebuild"]
    assert f"{full['wall_seconds']:,.1f}" in markdown


def test_the_day_splits_the_history(measured):
    _, _, root = measured
    source = root / "data" / "tiny-31-2021-2025" / "source"
    inputs = plan(source, SCALES["tiny"])
    assert inputs.arrivals and not set(inputs.arrivals) & set(inputs.history_5y)
    assert set(inputs.history_1y) <= set(inputs.history_5y)
    assert all(inputs.receipts[p][:10] < inputs.day for p in inputs.history_5y)
    lay_out(inputs, root / "zone", inputs.arrivals)
    assert len((root / "zone" / "_receipts.csv").read_text().splitlines()) == len(inputs.arrivals) + 1
