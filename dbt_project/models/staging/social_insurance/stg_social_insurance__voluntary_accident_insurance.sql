with

source as (

    select * from {{ source('social_insurance', 'voluntary_accident_insurance') }}
    where _file_sha256 in ({{ latest_submission_files('voluntary_accident_insurance') }})

),

renamed as (

    select
        ---------- ids
        commune_code,
        fund_office_code,

        ---------- period
        period as month_code,
        cast(substring(period, 1, 4) as integer) as year,
        cast(substring(period, 5, 2) as integer) as month,

        ---------- participants (end of the month)
        participants,
        female_participants,
        new_participants,
        supported_participants,

        ---------- premiums collected in the month
        premiums_million_vnd,
        state_support_million_vnd,

        ---------- claims settled in the month
        claims,
        fatal_claims,
        claims_paid_million_vnd,

        ---------- lineage
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
