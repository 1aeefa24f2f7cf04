"""Reporting periods, deadlines and receipt times.

Deadlines follow the legal texts where they give one (accident summary and accident register before
5 July / 10 January; annual OSH report before 10 January; commune report before 5 July / 5 January);
for the others (health facilities, the fund) the generator assumes the 15th and the 5th of the next
month. "Before 5 July" is taken literally: a file received on 4 July is on time, 6 July is late, and no
file is received on the deadline day itself, so the on-time count never depends on a boundary choice.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from schemas.periods import Period, parse_period

VN_TIME = timezone(timedelta(hours=7))

# (family, period kind) -> (month, day) of the deadline after the period ends; year offset 0 or 1.
_DEADLINES: dict[tuple[str, str], tuple[int, int]] = {
    ("accident_summary", "S1"): (7, 5), ("accident_summary", "year"): (1, 10),
    ("accident_cases", "S1"): (7, 5), ("accident_cases", "S2"): (1, 10),
    ("annual_osh_report", "year"): (1, 10),
    ("commune_no_contract_accidents", "S1"): (7, 5), ("commune_no_contract_accidents", "S2"): (1, 5),
}
_DEFAULT_HALF_YEAR_DAY = 15
_DEFAULT_MONTH_DAY = 5


def periods(period_type: str, years: tuple[int, ...], months: tuple[int, ...] | None = None) -> list[Period]:
    """Every period of a type within the years (months filter month periods and the half-years they touch)."""
    codes: list[str] = []
    for y in years:
        if period_type == "month":
            codes += [f"{y}{m:02d}" for m in range(1, 13) if months is None or m in months]
        elif period_type == "half_year":
            codes += [f"{y}S{h}" for h in (1, 2) if months is None or any((m - 1) // 6 + 1 == h for m in months)]
        else:
            codes.append(str(y))
    return [parse_period(c) for c in codes]


def deadline(family: str, period: Period) -> date:
    kind = "year" if period.period_type == "year" else ("S1" if period.end.month == 6 else "S2") \
        if period.period_type == "half_year" else "month"
    after = period.end + timedelta(days=1)
    if (family, kind) in _DEADLINES:
        month, day = _DEADLINES[(family, kind)]
        year = after.year if month >= after.month else after.year + 1
        return date(year, month, day)
    if period.period_type == "month":
        return date(after.year, after.month, _DEFAULT_MONTH_DAY)
    return date(after.year, after.month, _DEFAULT_HALF_YEAR_DAY)


def receipt_time(r: random.Random, family: str, period: Period, on_time: bool, machine: bool = False) -> datetime:
    """When the file arrived: before the deadline (not before the period ends) or after it."""
    due = deadline(family, period)
    first = period.end + timedelta(days=1)
    if on_time:
        span = max(0, (due - first).days - 1)
        # most senders file in the last days before the deadline
        day = first + timedelta(days=span - min(span, int(r.expovariate(1 / 4))))
    else:
        day = due + timedelta(days=1 + int(r.expovariate(1 / 20)))
    if machine:
        clock = time(r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))
    else:
        minutes = r.randint(7 * 60 + 30, 17 * 60 + 30)
        clock = time(minutes // 60, minutes % 60, r.randint(0, 59))
    return datetime.combine(day, clock, VN_TIME)


def later(r: random.Random, received: datetime, days: tuple[int, int] = (1, 25)) -> datetime:
    """A resubmission's receipt time: some days after the first file."""
    minutes = r.randint(7 * 60 + 30, 17 * 60 + 30)
    day = received.date() + timedelta(days=r.randint(*days))
    return datetime.combine(day, time(minutes // 60, minutes % 60, r.randint(0, 59)), VN_TIME)


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def period_months(period: Period) -> tuple[int, int]:
    return month_index(period.start), month_index(period.end)
