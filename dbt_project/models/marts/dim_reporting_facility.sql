{#- Health facilities and accredited monitoring organisations that report to the province, from the
    registry seed ref_reporting_facilities (PROVISIONAL placeholder rows until the Department of
    Health's lists replace them), with the report family each one is expected to send. The
    reporting-completeness indicator expects a report from a facility for every period that overlaps
    its active dates. -#}
with

facilities as (

    select * from {{ ref('ref_reporting_facilities') }}

)

select
    ---------- key
    code as facility_code,

    ---------- names
    name_vi as facility_name_vi,
    name_en as facility_name_en,

    ---------- what it reports
    facility_kind,
    case facility_kind
        when 'occupational_disease_exam' then 'occupational_disease_exams'
        when 'health_check' then 'health_checks'
        when 'environment_monitoring' then 'work_environment_monitoring'
    end as report_family,

    ---------- where and since when
    province_code,
    accreditation_no,
    active_from,
    active_to,
    is_provisional

from facilities
