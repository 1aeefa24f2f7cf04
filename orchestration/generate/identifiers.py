"""Identifiers as senders write them: tax codes (MST) with their check digit, and national IDs (CCCD)."""

from __future__ import annotations

# Published MST algorithm: A = Σ weight·digit over N1..N9; N10 = 10 - A mod 11 (no code where that is 10).
_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

# CCCD birth-place codes: the 63 provinces before the 2025 reform, as printed on the cards (Decree 137/2015
# Circular 07/2016/TT-BCA); a person keeps the code of the province of birth.
CCCD_PROVINCE_CODES = (
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024",
    "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
    "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070",
    "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
)


def mst_check_digit(first_nine: str) -> int | None:
    """The tenth digit of a tax code, or None when no valid code starts with these nine digits."""
    digit = 10 - sum(w * int(d) for w, d in zip(_MST_WEIGHTS, first_nine, strict=True)) % 11
    return digit if digit <= 9 else None


def tax_code(prefix: str, serial: int) -> str:
    """A valid 10-digit tax code: two-digit issuing prefix, seven serial digits, check digit.

    The serial is advanced past the few stems that admit no check digit, so the result is valid.
    """
    while True:
        stem = f"{prefix}{serial % 10_000_000:07d}"
        digit = mst_check_digit(stem)
        if digit is not None:
            return f"{stem}{digit}"
        serial += 1


def with_bad_check_digit(code: str) -> str:
    """The same code with a wrong tenth digit (a typing slip): the check fails, the shape does not."""
    right = int(code[9])
    wrong = (right + 3) % 10
    return f"{code[:9]}{wrong}{code[10:]}"


def national_id(birth_province: str, male: bool, birth_year: int, serial: int) -> str:
    """A 12-digit CCCD: province of birth (3), sex and century (1), birth year (2), serial (6).

    Sex/century digit: 0 man / 1 woman born 1900-1999; 2 man / 3 woman born 2000-2099.
    """
    century = 0 if birth_year < 2000 else 2
    sex_digit = century + (0 if male else 1)
    return f"{birth_province}{sex_digit}{birth_year % 100:02d}{serial % 1_000_000:06d}"
