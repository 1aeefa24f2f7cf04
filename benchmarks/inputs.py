"""The benchmark's input: generated once per (scale, seed, years), cached, then laid out as landing zones.

``<data>/<scale>-<seed>-<years>/source`` is ``osh generate``'s output. A benchmark day D is chosen from
its receipts log: the latest day with about as many arrivals as a real busy day (about 100 files at
province scale). The world of the benchmark ends on D: *history* is every file received before D,
*the day* is what was received on D (files received after D are left out). Landing zones are built
from hard links (no copy), with ``_receipts.csv`` cut to the files they hold.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import run_measured
from orchestration.ingest.landing_zone import RECEIPTS_LOG, append_receipts


@dataclass(frozen=True)
class Scale:
    name: str
    generator_scale: str  # osh generate --scale
    years: str
    day_files: int  # the size of "one day's arrivals" wanted
    last_year: str  # "one year of history" is the periods of this year (the last one benchmarked)
    province_code: str | None = None  # whom the warehouse serves (OSH_PROVINCE_CODE), if not the default


SCALES = {
    "tiny": Scale("tiny", "sample", "2021-2025", 3, "2025"),
    "province": Scale("province", "province", "2021-2025", 100, "2025"),
    # consolidated provincial extracts: a national warehouse (docs/scaling.md)
    "national": Scale("national", "national", "2021-2025", 100, "2025", province_code="all"),
}


@dataclass(frozen=True)
class Inputs:
    source: Path
    day: str
    history_5y: list[str]  # relative paths received before the day
    history_1y: list[str]  # the same, periods of the last year only
    arrivals: list[str]  # received on the day
    receipts: dict[str, str]
    generation: dict  # how it was generated (and measured, the first time)


def generate(scale: Scale, seed: int, data_dir: Path, workers: int = 2) -> Path:
    """Generate the scale's five years once; later calls reuse it (a marker file says it is complete).

    A benchmark over fewer years takes those years' periods from this one generation (``plan``).
    """
    years = scale.years
    root = data_dir / f"{scale.name}-{seed}-{years}"
    source, marker = root / "source", root / "generated.json"
    if marker.exists():
        return source
    if source.exists():
        shutil.rmtree(source)
    osh = str(Path(sys.executable).parent / "osh")
    command = [osh, "generate", "--scale", scale.generator_scale, "--years", years, "--seed", str(seed),
               "--out", str(source), "--workers", str(workers)]
    measured = run_measured(command, env=os.environ.copy())
    if measured.returncode:
        raise RuntimeError(f"generation failed: {measured.stderr[-2000:]}")
    marker.write_text(json.dumps({
        "command": " ".join(["osh", *command[1:]]), "wall_seconds": round(measured.wall_seconds, 1),
        "peak_rss_mib": round(measured.peak_rss_mib), "years": years,
    }), encoding="utf-8")
    return source


def adopt(source: Path, scale: Scale, seed: int, data_dir: Path) -> Path:
    """Use an existing generated landing zone (same command, generated before) as the cache."""
    years = scale.years
    root = data_dir / f"{scale.name}-{seed}-{years}"
    marker = root / "generated.json"
    if not marker.exists():
        root.mkdir(parents=True, exist_ok=True)
        if source.resolve() != (root / "source").resolve():
            shutil.copytree(source, root / "source", copy_function=os.link)
        marker.write_text(json.dumps({"command": f"osh generate --scale {scale.generator_scale} --years {years} "
                                      f"--seed {seed}", "years": years, "adopted": True}), encoding="utf-8")
    return root / "source"


def read_receipts(source: Path) -> dict[str, str]:
    with (source / RECEIPTS_LOG).open(encoding="utf-8", newline="") as handle:
        return {row["path"]: row["received_at"] for row in csv.DictReader(handle)}


def year_range(years: str) -> list[str]:
    first, _, last = years.partition("-")
    return [str(y) for y in range(int(first), int(last or first) + 1)]


def plan(source: Path, scale: Scale, years: str | None = None) -> Inputs:
    """Day D and the files of each landing zone; with ``years``, only periods of those years exist."""
    kept = tuple(year_range(years or scale.years))
    receipts = read_receipts(source)
    present = {p.relative_to(source).as_posix() for p in source.rglob("*")
               if p.is_file() and not p.name.startswith(("_", "."))
               and p.parent.name.startswith(kept)}
    receipts = {p: t for p, t in receipts.items() if p in present}
    days = Counter(t[:10] for t in receipts.values())
    low, high = max(1, scale.day_files // 2), scale.day_files * 2
    candidates = [d for d, n in days.items() if low <= n <= high]
    if not candidates:  # a few large extracts a day (national scale): the busiest of the last 30 days
        recent = sorted(days)[-30:]
        candidates = [d for d in recent if days[d] == max(days[r] for r in recent)]
    day = max(candidates)
    history = sorted(p for p, t in receipts.items() if t[:10] < day)
    arrivals = sorted(p for p, t in receipts.items() if t[:10] == day)
    history_1y = [p for p in history if p.split("/")[1].startswith(kept[-1])]
    marker = source.parent / "generated.json"
    generation = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
    return Inputs(source, day, history, history_1y, arrivals, receipts, generation)


def lay_out(inputs: Inputs, target: Path, files: list[str]) -> None:
    """A fresh landing zone at ``target`` holding ``files`` (hard links) and their receipts."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    add(inputs, target, files)


def add(inputs: Inputs, target: Path, files: list[str]) -> None:
    """Files arriving in a landing zone: linked in, and their receipt times appended to the log."""
    for relative in files:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.link(inputs.source / relative, destination)
    append_receipts(target, [(relative, inputs.receipts[relative]) for relative in files])


def warm_page_cache(root: Path, files: list[str]) -> dict[str, float]:
    """Read every one of ``files`` (relative to ``root``) once, so that what follows finds them in the page cache.

    Run before each scenario that reads a whole history and before the floor: the landing zones are hard links
    to the cached input, and a run after another scale's benchmark (gigabytes of other files) finds them evicted.
    The pipeline hashes every file before its workers read it, so it would pay the disk while the floor, run
    later, found the same files warm (round 12 of docs/performance.md). Both now start warm, as a nightly run
    finds files that have just arrived. Returns the seconds and bytes it took, for the record.
    """
    started = time.perf_counter()
    size = 0
    for relative in files:
        try:
            with (root / relative).open("rb") as handle:
                while block := handle.read(1 << 20):
                    size += len(block)
        except OSError:  # what cannot be opened, the pipeline refuses and the floor counts as unreadable
            continue
    return {"seconds": round(time.perf_counter() - started, 2), "bytes": size}
