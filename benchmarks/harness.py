"""The benchmark scenarios at one scale, measured and written to docs/performance.md and its JSON twin.

Scenarios (each one ``osh run`` in a child process, see pipeline.py):

- ``full_rebuild``: an empty warehouse, all the years of history (everything received before day D);
- ``nightly_all_years``: the same warehouse after day D's arrivals land (each night run NIGHT_REPEATS times from
  the same state, taking turns with ``nightly_last_year``; the median counts);
- ``nothing_changed``: the same again with nothing new;
- ``build_last_year`` then ``nightly_last_year``: a warehouse holding one year (the last) of history, then day D;
- ``spark_nightly_last_year``: ``nightly_last_year`` with ``OSH_ENGINE=spark`` (needs the [spark] extra and Java).

Plus, on the same files: the floor (floor.py), the least any warehouse does with them, reading and landing
(minimum.py), and validation side by side (validation.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import inputs as lz
from benchmarks.measure import run_measured
from benchmarks.pipeline import Chain, run_pipeline

# Each night is run this many times, from the same state, the two nights taking turns (repeated_nights): a single
# run of a province night is 30-50 s, and this host's speed wanders by 10-20% from one minute to the next.
NIGHT_REPEATS = 3
SIDE_BY_SIDE_MAX_FILES = 1500  # families with more files than this (many tiny files) are left out of it
# ... and of a family's files, the first this many bytes (the pandas way holds a family's rows at once: a
# national family's five years would not fit in memory)
SIDE_BY_SIDE_MAX_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class Night:
    name: str
    chain: Chain  # its warehouse built, the day's arrivals already in its landing zone
    description: str
    files_in_zone: int


def repeated_nights(nights: list[Night], repeats: int, run: Callable[[Chain], dict]) -> dict[str, dict]:
    """Each night run ``repeats`` times from the same state (its chain restored in between), the nights taking
    turns, so that a slow minute of the host falls on both sides of their ratio; each night's result is its
    median run (by wall time), with every run's wall time in ``repeats_wall_seconds`` (in the order run).

    The chains are left as their last run leaves them: one night later, as a single run would."""
    saved = {night.name: _save_state(night.chain) for night in nights}
    runs: dict[str, list[dict]] = {night.name: [] for night in nights}
    try:
        for i in range(repeats):
            for night in nights:
                if i:
                    _restore_state(night.chain, saved[night.name])
                runs[night.name].append(run(night.chain))
    finally:
        for folder in saved.values():
            shutil.rmtree(folder, ignore_errors=True)
    results = {}
    for night in nights:
        walls = [r["wall_seconds"] for r in runs[night.name]]
        median = sorted(runs[night.name], key=lambda r: r["wall_seconds"])[(len(walls) - 1) // 2]
        results[night.name] = {**median, "repeats_wall_seconds": walls, "description": night.description,
                               "landing_zone_files": night.files_in_zone}
    return results


def _save_state(chain: Chain) -> Path:
    """A copy of everything of the chain but its landing zone (which a run only reads)."""
    saved = chain.root.with_name(chain.root.name + ".before_night")
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(chain.root, saved, ignore=lambda folder, _: ["raw"] if Path(folder) == chain.root else [],
                    symlinks=True)
    return saved


def _restore_state(chain: Chain, saved: Path) -> None:
    for entry in chain.root.iterdir():
        if entry.name != "raw":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    shutil.copytree(saved, chain.root, dirs_exist_ok=True, symlinks=True)


def spark_unavailable() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "the [spark] extra is not installed (pyspark not importable)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime"
    return None


def _child(module: str, *args: str, province_code: str | None = None) -> tuple[dict, dict]:
    env = os.environ.copy()
    if province_code:
        env["OSH_PROVINCE_CODE"] = province_code
    measured = run_measured([sys.executable, "-m", module, *args], env=env,
                            cwd=Path(__file__).resolve().parent.parent)
    if measured.returncode:
        raise RuntimeError(f"{module} failed: {measured.stderr[-3000:]}")
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    return result, {"wall_seconds": round(measured.wall_seconds, 2), "cpu_seconds": round(measured.cpu_seconds, 2),
                    "peak_rss_mib": round(measured.peak_rss_mib, 1),
                    "load_average": [round(measured.load_before, 2), round(measured.load_after, 2)]}


def run_scale(scale_name: str, seed: int, data_dir: Path, years: str | None = None, log=print,
              spark: bool = True, night_repeats: int = NIGHT_REPEATS) -> dict:
    scale = lz.SCALES[scale_name]
    source = lz.generate(scale, seed, data_dir)
    plan = lz.plan(source, scale, years)
    work = source.parent / f"runs-{years or scale.years}"
    shutil.rmtree(work, ignore_errors=True)  # every warehouse starts empty
    log(f"[bench] {scale_name}: day D = {plan.day}: {len(plan.arrivals)} arrivals; history "
        f"{len(plan.history_5y)} files (last year {len(plan.history_1y)})")
    listing = work / "history_5y.json"
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(json.dumps({"root": str(source), "files": plan.history_5y}), encoding="utf-8")

    scenarios: dict[str, dict] = {}
    n = f"{len(lz.year_range(years or scale.years))} year(s)"

    def scenario(name: str, chain: Chain, description: str, files_in_zone: int,
                 warm: list[str] | None = None) -> None:
        log(f"[bench] {scale_name}: {name} ...")
        warmed = lz.warm_page_cache(chain.raw, warm) if warm else None
        result = run_pipeline(chain)
        result.update(description=description, landing_zone_files=files_in_zone)
        if warmed:
            result["page_cache_warmed"] = warmed
        scenarios[name] = result
        log(f"[bench]   {name}: {result['wall_seconds']} s wall, {result['peak_rss_mib']} MiB, stages "
            f"{result['stages_seconds']}")

    five = Chain(work / "five_years", province_code=scale.province_code)
    lz.lay_out(plan, five.raw, plan.history_5y)
    scenario("full_rebuild", five, f"empty warehouse, all {n} of history", len(plan.history_5y), plan.history_5y)
    one = None
    if plan.history_1y != plan.history_5y:
        one = Chain(work / "one_year", province_code=scale.province_code)
        lz.lay_out(plan, one.raw, plan.history_1y)
        scenario("build_last_year", one, "empty warehouse, one year of history (the last)", len(plan.history_1y),
                 plan.history_1y)
    nights = [Night("nightly_all_years", five, f"after {n}, the {len(plan.arrivals)} files of day D",
                    len(plan.history_5y) + len(plan.arrivals))]
    if one is not None:
        nights.append(Night("nightly_last_year", one, f"after one year, the {len(plan.arrivals)} files of day D",
                            len(plan.history_1y) + len(plan.arrivals)))
    for night in nights:
        lz.add(plan, night.chain.raw, plan.arrivals)
    log(f"[bench] {scale_name}: {', '.join(night.name for night in nights)}: {night_repeats} times each, "
        f"taking turns ...")
    scenarios.update(repeated_nights(nights, night_repeats, run_pipeline))
    for night in nights:
        result = scenarios[night.name]
        log(f"[bench]   {night.name}: {result['wall_seconds']} s wall (median of {result['repeats_wall_seconds']}), "
            f"{result['peak_rss_mib']} MiB, stages {result['stages_seconds']}")
    scenario("nothing_changed", five, "the same landing zone again", len(plan.history_5y) + len(plan.arrivals))
    if one is None:  # one year benchmarked: the same warehouse, not built twice
        scenarios["build_last_year"] = {**scenarios["full_rebuild"], "description": "= full_rebuild (one year)"}
        # the same runs: listed once, under nightly_all_years
        night = {k: v for k, v in scenarios["nightly_all_years"].items() if k != "repeats_wall_seconds"}
        scenarios["nightly_last_year"] = {**night, "description": "= nightly_all_years (one year)"}

    reason = ("run at province scale only" if scale_name == "national" else
              "left out of this run (--no-spark)" if not spark else spark_unavailable())
    if reason is None:
        spark = Chain(work / "one_year_spark", engine="spark")
        lz.lay_out(plan, spark.raw, plan.history_1y)
        scenario("spark_build_last_year", spark, "OSH_ENGINE=spark: one year of history", len(plan.history_1y),
                 plan.history_1y)
        lz.add(plan, spark.raw, plan.arrivals)
        scenario("spark_nightly_last_year", spark, "OSH_ENGINE=spark: after one year, day D",
                 len(plan.history_1y) + len(plan.arrivals))
    else:
        scenarios["spark_nightly_last_year"] = {"not_run": reason,
                                                "description": "OSH_ENGINE=spark: after one year, day D"}

    log(f"[bench] {scale_name}: floor ...")
    warmed = lz.warm_page_cache(source, plan.history_5y)
    floor, floor_measured = _child("benchmarks.floor", str(listing))
    floor.update(floor_measured, page_cache_warmed=warmed)
    log(f"[bench]   floor: {floor['seconds']:.1f} s reading, {floor['wall_seconds']} s with start-up")

    log(f"[bench] {scale_name}: the minimum (read and land) ...")
    lz.warm_page_cache(source, plan.history_5y)
    minimum, minimum_measured = _child("benchmarks.minimum", str(listing), str(work / "minimum"))
    minimum.update(minimum_measured)
    log(f"[bench]   minimum: {minimum['seconds']:.1f} s ({minimum['stages_seconds']})")

    counts: dict[str, int] = {}
    for path in plan.history_5y:
        counts[path.split("/")[0]] = counts.get(path.split("/")[0], 0) + 1
    bulk, weights = [], {}
    for path in plan.history_5y:
        family = path.split("/")[0]
        size = (source / path).stat().st_size
        if counts[family] <= SIDE_BY_SIDE_MAX_FILES and weights.get(family, 0) + size <= SIDE_BY_SIDE_MAX_BYTES:
            bulk.append(path)
            weights[family] = weights.get(family, 0) + size
    side_listing = work / "side_by_side.json"
    side_listing.write_text(json.dumps({"root": str(source), "files": bulk}), encoding="utf-8")
    side = {}
    for way in ("polars", "pandas"):
        log(f"[bench] {scale_name}: validation with pandera on {way} ...")
        result, measured = _child("benchmarks.validation", way, str(side_listing), province_code=scale.province_code)
        result["process"] = measured
        side[way] = result

    order = ["full_rebuild", "nightly_all_years", "nothing_changed", "build_last_year", "nightly_last_year"]
    scenarios = {name: scenarios[name] for name in order if name in scenarios} | scenarios
    return {
        "scale": scale_name, "seed": seed, "years": years or scale.years, "day": plan.day,
        "generation": plan.generation,
        "files": {"history_5y": len(plan.history_5y), "history_1y": len(plan.history_1y),
                  "arrivals": len(plan.arrivals),
                  "bytes_history_5y": floor["bytes"]},
        "scenarios": scenarios, "floor": floor, "minimum": minimum, "validation_side_by_side": side,
    }
