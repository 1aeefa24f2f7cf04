{#- The employer registry as it stood in each period: a slowly changing dimension built from the
    reports themselves (no dbt snapshots, so a rebuild from the same inputs gives the same table).

    One row per employer × period, for years and half-years. Attributes come from the most
    authoritative source that has the employer in that period:
      1. the social-insurance fund's monthly extract (latest month of the period);
      2. the employer's annual OSH report (years, and both halves of that year);
      3. the employer's own accident register (latest accident of the period).
    Communes are current codes (legacy codes mapped). Size band (Decree 80/2021) by the average
    insured workers over the months the employer was insured, else by its reported total workers.

    Incremental by year (docs/performance.md, round 8): every row carries the checksum of its year's
    inputs (macro employer_period_inputs); a night rebuilds only the years whose checksum changed
    (a resubmitted month, a late annual report, an accident dated in an earlier year) and deletes the
    years left with no input. -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='delete+insert',
    unique_key='year',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year not in (select year from ("
        ~ "{{ employer_period_inputs() }}) as inputs){% endif %}",
) }}

with

year_inputs as (

    {{ employer_period_inputs() }}

),

years_to_build as (

    select year from year_inputs
    {% if is_incremental() -%}
    where not exists (
        select 1 from {{ this }} as built
        where built.year = year_inputs.year and built.inputs_fingerprint = year_inputs.inputs_fingerprint
    )
    {%- endif %}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

-- Each employer's half-years from its months, then its years from its half-years: one pass over the monthly
-- fact, not one per kind of period (a union of both kinds grouped at once read 94 M rows of a national
-- five-year build, 88 s).
insured_half_years as (

    select
        employer_tax_code,
        'half_year' as period_type,
        half_year as period_code,
        year,
        count(*) as months_insured,
        count(insured_workers) as months_with_workers,
        cast(sum(insured_workers) as {{ dbt.type_bigint() }}) as insured_worker_months,
        -- bit m-1 for month m: the months a cell of employers covers are the bits of their OR, so the rate
        -- cells (int_accidents_rate_cells) need not read the monthly fact again (80 s of a national build)
        bit_or(cast(power(2, month - 1) as integer)) as insured_months_bitmask,
        max(month_code) as latest_month
    from {{ ref('fct_insured_workforce_monthly') }}
    {{ where_year_to_build('year') }}
    group by employer_tax_code, half_year, year

),

insured_years as (

    select
        employer_tax_code,
        'year' as period_type,
        cast(year as {{ dbt.type_string() }}) as period_code,
        year,
        cast(sum(months_insured) as {{ dbt.type_bigint() }}) as months_insured,
        cast(sum(months_with_workers) as {{ dbt.type_bigint() }}) as months_with_workers,
        cast(sum(insured_worker_months) as {{ dbt.type_bigint() }}) as insured_worker_months,
        bit_or(insured_months_bitmask) as insured_months_bitmask,
        max(latest_month) as latest_month
    from insured_half_years
    group by employer_tax_code, year

),

insured as (

    select
        employer_tax_code,
        period_type,
        period_code,
        year,
        cast(insured_worker_months as double) / nullif(months_with_workers, 0) as insured_workers_avg,
        months_insured,
        insured_worker_months,
        insured_months_bitmask,
        latest_month
    from (
        select * from insured_half_years
        union all
        select * from insured_years
    ) as periods

),

-- The latest month's row, found by joining back on (employer, month), unique in the monthly fact: a
-- row_number() over every employer-month took 456 s of a national five-year build (47 M months) within
-- DuckDB's 3 GB, this join 34 s (docs/performance.md, round 5). Half-years join the monthly fact; a year's
-- latest month is its later half-year's. The monthly fact (47 M rows at national scale) is named here and in
-- insured_half_years, not through one CTE: DuckDB materialises a CTE used twice, here 5.4 GB written to disk
-- and read back (30 s of a national build).
half_year_latest as (

    select
        insured_half_years.employer_tax_code,
        insured_half_years.period_type,
        insured_half_years.period_code,
        workforce.month_code,
        workforce.insured_workers,
        workforce.employer_commune_code,
        workforce.employer_province_code,
        workforce.sector_code
    from insured_half_years
    inner join {{ ref('fct_insured_workforce_monthly') }} as workforce
        on insured_half_years.employer_tax_code = workforce.employer_tax_code
        and insured_half_years.latest_month = workforce.month_code
    {{ where_year_to_build('workforce.year') }}

),

insured_latest as (

    select * from half_year_latest
    union all
    select
        insured_years.employer_tax_code,
        insured_years.period_type,
        insured_years.period_code,
        half_year_latest.month_code,
        half_year_latest.insured_workers,
        half_year_latest.employer_commune_code,
        half_year_latest.employer_province_code,
        half_year_latest.sector_code
    from insured_years
    inner join half_year_latest
        on insured_years.employer_tax_code = half_year_latest.employer_tax_code
        and insured_years.latest_month = half_year_latest.month_code

),

annual_reports as (

    select
        reports.employer_tax_code,
        reports.reporting_year as year,
        communes.commune_code as employer_commune_code,
        communes.province_code as employer_province_code,
        reports.sector_code,
        reports.total_workers
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }} as reports
    left join communes on reports.employer_commune_code = communes.reported_code
    {{ where_year_to_build('reports.reporting_year') }}

),

