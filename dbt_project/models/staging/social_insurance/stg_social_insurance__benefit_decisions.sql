with

source as (

    select * from {{ source('social_insurance', 'insurance_benefits') }}
    where _file_sha256 in ({{ latest_submission_files('insurance_benefits') }})

),

renamed as (

    select
        ---------- ids
        fund_office_code,
        decision_number,
        benefit_type,
        worker_national_id_hash as worker_id_hash,
        employer_tax_code,

        ---------- period (the month of the decision)
        period as month_code,
        cast(substring(period, 1, 4) as integer) as year,
        cast(substring(period, 5, 2) as integer) as month,

        ---------- decision
        decision_date,

        ---------- worker (no name: it never reaches the warehouse)
        worker_sex,
        worker_birth_year,

        ---------- employer where the accident happened or the disease was contracted
        employer_commune_code,

        ---------- case
        case_type,
        is_commuting_accident,
        event_date,
        extract(year from event_date) as event_year,
        disease_code,
        capacity_loss_pct,

        ---------- benefit
        amount_million_vnd,

        ---------- lineage
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
