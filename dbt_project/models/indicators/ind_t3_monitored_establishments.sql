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
    distinguishable from noise when the two intervals do not overlap.

    The counts come per period and cell from int_t3_monitored_cells (incremental by year at national scale);
    this model adds the periods and members without any, the reports received, intervals and statuses. -#}
with

-- the counts per period and cell, by year (incremental): int_t3_monitored_cells
monitored_cells as (

    select * from {{ ref('int_t3_monitored_cells') }}

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

---------- one row per period × breakdown member (every member seen in any period, in every period)

members as (

    select distinct breakdown, breakdown_code from monitored_cells
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
        coalesce(monitored_cells.filing_employers, 0) as filing_employers,
        coalesce(monitored_cells.harmful_factor_establishments, 0) as harmful_factor_establishments,
        case
            when monitoring_reports.reports_received > 0 and annual_report_receipts.reports_received > 0
                then coalesce(monitored_cells.monitored_harmful_establishments, 0)
        end as monitored_establishments,
        case
            when monitoring_reports.reports_received > 0 then coalesce(monitored_cells.monitored_establishments_any, 0)
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
    left join monitored_cells
        on cells.period_type = monitored_cells.period_type
        and cells.period_code = monitored_cells.period_code
        and cells.breakdown = monitored_cells.breakdown
        and cells.breakdown_code = monitored_cells.breakdown_code

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
