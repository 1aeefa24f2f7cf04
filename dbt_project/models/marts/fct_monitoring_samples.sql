{#- Work-environment monitoring samples: one row per establishment × visit × factor, from two
    sources kept apart by data_source:
      monitoring_body         the accredited monitoring organisations' results (Decree 44/2016),
                              latest version of each organisation's half-year submission: the
                              source of target T3 and of the failing-sample shares;
      employer_annual_report  the per-factor monitoring rows of the employers' own annual OSH
                              reports (Circular 07/2016 Annex II): one row per employer × year ×
                              factor, no visit date and no monitoring body.
    The establishment's commune is mapped to the current unit (for annual-report rows, the commune
    of the report's main row). -#}
with

monitoring_results as (

    select * from {{ ref('stg_health_facilities__monitoring_results') }}

),

annual_factor_rows as (

    select * from {{ ref('stg_enterprise_reports__annual_osh_monitoring_factors') }}

),

annual_reports as (

    select employer_tax_code, reporting_year, employer_commune_code
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

from_monitoring_bodies as (

    select
        'monitoring_body' as data_source,
        facility_code,
        employer_tax_code,
        visit_date,
        cast(extract(year from visit_date) as integer) as year,
        {{ half_year_code('visit_date') }} as half_year,
        factor_code,
        employer_commune_code as reported_commune_code,
        samples_taken,
        samples_failing,
        reporting_period,
        file_sha256,
        source_row_number
    from monitoring_results

),

from_annual_reports as (

    select
        'employer_annual_report' as data_source,
        cast(null as {{ dbt.type_string() }}) as facility_code,
        annual_factor_rows.employer_tax_code,
        cast(null as date) as visit_date,
        cast(annual_factor_rows.reporting_year as integer) as year,
        cast(null as {{ dbt.type_string() }}) as half_year,
        annual_factor_rows.monitoring_factor_code as factor_code,
        annual_reports.employer_commune_code as reported_commune_code,
        annual_factor_rows.monitoring_samples as samples_taken,
        annual_factor_rows.monitoring_failing_samples as samples_failing,
        annual_factor_rows.reporting_period,
        annual_factor_rows.file_sha256,
        annual_factor_rows.source_row_number
    from annual_factor_rows
    left join annual_reports
        on annual_factor_rows.employer_tax_code = annual_reports.employer_tax_code
        and annual_factor_rows.reporting_year = annual_reports.reporting_year

),

samples as (

    select * from from_monitoring_bodies
    union all
    select * from from_annual_reports

)

select
    ---------- keys
    samples.data_source,
    samples.facility_code,
    samples.employer_tax_code,
    samples.visit_date,
    samples.year,
    samples.factor_code,

    ---------- when
    samples.half_year,

    ---------- establishment (placed by its current-code commune)
    communes.commune_code as employer_commune_code,
    communes.province_code as employer_province_code,
    coalesce(communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- measures
    samples.samples_taken,
    samples.samples_failing,

    ---------- lineage
    samples.reporting_period,
    samples.file_sha256,
    samples.source_row_number

from samples
left join communes on samples.reported_commune_code = communes.reported_code
