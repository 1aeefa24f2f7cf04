"""Reporting periods, DHIS2 style: year ``2025``, half-year ``2025S1``/``2025S2``, month ``202507``."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})S([12])$")
_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    code: str
    period_type: str  # "year" | "half_year" | "month"
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.start.year


def parse_period(code: str) -> Period:
    """Parse a canonical period code; raise ValueError naming the code otherwise."""
    if m := _YEAR.match(code):
        y = int(m[1])
        return Period(code, "year", date(y, 1, 1), date(y, 12, 31))
    if m := _HALF.match(code):
        y, h = int(m[1]), int(m[2])
        start, end = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        return Period(code, "half_year", start, end)
    if m := _MONTH.match(code):
        y, mo = int(m[1]), int(m[2])
        return Period(code, "month", date(y, mo, 1), date(y, mo, monthrange(y, mo)[1]))
    raise ValueError(f"not a reporting period code: {code!r} (expected 2025, 2025S1 or 202507)")


def is_period_code(code: str) -> bool:
    try:
        parse_period(code)
    except ValueError:
        return False
    return True
