"""Arrivals start ingestion for just their period; touched-but-unchanged files start nothing; the nightly
schedule covers every period in one run."""

from __future__ import annotations

import os
import shutil

import dagster as dg

from orchestration.arrivals import detect_arrivals, record_receipts
from orchestration.ingest.landing_zone import read_receipts
from orchestration.schedules import nightly_schedule
from orchestration.sensors import landing_zone_arrivals

NEW_FILE = "accident_cases/2024S1/4300300033_so_tnld_2024S1.csv"


def evaluate_sensor(instance: dg.DagsterInstance) -> list[dg.RunRequest]:
    result = landing_zone_arrivals(dg.build_sensor_context(instance=instance))
    return [] if isinstance(result, dg.SkipReason) else list(result)


def add_new_file(raw) -> None:
    source = raw / "accident_cases/2023S1/4300300033_so_tnld_2023S1.csv"
    text = source.read_text(encoding="utf-8").replace("2023S1", "2024S1").replace("/05/2023", "/05/2024")
    (raw / NEW_FILE).write_text(text, encoding="utf-8")


def test_a_new_file_starts_exactly_one_run_for_its_period(warehouse_env):
    raw = warehouse_env["raw"]
    instance = dg.DagsterInstance.ephemeral()
    first = evaluate_sensor(instance)
    assert sorted(r.partition_key for r in first) == sorted(
        {p.name for family in raw.iterdir() if family.is_dir() for p in family.iterdir() if p.is_dir()}
    )
    assert evaluate_sensor(instance) == []  # nothing new

    add_new_file(raw)
    [request] = evaluate_sensor(instance)
    assert request.partition_key == "2024S1"
    assert request.job_name in (None, "nightly_materialisation")
    assert evaluate_sensor(instance) == []

    os.utime(raw / NEW_FILE)  # touched, same content
    assert evaluate_sensor(instance) == []
    assert "2024S1" in instance.get_dynamic_partitions("reporting_periods")


def test_changed_content_at_a_known_path_is_an_arrival(tmp_path):
    folder = tmp_path / "accident_cases" / "2025S1"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("x\n1\n", encoding="utf-8")
    state, arrivals = detect_arrivals(tmp_path, ["accident_cases"], {})
    assert [a.relative_path for a in arrivals] == ["accident_cases/2025S1/a.csv"]
    (folder / "a.csv").write_text("x\n2\n", encoding="utf-8")
    _, again = detect_arrivals(tmp_path, ["accident_cases"], state)
    assert [(a.period, a.family) for a in again] == [("2025S1", "accident_cases")]


def test_first_receipt_time_is_recorded_once(tmp_path):
    import datetime as dt

    folder = tmp_path / "health_checks" / "2025S1"
    folder.mkdir(parents=True)
    (folder / "f.csv").write_text("x\n", encoding="utf-8")
    _, arrivals = detect_arrivals(tmp_path, ["health_checks"], {})
    first = dt.datetime(2025, 7, 3, 1, 0, tzinfo=dt.UTC)
    assert record_receipts(tmp_path, arrivals, first) == 1
    assert record_receipts(tmp_path, arrivals, first + dt.timedelta(days=9)) == 0
    assert read_receipts(tmp_path) == {"health_checks/2025S1/f.csv": first}


def test_the_nightly_schedule_requests_one_run_over_every_period(warehouse_env):
    with dg.instance_for_test() as instance:
        request = nightly_schedule(dg.build_schedule_context(instance=instance))
        partitions = instance.get_dynamic_partitions("reporting_periods")
    assert request.tags["dagster/asset_partition_range_start"] == partitions[0]
    assert request.tags["dagster/asset_partition_range_end"] == partitions[-1]
    assert set(partitions) >= {"2023S1", "2025S2", "202301", "202512"}


def test_the_schedule_skips_an_empty_landing_zone(warehouse_env):
    shutil.rmtree(warehouse_env["raw"])
    warehouse_env["raw"].mkdir()
    with dg.instance_for_test() as instance:
        result = nightly_schedule(dg.build_schedule_context(instance=instance))
    assert isinstance(result, dg.SkipReason)
