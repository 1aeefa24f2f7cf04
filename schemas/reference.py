"""Code lists, read from the dbt seeds: the single copy of every list (no code list is typed twice)."""

from __future__ import annotations

import csv
import os
import unicodedata
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "reference"
DEFAULT_PROVINCE_CODE = "51"


def served_province() -> str:
    """The province the warehouse serves (OSH_PROVINCE_CODE, Quảng Ngãi 51 by default)."""
    return os.environ.get("OSH_PROVINCE_CODE", DEFAULT_PROVINCE_CODE)


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


@cache
def legacy_commune_codes() -> frozenset[str]:
    """Codes a pre-reform report may carry for a place: legacy communes, and districts without communes."""
    communes = {r["legacy_commune_code"] for r in read_seed("ref_commune_crosswalk") if r["commune_code"]}
    districts = {r["legacy_code"] for r in read_seed("ref_legacy_district_units") if r["commune_code"]}
    return frozenset(communes | districts)
