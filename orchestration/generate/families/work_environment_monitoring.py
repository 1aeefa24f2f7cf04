"""Work-environment monitoring: each monitoring body's half-year results, one row per visit and factor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from orchestration.generate.calendar import month_index
from orchestration.generate.events import MonitoringVisit, monitoring
from orchestration.generate.families.base import CrossMistake, FamilyRules, Submission
from orchestration.generate.families.common import facility_habit, other_facility
from orchestration.generate.world import World
from schemas.periods import Period
from schemas.work_environment_monitoring import WorkEnvironmentMonitoringReport

KIND = "environment_monitoring"

RULES = FamilyRules(
    duplicate=("monitoring_duplicate_visit_factor", "factor_code"),
    cross=(
        CrossMistake("monitoring_failing_le_samples", "samples_failing", lambda row: True,
                     lambda row, r: {"samples_failing": row["samples_taken"] + r.randint(1, 4)}),
        CrossMistake("monitoring_visit_in_period", "visit_date", lambda row: True,
                     lambda row, r: {"visit_date": row["_period_start"] - timedelta(days=r.randint(1, 60))}),
    ),
    out_of_range=("samples_failing",),
)


class WorkEnvironmentMonitoring:
    model = WorkEnvironmentMonitoringReport
    sender_kind = "facility"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        by_facility: dict[str, list[MonitoringVisit]] = {}
        for visit in monitoring(world, period.year):
            if period.start <= visit.on <= period.end:
                by_facility.setdefault(visit.facility.code, []).append(visit)
        for code, visits in sorted(by_facility.items()):
            rows = [
                {
                    "_period_start": period.start, "facility_code": code, "period": period.code,
                    "employer_tax_code": v.employer.tax_code, "employer_name": v.employer.name,
                    "employer_commune_code": world.geo.code_for(v.employer.location_at(month_index(v.on)),
                                                                period.end),
                    "visit_date": v.on, "factor_code": factor, "samples_taken": taken, "samples_failing": failing,
                }
                for v in visits for factor, taken, failing in v.samples
            ]
            yield Submission(
                family="work_environment_monitoring", period=period, sender=code, sender_kind="facility",
                habit=facility_habit(code), timeliness=0.75, rows=rows, file_stem=f"{code}_qtmt_{period.code}",
                sender_label=visits[0].facility.name,
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_facility(world, KIND, sender)


PRODUCER = WorkEnvironmentMonitoring()
