"""The period a review covers: a year (tổng kết năm) or a half-year (sơ kết 6 tháng)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schemas.periods import parse_period

BASELINE_YEAR = 2023  # the plan's baseline; the report reads the seed's value when the publication has it


@dataclass(frozen=True)
class ReviewPeriod:
    code: str
    period_type: str  # "year" | "half_year"
    year: int
    half: int | None
    start: date
    end: date

    def series_codes(self, baseline_year: int = BASELINE_YEAR) -> list[str]:
        """The same kind of period in every year from the baseline: 2023..2025, or 2023S1..2025S1.

        Half-years are compared with the same half of earlier years, as the indicator tables do.
        """
        suffix = f"S{self.half}" if self.half else ""
        return [f"{year}{suffix}" for year in range(min(baseline_year, self.year), self.year + 1)]

    def reporting_codes(self) -> list[str]:
        """Every reporting-period code that lies inside the review period (year, half-years, months)."""
        months = range(1, 13) if self.half is None else range(6 * (self.half - 1) + 1, 6 * self.half + 1)
        halves = [1, 2] if self.half is None else [self.half]
        codes = [str(self.year)] if self.half is None else []
        codes += [f"{self.year}S{h}" for h in halves]
        codes += [f"{self.year}{m:02d}" for m in months]
        return codes

    @property
    def file_stem(self) -> str:
        return f"bao_cao_so_ket_{self.code}" if self.half else f"bao_cao_tong_ket_{self.code}"


def parse_review_period(code: str) -> ReviewPeriod:
    """``2025`` or ``2025S1``; a month is not a review period."""
    period = parse_period(code.strip())
    if period.period_type == "month":
        raise ValueError(f"a review covers a year or a half-year (2025, 2025S1), not a month: {code!r}")
    half = int(period.code[-1]) if period.period_type == "half_year" else None
    return ReviewPeriod(period.code, period.period_type, period.year, half, period.start, period.end)


def latest_complete_period(half_years_with_data: list[str], today: date) -> str | None:
    """The review the nightly run writes: the latest half-year that has ended and has data.

    A first half-year gives its half-year review (sơ kết); a second half-year gives the whole year's
    review (tổng kết), which contains it.
    """
    ended = sorted(code for code in half_years_with_data if parse_period(code).end < today)
    if not ended:
        return None
    latest = ended[-1]
    return latest if latest.endswith("S1") else latest[:4]
