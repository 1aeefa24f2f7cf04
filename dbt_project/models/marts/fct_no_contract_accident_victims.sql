{#- Occupational accidents among workers without a labour contract, from the commune People's
    Committees' half-year reports (Decree 39/2016 Annex XVI; Decree 129/2025 art. 43): one row per
    victim, latest version of each commune's report.

    Communes are mapped to current units: the reporting commune, and the commune where it happened
    (the one given, else the reporting commune). Their deaths are reported beside target T1, never in
    its rate (ind_t1_deaths_outside_the_rate). Minors and the elderly as in fct_accident_victims (age
    reached in the accident year under 18; at or past the statutory retirement age of that year). No
    names; the national ID only as a keyed hash, often missing. The free-text work description is not
    kept: it may name people. -#}
with

victims as (

    select * from {{ ref('stg_commune_reports__no_contract_accident_victims') }}

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
        cast(extract(year from victims.incident_date) as integer) as event_year,
        cast(extract(month from victims.incident_date) as integer) as event_month,
        cast(extract(year from victims.incident_date) as integer) - victims.victim_birth_year as victim_age
    from victims

)

select
    ---------- keys
    dated.file_sha256,
    dated.source_row_number,
    {{ dbt.concat(["dated.reporting_commune_code", "'-'", "dated.reporting_period", "'-'", "dated.incident_id"]) }}
        as no_contract_accident_id,
    dated.incident_id,
    dated.victim_id_hash,

    ---------- who reported, and where it happened (current communes)
    reporting_communes.commune_code as reporting_commune_code,
    occurred_communes.commune_code as commune_code,
    occurred_communes.province_code,
    coalesce(reporting_communes.is_approximate, false)
        or coalesce(occurred_communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- when
    dated.incident_date,
    dated.event_year as incident_year,
    {{ dbt.concat(["cast(dated.event_year as " ~ dbt.type_string() ~ ")",
                   "case when dated.event_month <= 6 then 'S1' else 'S2' end"]) }} as incident_half_year,
    dated.event_year * 100 + dated.event_month as incident_month_code,

    ---------- what
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

    ---------- outcome
    dated.severity,
    dated.severity = 'death' as is_fatal,
    dated.severity = 'severe' as is_severe,

    ---------- voluntary accident insurance (Decree 143/2024)
    dated.has_voluntary_accident_insurance,

    ---------- lineage
    dated.reporting_period,
    dated.received_at

from dated
left join retirement_years on 1 = 1
left join communes as reporting_communes
    on dated.reporting_commune_code = reporting_communes.reported_code
left join communes as occurred_communes
    on dated.occurred_in_commune_code = occurred_communes.reported_code
left join {{ ref('ref_age_groups') }} as age_groups
    on dated.victim_age >= age_groups.min_age
    and (age_groups.max_age is null or dated.victim_age <= age_groups.max_age)
left join retirement_ages
    on dated.victim_sex = retirement_ages.sex
    and retirement_ages.year = least(greatest(dated.event_year, retirement_years.first_year),
        retirement_years.last_year)
