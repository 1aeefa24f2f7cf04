{#- Occupational-disease examinations (Circular 28/2016/TT-BYT): one row per worker examined by a
    facility on a date, from the latest version of each facility's half-year submission. The
    worker is known only by the keyed hash of the national ID (no name), so target T2 can count
    distinct workers across facilities. The employer's commune is mapped to the current unit. -#}
with

exams as (

    select * from {{ ref('stg_health_facilities__occupational_disease_exams') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

exposure_factors as (

    select * from {{ ref('ref_exposure_factors') }}

)

select
    ---------- keys
    exams.facility_code,
    exams.worker_id_hash,
    exams.exam_date,

    ---------- employer (placed by its current-code commune)
    exams.employer_tax_code,
    employer_communes.commune_code as employer_commune_code,
    employer_communes.province_code as employer_province_code,
    coalesce(employer_communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- when
    cast(extract(year from exams.exam_date) as integer) as exam_year,
    {{ half_year_code('exams.exam_date') }} as exam_half_year,

    ---------- exposure
    exams.exposure_factor_code,
    exposure_factors.monitoring_factor_code,
    exams.exposure_years,

    ---------- worker (no name, no national ID)
    exams.worker_sex,
    exams.worker_birth_year,
    cast(extract(year from exams.exam_date) as integer) - exams.worker_birth_year as worker_age,

    ---------- result
    exams.exam_result,
    exams.exam_result = 'diagnosed' as is_diagnosed,
    exams.disease_code,

    ---------- lineage
    exams.reporting_period,
    exams.file_sha256,
    exams.source_row_number

from exams
left join communes as employer_communes
    on exams.employer_commune_code = employer_communes.reported_code
left join exposure_factors
    on exams.exposure_factor_code = exposure_factors.code
