"""Extract the current (post-1 July 2025) Vietnamese administrative units into dbt seeds.

Source: the ``vietnam-provinces`` package installed in the project environment (2025.10.1; its data
is the GSO list of provinces and commune-level units after Resolution 202/2025/QH15 and the 2025
commune rearrangements). The package's ``nested-divisions.json`` (path exported as
``vietnam_provinces.NESTED_DIVISIONS_JSON_PATH``) is read directly: it holds every province with its
commune-level units (``wards``: name, code, division_type xã / phường / đặc khu).

Writes:
  dbt_project/seeds/reference/ref_communes.csv   commune_code, commune_name, commune_type,
                                                 province_code, province_name (3,321 rows)
  dbt_project/seeds/reference/ref_provinces.csv  province_code, province_name (34 rows)

Codes are written as zero-padded strings (communes 5 digits, provinces 2 digits, the GSO convention),
so leading zeros survive. Output is sorted by code; text is Unicode NFC; UTF-8 without BOM.

Run from the repository root:
  .venv/bin/python scripts/reference/extract_current_communes.py
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import vietnam_provinces

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT / "dbt_project" / "seeds" / "reference"

EXPECTED_VERSION_PREFIX = "2025."
EXPECTED_PROVINCES = 34
EXPECTED_COMMUNES = 3321
SERVED_PROVINCE_CODE = "51"
EXPECTED_COMMUNES_SERVED_PROVINCE = 96
COMMUNE_TYPES = {"xã", "phường", "đặc khu"}


def nfc(text: str) -> str:
    """Normalise to Unicode NFC and strip surrounding whitespace."""
    return unicodedata.normalize("NFC", text).strip()


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a UTF-8 (no BOM), comma-separated CSV with a header row and LF line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def load_divisions() -> list[dict]:
    """Load the nested province -> ward data shipped with the installed package."""
    version = vietnam_provinces.__version__
    if not version.startswith(EXPECTED_VERSION_PREFIX):
        raise SystemExit(f"expected vietnam-provinces {EXPECTED_VERSION_PREFIX}x (2025 data), got {version}")
    with Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).open(encoding="utf-8") as handle:
        return json.load(handle)


def build_rows(provinces: list[dict]) -> tuple[list[list[str]], list[list[str]]]:
    """Return (province rows, commune rows), sorted by code."""
    province_rows: list[list[str]] = []
    commune_rows: list[list[str]] = []
    for province in provinces:
        province_code = f"{int(province['code']):02d}"
        province_name = nfc(province["name"])
        province_rows.append([province_code, province_name])
        for ward in province["wards"]:
            commune_type = nfc(ward["division_type"])
            if commune_type not in COMMUNE_TYPES:
                raise SystemExit(f"unexpected division_type {commune_type!r} for ward {ward['code']}")
            commune_rows.append(
                [f"{int(ward['code']):05d}", nfc(ward["name"]), commune_type, province_code, province_name]
            )
    province_rows.sort()
    commune_rows.sort()
    return province_rows, commune_rows


def check(province_rows: list[list[str]], commune_rows: list[list[str]]) -> None:
    """Assert the counts stated in the domain brief (section 2)."""
    province_codes = [row[0] for row in province_rows]
    commune_codes = [row[0] for row in commune_rows]
    assert len(province_codes) == len(set(province_codes)), "duplicate province codes"
    assert len(commune_codes) == len(set(commune_codes)), "duplicate commune codes"
    assert len(province_rows) == EXPECTED_PROVINCES, f"{len(province_rows)} provinces"
    assert len(commune_rows) == EXPECTED_COMMUNES, f"{len(commune_rows)} communes"
    served = [row for row in commune_rows if row[3] == SERVED_PROVINCE_CODE]
    assert len(served) == EXPECTED_COMMUNES_SERVED_PROVINCE, f"{len(served)} communes in province 51"


def main() -> int:
    province_rows, commune_rows = build_rows(load_divisions())
    check(province_rows, commune_rows)
    write_csv(SEED_DIR / "ref_provinces.csv", ["province_code", "province_name"], province_rows)
    write_csv(
        SEED_DIR / "ref_communes.csv",
        ["commune_code", "commune_name", "commune_type", "province_code", "province_name"],
        commune_rows,
    )
    print(
        f"vietnam-provinces {vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__}): "
        f"wrote {len(province_rows)} provinces, {len(commune_rows)} communes to {SEED_DIR}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
