"""Periodic health checks: each examining facility's half-year report, one row per employer checked."""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.generate.calendar import month_index
from orchestration.generate.events import HealthCheck, health_checks
from orchestration.generate.families.base import CrossMistake, FamilyRules, Submission
from orchestration.generate.families.common import facility_habit, other_facility
from orchestration.generate.world import World
from schemas.health_checks import HealthCheckReport
from schemas.periods import Period

KIND = "health_check"


def _above_checked(rule: str, column: str) -> CrossMistake:
    return CrossMistake(rule, column, lambda row: row["workers_checked"] is not None,
                        lambda row, r: {column: row["workers_checked"] + r.randint(1, 5)})


RULES = FamilyRules(
    duplicate=("health_check_duplicate_employer", "employer_tax_code"),
    cross=(
        _above_checked("health_check_female_le_checked", "female_workers_checked"),
        _above_checked("health_check_disease_le_checked", "occupational_disease_workers"),
        _above_checked("health_check_follow_up_le_checked", "follow_up_workers"),
        _above_checked("health_check_transfer_le_checked", "transfer_workers"),
    ),
    out_of_range=("female_workers_checked", "class_i_workers", "class_ii_workers", "class_iii_workers",
                  "class_iv_workers", "class_v_workers", "occupational_disease_workers", "follow_up_workers",
                  "transfer_workers"),
)


class HealthChecks:
    model = HealthCheckReport
    sender_kind = "facility"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        by_facility: dict[str, list[HealthCheck]] = {}
        for check in health_checks(world, period.year):
            if period.start <= check.on <= period.end:
                by_facility.setdefault(check.facility.code, []).append(check)
        for code, found in sorted(by_facility.items()):
            rows = [
                {
                    "facility_code": code, "period": period.code, "employer_tax_code": c.employer.tax_code,
                    "employer_name": c.employer.name,
                    "employer_commune_code": world.geo.code_for(c.employer.location_at(month_index(c.on)), period.end),
                    "workers_checked": c.checked, "female_workers_checked": c.female,
                    "class_i_workers": c.classes[0], "class_ii_workers": c.classes[1],
                    "class_iii_workers": c.classes[2], "class_iv_workers": c.classes[3],
                    "class_v_workers": c.classes[4], "occupational_disease_workers": c.disease,
                    "follow_up_workers": c.follow_up, "transfer_workers": c.transfer,
                }
                for c in sorted(found, key=lambda c: c.employer.tax_code)
            ]
            yield Submission(
                family="health_checks", period=period, sender=code, sender_kind="facility",
                habit=facility_habit(code), timeliness=0.8, rows=rows, file_stem=f"{code}_ksk_{period.code}",
                sender_label=found[0].facility.name,
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_facility(world, KIND, sender)


PRODUCER = HealthChecks()
