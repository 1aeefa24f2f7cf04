"""The province's half-year or annual summary of occupational accidents for the ministry (XLSX).

    osh report --rollup 2025S1   ->   <out>/tong_hop_tnld_cap_tinh_2025S1.xlsx

Laid out after the provincial roll-up form of Decree 39/2016/NĐ-CP (the province's summary of the
employers' Annex XII summaries; the province checks the layout against the form it files): one row
per facility type with facilities, facilities reporting, workers, accidents, fatal accidents, victims,
deaths, severely injured and the frequencies K and K_fatal; then accidents among workers without a
labour contract (the communes' reports). A notes sheet says where every column comes from, and a
cross-check sheet sets the employers' summaries beside their accident registers and target T1.

Everything is read from the PUBLISHED warehouse (read-only): marts and indicator tables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import xlsxwriter

from orchestration.reports.review.periods import ReviewPeriod, parse_review_period
from orchestration.reports.review.text import period_label

UNKNOWN_TYPE = ("unknown", "Chưa rõ loại hình", "Facility type unknown")


@dataclass(frozen=True)
class RollupColumn:
    field: str
    header_vi: str
    header_en: str
    source: str  # where the figure comes from, for the notes sheet
    number_format: str = "#,##0"


COLUMNS = (
    RollupColumn("facilities", "Số cơ sở", "Facilities",
                 "Cơ sở đặt tại tỉnh có lao động tham gia BHTNLĐ-BNN trong kỳ (marts.fct_insured_workforce_monthly) "
                 "hoặc đã nộp báo cáo tổng hợp TNLĐ của kỳ (marts.fct_accident_summary_lines). / Employers placed in "
                 "the province with insured workers in the period, or that filed the period's accident summary."),
    RollupColumn("facilities_reporting", "Số cơ sở báo cáo", "Facilities reporting",
                 "Cơ sở có báo cáo tổng hợp TNLĐ của kỳ (dòng tổng, phiên bản mới nhất; "
                 "marts.fct_accident_summary_lines, breakdown_dimension = 'total'). / Employers with an accident "
                 "summary for the period (total line, latest version)."),
    RollupColumn("workers", "Tổng số lao động", "Workers",
                 "Tổng số lao động trên báo cáo tổng hợp TNLĐ của các cơ sở báo cáo (marts.fct_accident_summary_lines."
                 "total_workers). / Total workers declared on the reporting employers' summaries."),
    RollupColumn("accidents", "Số vụ TNLĐ", "Accidents",
                 "Số vụ trên báo cáo tổng hợp TNLĐ (marts.fct_accident_summary_lines.accidents). / Accidents on the "
                 "summaries."),
    RollupColumn("fatal_accidents", "Số vụ có người chết", "Fatal accidents",
                 "Số vụ có người chết trên báo cáo tổng hợp (marts.fct_accident_summary_lines.fatal_accidents). "
                 "/ Fatal accidents on the summaries."),
    RollupColumn("victims", "Số người bị nạn", "Victims",
                 "Số người bị nạn trên báo cáo tổng hợp (marts.fct_accident_summary_lines.victims). / Victims on the "
                 "summaries."),
    RollupColumn("deaths", "Số người chết", "Deaths",
                 "Số người chết trên báo cáo tổng hợp (marts.fct_accident_summary_lines.deaths). / Deaths on the "
                 "summaries."),
    RollupColumn("severely_injured", "Số người bị thương nặng", "Severely injured",
                 "Số người bị thương nặng trên báo cáo tổng hợp (marts.fct_accident_summary_lines.severely_injured). "
                 "/ Severely injured on the summaries."),
    RollupColumn("k_per_1000", "Tần suất TNLĐ K (‰)", "Frequency K (per 1,000)",
                 "K = số vụ ÷ tổng số lao động × 1.000, cùng các cơ sở báo cáo. / K = accidents ÷ workers × 1,000, "
                 "same reporting employers.", "0.00"),
    RollupColumn("k_fatal_per_1000", "Tần suất chết người (‰)", "K_fatal (per 1,000)",
                 "K chết người = số người chết ÷ tổng số lao động × 1.000. / K_fatal = deaths ÷ workers × 1,000.",
                 "0.00"),
)
FACILITY_TYPE_SOURCE = (
    "Loại hình cơ sở: theo báo cáo tổng hợp TNLĐ của kỳ; cơ sở chưa báo cáo lấy theo báo cáo ATVSLĐ năm gần nhất "
    "(marts.fct_annual_osh_reports), rồi theo marts.dim_employer.facility_type; còn lại 'Chưa rõ loại hình'. Danh mục: "
    "reference.ref_facility_types. / Facility type: from the period's accident summary; for employers that did not "
    "report, from their latest annual OSH report, then from marts.dim_employer; otherwise 'unknown'."
)
NO_CONTRACT_SOURCE = (
    "Phần II: báo cáo của UBND cấp xã về TNLĐ của người làm việc không theo hợp đồng lao động "
    "(marts.fct_no_contract_accident_victims, nơi xảy ra thuộc tỉnh, theo ngày xảy ra); số báo cáo của xã phải nhận "
    "và đã nhận (mỗi xã một báo cáo mỗi 6 tháng) từ indicators.ind_reporting_completeness. / Part II: the "
    "communes' reports of accidents among workers without a labour contract, placed where they happened, by event "
    "date; commune reports expected and received (one per commune and half-year) from ind_reporting_completeness."
)
CROSS_CHECK_SOURCE = (
    "Đối chiếu: sổ theo dõi TNLĐ của cơ sở (marts.fct_accidents, đặt theo tỉnh của cơ sở như chỉ tiêu T1, theo ngày "
    "xảy ra) và chỉ tiêu T1 (indicators.ind_t1_fatal_rate, dòng toàn tỉnh của kỳ). / Cross-check: the employers' "
    "accident registers (placed as T1 places them, by event date) and target T1 (the province row of the period)."
)


def _period_filter(period: ReviewPeriod, year_column: str, half_column: str) -> tuple[str, Any]:
    return (f"{year_column} = ?", period.year) if period.half is None else (f"{half_column} = ?", period.code)


def facility_rows(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """Part I: one row per facility type (the seed's list, then 'unknown'), in the form's order."""
    insured_where, insured_value = _period_filter(period, "year", "half_year")
    return con.sql(f"""
        with province as (select distinct province_code from marts.dim_commune where is_served_province),
        summaries as (
            select employer_tax_code, facility_type, total_workers, accidents, fatal_accidents, victims, deaths,
                   severely_injured
            from marts.fct_accident_summary_lines
            where breakdown_dimension = 'total' and reporting_period = ?
              and employer_province_code in (select province_code from province)
        ),
        insured as (
            select distinct employer_tax_code from marts.fct_insured_workforce_monthly
            where {insured_where} and insured_workers > 0
              and employer_province_code in (select province_code from province)
        ),
        facilities as (select employer_tax_code from insured union select employer_tax_code from summaries),
        annual as (
            select employer_tax_code, arg_max(facility_type, reporting_year) as facility_type
            from marts.fct_annual_osh_reports
            where reporting_year <= ? and facility_type is not null
            group by employer_tax_code
        ),
        typed as (
            select f.employer_tax_code,
                   coalesce(s.facility_type, a.facility_type, e.facility_type, 'unknown') as facility_type,
                   s.employer_tax_code is not null as reported, s.total_workers, s.accidents, s.fatal_accidents,
                   s.victims, s.deaths, s.severely_injured
            from facilities as f
            left join summaries as s on s.employer_tax_code = f.employer_tax_code
            left join annual as a on a.employer_tax_code = f.employer_tax_code
            left join marts.dim_employer as e on e.employer_tax_code = f.employer_tax_code
        ),
        types as (
            select code, name_vi, name_en, sort_order from reference.ref_facility_types
            union all select ?, ?, ?, 1000
        )
        select t.code, t.name_vi, t.name_en,
               count(x.employer_tax_code) as facilities,
               count(x.employer_tax_code) filter (where x.reported) as facilities_reporting,
               coalesce(sum(x.total_workers), 0)::bigint as workers,
               coalesce(sum(x.accidents), 0)::bigint as accidents,
               coalesce(sum(x.fatal_accidents), 0)::bigint as fatal_accidents,
               coalesce(sum(x.victims), 0)::bigint as victims,
               coalesce(sum(x.deaths), 0)::bigint as deaths,
               coalesce(sum(x.severely_injured), 0)::bigint as severely_injured
        from types as t
        left join typed as x on x.facility_type = t.code
        group by t.code, t.name_vi, t.name_en, t.sort_order
        order by t.sort_order, t.code
    """, params=[period.code, insured_value, period.year, *UNKNOWN_TYPE]).pl()


def with_frequencies(rows: pl.DataFrame) -> pl.DataFrame:
    """Add the total row and K, K_fatal (per 1,000 workers of the same reporting employers)."""
    counts = [c for c in rows.columns if c not in ("code", "name_vi", "name_en")]
    total = rows.select(pl.lit("total").alias("code"), pl.lit("Tổng cộng").alias("name_vi"),
                        pl.lit("Total").alias("name_en"), *[pl.col(c).sum() for c in counts])
    both = pl.concat([rows, total.cast(rows.schema)])
    workers = pl.when(pl.col("workers") > 0).then(pl.col("workers"))
    return both.with_columns(
        (pl.col("accidents") / workers * 1000).alias("k_per_1000"),
        (pl.col("deaths") / workers * 1000).alias("k_fatal_per_1000"),
    )


def no_contract_row(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> dict[str, Any]:
    """Part II: accidents among workers without a labour contract, from the communes' reports."""
    where, value = _period_filter(period, "incident_year", "incident_half_year")
    halves = [f"{period.year}S1", f"{period.year}S2"] if period.half is None else [period.code]
    return con.sql(f"""
        select count(distinct no_contract_accident_id) as accidents,
               count(distinct no_contract_accident_id) filter (where is_fatal) as fatal_accidents,
               count(*) as victims, count(*) filter (where is_fatal) as deaths,
               count(*) filter (where is_severe) as severely_injured,
               (select sum(expected_reports) from indicators.ind_reporting_completeness
                where family = 'commune_no_contract_accidents' and breakdown = 'province'
                  and period_code in (select unnest(?::varchar[])))::bigint as communes_expected,
               (select sum(received_reports) from indicators.ind_reporting_completeness
                where family = 'commune_no_contract_accidents' and breakdown = 'province'
                  and period_code in (select unnest(?::varchar[])))::bigint as communes_reporting
        from marts.fct_no_contract_accident_victims
        where {where}
          and province_code in (select province_code from marts.dim_commune where is_served_province)
    """, params=[halves, halves, value]).pl().to_dicts()[0]


def cross_check(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> dict[str, Any]:
    """The employers' registers and target T1 for the same period, beside the summaries' totals."""
    where, value = _period_filter(period, "incident_year", "incident_half_year")
    registers = con.sql(f"""
        select count(*) as accidents, count(*) filter (where is_fatal_accident) as fatal_accidents,
               coalesce(sum(victims), 0)::bigint as victims, coalesce(sum(deaths), 0)::bigint as deaths,
               coalesce(sum(severely_injured), 0)::bigint as severely_injured
        from marts.fct_accidents
        where {where}
          and employer_province_code in (select province_code from marts.dim_commune where is_served_province)
    """, params=[value]).pl().to_dicts()[0]
    t1 = con.sql("""
        select deaths, accidents, denominator_workers, denominator_source, fatal_rate_per_100k, k_per_1000,
               k_fatal_per_1000
        from indicators.ind_t1_fatal_rate where breakdown = 'province' and period_code = ?
    """, params=[period.code]).pl().to_dicts()
    return {"registers": registers, "t1": t1[0] if t1 else {}}


def rollup_path(period: ReviewPeriod, out_dir: Path) -> Path:
    return out_dir / f"tong_hop_tnld_cap_tinh_{period.code}.xlsx"


def write_rollup(published: Path, period_code: str, out_dir: Path) -> Path:
    period = parse_review_period(period_code)
    if not Path(published).exists():
        raise FileNotFoundError(f"no publication at {published}: run `osh run` first")
    with duckdb.connect(str(published), read_only=True) as con:
        rows = with_frequencies(facility_rows(con, period))
        no_contract = no_contract_row(con, period)
        check = cross_check(con, period)
        about = con.sql("select published_at, run_id from publication.about").fetchall()[0]
        province = con.sql("""
            select province_name from reference.ref_provinces
            where province_code in (select province_code from marts.dim_commune where is_served_province)
        """).fetchall()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = rollup_path(period, out_dir)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _write_workbook(staged, period, rows, no_contract, check, about, province[0][0] if province else "")
    os.replace(staged, path)
    return path


def _write_workbook(path: Path, period: ReviewPeriod, rows: pl.DataFrame, no_contract: dict[str, Any],
                    check: dict[str, Any], about: tuple[datetime, str], province: str) -> None:
    published_at, run_id = about
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    # The publication's time, not the clock's: the same publication gives the same file.
    workbook.set_properties({
        "title": f"Tổng hợp tình hình tai nạn lao động {period_label(period.code, 'vi')}",
        "author": "Kho dữ liệu ATVSLĐ", "created": published_at.replace(tzinfo=None),
        "comments": f"publication {published_at.isoformat()} run {run_id}",
    })
    f = {
        "title": workbook.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "subtitle": workbook.add_format({"italic": True, "align": "center"}),
        "bold": workbook.add_format({"bold": True}),
        "head": workbook.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                                     "border": 1, "bg_color": "#DDEBF7"}),
        "text": workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "total_text": workbook.add_format({"border": 1, "bold": True}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    numbers = {c.number_format: workbook.add_format({"border": 1, "num_format": c.number_format}) for c in COLUMNS}
    totals = {c.number_format: workbook.add_format({"border": 1, "bold": True, "num_format": c.number_format})
              for c in COLUMNS}

    sheet = workbook.add_worksheet("Tong hop")
    last = 2 + len(COLUMNS)
    sheet.merge_range(0, 0, 0, last, f"UBND TỈNH {province.upper().replace('TỈNH ', '')} — SỞ NỘI VỤ", f["bold"])
    sheet.merge_range(1, 0, 1, last, "TỔNG HỢP TÌNH HÌNH TAI NẠN LAO ĐỘNG "
                      f"{period_label(period.code, 'vi').upper()}", f["title"])
    sheet.merge_range(2, 0, 2, last, f"Provincial summary of occupational accidents, {period_label(period.code, 'en')}"
                      f" — kỳ báo cáo / period {period.code}", f["subtitle"])
    sheet.merge_range(3, 0, 3, last, f"Số liệu: bản công bố {published_at.isoformat()} (lượt chạy {run_id}). "
                      "Xem trang «Ghi chu» về nguồn của từng cột. / See the «Ghi chu» sheet for each column's source.",
                      f["wrap"])
    header_row = 5
    headers = [("STT", "No."), ("Mã", "Code"), ("Loại hình cơ sở", "Facility type")]
    headers += [(c.header_vi, c.header_en) for c in COLUMNS]
    for col, (vi, en) in enumerate(headers):
        sheet.write(header_row, col, f"{vi}\n({en})", f["head"])
    sheet.write(header_row - 1, 0, "I. Người lao động làm việc theo hợp đồng lao động, theo loại hình cơ sở / "
                "Workers with a labour contract, by facility type", f["bold"])
    for i, row in enumerate(rows.to_dicts()):
        r = header_row + 1 + i
        is_total = row["code"] == "total"
        sheet.write(r, 0, "" if is_total else i + 1, f["total_text"] if is_total else f["text"])
        sheet.write(r, 1, "" if is_total else row["code"], f["total_text"] if is_total else f["text"])
        sheet.write(r, 2, f"{row['name_vi']} / {row['name_en']}", f["total_text"] if is_total else f["text"])
        for j, column in enumerate(COLUMNS):
            value = row[column.field]
            style = (totals if is_total else numbers)[column.number_format]
            if value is None:
                sheet.write_blank(r, 3 + j, None, style)
            else:
                sheet.write_number(r, 3 + j, value, style)
    part2 = header_row + 2 + rows.height
    sheet.write(part2, 0, "II. Người lao động làm việc không theo hợp đồng lao động (báo cáo của xã) / "
                "Workers without a labour contract (commune reports)", f["bold"])
    part2_headers = [("Báo cáo của xã phải nhận", "Commune reports expected", "communes_expected"),
                     ("Báo cáo của xã đã nhận", "Commune reports received", "communes_reporting"),
                     ("Số vụ TNLĐ", "Accidents", "accidents"),
                     ("Số vụ có người chết", "Fatal accidents", "fatal_accidents"),
                     ("Số người bị nạn", "Victims", "victims"),
                     ("Số người chết", "Deaths", "deaths"),
                     ("Số người bị thương nặng", "Severely injured", "severely_injured")]
    for j, (vi, en, _) in enumerate(part2_headers):
        sheet.write(part2 + 1, 3 + j, f"{vi}\n({en})", f["head"])
    for j, (_, _, key) in enumerate(part2_headers):
        value = no_contract.get(key)
        if value is None:
            sheet.write_blank(part2 + 2, 3 + j, None, numbers["#,##0"])
        else:
            sheet.write_number(part2 + 2, 3 + j, value, numbers["#,##0"])
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 44)
    sheet.set_column(3, last, 14)
    sheet.set_row(header_row, 48)
    sheet.set_row(part2 + 1, 48)
    sheet.freeze_panes(header_row + 1, 3)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)

    notes = workbook.add_worksheet("Ghi chu")
    notes.write_row(0, 0, ["Cột / Column", "Nguồn và cách tính / Source and definition"], f["head"])
    notes.write(1, 0, "Loại hình cơ sở / Facility type", f["text"])
    notes.write(1, 1, FACILITY_TYPE_SOURCE, f["text"])
    for i, column in enumerate(COLUMNS, start=2):
        notes.write(i, 0, f"{column.header_vi} / {column.header_en}", f["text"])
        notes.write(i, 1, column.source, f["text"])
    notes.write(len(COLUMNS) + 2, 0, "II", f["text"])
    notes.write(len(COLUMNS) + 2, 1, NO_CONTRACT_SOURCE, f["text"])
    notes.write(len(COLUMNS) + 3, 0, "Doi chieu / Cross-check", f["text"])
    notes.write(len(COLUMNS) + 3, 1, CROSS_CHECK_SOURCE, f["text"])
    notes.set_column(0, 0, 34)
    notes.set_column(1, 1, 110)

    cross = workbook.add_worksheet("Doi chieu")
    cross.write_row(0, 0, ["Nguồn / Source", "Số vụ / Accidents", "Vụ có người chết / Fatal accidents",
                           "Người bị nạn / Victims", "Người chết / Deaths", "Bị thương nặng / Severely injured"],
                    f["head"])
    total = rows.filter(pl.col("code") == "total").to_dicts()[0]
    summary_values = [total["accidents"], total["fatal_accidents"], total["victims"], total["deaths"],
                      total["severely_injured"]]
    registers = check["registers"]
    register_values = [registers["accidents"], registers["fatal_accidents"], registers["victims"],
                       registers["deaths"], registers["severely_injured"]]
    cross.write(1, 0, "Báo cáo tổng hợp TNLĐ (trang Tong hop) / Accident summaries", f["text"])
    cross.write(2, 0, "Sổ theo dõi TNLĐ của cơ sở / Employers' accident registers", f["text"])
    for j, value in enumerate(summary_values):
        cross.write_number(1, 1 + j, value, numbers["#,##0"])
    for j, value in enumerate(register_values):
        cross.write_number(2, 1 + j, value, numbers["#,##0"])
    t1 = check["t1"]
    cross.write_row(4, 0, ["Chỉ tiêu T1 / Target T1", "Người chết thuộc quyền quản lý / Deaths under management",
                           "Lao động (mẫu số) / Workers (denominator)", "Tỷ suất /100.000 / Rate per 100,000",
                           "K (‰)", "K chết người / K_fatal (‰)"], f["head"])
    cross.write(5, 0, f"indicators.ind_t1_fatal_rate, {period.code} ({t1.get('denominator_source') or '—'})",
                f["text"])
    for j, key in enumerate(("deaths", "denominator_workers", "fatal_rate_per_100k", "k_per_1000",
                             "k_fatal_per_1000")):
        value = t1.get(key)
        style = numbers["#,##0"] if key in ("deaths", "denominator_workers") else numbers["0.00"]
        if value is None:
            cross.write_blank(5, 1 + j, None, style)
        else:
            cross.write_number(5, 1 + j, value, style)
    cross.set_column(0, 0, 58)
    cross.set_column(1, 5, 22)
    cross.set_row(0, 32)
    cross.set_row(4, 32)
    workbook.close()
