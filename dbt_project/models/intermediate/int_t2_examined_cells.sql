{#- The counts behind target T2 per period (years and half-years) and cell (the served province, and within it
    each commune, VSIC section and size band): distinct workers examined for occupational disease, and the
    coverage among employers that filed an annual OSH report. ind_t2_examined_workers adds the periods and
    members with no row here, the reports received, intervals and statuses; the rules are described there.

    A period's cells depend on that year's examinations, annual reports and employer registry alone, so the
    model is incremental by year on DuckDB (docs/performance.md, round 11): every row carries the checksum of
    its year's inputs (macro t2_cell_inputs); a night rebuilds only the years whose checksum changed and
    deletes those left with none. -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_years_whose_inputs_changed(t2_cell_inputs()) }}",
) }}

with

year_inputs as (

    {{ t2_cell_inputs() }}

),

-- the years this build writes: all of them, or in an incremental build those the pre-hook left without rows
years_to_build as (

    {{ years_left_without_rows() }}

),

exams as (

    select * from {{ ref('fct_occupational_disease_exams') }}
    {{ where_year_to_build('exam_year') }}

),

annual_reports as (

    select employer_tax_code, reporting_year, heavy_hazardous_workers
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }}
    {{ where_year_to_build('reporting_year') }}

),

---------- headline: distinct workers examined

exam_periods as (

    {{ expand_to_periods('exams', 'exam_year', 'exam_half_year',
        ['worker_id_hash', 'employer_tax_code', 'employer_commune_code', 'employer_province_code']) }}

),

placed_exams as (

    select
        exam_periods.period_type,
        exam_periods.period_code,
        exam_periods.year,
        exam_periods.worker_id_hash,
        coalesce(employer_periods.employer_province_code, exam_periods.employer_province_code) as province_code,
        coalesce(employer_periods.employer_commune_code, exam_periods.employer_commune_code) as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band
    from exam_periods
    -- the registry named here and in filer_coverage, narrowed to the columns used: DuckDB writes out whole a CTE
    -- read twice
    left join ({{ employer_placement_of_years_to_build() }}) as employer_periods
        on exam_periods.employer_tax_code = employer_periods.employer_tax_code
        and exam_periods.period_type = employer_periods.period_type
        and exam_periods.period_code = employer_periods.period_code
    where {{ in_served_area('coalesce(employer_periods.employer_province_code, exam_periods.employer_province_code)') }}

),

examined as (

    select period_type, period_code, year, breakdown, breakdown_code,
        count(distinct worker_id_hash) as examined_workers
    from (
        {{ unpivot_breakdowns('placed_exams', ['period_type', 'period_code', 'year', 'worker_id_hash']) }}
    ) as by_breakdown
    group by period_type, period_code, year, breakdown, breakdown_code

),

---------- coverage: filing employers' examined ÷ hazardous workers, capped per employer

examined_per_employer as (

    select period_type, period_code, employer_tax_code, count(distinct worker_id_hash) as examined_workers
    from exam_periods
    group by period_type, period_code, employer_tax_code

),

filers as (

    {{ expand_year_to_periods('annual_reports', 'reporting_year', ['employer_tax_code', 'heavy_hazardous_workers']) }}

),

filer_coverage as (

    select
        filers.period_type,
        filers.period_code,
        filers.year,
        filers.employer_tax_code,
        employer_periods.employer_province_code as province_code,
        employer_periods.employer_commune_code as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band,
        filers.heavy_hazardous_workers,
        coalesce(examined_per_employer.examined_workers, 0) as examined_workers,
        case
            when coalesce(examined_per_employer.examined_workers, 0) > filers.heavy_hazardous_workers
                then filers.heavy_hazardous_workers
            else coalesce(examined_per_employer.examined_workers, 0)
        end as covered_workers,
        case
            when coalesce(examined_per_employer.examined_workers, 0) > filers.heavy_hazardous_workers then 1
            else 0
        end as is_over_hazardous
    from filers
    left join ({{ employer_placement_of_years_to_build() }}) as employer_periods
        on filers.employer_tax_code = employer_periods.employer_tax_code
        and filers.period_type = employer_periods.period_type
        and filers.period_code = employer_periods.period_code
    left join examined_per_employer
        on filers.employer_tax_code = examined_per_employer.employer_tax_code
        and filers.period_type = examined_per_employer.period_type
        and filers.period_code = examined_per_employer.period_code
    where {{ in_served_area('employer_periods.employer_province_code') }}

),

coverage as (

    select
        period_type,
        period_code,
        year,
        breakdown,
        breakdown_code,
        count(*) as filing_employers,
        sum(heavy_hazardous_workers) as hazardous_workers,
        sum(examined_workers) as filing_employers_examined_workers,
        sum(covered_workers) as covered_workers,
        sum(is_over_hazardous) as employers_examined_over_hazardous
    from (
        {{ unpivot_breakdowns('filer_coverage', ['period_type', 'period_code', 'year', 'heavy_hazardous_workers',
            'examined_workers', 'covered_workers', 'is_over_hazardous']) }}
    ) as by_breakdown
    group by period_type, period_code, year, breakdown, breakdown_code

),

cells as (

    select
        coalesce(examined.period_type, coverage.period_type) as period_type,
        coalesce(examined.period_code, coverage.period_code) as period_code,
        coalesce(examined.year, coverage.year) as year,
        coalesce(examined.breakdown, coverage.breakdown) as breakdown,
        coalesce(examined.breakdown_code, coverage.breakdown_code) as breakdown_code,
        coalesce(examined.examined_workers, 0) as examined_workers,
        coalesce(coverage.filing_employers, 0) as filing_employers,
        coalesce(coverage.hazardous_workers, 0) as hazardous_workers,
        coalesce(coverage.filing_employers_examined_workers, 0) as filing_employers_examined_workers,
        coalesce(coverage.covered_workers, 0) as covered_workers,
        coalesce(coverage.employers_examined_over_hazardous, 0) as employers_examined_over_hazardous
    from examined
    full outer join coverage
        on examined.period_type = coverage.period_type
        and examined.period_code = coverage.period_code
        and examined.breakdown = coverage.breakdown
        and examined.breakdown_code = coverage.breakdown_code

)

select
    cast(cells.period_type as {{ dbt.type_string() }}) as period_type,
    cast(cells.period_code as {{ dbt.type_string() }}) as period_code,
    cast(cells.year as integer) as year,
    cast(cells.breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(cells.breakdown_code as {{ dbt.type_string() }}) as breakdown_code,
    cast(cells.examined_workers as {{ dbt.type_bigint() }}) as examined_workers,
    cast(cells.filing_employers as {{ dbt.type_bigint() }}) as filing_employers,
    cast(cells.hazardous_workers as {{ dbt.type_bigint() }}) as hazardous_workers,
    cast(cells.filing_employers_examined_workers as {{ dbt.type_bigint() }}) as filing_employers_examined_workers,
    cast(cells.covered_workers as {{ dbt.type_bigint() }}) as covered_workers,
    cast(cells.employers_examined_over_hazardous as {{ dbt.type_bigint() }}) as employers_examined_over_hazardous,
    year_inputs.inputs_fingerprint
from cells
inner join year_inputs on cells.year = year_inputs.year
{{ in_year_blocks() }}
