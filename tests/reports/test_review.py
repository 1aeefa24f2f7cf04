"""The review report of the demo data: its figures are the indicator tables', in the text AND in the charts.

The page is read back through the ids and ``data-value`` attributes it carries for that purpose; the
expected figures are queried here straight from the published indicator tables.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from datetime import date

import duckdb
import pytest

from orchestration.reports.review import write_review
from orchestration.reports.review.periods import latest_complete_period, parse_review_period
from orchestration.reports.review.text import number
from tests.reports.pages import chart_values, read_page

YEAR_WINDOW = ["2025", "2025S1", "2025S2", *[f"2025{m:02d}" for m in range(1, 13)]]


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict:
    rows = con.sql(sql, params=params or []).pl().to_dicts()
    assert len(rows) == 1, (sql, rows)
    return rows[0]


def close(shown: str, expected: float | None) -> bool:
    if expected is None:
        return shown == ""
    return shown != "" and float(shown) == pytest.approx(float(expected), rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def annual(review_pages):
    return read_page(review_pages["2025_en"])


def test_t1_text_and_table_are_the_indicator_tables(con, annual):
    headline = one(con, "select * from indicators.ind_t1_fatal_rate_yearly where year = 2025")
    assert close(annual.figures["t1-value"], headline["fatal_rate_per_100k"])
    assert close(annual.figures["t1-deaths"], headline["deaths"])
    assert close(annual.figures["t1-workers"], headline["denominator_workers"])
    assert close(annual.figures["t1-ci-lower"], headline["fatal_rate_ci_lower"])
    assert close(annual.figures["t1-ci-upper"], headline["fatal_rate_ci_upper"])
    assert close(annual.figures["t1-k-fatal"], headline["k_fatal_per_1000"])
    assert close(annual.figures["t1-trajectory-value"], headline["trajectory_rate_per_100k"])
    assert annual.figures["t1-yoy-status"] == headline["yoy_status"]
    assert annual.figures["t1-trajectory-status"] == headline["trajectory_status"]
    assert annual.figures["summary-t1-yoy"] == headline["yoy_status"]
    assert annual.figures["summary-t1-trajectory"] == headline["trajectory_status"]
    # the visible text is the machine value, formatted
    assert annual.texts["t1-value"] == number(headline["fatal_rate_per_100k"], "en", 2)

    # the series runs from the plan's baseline year to the reviewed year
    years = con.sql(
        "select * from indicators.ind_t1_fatal_rate_yearly "
        "where year >= (select min(baseline_year) from reference.ref_targets) order by year"
    ).pl().to_dicts()
    table = annual.rows("t1-series")
    assert list(table) == [str(r["year"]) for r in years]
    for r in years:
        row = table[str(r["year"])]
        assert close(row["value"], r["fatal_rate_per_100k"])
        assert close(row["deaths"], r["deaths"])
        assert close(row["trajectory_value"], r["trajectory_rate_per_100k"])
        assert row["yoy_status"] == r["yoy_status"]
        assert row["trajectory_status"] == r["trajectory_status"]
        required = None if r["previous_fatal_rate_per_100k"] is None else r["previous_fatal_rate_per_100k"] * 0.96
        assert close(row["yoy_required_value"], required)


def test_the_charts_draw_the_numbers_the_text_quotes(annual):
    """Vega labels every mark with its values: the T1 chart's 2025 point is the text's rate, and so on."""
    marks = chart_values(annual, "chart-t1")
    actual = [m for m in marks if m.startswith("Period: 2025;") and "series: Actual" in m]
    assert len(actual) == 1
    drawn = re.search(r"workers: ([\d.,]+); series", actual[0]).group(1).replace(",", "")
    assert float(drawn) == pytest.approx(annual.value("t1-value"))
    for target in ("t2", "t3"):
        point = [m for m in chart_values(annual, f"chart-{target}") if m.startswith("Period: 2025;")
                 and "series: Actual" in m]
        drawn = re.search(r": ([\d.,]+); series", point[0]).group(1).replace(",", "")
        assert float(drawn) == pytest.approx(annual.value(f"{target}-value"))
    # the top communes by deaths: the chart's bars are the table's rows
    bars = {m.split("label: ")[1]: m.split(";")[0].split(": ")[1] for m in chart_values(annual, "chart-communes-deaths")
            if "label: " in m}
    table = annual.tables["communes-top-deaths"]
    assert len(bars) == len(table) > 0
    assert sorted(bars.values()) == sorted(row["deaths"] for row in table)


def test_t2_and_t3_are_the_indicator_tables(con, annual):
    t2 = one(con, "select * from indicators.ind_t2_examined_workers where breakdown = 'province' "
                  "and period_code = '2025'")
    assert close(annual.figures["t2-value"], t2["examined_workers"])
    assert annual.figures["t2-yoy-status"] == t2["yoy_status"]
    assert annual.figures["t2-trajectory-status"] == t2["trajectory_status"]
    assert close(annual.figures["t2-coverage"], t2["coverage"])
    t3 = one(con, "select * from indicators.ind_t3_monitored_establishments where breakdown = 'province' "
                  "and period_code = '2025'")
    assert close(annual.figures["t3-value"], t3["monitored_establishments"])
    assert close(annual.figures["t3-harmful"], t3["harmful_factor_establishments"])
    assert annual.figures["summary-t3-yoy"] == t3["yoy_status"]
    series = con.sql("select period_code, examined_workers from indicators.ind_t2_examined_workers "
                     "where breakdown = 'province' and period_type = 'year' order by year").fetchall()
    table = annual.rows("t2-series")
    assert [(k, close(v["value"], dict(series)[k])) for k, v in table.items()] == [(k, True) for k, _ in series]


def test_beside_t1_breakdowns_and_groups_are_the_indicator_tables(con, annual):
    outside = one(con, "select * from indicators.ind_t1_deaths_outside_the_rate where breakdown = 'province' "
                       "and period_code = '2025'")
    assert close(annual.figures["t1-outside"], outside["deaths_outside_the_rate"])
    assert close(annual.figures["t1-no-contract-deaths"], outside["no_contract_deaths"])

    communes = con.sql("select breakdown_code, deaths, fatal_rate_per_100k from indicators.ind_t1_fatal_rate "
                       "where breakdown = 'commune' and period_code = '2025'").pl()
    with_deaths = communes.filter(communes["deaths"] > 0).sort(["deaths", "fatal_rate_per_100k"], descending=True)
    table = annual.rows("communes-top-deaths")
    assert list(table) == with_deaths["breakdown_code"].to_list()
    assert [int(r["deaths"]) for r in table.values()] == with_deaths["deaths"].to_list()
    assert annual.figures["top-communes-deaths-name"] == with_deaths["breakdown_code"][0]
    highest = communes.filter(communes["fatal_rate_per_100k"] > 0).sort("fatal_rate_per_100k", descending=True)
    assert annual.figures["top-communes-rate-name"] == highest["breakdown_code"][0]
    assert close(annual.figures["top-communes-rate"], highest["fatal_rate_per_100k"][0])

    sizes = dict(con.sql("select breakdown_code, deaths from indicators.ind_t1_fatal_rate "
                         "where breakdown = 'size_band' and period_code = '2025'").fetchall())
    assert {k: int(v["deaths"]) for k, v in annual.rows("size-bands").items()} == sizes

    groups = {r["group_code"]: r for r in con.sql(
        "select * from indicators.ind_vulnerable_groups where year = 2025").pl().to_dicts()}
    shown = annual.rows("groups-table")
    assert set(groups) <= set(shown)
    for code, r in groups.items():
        for column in ("victims", "deaths", "no_contract_victims", "workers_reported", "victim_rate_per_100k"):
            assert close(shown[code][column], r[column]), (code, column)


def test_causes_of_the_year_are_ind_accidents_by_cause_factor(con, annual):
    expected = {r[0]: r[1:] for r in con.sql("""
        select cause_code, sum(victims), sum(deaths), sum(no_contract_victims), sum(no_contract_deaths)
        from indicators.ind_accidents_by_cause_factor where year = 2025 group by cause_code
    """).fetchall()}
    shown = annual.rows("causes-table")
    assert set(shown) == set(expected)
    for code, (victims, deaths, nc_victims, nc_deaths) in expected.items():
        row = shown[code]
        assert (int(row["victims"]), int(row["deaths"]), int(row["no_contract_victims"]),
                int(row["no_contract_deaths"])) == (victims, deaths, nc_victims, nc_deaths)


def test_health_reporting_reconciliation_and_quality_are_the_published_tables(con, annual, demo_warehouse):
    disease = one(con, "select * from indicators.ind_occupational_disease_new_cases "
                       "where period_code = '2025' and disease_code = 'all'")
    assert close(annual.figures["diseases-new"], disease["new_cases"])
    assert close(annual.figures["diseases-diagnosed"], disease["diagnosed_workers"])
    monitoring = one(con, "select * from indicators.ind_monitoring_failing_share where period_code = '2025' "
                          "and data_source = 'monitoring_body' and factor_code = 'all'")
    assert close(annual.figures["monitoring-samples"], monitoring["samples"])
    assert close(annual.figures["monitoring-share"], monitoring["failing_share"])
    factors = dict(con.sql("select factor_code, failing_share from indicators.ind_monitoring_failing_share "
                           "where period_code = '2025' and data_source = 'monitoring_body' and samples > 0").fetchall())
    assert {k: float(v["failing_share"]) for k, v in annual.rows("monitoring-table").items()} == pytest.approx(factors)

    expected, received = con.sql(
        "select sum(expected_reports), sum(received_reports) from indicators.ind_reporting_completeness "
        "where breakdown = 'province' and period_code in (select unnest(?::varchar[]))", params=[YEAR_WINDOW]
    ).fetchall()[0]
    assert close(annual.figures["completeness-expected"], expected)
    assert close(annual.figures["completeness-received"], received)
    families = annual.rows("completeness-table")
    assert sum(int(r["expected"]) for r in families.values()) == expected

    rec = one(con, "select * from indicators.ind_reconciliation where year = 2025")
    assert close(annual.figures["rec-cases-without-record"], rec["insurance_cases_without_enterprise_record"])
    assert close(annual.figures["rec-deaths-share"], rec["share_deaths_without_insurance_case"])

    # the appendix is the publication's aggregated quality summary, itself the working warehouse's raw.files
    with duckdb.connect(str(demo_warehouse["warehouse"]), read_only=True) as work:
        files, rows_rejected = work.sql(
            "select count(*), sum(rows_rejected) from raw.files where period in (select unnest(?::varchar[]))",
            params=[YEAR_WINDOW]).fetchall()[0]
    assert close(annual.figures["quality-files"], files)
    assert close(annual.figures["quality-rows-rejected"], rows_rejected)
    assert annual.tables["quality-rules"]


def test_the_half_year_review_compares_the_same_half_of_each_year(con, review_pages):
    page = read_page(review_pages["2025S1_en"])
    assert list(page.rows("t1-series")) == ["2023S1", "2024S1", "2025S1"]
    t1 = one(con, "select * from indicators.ind_t1_fatal_rate where breakdown = 'province' "
                  "and period_code = '2025S1'")
    assert close(page.figures["t1-value"], t1["fatal_rate_per_100k"])
    assert page.figures["t1-yoy-status"] == t1["yoy_status"]
    assert "first half of 2025" in page.html


def test_twin_pages_carry_the_same_figures_in_their_own_language(review_pages):
    vi, en = read_page(review_pages["2025_vi"]), read_page(review_pages["2025_en"])
    assert (vi.lang, en.lang) == ("vi", "en")
    assert 'href="bao_cao_tong_ket_2025_en.html"' in vi.html and 'href="bao_cao_tong_ket_2025_vi.html"' in en.html
    assert "Báo cáo tổng kết năm 2025" in vi.html and "Annual review 2025" in en.html
    assert {k: v for k, v in vi.figures.items() if k != "published-at"} == \
        {k: v for k, v in en.figures.items() if k != "published-at"}
    workers = round(float(en.figures["t1-workers"]))
    assert workers >= 1_000, "the demo's denominator has a thousands separator to format"
    assert vi.texts["t1-workers"] == f"{workers:,}".replace(",", ".") and en.texts["t1-workers"] == f"{workers:,}"


@pytest.mark.parametrize("page", ["2025_vi", "2025_en", "2025S1_vi"])
def test_the_page_is_self_contained(review_pages, page):
    doc = read_page(review_pages[page])
    html = doc.html
    assert "<script" not in html.lower()
    assert "@import" not in html and "@font-face" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no external resource"
    assert not re.search(r"url\((?!#)", html), "CSS and SVG refer to nothing outside the page"
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count("<svg") >= 10
    duplicates = {i for i in doc.ids if doc.ids.count(i) > 1}
    assert not duplicates


def test_the_same_publication_gives_the_same_bytes(demo_warehouse, review_pages, tmp_path):
    again = write_review(demo_warehouse["served"], "2025", tmp_path)
    for path in again:
        assert path.read_bytes() == review_pages[path.stem.removeprefix("bao_cao_tong_ket_")].read_bytes()


def test_an_empty_publication_still_renders_with_no_data(demo_warehouse, tmp_path):
    """A publication with no rows at all (a new province, a failed source): every section says so."""
    empty = tmp_path / "empty.duckdb"
    shutil.copyfile(demo_warehouse["served"], empty)
    os.chmod(empty, stat.S_IRUSR | stat.S_IWUSR)
    with duckdb.connect(str(empty)) as con:
        for schema, table in con.sql("select schema_name, table_name from duckdb_tables() "
                                     "where schema_name in ('indicators', 'marts')").fetchall():
            con.execute(f'delete from {schema}."{table}"')
        con.execute("drop table publication.quality_files")
        con.execute("drop table publication.quality_rules")
    _vi, en = write_review(empty, "2025", tmp_path / "out")
    page = read_page(en)
    assert page.figures["summary-t1-yoy"] == ""
    assert "No data for 2025" in page.html
    assert "This publication carries no data-quality summary." in page.html


def test_periods():
    assert parse_review_period("2025S2").series_codes(2023) == ["2023S2", "2024S2", "2025S2"]
    assert parse_review_period("2025").reporting_codes()[:3] == ["2025", "2025S1", "2025S2"]
    assert parse_review_period("2025S1").reporting_codes() == ["2025S1", *[f"2025{m:02d}" for m in range(1, 7)]]
    with pytest.raises(ValueError, match="not a month"):
        parse_review_period("202507")
    halves = ["2024S2", "2025S1", "2025S2"]
    assert latest_complete_period(halves, date(2025, 8, 1)) == "2025S1"  # S2 not over: the half-year review
    assert latest_complete_period(halves, date(2026, 1, 2)) == "2025"  # S2 over: the annual review
    assert latest_complete_period(halves, date(2024, 3, 1)) is None
