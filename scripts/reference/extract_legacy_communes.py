"""Extract the pre-reform (before 1 July 2025) commune-level units of old Quảng Ngãi and Kon Tum.

Source: the data of ``vietnam-provinces`` release 0.6.0 (GSO list retrieved 2025-01-04, the last
release with the three-level province / district / commune structure). That release is older than the
one the project installs, so run this script in a throwaway environment, from the repository root:

  python3 -m uv run --no-project --with vietnam-provinces==0.6.0 \
      python scripts/reference/extract_legacy_communes.py

It uses only the standard library besides the package itself.

Writes dbt_project/seeds/reference/ref_legacy_communes.csv with columns legacy_commune_code,
legacy_commune_name, legacy_district_code, legacy_district_name, legacy_province_code,
legacy_province_name: the 272 legacy commune-level units of old Quảng Ngãi (province 51: 13 districts,
170 communes) and Kon Tum (province 62: 10 districts, 102 communes). Codes are zero-padded strings
(commune 5, district 3, province 2 digits). Output is sorted by commune code, Unicode NFC, UTF-8
without BOM.

Note: Lý Sơn district (536) has had no commune level since 2020, so it counts among the 13 districts
but contributes no commune; the current Đặc khu Lý Sơn (21548) therefore has no legacy commune code.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import vietnam_provinces

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT = REPO_ROOT / "dbt_project" / "seeds" / "reference" / "ref_legacy_communes.csv"

REQUIRED_VERSION = "0.6.0"
# legacy province code -> (districts, communes) expected by the domain brief
EXPECTED = {51: (13, 170), 62: (10, 102)}
EXPECTED_TOTAL = 272

HEADER = [
    "legacy_commune_code",
    "legacy_commune_name",
    "legacy_district_code",
    "legacy_district_name",
    "legacy_province_code",
    "legacy_province_name",
]


def nfc(text: str) -> str:
    """Normalise to Unicode NFC and strip surrounding whitespace."""
    return unicodedata.normalize("NFC", text).strip()


def main() -> int:
    if vietnam_provinces.__version__ != REQUIRED_VERSION:
        raise SystemExit(
            f"needs vietnam-provinces=={REQUIRED_VERSION}, found {vietnam_provinces.__version__}; "
            "run: python3 -m uv run --no-project --with vietnam-provinces==0.6.0 "
            "python scripts/reference/extract_legacy_communes.py"
        )
    with Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).open(encoding="utf-8") as handle:
        provinces = json.load(handle)

    rows: list[list[str]] = []
    for province in provinces:
        if province["code"] not in EXPECTED:
            continue
        expected_districts, expected_communes = EXPECTED[province["code"]]
        districts = province["districts"]
        communes = sum(len(district["wards"]) for district in districts)
        label = f"province {province['code']}"
        assert len(districts) == expected_districts, f"{label}: {len(districts)} districts"
        assert communes == expected_communes, f"{label}: {communes} communes"
        for district in districts:
            for ward in district["wards"]:
                rows.append(
                    [
                        f"{int(ward['code']):05d}",
                        nfc(ward["name"]),
                        f"{int(district['code']):03d}",
                        nfc(district["name"]),
                        f"{int(province['code']):02d}",
                        nfc(province["name"]),
                    ]
                )
    rows.sort()
    codes = [row[0] for row in rows]
    assert len(rows) == EXPECTED_TOTAL, f"{len(rows)} legacy communes"
    assert len(set(codes)) == len(codes), "duplicate legacy commune codes"

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(
        f"vietnam-provinces {vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__}): "
        f"wrote {len(rows)} legacy communes to {OUTPUT}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
