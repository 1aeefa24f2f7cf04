with

source as (

    select * from {{ source('enterprise_reports', 'annual_osh_report') }}
    where _file_sha256 in ({{ latest_submission_files('annual_osh_report') }})
        -- the per-factor rows; the main row is stg_enterprise_reports__annual_osh_reports
        and monitoring_factor_code is not null

),

renamed as (

    select
        ---------- ids
        employer_tax_code,
        monitoring_factor_code,

        ---------- samples of this factor
        monitoring_samples,
        monitoring_failing_samples,

        ---------- lineage
        period as reporting_period,
        cast(period as integer) as reporting_year,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
