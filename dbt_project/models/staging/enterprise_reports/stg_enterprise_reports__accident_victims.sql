with

source as (

    select * from {{ source('enterprise_reports', 'accident_cases') }}
    where _file_sha256 in ({{ latest_submission_files('accident_cases') }})

),

renamed as (

    select
        ---------- ids
        employer_tax_code,
        incident_id,
        victim_national_id_hash as victim_id_hash,

        ---------- employer
        employer_commune_code,
        sector_code,

        ---------- incident
        incident_at,
        cast(incident_at as date) as incident_date,
        incident_commune_code,
        injury_factor_code,
        cause_code,

        ---------- victim (no name: it never reaches the warehouse)
        victim_sex,
        victim_birth_year,
        occupation_code,
        employment_type,
        severity,
        days_off,
        under_employer_management,

        ---------- lineage
        period as reporting_period,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
