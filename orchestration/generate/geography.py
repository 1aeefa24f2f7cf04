"""Where employers and people are: communes of a province now, and (province 51) the legacy units before July 2025.

Everything comes from the reference seeds (``ref_communes``, ``ref_legacy_communes``,
``ref_commune_crosswalk``, ``ref_provinces``), never typed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

from schemas import reference
from schemas.template import REFORM_DATE

# How much more economic activity an urban ward carries than a rural commune, for placing employers.
_URBAN_WEIGHT = {"phường": 4.0, "xã": 1.0, "đặc khu": 1.5}
_LEGACY_URBAN_PREFIXES = ("Phường", "Thị trấn")

# Tax-code issuing prefixes of the provinces before the reform (first two digits of an MST).
TAX_PREFIXES = {"51": ("43", "61")}  # Quảng Ngãi (43) and Kon Tum (61)
# CCCD birth-province shares of the people working in a province (the rest born anywhere else).
BIRTH_SHARES = {"51": (("051", 0.66), ("062", 0.16))}


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    weight: float


@dataclass(frozen=True)
class Geography:
    """The communes of one province, with the legacy units and crosswalk where the province has them."""

    province: str
    province_name: str
    current: tuple[Commune, ...]
    legacy: tuple[Commune, ...] = ()
    legacy_to_current: dict[str, str] = field(default_factory=dict)
    cumulative_current: tuple[float, ...] = ()
    cumulative_legacy: tuple[float, ...] = ()

    @property
    def has_legacy(self) -> bool:
        return bool(self.legacy)

    def locations(self) -> tuple[tuple[Commune, ...], tuple[float, ...]]:
        """Where employers sit: legacy units (which map to a current commune) where known, else current."""
        if self.has_legacy:
            return self.legacy, self.cumulative_legacy
        return self.current, self.cumulative_current

    def current_of(self, location: str) -> str:
        return self.legacy_to_current.get(location, location)

    def code_for(self, location: str, period_end) -> str:
        """The code a sender writes for a location: the legacy code for periods before the reform."""
        if self.has_legacy and period_end < REFORM_DATE:
            return location
        return self.current_of(location)

    def communes_for(self, period_end) -> tuple[Commune, ...]:
        """The commune-level units that existed (and report) in a period."""
        return self.legacy if self.has_legacy and period_end < REFORM_DATE else self.current


@cache
def geography(province: str) -> Geography:
    rows = [r for r in reference.read_seed("ref_communes") if r["province_code"] == province]
    if not rows:
        raise ValueError(f"no communes for province {province!r} in ref_communes")
    current = tuple(Commune(r["commune_code"], r["commune_name"], _URBAN_WEIGHT.get(r["commune_type"], 1.0))
                    for r in rows)
    legacy: tuple[Commune, ...] = ()
    crosswalk: dict[str, str] = {}
    if province == reference.DEFAULT_PROVINCE_CODE:
        crosswalk = {r["legacy_commune_code"]: r["commune_code"]
                     for r in reference.read_seed("ref_commune_crosswalk") if r["commune_code"]}
        legacy = tuple(
            Commune(r["legacy_commune_code"], r["legacy_commune_name"],
                    4.0 if r["legacy_commune_name"].startswith(_LEGACY_URBAN_PREFIXES) else 1.0)
            for r in reference.read_seed("ref_legacy_communes") if r["legacy_commune_code"] in crosswalk
        )
    return Geography(
        province=province,
        province_name=rows[0]["province_name"],
        current=current,
        legacy=legacy,
        legacy_to_current=crosswalk,
        cumulative_current=tuple(accumulate(c.weight for c in current)),
        cumulative_legacy=tuple(accumulate(c.weight for c in legacy)),
    )


@cache
def provinces() -> tuple[tuple[str, str], ...]:
    """(code, name) of the 34 provinces."""
    return tuple((r["province_code"], r["province_name"]) for r in reference.read_seed("ref_provinces"))


@cache
def commune_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in reference.read_seed("ref_communes"):
        counts[r["province_code"]] = counts.get(r["province_code"], 0) + 1
    return counts


@cache
def foreign_commune_codes(province: str) -> tuple[str, ...]:
    """Commune codes of other provinces that are not legacy codes of this one: an "unknown commune" here."""
    legacy = {r["legacy_commune_code"] for r in reference.read_seed("ref_commune_crosswalk")}
    legacy |= reference.legacy_commune_codes()  # also what a pre-reform report may carry beyond communes
    own = {c.code for c in geography(province).current}
    return tuple(
        r["commune_code"] for r in reference.read_seed("ref_communes")
        if r["province_code"] != province and r["commune_code"] not in legacy and r["commune_code"] not in own
    )


def tax_prefixes(province: str) -> tuple[str, ...]:
    """MST prefixes of a province; elsewhere the province code doubles as a plausible prefix."""
    return TAX_PREFIXES.get(province, (province,))


def birth_shares(province: str) -> tuple[tuple[str, float], ...]:
    return BIRTH_SHARES.get(province, ((f"0{province}", 0.75),))
