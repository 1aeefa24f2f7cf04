{#- Reconciliation across sources, per year: the signal of under-reporting.

    Matching rule (int_victim_links; named in the matching_rule column): an insurance accident case
    and an accident-register victim are the same person and event when they have the same hashed
    national ID, the same employer tax code, and event dates at most var victim_link_max_days days
    apart; one-to-one, nearest date first, ties by decision number.

      insurance side (int_insurance_benefit_cases, case_type 'accident', by event year, employer
      placed by int_employer_periods for the year, else the commune the fund reported):
        insurance_cases_without_enterprise_record = non-commuting accident cases with no linked
        register record (commuting accidents are left out: employers need not register them),
        share_without_enterprise_record = that ÷ non-commuting cases, Wilson 95 % interval;
      enterprise side (fct_accident_victims, deaths under the employer's management, by incident
      year, employer placed as in T1):
        enterprise_deaths_without_insurance_death_case = deaths with no linked insurance case that
        includes a death or funeral benefit (no link at all, or a link to a non-fatal case),
        share_deaths_without_insurance_case = that ÷ deaths, Wilson 95 % interval.
    The fund decides weeks or months after the event, so the latest months of the latest year
    overstate both gaps until its decisions arrive. -#}
with

insurance_cases as (

    select * from {{ ref('int_insurance_benefit_cases') }}
    where case_type = 'accident'

),

links as (

    select * from {{ ref('int_victim_links') }}

),

employer_years as (

    select employer_tax_code, year, employer_province_code
    from {{ ref('int_employer_periods') }}
    where period_type = 'year'

),

placed_cases as (

    select
        insurance_cases.benefit_case_id,
        insurance_cases.event_year as year,
        coalesce(insurance_cases.is_commuting_accident, false) as is_commuting_accident,
        insurance_cases.is_fatal,
        links.benefit_case_id is not null as is_linked
    from insurance_cases
    left join employer_years
        on insurance_cases.employer_tax_code = employer_years.employer_tax_code
        and insurance_cases.event_year = employer_years.year
    left join links on insurance_cases.benefit_case_id = links.benefit_case_id
    where {{ in_served_area('coalesce(employer_years.employer_province_code, insurance_cases.employer_province_code)') }}

),

insurance_side as (

    select
        year,
        count(*) as insurance_accident_cases,
        sum(case when is_fatal then 1 else 0 end) as insurance_death_cases,
        sum(case when is_commuting_accident then 1 else 0 end) as insurance_commuting_cases,
        sum(case when is_linked then 1 else 0 end) as insurance_cases_linked,
        sum(case when not is_commuting_accident then 1 else 0 end) as insurance_non_commuting_cases,
        sum(case when not is_commuting_accident and not is_linked then 1 else 0 end)
            as insurance_cases_without_enterprise_record
    from placed_cases
    group by year

),

enterprise_deaths as (

    select
        victims.incident_year as year,
        case when links.benefit_case_is_fatal then 1 else 0 end as has_insurance_death_case,
        case when links.benefit_case_id is not null then 1 else 0 end as is_linked
    from {{ ref('fct_accident_victims') }} as victims
    left join links
        on victims.employer_tax_code = links.employer_tax_code
        and victims.incident_id = links.incident_id
        and victims.victim_id_hash = links.victim_id_hash
    where victims.is_fatal
        and victims.under_employer_management
        and {{ in_served_area('victims.employer_province_code') }}

),

enterprise_side as (

    select
        year,
        count(*) as enterprise_deaths,
        sum(is_linked) as enterprise_deaths_linked,
        sum(has_insurance_death_case) as enterprise_deaths_with_insurance_death_case,
        count(*) - sum(has_insurance_death_case) as enterprise_deaths_without_insurance_death_case
    from enterprise_deaths
    group by year

),

years as (

    select year from insurance_side
    union
    select year from enterprise_side

),

combined as (

    select
        years.year,
        coalesce(insurance_side.insurance_accident_cases, 0) as insurance_accident_cases,
        coalesce(insurance_side.insurance_death_cases, 0) as insurance_death_cases,
        coalesce(insurance_side.insurance_commuting_cases, 0) as insurance_commuting_cases,
        coalesce(insurance_side.insurance_cases_linked, 0) as insurance_cases_linked,
        coalesce(insurance_side.insurance_non_commuting_cases, 0) as insurance_non_commuting_cases,
        coalesce(insurance_side.insurance_cases_without_enterprise_record, 0)
            as insurance_cases_without_enterprise_record,
        coalesce(enterprise_side.enterprise_deaths, 0) as enterprise_deaths,
        coalesce(enterprise_side.enterprise_deaths_linked, 0) as enterprise_deaths_linked,
        coalesce(enterprise_side.enterprise_deaths_with_insurance_death_case, 0)
            as enterprise_deaths_with_insurance_death_case,
        coalesce(enterprise_side.enterprise_deaths_without_insurance_death_case, 0)
            as enterprise_deaths_without_insurance_death_case
    from years
    left join insurance_side on years.year = insurance_side.year
    left join enterprise_side on years.year = enterprise_side.year

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- key
    cast(year as integer) as year,
    cast(
        'same worker_id_hash + same employer_tax_code + event dates <= {{ var("victim_link_max_days") }} days apart; one-to-one, nearest date, ties by decision number'
        as {{ dbt.type_string() }}
    ) as matching_rule,

    ---------- insurance accident cases with no enterprise record
    cast(insurance_accident_cases as bigint) as insurance_accident_cases,
    cast(insurance_death_cases as bigint) as insurance_death_cases,
    cast(insurance_commuting_cases as bigint) as insurance_commuting_cases,
    cast(insurance_cases_linked as bigint) as insurance_cases_linked,
    cast(insurance_non_commuting_cases as bigint) as insurance_non_commuting_cases,
    cast(insurance_cases_without_enterprise_record as bigint) as insurance_cases_without_enterprise_record,
    cast(round(cast(insurance_cases_without_enterprise_record as double)
        / nullif(insurance_non_commuting_cases, 0), 9) as double) as share_without_enterprise_record,
    cast(round({{ wilson_lower('insurance_cases_without_enterprise_record', 'insurance_non_commuting_cases') }}, 9)
        as double) as share_without_enterprise_record_ci_lower,
    cast(round({{ wilson_upper('insurance_cases_without_enterprise_record', 'insurance_non_commuting_cases') }}, 9)
        as double) as share_without_enterprise_record_ci_upper,

    ---------- enterprise deaths with no insurance death case
    cast(enterprise_deaths as bigint) as enterprise_deaths,
    cast(enterprise_deaths_linked as bigint) as enterprise_deaths_linked,
    cast(enterprise_deaths_with_insurance_death_case as bigint) as enterprise_deaths_with_insurance_death_case,
    cast(enterprise_deaths_without_insurance_death_case as bigint) as enterprise_deaths_without_insurance_death_case,
    cast(round(cast(enterprise_deaths_without_insurance_death_case as double)
        / nullif(enterprise_deaths, 0), 9) as double) as share_deaths_without_insurance_case,
    cast(round({{ wilson_lower('enterprise_deaths_without_insurance_death_case', 'enterprise_deaths') }}, 9)
        as double) as share_deaths_without_insurance_case_ci_lower,
    cast(round({{ wilson_upper('enterprise_deaths_without_insurance_death_case', 'enterprise_deaths') }}, 9)
        as double) as share_deaths_without_insurance_case_ci_upper

from combined
