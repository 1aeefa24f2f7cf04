"""The world behind the files: identifiers, people, places, habits and trends."""

from __future__ import annotations

import unicodedata
from collections import Counter

import polars as pl
import pytest

from orchestration.generate import calendar, events
from orchestration.generate.families import producers
from orchestration.generate.identifiers import CCCD_PROVINCE_CODES, tax_code, with_bad_check_digit
from orchestration.generate.profiles import DEATH_TREND, EXAM_TREND, MONITORING_TREND, PROVINCE, SAMPLE
from orchestration.generate.world import World
from orchestration.generate.writers import encode
from schemas import reference
from schemas.checks import tax_code_check_digit_ok
from schemas.periods import parse_period
from schemas.template import REFORM_DATE

YEARS = (2021, 2022, 2023, 2024, 2025)


@pytest.fixture(scope="module")
def province() -> World:
    return World(31, PROVINCE, "51", YEARS, 1.0, PROVINCE.employers)


@pytest.fixture(scope="module")
def sample() -> World:
    return World(31, SAMPLE, "51", YEARS, 1.0, len(SAMPLE.fixed_sizes))


def _check_digits(codes: list[str]) -> list[bool]:
    frame = pl.DataFrame({"code": codes})
    return frame.select(tax_code_check_digit_ok(pl.col("code"))).to_series().to_list()


def test_tax_codes_pass_the_templates_check_digit_and_a_slip_fails_it(province):
    codes = [e.tax_code for e in province.employers]
    assert len(set(codes)) == len(codes)
    assert all(_check_digits(codes))
    assert not any(_check_digits([with_bad_check_digit(c) for c in codes[:500]]))
    assert all(_check_digits([tax_code("79", n) for n in range(0, 5_000_000, 9_973)]))


def test_national_ids_follow_the_cccd_layout(province):
    people = [v.person for year in YEARS for i in events.accidents(province, year) for v in i.victims]
    people += [e.worker for e in events.exams(province, 2024)]
    for p in people:
        nid = p.national_id
        assert len(nid) == 12 and nid.isdigit()
        assert nid[:3] in CCCD_PROVINCE_CODES
        century = 0 if p.birth_year < 2000 else 2
        assert int(nid[3]) == century + (0 if p.male else 1)
        assert nid[4:6] == f"{p.birth_year % 100:02d}"
    assert Counter(p.national_id[:3] for p in people).most_common(1)[0][0] == "051"


def test_a_person_is_the_same_in_every_source(province):
    """Victims in the accident registers reappear in the fund's benefit decisions with the same identity."""
    victims = {v.person.national_id: v.person for y in YEARS for i in events.accidents(province, y)
               for v in i.victims}
    decided = [b.worker for month in events.benefits(province).values() for b in month]
    shared = [w for w in decided if w.national_id in victims]
    assert len(shared) > 50
    assert all(victims[w.national_id] == w for w in shared)
    unreported = [w for w in decided if w.national_id not in victims]
    assert unreported, "the fund also knows of cases no employer declared"


def test_sector_mix_leans_to_construction_manufacturing_mining_agriculture(province):
    sectors = Counter(e.sector for e in province.employers)
    top = [s for s, _ in sectors.most_common(4)]
    assert {"F", "C"} <= set(top[:2])
    assert sectors["B"] > 0 and sectors["A"] > sectors["K"]
    assert sum(1 for e in province.employers if e.sector_change_month) > 100
    assert sum(1 for e in province.employers if e.move_month) > 100


def test_magnitudes_fit_the_merged_province(province):
    workers = sum(e.workers_at(31, 2023 * 12 + 6, 2021) for e in province.employers if e.active(2023 * 12 + 6))
    assert 200_000 < workers < 450_000
    deaths = {y: sum(v.severity == "death" for i in events.accidents(province, y) for v in i.victims) for y in YEARS}
    commune_deaths = {y: sum(a.severity == "death" for a in events.commune_accidents(province, y)) for y in YEARS}
    assert all(20 <= deaths[y] + commune_deaths[y] <= 30 for y in YEARS)


def test_trends_meet_some_targets_and_miss_others():
    assert DEATH_TREND[2024] < 0.96 * DEATH_TREND[2023] and DEATH_TREND[2025] > DEATH_TREND[2024]
    assert EXAM_TREND[2024] >= 1.05 * EXAM_TREND[2023] and EXAM_TREND[2025] < 1.05 * EXAM_TREND[2024]
    assert MONITORING_TREND[2024] < 1.05 * MONITORING_TREND[2023]
    assert MONITORING_TREND[2025] >= 1.05 * MONITORING_TREND[2024]


def test_periods_before_the_reform_use_legacy_codes(province):
    legacy = {r["legacy_commune_code"] for r in reference.read_seed("ref_commune_crosswalk")}
    current = reference.province_communes("51")
    extract = producers()["insured_workforce"]
    before = {r["employer_commune_code"] for r in next(extract.submissions(province, parse_period("202503"))).rows}
    after = {r["employer_commune_code"] for r in next(extract.submissions(province, parse_period("202509"))).rows}
    assert before <= legacy and after <= current
    assert len(before - current) > 100, "most legacy units did not keep their code"


def test_some_reports_arrive_on_time_and_some_late(tmp_path):
    from tests.orchestration.generate.conftest import generated

    raw, _ = generated(tmp_path, error_rate=0.0)
    import csv
    from datetime import datetime

    on_time = late = 0
    with (raw / "_receipts.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            family, period = row["path"].split("/")[:2]
            if family != "accident_summary":
                continue
            due = calendar.deadline(family, parse_period(period))
            received = datetime.fromisoformat(row["received_at"]).date()
            assert received != due, "nothing arrives on the deadline day itself"
            on_time += received < due
            late += received > due
    assert on_time and late


def test_reporting_rates_vary_between_30_and_85_percent(province):
    summary = producers()["accident_summary"]
    period = parse_period("2023")
    sent = sum(1 for _ in summary.submissions(province, period))
    active = sum(1 for e in province.employers if e.active(2023 * 12 + 11))
    assert 0.3 < sent / active < 0.85
    assert REFORM_DATE.year == 2025


def test_windows_1258_encodes_every_vietnamese_letter_and_header():
    letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    texts = [letters, letters.upper()] + [s.header_vi for p in producers().values() for s in p.model.columns()]
    for text in texts:
        decoded = encode(text, "cp1258").decode("cp1258")
        assert unicodedata.normalize("NFC", decoded) == unicodedata.normalize("NFC", text)


def test_every_family_mistake_names_a_rule_of_its_template():
    from orchestration.generate.families.base import reported_column
    from schemas.rules import all_rules

    for family, producer in producers().items():
        for mistake in producer.rules.cross:
            assert mistake.rule in all_rules(), (family, mistake.rule)
            assert reported_column(producer.model, mistake.rule) is not None, (family, mistake.rule)
        if producer.rules.duplicate:
            assert reported_column(producer.model, producer.rules.duplicate[0]) == producer.rules.duplicate[1]
        columns = {s.name for s in producer.model.columns()}
        assert set(producer.rules.out_of_range) <= columns, family
