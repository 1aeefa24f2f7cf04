"""Checks on the seeds of the social-insurance families: benefit case types and benefit types."""

from __future__ import annotations

import yaml

from schemas.insurance_benefits import InsuranceBenefitReport
from tests.reference.test_reference_data import SEED_DIR, read

SOCIAL_INSURANCE_SEEDS = ("ref_benefit_case_types", "ref_benefit_types")


def test_yaml_describes_every_social_insurance_seed_and_column() -> None:
    spec = yaml.safe_load((SEED_DIR / "_reference__social_insurance.yml").read_text(encoding="utf-8"))
    seeds = {seed["name"]: seed for seed in spec["seeds"]}
    assert set(seeds) == set(SOCIAL_INSURANCE_SEEDS)
    for name in SOCIAL_INSURANCE_SEEDS:
        seed, header = seeds[name], list(read(f"{name}.csv")[0])
        assert seed["description"].strip()
        assert [col["name"] for col in seed["columns"]] == header
        assert all(col.get("description", "").strip() for col in seed["columns"])
        assert list(seed["config"]["column_types"]) == header
        for col in ("code", "name_vi", "name_en"):
            assert seed["config"]["column_types"][col] == "varchar", (name, col)


def test_the_template_uses_both_lists() -> None:
    lists = {c.name: c.code_list for c in InsuranceBenefitReport.columns()}
    assert lists["case_type"] == "ref_benefit_case_types"
    assert lists["benefit_type"] == "ref_benefit_types"
    # the rules name these two case types
    assert {row["code"] for row in read("ref_benefit_case_types.csv")} == {"accident", "occupational_disease"}


def test_capacity_loss_bounds_follow_the_law() -> None:
    """OSH Law 84/2015: one-time allowance 5-30% (art. 48), monthly from 31% (art. 49), attendant from 81% (art. 52)."""
    bounds = {
        row["code"]: (row["min_capacity_loss_pct"], row["max_capacity_loss_pct"])
        for row in read("ref_benefit_types.csv")
    }
    assert bounds["one_time"] == ("5", "30")
    assert bounds["monthly"] == ("31", "100")
    assert bounds["attendant"] == ("81", "100")
    assert bounds["death"] == bounds["funeral"] == ("", "")
    for low, high in bounds.values():
        assert (low == "") == (high == "")
        if low:
            assert 5 <= int(low) <= int(high) <= 100
