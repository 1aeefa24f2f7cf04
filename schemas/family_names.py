"""The report families by name (their landing-zone folders), without their templates.

Enough to scan the landing zone: a night with nothing new does so without importing the templates, whose
pandera (and pandas with it) took 3 of its 6 seconds (docs/performance.md, round 15). schemas.registry refuses
to load if the two lists disagree.
"""

from __future__ import annotations

FAMILY_NAMES: tuple[str, ...] = (
    "accident_cases",
    "accident_summary",
    "annual_osh_report",
    "commune_no_contract_accidents",
    "occupational_disease_exams",
    "health_checks",
    "work_environment_monitoring",
    "insured_workforce",
    "insurance_benefits",
    "voluntary_accident_insurance",
)
