{#- Reporting periods: every month, half-year and year from the first to the last period seen in
    any loaded report (raw.files), with DHIS2-style codes (202507, 2025S1, 2025), start and end dates,
    and the reporting deadline of each report family for that period.

    Deadlines come from the seed ref_reporting_deadlines (the province edits the rules there, not
    here): the report is due BEFORE the date shown, a local (Vietnam) date. A family that does not
    report for a kind of period has no deadline for it (null): accident summaries are half-yearly and
    annual, accident registers and the commune reports half-yearly, the annual OSH report yearly, the
    insurance extracts monthly, health facilities and monitoring bodies half-yearly. The same dates,
    one row per period and family, are in dim_reporting_deadline. -#}
with

periods_seen as (

    select period
    from {{ source('warehouse', 'files') }}
    where status = 'loaded' and period is not null

),

bounds as (

    select
        min({{ period_start_month('period') }}) as first_month,
        max({{ period_end_month('period') }}) as last_month
    from periods_seen

),

---------- a small number table (0..99 years) and the twelve months, in standard SQL
digits as (

    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9

),

month_numbers as (

    select tens.d * 10 + units.d as month_number
    from digits as tens
    cross join digits as units
    where tens.d * 10 + units.d between 1 and 12

),

years as (

    select cast(floor(bounds.first_month / 100) as integer) + tens.d * 10 + units.d as year
    from bounds
    cross join digits as tens
    cross join digits as units
    where cast(floor(bounds.first_month / 100) as integer) + tens.d * 10 + units.d
        <= cast(floor(bounds.last_month / 100) as integer)

),

months as (

    select
        years.year,
        month_numbers.month_number,
        years.year * 100 + month_numbers.month_number as month_code
    from years
    cross join month_numbers
    cross join bounds
    where years.year * 100 + month_numbers.month_number between bounds.first_month and bounds.last_month

),

---------- the three kinds of period, each with its first month and its length in months
periods as (

    select
        'month' as period_type,
        cast(month_code as {{ dbt.type_string() }}) as period_code,
        year,
        case when month_number <= 6 then 1 else 2 end as half_year_number,
        month_number,
        month_number as first_month_number,
        1 as months
    from months

    union all

    select distinct
        'half_year',
        {{ dbt.concat(["cast(year as " ~ dbt.type_string() ~ ")",
                       "case when month_number <= 6 then 'S1' else 'S2' end"]) }},
        year,
        case when month_number <= 6 then 1 else 2 end,
        cast(null as integer),
        case when month_number <= 6 then 1 else 7 end,
        6
    from months

    union all

    select distinct
        'year',
        cast(year as {{ dbt.type_string() }}),
        year,
        cast(null as integer),
        cast(null as integer),
        1,
        12
    from months

),

dated as (

    select
        periods.*,
        cast({{ dbt.concat(["cast(year as " ~ dbt.type_string() ~ ")", "'-'",
                            "lpad(cast(first_month_number as " ~ dbt.type_string() ~ "), 2, '0')", "'-01'"]) }}
            as date) as start_date
    from periods

),

bounded as (

    select
        dated.*,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 'months', 'start_date')) }} as date) as end_date,
        cast({{ dbt.dateadd('month', 'months - 1', 'start_date') }} as date) as last_month_start
    from dated

),

---------- deadlines: each period × the rules of its kind (and of its half, where a rule names one)
deadlines as (

    select
        bounded.period_code,
        rules.family,
        {{ reporting_deadline('bounded.last_month_start', 'rules.months_after_period_end', 'rules.due_day') }}
            as due_before
    from bounded
    inner join {{ ref('ref_reporting_deadlines') }} as rules
        on bounded.period_type = rules.period_type
        and (coalesce(rules.period_part, '') = ''
            or rules.period_part = {{ dbt.concat(["'S'", "cast(bounded.half_year_number as " ~ dbt.type_string() ~ ")"]) }})

)

select
    ---------- key
    bounded.period_code,
    bounded.period_type,

    ---------- calendar
    bounded.year,
    bounded.half_year_number,
    bounded.month_number,
    case when bounded.period_type <> 'year'
        then {{ dbt.concat(["cast(bounded.year as " ~ dbt.type_string() ~ ")",
                            "case when bounded.half_year_number = 1 then 'S1' else 'S2' end"]) }}
    end as half_year_code,
    cast(bounded.year as {{ dbt.type_string() }}) as year_code,
    bounded.start_date,
    bounded.end_date,
    bounded.months,
    -- reports for periods that end before the 2025 reform carry legacy commune codes
    bounded.start_date < cast('2025-07-01' as date) as is_before_commune_reform,

    ---------- reporting deadlines: due before this local date (null = the family does not report for this kind of period)
    max(case when deadlines.family = 'accident_summary' then deadlines.due_before end) as accident_summary_due_before,
    max(case when deadlines.family = 'accident_cases' then deadlines.due_before end) as accident_cases_due_before,
    max(case when deadlines.family = 'annual_osh_report' then deadlines.due_before end) as annual_osh_report_due_before,
    max(case when deadlines.family = 'commune_no_contract_accidents' then deadlines.due_before end)
        as commune_no_contract_accidents_due_before,
    max(case when deadlines.family = 'occupational_disease_exams' then deadlines.due_before end)
        as occupational_disease_exams_due_before,
    max(case when deadlines.family = 'health_checks' then deadlines.due_before end) as health_checks_due_before,
    max(case when deadlines.family = 'work_environment_monitoring' then deadlines.due_before end)
        as work_environment_monitoring_due_before,
    max(case when deadlines.family = 'insured_workforce' then deadlines.due_before end) as insured_workforce_due_before,
    max(case when deadlines.family = 'insurance_benefits' then deadlines.due_before end) as insurance_benefits_due_before,
    max(case when deadlines.family = 'voluntary_accident_insurance' then deadlines.due_before end)
        as voluntary_accident_insurance_due_before

from bounded
left join deadlines on bounded.period_code = deadlines.period_code
group by
    bounded.period_code, bounded.period_type, bounded.year, bounded.half_year_number, bounded.month_number,
    bounded.start_date, bounded.end_date, bounded.months
