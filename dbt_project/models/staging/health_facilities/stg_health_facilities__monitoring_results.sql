with

source as (

    select * from {{ source('health_facilities', 'work_environment_monitoring') }}
    where _file_sha256 in ({{ latest_submission_files('work_environment_monitoring') }})

),

renamed as (

    select
        ---------- ids
        facility_code,
        employer_tax_code,

        ---------- establishment
        employer_commune_code,

        ---------- visit and factor
        visit_date,
        extract(year from visit_date) as visit_year,
        factor_code,

        ---------- measures
        samples_taken,
        samples_failing,

        ---------- lineage
        period as reporting_period,
        cast(substring(period, 1, 4) as integer) as reporting_year,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
