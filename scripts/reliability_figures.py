"""Measure the figures of docs/reliability.md by running the tests that produce them.

    uv run --locked python scripts/reliability_figures.py            # the CI sizes (3 kills, 60 examples)
    uv run --locked python scripts/reliability_figures.py --slow     # + the 20-kill soak
    OSH_FUZZ_EXAMPLES=1000 uv run --locked python scripts/reliability_figures.py --write

The tests append what they actually did to a JSON-lines file (tests/figures.py: bad files tried,
fuzzing examples run, kills survived, rows read and lost, PII and key hits, places scanned); this script
runs pytest with ``OSH_FIGURES_OUT`` set, refuses to report anything if a test failed, sums the lines and
prints the table. With ``--write`` it replaces the table between the markers in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DOC = PROJECT / "docs" / "reliability.md"
BEGIN, END = "<!-- figures:begin (scripts/reliability_figures.py) -->", "<!-- figures:end -->"
TESTS = ["tests/hostile", "tests/security", "tests/e2e/test_soak.py"]


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def run(slow: bool) -> tuple[list[dict], float, str]:
    out = Path(tempfile.mkdtemp(prefix="osh-figures-")) / "figures.jsonl"
    marker = "not spark" if slow else "not slow and not spark"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=15", "-m", marker, *TESTS]
    started = time.monotonic()
    done = subprocess.run(command, cwd=PROJECT, env={**os.environ, "OSH_FIGURES_OUT": str(out)})
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"pytest failed (exit {done.returncode}): no figures are reported from a failing run")
    print(f"figures recorded in {out}")
    return read(out), seconds, " ".join(command[1:])


def table(lines: list[dict], seconds: float, command: str) -> str:
    total: dict[str, float] = defaultdict(float)
    for line in lines:
        total[line["figure"]] += line["value"]
    places = defaultdict(float)
    for line in lines:
        if line["figure"] == "pii_places_scanned":
            places[line.get("place", "?")] += line["value"]
    rejected = sum(1 for line in lines if line["figure"] == "bad_files" and line.get("status") == "rejected")
    corpus = sum(1 for line in lines if line["figure"] == "bad_files" and "status" in line)
    examples = os.environ.get("OSH_FUZZ_EXAMPLES", "60")
    rows = [
        ("bad files tried", f"{total['bad_files']:.0f} ({corpus} corpus files through the pipeline, {rejected} of "
                            f"them rejected and the rest loaded as intended; {total['bad_files'] - corpus:.0f} big "
                            f"files, links, pipes, names and disguised binaries)"),
        ("fuzzing examples run", f"{total['fuzz_examples']:.0f} (OSH_FUZZ_EXAMPLES={examples}, shrinking included)"),
        ("kills survived", f"{total['kills_survived']:.0f} SIGKILLs of a real `osh run` (the run, dbt, everything) "
                           f"at random points of ingestion, the dbt build and publication; after each, the lock "
                           f"free and the served publication readable and unchanged (or the killed run's own, "
                           f"whole); then a complete run equal to an uninterrupted one"),
        ("rows lost", f"{total['rows_lost']:.0f} of {total['rows_read']:.0f} rows read (rows read = loaded + "
                      f"quarantined, per file)"),
        ("PII hits", f"{total['pii_hits']:.0f} in {total['pii_places_scanned']:.0f} places scanned ("
                     + "; ".join(f"{place}: {n:.0f}" for place, n in sorted(places.items())) + ")"),
        ("hash-key hits", f"{total['key_hits']:.0f}"),
    ]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(f"| {name} | {value} |" for name, value in rows)
    return (f"Measured {when} on {platform.machine()} with {os.cpu_count()} CPUs, {seconds / 60:.1f} min, by\n"
            f"`uv run --locked python scripts/reliability_figures.py` (`{command}`):\n\n"
            f"| | figure |\n|---|---|\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", action="store_true", help="also run the slow tests (the 20-kill soak)")
    parser.add_argument("--write", action="store_true", help="replace the figures in docs/reliability.md")
    parser.add_argument("--from", dest="source", type=Path, metavar="JSONL",
                        help="only summarise figures an earlier run recorded (OSH_FIGURES_OUT); no tests run")
    parser.add_argument("--minutes", type=float, default=0.0, help="with --from: how long that run took")
    parser.add_argument("--command", default="", help="with --from: the command that run")
    args = parser.parse_args()
    if args.source:
        lines, seconds, command = read(args.source), args.minutes * 60, args.command
    else:
        lines, seconds, command = run(args.slow)
    text = table(lines, seconds, command)
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        DOC.write_text(doc[:start] + "\n" + text + doc[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
