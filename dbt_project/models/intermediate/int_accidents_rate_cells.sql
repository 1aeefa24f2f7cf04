{#- Numerators and denominators of the accident rates (target T1, the ESAW non-fatal rate), per
    period (years and half-years) and cell: the served province, and within it each commune, VSIC
    section and size band.

    Placement: both sides by the EMPLOYER's commune, sector and size band in the period
    (int_employer_periods), so a cell divides like by like. Only employers placed in the served
    province (var province_code) count. A legacy commune code is already mapped to its current unit
    there; an employer without a sector or size band falls in the code 'unknown'.

    Numerators (fct_accident_victims, by event date, victims under the employer's management only):
    deaths; accidents = distinct incidents with at least one such victim; ESAW non-fatal cases = not
    fatal with more than 3 calendar days off, and their days off. Deaths of victims not under the
    employer's management are counted beside (deaths_not_under_management), never in a numerator.

    Denominator (domain brief, section 5): the average of the period's monthly insured counts of the
    same employers = the cell's insured worker-months ÷ the months of the period with insured-workforce
    data in the province (months_covered), so the cells of a breakdown add up to the province. An
    employer placed in the cell with no insured month in the period but an annual OSH report falls
    back to the total workers it reported (for a half-year, the report of that year). denominator_source
    says which: insured_workforce, reported_workers, mixed, or null when there is none.

    Incremental by year on DuckDB (docs/performance.md, round 10): a period's cells depend on that year's
    rows alone, and every row carries the checksum of its year's inputs (macro accident_rate_cell_inputs);
    a night rebuilds only the years whose checksum changed and deletes those left with none. -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_years_whose_inputs_changed(accident_rate_cell_inputs()) }}",
) }}
{#- Each breakdown and the code of a cell in it, from an employer-period's columns (employer_cells and
    placed_victims place alike). -#}
{%- set breakdowns = [
    ('province', served_area_code('employer_province_code')),
    ('commune', 'employer_commune_code'),
    ('sector', "coalesce(sector_code, 'unknown')"),
    ('size_band', "coalesce(size_band, 'unknown')"),
] %}
with

year_inputs as (

    {{ accident_rate_cell_inputs() }}

),

-- the years this build writes: all of them, or in an incremental build those the pre-hook left without rows
years_to_build as (

    {{ years_left_without_rows() }}

),

employer_periods as (

    select * from {{ ref('int_employer_periods') }}
    where {{ in_served_area('employer_province_code') }}
    {% if is_incremental() %}and year in (select year from years_to_build){% endif %}

),

---------- each employer-period, once per breakdown it is placed in
employer_cells as (

    {% for breakdown, code in breakdowns -%}
    {% if not loop.first %}union all
    {% endif -%}
    select employer_tax_code, period_type, period_code, '{{ breakdown }}' as breakdown, {{ code }} as breakdown_code,
        months_insured, insured_worker_months, reported_total_workers
    from employer_periods
    {% endfor %}

),

---------- denominator: the employer-periods' insured worker-months, and the months their cell covers
months_covered as (

    select period_type, period_code,
        cast(bit_count(bit_or(insured_months_bitmask)) as {{ dbt.type_bigint() }}) as months_covered
    from employer_periods
    group by period_type, period_code

),

denominators as (

    select
        employer_cells.period_type,
        employer_cells.period_code,
        employer_cells.breakdown,
        employer_cells.breakdown_code,
        count(*) as employers,
        sum(case when employer_cells.months_insured > 0 then 1 else 0 end) as employers_insured,
        sum(case when employer_cells.months_insured = 0
            and employer_cells.reported_total_workers is not null then 1 else 0 end) as employers_reported_only,
        sum(employer_cells.insured_worker_months) as insured_worker_months,
        sum(case when employer_cells.months_insured = 0
            then employer_cells.reported_total_workers end) as reported_workers
    from employer_cells
    group by employer_cells.period_type, employer_cells.period_code, employer_cells.breakdown,
        employer_cells.breakdown_code

),

---------- numerators: victims in their year and half-year, placed by their employer
victims as (

    select *, 'year' as period_type, cast(incident_year as {{ dbt.type_string() }}) as period_code
    from {{ ref('fct_accident_victims') }}
    {{ where_year_to_build('incident_year') }}
    union all
    select *, 'half_year', incident_half_year
    from {{ ref('fct_accident_victims') }}
    {{ where_year_to_build('incident_year') }}

),

