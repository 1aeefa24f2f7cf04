{#- Periodic health checks (Circular 19/2016/TT-BYT Annex 8): one row per facility × half-year ×
    employer whose workers it checked, from the latest version of each facility's submission:
    workers checked, health classes I–V and findings. Counts of workers, not persons: a worker
    checked by two facilities is in both rows. The employer's commune is mapped to the current unit. -#}
with

checks as (

    select * from {{ ref('stg_health_facilities__health_checks') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

)

select
    ---------- keys
    checks.facility_code,
    checks.reporting_period as half_year,
    checks.employer_tax_code,

    ---------- when
    cast(checks.reporting_year as integer) as year,

    ---------- employer (placed by its current-code commune)
    employer_communes.commune_code as employer_commune_code,
    employer_communes.province_code as employer_province_code,
    coalesce(employer_communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- workers checked
    checks.workers_checked,
    checks.female_workers_checked,

    ---------- health classes I–V (ref_health_classes)
    checks.class_i_workers,
    checks.class_ii_workers,
    checks.class_iii_workers,
    checks.class_iv_workers,
    checks.class_v_workers,

    ---------- findings
    checks.occupational_disease_workers,
    checks.follow_up_workers,
    checks.transfer_workers,

    ---------- lineage
    checks.file_sha256,
    checks.source_row_number

from checks
left join communes as employer_communes
    on checks.employer_commune_code = employer_communes.reported_code
