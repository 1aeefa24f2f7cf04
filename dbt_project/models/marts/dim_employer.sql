{#- Employers known to the warehouse, from every source, each as it stands now: its latest state.

    History lives in int_employer_periods (employer × year and half-year: commune, sector, insured
    workers, size band), the slowly changing dimension that places every rate; this table is its
    latest half-year, keyed by the same tax code. Employers that appear only in sources the registry
    does not read (accident summaries, health facilities, monitoring bodies, insurance benefit
    decisions) come from their latest such report, with what it says (a commune; a sector and facility
    type from an accident summary), so every fact can point here. -#}
with

-- Each employer's latest half-year, carried through one aggregate by max_by (unique per employer and period
-- type, so the latest is one row), with its first half-year and their count. A window over every half-year sorted
-- 8 M wide rows of a national five-year build; a join back to an aggregate read them twice (round 12).
registry_latest as (

    select
        employer_tax_code,
        max_by(
            {{ osh_struct(['employer_commune_code', 'employer_province_code', 'sector_code', 'size_band',
                'size_basis', 'attribute_source']) }},
            period_code
        ) as latest,
        max(period_code) as latest_period_code,
        min(period_code) as first_period_code,
        count(*) as half_years_in_registry
    from {{ ref('int_employer_periods') }}
    where period_type = 'half_year'
    group by employer_tax_code

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

---------- employers seen only outside the registry: their latest report there
other_sightings as (

    select employer_tax_code, reporting_period as period_code, received_at, employer_commune_code, sector_code,
        facility_type, 'accident_summary' as attribute_source
    from {{ ref('stg_enterprise_reports__accident_summary_lines') }}
    where breakdown_dimension = 'total'

    union all

    select employer_tax_code, reporting_period, received_at, employer_commune_code, null, null, 'health_facility'
    from {{ ref('stg_health_facilities__occupational_disease_exams') }}

    union all

    select employer_tax_code, reporting_period, received_at, employer_commune_code, null, null, 'health_facility'
    from {{ ref('stg_health_facilities__health_checks') }}

    union all

    select employer_tax_code, reporting_period, received_at, employer_commune_code, null, null, 'monitoring_body'
    from {{ ref('stg_health_facilities__monitoring_results') }}

    union all

    select employer_tax_code, month_code, received_at, employer_commune_code, null, null, 'insurance_benefit'
    from {{ ref('stg_social_insurance__benefit_decisions') }}

),

other_latest as (

    select *
    from (
        select
            other_sightings.*,
            row_number() over (
                partition by employer_tax_code
                order by {{ period_end_month('period_code') }} desc, received_at desc, attribute_source
            ) as recency
        from other_sightings
        where employer_tax_code is not null
            -- the registry's employers from its latest half-years (one row an employer), not its 8 M half-years
            and employer_tax_code not in (select employer_tax_code from registry_latest)
    ) as ranked
    where recency = 1

),

---------- facility type: the latest annual OSH report, else the latest accident summary
facility_types as (

    -- the latest period first, then the annual report before the accident summary: max_by's key is the
    -- period's end month (yyyymm) then the source's rank, in one integer
    select
        employer_tax_code,
        max_by(facility_type, {{ period_end_month('period_code') }} * 10 - source_rank) as facility_type
    from (
        select employer_tax_code, reporting_period as period_code, facility_type, 1 as source_rank
        from {{ ref('stg_enterprise_reports__annual_osh_reports') }}
        where facility_type is not null
        union all
        select employer_tax_code, reporting_period, facility_type, 2
        from {{ ref('stg_enterprise_reports__accident_summary_lines') }}
        where breakdown_dimension = 'total' and facility_type is not null
    ) as typed
    group by employer_tax_code

),

-- the latest insured month of the latest year with one, from the registry's years (a few rows an employer, where
-- the monthly fact has sixty; 27 s of a national build); a year's latest month is in that year, so it is unique
latest_insured as (

    select
        employer_tax_code,
        max(latest_insured_month_code) as month_code,
        max_by(latest_insured_workers, latest_insured_month_code) as insured_workers
    from {{ ref('int_employer_periods') }}
    where period_type = 'year' and latest_insured_month_code is not null
    group by employer_tax_code

),

annual_reports as (

    select employer_tax_code, max(reporting_year) as latest_annual_osh_report_year
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }}
    group by employer_tax_code

),

employers as (

    select
        employer_tax_code,
        latest.employer_commune_code,
        latest.employer_province_code,
        latest.sector_code,
        latest.size_band,
        latest.size_basis,
        latest.attribute_source,
        latest_period_code,
        first_period_code,
        half_years_in_registry,
        true as is_in_registry
    from registry_latest

    union all

    select
        other_latest.employer_tax_code,
        communes.commune_code,
        communes.province_code,
        other_latest.sector_code,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        other_latest.attribute_source,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        0,
        false
    from other_latest
    left join communes on other_latest.employer_commune_code = communes.reported_code

)

select
    ---------- key
    employers.employer_tax_code,
    substring(employers.employer_tax_code, 1, 10) as parent_tax_code,
    length(employers.employer_tax_code) = 13 as is_branch,

    ---------- latest state
    employers.employer_commune_code,
    employers.employer_province_code,
    {{ in_served_area('employers.employer_province_code') }} as is_in_served_province,
    employers.sector_code,
    facility_types.facility_type,
    latest_insured.insured_workers as latest_insured_workers,
    latest_insured.month_code as latest_insured_month_code,
    employers.size_band,
    employers.size_basis,
    employers.attribute_source,

    ---------- link to the history (int_employer_periods)
    employers.is_in_registry,
    employers.latest_period_code,
    employers.first_period_code,
    employers.half_years_in_registry,
    annual_reports.latest_annual_osh_report_year

from employers
left join facility_types on employers.employer_tax_code = facility_types.employer_tax_code
left join latest_insured on employers.employer_tax_code = latest_insured.employer_tax_code
left join annual_reports on employers.employer_tax_code = annual_reports.employer_tax_code
