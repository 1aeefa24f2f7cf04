"""Code lists, read from the dbt seeds: the single copy of every list (no code list is typed twice)."""

from __future__ import annotations

import csv
import os
import unicodedata
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "reference"
DEFAULT_PROVINCE_CODE = "51"
# OSH_PROVINCE_CODE=all: a national warehouse, fed one consolidated extract per province, family and period
# (docs/scaling.md, "A national warehouse").
WHOLE_COUNTRY = "all"


def served_province() -> str:
    """The province the warehouse serves (OSH_PROVINCE_CODE, Quảng Ngãi 51 by default; ``all``: the country)."""
    return os.environ.get("OSH_PROVINCE_CODE", DEFAULT_PROVINCE_CODE)


def serves_the_country() -> bool:
    return served_province() == WHOLE_COUNTRY


def served_provinces() -> frozenset[str]:
    """The provinces whose communes a report may name: the served one, or all 34 for a national warehouse."""
    if serves_the_country():
        return frozenset(row["province_code"] for row in read_seed("ref_provinces"))
    return frozenset({served_province()})


@cache
def read_seed(name: str) -> tuple[dict[str, str], ...]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def codes(name: str) -> frozenset[str]:
    return frozenset(row["code"] for row in read_seed(name))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@cache
def code_aliases(name: str) -> dict[str, str]:
    """Map what senders type (the code, or the Vietnamese or English name, any case) to the code."""
    aliases: dict[str, str] = {}
    for row in read_seed(name):
        for label in (row["code"], row.get("name_vi") or "", row.get("name_en") or ""):
            if label:
                aliases.setdefault(_fold(label), row["code"])
    return aliases


@cache
def province_communes(province_code: str) -> frozenset[str]:
    return frozenset(r["commune_code"] for r in read_seed("ref_communes") if r["province_code"] == province_code)


def served_communes() -> frozenset[str]:
    return frozenset().union(*(province_communes(code) for code in sorted(served_provinces())))


@cache
def commune_provinces() -> dict[str, str]:
    """The province of every code a report may carry for a place: current communes, and (before the reform)
    legacy communes and districts without communes, by the province they were in."""
    provinces = {r["commune_code"]: r["province_code"] for r in read_seed("ref_communes")}
    for r in read_seed("ref_legacy_communes"):
        provinces.setdefault(r["legacy_commune_code"], r["legacy_province_code"])
    for r in read_seed("ref_legacy_district_units"):
        provinces.setdefault(r["legacy_code"], r["legacy_province_code"])
    return provinces


@cache
def legacy_commune_codes() -> frozenset[str]:
    """Codes a pre-reform report may carry for a place: legacy communes, and districts without communes."""
    communes = {r["legacy_commune_code"] for r in read_seed("ref_commune_crosswalk") if r["commune_code"]}
    districts = {r["legacy_code"] for r in read_seed("ref_legacy_district_units") if r["commune_code"]}
    return frozenset(communes | districts)
