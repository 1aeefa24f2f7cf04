"""One query per section of the review, each returning a frame that the section's chart AND its text use.

Every query reads the published warehouse (a read-only connection), never the working one. The frames
are language-neutral: codes, names in both languages, and numbers as the indicator tables hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import duckdb
import polars as pl

from orchestration.reports.review.periods import BASELINE_YEAR, ReviewPeriod

TOP_N = 10


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or []).pl()


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.sql(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", params=[schema, table]
    ).fetchall()[0][0] > 0


# --- the publication and the province ----------------------------------------------------------------------

def publication(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """One row: when and by which run the publication was made, and whether the period is locked."""
    return frame(con, """
        select a.published_at, a.run_id, s.locked_at, s.locked_by, s.pending_revision
        from publication.about as a
        left join publication.period_status as s on s.period_code = ?
    """, [period.code])


def province(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The province the warehouse serves, and the plan's baseline year."""
    return frame(con, """
        select p.province_code, p.province_name,
               coalesce((select min(baseline_year) from reference.ref_targets), ?) as baseline_year
        from reference.ref_provinces as p
        where p.province_code in (select province_code from marts.dim_commune where is_served_province)
    """, [BASELINE_YEAR])


def baseline_year(con: duckdb.DuckDBPyConnection) -> int:
    row = province(con)
    return int(row["baseline_year"][0]) if row.height else BASELINE_YEAR


# --- the three targets: one frame per target, the same columns for all three ---------------------------------

_TARGET_SQL = {
    "t1": """
        select period_code, year, fatal_rate_per_100k as value, fatal_rate_ci_lower as ci_lower,
               fatal_rate_ci_upper as ci_upper, previous_fatal_rate_per_100k as previous_value, yoy_change,
               yoy_distinguishable_from_noise, required_annual_change,
               previous_fatal_rate_per_100k * (1 + required_annual_change) as yoy_required_value, yoy_status,
               baseline_fatal_rate_per_100k as baseline_value, trajectory_rate_per_100k as trajectory_value,
               trajectory_status,
               deaths, accidents, denominator_workers, denominator_source, k_per_1000, k_fatal_per_1000,
               deaths_not_under_management
        from indicators.ind_t1_fatal_rate
        where breakdown = 'province' and period_code in (select unnest(?::varchar[]))
        order by year
    """,
    "t2": """
        select period_code, year, examined_workers::double as value, examined_workers_ci_lower as ci_lower,
               examined_workers_ci_upper as ci_upper, previous_examined_workers::double as previous_value, yoy_change,
               yoy_distinguishable_from_noise, required_annual_change,
               previous_examined_workers * (1 + required_annual_change) as yoy_required_value, yoy_status,
               baseline_examined_workers::double as baseline_value, trajectory_examined_workers as trajectory_value,
               trajectory_status,
               exam_reports_received, filing_employers, hazardous_workers, covered_workers, coverage
        from indicators.ind_t2_examined_workers
        where breakdown = 'province' and period_code in (select unnest(?::varchar[]))
        order by year
    """,
    "t3": """
        select period_code, year, monitored_establishments::double as value,
               monitored_establishments_ci_lower as ci_lower, monitored_establishments_ci_upper as ci_upper,
               previous_monitored_establishments::double as previous_value, yoy_change,
               yoy_distinguishable_from_noise, required_annual_change,
               previous_monitored_establishments * (1 + required_annual_change) as yoy_required_value, yoy_status,
               baseline_monitored_establishments::double as baseline_value,
               trajectory_monitored_establishments as trajectory_value, trajectory_status,
               monitoring_reports_received, annual_reports_received, filing_employers, harmful_factor_establishments,
               coverage, monitored_establishments_any
        from indicators.ind_t3_monitored_establishments
        where breakdown = 'province' and period_code in (select unnest(?::varchar[]))
        order by year
    """,
}


def target_series(con: duckdb.DuckDBPyConnection, period: ReviewPeriod, target: str, baseline: int) -> pl.DataFrame:
    """The province's series for a target, from the baseline to the period (same kind of period each year).

    ``yoy_required_value`` is the level the period had to reach given the previous one (previous × 0.96
    for T1, × 1.05 for T2 and T3); ``trajectory_value`` the compound trajectory from the baseline.
    """
    return frame(con, _TARGET_SQL[target], [period.series_codes(baseline)])


