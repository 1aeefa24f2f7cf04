"""Health facilities and monitoring organisations as senders: the registry seed and its shared rule.

The three health report families (occupational-disease examinations, periodic health checks,
work-environment monitoring) are sent by facilities listed in ``ref_reporting_facilities``. Their
sender column is a code of that list (an unknown code is rejected by ``unknown_code``); this module
adds the warning that a facility sends a report its registered kind does not cover.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from schemas import reference
from schemas.rules import Severity, cross_field_rule, rule

REGISTRY = "ref_reporting_facilities"
FacilityKind = Literal["occupational_disease_exam", "health_check", "environment_monitoring"]

FACILITY_KIND_MATCHES_REPORT = rule(
    "facility_kind_matches_report", Severity.WARNING,
    "Cơ sở «{value}» không được đăng ký cho loại báo cáo này trong danh mục cơ sở báo cáo: đề nghị kiểm tra.",
    "Facility «{value}» is not registered for this kind of report in the facility registry: please check.",
)


def facility_codes(kind: FacilityKind | None = None) -> list[str]:
    """Codes of the registered facilities, all of them or those of one kind."""
    return sorted(r["code"] for r in reference.read_seed(REGISTRY) if kind is None or r["facility_kind"] == kind)


def facility_kind_rule(column: str, kind: FacilityKind) -> classmethod:
    """Warn where a registered facility is not of ``kind`` (an unregistered one fails unknown_code instead)."""
    registered, of_kind = facility_codes(), facility_codes(kind)
    return cross_field_rule(
        FACILITY_KIND_MATCHES_REPORT,
        lambda: ~pl.col(column).is_in(registered) | pl.col(column).is_in(of_kind),
        (column,),
    )
