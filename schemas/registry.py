"""Every report family the warehouse reads, by its landing-zone folder name."""

from __future__ import annotations

from schemas.accident_cases import AccidentCaseReport
from schemas.insured_workforce import InsuredWorkforceReport
from schemas.template import OshReport

FAMILIES: dict[str, type[OshReport]] = {
    model.template.family: model for model in (AccidentCaseReport, InsuredWorkforceReport)
}
