"""The ministry roll-up (XLSX): laid out by facility type, figures from the published marts, sources noted."""

from __future__ import annotations

import duckdb
import fastexcel
import polars as pl
import pytest

from orchestration.reports.rollup import COLUMNS, write_rollup

HEADER_ROW = 5  # zero-based row of the column headers on the «Tong hop» sheet


def sheet(path, name: str) -> list[list]:
    frame = fastexcel.read_excel(path).load_sheet(name, header_row=None).to_polars()
    return [list(row) for row in frame.iter_rows()]


def facility_table(path) -> pl.DataFrame:
    rows = sheet(path, "Tong hop")
    body = []
    for row in rows[HEADER_ROW + 1:]:
        if row[2] is None:
            break
        body.append(row)
    fields = ["no", "code", "name"] + [c.field for c in COLUMNS]
    return pl.DataFrame([dict(zip(fields, r, strict=False)) for r in body])


@pytest.mark.parametrize("period", ["2025S1", "2025"])
def test_rollup_adds_up_the_periods_accident_summaries(demo_warehouse, tmp_path, period):
    path = write_rollup(demo_warehouse["served"], period, tmp_path)
    table = facility_table(path)
    types = table.filter(pl.col("name") != "Tổng cộng / Total")
    total = table.filter(pl.col("name") == "Tổng cộng / Total").to_dicts()[0]
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        expected = con.sql("""
            select count(*) as reporting, sum(total_workers) as workers, sum(accidents) as accidents,
                   sum(victims) as victims, sum(deaths) as deaths, sum(severely_injured) as severe
            from marts.fct_accident_summary_lines
            where breakdown_dimension = 'total' and reporting_period = ?
              and employer_province_code in (select province_code from marts.dim_commune where is_served_province)
        """, params=[period]).pl().to_dicts()[0]
        expected = {k: float(v) for k, v in expected.items()}
        seed_types = [r[0] for r in con.sql("select code from reference.ref_facility_types order by sort_order")
                      .fetchall()]
    assert types["code"].to_list() == [*seed_types, "unknown"]  # the form's rows, in order
    assert expected["reporting"] > 0
    assert float(total["facilities_reporting"]) == expected["reporting"]
    assert float(total["workers"]) == expected["workers"]
    assert (float(total["accidents"]), float(total["victims"]), float(total["deaths"]),
            float(total["severely_injured"])) == (expected["accidents"], expected["victims"], expected["deaths"],
                                                  expected["severe"])
    assert float(total["facilities"]) >= float(total["facilities_reporting"])
    for field in ("facilities", "facilities_reporting", "workers", "accidents", "victims", "deaths"):
        assert sum(float(v) for v in types[field].to_list()) == float(total[field]), field
    assert float(total["k_per_1000"]) == pytest.approx(expected["accidents"] / expected["workers"] * 1000)
    assert float(total["k_fatal_per_1000"]) == pytest.approx(expected["deaths"] / expected["workers"] * 1000)


def test_rollup_says_where_each_column_comes_from_and_cross_checks_t1(demo_warehouse, tmp_path):
    path = write_rollup(demo_warehouse["served"], "2025", tmp_path)
    assert fastexcel.read_excel(path).sheet_names == ["Tong hop", "Ghi chu", "Doi chieu"]
    notes = {row[0]: row[1] for row in sheet(path, "Ghi chu")}
    for column in COLUMNS:
        assert f"{column.header_vi} / {column.header_en}" in notes
        assert "marts." in notes[f"{column.header_vi} / {column.header_en}"] or column.field.startswith("k_")
    cross = sheet(path, "Doi chieu")
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        deaths, workers = con.sql("select deaths, denominator_workers from indicators.ind_t1_fatal_rate "
                                  "where breakdown = 'province' and period_code = '2025'").fetchall()[0]
    assert (float(cross[5][1]), float(cross[5][2])) == (deaths, workers)


def test_the_same_publication_gives_the_same_workbook(demo_warehouse, tmp_path):
    first = write_rollup(demo_warehouse["served"], "2025S1", tmp_path / "a").read_bytes()
    second = write_rollup(demo_warehouse["served"], "2025S1", tmp_path / "b").read_bytes()
    assert first == second
