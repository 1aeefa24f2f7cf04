{#- Deaths reported beside target T1, never inside its rate (domain brief, section 5), per year and
    half-year, for the served province and each of its communes.

    Two kinds of death stay outside the rate's reference group:
      - victims not under the employer's management, from the employers' accident registers, placed
        like T1 by the employer's commune in the period (int_accidents_rate_cells);
      - workers without a labour contract, from the commune reports (Decree 39/2016 Annex XVI),
        placed by the commune where it happened (current unit).
    Beside them, voluntary occupational-accident insurance (Decree 143/2024): how many of the
    no-contract victims were covered, and the commune's participants as the social-insurance fund
    reports them — the average of the period's end-of-month counts (participant-months ÷ the months
    of the period with data in the province, so communes add up to the province) and the count at
    the period's last month with data. Every count of deaths carries its exact Poisson 95% interval. -#}
with

---------- deaths not under the employer's management (as placed for T1)
not_managed as (

    select period_type, period_code, breakdown, breakdown_code, deaths_not_under_management
    from {{ ref('int_accidents_rate_cells') }}
    where breakdown in ('province', 'commune')

),

---------- victims without a labour contract (commune reports), in their year and half-year
no_contract_victims as (

    select * from {{ ref('fct_no_contract_accident_victims') }}
    where {{ in_served_area('province_code') }}

),

no_contract_by_period as (

    select 'year' as period_type, cast(incident_year as {{ dbt.type_string() }}) as period_code,
        commune_code, province_code, is_fatal, is_severe, has_voluntary_accident_insurance
    from no_contract_victims
    union all
    select 'half_year', incident_half_year, commune_code, province_code, is_fatal, is_severe,
        has_voluntary_accident_insurance
    from no_contract_victims

),

no_contract_cells as (

    select period_type, period_code, 'province' as breakdown, {{ served_area_code('province_code') }} as breakdown_code,
        is_fatal, is_severe, has_voluntary_accident_insurance
    from no_contract_by_period
    union all
    select period_type, period_code, 'commune', commune_code, is_fatal, is_severe, has_voluntary_accident_insurance
    from no_contract_by_period

),

no_contract as (

    select
        period_type,
        period_code,
        breakdown,
        breakdown_code,
        count(*) as no_contract_victims,
        sum(case when is_fatal then 1 else 0 end) as no_contract_deaths,
        sum(case when is_severe then 1 else 0 end) as no_contract_severely_injured,
        sum(case when has_voluntary_accident_insurance then 1 else 0 end) as no_contract_victims_insured,
        sum(case when is_fatal and has_voluntary_accident_insurance then 1 else 0 end) as no_contract_deaths_insured,
        sum(case when has_voluntary_accident_insurance is null then 1 else 0 end)
            as no_contract_victims_insurance_unknown
    from no_contract_cells
    group by period_type, period_code, breakdown, breakdown_code

),

---------- voluntary accident insurance participants, by month
insurance_months as (

    select * from {{ ref('fct_voluntary_insurance_monthly') }}
    where {{ in_served_area('province_code') }}

),

insurance_by_period as (

    select 'year' as period_type, cast(year as {{ dbt.type_string() }}) as period_code, month_code,
        commune_code, province_code, participants
    from insurance_months
    union all
    select 'half_year', half_year, month_code, commune_code, province_code, participants
    from insurance_months

),

insurance_cells as (

    select period_type, period_code, month_code, 'province' as breakdown,
        {{ served_area_code('province_code') }} as breakdown_code, participants
    from insurance_by_period
    union all
    select period_type, period_code, month_code, 'commune', commune_code, participants
    from insurance_by_period

),

insurance_months_covered as (

    select period_type, period_code, count(distinct month_code) as months_covered, max(month_code) as last_month_code
    from insurance_by_period
    group by period_type, period_code

),

insurance as (

    select
        insurance_cells.period_type,
        insurance_cells.period_code,
        insurance_cells.breakdown,
        insurance_cells.breakdown_code,
        cast(sum(insurance_cells.participants) as double) / max(insurance_months_covered.months_covered)
            as participants_avg,
        sum(case when insurance_cells.month_code = insurance_months_covered.last_month_code
            then insurance_cells.participants else 0 end) as participants_last_month,
        max(insurance_months_covered.months_covered) as months_covered,
        max(insurance_months_covered.last_month_code) as last_month_code
    from insurance_cells
    inner join insurance_months_covered
        on insurance_cells.period_type = insurance_months_covered.period_type
        and insurance_cells.period_code = insurance_months_covered.period_code
    group by insurance_cells.period_type, insurance_cells.period_code, insurance_cells.breakdown,
        insurance_cells.breakdown_code

),

