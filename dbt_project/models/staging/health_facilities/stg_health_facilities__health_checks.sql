with

source as (

    select * from {{ source('health_facilities', 'health_checks') }}
    where _file_sha256 in ({{ latest_submission_files('health_checks') }})

),

renamed as (

    select
        ---------- ids
        facility_code,
        employer_tax_code,

        ---------- employer
        employer_commune_code,

        ---------- workers checked
        workers_checked,
        female_workers_checked,

        ---------- health classes I-V (ref_health_classes)
        class_i_workers,
        class_ii_workers,
        class_iii_workers,
        class_iv_workers,
        class_v_workers,

        ---------- findings
        occupational_disease_workers,
        follow_up_workers,
        transfer_workers,

        ---------- lineage
        period as reporting_period,
        cast(substring(period, 1, 4) as integer) as reporting_year,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
