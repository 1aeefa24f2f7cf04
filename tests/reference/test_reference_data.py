"""Checks on the reference seeds in dbt_project/seeds/reference (code lists read by dbt and Python alike)."""

from __future__ import annotations

import csv
import math
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml

SEED_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "reference"
SEED_FILES = sorted(path.name for path in SEED_DIR.glob("*.csv"))
EXPECTED_SEEDS = {
    "ref_accident_causes.csv",
    "ref_commune_crosswalk.csv",
    "ref_communes.csv",
    "ref_employer_size_bands.csv",
    "ref_employment_types.csv",
    "ref_exam_results.csv",
    "ref_facility_types.csv",
    "ref_health_classes.csv",
    "ref_injury_factors.csv",
    "ref_legacy_communes.csv",
    "ref_monitoring_factors.csv",
    "ref_occupational_diseases.csv",
    "ref_poisson_ci.csv",
    "ref_provinces.csv",
    "ref_severity.csv",
    "ref_targets.csv",
    "ref_vsco_major_groups.csv",
    "ref_vsic_sections.csv",
}
# the key column of each seed (unique, never empty)
KEY_COLUMN = {
    "ref_communes.csv": "commune_code",
    "ref_provinces.csv": "province_code",
    "ref_legacy_communes.csv": "legacy_commune_code",
    "ref_commune_crosswalk.csv": "legacy_commune_code",
    "ref_targets.csv": "target_code",
    "ref_poisson_ci.csv": "observed_count",
    "ref_legacy_district_units.csv": "legacy_code",
}
PROVISIONAL_LISTS = ("ref_accident_causes.csv", "ref_injury_factors.csv", "ref_occupational_diseases.csv")


