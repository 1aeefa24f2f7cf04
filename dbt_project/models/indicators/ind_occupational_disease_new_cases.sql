{#- New occupational-disease cases by disease, for the province, per year and half-year.

    Two sources, side by side:
      exams         (fct_occupational_disease_exams) diagnosed_workers: distinct workers diagnosed
                    with the disease in the period; new_cases: distinct workers whose FIRST
                    diagnosis of that disease in the warehouse falls in the period (a worker
                    diagnosed again in a later year is not new again). The history starts with the
                    warehouse's data, so the first year also counts some earlier cases. Exact
                    Poisson 95 % interval on new_cases.
      annual reports (stg_enterprise_reports__annual_osh_reports.disease_new_cases): the new cases
                    employers declare for the year, without the disease: only on the yearly
                    'all' rows, with the number of employers whose reports they sum.
    disease_code 'all' holds the totals: distinct workers with any diagnosis, and with at least one
    new diagnosis, in the period; the disease rows of a worker with two diseases add up to more.
    Placement: by the employer of the examination (int_employer_periods for the period, else the
    commune the facility reported); annual reports by the filing employer. Only the served province.
    No data vs zero: exam figures are NULL when no facility sent a usable examination report for the
    period; annual-report figures are NULL when no employer of the province filed for the year.
    Every disease of dim_disease has a row in every period, so zeros are explicit. -#}
with

diagnoses as (

    select * from {{ ref('fct_occupational_disease_exams') }}
    where is_diagnosed and disease_code is not null

),

employer_periods as (

    select * from {{ ref('int_employer_periods') }}

),

calendar as (

    select * from {{ ref('int_calendar_periods') }}
    where has_ended and period_type in ({{ indicator_period_type_list() }})

),

diseases as (

    select disease_code from {{ ref('dim_disease') }}
    union all
    select 'all'

),

exam_reports as (

    {{ usable_reports_by_period('occupational_disease_exams', 'half_year') }}

),

first_diagnoses as (

    select worker_id_hash, disease_code, exam_date as first_diagnosed_on
    from (
        select
            worker_id_hash,
            disease_code,
            exam_date,
            row_number() over (
                partition by worker_id_hash, disease_code order by exam_date, facility_code
            ) as diagnosis_order
        from diagnoses
    ) as ordered
    where diagnosis_order = 1

),

flagged_diagnoses as (

    select
        diagnoses.*,
        case when diagnoses.exam_date = first_diagnoses.first_diagnosed_on then 1 else 0 end as is_new_case
    from diagnoses
    inner join first_diagnoses
        on diagnoses.worker_id_hash = first_diagnoses.worker_id_hash
        and diagnoses.disease_code = first_diagnoses.disease_code

),

diagnosis_periods as (

    {{ expand_to_periods('flagged_diagnoses', 'exam_year', 'exam_half_year',
        ['worker_id_hash', 'disease_code', 'is_new_case', 'employer_tax_code', 'employer_province_code']) }}

),

placed_diagnoses as (

    select diagnosis_periods.*
    from diagnosis_periods
    left join employer_periods
        on diagnosis_periods.employer_tax_code = employer_periods.employer_tax_code
        and diagnosis_periods.period_type = employer_periods.period_type
        and diagnosis_periods.period_code = employer_periods.period_code
    where {{ in_served_area('coalesce(employer_periods.employer_province_code, diagnosis_periods.employer_province_code)') }}

),

by_disease as (

    select
        period_type,
        period_code,
        disease_code,
        count(distinct worker_id_hash) as diagnosed_workers,
        count(distinct case when is_new_case = 1 then worker_id_hash end) as new_cases
    from placed_diagnoses
    group by period_type, period_code, disease_code

    union all

    select
        period_type,
        period_code,
        'all' as disease_code,
        count(distinct worker_id_hash) as diagnosed_workers,
        count(distinct case when is_new_case = 1 then worker_id_hash end) as new_cases
    from placed_diagnoses
    group by period_type, period_code

),

annual_reports as (

    select
        reports.reporting_year as year,
        count(*) as annual_report_employers,
        sum(reports.disease_new_cases) as annual_report_new_cases
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }} as reports
    inner join employer_periods
        on reports.employer_tax_code = employer_periods.employer_tax_code
        and employer_periods.period_type = 'year'
        and employer_periods.period_code = cast(reports.reporting_year as {{ dbt.type_string() }})
    where {{ in_served_area('employer_periods.employer_province_code') }}
    group by reports.reporting_year

),

measured as (

    select
        calendar.period_type,
        calendar.period_code,
        calendar.year,
        diseases.disease_code,
        coalesce(exam_reports.reports_received, 0) as exam_reports_received,
        case when exam_reports.reports_received > 0 then coalesce(by_disease.diagnosed_workers, 0) end
            as diagnosed_workers,
        case when exam_reports.reports_received > 0 then coalesce(by_disease.new_cases, 0) end as new_cases,
        case
            when calendar.period_type = 'year' and diseases.disease_code = 'all'
                then coalesce(annual_reports.annual_report_employers, 0)
        end as annual_report_employers,
        case
            when calendar.period_type = 'year' and diseases.disease_code = 'all'
                then annual_reports.annual_report_new_cases
        end as annual_report_new_cases
    from calendar
    cross join diseases
    left join exam_reports
        on calendar.period_type = exam_reports.period_type
        and calendar.period_code = exam_reports.period_code
    left join by_disease
        on calendar.period_type = by_disease.period_type
        and calendar.period_code = by_disease.period_code
        and diseases.disease_code = by_disease.disease_code
    left join annual_reports
        on calendar.year = annual_reports.year

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- keys
    cast(measured.period_type as {{ dbt.type_string() }}) as period_type,
    cast(measured.period_code as {{ dbt.type_string() }}) as period_code,
    cast(measured.year as integer) as year,
    cast(measured.disease_code as {{ dbt.type_string() }}) as disease_code,

    ---------- examinations
    cast(measured.exam_reports_received as integer) as exam_reports_received,
    cast(measured.diagnosed_workers as bigint) as diagnosed_workers,
    cast(measured.new_cases as bigint) as new_cases,
    cast(round({{ poisson_limit('measured.new_cases', 'poisson.lower_95', 'lower') }}, 9) as double) as new_cases_ci_lower,
    cast(round({{ poisson_limit('measured.new_cases', 'poisson.upper_95', 'upper') }}, 9) as double) as new_cases_ci_upper,

    ---------- employers' annual reports (yearly 'all' rows only)
    cast(measured.annual_report_employers as bigint) as annual_report_employers,
    cast(measured.annual_report_new_cases as bigint) as annual_report_new_cases

from measured
left join {{ ref('ref_poisson_ci') }} as poisson
    on measured.new_cases = poisson.observed_count
