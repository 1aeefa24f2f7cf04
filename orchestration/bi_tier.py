"""The BI / public tier: indicator aggregates only, small cells suppressed, as health statistics offices do.

A cell (an indicator row) computed from fewer than ``OSH_SUPPRESSION_MIN`` people (default 3; a zero
is publishable: it describes nobody) has every measure blanked and ``suppressed = 'primary'``. So is
any cell from which a suppressed one could be recovered by subtraction from a published total: where a
group of cells adds up to a published total (a period's communes to the province, a year's causes to
the year) and only one of them is suppressed, the next smallest is suppressed too ('complementary').
The tier carries no row-level data: no marts, only code lists and the indicator tables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb

# Columns that say which cell a row is; everything else in an indicator table is a measure.
KEY_COLUMNS = frozenset({
    "period_type", "period_code", "year", "half_year_number", "breakdown", "breakdown_code", "rate_basis",
    "cause_code", "injury_factor_code", "group_code", "disease_code", "data_source", "factor_code", "family",
    "sender_kind", "due_date", "due_before", "is_deadline_provisional", "deadline_passed", "matching_rule",
    "required_annual_change", "baseline_year", "baseline_period_code", "previous_period_code",
})


@dataclass(frozen=True)
class Suppression:
    people: tuple[str, ...]  # counts of people: a cell is small when any is between 1 and the minimum - 1
    group_by: tuple[str, ...] = ()  # cells that add up to a published total
    total_rows: str = "false"  # SQL predicate of the rows that ARE the total (not part of the group)


SUPPRESSED_TABLES: dict[str, Suppression] = {
    "ind_t1_fatal_rate": Suppression(
        ("deaths", "victims_under_management", "deaths_not_under_management",
         "deaths_at_employers_without_denominator"),
        ("period_type", "period_code", "breakdown"), "breakdown = 'province'"),
    "ind_t1_fatal_rate_yearly": Suppression(("deaths", "deaths_not_under_management")),
    "ind_t1_deaths_outside_the_rate": Suppression(
        ("deaths_outside_the_rate", "deaths_not_under_management", "no_contract_victims", "no_contract_deaths",
         "no_contract_severely_injured", "no_contract_victims_insured", "no_contract_deaths_insured",
         "no_contract_victims_insurance_unknown"),
        ("period_type", "period_code", "breakdown"), "breakdown = 'province'"),
    "ind_nonfatal_rate": Suppression(
        ("nonfatal_cases", "nonfatal_cases_days_unknown"),
        ("period_type", "period_code", "breakdown"), "breakdown = 'province'"),
    "ind_accidents_by_cause_factor": Suppression(
        ("victims", "deaths", "severely_injured", "victims_under_management", "deaths_under_management",
         "no_contract_victims", "no_contract_deaths"),
        ("year",)),
    "ind_vulnerable_groups": Suppression(
        ("victims", "deaths", "victims_under_management", "deaths_under_management", "no_contract_victims",
         "no_contract_deaths", "no_contract_victims_insured", "victims_at_reporting_employers",
         "deaths_at_reporting_employers")),
    "ind_t2_examined_workers": Suppression(
        ("examined_workers", "filing_employers_examined_workers", "covered_workers"),
        ("period_type", "period_code", "breakdown"), "breakdown = 'province'"),
    "ind_occupational_disease_new_cases": Suppression(
        ("diagnosed_workers", "new_cases", "annual_report_new_cases"),
        ("period_type", "period_code"), "disease_code = 'all'"),
    "ind_reconciliation": Suppression(
        ("insurance_accident_cases", "insurance_death_cases", "insurance_commuting_cases", "insurance_cases_linked",
         "insurance_non_commuting_cases", "insurance_cases_without_enterprise_record", "enterprise_deaths",
         "enterprise_deaths_linked", "enterprise_deaths_with_insurance_death_case",
         "enterprise_deaths_without_insurance_death_case")),
}


def minimum_cell() -> int:
    return int(os.environ.get("OSH_SUPPRESSION_MIN", "3"))


def build_bi_tier(con: duckdb.DuckDBPyConnection, source: str, minimum: int) -> list[str]:
    """Fill the open (empty) database ``con`` from the analysts' publication attached as ``source``."""
    con.execute("create schema reference; create schema indicators")
    for (table,) in con.execute(
        f"select table_name from duckdb_tables() where database_name = '{source}' and schema_name = 'reference'"
    ).fetchall():
        con.execute(f'create table reference."{table}" as select * from {source}.reference."{table}"')
    tables = [r[0] for r in con.execute(
        f"select table_name from duckdb_tables() where database_name = '{source}' and schema_name = 'indicators' "
        "order by 1"
    ).fetchall()]
    for table in tables:
        described = con.execute(f"select column_name from (describe {source}.indicators.{table})").fetchall()
        columns = [r[0] for r in described]
        rule = SUPPRESSED_TABLES.get(table)
        if rule is None:
            con.execute(f"create table indicators.{table} as select *, cast(null as varchar) as suppressed "
                        f"from {source}.indicators.{table}")
            continue
        con.execute(_suppression_sql(f"{source}.indicators.{table}", f"indicators.{table}", columns, rule, minimum))
    return tables


def _suppression_sql(source: str, target: str, columns: list[str], rule: Suppression, minimum: int) -> str:
    people = [c for c in rule.people if c in columns]
    small = " or ".join(f"({c} > 0 and {c} < {minimum})" for c in people) or "false"
    size = " + ".join(f"coalesce({c}, 0)" for c in people) or "0"
    groups = [c for c in rule.group_by if c in columns]
    partition = ", ".join(groups) if groups else "1"
    in_group = f"not ({rule.total_rows})" if groups else "false"
    measures = [c for c in columns if c not in KEY_COLUMNS]
    output = ", ".join(
        f"case when suppressed is null then {c} end as {c}" if c in measures else c for c in columns
    )
    return f"""
        create table {target} as
        with cells as (
            select *, ({small}) as is_small, ({size}) as cell_size, ({in_group}) as in_group,
                   row_number() over () as cell_id
            from {source}
        ),
        grouped as (
            select *,
                sum(case when in_group and is_small then 1 else 0 end) over (partition by {partition}, in_group)
                    as small_in_group,
                row_number() over (
                    partition by {partition}, in_group, is_small
                    order by case when cell_size > 0 then 0 else 1 end, cell_size, cell_id
                ) as rank_among_others
            from cells
        ),
        flagged as (
            select *,
                case
                    when is_small then 'primary'
                    when in_group and small_in_group = 1 and not is_small and cell_size > 0
                         and rank_among_others = 1 then 'complementary'
                end as suppressed
            from grouped
        )
        select {output}, suppressed from flagged
    """
