{#- Target T3: establishments with harmful factors whose work environment is monitored.

    Headline (domain brief §5): distinct establishments with harmful factors — heavy or hazardous
    workers > 0 in their annual OSH report for the year — having at least one result from a
    monitoring body in the period (fct_monitoring_samples, data_source 'monitoring_body', by visit
    date). The population is known only for employers that filed, so the headline counts filers;
    monitored_establishments_any counts every establishment with a result, filed or not, beside it.
    Coverage: the headline ÷ the filers with harmful factors (same employers, so at most 100 %).
    Half-years use the year's annual report for the population.

    Placement: by the employer, in int_employer_periods for the period (commune, VSIC section, size
    band); for monitored_establishments_any an employer unknown there is placed by the commune the
    monitoring body reported. Only establishments placed in the served province count.

    No data vs zero: the headline is NULL (statuses no_data) when no monitoring body sent a usable
    report for the period, or no employer a usable annual OSH report for the year: either side
    missing leaves the count unknown. With both, a cell without monitored filers shows 0.

    Status on counts, as T2: year-on-year (≥ +5 %, exactly +5 % met) against the same period a year
    earlier, and against baseline × 1.05^(year − 2023); exact Poisson 95 % intervals, change
    distinguishable from noise when the two intervals do not overlap. -#}
with

monitoring as (

    select * from {{ ref('fct_monitoring_samples') }}
    where data_source = 'monitoring_body'

),

employer_periods as (

    select * from {{ ref('int_employer_periods') }}

),

annual_reports as (

    select employer_tax_code, reporting_year, has_harmful_factors
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }}

),

calendar as (

    select * from {{ ref('int_calendar_periods') }}
    where has_ended and period_type in ({{ indicator_period_type_list() }})

),

target as (

    select baseline_year, required_annual_change
    from {{ ref('ref_targets') }}
    where target_code = 'T3'

),

monitoring_reports as (

    {{ usable_reports_by_period('work_environment_monitoring', 'half_year') }}

),

annual_report_receipts as (

    {{ usable_reports_by_period('annual_osh_report', 'year') }}

),

---------- establishments with a monitoring body's result, per period

monitoring_periods as (

    {{ expand_to_periods('monitoring', 'year', 'half_year',
        ['employer_tax_code', 'employer_commune_code', 'employer_province_code']) }}

),

monitored as (

    select distinct period_type, period_code, employer_tax_code, employer_commune_code, employer_province_code
    from monitoring_periods

),

placed_monitored as (

    select
        monitored.period_type,
        monitored.period_code,
        monitored.employer_tax_code,
        coalesce(employer_periods.employer_province_code, monitored.employer_province_code) as province_code,
        coalesce(employer_periods.employer_commune_code, monitored.employer_commune_code) as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band
    from monitored
    left join employer_periods
        on monitored.employer_tax_code = employer_periods.employer_tax_code
        and monitored.period_type = employer_periods.period_type
        and monitored.period_code = employer_periods.period_code
    where {{ in_served_area('coalesce(employer_periods.employer_province_code, monitored.employer_province_code)') }}

),

monitored_any as (

    select period_type, period_code, breakdown, breakdown_code,
        count(distinct employer_tax_code) as monitored_establishments_any
    from (
        {{ unpivot_breakdowns('placed_monitored', ['period_type', 'period_code', 'employer_tax_code']) }}
    ) as by_breakdown
    group by period_type, period_code, breakdown, breakdown_code

),

---------- the population: employers that filed, and those with harmful factors

filers as (

    {{ expand_year_to_periods('annual_reports', 'reporting_year', ['employer_tax_code', 'has_harmful_factors']) }}

),

placed_filers as (

    select
        filers.period_type,
        filers.period_code,
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
    left join employer_periods
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
        breakdown,
        breakdown_code,
        count(*) as filing_employers,
        sum(is_harmful) as harmful_factor_establishments,
        sum(is_harmful_and_monitored) as monitored_harmful_establishments
    from (
        {{ unpivot_breakdowns('placed_filers', ['period_type', 'period_code', 'is_harmful',
            'is_harmful_and_monitored']) }}
    ) as by_breakdown
    group by period_type, period_code, breakdown, breakdown_code

),

---------- one row per period × breakdown member (every member seen in any period, in every period)

members as (

    select breakdown, breakdown_code from monitored_any
    union
    select breakdown, breakdown_code from population
    {%- if 'province' in var('indicator_breakdowns') %}
    union
    select 'province', '{{ var("province_code") }}' from target
    {%- endif %}

),

cells as (

    select calendar.period_type, calendar.period_code, members.breakdown, members.breakdown_code
    from calendar
    cross join members

),