def t1_context(con: duckdb.DuckDBPyConnection, period: ReviewPeriod, province_code: str) -> pl.DataFrame:
    """Beside T1: deaths outside the rate (not under management, without contract) and the ESAW non-fatal rate."""
    return frame(con, """
        select o.deaths_outside_the_rate, o.deaths_not_under_management, o.no_contract_victims,
               o.no_contract_deaths, o.no_contract_deaths_ci_lower, o.no_contract_deaths_ci_upper,
               o.no_contract_severely_injured, o.no_contract_victims_insured,
               o.voluntary_insurance_participants_avg, o.voluntary_insurance_participants_last_month,
               n.nonfatal_cases, n.days_lost, n.nonfatal_rate_per_100k, n.nonfatal_rate_ci_lower,
               n.nonfatal_rate_ci_upper, n.days_lost_per_case, n.previous_nonfatal_rate_per_100k,
               n.yoy_change as nonfatal_yoy_change
        from (select ? as period_code) as p
        left join indicators.ind_t1_deaths_outside_the_rate as o
            on o.period_code = p.period_code and o.breakdown = 'province' and o.breakdown_code = ?
        left join indicators.ind_nonfatal_rate as n
            on n.period_code = p.period_code and n.breakdown = 'province' and n.breakdown_code = ?
    """, [period.code, province_code, province_code])


# --- breakdowns of T1 --------------------------------------------------------------------------------------------

def t1_breakdown(con: duckdb.DuckDBPyConnection, period: ReviewPeriod, breakdown: str) -> pl.DataFrame:
    """Every cell of T1 in the period for one breakdown (commune, sector, size_band), with names."""
    return frame(con, """
        select r.breakdown_code as code,
               coalesce(c.commune_name, s.sector_name_vi, b.name_vi) as name_vi,
               coalesce(c.commune_name, s.sector_name_en, b.name_en) as name_en,
               r.deaths, r.accidents, r.employers, r.denominator_workers, r.fatal_rate_per_100k,
               r.fatal_rate_ci_lower, r.fatal_rate_ci_upper, r.k_per_1000, r.previous_fatal_rate_per_100k,
               r.yoy_status, r.trajectory_status
        from indicators.ind_t1_fatal_rate as r
        left join marts.dim_commune as c on r.breakdown = 'commune' and c.commune_code = r.breakdown_code
        left join marts.dim_sector as s on r.breakdown = 'sector' and s.sector_code = r.breakdown_code
        left join reference.ref_employer_size_bands as b on r.breakdown = 'size_band' and b.code = r.breakdown_code
        where r.breakdown = ? and r.period_code = ?
        order by r.breakdown_code
    """, [breakdown, period.code])


def top_by_deaths(cells: pl.DataFrame, n: int = TOP_N) -> pl.DataFrame:
    """Cells with deaths, most deaths first (ties: higher rate, then code)."""
    return (cells.filter(pl.col("deaths") > 0)
            .sort(["deaths", "fatal_rate_per_100k", "code"], descending=[True, True, False], nulls_last=True)
            .head(n))


def top_by_rate(cells: pl.DataFrame, n: int = TOP_N) -> pl.DataFrame:
    """Cells with a rate above zero, highest first (a rate of zero ranks nothing)."""
    return (cells.filter(pl.col("fatal_rate_per_100k") > 0)
            .sort(["fatal_rate_per_100k", "deaths", "code"], descending=[True, True, False], nulls_last=True)
            .head(n))


def causes(con: duckdb.DuckDBPyConnection, period: ReviewPeriod, province_code: str) -> pl.DataFrame:
    """Accidents by cause in the period: the registers (placed as T1 places them) and the commune reports.

    For a year these are ind_accidents_by_cause_factor summed over injury factors; the marts serve the
    half-years, which that annual table does not cut.
    """
    column, value = ("incident_year", period.year) if period.half is None else ("incident_half_year", period.code)
    return frame(con, f"""
        with registers as (
            select coalesce(cause_code, 'unknown') as cause_code, count(*) as accidents,
                   sum(victims)::bigint as victims, sum(deaths)::bigint as deaths,
                   sum(deaths_under_management)::bigint as deaths_under_management,
                   sum(severely_injured)::bigint as severely_injured
            from marts.fct_accidents
            where employer_province_code = ? and {column} = ?
            group by 1
        ),
        communes as (
            select coalesce(cause_code, 'unknown') as cause_code, count(*) as no_contract_victims,
                   count(*) filter (where is_fatal) as no_contract_deaths
            from marts.fct_no_contract_accident_victims
            where province_code = ? and {column} = ?
            group by 1
        )
        select coalesce(r.cause_code, c.cause_code) as code,
               coalesce(d.cause_name_vi, 'Chưa rõ') as name_vi, coalesce(d.cause_name_en, 'Unknown') as name_en,
               coalesce(r.accidents, 0) as accidents, coalesce(r.victims, 0) as victims,
               coalesce(r.deaths, 0) as deaths, coalesce(r.deaths_under_management, 0) as deaths_under_management,
               coalesce(r.severely_injured, 0) as severely_injured,
               coalesce(c.no_contract_victims, 0) as no_contract_victims,
               coalesce(c.no_contract_deaths, 0) as no_contract_deaths
        from registers as r
        full join communes as c on c.cause_code = r.cause_code
        left join marts.dim_cause as d on d.cause_code = coalesce(r.cause_code, c.cause_code)
        order by deaths + no_contract_deaths desc, victims + no_contract_victims desc, code
    """, [province_code, value, province_code, value])


