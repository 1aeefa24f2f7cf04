{#- Occupational accidents by cause × injury factor × year, in the served province.

    From the employers' accident registers (employers placed in the province in the year by
    int_employer_periods, as for T1; all victims, with those under the employer's management apart)
    and, in separate columns, from the commune reports of accidents among workers without a labour
    contract (placed by the commune where it happened). Causes (Decree 39/2016 Annex XII) and injury
    factors (Circular 13/2020 Annex IV) are PROVISIONAL lists; a victim row without a code counts under
    'unknown'. Accidents are distinct incidents; an incident whose victim rows disagree on the cause or
    factor counts once in each. Counts of victims and deaths carry their exact Poisson 95% interval. -#}
with

employer_years as (

    select employer_tax_code, year
    from {{ ref('int_employer_periods') }}
    where period_type = 'year'
        and {{ in_served_area('employer_province_code') }}

),

register_victims as (

    select victims.*
    from {{ ref('fct_accident_victims') }} as victims
    inner join employer_years
        on victims.employer_tax_code = employer_years.employer_tax_code
        and victims.incident_year = employer_years.year

),

registers as (

    select
        incident_year as year,
        coalesce(cause_code, 'unknown') as cause_code,
        coalesce(injury_factor_code, 'unknown') as injury_factor_code,
        count(distinct accident_id) as accidents,
        count(*) as victims,
        sum(case when is_fatal then 1 else 0 end) as deaths,
        sum(case when is_severe then 1 else 0 end) as severely_injured,
        sum(case when under_employer_management then 1 else 0 end) as victims_under_management,
        sum(case when is_fatal and under_employer_management then 1 else 0 end) as deaths_under_management
    from register_victims
    group by incident_year, coalesce(cause_code, 'unknown'), coalesce(injury_factor_code, 'unknown')

),

commune_reports as (

    select
        incident_year as year,
        coalesce(cause_code, 'unknown') as cause_code,
        coalesce(injury_factor_code, 'unknown') as injury_factor_code,
        count(distinct no_contract_accident_id) as no_contract_accidents,
        count(*) as no_contract_victims,
        sum(case when is_fatal then 1 else 0 end) as no_contract_deaths
    from {{ ref('fct_no_contract_accident_victims') }}
    where {{ in_served_area('province_code') }}
    group by incident_year, coalesce(cause_code, 'unknown'), coalesce(injury_factor_code, 'unknown')

),

cells as (

    select year, cause_code, injury_factor_code from registers
    union
    select year, cause_code, injury_factor_code from commune_reports

),

assembled as (

    select
        cells.year,
        cells.cause_code,
        cells.injury_factor_code,
        coalesce(registers.accidents, 0) as accidents,
        coalesce(registers.victims, 0) as victims,
        coalesce(registers.deaths, 0) as deaths,
        coalesce(registers.severely_injured, 0) as severely_injured,
        coalesce(registers.victims_under_management, 0) as victims_under_management,
        coalesce(registers.deaths_under_management, 0) as deaths_under_management,
        coalesce(commune_reports.no_contract_accidents, 0) as no_contract_accidents,
        coalesce(commune_reports.no_contract_victims, 0) as no_contract_victims,
        coalesce(commune_reports.no_contract_deaths, 0) as no_contract_deaths
    from cells
    left join registers
        on cells.year = registers.year
        and cells.cause_code = registers.cause_code
        and cells.injury_factor_code = registers.injury_factor_code
    left join commune_reports
        on cells.year = commune_reports.year
        and cells.cause_code = commune_reports.cause_code
        and cells.injury_factor_code = commune_reports.injury_factor_code

)

select
    ---------- grain
    cast(assembled.year as integer) as year,
    cast(assembled.cause_code as {{ dbt.type_string() }}) as cause_code,
    cast(assembled.injury_factor_code as {{ dbt.type_string() }}) as injury_factor_code,

    ---------- employers' accident registers
    cast(assembled.accidents as bigint) as accidents,
    cast(assembled.victims as bigint) as victims,
    cast(round({{ poisson_limit('assembled.victims', 'victims_ci.lower_95', 'lower') }}, 9) as double)
        as victims_ci_lower,
    cast(round({{ poisson_limit('assembled.victims', 'victims_ci.upper_95', 'upper') }}, 9) as double)
        as victims_ci_upper,
    cast(assembled.deaths as bigint) as deaths,
    cast(round({{ poisson_limit('assembled.deaths', 'deaths_ci.lower_95', 'lower') }}, 9) as double)
        as deaths_ci_lower,
    cast(round({{ poisson_limit('assembled.deaths', 'deaths_ci.upper_95', 'upper') }}, 9) as double)
        as deaths_ci_upper,
    cast(assembled.severely_injured as bigint) as severely_injured,
    cast(assembled.victims_under_management as bigint) as victims_under_management,
    cast(assembled.deaths_under_management as bigint) as deaths_under_management,

    ---------- commune reports: workers without a labour contract
    cast(assembled.no_contract_accidents as bigint) as no_contract_accidents,
    cast(assembled.no_contract_victims as bigint) as no_contract_victims,
    cast(assembled.no_contract_deaths as bigint) as no_contract_deaths,
    cast(round({{ poisson_limit('assembled.no_contract_deaths', 'no_contract_deaths_ci.lower_95', 'lower') }}, 9)
        as double) as no_contract_deaths_ci_lower,
    cast(round({{ poisson_limit('assembled.no_contract_deaths', 'no_contract_deaths_ci.upper_95', 'upper') }}, 9)
        as double) as no_contract_deaths_ci_upper
from assembled
left join {{ ref('ref_poisson_ci') }} as victims_ci on assembled.victims = victims_ci.observed_count
left join {{ ref('ref_poisson_ci') }} as deaths_ci on assembled.deaths = deaths_ci.observed_count
left join {{ ref('ref_poisson_ci') }} as no_contract_deaths_ci
    on assembled.no_contract_deaths = no_contract_deaths_ci.observed_count
