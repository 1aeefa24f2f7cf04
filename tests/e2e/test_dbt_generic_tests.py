"""The project's own generic dbt tests (dbt_project/macros/tests), run by dbt on a built warehouse."""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from pathlib import Path

import duckdb

from tests.e2e.test_dbt_unit_tests import dbt

MONTHLY = "fct_insured_workforce_monthly"


def _test_results(warehouse: Path) -> list[dict]:
    results = json.loads((warehouse.parent / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    return [r for r in results if r["unique_id"].startswith("test.")]


def test_not_null_columns_names_each_column_that_holds_a_null(fixture_build, tmp_path):
    """One test per model checks every listed column: it passes on the built warehouse, and after nulls are put
    in two of its columns it fails with one row per column, naming it and counting its nulls."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(fixture_build[0] / "warehouse.duckdb", warehouse)
    select = ["test", "--select", f"{MONTHLY},test_name:not_null_columns", "--store-failures"]

    clean = dbt(select, warehouse)
    assert clean.returncode == 0, clean.stdout[-3000:]
    assert [(r["status"], r["failures"]) for r in _test_results(warehouse)] == [("pass", 0)]

    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute(f"update marts.{MONTHLY} set employer_commune_code = null "
                    f"where rowid in (select rowid from marts.{MONTHLY} limit 1)")
        con.execute(f"update marts.{MONTHLY} set month_code = null "
                    f"where rowid in (select rowid from marts.{MONTHLY} limit 2 offset 5)")
    broken = dbt(select, warehouse)
    assert broken.returncode != 0, broken.stdout[-3000:]
    [result] = _test_results(warehouse)
    assert (result["status"], result["failures"]) == ("fail", 2)
    with closing(duckdb.connect(str(warehouse), read_only=True)) as con:
        stored = con.execute(f"select column_name, null_rows from {result['relation_name']} "
                             "order by column_name").fetchall()
    assert stored == [("employer_commune_code", 1), ("month_code", 2)]
