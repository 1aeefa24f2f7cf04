{#- Annual OSH work reports (Circular 07/2016/TT-BLĐTBXH art. 10, Annex II): one row per employer
    and year, latest version of each submission, every scalar section of the form. No personal data:
    the form counts workers and names only contracted organisations.

    The employer's commune is mapped to its current unit. The workforce section is the fallback
    denominator of target T1 (total_workers, for employers with no insured count in the period) and
    the workforce side of the groups the plan names (female, minor, disabled, elderly workers);
    heavy_hazardous_workers and has_harmful_factors serve T2 and T3. Per-factor monitoring rows are
    in stg_enterprise_reports__annual_osh_monitoring_factors. Money in million VND.

    Incremental by source file on DuckDB, as fct_insured_workforce_monthly: each row comes from one file
    and the reference data alone. -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_files_no_longer_current('annual_osh_report') }}",
) }}

with

reports as (

    select * from {{ ref('stg_enterprise_reports__annual_osh_reports') }}
    {{- only_files_not_yet_built('annual_osh_report') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

)

select
    ---------- keys
    reports.employer_tax_code,
    reports.reporting_year,

    ---------- employer
    communes.commune_code as employer_commune_code,
    communes.province_code as employer_province_code,
    coalesce(communes.is_approximate, false) as is_commune_mapping_approximate,
    reports.facility_type,
    reports.sector_code,

    ---------- workforce
    reports.total_workers,
    reports.osh_staff,
    reports.health_staff,
    reports.female_workers,
    reports.heavy_hazardous_workers,
    reports.has_harmful_factors,
    reports.minor_workers,
    reports.under_15_workers,
    reports.disabled_workers,
    reports.elderly_workers,

    ---------- occupational accidents
    reports.accidents,
    reports.fatal_accidents,
    reports.accident_victims,
    reports.accident_deaths,
    reports.accident_cost_million_vnd,
    reports.accident_days_lost,

    ---------- occupational diseases
    reports.disease_cases_cumulative,
    reports.disease_new_cases,
    reports.disease_leave_days,
    reports.disease_early_retirements,
    reports.disease_cost_million_vnd,

    ---------- health classes I-V
    reports.health_class_i,
    reports.health_class_ii,
    reports.health_class_iii,
    reports.health_class_iv,
    reports.health_class_v,

    ---------- OSH training, groups 1-6
    reports.trained_group_1,
    reports.trained_group_2,
    reports.trained_group_3,
    reports.trained_group_4,
    reports.trained_group_5,
    reports.trained_group_6,

    ---------- machines with strict safety requirements
    reports.strict_machines_in_use,
    reports.strict_machines_inspected,

    ---------- overtime and in-kind allowances
    reports.overtime_workers,
    reports.overtime_hours,
    reports.in_kind_allowance_workers,
    reports.in_kind_allowance_cost_million_vnd,

    ---------- work-environment monitoring (all factors)
    reports.monitoring_samples,
    reports.monitoring_failing_samples,

    ---------- OSH spending
    reports.spending_safety_technical_million_vnd,
    reports.spending_hygiene_technical_million_vnd,
    reports.spending_ppe_million_vnd,
    reports.spending_health_care_million_vnd,
    reports.spending_training_million_vnd,
    reports.spending_risk_assessment_million_vnd,
    reports.spending_other_million_vnd,
    reports.spending_total_million_vnd,

    ---------- service providers (organisations) and risk assessment
    reports.monitoring_provider,
    reports.health_check_provider,
    reports.training_provider,
    reports.risk_assessment_month,

    ---------- lineage
    reports.reporting_period,
    reports.file_sha256,
    reports.source_row_number,
    reports.received_at

from reports
left join communes on reports.employer_commune_code = communes.reported_code
