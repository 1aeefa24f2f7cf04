"""Figures the reliability tests measure, for docs/reliability.md.

A test calls :func:`record` with what it actually did (bad files tried, fuzzing examples run, kills
survived, rows read and lost, PII findings, places scanned). Nothing is written unless
``OSH_FIGURES_OUT`` names a file: then each call appends one JSON line to it, and
``scripts/reliability_figures.py`` runs the tests and sums the lines into the table of
docs/reliability.md. Works across processes (pytest-xdist workers, subprocesses): appends are atomic
for lines this short.
"""

from __future__ import annotations

import json
import os


def record(figure: str, value: int | float = 1, **detail: object) -> None:
    out = os.environ.get("OSH_FIGURES_OUT")
    if not out:
        return
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
    line = json.dumps({"figure": figure, "value": value, "test": test, **detail}, ensure_ascii=False, default=str)
    with open(out, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
