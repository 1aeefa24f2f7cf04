"""Every report family the warehouse reads, by its landing-zone folder name."""

from __future__ import annotations

from schemas.accident_cases import AccidentCaseReport
from schemas.insured_workforce import InsuredWorkforceReport, InsuredWorkforceReport2024
from schemas.template import OshReport

# The current template of every family.
FAMILIES: dict[str, type[OshReport]] = {
    model.template.family: model for model in (AccidentCaseReport, InsuredWorkforceReport)
}

# Earlier versions still read beside the current one (a form revised by a new circular), newest first.
OLDER_VERSIONS: dict[str, tuple[type[OshReport], ...]] = {
    "insured_workforce": (InsuredWorkforceReport2024,),
}


def template_versions(family: str) -> tuple[type[OshReport], ...]:
    """Every readable version of a family's template, the current one first."""
    return (FAMILIES[family], *OLDER_VERSIONS.get(family, ()))
