"""People and names: Vietnamese names from Faker's vi_VN locale, national IDs consistent across sources.

A person is a pure function of (seed, group, index): the same worker of the same employer gets the
same ID, name, sex and birth year in the accident register, the examination list and the fund's
benefit decisions, without a table of people held anywhere.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from faker import Faker

from orchestration.generate.identifiers import CCCD_PROVINCE_CODES, national_id
from orchestration.generate.randomness import mix

# Share of Vietnamese people bearing each family name (the most common ones; the rest share the tail).
_FAMILY_NAME_SHARES = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.0, "Huỳnh": 5.1, "Hoàng": 5.1, "Phan": 4.5, "Võ": 3.9,
    "Vũ": 3.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Trương": 1.0,
}


@dataclass(frozen=True, slots=True)
class Person:
    national_id: str
    name: str
    male: bool
    birth_year: int


class NameBook:
    """Vietnamese given names, middle names, family names, company suffixes and streets (Faker vi_VN)."""

    def __init__(self) -> None:
        faker = Faker("vi_VN")
        person = faker.provider("faker.providers.person")
        address = faker.provider("faker.providers.address")
        company = faker.provider("faker.providers.company")
        family = dict(_FAMILY_NAME_SHARES)
        for name in person.last_names:  # type: ignore[attr-defined]
            family.setdefault(name, 0.5)
        self.family_names = tuple(family)
        self._family_cumulative = tuple(accumulate(family.values()))
        self.middle_male = tuple(dict.fromkeys(["Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Tấn", "Công"]))
        self.middle_female = tuple(dict.fromkeys(["Thị", "Thị", "Ngọc", "Thu", "Mai", "Bảo", "Kim"]))
        self.middle_any = tuple(dict.fromkeys(person.middle_names))  # type: ignore[attr-defined]
        self.given_male = tuple(dict.fromkeys(person.first_names_male))  # type: ignore[attr-defined]
        self.given_female = tuple(dict.fromkeys(person.first_names_female))  # type: ignore[attr-defined]
        self.company_suffixes = tuple(company.company_suffixes)  # type: ignore[attr-defined]
        self.streets = tuple(dict.fromkeys(address.streets))  # type: ignore[attr-defined]

    def family_name(self, h: int) -> str:
        total = self._family_cumulative[-1]
        return self.family_names[bisect_right(self._family_cumulative, (h % 10_000) / 10_000 * total)]

    def full_name(self, h: int, male: bool) -> str:
        """Family name, middle name, given name (Vietnamese order) from the bits of ``h``."""
        family = self.family_name(h)
        h >>= 16
        if h % 3 == 0:
            middle = self.middle_any[(h >> 2) % len(self.middle_any)]
        else:
            pool = self.middle_male if male else self.middle_female
            middle = pool[(h >> 2) % len(pool)]
        given_pool = self.given_male if male else self.given_female
        given = given_pool[(h >> 12) % len(given_pool)]
        return f"{family} {middle} {given}"

    def street(self, h: int) -> str:
        return self.streets[h % len(self.streets)]


@cache
def name_book() -> NameBook:
    return NameBook()


@dataclass(frozen=True)
class BirthPlaces:
    """Where the people of a place were born: CCCD province codes with weights."""

    codes: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def around(cls, home: tuple[tuple[str, float], ...]) -> BirthPlaces:
        """``home`` codes with their shares; the remaining share spread over every other province."""
        weights = dict(home)
        rest = max(0.0, 1.0 - sum(weights.values())) / len(CCCD_PROVINCE_CODES)
        codes = tuple(CCCD_PROVINCE_CODES)
        return cls(codes, tuple(accumulate(weights.get(c, 0.0) + rest for c in codes)))

    def pick(self, h: int) -> str:
        x = (h % 1_000_003) / 1_000_003 * self.cumulative[-1]
        return self.codes[min(bisect_right(self.cumulative, x), len(self.codes) - 1)]


def person(
    seed: int, group: int, index: int, places: BirthPlaces, female_share: float, born: tuple[int, int]
) -> Person:
    """Worker ``index`` of ``group`` (an employer, or a commune's residents): always the same person."""
    h = mix(seed, 0x9E0, group, index)
    male = (h & 0xFFFF) / 0x10000 >= female_share
    h >>= 16
    birth_year = born[0] + h % (born[1] - born[0] + 1)
    h >>= 8
    place = places.pick(h)
    serial = mix(seed, 0x1D, group, index) % 1_000_000
    name = name_book().full_name(mix(seed, 0x4A3E, group, index), male)
    return Person(national_id(place, male, birth_year, serial), name, male, birth_year)