---------- every cell any of the three knows
cells as (

    select period_type, period_code, breakdown, breakdown_code from not_managed
    union
    select period_type, period_code, breakdown, breakdown_code from no_contract
    union
    select period_type, period_code, breakdown, breakdown_code from insurance

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
        coalesce(not_managed.deaths_not_under_management, 0) as deaths_not_under_management,
        coalesce(no_contract.no_contract_victims, 0) as no_contract_victims,
        coalesce(no_contract.no_contract_deaths, 0) as no_contract_deaths,
        coalesce(no_contract.no_contract_severely_injured, 0) as no_contract_severely_injured,
        coalesce(no_contract.no_contract_victims_insured, 0) as no_contract_victims_insured,
        coalesce(no_contract.no_contract_deaths_insured, 0) as no_contract_deaths_insured,
        coalesce(no_contract.no_contract_victims_insurance_unknown, 0) as no_contract_victims_insurance_unknown,
        insurance.participants_avg,
        insurance.participants_last_month,
        coalesce(insurance.months_covered, 0) as insurance_months_covered,
        insurance.last_month_code as insurance_last_month_code
    from cells
    left join not_managed
        on cells.period_type = not_managed.period_type
        and cells.period_code = not_managed.period_code
        and cells.breakdown = not_managed.breakdown
        and cells.breakdown_code = not_managed.breakdown_code
    left join no_contract
        on cells.period_type = no_contract.period_type
        and cells.period_code = no_contract.period_code
        and cells.breakdown = no_contract.breakdown
        and cells.breakdown_code = no_contract.breakdown_code
    left join insurance
        on cells.period_type = insurance.period_type
        and cells.period_code = insurance.period_code
        and cells.breakdown = insurance.breakdown
        and cells.breakdown_code = insurance.breakdown_code

)

select
    ---------- grain
    cast(assembled.period_type as {{ dbt.type_string() }}) as period_type,
    cast(assembled.period_code as {{ dbt.type_string() }}) as period_code,
    cast(assembled.year as integer) as year,
    cast(assembled.half_year_number as integer) as half_year_number,
    cast(assembled.breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(assembled.breakdown_code as {{ dbt.type_string() }}) as breakdown_code,

    ---------- all deaths outside the rate
    cast(assembled.deaths_not_under_management + assembled.no_contract_deaths as bigint) as deaths_outside_the_rate,

    ---------- victims not under the employer's management (accident registers)
    cast(assembled.deaths_not_under_management as bigint) as deaths_not_under_management,
    cast(round({{ poisson_limit('assembled.deaths_not_under_management', 'not_managed_ci.lower_95', 'lower') }}, 9)
        as double) as deaths_not_under_management_ci_lower,
    cast(round({{ poisson_limit('assembled.deaths_not_under_management', 'not_managed_ci.upper_95', 'upper') }}, 9)
        as double) as deaths_not_under_management_ci_upper,

    ---------- workers without a labour contract (commune reports)
    cast(assembled.no_contract_victims as bigint) as no_contract_victims,
    cast(assembled.no_contract_deaths as bigint) as no_contract_deaths,
    cast(round({{ poisson_limit('assembled.no_contract_deaths', 'no_contract_ci.lower_95', 'lower') }}, 9)
        as double) as no_contract_deaths_ci_lower,
    cast(round({{ poisson_limit('assembled.no_contract_deaths', 'no_contract_ci.upper_95', 'upper') }}, 9)
        as double) as no_contract_deaths_ci_upper,
    cast(assembled.no_contract_severely_injured as bigint) as no_contract_severely_injured,

    ---------- voluntary accident insurance among those victims
    cast(assembled.no_contract_victims_insured as bigint) as no_contract_victims_insured,
    cast(assembled.no_contract_deaths_insured as bigint) as no_contract_deaths_insured,
    cast(assembled.no_contract_victims_insurance_unknown as bigint) as no_contract_victims_insurance_unknown,

    ---------- voluntary accident insurance participants in the area
    cast(round(assembled.participants_avg, 9) as double) as voluntary_insurance_participants_avg,
    cast(assembled.participants_last_month as bigint) as voluntary_insurance_participants_last_month,
    cast(assembled.insurance_months_covered as integer) as voluntary_insurance_months_covered,
    cast(assembled.insurance_last_month_code as {{ dbt.type_string() }}) as voluntary_insurance_last_month_code
from assembled
left join {{ ref('ref_poisson_ci') }} as not_managed_ci
    on assembled.deaths_not_under_management = not_managed_ci.observed_count
left join {{ ref('ref_poisson_ci') }} as no_contract_ci
    on assembled.no_contract_deaths = no_contract_ci.observed_count
