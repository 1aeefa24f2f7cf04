{#- One row per victim of each occupational accident, from the latest version of each employer's
    accident register (Circular 13/2020 Annex I; declarations under OSH Law art. 34).

    Communes are mapped to current units (legacy codes of reports before July 2025 through the
    crosswalk). The victim is known only by a keyed hash of the national ID. The groups the plan
    names are flagged here once, so that every indicator counts them the same way:
      - minor: age reached in the accident year (year − birth year) under 18;
      - elderly: that age, in months, at or past the statutory retirement age of the accident year
        for the victim's sex (Labour Code 2019 art. 169, Decree 135/2020: ref_retirement_ages), i.e.
        the victim reaches or has passed retirement age in the year of the accident;
      - ESAW non-fatal accident: not fatal, with more than 3 calendar days off (days_off, which the
        register counts excluding the accident day); its days off are the ESAW days lost. -#}
with

victims as (

    select * from {{ ref('stg_enterprise_reports__accident_victims') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

retirement_ages as (

    select
        sex,
        year,
        age_years * 12 + age_months as retirement_age_months,
        min(year) over () as first_year,
        max(year) over () as last_year
    from {{ ref('ref_retirement_ages') }}

),

retirement_years as (

    select distinct first_year, last_year from retirement_ages

),

dated as (

    select
        victims.*,
        cast(extract(year from victims.incident_date) as integer) as incident_year,
        cast(extract(month from victims.incident_date) as integer) as incident_month,
        cast(extract(year from victims.incident_date) as integer) - victims.victim_birth_year as victim_age
    from victims

)

select
    ---------- keys
    dated.employer_tax_code,
    dated.incident_id,
    dated.victim_id_hash,
    {{ dbt.concat(["dated.employer_tax_code", "'-'", "dated.reporting_period", "'-'", "dated.incident_id"]) }}
        as accident_id,

    ---------- when and where
    dated.incident_date,
    dated.incident_year,
    {{ dbt.concat(["cast(dated.incident_year as " ~ dbt.type_string() ~ ")",
                   "case when dated.incident_month <= 6 then 'S1' else 'S2' end"]) }} as incident_half_year,
    dated.incident_year * 100 + dated.incident_month as incident_month_code,
    incident_communes.commune_code as incident_commune_code,
    employer_communes.commune_code as employer_commune_code,
    employer_communes.province_code as employer_province_code,
    coalesce(employer_communes.is_approximate, false)
        or coalesce(incident_communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- what
    dated.sector_code,
    dated.injury_factor_code,
    dated.cause_code,

    ---------- who
    dated.victim_sex,
    dated.victim_birth_year,
    dated.victim_age,
    age_groups.code as victim_age_group,
    dated.victim_age < 18 as is_minor,
    dated.victim_age * 12 >= retirement_ages.retirement_age_months as is_elderly,
    dated.occupation_code,
    dated.employment_type,
    dated.employment_type = 'labour_contract' as has_labour_contract,
    dated.employment_type = 'no_contract' as is_without_contract,
    dated.employment_type = 'apprentice' as is_apprentice,
    dated.employment_type = 'leased' as is_leased,
    dated.employment_type = 'probation' as is_probation,

    ---------- outcome
    dated.severity,
    dated.severity = 'death' as is_fatal,
    dated.severity = 'severe' as is_severe,
    dated.days_off,
    dated.severity <> 'death' and dated.days_off > 3 as is_esaw_nonfatal,
    case when dated.severity <> 'death' and dated.days_off > 3 then dated.days_off end as esaw_days_lost,
    dated.under_employer_management,

    ---------- lineage
    dated.reporting_period,
    dated.file_sha256,
    dated.source_row_number

from dated
left join retirement_years on 1 = 1
left join communes as employer_communes
    on dated.employer_commune_code = employer_communes.reported_code
left join communes as incident_communes
    on dated.incident_commune_code = incident_communes.reported_code
left join {{ ref('ref_age_groups') }} as age_groups
    on dated.victim_age >= age_groups.min_age
    and (age_groups.max_age is null or dated.victim_age <= age_groups.max_age)
left join retirement_ages
    on dated.victim_sex = retirement_ages.sex
    and retirement_ages.year = least(greatest(dated.incident_year, retirement_years.first_year),
        retirement_years.last_year)
