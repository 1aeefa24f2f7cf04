{#- Target T1: fatal occupational-accident rate of the served province, per year.

    Numerator: deaths among victims under the employer's management, by event year, placed by the
    employer's commune. Denominator: the average of the year's monthly insured-worker totals of
    employers placed in the province (months with data; months_covered says how many). Deaths not
    under the employer's management are counted beside the rate, never inside it. -#}
with

victims as (

    select * from {{ ref('fct_accident_victims') }}
    where employer_province_code = '{{ var("province_code") }}'

),

deaths as (

    select
        incident_year as year,
        sum(case when is_fatal and under_employer_management then 1 else 0 end) as deaths,
        sum(case when is_fatal and not under_employer_management then 1 else 0 end)
            as deaths_not_under_management
    from victims
    group by incident_year

),

monthly_totals as (

    select year, month, sum(insured_workers) as insured_workers
    from {{ ref('fct_insured_workforce_monthly') }}
    where employer_province_code = '{{ var("province_code") }}'
    group by year, month

),

workforce as (

    select
        year,
        avg(cast(insured_workers as double)) as insured_workers_avg,
        count(*) as months_covered
    from monthly_totals
    group by year

),

years as (

    select year from deaths
    union
    select year from workforce

),

target as (

    select baseline_year, required_annual_change
    from {{ ref('ref_targets') }}
    where target_code = 'T1'

),

rates as (

    select
        years.year,
        coalesce(deaths.deaths, 0) as deaths,
        coalesce(deaths.deaths_not_under_management, 0) as deaths_not_under_management,
        workforce.insured_workers_avg,
        coalesce(workforce.months_covered, 0) as months_covered,
        case when workforce.insured_workers_avg > 0 then 'insured_workforce' end as denominator_source,
        coalesce(deaths.deaths, 0) * {{ var('rate_per_workers') }}
            / nullif(workforce.insured_workers_avg, 0) as fatal_rate,
        poisson.lower_95 * {{ var('rate_per_workers') }}
            / nullif(workforce.insured_workers_avg, 0) as fatal_rate_ci_lower,
        poisson.upper_95 * {{ var('rate_per_workers') }}
            / nullif(workforce.insured_workers_avg, 0) as fatal_rate_ci_upper,
        coalesce(deaths.deaths, 0) * {{ var('k_per_workers') }}
            / nullif(workforce.insured_workers_avg, 0) as k_fatal
    from years
    left join deaths on years.year = deaths.year
    left join workforce on years.year = workforce.year
    left join {{ ref('ref_poisson_ci') }} as poisson
        on coalesce(deaths.deaths, 0) = poisson.observed_count

),

compared as (

    select
        rates.*,
        previous.fatal_rate as previous_fatal_rate,
        case
            when previous.fatal_rate > 0 then rates.fatal_rate / previous.fatal_rate - 1
        end as yoy_change,
        rates.fatal_rate_ci_lower > previous.fatal_rate_ci_upper
            or rates.fatal_rate_ci_upper < previous.fatal_rate_ci_lower as yoy_distinguishable_from_noise,
        target.required_annual_change,
        target.baseline_year,
        case
            when rates.year >= target.baseline_year
                then baseline.fatal_rate
                    * power(1 + target.required_annual_change, rates.year - target.baseline_year)
        end as trajectory_rate
    from rates
    cross join target
    left join rates as previous on rates.year = previous.year + 1
    left join rates as baseline on baseline.year = target.baseline_year

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    cast(year as integer) as year,
    cast(deaths as bigint) as deaths,
    cast(deaths_not_under_management as bigint) as deaths_not_under_management,
    cast(round(insured_workers_avg, 9) as double) as insured_workers_avg,
    cast(months_covered as integer) as months_covered,
    cast(denominator_source as varchar) as denominator_source,
    cast(round(fatal_rate, 9) as double) as fatal_rate_per_100k,
    cast(round(fatal_rate_ci_lower, 9) as double) as fatal_rate_ci_lower,
    cast(round(fatal_rate_ci_upper, 9) as double) as fatal_rate_ci_upper,
    cast(round(k_fatal, 9) as double) as k_fatal_per_1000,
    cast(round(previous_fatal_rate, 9) as double) as previous_fatal_rate_per_100k,
    cast(round(yoy_change, 9) as double) as yoy_change,
    cast(yoy_distinguishable_from_noise as boolean) as yoy_distinguishable_from_noise,
    cast(required_annual_change as double) as required_annual_change,
    cast(
        -- From a year with no deaths the rate cannot fall: holding at zero meets the target.
        case
            when fatal_rate is null or previous_fatal_rate is null then 'no_data'
            when previous_fatal_rate = 0 then case when fatal_rate = 0 then 'met' else 'not_met' end
            else {{ target_status('yoy_change', 'required_annual_change', 'decrease') }}
        end as varchar
    ) as yoy_status,
    cast(baseline_year as integer) as baseline_year,
    cast(round(trajectory_rate, 9) as double) as trajectory_rate_per_100k,
    cast(
        case
            when year <= baseline_year then 'no_data'
            else {{ target_status('fatal_rate', 'trajectory_rate', 'decrease') }}
        end as varchar
    ) as trajectory_status
from compared