annual_by_period as (

    select employer_tax_code, 'year' as period_type, cast(year as {{ dbt.type_string() }}) as period_code, year,
        employer_commune_code, employer_province_code, sector_code, total_workers
    from annual_reports
    union all
    select employer_tax_code, 'half_year', cast(year as {{ dbt.type_string() }}) || 'S1', year,
        employer_commune_code, employer_province_code, sector_code, total_workers
    from annual_reports
    union all
    select employer_tax_code, 'half_year', cast(year as {{ dbt.type_string() }}) || 'S2', year,
        employer_commune_code, employer_province_code, sector_code, total_workers
    from annual_reports

),

accident_registers as (

    select employer_tax_code, period_type, period_code, year, employer_commune_code, employer_province_code,
        sector_code
    from (
        select
            employer_tax_code,
            period_type,
            period_code,
            incident_year as year,
            employer_commune_code,
            employer_province_code,
            sector_code,
            row_number() over (
                partition by employer_tax_code, period_type, period_code
                order by incident_date desc, incident_id desc
            ) as recency
        from (
            select *, 'year' as period_type, cast(incident_year as {{ dbt.type_string() }}) as period_code
            from {{ ref('fct_accident_victims') }}
            {{ where_year_to_build('incident_year') }}
            union all
            select *, 'half_year', incident_half_year
            from {{ ref('fct_accident_victims') }}
            {{ where_year_to_build('incident_year') }}
        ) as by_period
    ) as ranked
    where recency = 1

),

employer_periods as (

    select employer_tax_code, period_type, period_code, year from insured
    union
    select employer_tax_code, period_type, period_code, year from annual_by_period
    union
    select employer_tax_code, period_type, period_code, year from accident_registers

),

resolved as (

    select
        employer_periods.employer_tax_code,
        employer_periods.period_type,
        employer_periods.period_code,
        employer_periods.year,
        coalesce(insured_latest.employer_commune_code, annual_by_period.employer_commune_code,
            accident_registers.employer_commune_code) as employer_commune_code,
        coalesce(insured_latest.employer_province_code, annual_by_period.employer_province_code,
            accident_registers.employer_province_code) as employer_province_code,
        coalesce(insured_latest.sector_code, annual_by_period.sector_code,
            accident_registers.sector_code) as sector_code,
        case
            when insured_latest.employer_tax_code is not null then 'insured_workforce'
            when annual_by_period.employer_tax_code is not null then 'annual_osh_report'
            else 'accident_register'
        end as attribute_source,
        insured.insured_workers_avg,
        coalesce(insured.months_insured, 0) as months_insured,
        insured.insured_worker_months,
        coalesce(insured.insured_months_bitmask, 0) as insured_months_bitmask,
        insured_latest.month_code as latest_insured_month_code,
        insured_latest.insured_workers as latest_insured_workers,
        annual_by_period.total_workers as reported_total_workers,
        coalesce(insured.insured_workers_avg, annual_by_period.total_workers) as size_workers,
        case
            when insured.insured_workers_avg is not null then 'insured_workers'
            when annual_by_period.total_workers is not null then 'reported_workers'
        end as size_basis
    from employer_periods
    left join insured
        on employer_periods.employer_tax_code = insured.employer_tax_code
        and employer_periods.period_type = insured.period_type
        and employer_periods.period_code = insured.period_code
    left join insured_latest
        on employer_periods.employer_tax_code = insured_latest.employer_tax_code
        and employer_periods.period_type = insured_latest.period_type
        and employer_periods.period_code = insured_latest.period_code
    left join annual_by_period
        on employer_periods.employer_tax_code = annual_by_period.employer_tax_code
        and employer_periods.period_type = annual_by_period.period_type
        and employer_periods.period_code = annual_by_period.period_code
    left join accident_registers
        on employer_periods.employer_tax_code = accident_registers.employer_tax_code
        and employer_periods.period_type = accident_registers.period_type
        and employer_periods.period_code = accident_registers.period_code

)

select
    resolved.*,
    size_bands.code as size_band,
    year_inputs.inputs_fingerprint
from resolved
inner join year_inputs on resolved.year = year_inputs.year
left join {{ ref('ref_employer_size_bands') }} as size_bands
    on round(resolved.size_workers) >= size_bands.min_workers
    and (size_bands.max_workers is null or round(resolved.size_workers) <= size_bands.max_workers)
{{ in_year_blocks() }}
