"""Checks on the seed of the enterprise report families: the breakdowns of the accident summary."""

from __future__ import annotations

import yaml

from schemas import reference
from schemas.accident_summary import DIMENSIONS, TOTAL, AccidentSummaryReport
from tests.reference.test_reference_data import SEED_DIR, read

ENTERPRISE_SEEDS = (DIMENSIONS,)


def test_yaml_describes_every_enterprise_seed_and_column() -> None:
    spec = yaml.safe_load((SEED_DIR / "_reference__enterprises.yml").read_text(encoding="utf-8"))
    seeds = {seed["name"]: seed for seed in spec["seeds"]}
    assert set(seeds) == set(ENTERPRISE_SEEDS)
    for name in ENTERPRISE_SEEDS:
        seed, header = seeds[name], list(read(f"{name}.csv")[0])
        assert seed["description"].strip()
        assert [col["name"] for col in seed["columns"]] == header
        assert all(col.get("description", "").strip() for col in seed["columns"])
        for col in header:
            if col == "code" or col.endswith("_code"):
                assert seed["config"]["column_types"][col] == "varchar", (name, col)


def test_each_breakdown_points_at_a_real_code_list() -> None:
    rows = read(f"{DIMENSIONS}.csv")
    assert [row["code"] for row in rows if not row["code_list"]] == [TOTAL]
    for row in rows:
        if row["code_list"]:
            assert reference.codes(row["code_list"]), row["code_list"]
        assert row["accidents_additive"] in ("true", "false")


def test_the_summary_template_reads_this_seed() -> None:
    dimension = {c.name: c for c in AccidentSummaryReport.columns()}["breakdown_dimension"]
    assert dimension.code_list == DIMENSIONS
