"""docs/performance.json and docs/performance.md, written from the measurements (never by hand).

The JSON twin keeps one entry per scale and span of years (``province`` for all five, ``province 2025`` for
one); a run replaces its entry and keeps the others,
and the markdown is always rewritten from the whole JSON, followed by benchmarks/findings.md (what
profiling found and what was changed, written by people, kept apart from the figures).
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks.inputs import SCALES

FINDINGS = Path(__file__).resolve().parent / "findings.md"
PACKAGES = ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "pandera", "pandas", "fastexcel",
            "pyarrow")
GIB = 1024


def machine() -> dict:
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"cpus": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1), "machine": platform.machine(),
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "versions": versions}


def targets(result: dict) -> list[dict]:
    s, scale = result["scenarios"], result["scale"]
    floor = result["floor"]["seconds"]
    found = [{
        "target": f"full rebuild of all years ({result['years']}) ≤ 3× the floor",
        "measured": s["full_rebuild"]["wall_seconds"] / floor if floor else None, "limit": 3.0, "unit": "×",
    }]
    peak = max(v.get("peak_rss_mib", 0) for v in s.values())
    found.append({"target": "peak RSS of the process tree ≤ 6 GiB" + ("" if scale == "national" else
                  " (set for national scale)"), "measured": peak / GIB, "limit": 6.0, "unit": "GiB"})
    for name in ("nightly_last_year", "nightly_all_years"):
        found.append({"target": f"{name}: one day's arrivals ≤ 60 s end to end" +
                      ("" if scale == "province" else " (set for province scale)"),
                      "measured": s[name]["wall_seconds"], "limit": 60.0, "unit": "s"})
    found.append({"target": "nothing new ≤ 15 s" + ("" if scale == "province" else " (set for province scale)"),
                  "measured": s["nothing_changed"]["wall_seconds"], "limit": 15.0, "unit": "s"})
    one, five = s["nightly_last_year"]["wall_seconds"], s["nightly_all_years"]["wall_seconds"]
    found.append({"target": f"one day after all years ({result['years']}) ≤ 1.3× one day after one year",
                  "measured": five / one if one else None, "limit": 1.3, "unit": "×"})
    for t in found:
        t["met"] = t["measured"] is not None and t["measured"] <= t["limit"]
        t["applies"] = "set for" not in t["target"]
    return found


def write(result: dict, out_dir: Path, command: str) -> tuple[Path, Path]:
    result = {**result, "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
              "command": command}
    result["targets"] = targets(result)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "performance.json", out_dir / "performance.md"
    whole = json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else {"scales": {}}
    whole["scales"] = {entry_key(r): r for r in [*whole["scales"].values(), result]}
    json_path.write_text(json.dumps(whole, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(whole), encoding="utf-8")
    return json_path, md_path


SCALE_ORDER = tuple(SCALES)


def all_years(result: dict) -> bool:
    return result["scale"] not in SCALES or result.get("years") == SCALES[result["scale"]].years


def entry_key(result: dict) -> str:
    """``province`` for a run over all the generated years, ``province 2025`` for a run over fewer."""
    return result["scale"] if all_years(result) else f"{result['scale']} {result['years']}"


def _f(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


STAGES = ("startup_and_orchestration", "read", "validate", "load", "ingest_other", "dbt_build", "publish", "report")


def markdown(whole: dict) -> str:
    lines = [
        "# Performance: measured speed and memory against the physical floor", "",
        "<!-- Written by `osh bench` (benchmarks/report.py) from docs/performance.json: do not edit by hand. -->", "",
        "One command runs every scenario at a scale, generating and caching the input once "
        "(`data/bench/<scale>-<seed>-<years>/`):", "",
        "```sh", "python3 -m uv run --locked osh bench                    # province scale (the default)",
        "python3 -m uv run --locked osh bench --scale national   # the whole country (hours; see below)",
        "python3 -m uv run --locked osh bench --scale tiny       # the bundled-sample size (the test suite runs it)",
        "```", "",
        "Each pipeline scenario is `osh run` in a child process, as in production (Dagster and dbt start-up "
        "included). Wall and CPU seconds are the child's and all its descendants' (dbt runs in its own "
        "process); peak RSS is the whole process tree sampled every 50 ms from /proc. The stage breakdown "
        "comes from what the run recorded in its Dagster instance: ingestion assets' `seconds_read/validate/"
        "load` metadata, and the step durations of the dbt build, the publication and the reports; "
        "`startup_and_orchestration` is the rest (process start, imports, Dagster's run set-up). "
        "The machine is shared: each figure carries the load average (1 min) before and after it.", "",
    ]
    def order(key: str) -> tuple:
        r = whole["scales"][key]
        scale = SCALE_ORDER.index(r["scale"]) if r["scale"] in SCALE_ORDER else len(SCALE_ORDER)
        return scale, not all_years(r), key

    for key in sorted(whole["scales"], key=order):
        lines += _scale_section(whole["scales"][key])
    if FINDINGS.exists():
        lines += [FINDINGS.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines) + "\n"


def named_readers_floor(floor: dict) -> float | None:
    """The floor with the readers the issue names (DuckDB for UTF-8 CSV) instead of the faster one found (polars);
    None when polars was not measured or was not the faster."""
    formats = floor["by_format"]
    duckdb, polars = formats.get("csv_utf8"), formats.get("csv_utf8_polars")
    if not duckdb or not polars or polars["seconds"] >= duckdb["seconds"]:
        return None
    return floor["seconds"] - polars["seconds"] + duckdb["seconds"]


def _named_readers_line(floor: dict, full_rebuild: float) -> list[str]:
    named = named_readers_floor(floor)
    if named is None:
        return []
    return [f"- with the readers the issue names (DuckDB `read_csv` for UTF-8 CSV, not the faster polars) the floor "
            f"would be {named:.1f} s and the full rebuild {full_rebuild / named:.1f}× it; the target above is held "
            f"to the fastest reader found"]


def _minimum_section(minimum: dict | None, full_rebuild: float, floor: float) -> list[str]:
    lines = ["", "### The minimum: read and land", ""]
    if minimum is None:
        return [*lines, "Not measured in this entry (measured from round 17 on)."]
    stages = minimum["stages_seconds"]
    return [
        *lines,
        "The least any warehouse does with the same files (benchmarks/minimum.py): the floor's fastest reader of "
        "each format, then every row landed in DuckDB as text (one table per family, batches inserted on every core "
        "in the order DuckDB likes best, then a checkpoint). None of the pipeline's work: no typing, no rules, no "
        "lineage, no dbt model, no publication.",
        "",
        f"- {minimum['files']:,} files, {minimum['rows_landed']:,} rows landed in {minimum['tables']} tables "
        f"({minimum['unreadable']} unreadable): **{minimum['seconds']:.1f} s** = "
        f"**{minimum['seconds'] / floor:.1f}×** the floor: read {_f(stages.get('read'))} s, land "
        f"{_f(stages.get('land'))} s; peak RSS "
        f"{minimum['peak_rss_mib']:.0f} MiB, CPU {minimum['cpu_seconds']:.1f} s; warehouse "
        f"{minimum['bytes_warehouse'] / 2**20:,.0f} MiB",
        f"- the full rebuild takes **{full_rebuild / minimum['seconds']:.1f}×** the minimum "
        f"({full_rebuild:.1f} s / {minimum['seconds']:.1f} s)",
    ]


def _repeats_line(scenarios: dict) -> list[str]:
    repeated = {name: s["repeats_wall_seconds"] for name, s in scenarios.items()
                if len(s.get("repeats_wall_seconds", [])) > 1}
    if not repeated:
        return ["", "Each night was run once in this entry (repeated from round 18 on)."]
    runs = "; ".join(f"{name} " + ", ".join(_f(w) for w in walls) for name, walls in repeated.items())
    n = max(len(walls) for walls in repeated.values())
    return ["", f"The nights were each run {n} times from the same warehouse state, taking turns "
                f"(benchmarks/harness.py `repeated_nights`); the rows above and the targets are each night's median "
                f"run. Wall seconds of every run, in the order run: {runs}."]


def _scale_section(r: dict) -> list[str]:
    m, files, floor = r["machine"], r["files"], r["floor"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    gen = r.get("generation") or {}
    lines = [
        f"## Scale: {r['scale']}" + ("" if all_years(r) else f", years {r['years']}"), "",
        f"Measured {r['measured_at']} on {m['cpus']} CPUs, {m['memory_gib']} GiB, {m['machine']}, {m['system']}, "
        f"Python {m['python']}; {versions}.", "",
        f"Command: `{r['command']}`. Input: `{gen.get('command', 'osh generate')}` (seed {r['seed']}, years "
        f"{r['years']}). Day D = {r['day']}: {files['arrivals']} files arrived; all years of history = "
        f"{files['history_5y']:,} files received before D ({files['bytes_history_5y'] / 2**20:,.0f} MiB), "
        f"one year = {files['history_1y']:,} files (periods of the last year). Files received after D are "
        "left out: the benchmark's world ends on D.", "",
        "### Targets", "", "| target | measured | limit | met |", "|---|---:|---:|---|",
    ]
    for t in r["targets"]:
        met = ("**yes**" if t["met"] else "**no**") if t["applies"] else ("yes" if t["met"] else "no") + " (n/a)"
        lines.append(f"| {t['target']} | {_f(t['measured'], 2)} {t['unit']} | {t['limit']} {t['unit']} | {met} |")
    lines += ["", "### Scenarios", "",
              "| scenario | what | wall s | CPU s | peak RSS MiB | rows read | rows/s | load avg before→after |",
              "|---|---|---:|---:|---:|---:|---:|---|"]
    for name, s in r["scenarios"].items():
        if "not_run" in s:
            lines.append(f"| {name} | {s['description']} | not run: {s['not_run']} | | | | | |")
            continue
        lines.append(f"| {name} | {s['description']} | {_f(s['wall_seconds'])} | {_f(s['cpu_seconds'])} | "
                     f"{_f(s['peak_rss_mib'], 0)} | {s['rows_read']:,} | {_f(s['rows_per_second'], 0)} | "
                     f"{s['load_average'][0]} → {s['load_average'][1]} |")
    lines += _repeats_line(r["scenarios"])
    lines += ["", "Breakdown by stage (wall seconds; `ingest_other` = landing-zone scan, checksums, asset checks):",
              "", "| scenario | " + " | ".join(STAGES) + " |", "|---|" + "---:|" * len(STAGES)]
    for name, s in r["scenarios"].items():
        if "not_run" in s:
            continue
        stages = s["stages_seconds"]
        lines.append(f"| {name} | " + " | ".join(_f(stages.get(k)) if k in stages else "–" for k in STAGES) + " |")
    lines += [
        "", "### The floor", "",
        "The fastest available reader of each format reading every file of the full rebuild's history once, one call "
        "per file (per-file open costs included): DuckDB `read_csv`/`read_json` for UTF-8 CSV and JSON, calamine "
        "through fastexcel for XLSX, Python's `cp1258` codec then polars for Windows-1258 CSV (benchmarks/floor.py). "
        "UTF-8 CSV is also read by polars, and the faster of the two counts (DuckDB's sniffer costs more than the "
        "parse on a small file). The floor and every build from scratch start with the files in the page cache: each "
        "file is read once just before them (benchmarks/inputs.py `warm_page_cache`), as a nightly run finds files "
        "that have just arrived"
        + (f" ({floor['page_cache_warmed']['seconds']:.1f} s before the floor)." if "page_cache_warmed" in floor
           else "; this entry was measured before that was done, and its floor may have found them warmer."),
        "",
        f"- {floor['files']:,} files, {floor['rows']:,} rows read, {floor['unreadable']} unreadable (the generator's "
        f"broken uploads, attempts counted): **{floor['seconds']:.1f} s** reading "
        f"({floor['wall_seconds']:.1f} s for the whole process, both CSV readers and start-up included), "
        f"CPU {floor['cpu_seconds']:.1f} s, "
        f"peak RSS {floor['peak_rss_mib']:.0f} MiB; load average {floor['load_average'][0]} → "
        f"{floor['load_average'][1]}",
        "- by format: " + ", ".join(f"{k} {v['files']:,} files {v['seconds']:.1f} s" for k, v in
                                    sorted(floor["by_format"].items())),
    ]
    full = r["scenarios"]["full_rebuild"]
    read = full["stages_seconds"].get("read", 0)
    lines.append(f"- the full rebuild takes **{full['wall_seconds'] / floor['seconds']:.1f}×** the floor "
                 f"({full['wall_seconds']:.1f} s / {floor['seconds']:.1f} s); its read stage alone "
                 f"{read:.1f} s = {read / floor['seconds']:.1f}× the floor")
    lines += _named_readers_line(floor, full["wall_seconds"])
    lines += _minimum_section(r.get("minimum"), full["wall_seconds"], floor["seconds"])
    side = r["validation_side_by_side"]
    pl_, pd_ = side["polars"], side["pandas"]
    lines += [
        "", "### Validation side by side", "",
        f"The same {pl_['rows']:,} rows ({', '.join(pl_['families'])}: the families sent in few large files; the "
        "many-small-file families are left out to keep it short), read once by the pipeline's reader, then "
        "validated family by family over the whole frame (benchmarks/validation.py). The pandas schema carries "
        "the column checks and the two shared cross-field rules only, so it does less work than the polars one.",
        "", "| way | validate s | rows/s | extra peak RSS MiB while validating | failure cases |",
        "|---|---:|---:|---:|---:|",
        f"| pandera on polars (chosen: one call per family, in bulk) | {pl_['seconds']:.2f} | "
        f"{pl_['rows_per_second']:,.0f} | {pl_['validation_peak_extra_mib']:.0f} | {pl_['failure_cases']:,} |",
        f"| pandera on pandas (whole frame, converted) | {pd_['seconds']:.2f} | {pd_['rows_per_second']:,.0f} | "
        f"{pd_['validation_peak_extra_mib']:.0f} | {pd_['failure_cases']:,} |",
        "", f"pandas / polars: **{pd_['seconds'] / pl_['seconds']:.1f}×** the time"
        + (f", {pd_['validation_peak_extra_mib'] / pl_['validation_peak_extra_mib']:.1f}× the extra memory."
           if pl_["validation_peak_extra_mib"] > 0 else "."), "",
    ]
    return lines
