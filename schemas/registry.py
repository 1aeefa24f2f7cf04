"""Every report family the warehouse reads, by its landing-zone folder name."""

from __future__ import annotations

from schemas.accident_cases import AccidentCaseReport
from schemas.accident_summary import AccidentSummaryReport
from schemas.annual_osh_report import AnnualOshReport
from schemas.commune_no_contract_accidents import CommuneNoContractAccidentReport
from schemas.family_names import FAMILY_NAMES
from schemas.health_checks import HealthCheckReport
from schemas.insurance_benefits import InsuranceBenefitReport
from schemas.insured_workforce import InsuredWorkforceReport, InsuredWorkforceReport2024
from schemas.occupational_disease_exams import OccupationalDiseaseExamReport
from schemas.template import OshReport
from schemas.voluntary_accident_insurance import VoluntaryAccidentInsuranceReport
from schemas.work_environment_monitoring import WorkEnvironmentMonitoringReport

# The current template of every family.
FAMILIES: dict[str, type[OshReport]] = {
    model.template.family: model
    for model in (
        # enterprises and other employers
        AccidentCaseReport,
        AccidentSummaryReport,
        AnnualOshReport,
        # communes
        CommuneNoContractAccidentReport,
        # health facilities and monitoring bodies
        OccupationalDiseaseExamReport,
        HealthCheckReport,
        WorkEnvironmentMonitoringReport,
        # the social-insurance fund
        InsuredWorkforceReport,
        InsuranceBenefitReport,
        VoluntaryAccidentInsuranceReport,
    )
}

if sorted(FAMILIES) != sorted(FAMILY_NAMES):
    raise RuntimeError(f"schemas.family_names lists {sorted(FAMILY_NAMES)}, the templates are {sorted(FAMILIES)}")

# Earlier versions still read beside the current one (a form revised by a new circular), newest first.
OLDER_VERSIONS: dict[str, tuple[type[OshReport], ...]] = {
    "insured_workforce": (InsuredWorkforceReport2024,),
}


def template_versions(family: str) -> tuple[type[OshReport], ...]:
    """Every readable version of a family's template, the current one first."""
    return (FAMILIES[family], *OLDER_VERSIONS.get(family, ()))
