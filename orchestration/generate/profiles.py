"""Magnitudes of each scale: how many employers, accidents, examinations; and the trends over the years.

Figures are for the baseline year 2023 over the whole scope of the scale (the merged Quảng Ngãi, or the
country); other years follow the trend factors. Sources (docs/generator.md): domain brief §5 —
old Quảng Ngãi 2023: 177 accidents, 187 victims, 15 deaths; merged province (2.16 M people) about
25 deaths a year; national 2023: 7,553 victims, 699 deaths (530 with labour relations, 169 without),
about 900,000 employers and 18 million insured workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Scale(StrEnum):
    SAMPLE = "sample"
    PROVINCE = "province"
    NATIONAL = "national"


BASELINE_YEAR = 2023

# Year factors against 2023. Chosen so that the targets are met in some years and missed in others:
# T1 (deaths ÷ insured workers, insured growing ~3%/year): 2024 falls 13% (met), 2025 rises (not met
# year-on-year, still under the 2023 × 0.96² trajectory); T2 (workers examined): +7% in 2024 (met),
# +2% in 2025 (missed); T3 (establishments monitored): +3% in 2024 (missed), +9% in 2025 (met).
DEATH_TREND = {2021: 1.12, 2022: 1.05, 2023: 1.0, 2024: 0.87, 2025: 0.95}
VICTIM_TREND = {2021: 1.08, 2022: 1.04, 2023: 1.0, 2024: 0.96, 2025: 1.0}
EXAM_TREND = {2021: 0.86, 2022: 0.93, 2023: 1.0, 2024: 1.07, 2025: 1.09}
MONITORING_TREND = {2021: 0.90, 2022: 0.95, 2023: 1.0, 2024: 1.03, 2025: 1.12}
WORKFORCE_GROWTH = 1.03  # a year
FIRST_YEAR_OF_VOLUNTARY_INSURANCE = 2025  # Decree 143/2024 took effect on 15 December 2024


def trend(table: dict[int, float], year: int) -> float:
    """The factor of a year; years outside the table continue the nearest year's slope gently."""
    if year in table:
        return table[year]
    edge = min(table) if year < min(table) else max(table)
    return table[edge] * (1.0 + 0.02 * (edge - year))


@dataclass(frozen=True)
class Profile:
    scale: Scale
    employers: int
    size_shares: tuple[float, float, float, float]  # micro (≤10), small (≤100), medium (≤200), large
    large_workers_mean: int
    case_victims: int  # victims in employers' accident registers, 2023
    case_deaths: int
    case_severe: int
    commune_victims: int  # victims without a labour contract (commune reports), 2023
    commune_deaths: int
    examined_workers: int  # distinct workers examined for occupational disease, 2023 (T2)
    monitored_establishments: int  # establishments monitored, 2023 (T3)
    voluntary_participants: int  # voluntary accident insurance participants at the end of 2025
    fixed_sizes: tuple[int, ...] = ()  # sample: the exact workforce of each employer
    case_deaths_by_year: dict[int, int] = field(default_factory=dict)  # overrides the trend (sample)
    employers_per_province: dict[str, float] = field(default_factory=dict)  # national weights (filled later)

    def deaths(self, year: int, share: float = 1.0) -> int:
        if year in self.case_deaths_by_year:
            return self.case_deaths_by_year[year]
        return round(self.case_deaths * trend(DEATH_TREND, year) * share)


SAMPLE = Profile(
    scale=Scale.SAMPLE, employers=10, size_shares=(0.3, 0.4, 0.1, 0.2), large_workers_mean=800,
    case_victims=6, case_deaths=2, case_severe=2, commune_victims=2, commune_deaths=1,
    examined_workers=40, monitored_establishments=4, voluntary_participants=300,
    fixed_sizes=(1200, 800, 500, 300, 180, 90, 45, 25, 12, 6),
    case_deaths_by_year={2021: 3, 2022: 2, 2023: 2, 2024: 1, 2025: 3},
)
PROVINCE = Profile(
    scale=Scale.PROVINCE, employers=10_000, size_shares=(0.70, 0.24, 0.035, 0.025), large_workers_mean=480,
    case_victims=260, case_deaths=19, case_severe=72, commune_victims=50, commune_deaths=6,
    examined_workers=3_000, monitored_establishments=340, voluntary_participants=12_000,
)
NATIONAL = Profile(
    scale=Scale.NATIONAL, employers=900_000, size_shares=(0.74, 0.22, 0.025, 0.015), large_workers_mean=560,
    case_victims=6_300, case_deaths=530, case_severe=1_500, commune_victims=1_250, commune_deaths=169,
    examined_workers=120_000, monitored_establishments=14_000, voluntary_participants=250_000,
)
PROFILES = {p.scale: p for p in (SAMPLE, PROVINCE, NATIONAL)}
