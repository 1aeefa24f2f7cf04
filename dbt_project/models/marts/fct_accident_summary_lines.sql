{#- Lines of the employers' accident summaries (Decree 39/2016 art. 24, Annex XII), latest version
    of each submission (employer × period): one row per line of the form — the total line and one
    line per cause, injury factor and occupation, each with the same measures (long lines: the form's
    cross-table as rows of dimension × code). A period is a half-year (2025S1) or the whole year.

    Summaries serve completeness and cross-checks against the accident registers, not target T1.
    The employer's details (commune mapped to its current unit, sector, facility type) are written
    on the total line only and are repeated here on every line of the submission; the workforce and
    payroll stay on the total line. The line label the employer typed is not kept (dim_cause,
    dim_injury_factor and dim_occupation name the codes).

    Incremental by source file on DuckDB, as fct_insured_workforce_monthly (3.5 M lines over five national
    years): each line comes from one file (its total line from the same file) and the reference data alone. -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_files_no_longer_current('accident_summary') }}",
) }}

with

lines as (

    select * from {{ ref('stg_enterprise_reports__accident_summary_lines') }}
    {{- only_files_not_yet_built('accident_summary') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

headers as (

    select
        lines.file_sha256,
        lines.employer_tax_code,
        lines.reporting_period,
        communes.commune_code as employer_commune_code,
        communes.province_code as employer_province_code,
        coalesce(communes.is_approximate, false) as is_commune_mapping_approximate,
        lines.sector_code,
        lines.facility_type
    from lines
    left join communes on lines.employer_commune_code = communes.reported_code
    where lines.breakdown_dimension = 'total'

)

select
    ---------- keys: one line of one submission
    lines.employer_tax_code,
    lines.reporting_period,
    lines.breakdown_dimension,
    lines.breakdown_code,

    ---------- period
    lines.period_type,
    lines.reporting_year,

    ---------- employer (from the total line)
    headers.employer_commune_code,
    headers.employer_province_code,
    headers.is_commune_mapping_approximate,
    headers.sector_code,
    headers.facility_type,
    lines.total_workers,
    lines.female_workers,
    lines.payroll_million_vnd,

    ---------- accidents
    lines.accidents,
    lines.fatal_accidents,
    lines.multi_victim_accidents,

    ---------- victims; under the employer's management = all − not under it
    lines.victims,
    lines.victims_not_managed,
    lines.victims - lines.victims_not_managed as victims_under_management,
    lines.female_victims,
    lines.female_victims_not_managed,
    lines.deaths,
    lines.deaths_not_managed,
    lines.deaths - lines.deaths_not_managed as deaths_under_management,
    lines.severely_injured,
    lines.severely_injured_not_managed,

    ---------- damage
    lines.days_off,
    lines.cost_medical_million_vnd,
    lines.cost_wages_million_vnd,
    lines.cost_compensation_million_vnd,
    lines.cost_total_million_vnd,
    lines.property_damage_million_vnd,

    ---------- lineage
    lines.file_sha256,
    lines.source_row_number,
    lines.received_at

from lines
-- one submission: the file and, in a national warehouse's consolidated extract, the employer and period
left join headers
    on lines.file_sha256 = headers.file_sha256
    and lines.employer_tax_code = headers.employer_tax_code
    and lines.reporting_period = headers.reporting_period
