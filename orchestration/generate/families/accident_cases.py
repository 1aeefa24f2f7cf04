"""Accident cases: each employer's accident register for a half-year, one row per victim."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from orchestration.generate.calendar import month_index
from orchestration.generate.events import Incident, accidents
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission
from orchestration.generate.families.common import other_employer
from orchestration.generate.world import World
from schemas.accident_cases import AccidentCaseReport
from schemas.periods import Period


def _outside_period(row: Row, r) -> Row:
    """The accident dated in the previous half-year (a register copied forward without fixing the date)."""
    start = row["_period_start"]
    return {"incident_at": row["incident_at"].replace(year=start.year, month=start.month, day=1)
            - timedelta(days=r.randint(1, 150))}


class AccidentCases:
    model = AccidentCaseReport
    sender_kind = "employer"
    rules = FamilyRules(
        duplicate=("duplicate_row", "victim_national_id"),
        cross=(CrossMistake("event_in_period", "incident_at", lambda row: True, _outside_period),),
        out_of_range=("victim_birth_year", "days_off"),
    )

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        first, last = period.start, period.end
        by_employer: dict[int, list[Incident]] = {}
        for incident in accidents(world, period.year):
            if incident.reported and first <= incident.at.date() <= last:
                by_employer.setdefault(incident.employer.index, []).append(incident)
        for incidents in by_employer.values():
            employer = incidents[0].employer
            month = month_index(last)
            code = world.geo.code_for(employer.location_at(month), last)
            rows = [
                {
                    "_period_start": first,
                    "period": period.code,
                    "employer_tax_code": employer.tax_code,
                    "employer_name": employer.name,
                    "employer_commune_code": code,
                    "sector_code": employer.sector_at(month),
                    "incident_id": f"{incident.number:02d}",
                    "incident_at": incident.at,
                    "incident_commune_code": world.geo.code_for(incident.location, last),
                    "injury_factor_code": incident.factor,
                    "cause_code": incident.cause,
                    "victim_national_id": v.person.national_id,
                    "victim_name": v.person.name,
                    "victim_sex": "male" if v.person.male else "female",
                    "victim_birth_year": v.person.birth_year,
                    "occupation_code": v.occupation,
                    "employment_type": v.employment_type,
                    "severity": v.severity,
                    "days_off": v.days_off,
                    "under_employer_management": v.under_management,
                }
                for incident in incidents for v in incident.victims
            ]
            yield Submission(
                family="accident_cases", period=period, sender=employer.tax_code, sender_kind="employer",
                habit=employer.style, timeliness=employer.timeliness, rows=rows,
                file_stem=f"{employer.tax_code}_so_tnld_{period.code}", sender_label=employer.name,
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_employer(world, sender)


PRODUCER = AccidentCases()