measured as (

    select
        cells.period_type,
        cells.period_code,
        calendar.year,
        cells.breakdown,
        cells.breakdown_code,
        calendar.previous_year_period_code,
        case
            when cells.period_type = 'year' then cast(target.baseline_year as {{ dbt.type_string() }})
            else cast(target.baseline_year as {{ dbt.type_string() }}) || substring(cells.period_code, 5, 2)
        end as baseline_period_code,
        coalesce(monitoring_reports.reports_received, 0) as monitoring_reports_received,
        coalesce(annual_report_receipts.reports_received, 0) as annual_reports_received,
        coalesce(population.filing_employers, 0) as filing_employers,
        coalesce(population.harmful_factor_establishments, 0) as harmful_factor_establishments,
        case
            when monitoring_reports.reports_received > 0 and annual_report_receipts.reports_received > 0
                then coalesce(population.monitored_harmful_establishments, 0)
        end as monitored_establishments,
        case
            when monitoring_reports.reports_received > 0 then coalesce(monitored_any.monitored_establishments_any, 0)
        end as monitored_establishments_any
    from cells
    inner join calendar
        on cells.period_type = calendar.period_type
        and cells.period_code = calendar.period_code
    cross join target
    left join monitoring_reports
        on cells.period_type = monitoring_reports.period_type
        and cells.period_code = monitoring_reports.period_code
    left join annual_report_receipts
        on cells.period_type = annual_report_receipts.period_type
        and cells.period_code = annual_report_receipts.period_code
    left join population
        on cells.period_type = population.period_type
        and cells.period_code = population.period_code
        and cells.breakdown = population.breakdown
        and cells.breakdown_code = population.breakdown_code
    left join monitored_any
        on cells.period_type = monitored_any.period_type
        and cells.period_code = monitored_any.period_code
        and cells.breakdown = monitored_any.breakdown
        and cells.breakdown_code = monitored_any.breakdown_code

),

with_intervals as (

    select
        measured.*,
        {{ poisson_limit('measured.monitored_establishments', 'poisson.lower_95', 'lower') }}
            as monitored_establishments_ci_lower,
        {{ poisson_limit('measured.monitored_establishments', 'poisson.upper_95', 'upper') }}
            as monitored_establishments_ci_upper
    from measured
    left join {{ ref('ref_poisson_ci') }} as poisson
        on measured.monitored_establishments = poisson.observed_count

),

compared as (

    select
        current_period.*,
        previous_period.monitored_establishments as previous_monitored_establishments,
        case
            when previous_period.monitored_establishments > 0
                then cast(current_period.monitored_establishments as double)
                    / previous_period.monitored_establishments - 1
        end as yoy_change,
        {{ intervals_disjoint(
            'current_period.monitored_establishments_ci_lower', 'current_period.monitored_establishments_ci_upper',
            'previous_period.monitored_establishments_ci_lower', 'previous_period.monitored_establishments_ci_upper') }}
            as yoy_distinguishable_from_noise,
        target.required_annual_change,
        target.baseline_year,
        baseline_period.monitored_establishments as baseline_monitored_establishments,
        case
            when current_period.year >= target.baseline_year
                then baseline_period.monitored_establishments
                    * power(1 + target.required_annual_change, current_period.year - target.baseline_year)
        end as trajectory_monitored_establishments
    from with_intervals as current_period
    cross join target
    left join with_intervals as previous_period
        on current_period.period_type = previous_period.period_type
        and current_period.previous_year_period_code = previous_period.period_code
        and current_period.breakdown = previous_period.breakdown
        and current_period.breakdown_code = previous_period.breakdown_code
    left join with_intervals as baseline_period
        on current_period.period_type = baseline_period.period_type
        and current_period.baseline_period_code = baseline_period.period_code
        and current_period.breakdown = baseline_period.breakdown
        and current_period.breakdown_code = baseline_period.breakdown_code

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- keys
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_code as {{ dbt.type_string() }}) as period_code,
    cast(year as integer) as year,
    cast(breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(breakdown_code as {{ dbt.type_string() }}) as breakdown_code,

    ---------- what arrived
    cast(monitoring_reports_received as integer) as monitoring_reports_received,
    cast(annual_reports_received as integer) as annual_reports_received,

    ---------- headline: monitored establishments with harmful factors
    cast(filing_employers as bigint) as filing_employers,
    cast(harmful_factor_establishments as bigint) as harmful_factor_establishments,
    cast(monitored_establishments as bigint) as monitored_establishments,
    cast(round(monitored_establishments_ci_lower, 9) as double) as monitored_establishments_ci_lower,
    cast(round(monitored_establishments_ci_upper, 9) as double) as monitored_establishments_ci_upper,
    cast(round(cast(monitored_establishments as double) / nullif(harmful_factor_establishments, 0), 9) as double)
        as coverage,
    cast(monitored_establishments_any as bigint) as monitored_establishments_any,

    ---------- year on year
    cast(previous_year_period_code as {{ dbt.type_string() }}) as previous_period_code,
    cast(previous_monitored_establishments as bigint) as previous_monitored_establishments,
    cast(round(yoy_change, 9) as double) as yoy_change,
    cast(yoy_distinguishable_from_noise as boolean) as yoy_distinguishable_from_noise,
    cast(required_annual_change as double) as required_annual_change,
    cast(
        {{ rate_change_status('monitored_establishments', 'previous_monitored_establishments', 'yoy_change',
            'required_annual_change', 'increase') }}
        as {{ dbt.type_string() }}
    ) as yoy_status,

    ---------- trajectory from the baseline
    cast(baseline_year as integer) as baseline_year,
    cast(baseline_monitored_establishments as bigint) as baseline_monitored_establishments,
    cast(round(trajectory_monitored_establishments, 9) as double) as trajectory_monitored_establishments,
    cast(
        {{ count_trajectory_status('year', 'baseline_year', 'monitored_establishments',
            'baseline_monitored_establishments', 'trajectory_monitored_establishments') }}
        as {{ dbt.type_string() }}
    ) as trajectory_status

from compared
