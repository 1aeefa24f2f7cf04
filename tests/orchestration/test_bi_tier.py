"""Small-number suppression in the BI/public tier, worked by hand."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.bi_tier import build_bi_tier

T1_COLUMNS = (
    "period_type varchar, period_code varchar, breakdown varchar, breakdown_code varchar, deaths bigint, "
    "victims_under_management bigint, fatal_rate_per_100k double, yoy_status varchar"
)


@pytest.fixture
def source():
    con = duckdb.connect()
    con.execute("attach ':memory:' as src; create schema src.reference; create schema src.indicators")
    con.execute("create table src.reference.ref_x as select 'a' as code")
    yield con
    con.close()


def load(con, table: str, columns: str, rows: list[tuple]) -> None:
    con.execute(f"create table src.indicators.{table} ({columns})")
    con.executemany(f"insert into src.indicators.{table} values ({', '.join('?' * len(rows[0]))})", rows)


def test_small_cells_and_the_one_that_would_reveal_them_are_suppressed(source):
    # 2025: communes A (1 death), B (5), C (7), total 13. A is primary; B, the next smallest, complementary,
    # since 13 - 5 - 7 would reveal A. 2024: two small communes D (1), E (2): both primary, F stays.
    # A zero describes nobody and stays; the province rows (the totals) are not part of their group.
    load(source, "ind_t1_fatal_rate", T1_COLUMNS, [
        ("year", "2025", "province", "51", 13, 13, 10.0, "met"),
        ("year", "2025", "commune", "A", 1, 1, 50.0, "not_met"),
        ("year", "2025", "commune", "B", 5, 5, 8.0, "met"),
        ("year", "2025", "commune", "C", 7, 7, 9.0, "met"),
        ("year", "2025", "commune", "Z", 0, 0, 0.0, "met"),
        ("year", "2024", "province", "51", 9, 9, 7.0, "met"),
        ("year", "2024", "commune", "D", 1, 1, 5.0, "met"),
        ("year", "2024", "commune", "E", 2, 2, 6.0, "met"),
        ("year", "2024", "commune", "F", 6, 6, 7.0, "met"),
    ])
    source.execute("attach ':memory:' as bi")
    source.execute("use bi")
    build_bi_tier(source, "src", 3)
    rows = source.execute(
        "select period_code, breakdown_code, deaths, fatal_rate_per_100k, yoy_status, suppressed "
        "from bi.indicators.ind_t1_fatal_rate order by period_code, breakdown, breakdown_code"
    ).fetchall()
    assert rows == [
        ("2024", "D", None, None, None, "primary"),
        ("2024", "E", None, None, None, "primary"),
        ("2024", "F", 6, 7.0, "met", None),
        ("2024", "51", 9, 7.0, "met", None),
        ("2025", "A", None, None, None, "primary"),
        ("2025", "B", None, None, None, "complementary"),
        ("2025", "C", 7, 9.0, "met", None),
        ("2025", "Z", 0, 0.0, "met", None),
        ("2025", "51", 13, 10.0, "met", None),
    ]
    tiers = {r[0] for r in source.execute(
        "select schema_name from duckdb_tables() where database_name = 'bi'").fetchall()}
    assert tiers == {"reference", "indicators"}  # no marts: no row-level data in this tier


def test_tables_without_people_counts_are_copied_with_an_empty_flag(source):
    load(source, "ind_t3_monitored_establishments", "year integer, monitored_establishments bigint",
         [(2025, 1)])
    source.execute("attach ':memory:' as bi")
    source.execute("use bi")
    build_bi_tier(source, "src", 3)
    copied = source.execute("select * from bi.indicators.ind_t3_monitored_establishments").fetchall()
    assert copied == [(2025, 1, None)]
