"""The nights are each run several times from the same state, taking turns, and the median run counts."""

from __future__ import annotations

from benchmarks.harness import Night, repeated_nights
from benchmarks.pipeline import Chain


def _chain(root, name):
    chain = Chain(root / name)
    (chain.raw / "insured_workforce").mkdir(parents=True)
    (chain.raw / "insured_workforce" / "day_d.csv").write_text("arrived on day D\n", encoding="utf-8")
    (chain.root / "warehouse.duckdb").write_text("built\n", encoding="utf-8")
    (chain.root / "dagster_home").mkdir()
    (chain.root / "dagster_home" / "runs.db").write_text("runs: 1\n", encoding="utf-8")
    return chain


def test_every_run_starts_from_the_state_before_the_first_and_the_median_counts(tmp_path):
    five, one = _chain(tmp_path, "five_years"), _chain(tmp_path, "one_year")
    walls = iter([50.0, 30.0, 41.0, 33.0, 47.0, 31.0])  # five, one, five, one, five, one
    seen = []

    def night(chain: Chain) -> dict:
        """What a run does to its chain: the warehouse and the instance change, new folders appear."""
        warehouse = chain.root / "warehouse.duckdb"
        seen.append((chain.root.name, warehouse.read_text(encoding="utf-8"),
                     sorted(p.name for p in chain.root.iterdir())))
        warehouse.write_text(warehouse.read_text(encoding="utf-8") + "night\n", encoding="utf-8")
        (chain.root / "dagster_home" / "runs.db").write_text("runs: 2\n", encoding="utf-8")
        (chain.root / "published").mkdir(exist_ok=True)
        return {"wall_seconds": next(walls), "run": len(seen)}

    results = repeated_nights([Night("nightly_all_years", five, "five", 7), Night("nightly_last_year", one, "one", 3)],
                              3, night)

    assert [name for name, _, _ in seen] == ["five_years", "one_year"] * 3  # taking turns
    # every run found the warehouse as built, and no folder a previous run left
    assert all(state == "built\n" and folders == ["dagster_home", "raw", "warehouse.duckdb"]
               for _, state, folders in seen)
    assert results["nightly_all_years"]["repeats_wall_seconds"] == [50.0, 41.0, 47.0]
    assert results["nightly_all_years"]["wall_seconds"] == 47.0 and results["nightly_all_years"]["run"] == 5
    assert results["nightly_last_year"]["wall_seconds"] == 31.0 and results["nightly_last_year"]["run"] == 6
    assert results["nightly_all_years"]["description"] == "five"
    assert results["nightly_last_year"]["landing_zone_files"] == 3
    # each chain is left one night later, as a single run leaves it; the landing zone untouched; no copy left
    for chain in (five, one):
        assert (chain.root / "warehouse.duckdb").read_text(encoding="utf-8") == "built\nnight\n"
        assert (chain.root / "dagster_home" / "runs.db").read_text(encoding="utf-8") == "runs: 2\n"
        assert (chain.raw / "insured_workforce" / "day_d.csv").read_text(encoding="utf-8") == "arrived on day D\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["five_years", "one_year"]


def test_a_single_run_is_the_result(tmp_path):
    five = _chain(tmp_path, "five_years")
    results = repeated_nights([Night("nightly_all_years", five, "five", 7)], 1, lambda chain: {"wall_seconds": 9.5})
    assert results["nightly_all_years"]["wall_seconds"] == 9.5
    assert results["nightly_all_years"]["repeats_wall_seconds"] == [9.5]
