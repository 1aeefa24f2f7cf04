"""Insured workforce: the fund's monthly extract, one row per employer with insured workers."""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.generate.calendar import month_index
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission
from orchestration.generate.families.common import other_fund_office
from orchestration.generate.randomness import unit
from orchestration.generate.world import World
from schemas.insured_workforce import InsuredWorkforceReport
from schemas.periods import Period


class InsuredWorkforce:
    model = InsuredWorkforceReport
    sender_kind = "fund"
    large = True  # one big file a month: never used as a wrong-template file elsewhere
    rules = FamilyRules(
        duplicate=("duplicate_employer_month", "employer_tax_code"),
        cross=(CrossMistake(
            "female_le_total_workers", "female_insured_workers",
            applies=lambda row: row["insured_workers"] is not None,
            mutate=lambda row, r: {"female_insured_workers": row["insured_workers"] + r.randint(1, 9)},
        ),),
        out_of_range=("female_insured_workers", "payroll_million_vnd", "contribution_rate_pct"),
    )

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        yield Submission(
            family="insured_workforce", period=period, sender=world.fund_office, sender_kind="fund",
            habit=int(world.province) * 7 + 3, timeliness=0.9, rows=self._rows(world, period),
            file_stem=f"{world.fund_office.lower()}_{period.code}", sender_label="Bảo hiểm xã hội tỉnh",
        )

    def _rows(self, world: World, period: Period) -> Iterator[Row]:
        month = month_index(period.start)
        first_year, seed, geo = world.years[0], world.seed, world.geo
        for e in world.employers:
            if not e.active(month):
                continue
            insured = e.workers_at(seed, month, first_year)
            wage = e.monthly_wage_million * (0.95 + 0.1 * unit(seed, e.key, month, 11))
            yield {
                "fund_office_code": world.fund_office,
                "period": period.code,
                "employer_tax_code": e.tax_code,
                "employer_name": e.name,
                "employer_commune_code": geo.code_for(e.location_at(month), period.end),
                "sector_code": e.sector_at(month),
                "insured_workers": insured,
                "female_insured_workers": min(insured, round(insured * e.female_share)),
                "payroll_million_vnd": round(insured * wage, 1),
                "contribution_rate_pct": 0.3 if e.reduced_rate and period.year >= 2022 else 0.5,
            }

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_fund_office(sender)


PRODUCER = InsuredWorkforce()
