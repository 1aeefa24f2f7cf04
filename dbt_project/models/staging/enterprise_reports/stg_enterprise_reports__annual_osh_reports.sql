with

source as (

    select * from {{ source('enterprise_reports', 'annual_osh_report') }}
    where _file_sha256 in ({{ latest_submission_files('annual_osh_report') }})
        -- the main row; the per-factor monitoring rows are stg_enterprise_reports__annual_osh_monitoring_factors
        and monitoring_factor_code is null

),

renamed as (

    select
        ---------- ids
        employer_tax_code,

        ---------- employer
        employer_commune_code,
        facility_type,
        sector_code,

        ---------- workforce
        total_workers,
        osh_staff,
        health_staff,
        female_workers,
        heavy_hazardous_workers,  -- the T2 coverage denominator
        heavy_hazardous_workers > 0 as has_harmful_factors,  -- T3: an establishment with harmful factors
        minor_workers,
        under_15_workers,
        disabled_workers,
        elderly_workers,

        ---------- occupational accidents
        accidents,
        fatal_accidents,
        accident_victims,
        accident_deaths,
        accident_cost_million_vnd,
        accident_days_lost,

        ---------- occupational diseases
        disease_cases_cumulative,
        disease_new_cases,
        disease_leave_days,
        disease_early_retirements,
        disease_cost_million_vnd,

        ---------- health classes I-V (ref_health_classes)
        health_class_i,
        health_class_ii,
        health_class_iii,
        health_class_iv,
        health_class_v,

        ---------- OSH training, groups 1-6
        trained_group_1,
        trained_group_2,
        trained_group_3,
        trained_group_4,
        trained_group_5,
        trained_group_6,

        ---------- machines with strict safety requirements
        strict_machines_in_use,
        strict_machines_inspected,

        ---------- overtime and in-kind allowances
        overtime_workers,
        overtime_hours,
        in_kind_allowance_workers,
        in_kind_allowance_cost_million_vnd,

        ---------- work-environment monitoring (totals; by factor in the monitoring-factor model)
        monitoring_samples,
        monitoring_failing_samples,

        ---------- OSH spending (million VND)
        spending_safety_technical_million_vnd,
        spending_hygiene_technical_million_vnd,
        spending_ppe_million_vnd,
        spending_health_care_million_vnd,
        spending_training_million_vnd,
        spending_risk_assessment_million_vnd,
        spending_other_million_vnd,
        spending_total_million_vnd,

        ---------- service providers and risk assessment
        monitoring_provider,
        health_check_provider,
        training_provider,
        risk_assessment_month,

        ---------- lineage
        period as reporting_period,
        cast(period as integer) as reporting_year,
        _file_sha256 as file_sha256,
        _row_number as source_row_number,
        _received_at as received_at

    from source

)

select * from renamed