@cache
def read(name: str) -> tuple[dict[str, str], ...]:
    with (SEED_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def column(name: str, col: str) -> list[str]:
    return [row[col] for row in read(name)]


# ------------------------------------------------------------------------------------------ all files
def test_expected_seed_files_present() -> None:
    assert set(SEED_FILES) >= EXPECTED_SEEDS


@pytest.mark.parametrize("name", SEED_FILES)
def test_file_encoding_and_shape(name: str) -> None:
    raw = (SEED_DIR / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text), "not NFC"
    assert "\r" not in text
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    assert len(header) == len(set(header)) and all(header)
    assert len(rows) > 1
    for row in rows[1:]:
        assert len(row) == len(header)
        assert all(value == value.strip() for value in row)


@pytest.mark.parametrize("name", SEED_FILES)
def test_key_column_unique_and_filled(name: str) -> None:
    key = KEY_COLUMN.get(name, "code")
    values = column(name, key)
    assert all(values)
    assert len(values) == len(set(values))


def test_yaml_describes_every_seed_and_column() -> None:
    seeds = {}
    for path in sorted(SEED_DIR.glob("_reference__*.yml")):
        seeds |= {seed["name"]: seed for seed in yaml.safe_load(path.read_text(encoding="utf-8"))["seeds"]}
    assert set(seeds) == {name.removesuffix(".csv") for name in SEED_FILES}, "every seed is described in YAML"
    for name in SEED_FILES:
        seed = seeds[name.removesuffix(".csv")]
        header = list(read(name)[0])
        assert seed["description"].strip()
        assert [col["name"] for col in seed["columns"]] == header
        assert all(col.get("description", "").strip() for col in seed["columns"])
        column_types = seed["config"]["column_types"]
        for col in header:
            if col == "code" or col.endswith("_code"):
                assert column_types[col] == "varchar", (name, col)
        if name in PROVISIONAL_LISTS or name == "ref_commune_crosswalk.csv":
            assert "PROVISIONAL" in seed["description"]


# ------------------------------------------------------------------------ current administrative units
def test_current_units_counts() -> None:
    communes = read("ref_communes.csv")
    provinces = read("ref_provinces.csv")
    assert len(communes) == 3321
    assert len(provinces) == 34
    assert sum(1 for row in communes if row["province_code"] == "51") == 96
    assert {row["province_code"] for row in communes} == {row["province_code"] for row in provinces}
    assert {row["commune_type"] for row in communes} == {"xã", "phường", "đặc khu"}
    assert all(len(code) == 5 and code.isdigit() for code in column("ref_communes.csv", "commune_code"))
    assert all(len(code) == 2 and code.isdigit() for code in column("ref_provinces.csv", "province_code"))
    names = {row["province_code"]: row["province_name"] for row in provinces}
    assert names["51"] == "Quảng Ngãi"
    assert all(names[row["province_code"]] == row["province_name"] for row in communes)


def test_leading_zeros_survive() -> None:
    assert column("ref_communes.csv", "commune_code")[0] == "00004"
    assert column("ref_provinces.csv", "province_code")[0] == "01"


# ------------------------------------------------------------------------------- legacy units
def test_legacy_units_counts() -> None:
    legacy = read("ref_legacy_communes.csv")
    assert len(legacy) == 272
    by_province = {"51": 0, "62": 0}
    districts: dict[str, set[str]] = {"51": set(), "62": set()}
    for row in legacy:
        by_province[row["legacy_province_code"]] += 1
        districts[row["legacy_province_code"]].add(row["legacy_district_code"])
    assert by_province == {"51": 170, "62": 102}
    # 13 districts in old Quảng Ngãi, but Lý Sơn (536) had no commune level, so 12 appear here
    assert len(districts["51"]) == 12 and "536" not in districts["51"]
    assert len(districts["62"]) == 10


# ------------------------------------------------------------------------------- crosswalk
def test_crosswalk_covers_every_legacy_code_once() -> None:
    crosswalk = column("ref_commune_crosswalk.csv", "legacy_commune_code")
    assert len(crosswalk) == len(set(crosswalk)) == 272
    assert set(crosswalk) == set(column("ref_legacy_communes.csv", "legacy_commune_code"))


def test_crosswalk_targets_are_current_province_51_units() -> None:
    current_51 = {row["commune_code"] for row in read("ref_communes.csv") if row["province_code"] == "51"}
    targets = {row["commune_code"] for row in read("ref_commune_crosswalk.csv")}
    assert targets <= current_51
    # every current unit takes over at least one legacy unit, except Đặc khu Lý Sơn (no legacy commune)
    assert current_51 - targets == {"21548"}


def test_crosswalk_status_and_flags() -> None:
    rows = read("ref_commune_crosswalk.csv")
    assert {row["mapping_status"] for row in rows} == {"code_kept", "provisional"}
    assert {row["is_approximate"] for row in rows} <= {"true", "false"}
    kept = [row for row in rows if row["mapping_status"] == "code_kept"]
    assert len(kept) == 95
    assert all(row["legacy_commune_code"] == row["commune_code"] for row in kept)
    provisional = [row for row in rows if row["mapping_status"] == "provisional"]
    assert len(provisional) == 177
    assert all(row["legacy_commune_code"] != row["commune_code"] for row in provisional)
    assert all(row["note"] for row in rows)
    approximate = [row for row in rows if row["is_approximate"] == "true"]
    assert [row["legacy_commune_code"] for row in approximate] == ["21142"]  # Xã Trà Bùi, split
    assert approximate[0]["mapping_status"] == "provisional"


def test_crosswalk_example_from_brief() -> None:
    """Current Xã An Phú 21034 was Xã Nghĩa Dũng (it kept that unit's code)."""
    current = {row["commune_code"]: row for row in read("ref_communes.csv")}
    legacy = {row["legacy_commune_code"]: row for row in read("ref_legacy_communes.csv")}
    crosswalk = {row["legacy_commune_code"]: row for row in read("ref_commune_crosswalk.csv")}
    assert current["21034"]["commune_name"] == "Xã An Phú"
    assert current["21034"]["province_code"] == "51"
    assert legacy["21034"]["legacy_commune_name"] == "Xã Nghĩa Dũng"
    assert crosswalk["21034"]["commune_code"] == "21034"
    assert crosswalk["21034"]["mapping_status"] == "code_kept"
    assert crosswalk["21034"]["is_approximate"] == "false"


# ------------------------------------------------------------------------------- hand-typed lists
def test_hand_typed_list_sizes() -> None:
    assert column("ref_accident_causes.csv", "code") == [str(i) for i in range(1, 11)]
    assert column("ref_occupational_diseases.csv", "code") == [str(i) for i in range(1, 36)]
    assert column("ref_vsic_sections.csv", "code") == list("ABCDEFGHIJKLMNOPQRSTU")
    assert sorted(column("ref_vsco_major_groups.csv", "code")) == [str(i) for i in range(10)]
    assert column("ref_monitoring_factors.csv", "code") == [
        "temperature",
        "humidity",
        "air_velocity",
        "light",
        "noise",
        "dust",
        "vibration",
        "toxic_gas",
        "radiation",
        "electromagnetic_field",
        "other",
    ]
    assert column("ref_severity.csv", "code") == ["death", "severe", "light"]
    assert set(column("ref_employment_types.csv", "code")) == {
        "labour_contract",
        "no_contract",
        "apprentice",
        "leased",
        "probation",
    }
    assert column("ref_exam_results.csv", "code") == ["no_disease", "suspected", "diagnosed"]
    assert column("ref_health_classes.csv", "code") == ["I", "II", "III", "IV", "V"]
    assert len(read("ref_facility_types.csv")) == 7
    injury = column("ref_injury_factors.csv", "code")
    assert injury[0] == "101" and all(len(code) == 3 and code.isdigit() for code in injury)


@pytest.mark.parametrize("name", PROVISIONAL_LISTS)
def test_provisional_lists_are_flagged(name: str) -> None:
    assert set(column(name, "is_provisional")) == {"true"}


@pytest.mark.parametrize("name", SEED_FILES)
def test_names_filled(name: str) -> None:
    header = read(name)[0].keys()
    for col in ("name_vi", "name_en"):
        if col in header:
            assert all(column(name, col))


def test_occupational_disease_exposure_groups() -> None:
    groups = {row["code"]: row["exposure_group"] for row in read("ref_occupational_diseases.csv")}
    assert set(groups.values()) <= {"dust", "chemical", "physical", "biological", "other"}
    assert groups["1"] == "dust" and groups["8"] == "chemical" and groups["18"] == "physical"
    assert groups["35"] == "biological"


def test_vsic_divisions_partition_01_to_99() -> None:
    sections = read("ref_vsic_sections.csv")
    previous = 0
    for row in sections:
        start, end = int(row["division_from"]), int(row["division_to"])
        assert len(row["division_from"]) == len(row["division_to"]) == 2
        assert previous < start <= end
        previous = end
    assert previous == 99


def test_employer_size_bands_are_contiguous() -> None:
    bands = read("ref_employer_size_bands.csv")
    assert [row["code"] for row in bands] == ["micro", "small", "medium", "large"]
    assert [(row["min_workers"], row["max_workers"]) for row in bands] == [
        ("0", "10"),
        ("11", "100"),
        ("101", "200"),
        ("201", ""),
    ]


def test_targets() -> None:
    targets = {row["target_code"]: row for row in read("ref_targets.csv")}
    assert set(targets) == {"T1", "T2", "T3"}
    expected = {
        "T1": ("decrease", -0.04, "rate"),
        "T2": ("increase", 0.05, "count"),
        "T3": ("increase", 0.05, "count"),
    }
    for code, (direction, change, measure) in expected.items():
        row = targets[code]
        assert row["direction"] == direction
        assert float(row["required_annual_change"]) == change
        assert row["measure"] == measure
        assert row["baseline_year"] == "2023"


# ------------------------------------------------------------------------------- Poisson limits
def _poisson_cdf_direct(k: int, mean: float) -> float:
    """P(X <= k), summed term by term in log space (independent of the script's incomplete gamma)."""
    if k < 0:
        return 0.0
    logs = [i * math.log(mean) - mean - math.lgamma(i + 1) for i in range(k + 1)]
    top = max(logs)
    return math.exp(top) * math.fsum(math.exp(value - top) for value in logs)


@cache
def poisson_rows() -> dict[int, tuple[float, float]]:
    return {
        int(row["observed_count"]): (float(row["lower_95"]), float(row["upper_95"]))
        for row in read("ref_poisson_ci.csv")
    }


def test_poisson_known_values() -> None:
    rows = poisson_rows()
    assert sorted(rows) == list(range(2001))
    known = {0: (0.0, 3.6889), 1: (0.0253, 5.5716), 10: (4.7954, 18.3904)}
    for k, (lower, upper) in known.items():
        assert rows[k][0] == pytest.approx(lower, abs=5e-5)
        assert rows[k][1] == pytest.approx(upper, abs=5e-5)
    # reference values: scipy.stats.chi2.ppf(0.025, 2k)/2 and chi2.ppf(0.975, 2k+2)/2
    reference = {
        0: (0.0, 3.6888794541139354),
        1: (0.025317807984289876, 5.571643390938898),
        2: (0.24220927854396496, 7.22468766772396),
        5: (1.6234863901184207, 11.66833207932267),
        10: (4.7953886961324335, 18.39035604201778),
        20: (12.216519585403944, 30.8883779026746),
        100: (81.36399125092314, 121.62679379242638),
        1000: (938.9730184076952, 1063.952136016302),
        2000: (1913.2987096256304, 2089.6174394458276),
    }
    for k, (lower, upper) in reference.items():
        assert rows[k][0] == pytest.approx(lower, rel=1e-8, abs=1e-12)
        assert rows[k][1] == pytest.approx(upper, rel=1e-8)


def test_poisson_limits_satisfy_their_definition() -> None:
    """Checked against a direct Poisson sum: P(X >= k | lower) = 0.025 = P(X <= k | upper)."""
    rows = poisson_rows()
    for k in (1, 2, 3, 7, 15, 25, 60, 150, 400):
        lower, upper = rows[k]
        assert 1.0 - _poisson_cdf_direct(k - 1, lower) == pytest.approx(0.025, rel=1e-6)
        assert _poisson_cdf_direct(k, upper) == pytest.approx(0.025, rel=1e-6)


def test_poisson_limits_monotone_and_bracket_count() -> None:
    rows = poisson_rows()
    for k in range(1, 2001):
        assert rows[k][0] > rows[k - 1][0]
        assert rows[k][1] > rows[k - 1][1]
        assert rows[k][0] < k < rows[k][1]
    assert rows[0][0] == 0.0


def test_poisson_nine_significant_digits() -> None:
    for row in read("ref_poisson_ci.csv"):
        for col in ("lower_95", "upper_95"):
            digits = row[col].replace(".", "").lstrip("0")
            assert "e" not in row[col].lower()
            assert len(digits) <= 9
