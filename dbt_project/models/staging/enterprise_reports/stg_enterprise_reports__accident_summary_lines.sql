with

source as (

    select * from {{ source('enterprise_reports', 'accident_summary') }}
    where _file_sha256 in ({{ latest_submission_files('accident_summary') }})

),

renamed as (

    select
        ---------- ids: one row per line of the form
        employer_tax_code,
        breakdown_dimension,
        breakdown_code,
        breakdown_label,

        ---------- period: the first half-year (2025S1) or the whole year (2025)
        period as reporting_period,
        case when length(period) = 4 then 'year' else 'half_year' end as period_type,
        cast(substring(period, 1, 4) as integer) as reporting_year,

        ---------- employer (on the total line only)
        employer_commune_code,
        facility_type,
        sector_code,
        total_workers,
        female_workers,
        payroll_million_vnd,

        ---------- accidents
        accidents,
        fatal_accidents,
        multi_victim_accidents,

        ---------- victims, each also "not under the employer's management"
        victims,
        victims_not_managed,
        female_victims,
        female_victims_not_managed,
        deaths,
        deaths_not_managed,
        severely_injured,
        severely_injured_not_managed,

        ---------- damage (million VND)
        days_off,
        cost_medical_million_vnd,
        cost_wages_million_vnd,
        cost_compensation_million_vnd,
        cost_total_million_vnd,
        property_damage_million_vnd,

        ---------- lineage
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
