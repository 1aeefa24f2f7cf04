"""Helpers shared by the family modules: who reports, and who else a mistaken row could name as sender."""

from __future__ import annotations

from orchestration.generate.randomness import mix, text_key, unit
from orchestration.generate.world import Employer, World
from schemas.periods import Period

YEAR_ON_YEAR_REPORTING_GAIN = 0.03  # reporting improves a little every year (digital receipt since 2024)


def files_report(world: World, employer: Employer, period: Period, family: str, boost: float = 0.0) -> bool:
    """Whether the employer files this report at all (30-85% by size and sector, rising over the years)."""
    chance = employer.propensity + boost + YEAR_ON_YEAR_REPORTING_GAIN * (period.year - world.years[0])
    return unit(world.seed, employer.key, text_key(family), text_key(period.code)) < min(0.92, chance)


def other_employer(world: World, sender: str) -> str | None:
    """Another employer's tax code (a row copied from a neighbour's file)."""
    employers = world.employers
    other = employers[mix(world.seed, text_key(sender)) % len(employers)].tax_code
    return other if other != sender else None


def other_facility(world: World, kind: str, sender: str) -> str | None:
    codes = [f.code for f in world.facilities.get(kind, []) if f.code != sender]
    return codes[mix(world.seed, text_key(sender)) % len(codes)] if codes else None


def other_fund_office(sender: str) -> str:
    return "BHXH48" if sender != "BHXH48" else "BHXH49"


def facility_habit(code: str) -> int:
    return text_key(code) % 997
