{#- The non-fatal occupational-accident rate as ESAW counts it, per year and half-year, for the served
    province and by VSIC section and size band.

    Numerator: non-fatal victims under the employer's management with more than 3 calendar days off
    work (days_off > 3; the register counts calendar days unfit for work, excluding the accident day),
    by event date. Denominator, placement and fallback exactly as target T1 (int_accidents_rate_cells):
    the period's average insured workers of the same employers, else their reported workers, both
    sides placed by the employer's sector and size band in the period. Rate per 100,000 with its exact
    Poisson 95% interval; days lost = the ESAW cases' days off; severity = days lost per case.
    Half-year rates are not annualised and are compared with the same half of the previous year.
    Non-fatal victims whose days off are unknown cannot be classified: they are counted apart
    (nonfatal_cases_days_unknown). No target applies, so there is no status; the change still says
    whether it stands out from noise (non-overlapping intervals). -#}
with

cells as (

    select * from {{ ref('int_accidents_rate_cells') }}
    where breakdown in ('province', 'sector', 'size_band')

),

rates as (

    select
        cells.*,
        esaw_nonfatal_cases * {{ var('rate_per_workers') }} / nullif(denominator_workers, 0) as nonfatal_rate,
        {{ poisson_limit('cells.esaw_nonfatal_cases', 'poisson.lower_95', 'lower') }} * {{ var('rate_per_workers') }}
            / nullif(denominator_workers, 0) as nonfatal_rate_ci_lower,
        {{ poisson_limit('cells.esaw_nonfatal_cases', 'poisson.upper_95', 'upper') }} * {{ var('rate_per_workers') }}
            / nullif(denominator_workers, 0) as nonfatal_rate_ci_upper,
        cast(esaw_days_lost as double) / nullif(esaw_nonfatal_cases, 0) as days_lost_per_case
    from cells
    left join {{ ref('ref_poisson_ci') }} as poisson
        on cells.esaw_nonfatal_cases = poisson.observed_count

),

compared as (

    select
        rates.*,
        previous.period_code as previous_period_code,
        previous.nonfatal_rate as previous_nonfatal_rate,
        case when previous.nonfatal_rate > 0 then rates.nonfatal_rate / previous.nonfatal_rate - 1 end
            as yoy_change,
        {{ intervals_disjoint('rates.nonfatal_rate_ci_lower', 'rates.nonfatal_rate_ci_upper',
                              'previous.nonfatal_rate_ci_lower', 'previous.nonfatal_rate_ci_upper') }}
            as yoy_distinguishable_from_noise
    from rates
    left join rates as previous
        on rates.period_type = previous.period_type
        and coalesce(rates.half_year_number, 0) = coalesce(previous.half_year_number, 0)
        and rates.breakdown = previous.breakdown
        and rates.breakdown_code = previous.breakdown_code
        and rates.year = previous.year + 1

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

    ---------- numerator (ESAW: non-fatal, under the employer's management, more than 3 days off)
    cast(esaw_nonfatal_cases as bigint) as nonfatal_cases,
    cast(esaw_days_lost as bigint) as days_lost,
    cast(nonfatal_cases_days_unknown as bigint) as nonfatal_cases_days_unknown,

    ---------- denominator (as T1)
    cast(round(denominator_workers, 9) as double) as denominator_workers,
    cast(denominator_source as {{ dbt.type_string() }}) as denominator_source,
    cast(round(insured_workers_avg, 9) as double) as insured_workers_avg,
    cast(round(reported_workers, 9) as double) as reported_workers,
    cast(months_covered as integer) as months_covered,

    ---------- rate, interval, severity
    cast(round(nonfatal_rate, 9) as double) as nonfatal_rate_per_100k,
    cast(round(nonfatal_rate_ci_lower, 9) as double) as nonfatal_rate_ci_lower,
    cast(round(nonfatal_rate_ci_upper, 9) as double) as nonfatal_rate_ci_upper,
    cast(round(days_lost_per_case, 9) as double) as days_lost_per_case,

    ---------- year-on-year
    cast(previous_period_code as {{ dbt.type_string() }}) as previous_period_code,
    cast(round(previous_nonfatal_rate, 9) as double) as previous_nonfatal_rate_per_100k,
    cast(round(yoy_change, 9) as double) as yoy_change,
    cast(yoy_distinguishable_from_noise as boolean) as yoy_distinguishable_from_noise
from compared
