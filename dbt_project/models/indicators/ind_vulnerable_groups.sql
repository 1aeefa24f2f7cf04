{#- The groups of workers Plan 276-KH/TU names, per year, in the served province: women, minors,
    the elderly, people with disabilities, apprentices and trainees, leased workers, workers on
    probation, workers without a labour contract (ref_vulnerable_groups).

    Accident side: victims and deaths in the employers' accident registers (employers placed in the
    province in the year by int_employer_periods, as for T1), by the flags of fct_accident_victims
    (minor: under 18 in the accident year; elderly: at or past the statutory retirement age of that
    year and sex); for women, minors, the elderly and workers without a contract also the victims of
    the commune reports (no labour contract by definition) and how many of them had voluntary
    accident insurance. Disability is not recorded in accident registers or commune reports: the
    disabled group has no accident counts (null), only its workforce.

    Workforce side: the group's workers in the annual OSH reports of employers placed in the province
    (female, minor, disabled, elderly workers; the reports do not count apprentices, leased workers,
    probationers or workers without a contract). Where both sides exist a rate is formed like for
    like: victims (and deaths) under the employer's management at the employers that filed that
    year's annual report ÷ the group's workers those employers reported × 100,000, with its exact
    Poisson 95% interval. It rests on the employers that filed, and on their own count of the group. -#}
with

groups as (

    select code as group_code from {{ ref('ref_vulnerable_groups') }}

),

employer_years as (

    select employer_tax_code, year
    from {{ ref('int_employer_periods') }}
    where period_type = 'year'
        and {{ in_served_area('employer_province_code') }}

),

---------- annual OSH reports of employers placed in the province
annual_reports as (

    select reports.*
    from {{ ref('fct_annual_osh_reports') }} as reports
    inner join employer_years
        on reports.employer_tax_code = employer_years.employer_tax_code
        and reports.reporting_year = employer_years.year

),

workforce as (

    select reporting_year as year, 'women' as group_code, sum(female_workers) as workers_reported,
        count(female_workers) as reporting_employers
    from annual_reports group by reporting_year
    union all
    select reporting_year, 'minors', sum(minor_workers), count(minor_workers)
    from annual_reports group by reporting_year
    union all
    select reporting_year, 'elderly', sum(elderly_workers), count(elderly_workers)
    from annual_reports group by reporting_year
    union all
    select reporting_year, 'disabled', sum(disabled_workers), count(disabled_workers)
    from annual_reports group by reporting_year

),

---------- victims in the accident registers, one row per group the victim belongs to
register_victims as (

    select
        victims.*,
        case when reports.employer_tax_code is not null then true else false end as employer_filed_annual_report
    from {{ ref('fct_accident_victims') }} as victims
    inner join employer_years
        on victims.employer_tax_code = employer_years.employer_tax_code
        and victims.incident_year = employer_years.year
    left join annual_reports as reports
        on victims.employer_tax_code = reports.employer_tax_code
        and victims.incident_year = reports.reporting_year

),

register_memberships as (

    select incident_year as year, 'women' as group_code, is_fatal, under_employer_management,
        employer_filed_annual_report
    from register_victims where victim_sex = 'female'
    union all
    select incident_year, 'minors', is_fatal, under_employer_management, employer_filed_annual_report
    from register_victims where is_minor
    union all
    select incident_year, 'elderly', is_fatal, under_employer_management, employer_filed_annual_report
    from register_victims where is_elderly
    union all
    select incident_year, 'apprentices', is_fatal, under_employer_management, employer_filed_annual_report
    from register_victims where is_apprentice
    union all
    select incident_year, 'leased', is_fatal, under_employer_management, employer_filed_annual_report
    from register_victims where is_leased
    union all
    select incident_year, 'probation', is_fatal, under_employer_management, employer_filed_annual_report
    from register_victims where is_probation
    union all
    select incident_year, 'without_contract', is_fatal, under_employer_management, employer_filed_annual_report
    from register_victims where is_without_contract

),

registers as (

    select
        year,
        group_code,
        count(*) as victims,
        sum(case when is_fatal then 1 else 0 end) as deaths,
        sum(case when under_employer_management then 1 else 0 end) as victims_under_management,
        sum(case when is_fatal and under_employer_management then 1 else 0 end) as deaths_under_management,
        sum(case when under_employer_management and employer_filed_annual_report then 1 else 0 end)
            as victims_at_reporting_employers,
        sum(case when is_fatal and under_employer_management and employer_filed_annual_report then 1 else 0 end)
            as deaths_at_reporting_employers
    from register_memberships
    group by year, group_code

),

---------- victims in the commune reports (no labour contract), one row per group
commune_victims as (

    select * from {{ ref('fct_no_contract_accident_victims') }}
    where {{ in_served_area('province_code') }}

),

commune_memberships as (

    select incident_year as year, 'women' as group_code, is_fatal, has_voluntary_accident_insurance
    from commune_victims where victim_sex = 'female'
    union all
    select incident_year, 'minors', is_fatal, has_voluntary_accident_insurance
    from commune_victims where is_minor
    union all
    select incident_year, 'elderly', is_fatal, has_voluntary_accident_insurance
    from commune_victims where is_elderly
    union all
    select incident_year, 'without_contract', is_fatal, has_voluntary_accident_insurance
    from commune_victims

),

