"""One module per report family, each producing the rows of its template (``PRODUCER``).

A family whose template module is not in ``schemas`` yet is skipped (its import fails).
"""

from __future__ import annotations

import importlib
from functools import cache

from orchestration.generate.families.base import Producer

FAMILY_MODULES = (
    "accident_cases", "accident_summary", "annual_osh_report", "commune_no_contract_accidents",
    "occupational_disease_exams", "health_checks", "work_environment_monitoring",
    "insured_workforce", "insurance_benefits", "voluntary_accident_insurance",
)


@cache
def producers() -> dict[str, Producer]:
    """Every family the generator can write, by landing-zone folder name."""
    found: dict[str, Producer] = {}
    for name in FAMILY_MODULES:
        try:
            module = importlib.import_module(f"orchestration.generate.families.{name}")
        except ModuleNotFoundError as missing:
            if missing.name and (missing.name.startswith("schemas.") or name in missing.name):
                continue
            raise
        found[name] = module.PRODUCER
    return found
