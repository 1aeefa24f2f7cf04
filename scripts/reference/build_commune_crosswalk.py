"""Build the legacy -> current commune crosswalk for the new Quảng Ngãi province (code 51).

Reads the two package-derived seeds (run the extract scripts first):
  dbt_project/seeds/reference/ref_communes.csv         current units (vietnam-provinces 2025.10.1)
  dbt_project/seeds/reference/ref_legacy_communes.csv  272 legacy units (vietnam-provinces 0.6.0)
and writes dbt_project/seeds/reference/ref_commune_crosswalk.csv with columns
  legacy_commune_code, commune_code, mapping_status, is_approximate, note
one row per legacy code (many-to-one), sorted by legacy code.

How each row is decided
-----------------------
* ``code_kept``: the legacy code is itself the code of a current province-51 unit (95 of the 96 current
  units kept the code of one legacy unit, often under a new name). Taken from the package data alone.
* ``provisional``: every other legacy unit (177). The installed package has names and codes only (no
  description of which old units were merged), so these rows come from the GSO conversion table
  "Bảng chuyển đổi đơn vị hành chính mới - cũ" (the annex to the draft Prime-Minister decision on the
  list and codes of administrative units, 2025), section QUẢNG NGÃI, as kept in the source repository of
  the same package (sunshine-tech/VietnamProvinces, dev/seed-data/2025-07/
  BangChuyendoiĐVHCmoi_cu_khong_merge.csv; not shipped in the released 2025.10.1 wheel). The composition
  of each current unit is transcribed below in ``GSO_DRAFT_COMPOSITION``. It is a draft table, not
  yet confirmed by the province, so these rows stay ``provisional`` until the province signs them off.
* ``is_approximate`` is true where the legacy unit was split between several current units (the table
  says "Nhập một phần"): then the row maps to one of them, and the note names the others. Only Xã Trà
  Bùi (21142) is split; the table does not say which part holds the old commune seat, so the choice is
  marked as a guess.
* The note says how the row was decided and, for provisional rows, what in the package data supports
  it: the current unit carries the legacy unit's name, or it kept the code of a unit of the same legacy
  district, or the merge crosses a legacy district boundary (one case: Xã Tịnh Hòa, Thành phố Quảng
  Ngãi -> Xã Đông Sơn). The package data alone cannot place these units: a package-only guess (the
  code-keeping unit of the same legacy district nearest in code) agrees with the GSO table for fewer
  than half of them; the script prints that agreement as a statistic.

The script fails if the table and the package data disagree (unknown codes, a legacy code mapped twice
or not at all, a kept code not mapped to itself).

Run from the repository root:
  .venv/bin/python scripts/reference/build_commune_crosswalk.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT / "dbt_project" / "seeds" / "reference"
PROVINCE_CODE = "51"
EXPECTED_LEGACY = 272
EXPECTED_CURRENT = 96
EXPECTED_CODE_KEPT = 95

GSO_SOURCE = "the GSO draft conversion table (2025)"
UNIT_TYPE_PREFIXES = ("thị trấn ", "phường ", "đặc khu ", "xã ")

# Current unit code -> legacy units merged into it, transcribed from the GSO draft conversion table.
# Legacy codes listed in PARTLY_MERGED were split ("Nhập một phần") and appear under several units.
GSO_DRAFT_COMPOSITION: dict[str, tuple[str, ...]] = {
    # old Quảng Ngãi (51)
    "21025": ("21019", "21022", "21025", "21031"),  # Phường Cẩm Thành
    "21028": ("21010", "21013", "21016", "21028"),  # Phường Nghĩa Lộ
    "21034": ("21034", "21037", "21256", "21262"),  # Xã An Phú
    "21040": ("21040", "21046", "21052", "21055", "21070", "21082", "21088"),  # Xã Bình Sơn
    "21061": ("21043", "21049", "21061", "21067", "21073", "21079"),  # Xã Vạn Tường
    "21085": ("21058", "21064", "21085"),  # Xã Bình Minh
    "21100": ("21100", "21106"),  # Xã Bình Chương
    "21109": ("21091", "21103", "21109", "21112", "21187"),  # Xã Đông Sơn
    "21115": ("21115", "21121", "21139"),  # Xã Trà Bồng
    "21124": ("21124", "21133", "21145"),  # Xã Thanh Bồng
    "21127": ("21118", "21127", "21130"),  # Xã Đông Trà Bồng
    "21136": ("21136", "21142"),  # Xã Cà Đam (part of Trà Bùi 21142)
    "21154": ("21148", "21154", "21163"),  # Xã Tây Trà
    "21157": ("21142", "21157", "21166"),  # Xã Tây Trà Bồng (rest of Trà Bùi 21142)
    "21172": ("21172", "21202", "21223", "21232"),  # Phường Trương Quang Trọng
    "21181": ("21175", "21181"),  # Xã Thọ Phong
    "21196": ("21196", "21226", "21229"),  # Xã Trường Giang
    "21205": ("21178", "21184", "21205"),  # Xã Ba Gia
    "21211": ("21190", "21199", "21208", "21211", "21214"),  # Xã Tịnh Khê
    "21220": ("21193", "21217", "21220"),  # Xã Sơn Tịnh
    "21235": ("21235", "21268", "21274", "21277"),  # Xã Tư Nghĩa
    "21238": ("21238", "21280", "21283"),  # Xã Vệ Giang
    "21244": ("21241", "21244", "21259"),  # Xã Trà Giang
    "21250": ("21247", "21250", "21271"),  # Xã Nghĩa Giang
    "21289": ("21289", "21301", "21313"),  # Xã Sơn Hà
    "21292": ("21292", "21295", "21298"),  # Xã Sơn Hạ
    "21307": ("21304", "21307", "21316"),  # Xã Sơn Linh
    "21319": ("21310", "21319", "21322"),  # Xã Sơn Thủy
    "21325": ("21325", "21328"),  # Xã Sơn Kỳ
    "21334": ("21331", "21334", "21335"),  # Xã Sơn Tây Thượng
    "21340": ("21337", "21340", "21341"),  # Xã Sơn Tây
    "21343": ("21338", "21343", "21346"),  # Xã Sơn Tây Hạ
    "21349": ("21349", "21352"),  # Xã Sơn Mai
    "21361": ("21355", "21358", "21361"),  # Xã Minh Long
    "21364": ("21364", "21367", "21373"),  # Xã Nghĩa Hành
    "21370": ("21370", "21376", "21382"),  # Xã Phước Giang
    "21385": ("21379", "21385", "21391"),  # Xã Đình Cương
    "21388": ("21388", "21394", "21397"),  # Xã Thiện Tín
    "21400": ("21400", "21424", "21427", "21430"),  # Xã Mộ Đức
    "21409": ("21406", "21409", "21415"),  # Xã Long Phụng
    "21421": ("21412", "21418", "21421"),  # Xã Mỏ Cày
    "21433": ("21433", "21436"),  # Xã Lân Phong
    "21439": ("21439", "21460", "21463", "21466", "21469"),  # Phường Đức Phổ
    "21451": ("21442", "21448", "21451", "21454"),  # Phường Trà Câu
    "21457": ("21445", "21457"),  # Xã Nguyễn Nghiêm
    "21472": ("21472", "21475"),  # Xã Khánh Cường
    "21478": ("21478", "21481"),  # Phường Sa Huỳnh
    "21484": ("21484", "21511", "21526"),  # Xã Ba Tơ
    "21490": ("21487", "21490"),  # Xã Ba Vinh
    "21496": ("21493", "21496", "21502"),  # Xã Ba Động
    "21499": ("21499", "21500"),  # Xã Ba Dinh
    "21520": ("21508", "21520"),  # Xã Đặng Thùy Trâm
    "21523": ("21523", "21532", "21535"),  # Xã Ba Tô
    "21529": ("21505", "21517", "21529"),  # Xã Ba Vì
    "21538": ("21538",),  # Xã Ba Xa (unchanged)
    "21548": (),  # Đặc khu Lý Sơn: former Lý Sơn district, which had no commune level
    # old Kon Tum (62)
    "23284": ("23284", "23296", "23311"),  # Phường Đăk Cấm
    "23293": ("23281", "23287", "23290", "23293", "23299"),  # Phường Kon Tum
    "23302": ("23302", "23305", "23308"),  # Phường Đăk Bla
    "23317": ("23314", "23317", "23320"),  # Xã Ngọk Bay
    "23326": ("23326", "23327", "23329"),  # Xã Ia Chim
    "23332": ("23323", "23332", "23335", "23338"),  # Xã Đăk Rơ Wa
    "23341": ("23341", "23353"),  # Xã Đăk Pék
    "23344": ("23344", "23347", "23350"),  # Xã Đăk Plô
    "23356": ("23356", "23359"),  # Xã Xốp
    "23365": ("23362", "23365"),  # Xã Ngọc Linh
    "23368": ("23368",),  # Xã Đăk Long (unchanged)
    "23374": ("23371", "23374"),  # Xã Đăk Môn
    "23377": ("23377", "23389", "23395"),  # Xã Bờ Y
    "23383": ("23380", "23383", "23386"),  # Xã Dục Nông
    "23392": ("23392", "23398"),  # Xã Sa Loong
    "23401": ("23401", "23437", "23440", "23443"),  # Xã Đăk Tô
    "23416": ("23407", "23416"),  # Xã Đăk Sao
    "23419": ("23417", "23419"),  # Xã Đăk Tờ Kan
    "23425": ("23422", "23425"),  # Xã Tu Mơ Rông
    "23428": ("23427", "23428"),  # Xã Ngọk Tụ
    "23430": ("23430", "23431", "23434"),  # Xã Kon Đào
    "23446": ("23404", "23410", "23413", "23446", "23449"),  # Xã Măng Ri
    "23455": ("23452", "23455", "23458"),  # Xã Măng Bút
    "23473": ("23461", "23470", "23473"),  # Xã Măng Đen
    "23476": ("23464", "23467", "23476"),  # Xã Kon Plông
    "23479": ("23479", "23491"),  # Xã Đăk Rve
    "23485": ("23482", "23485"),  # Xã Đăk Kôi
    "23497": ("23488", "23494", "23497"),  # Xã Kon Braih
    "23500": ("23500", "23521", "23524"),  # Xã Đăk Hà
    "23504": ("23503", "23504"),  # Xã Đăk Pxi
    "23510": ("23509", "23510"),  # Xã Đăk Ui
    "23512": ("23506", "23512"),  # Xã Đăk Mar
    "23515": ("23515", "23518"),  # Xã Ngọk Réo
    "23527": ("23527", "23533", "23539"),  # Xã Sa Thầy
    "23530": ("23530",),  # Xã Rờ Kơi (unchanged)
    "23534": ("23534", "23542", "23545"),  # Xã Sa Bình
    "23535": ("23535",),  # Xã Ia Đal (unchanged)
    "23536": ("23536",),  # Xã Mô Rai (unchanged)
    "23538": ("23537", "23538"),  # Xã Ia Tơi
    "23548": ("23548", "23551", "23554"),  # Xã Ya Ly
}

# Legacy units split between several current units -> the current unit chosen for the crosswalk.
# Xã Trà Bùi: the GSO table lists it under both Xã Cà Đam and Xã Tây Trà Bồng, each "Nhập một phần".
# Which part holds the old commune seat is not in any source available here; Cà Đam is chosen because
# the table lists it first and its kept code (21136, ex-Trà Tân) is the nearest to 21142.
PARTLY_MERGED: dict[str, str] = {"21142": "21136"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bare_name(name: str) -> str:
    """Comparable unit name: no unit-type prefix, case-folded, 'Đắk' spelt 'Đăk' as in the 2025 list."""
    folded = name.casefold().replace("đắk", "đăk")
    for prefix in UNIT_TYPE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def package_guess(
    legacy_code: str, legacy_district: dict[str, str], kept_by_district: dict[str, list[str]]
) -> str | None:
    """Package-only guess: the code-keeping current unit of the same legacy district nearest in code."""
    candidates = kept_by_district.get(legacy_district[legacy_code], [])
    if not candidates:
        return None
    return min(candidates, key=lambda code: (abs(int(code) - int(legacy_code)), code))


def build() -> tuple[list[list[str]], int]:
    current = {
        row["commune_code"]: row
        for row in read_csv(SEED_DIR / "ref_communes.csv")
        if row["province_code"] == PROVINCE_CODE
    }
    legacy = {row["legacy_commune_code"]: row for row in read_csv(SEED_DIR / "ref_legacy_communes.csv")}
    assert len(current) == EXPECTED_CURRENT, f"{len(current)} current units in province {PROVINCE_CODE}"
    assert len(legacy) == EXPECTED_LEGACY, f"{len(legacy)} legacy units"

    # --- consistency of the transcribed table with the package data
    assert set(GSO_DRAFT_COMPOSITION) == set(current), "table keys differ from current province-51 units"
    mapped_to: dict[str, list[str]] = {}
    for commune_code, legacy_codes in GSO_DRAFT_COMPOSITION.items():
        for legacy_code in legacy_codes:
            assert legacy_code in legacy, f"table lists unknown legacy code {legacy_code}"
            mapped_to.setdefault(legacy_code, []).append(commune_code)
    assert set(mapped_to) == set(legacy), f"legacy codes not in table: {sorted(set(legacy) - set(mapped_to))}"
    for legacy_code, targets in mapped_to.items():
        if legacy_code in PARTLY_MERGED:
            assert len(targets) > 1 and PARTLY_MERGED[legacy_code] in targets, legacy_code
        else:
            assert len(targets) == 1, f"legacy code {legacy_code} mapped to {targets}"
    for code in set(current) & set(legacy):
        assert mapped_to[code] == [code], f"kept code {code} is not mapped to itself"

    legacy_district = {code: row["legacy_district_code"] for code, row in legacy.items()}
    kept_by_district: dict[str, list[str]] = {}
    for code in sorted(set(current) & set(legacy)):
        kept_by_district.setdefault(legacy_district[code], []).append(code)

    def label(commune_code: str) -> str:
        return f"{current[commune_code]['commune_name']} ({commune_code})"

    rows: list[list[str]] = []
    guesses_agreeing = 0
    for legacy_code in sorted(legacy):
        legacy_name = legacy[legacy_code]["legacy_commune_name"]
        if legacy_code in current:
            commune_code = legacy_code
            status, approximate = "code_kept", False
            new_name = current[commune_code]["commune_name"]
            if new_name == legacy_name:
                note = f"current unit kept the legacy code and name ({legacy_name})"
            elif bare_name(new_name) == bare_name(legacy_name):
                note = (
                    "current unit kept the legacy code and name, respelt or retyped: "
                    f"{legacy_name} -> {new_name}"
                )
            else:
                note = f"current unit kept the legacy code; renamed from {legacy_name} to {new_name}"
        elif legacy_code in PARTLY_MERGED:
            commune_code = PARTLY_MERGED[legacy_code]
            status, approximate = "provisional", True
            others = ", ".join(label(code) for code in mapped_to[legacy_code] if code != commune_code)
            note = (
                f"{legacy_name} was split ({GSO_SOURCE}: 'Nhập một phần'): part to {label(commune_code)}, "
                f"rest to {others}; mapped to {label(commune_code)} as a guess (listed first in the table, "
                "nearest kept code); the unit holding the old commune seat is unconfirmed"
            )
        else:
            (commune_code,) = mapped_to[legacy_code]
            status, approximate = "provisional", False
            if bare_name(legacy_name) == bare_name(current[commune_code]["commune_name"]):
                check = "the current unit carries this legacy unit's name"
            elif legacy_district[commune_code] == legacy_district[legacy_code]:
                check = "same legacy district as the legacy unit whose code the target kept"
            else:
                check = (
                    "crosses the legacy district boundary (the target kept a code of "
                    f"{legacy[commune_code]['legacy_district_name']})"
                )
            note = f"{legacy_name} merged whole into {label(commune_code)} per {GSO_SOURCE}; {check}"
            if package_guess(legacy_code, legacy_district, kept_by_district) == commune_code:
                guesses_agreeing += 1
        rows.append([legacy_code, commune_code, status, "true" if approximate else "false", note])

    code_kept = sum(1 for row in rows if row[2] == "code_kept")
    assert code_kept == EXPECTED_CODE_KEPT, f"{code_kept} code_kept rows"
    assert len(rows) == EXPECTED_LEGACY
    return rows, guesses_agreeing


def main() -> int:
    rows, guesses_agreeing = build()
    output = SEED_DIR / "ref_commune_crosswalk.csv"
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["legacy_commune_code", "commune_code", "mapping_status", "is_approximate", "note"])
        writer.writerows(rows)
    provisional = [row for row in rows if row[2] == "provisional"]
    print(
        f"wrote {len(rows)} crosswalk rows to {output}: {len(rows) - len(provisional)} code_kept, "
        f"{len(provisional)} provisional (package-only nearest-code guess agrees on {guesses_agreeing}), "
        f"{sum(1 for row in rows if row[3] == 'true')} approximate"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
