"""osh run's short cut when nothing arrived: anything uncertain means "run"."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import duckdb

from orchestration.ingest.load import CONTROL_DDL
from orchestration.nothing_new import nothing_new
from orchestration.settings import SAMPLE_RAW_DIR, load_settings
from schemas.family_names import FAMILY_NAMES
from schemas.registry import FAMILIES


def test_no_warehouse_or_no_publication_means_run(tmp_path):
    settings = replace(load_settings(), warehouse_path=tmp_path / "w.duckdb", publish_dir=tmp_path / "pub")
    assert nothing_new(settings, ["accident_cases"]) is None
    settings.warehouse_path.write_bytes(b"")
    assert nothing_new(settings, ["accident_cases"]) is None  # no publication yet


def test_the_short_cut_imports_neither_the_templates_nor_the_orchestration_stack(tmp_path):
    """A night with nothing new decides from the landing zone and the warehouse alone: pandera (with pandas),
    Dagster and dbt are not imported, as their imports were half of its time (docs/performance.md, round 15)."""
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute(CONTROL_DDL)  # a warehouse that has loaded nothing yet
    probe = f"""
import sys
from dataclasses import replace
from pathlib import Path
from orchestration.settings import load_settings
from orchestration.nothing_new import nothing_new, scan_landing_zone
from schemas.family_names import FAMILY_NAMES
settings = replace(load_settings(), warehouse_path=Path({str(tmp_path / "w.duckdb")!r}),
                   publish_dir=Path({str(tmp_path / "pub")!r}))
scan = scan_landing_zone(settings, sorted(FAMILY_NAMES))
assert scan.files > 100 and len(scan.new) == len(FAMILY_NAMES), scan  # the bundled sample, all of it new
nothing_new(settings, sorted(FAMILY_NAMES), scan)
print(sorted({{name.split(".")[0] for name in sys.modules}} & {{"pandera", "pandas", "dagster", "dbt", "pyarrow"}}))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={**os.environ, "OSH_RAW_DIR": str(SAMPLE_RAW_DIR)})
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_family_names_are_the_templates_families():
    assert sorted(FAMILY_NAMES) == sorted(FAMILIES)
