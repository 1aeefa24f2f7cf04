"""The code location loads, and its asset graph is what the snapshot says it is."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.jobs import WAREHOUSE_WRITER_TAG

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.txt"


def describe_graph(defs: dg.Definitions) -> str:
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        kind = "materializable" if node.is_materializable else "external"
        parents = ", ".join(sorted(p.to_user_string() for p in node.parent_keys))
        lines.append(f"{key.to_user_string()} [{node.group_name}] ({kind}) <- {parents}")
    for check in sorted(graph.asset_check_keys, key=lambda k: (k.asset_key.to_user_string(), k.name)):
        lines.append(f"check {check.asset_key.to_user_string()}:{check.name}")
    return "\n".join(lines) + "\n"


def test_definitions_load_with_the_nightly_schedule():
    defs = build_definitions()
    schedule = defs.resolve_schedule_def("nightly_at_0100")
    assert schedule.cron_schedule == "0 1 * * *"
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    job = defs.resolve_job_def("nightly_materialisation")
    assert job.tags == WAREHOUSE_WRITER_TAG


def test_asset_graph_matches_snapshot():
    """Set OSH_UPDATE_SNAPSHOTS=1 to rewrite the snapshot after a deliberate change, then review the diff."""
    actual = describe_graph(build_definitions())
    if os.environ.get("OSH_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(actual, encoding="utf-8")
    assert actual == SNAPSHOT.read_text(encoding="utf-8")


def test_every_indicator_reads_through_ingestion():
    graph = build_definitions().resolve_asset_graph()
    t1 = dg.AssetKey(["indicators", "ind_t1_fatal_rate_yearly"])
    upstream = graph.get(t1).parent_keys
    assert upstream, "the T1 indicator must depend on the marts"
    ancestors = set()
    frontier = [t1]
    while frontier:
        key = frontier.pop()
        for parent in graph.get(key).parent_keys:
            if parent not in ancestors:
                ancestors.add(parent)
                frontier.append(parent)
    assert {dg.AssetKey(["raw", "accident_cases"]), dg.AssetKey(["raw", "insured_workforce"])} <= ancestors


def test_reference_seed_tests_are_not_asset_checks_and_their_warning_is_dropped():
    """The seeds' tests run only when the seeds change; as checks, every night planned 203 of them and warned
    that each gave no result. Their outcome, when they run, is an observation of the seed, without a warning."""
    import logging

    from orchestration.assets.dbt import _seed_test_names, _SeedTestObservationNote

    graph = build_definitions().resolve_asset_graph()
    checked_groups = {graph.get(check.asset_key).group_name for check in graph.asset_check_keys}
    assert "reference" not in checked_groups and {"staging", "marts", "indicators"} <= checked_groups
    names = _seed_test_names()
    assert len(names) > 150 and all("ref_" in name for name in names)

    def kept(test_name: str) -> bool:
        message = ("Logging an `AssetObservation` instead of an `AssetCheckResult` for dbt test "
                   f"`{test_name}`.\n\nThis test was not included in Dagster's asset check selection")
        return _SeedTestObservationNote().filter(logging.LogRecord("dagster.builtin", logging.WARNING, "", 0,
                                                                   message, None, None))

    assert not kept(sorted(names)[0])
    assert kept("not_null_fct_accident_victims_severity")
    assert any(isinstance(f, _SeedTestObservationNote) for f in logging.getLogger("dagster.builtin").filters)
