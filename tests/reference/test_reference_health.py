"""Checks on the seeds of the health families: the facility registry and the exposure factors."""

from __future__ import annotations

import yaml

from schemas import reference
from schemas.health_checks import HealthCheckReport
from schemas.occupational_disease_exams import OccupationalDiseaseExamReport
from schemas.work_environment_monitoring import WorkEnvironmentMonitoringReport
from tests.reference.test_reference_data import SEED_DIR, read

HEALTH_SEEDS = ("ref_reporting_facilities", "ref_exposure_factors")


def test_yaml_describes_every_health_seed_and_column() -> None:
    spec = yaml.safe_load((SEED_DIR / "_reference__health.yml").read_text(encoding="utf-8"))
    seeds = {seed["name"]: seed for seed in spec["seeds"]}
    assert set(seeds) == set(HEALTH_SEEDS)
    for name in HEALTH_SEEDS:
        seed, header = seeds[name], list(read(f"{name}.csv")[0])
        assert seed["description"].strip()
        assert [col["name"] for col in seed["columns"]] == header
        assert all(col.get("description", "").strip() for col in seed["columns"])
        for col in header:
            if col == "code" or col.endswith(("_code", "_kind")):
                assert seed["config"]["column_types"][col] == "varchar", (name, col)
    assert "PROVISIONAL" in seeds["ref_reporting_facilities"]["description"]


def test_every_facility_kind_has_its_report_family() -> None:
    senders = {
        "occupational_disease_exam": OccupationalDiseaseExamReport,
        "health_check": HealthCheckReport,
        "environment_monitoring": WorkEnvironmentMonitoringReport,
    }
    kinds = {row["facility_kind"] for row in read("ref_reporting_facilities.csv")}
    assert kinds == set(senders)
    for model in senders.values():
        sender = {c.name: c for c in model.columns()}[model.template.sender_column]
        assert sender.code_list == "ref_reporting_facilities"
    assert {row["province_code"] for row in read("ref_reporting_facilities.csv")} <= {
        row["province_code"] for row in read("ref_provinces.csv")
    }


def test_exposure_factors_cover_every_compensable_disease() -> None:
    factors = read("ref_exposure_factors.csv")
    disease_groups = {row["exposure_group"] for row in read("ref_occupational_diseases.csv")}
    assert disease_groups <= {row["exposure_group"] for row in factors}
    monitoring = reference.codes("ref_monitoring_factors")
    for row in factors:
        assert row["monitoring_factor_code"] in monitoring or row["exposure_group"] == "biological", row
