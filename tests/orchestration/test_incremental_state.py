"""When may the nightly dbt build be incremental? Only while the code that built the incremental models'
kept rows — the models, everything upstream of them, the macros, the vars, the served province — is the
code of tonight, and no backfill has re-read files under them."""

from __future__ import annotations

import copy
import json
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from orchestration.incremental_state import (
    forget_incremental_build,
    incremental_fingerprint,
    incremental_is_current,
    incremental_models,
    record_incremental_build,
)
from orchestration.settings import DBT_PROJECT_DIR


def _node(kind: str, checksum: str, depends_on: list[str], materialized: str = "table") -> dict:
    return {"resource_type": kind, "checksum": {"name": "sha256", "checksum": checksum},
            "config": {"materialized": materialized}, "depends_on": {"nodes": depends_on}}


MANIFEST = {
    "nodes": {
        "seed.osh_warehouse.ref_communes": _node("seed", "s1", [], materialized="seed"),
        "model.osh_warehouse.stg_workforce": _node("model", "m1", [], materialized="view"),
        "model.osh_warehouse.fct_workforce": _node(
            "model", "m2", ["model.osh_warehouse.stg_workforce", "seed.osh_warehouse.ref_communes"],
            materialized="incremental"),
        "model.osh_warehouse.ind_rate": _node("model", "m3", ["model.osh_warehouse.fct_workforce"]),
    },
    "macros": {"macro.osh_warehouse.rows_fingerprint": {"package_name": "osh_warehouse", "macro_sql": "sum(hash)"},
               "macro.dbt.is_incremental": {"package_name": "dbt", "macro_sql": "dbt's own"}},
}


def fingerprint(manifest: dict, province: str = "51") -> str:
    return incremental_fingerprint(manifest, DBT_PROJECT_DIR, province_code=province)


def edited(path: list[str], value) -> dict:
    manifest = copy.deepcopy(MANIFEST)
    place = manifest
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    return manifest


def test_the_incremental_models_are_found_by_their_materialisation():
    assert incremental_models(MANIFEST) == ["model.osh_warehouse.fct_workforce"]


@pytest.mark.parametrize("change", [
    ["nodes", "model.osh_warehouse.fct_workforce", "checksum", "checksum"],  # the model itself
    ["nodes", "model.osh_warehouse.stg_workforce", "checksum", "checksum"],  # a model it reads
    ["nodes", "seed.osh_warehouse.ref_communes", "checksum", "checksum"],   # a seed it reads
    ["macros", "macro.osh_warehouse.rows_fingerprint", "macro_sql"],        # a project macro
])
def test_code_upstream_of_an_incremental_model_changes_the_fingerprint(change):
    assert fingerprint(edited(change, "changed")) != fingerprint(MANIFEST)


def test_code_downstream_of_them_or_outside_the_project_does_not():
    assert fingerprint(edited(["nodes", "model.osh_warehouse.ind_rate", "checksum", "checksum"], "x")) == \
        fingerprint(MANIFEST)
    assert fingerprint(edited(["macros", "macro.dbt.is_incremental", "macro_sql"], "x")) == fingerprint(MANIFEST)


def test_another_served_province_changes_the_fingerprint():
    assert fingerprint(MANIFEST, "all") != fingerprint(MANIFEST, "51")


def test_the_real_project_has_its_large_models_incremental():
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert incremental_models(manifest) == ["model.osh_warehouse.fct_accident_summary_lines",
                                            "model.osh_warehouse.fct_annual_osh_reports",
                                            "model.osh_warehouse.fct_insured_workforce_monthly",
                                            "model.osh_warehouse.int_accidents_rate_cells",
                                            "model.osh_warehouse.int_employer_periods",
                                            "model.osh_warehouse.int_reporting_completeness_counts",
                                            "model.osh_warehouse.int_reporting_expected_senders",
                                            "model.osh_warehouse.int_t2_examined_cells",
                                            "model.osh_warehouse.int_t3_monitored_cells"]


def test_current_only_after_a_recorded_build_and_until_forgotten(tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    code = fingerprint(MANIFEST)
    assert not incremental_is_current(warehouse, code)  # no warehouse yet
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute("create schema raw")
    assert not incremental_is_current(warehouse, code)  # no build recorded
    with closing(duckdb.connect(str(warehouse))) as con:
        record_incremental_build(con, code)
    assert incremental_is_current(warehouse, code)
    assert not incremental_is_current(warehouse, fingerprint(MANIFEST, "all"))
    with closing(duckdb.connect(str(warehouse))) as con:
        forget_incremental_build(con)
    assert not incremental_is_current(warehouse, code)
