"""Accidents among workers without a labour contract: each commune's half-year list, one row per victim.

Before July 2025 the senders are the legacy communes (their codes); after it, the current communes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from orchestration.generate.events import CommuneAccident, commune_accidents
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission
from orchestration.generate.randomness import mix, text_key, unit
from orchestration.generate.world import World
from schemas.commune_no_contract_accidents import CommuneNoContractAccidentReport
from schemas.periods import Period

REPORTING_RATE = 0.85


def _before_period(row: Row, r) -> Row:
    start = row["_period_start"]
    return {"incident_at": row["incident_at"].replace(year=start.year, month=start.month, day=1)
            - timedelta(days=r.randint(1, 120))}


RULES = FamilyRules(
    duplicate=("duplicate_row", "victim_national_id"),
    cross=(CrossMistake("commune_event_in_period", "incident_at", lambda row: True, _before_period),),
    out_of_range=("victim_birth_year",),
    sensitive=("incident_at",),
)


class CommuneNoContractAccidents:
    model = CommuneNoContractAccidentReport
    sender_kind = "commune"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        geo = world.geo
        names = {c.code: c.name for c in (*geo.current, *geo.legacy)}
        by_sender: dict[str, list[CommuneAccident]] = {}
        for accident in commune_accidents(world, period.year):
            if period.start <= accident.at.date() <= period.end:
                by_sender.setdefault(geo.code_for(accident.reporting_location, period.end), []).append(accident)
        for sender, accidents in sorted(by_sender.items()):
            if unit(world.seed, text_key(sender), text_key(period.code), 41) >= REPORTING_RATE:
                continue
            rows = []
            for number, a in enumerate(sorted(accidents, key=lambda a: a.at), start=1):
                place = geo.code_for(a.location, period.end)
                rows.append({
                    "_period_start": period.start,
                    "period": period.code, "reporting_commune_code": sender, "incident_id": f"{number:02d}",
                    "incident_at": a.at, "incident_commune_code": None if place == sender else place,
                    "injury_factor_code": a.factor, "cause_code": a.cause,
                    "victim_national_id": a.victim.national_id, "victim_name": a.victim.name,
                    "victim_sex": "male" if a.victim.male else "female", "victim_birth_year": a.victim.birth_year,
                    "occupation_code": a.occupation, "work_description": a.work, "severity": a.severity,
                    "has_voluntary_accident_insurance": a.insured,
                })
            yield Submission(
                family="commune_no_contract_accidents", period=period, sender=sender, sender_kind="commune",
                habit=int(sender), timeliness=0.6, rows=rows, file_stem=f"ubnd_{sender}_tnld_khong_hdld_{period.code}",
                sender_label=f"UBND {names.get(sender, sender)}",
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        communes = [c.code for c in world.geo.communes_for(period.end) if c.code != sender]
        return communes[mix(world.seed, int(sender)) % len(communes)] if communes else None


PRODUCER = CommuneNoContractAccidents()
