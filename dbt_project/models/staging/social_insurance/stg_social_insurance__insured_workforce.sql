with

source as (

    select * from {{ source('social_insurance', 'insured_workforce') }}
    where _file_sha256 in ({{ latest_submission_files('insured_workforce') }})

),

renamed as (

    select
        ---------- ids
        employer_tax_code,
        fund_office_code,

        ---------- period
        period as month_code,
        cast(substring(period, 1, 4) as integer) as year,
        cast(substring(period, 5, 2) as integer) as month,

        ---------- employer
        employer_commune_code,
        sector_code,

        ---------- measures
        insured_workers,
        female_insured_workers,
        payroll_million_vnd,
        contribution_rate_pct,

        ---------- lineage
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