# --- groups, health, reporting, reconciliation, quality ----------------------------------------------------------

def groups(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """The groups the plan names, for the period's year (the table is annual)."""
    return frame(con, """
        select g.code, g.name_vi, g.name_en, v.victims, v.deaths, v.victims_under_management,
               v.deaths_under_management, v.no_contract_victims, v.no_contract_deaths, v.no_contract_victims_insured,
               v.workers_reported, v.reporting_employers, v.victim_rate_per_100k, v.victim_rate_ci_lower,
               v.victim_rate_ci_upper, v.fatal_rate_per_100k
        from reference.ref_vulnerable_groups as g
        left join indicators.ind_vulnerable_groups as v on v.group_code = g.code and v.year = ?
        order by g.sort_order, g.code
    """, [period.year])


def diseases(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """New cases of occupational disease in the period, by disease; the 'all' row holds the totals."""
    return frame(con, """
        select n.disease_code as code, coalesce(d.disease_name_vi, 'Tổng') as name_vi,
               coalesce(d.disease_name_en, 'Total') as name_en, n.exam_reports_received, n.diagnosed_workers,
               n.new_cases, n.new_cases_ci_lower, n.new_cases_ci_upper, n.annual_report_employers,
               n.annual_report_new_cases
        from indicators.ind_occupational_disease_new_cases as n
        left join marts.dim_disease as d on d.disease_code = n.disease_code
        where n.period_code = ?
        order by n.disease_code = 'all' desc, n.new_cases desc nulls last, n.diagnosed_workers desc nulls last,
                 try_cast(n.disease_code as integer), n.disease_code
    """, [period.code])


def monitoring(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """Failing shares of work-environment samples by factor, both sources, in the period."""
    return frame(con, """
        select m.data_source, m.factor_code as code, coalesce(f.factor_name_vi, 'Tổng') as name_vi,
               coalesce(f.factor_name_en, 'Total') as name_en, m.reports_received, m.establishments, m.samples,
               m.failing_samples, m.failing_share, m.failing_share_ci_lower, m.failing_share_ci_upper
        from indicators.ind_monitoring_failing_share as m
        left join marts.dim_monitoring_factor as f on f.factor_code = m.factor_code
        where m.period_code = ?
        order by m.data_source desc, m.factor_code = 'all' desc, m.failing_share desc nulls last,
                 m.samples desc nulls last, f.sort_order, m.factor_code
    """, [period.code])


def completeness_by_family(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """Reports expected, received and on time per family, summed over the reporting periods in the review."""
    return frame(con, """
        select family, min(sender_kind) as sender_kind, count(*) as periods,
               count(*) filter (where not deadline_passed) as periods_open,
               sum(expected_reports)::bigint as expected, sum(received_reports)::bigint as received,
               sum(received_on_time)::bigint as on_time, sum(received_late)::bigint as late,
               sum(received_reports)::double / nullif(sum(expected_reports), 0) as reporting_rate,
               sum(received_on_time)::double / nullif(sum(expected_reports), 0) as on_time_rate
        from indicators.ind_reporting_completeness
        where breakdown = 'province' and period_code in (select unnest(?::varchar[]))
        group by family
        order by family
    """, [period.reporting_codes()])


def completeness_by_commune(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """Per commune: the employers' reports and the commune's own report, lowest reporting rate first."""
    return frame(con, """
        with cells as (
            select breakdown_code as code,
                   sum(expected_reports) filter (where sender_kind = 'employer') as employer_expected,
                   sum(received_reports) filter (where sender_kind = 'employer') as employer_received,
                   sum(received_on_time) filter (where sender_kind = 'employer') as employer_on_time,
                   sum(expected_reports) filter (where sender_kind = 'commune') as commune_expected,
                   sum(received_reports) filter (where sender_kind = 'commune') as commune_received,
                   sum(received_on_time) filter (where sender_kind = 'commune') as commune_on_time,
                   sum(expected_reports) as expected, sum(received_reports) as received
            from indicators.ind_reporting_completeness
            where breakdown = 'commune' and period_code in (select unnest(?::varchar[]))
            group by breakdown_code
        )
        select c.code, coalesce(d.commune_name, c.code) as name_vi, coalesce(d.commune_name, c.code) as name_en,
               c.employer_expected::bigint as employer_expected, c.employer_received::bigint as employer_received,
               c.employer_on_time::bigint as employer_on_time,
               c.employer_received::double / nullif(c.employer_expected, 0) as employer_rate,
               c.commune_expected::bigint as commune_expected, c.commune_received::bigint as commune_received,
               c.commune_on_time::bigint as commune_on_time,
               c.expected::bigint as expected, c.received::bigint as received,
               c.received::double / nullif(c.expected, 0) as reporting_rate
        from cells as c
        left join marts.dim_commune as d on d.commune_code = c.code
        where c.expected > 0
        order by reporting_rate, c.expected desc, c.code
    """, [period.reporting_codes()])


def reconciliation(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame:
    """The cross-source reconciliation of the period's year (the table is annual)."""
    return frame(con, "select * from indicators.ind_reconciliation where year = ?", [period.year])


def quality_files(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame | None:
    """Files received per family for the reporting periods in the review (None: not in this publication)."""
    if not has_table(con, "publication", "quality_files"):
        return None
    return frame(con, """
        select family, sum(files)::bigint as files,
               coalesce(sum(files) filter (where status = 'rejected'), 0)::bigint as rejected_files,
               sum(rows_read)::bigint as rows_read, sum(rows_loaded)::bigint as rows_loaded,
               sum(rows_rejected)::bigint as rows_rejected, sum(rows_with_warnings)::bigint as rows_with_warnings
        from publication.quality_files
        where period_code in (select unnest(?::varchar[]))
        group by family
        order by family
    """, [period.reporting_codes()])


def quality_rules(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> pl.DataFrame | None:
    """Rows that failed each validation rule, for the reporting periods in the review."""
    if not has_table(con, "publication", "quality_rules"):
        return None
    return frame(con, """
        select family, severity, rule, column_name, min(header_vi) as header_vi,
               sum(rows_affected)::bigint as rows_affected, sum(failures)::bigint as failures
        from publication.quality_rules
        where period_code in (select unnest(?::varchar[]))
        group by family, severity, rule, column_name
        order by severity, rows_affected desc, family, rule, column_name
    """, [period.reporting_codes()])


# --- all of it -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewData:
    """Every frame the review shows; the charts and the text both read these and nothing else."""

    period: ReviewPeriod
    publication: pl.DataFrame
    province: pl.DataFrame
    t1: pl.DataFrame
    t2: pl.DataFrame
    t3: pl.DataFrame
    t1_context: pl.DataFrame
    communes: pl.DataFrame
    sectors: pl.DataFrame
    size_bands: pl.DataFrame
    causes: pl.DataFrame
    groups: pl.DataFrame
    diseases: pl.DataFrame
    monitoring: pl.DataFrame
    completeness: pl.DataFrame
    completeness_communes: pl.DataFrame
    reconciliation: pl.DataFrame
    quality_files: pl.DataFrame | None
    quality_rules: pl.DataFrame | None

    @property
    def baseline_year(self) -> int:
        return int(self.province["baseline_year"][0]) if self.province.height else BASELINE_YEAR

    @property
    def province_code(self) -> str:
        return str(self.province["province_code"][0]) if self.province.height else ""

    def frames(self) -> dict[str, pl.DataFrame | None]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "period"}


def load_review_data(con: duckdb.DuckDBPyConnection, period: ReviewPeriod) -> ReviewData:
    prov = province(con)
    code = str(prov["province_code"][0]) if prov.height else ""
    base = int(prov["baseline_year"][0]) if prov.height else BASELINE_YEAR
    return ReviewData(
        period=period,
        publication=publication(con, period),
        province=prov,
        t1=target_series(con, period, "t1", base),
        t2=target_series(con, period, "t2", base),
        t3=target_series(con, period, "t3", base),
        t1_context=t1_context(con, period, code),
        communes=t1_breakdown(con, period, "commune"),
        sectors=t1_breakdown(con, period, "sector"),
        size_bands=t1_breakdown(con, period, "size_band"),
        causes=causes(con, period, code),
        groups=groups(con, period),
        diseases=diseases(con, period),
        monitoring=monitoring(con, period),
        completeness=completeness_by_family(con, period),
        completeness_communes=completeness_by_commune(con, period),
        reconciliation=reconciliation(con, period),
        quality_files=quality_files(con, period),
        quality_rules=quality_rules(con, period),
    )
