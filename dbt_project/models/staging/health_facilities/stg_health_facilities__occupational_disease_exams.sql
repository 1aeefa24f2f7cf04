with

source as (

    select * from {{ source('health_facilities', 'occupational_disease_exams') }}
    where _file_sha256 in ({{ latest_submission_files('occupational_disease_exams') }})

),

renamed as (

    select
        ---------- ids
        facility_code,
        employer_tax_code,
        worker_national_id_hash as worker_id_hash,

        ---------- employer
        employer_commune_code,

        ---------- worker (no name: it never reaches the warehouse)
        worker_sex,
        worker_birth_year,

        ---------- exposure
        exposure_factor_code,
        exposure_years,

        ---------- examination
        exam_date,
        extract(year from exam_date) as exam_year,
        exam_result,
        disease_code,

        ---------- lineage
        period as reporting_period,
        cast(substring(period, 1, 4) as integer) as reporting_year,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
