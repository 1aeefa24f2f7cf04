{#- Target T1, the province headline: the served province's fatal occupational-accident rate per year.

    The province-year rows of ind_t1_fatal_rate, where the definition lives (numerator, denominator
    with its fallback, placement by the employer's commune, interval, year-on-year and trajectory
    rules): one definition, read two ways. Columns keep the names and order this table has always
    had; the denominator's parts are added at the end. Deaths not under the employer's management
    are counted beside the rate, never inside it. -#}
with

province_years as (

    select * from {{ ref('ind_t1_fatal_rate') }}
    where period_type = 'year'
        and breakdown = 'province'

)

select
    year,
    deaths,
    deaths_not_under_management,
    insured_workers_avg,
    months_covered,
    denominator_source,
    fatal_rate_per_100k,
    fatal_rate_ci_lower,
    fatal_rate_ci_upper,
    k_fatal_per_1000,
    previous_fatal_rate_per_100k,
    yoy_change,
    yoy_distinguishable_from_noise,
    required_annual_change,
    yoy_status,
    baseline_year,
    trajectory_rate_per_100k,
    trajectory_status,
    -- added with the full T1: the fallback part of the denominator and the denominator used
    reported_workers,
    denominator_workers
from province_years
