{#- Target T1 in full: the fatal occupational-accident rate (ILO SDG 8.8.1, ICLS 1998) per year and
    half-year, for the served province and broken down by commune, VSIC section and size band.

    Definition (domain brief, section 5): deaths ÷ workers in the reference group × 100,000.
    Numerator: deaths in the accident registers among victims under the employer's management, by
    event date. Denominator: the average of the period's monthly insured counts of the same
    employers, falling back to the workers employers reported in their annual OSH report where an
    employer has no insured count; denominator_source says which was used. Both sides are placed by
    the employer's commune, sector and size band in the period (int_employer_periods): see
    int_accidents_rate_cells. Deaths not under the employer's management are counted beside the rate
    (deaths_not_under_management), never in it; deaths of workers without a labour contract (commune
    reports) are in ind_t1_deaths_outside_the_rate.

    Half-year rates divide the half-year's deaths by the half-year's average denominator: they are
    NOT annualised (rate_basis says so) and are compared with the same half of the previous year.
    K_fatal = deaths ÷ workers × 1,000 and K = accidents ÷ workers × 1,000, as Vietnam's national
    reports quote them.

    Every rate carries its exact Poisson 95% interval (ref_poisson_ci; the Wilson-Hilferty
    approximation beyond 2000 deaths, macro poisson_limit). A change is distinguishable from noise
    when the two intervals do not overlap. Status: year-on-year against the required −4 %
    (ref_targets), and against the compound trajectory from the cell's own 2023 baseline (baseline
    rate × 0.96^(year − 2023); for half-years, the same half of 2023). -#}
with

cells as (

    select * from {{ ref('int_accidents_rate_cells') }}

),

target as (

    select baseline_year, required_annual_change
    from {{ ref('ref_targets') }}
    where target_code = 'T1'

),

rates as (

    select
        cells.*,
        deaths * {{ var('rate_per_workers') }} / nullif(denominator_workers, 0) as fatal_rate,
        {{ poisson_limit('cells.deaths', 'poisson.lower_95', 'lower') }} * {{ var('rate_per_workers') }}
            / nullif(denominator_workers, 0) as fatal_rate_ci_lower,
        {{ poisson_limit('cells.deaths', 'poisson.upper_95', 'upper') }} * {{ var('rate_per_workers') }}
            / nullif(denominator_workers, 0) as fatal_rate_ci_upper,
        deaths * {{ var('k_per_workers') }} / nullif(denominator_workers, 0) as k_fatal,
        accidents * {{ var('k_per_workers') }} / nullif(denominator_workers, 0) as k_accidents
    from cells
    left join {{ ref('ref_poisson_ci') }} as poisson
        on cells.deaths = poisson.observed_count

),

compared as (

    select
        rates.*,
        -- the comparable period a year earlier: the previous year, or the same half of it
        previous.period_code as previous_period_code,
        previous.fatal_rate as previous_fatal_rate,
        case when previous.fatal_rate > 0 then rates.fatal_rate / previous.fatal_rate - 1 end as yoy_change,
        {{ intervals_disjoint('rates.fatal_rate_ci_lower', 'rates.fatal_rate_ci_upper',
                              'previous.fatal_rate_ci_lower', 'previous.fatal_rate_ci_upper') }}
            as yoy_distinguishable_from_noise,
        target.required_annual_change,
        target.baseline_year,
        baseline.period_code as baseline_period_code,
        baseline.fatal_rate as baseline_fatal_rate,
        case
            when rates.year >= target.baseline_year
                then baseline.fatal_rate
                    * power(1 + target.required_annual_change, rates.year - target.baseline_year)
        end as trajectory_rate
    from rates
    left join target on 1 = 1
    left join rates as previous
        on rates.period_type = previous.period_type
        and coalesce(rates.half_year_number, 0) = coalesce(previous.half_year_number, 0)
        and rates.breakdown = previous.breakdown
        and rates.breakdown_code = previous.breakdown_code
        and rates.year = previous.year + 1
    left join rates as baseline
        on rates.period_type = baseline.period_type
        and coalesce(rates.half_year_number, 0) = coalesce(baseline.half_year_number, 0)
        and rates.breakdown = baseline.breakdown
        and rates.breakdown_code = baseline.breakdown_code
        and baseline.year = target.baseline_year

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- grain
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_code as {{ dbt.type_string() }}) as period_code,
    cast(year as integer) as year,
    cast(half_year_number as integer) as half_year_number,
    cast(breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(breakdown_code as {{ dbt.type_string() }}) as breakdown_code,
    cast(case when period_type = 'half_year' then 'half_year_not_annualised' else 'year' end
        as {{ dbt.type_string() }}) as rate_basis,

    ---------- numerator (victims under the employer's management)
    cast(deaths as bigint) as deaths,
    cast(accidents as bigint) as accidents,
    cast(victims_under_management as bigint) as victims_under_management,
    cast(deaths_at_employers_without_denominator as bigint) as deaths_at_employers_without_denominator,

    ---------- beside the rate, never in it
    cast(deaths_not_under_management as bigint) as deaths_not_under_management,

    ---------- denominator
    cast(round(denominator_workers, 9) as double) as denominator_workers,
    cast(denominator_source as {{ dbt.type_string() }}) as denominator_source,
    cast(round(insured_workers_avg, 9) as double) as insured_workers_avg,
    cast(round(reported_workers, 9) as double) as reported_workers,
    cast(months_covered as integer) as months_covered,
    cast(employers as bigint) as employers,
    cast(employers_insured as bigint) as employers_insured,
    cast(employers_reported_only as bigint) as employers_reported_only,

    ---------- rate, interval, K
    cast(round(fatal_rate, 9) as double) as fatal_rate_per_100k,
    cast(round(fatal_rate_ci_lower, 9) as double) as fatal_rate_ci_lower,
    cast(round(fatal_rate_ci_upper, 9) as double) as fatal_rate_ci_upper,
    cast(round(k_fatal, 9) as double) as k_fatal_per_1000,
    cast(round(k_accidents, 9) as double) as k_per_1000,

    ---------- year-on-year
    cast(previous_period_code as {{ dbt.type_string() }}) as previous_period_code,
    cast(round(previous_fatal_rate, 9) as double) as previous_fatal_rate_per_100k,
    cast(round(yoy_change, 9) as double) as yoy_change,
    cast(yoy_distinguishable_from_noise as boolean) as yoy_distinguishable_from_noise,
    cast(required_annual_change as double) as required_annual_change,
    cast({{ rate_change_status('fatal_rate', 'previous_fatal_rate', 'yoy_change', 'required_annual_change',
                               'decrease') }} as {{ dbt.type_string() }}) as yoy_status,

    ---------- trajectory from the baseline
    cast(baseline_year as integer) as baseline_year,
    cast(baseline_period_code as {{ dbt.type_string() }}) as baseline_period_code,
    cast(round(baseline_fatal_rate, 9) as double) as baseline_fatal_rate_per_100k,
    cast(round(trajectory_rate, 9) as double) as trajectory_rate_per_100k,
    cast(
        case
            when year <= baseline_year then 'no_data'
            else {{ target_status('fatal_rate', 'trajectory_rate', 'decrease') }}
        end as {{ dbt.type_string() }}
    ) as trajectory_status
from compared