-- Victims meet their employer-period first and are placed in each breakdown after: joined to the employer
-- cells instead (four rows an employer-period, 49 M at national scale), those cells, used twice, were
-- written out whole by DuckDB (6.5 GB).
victim_employers as (

    select
        victims.period_type,
        victims.period_code,
        employer_periods.employer_province_code,
        employer_periods.employer_commune_code,
        employer_periods.sector_code,
        employer_periods.size_band,
        employer_periods.months_insured > 0 or employer_periods.reported_total_workers is not null
            as employer_has_denominator,
        victims.accident_id,
        victims.is_fatal,
        victims.is_esaw_nonfatal,
        victims.days_off,
        victims.under_employer_management
    from victims
    inner join employer_periods
        on victims.employer_tax_code = employer_periods.employer_tax_code
        and victims.period_type = employer_periods.period_type
        and victims.period_code = employer_periods.period_code

),

placed_victims as (

    {% for breakdown, code in breakdowns -%}
    {% if not loop.first %}union all
    {% endif -%}
    select period_type, period_code, '{{ breakdown }}' as breakdown, {{ code }} as breakdown_code,
        employer_has_denominator, accident_id, is_fatal, is_esaw_nonfatal, days_off, under_employer_management
    from victim_employers
    {% endfor %}

),

numerators as (

    select
        period_type,
        period_code,
        breakdown,
        breakdown_code,
        sum(case when is_fatal and under_employer_management then 1 else 0 end) as deaths,
        sum(case when is_fatal and not under_employer_management then 1 else 0 end)
            as deaths_not_under_management,
        sum(case when is_fatal and under_employer_management and not employer_has_denominator then 1 else 0 end)
            as deaths_at_employers_without_denominator,
        sum(case when under_employer_management then 1 else 0 end) as victims_under_management,
        count(distinct case when under_employer_management then accident_id end) as accidents,
        sum(case when is_esaw_nonfatal and under_employer_management then 1 else 0 end) as esaw_nonfatal_cases,
        sum(case when is_esaw_nonfatal and under_employer_management then days_off end) as esaw_days_lost,
        sum(case when not is_fatal and under_employer_management and days_off is null then 1 else 0 end)
            as nonfatal_cases_days_unknown
    from placed_victims
    group by period_type, period_code, breakdown, breakdown_code

),

cells as (

    select period_type, period_code, breakdown, breakdown_code from denominators
    union
    select period_type, period_code, breakdown, breakdown_code from numerators

),

assembled as (

    select
        cells.period_type,
        cells.period_code,
        cast(substring(cells.period_code, 1, 4) as integer) as year,
        case when cells.period_type = 'half_year' then cast(substring(cells.period_code, 6, 1) as integer) end
            as half_year_number,
        cells.breakdown,
        cells.breakdown_code,
        coalesce(numerators.deaths, 0) as deaths,
        coalesce(numerators.deaths_not_under_management, 0) as deaths_not_under_management,
        coalesce(numerators.deaths_at_employers_without_denominator, 0) as deaths_at_employers_without_denominator,
        coalesce(numerators.victims_under_management, 0) as victims_under_management,
        coalesce(numerators.accidents, 0) as accidents,
        coalesce(numerators.esaw_nonfatal_cases, 0) as esaw_nonfatal_cases,
        coalesce(numerators.esaw_days_lost, 0) as esaw_days_lost,
        coalesce(numerators.nonfatal_cases_days_unknown, 0) as nonfatal_cases_days_unknown,
        coalesce(denominators.employers, 0) as employers,
        coalesce(denominators.employers_insured, 0) as employers_insured,
        coalesce(denominators.employers_reported_only, 0) as employers_reported_only,
        coalesce(months_covered.months_covered, 0) as months_covered,
        cast(denominators.insured_worker_months as double) / nullif(months_covered.months_covered, 0)
            as insured_workers_avg,
        cast(denominators.reported_workers as double) as reported_workers
    from cells
    left join numerators
        on cells.period_type = numerators.period_type
        and cells.period_code = numerators.period_code
        and cells.breakdown = numerators.breakdown
        and cells.breakdown_code = numerators.breakdown_code
    left join denominators
        on cells.period_type = denominators.period_type
        and cells.period_code = denominators.period_code
        and cells.breakdown = denominators.breakdown
        and cells.breakdown_code = denominators.breakdown_code
    left join months_covered
        on cells.period_type = months_covered.period_type
        and cells.period_code = months_covered.period_code

),

with_denominator as (

    select
        assembled.*,
        case
            when insured_workers_avg is not null or reported_workers is not null
                then coalesce(insured_workers_avg, 0) + coalesce(reported_workers, 0)
        end as denominator_workers
    from assembled

)

select
    with_denominator.*,
    case
        when coalesce(denominator_workers, 0) <= 0 then null
        when employers_insured > 0 and employers_reported_only > 0 then 'mixed'
        when employers_insured > 0 then 'insured_workforce'
        when employers_reported_only > 0 then 'reported_workers'
    end as denominator_source,
    year_inputs.inputs_fingerprint
from with_denominator
inner join year_inputs on with_denominator.year = year_inputs.year
{{ in_year_blocks() }}
