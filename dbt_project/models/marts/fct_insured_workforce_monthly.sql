{#- Insured workers per employer and month (the rate denominator), communes mapped to current units.

    Incremental by source file (47 M rows over five national years, docs/performance.md round 8): each
    row comes from one file of the fund's extract and the reference data alone, so a night inserts the
    rows of files that became current and first deletes those of files that no longer are (superseded
    by a resubmission). A changed model or reference seed is a full refresh (incremental_on_duckdb.sql). -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_files_no_longer_current('insured_workforce') }}",
) }}

with

workforce as (

    select * from {{ ref('stg_social_insurance__insured_workforce') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

)

select
    workforce.employer_tax_code,
    workforce.month_code,
    workforce.year,
    workforce.month,
    cast(
        cast(workforce.year as {{ dbt.type_string() }}) || '-'
            || lpad(cast(workforce.month as {{ dbt.type_string() }}), 2, '0') || '-01' as date
    ) as month_start_date,
    cast(workforce.year as {{ dbt.type_string() }}) || case when workforce.month <= 6 then 'S1' else 'S2' end as half_year,
    communes.commune_code as employer_commune_code,
    communes.province_code as employer_province_code,
    workforce.sector_code,
    workforce.insured_workers,
    workforce.female_insured_workers,
    workforce.payroll_million_vnd,
    workforce.contribution_rate_pct,
    workforce.file_sha256
from workforce
left join communes
    on workforce.employer_commune_code = communes.reported_code
{{ only_files_not_yet_built('insured_workforce', 'workforce.file_sha256') }}
