{#- The counts behind target T3 per period (years and half-years) and cell (the served province, and within it
    each commune, VSIC section and size band): establishments with a monitoring body's result, and the
    employers that filed an annual OSH report, those with harmful factors and those of them monitored.
    ind_t3_monitored_establishments adds the periods and members with no row here, the reports received,
    intervals and statuses; the rules are described there.

    Incremental by year on DuckDB, as int_t2_examined_cells: every row carries the checksum of its year's inputs
    (macro t3_cell_inputs). -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_years_whose_inputs_changed(t3_cell_inputs()) }}",
) }}

with

year_inputs as (

    {{ t3_cell_inputs() }}

),

-- the years this build writes: all of them, or in an incremental build those the pre-hook left without rows
years_to_build as (

    {{ years_left_without_rows() }}

),

monitoring as (

    select * from {{ ref('fct_monitoring_samples') }}
    where data_source = 'monitoring_body'
    {% if is_incremental() %}and year in (select year from years_to_build){% endif %}

),

annual_reports as (

    select employer_tax_code, reporting_year, has_harmful_factors
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }}
    {{ where_year_to_build('reporting_year') }}

),

---------- establishments with a monitoring body's result, per period

monitoring_periods as (

    {{ expand_to_periods('monitoring', 'year', 'half_year',
        ['employer_tax_code', 'employer_commune_code', 'employer_province_code']) }}

),

monitored as (

    select distinct period_type, period_code, year, employer_tax_code, employer_commune_code, employer_province_code
    from monitoring_periods

),

placed_monitored as (

    select
        monitored.period_type,
        monitored.period_code,
        monitored.year,
        monitored.employer_tax_code,
        coalesce(employer_periods.employer_province_code, monitored.employer_province_code) as province_code,
        coalesce(employer_periods.employer_commune_code, monitored.employer_commune_code) as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band
    from monitored
    -- the registry named here and in placed_filers, narrowed to the columns used: DuckDB writes out whole a CTE
    -- read twice
    left join ({{ employer_placement_of_years_to_build() }}) as employer_periods
        on monitored.employer_tax_code = employer_periods.employer_tax_code
        and monitored.period_type = employer_periods.period_type
        and monitored.period_code = employer_periods.period_code
    where {{ in_served_area('coalesce(employer_periods.employer_province_code, monitored.employer_province_code)') }}

),

monitored_any as (

    select period_type, period_code, year, breakdown, breakdown_code,
        count(distinct employer_tax_code) as monitored_establishments_any
    from (
        {{ unpivot_breakdowns('placed_monitored', ['period_type', 'period_code', 'year', 'employer_tax_code']) }}
    ) as by_breakdown
    group by period_type, period_code, year, breakdown, breakdown_code

),

---------- the population: employers that filed, and those with harmful factors

filers as (

    {{ expand_year_to_periods('annual_reports', 'reporting_year', ['employer_tax_code', 'has_harmful_factors']) }}

),

placed_filers as (

    select
        filers.period_type,
        filers.period_code,
        filers.year,
        filers.employer_tax_code,
        employer_periods.employer_province_code as province_code,
        employer_periods.employer_commune_code as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band,
        case when filers.has_harmful_factors then 1 else 0 end as is_harmful,
        case
            when filers.has_harmful_factors and monitored.employer_tax_code is not null then 1 else 0
        end as is_harmful_and_monitored
    from filers
    left join ({{ employer_placement_of_years_to_build() }}) as employer_periods
        on filers.employer_tax_code = employer_periods.employer_tax_code
        and filers.period_type = employer_periods.period_type
        and filers.period_code = employer_periods.period_code
    left join (select distinct period_type, period_code, employer_tax_code from monitored) as monitored
        on filers.employer_tax_code = monitored.employer_tax_code
        and filers.period_type = monitored.period_type
        and filers.period_code = monitored.period_code
    where {{ in_served_area('employer_periods.employer_province_code') }}

),

population as (

    select
        period_type,
        period_code,
        year,
        breakdown,
        breakdown_code,
        count(*) as filing_employers,
        sum(is_harmful) as harmful_factor_establishments,
        sum(is_harmful_and_monitored) as monitored_harmful_establishments
    from (
        {{ unpivot_breakdowns('placed_filers', ['period_type', 'period_code', 'year', 'is_harmful',
            'is_harmful_and_monitored']) }}
    ) as by_breakdown
    group by period_type, period_code, year, breakdown, breakdown_code

),

cells as (

    select
        coalesce(monitored_any.period_type, population.period_type) as period_type,
        coalesce(monitored_any.period_code, population.period_code) as period_code,
        coalesce(monitored_any.year, population.year) as year,
        coalesce(monitored_any.breakdown, population.breakdown) as breakdown,
        coalesce(monitored_any.breakdown_code, population.breakdown_code) as breakdown_code,
        coalesce(monitored_any.monitored_establishments_any, 0) as monitored_establishments_any,
        coalesce(population.filing_employers, 0) as filing_employers,
        coalesce(population.harmful_factor_establishments, 0) as harmful_factor_establishments,
        coalesce(population.monitored_harmful_establishments, 0) as monitored_harmful_establishments
    from monitored_any
    full outer join population
        on monitored_any.period_type = population.period_type
        and monitored_any.period_code = population.period_code
        and monitored_any.breakdown = population.breakdown
        and monitored_any.breakdown_code = population.breakdown_code

)

select
    cast(cells.period_type as {{ dbt.type_string() }}) as period_type,
    cast(cells.period_code as {{ dbt.type_string() }}) as period_code,
    cast(cells.year as integer) as year,
    cast(cells.breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(cells.breakdown_code as {{ dbt.type_string() }}) as breakdown_code,
    cast(cells.monitored_establishments_any as {{ dbt.type_bigint() }}) as monitored_establishments_any,
    cast(cells.filing_employers as {{ dbt.type_bigint() }}) as filing_employers,
    cast(cells.harmful_factor_establishments as {{ dbt.type_bigint() }}) as harmful_factor_establishments,
    cast(cells.monitored_harmful_establishments as {{ dbt.type_bigint() }}) as monitored_harmful_establishments,
    year_inputs.inputs_fingerprint
from cells
inner join year_inputs on cells.year = year_inputs.year
{{ in_year_blocks() }}