commune_reports as (

    select
        year,
        group_code,
        count(*) as no_contract_victims,
        sum(case when is_fatal then 1 else 0 end) as no_contract_deaths,
        sum(case when has_voluntary_accident_insurance then 1 else 0 end) as no_contract_victims_insured
    from commune_memberships
    group by year, group_code

),

---------- every group in every year any source covers
years as (

    select year from workforce
    union
    select year from registers
    union
    select year from commune_reports

),

assembled as (

    select
        years.year,
        groups.group_code,
        -- disability is not recorded with accidents: no count, not zero
        case when groups.group_code <> 'disabled' then coalesce(registers.victims, 0) end as victims,
        case when groups.group_code <> 'disabled' then coalesce(registers.deaths, 0) end as deaths,
        case when groups.group_code <> 'disabled' then coalesce(registers.victims_under_management, 0) end
            as victims_under_management,
        case when groups.group_code <> 'disabled' then coalesce(registers.deaths_under_management, 0) end
            as deaths_under_management,
        case when groups.group_code in ('women', 'minors', 'elderly', 'without_contract')
            then coalesce(commune_reports.no_contract_victims, 0) end as no_contract_victims,
        case when groups.group_code in ('women', 'minors', 'elderly', 'without_contract')
            then coalesce(commune_reports.no_contract_deaths, 0) end as no_contract_deaths,
        case when groups.group_code in ('women', 'minors', 'elderly', 'without_contract')
            then coalesce(commune_reports.no_contract_victims_insured, 0) end as no_contract_victims_insured,
        workforce.workers_reported,
        coalesce(workforce.reporting_employers, 0) as reporting_employers,
        case when groups.group_code <> 'disabled' and workforce.workers_reported is not null
            then coalesce(registers.victims_at_reporting_employers, 0) end as victims_at_reporting_employers,
        case when groups.group_code <> 'disabled' and workforce.workers_reported is not null
            then coalesce(registers.deaths_at_reporting_employers, 0) end as deaths_at_reporting_employers
    from years
    cross join groups
    left join registers on years.year = registers.year and groups.group_code = registers.group_code
    left join commune_reports
        on years.year = commune_reports.year and groups.group_code = commune_reports.group_code
    left join workforce on years.year = workforce.year and groups.group_code = workforce.group_code

),

rates as (

    select
        assembled.*,
        victims_at_reporting_employers * {{ var('rate_per_workers') }} / nullif(workers_reported, 0) as victim_rate,
        {{ poisson_limit('assembled.victims_at_reporting_employers', 'victims_ci.lower_95', 'lower') }}
            * {{ var('rate_per_workers') }} / nullif(workers_reported, 0) as victim_rate_ci_lower,
        {{ poisson_limit('assembled.victims_at_reporting_employers', 'victims_ci.upper_95', 'upper') }}
            * {{ var('rate_per_workers') }} / nullif(workers_reported, 0) as victim_rate_ci_upper,
        deaths_at_reporting_employers * {{ var('rate_per_workers') }} / nullif(workers_reported, 0) as fatal_rate,
        {{ poisson_limit('assembled.deaths_at_reporting_employers', 'deaths_ci.lower_95', 'lower') }}
            * {{ var('rate_per_workers') }} / nullif(workers_reported, 0) as fatal_rate_ci_lower,
        {{ poisson_limit('assembled.deaths_at_reporting_employers', 'deaths_ci.upper_95', 'upper') }}
            * {{ var('rate_per_workers') }} / nullif(workers_reported, 0) as fatal_rate_ci_upper
    from assembled
    left join {{ ref('ref_poisson_ci') }} as victims_ci
        on assembled.victims_at_reporting_employers = victims_ci.observed_count
    left join {{ ref('ref_poisson_ci') }} as deaths_ci
        on assembled.deaths_at_reporting_employers = deaths_ci.observed_count

)

select
    ---------- grain
    cast(year as integer) as year,
    cast(group_code as {{ dbt.type_string() }}) as group_code,

    ---------- employers' accident registers (null for the disabled: not recorded)
    cast(victims as bigint) as victims,
    cast(deaths as bigint) as deaths,
    cast(victims_under_management as bigint) as victims_under_management,
    cast(deaths_under_management as bigint) as deaths_under_management,

    ---------- commune reports: workers without a labour contract (null where the group cannot be told)
    cast(no_contract_victims as bigint) as no_contract_victims,
    cast(no_contract_deaths as bigint) as no_contract_deaths,
    cast(no_contract_victims_insured as bigint) as no_contract_victims_insured,

    ---------- workforce in the annual OSH reports (null where the report does not count the group)
    cast(workers_reported as bigint) as workers_reported,
    cast(reporting_employers as bigint) as reporting_employers,

    ---------- like-for-like rates at the employers that filed an annual report
    cast(victims_at_reporting_employers as bigint) as victims_at_reporting_employers,
    cast(deaths_at_reporting_employers as bigint) as deaths_at_reporting_employers,
    cast(round(victim_rate, 9) as double) as victim_rate_per_100k,
    cast(round(victim_rate_ci_lower, 9) as double) as victim_rate_ci_lower,
    cast(round(victim_rate_ci_upper, 9) as double) as victim_rate_ci_upper,
    cast(round(fatal_rate, 9) as double) as fatal_rate_per_100k,
    cast(round(fatal_rate_ci_lower, 9) as double) as fatal_rate_ci_lower,
    cast(round(fatal_rate_ci_upper, 9) as double) as fatal_rate_ci_upper
from rates
