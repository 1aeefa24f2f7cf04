{#- Work-environment monitoring factors (Decree 44/2016; the monitoring section of the annual OSH
    report, Circular 07/2016 Annex II), with how many examination exposure factors each one measures
    (ref_exposure_factors.monitoring_factor_code), so that examinations and monitoring compare. -#}
with

factors as (

    select * from {{ ref('ref_monitoring_factors') }}

),

exposures as (

    select monitoring_factor_code, count(*) as exposure_factors
    from {{ ref('ref_exposure_factors') }}
    where monitoring_factor_code is not null
    group by monitoring_factor_code

)

select
    ---------- key
    factors.code as factor_code,

    ---------- names
    factors.name_vi as factor_name_vi,
    factors.name_en as factor_name_en,

    ---------- classification
    factors.factor_group,
    factors.unit,
    factors.sort_order,
    cast(coalesce(exposures.exposure_factors, 0) as integer) as exposure_factors

from factors
left join exposures on factors.code = exposures.monitoring_factor_code
