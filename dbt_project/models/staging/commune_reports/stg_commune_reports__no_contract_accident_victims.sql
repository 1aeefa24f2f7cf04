with

source as (

    select * from {{ source('commune_reports', 'commune_no_contract_accidents') }}
    where _file_sha256 in ({{ latest_submission_files('commune_no_contract_accidents') }})

),

renamed as (

    select
        ---------- ids
        reporting_commune_code,
        incident_id,
        victim_national_id_hash as victim_id_hash,

        ---------- incident
        incident_at,
        cast(incident_at as date) as incident_date,
        extract(year from incident_at) as incident_year,
        incident_commune_code,
        -- where it happened: the commune given, else the reporting commune (the form's default)
        coalesce(incident_commune_code, reporting_commune_code) as occurred_in_commune_code,
        injury_factor_code,
        cause_code,

        ---------- victim (no name: it never reaches the warehouse)
        victim_sex,
        victim_birth_year,
        occupation_code,
        work_description,
        severity,
        has_voluntary_accident_insurance,

        ---------- lineage
        period as reporting_period,
        cast(substring(period, 1, 4) as integer) as reporting_year,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
