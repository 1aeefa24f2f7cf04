"""Voluntary accident insurance (Decree 143/2024): the fund's monthly figures, one row per commune.

The scheme starts in January 2025; before July 2025 the rows are the legacy communes.
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.generate.calendar import month_index
from orchestration.generate.families.base import CrossMistake, FamilyRules, Submission
from orchestration.generate.families.common import other_fund_office
from orchestration.generate.profiles import FIRST_YEAR_OF_VOLUNTARY_INSURANCE
from orchestration.generate.randomness import unit
from orchestration.generate.world import World
from schemas.periods import Period
from schemas.voluntary_accident_insurance import VoluntaryAccidentInsuranceReport

MONTHLY_PREMIUM_MILLION = 0.048  # per participant
STATE_SHARE = 0.3  # of the premium, for supported participants


def _over(rule: str, column: str, of: str) -> CrossMistake:
    return CrossMistake(rule, column, lambda row: row[of] is not None,
                        lambda row, r: {column: row[of] + r.randint(1, 5)})


RULES = FamilyRules(
    duplicate=("voluntary_duplicate_commune", "commune_code"),
    cross=(
        _over("voluntary_female_le_participants", "female_participants", "participants"),
        _over("voluntary_new_le_participants", "new_participants", "participants"),
        _over("voluntary_supported_le_participants", "supported_participants", "participants"),
        CrossMistake("voluntary_support_le_premiums", "state_support_million_vnd", lambda row: True,
                     lambda row, r: {"state_support_million_vnd": round(row["premiums_million_vnd"] + 1.5, 2)}),
        CrossMistake("voluntary_deaths_le_claims", "fatal_claims", lambda row: True,
                     lambda row, r: {"fatal_claims": row["claims"] + 1}),
        CrossMistake("voluntary_payment_needs_claims", "claims_paid_million_vnd", lambda row: row["claims"] == 0,
                     lambda row, r: {"claims_paid_million_vnd": 12.5}),
    ),
    out_of_range=("female_participants", "new_participants", "supported_participants", "state_support_million_vnd",
                  "fatal_claims"),
)


class VoluntaryAccidentInsurance:
    model = VoluntaryAccidentInsuranceReport
    sender_kind = "fund"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        if period.year < FIRST_YEAR_OF_VOLUNTARY_INSURANCE:
            return
        month = month_index(period.start)
        communes = world.geo.communes_for(period.end)
        weight = sum(c.weight for c in communes)
        target = world.profile.voluntary_participants * world.share
        rows = []
        for c in communes:
            key = int(c.code)
            now = _participants(target * c.weight / weight, month, key, world.seed)
            before = _participants(target * c.weight / weight, month - 1, key, world.seed)
            new = min(now, max(0, now - before) + round(now * 0.01))
            supported = round(now * 0.75)
            premiums = round(now * MONTHLY_PREMIUM_MILLION, 2)
            claims = 1 if unit(world.seed, key, month, 43) < now * 0.0004 else 0
            fatal = 1 if claims and unit(world.seed, key, month, 44) < 0.15 else 0
            rows.append({
                "fund_office_code": world.fund_office, "period": period.code, "commune_code": c.code,
                "commune_name": c.name, "participants": now, "female_participants": round(now * 0.42),
                "new_participants": new, "supported_participants": supported, "premiums_million_vnd": premiums,
                "state_support_million_vnd": round(supported * MONTHLY_PREMIUM_MILLION * STATE_SHARE, 2),
                "claims": claims, "fatal_claims": fatal,
                "claims_paid_million_vnd": round((60.0 if fatal else 8.0 + 20 * unit(world.seed, key, month, 45))
                                                 * claims, 2),
            })
        yield Submission(
            family="voluntary_accident_insurance", period=period, sender=world.fund_office, sender_kind="fund",
            habit=int(world.province) * 7 + 6, timeliness=0.9, rows=rows,
            file_stem=f"{world.fund_office.lower()}_tnld_tunguyen_{period.code}", sender_label="Bảo hiểm xã hội tỉnh",
        )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_fund_office(sender)


def _participants(share: float, month: int, key: int, seed: int) -> int:
    start = FIRST_YEAR_OF_VOLUNTARY_INSURANCE * 12
    if month < start:
        return 0
    ramp = min(1.0, 0.25 + 0.75 * (month - start) / 11)
    return round(share * ramp * (0.9 + 0.2 * unit(seed, key, 42)))


PRODUCER = VoluntaryAccidentInsurance()
