"""Measure the generator: wall time, peak memory of the process tree, files and rows per family.

Runs ``osh generate`` at province scale (2021-2025) and national scale in child processes, samples the
resident memory of each child and all its descendants from /proc, and writes the figures into
docs/generator.md between the "measured" markers (never typed by hand).

    .venv/bin/python scripts/measure_generator.py                    # both scales
    .venv/bin/python scripts/measure_generator.py --skip-national    # province only
    .venv/bin/python scripts/measure_generator.py --national-years 2021-2025
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.measure import run_measured  # the same process-tree sampler as the benchmarks

PROJECT = Path(__file__).resolve().parent.parent
DOC = PROJECT / "docs" / "generator.md"
BEGIN, END = "<!-- measured:begin -->", "<!-- measured:end -->"
def measure(args: list[str]) -> dict:
    """Run the generator in a child process; its summary, wall time and the tree's peak RSS."""
    measured = run_measured([sys.executable, __file__, "--child", json.dumps(args)], cwd=PROJECT, interval=0.1)
    if measured.returncode:
        raise SystemExit(f"generator failed ({measured.returncode}): {args}\n{measured.stderr[-2000:]}")
    summary = json.loads(measured.stdout.strip().splitlines()[-1])
    summary["wall_seconds"] = measured.wall_seconds
    summary["cpu_seconds"] = measured.cpu_seconds
    summary["peak_tree_rss_mib"] = measured.peak_rss_mib
    summary["largest_process_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return summary


def _child(args: list[str]) -> None:
    sys.path.insert(0, str(PROJECT))
    from orchestration.generate.command import run

    scale, years, seed, out, workers = args
    summary = run(scale, years, int(seed), Path(out), 0.02, workers=int(workers))
    size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    print(json.dumps({"files": summary.files, "rows": summary.rows, "injected": sum(summary.injected.values()),
                      "bytes": size, "generator_seconds": summary.seconds}))


def _table(title: str, command: str, m: dict, machine: str) -> list[str]:
    lines = [
        f"### {title}", "", machine, "", f"`{command}`", "",
        f"- wall time: **{m['wall_seconds']:.0f} s** ({m['wall_seconds'] / 60:.1f} min); CPU time of all its "
        f"processes {m['cpu_seconds']:.0f} s (does not depend on other work on the machine)",
        f"- peak memory of the process tree: **{m['peak_tree_rss_mib']:.0f} MiB** "
        f"(largest single process {m['largest_process_rss_mib']:.0f} MiB)",
        f"- written: {sum(m['files'].values()):,} files, {sum(m['rows'].values()):,} rows, "
        f"{m['bytes'] / 2**20:,.0f} MiB; {m['injected']:,} manifest entries", "",
        "| family | files | rows |", "|---|---:|---:|",
    ]
    lines += [f"| {f} | {m['files'][f]:,} | {m['rows'].get(f, 0):,} |" for f in m["files"]]
    return [*lines, ""]


def write_doc(sections: dict[str, list[str]]) -> None:
    """Replace the measured sections by title; sections not measured this time are kept."""
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC} lacks the {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    old, tail = rest.split(END, 1)
    kept: dict[str, list[str]] = {}
    for block in old.split("\n### ")[1:]:
        lines = ("### " + block).strip("\n").splitlines()
        kept[lines[0]] = [*lines, ""]
    merged = kept | sections
    body = [line for title in sorted(merged, key=lambda t: ("National" in t, t)) for line in merged[title]]
    DOC.write_text(f"{head}{BEGIN}\n\n" + "\n".join(body) + f"{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--national-years", default="2025")
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-province", action="store_true")
    parser.add_argument("--keep", type=Path, help="Generate here and keep the output (default: a temporary folder)")
    options = parser.parse_args()
    if options.child:
        _child(json.loads(options.child))
        return
    root = options.keep or Path(tempfile.mkdtemp(prefix="osh-generate-"))
    sections: dict[str, list[str]] = {}
    runs = []
    if not options.skip_province:
        runs.append(("Province scale, 2021-2025", "province", "2021-2025"))
    if not options.skip_national:
        runs.append((f"National scale, {options.national_years}", "national", options.national_years))
    try:
        for title, scale, years in runs:
            out = root / scale
            load_before = os.getloadavg()[0]
            m = measure([scale, years, str(options.seed), str(out), str(options.workers)])
            machine = (
                f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
                f"Python {platform.python_version()}; load average {load_before:.1f} before, "
                f"{os.getloadavg()[0]:.1f} after (other work on the machine slows the run)."
            )
            command = f"osh generate --scale {scale} --years {years} --seed {options.seed} --workers {options.workers}"
            sections[f"### {title}"] = _table(title, command, m, machine)
            print("\n".join(sections[f"### {title}"]))
            if not options.keep:
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if not options.keep:
            shutil.rmtree(root, ignore_errors=True)
    write_doc(sections)
    print(f"figures written to {DOC.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
