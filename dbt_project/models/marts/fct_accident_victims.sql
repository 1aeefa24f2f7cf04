{#- One row per victim of each occupational accident, latest version of each employer's register.
    Communes are mapped to current units; the victim is known only by a keyed hash of the ID. -#}
with

victims as (

    select * from {{ ref('stg_enterprise_reports__accident_victims') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

)

select
    ---------- keys
    victims.employer_tax_code,
    victims.incident_id,
    victims.victim_id_hash,

    ---------- when and where
    victims.incident_date,
    cast(extract(year from victims.incident_date) as integer) as incident_year,
    cast(extract(year from victims.incident_date) as varchar)
        || case when extract(month from victims.incident_date) <= 6 then 'S1' else 'S2' end
        as incident_half_year,
    incident_communes.commune_code as incident_commune_code,
    employer_communes.commune_code as employer_commune_code,
    employer_communes.province_code as employer_province_code,
    coalesce(employer_communes.is_approximate, false)
        or coalesce(incident_communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- what
    victims.sector_code,
    victims.injury_factor_code,
    victims.cause_code,

    ---------- who
    victims.victim_sex,
    victims.victim_birth_year,
    cast(extract(year from victims.incident_date) as integer) - victims.victim_birth_year
        as victim_age,
    victims.occupation_code,
    victims.employment_type,

    ---------- outcome
    victims.severity,
    victims.severity = 'death' as is_fatal,
    victims.days_off,
    victims.under_employer_management,

    ---------- lineage
    victims.reporting_period,
    victims.file_sha256,
    victims.source_row_number

from victims
left join communes as employer_communes
    on victims.employer_commune_code = employer_communes.reported_code
left join communes as incident_communes
    on victims.incident_commune_code = incident_communes.reported_code
