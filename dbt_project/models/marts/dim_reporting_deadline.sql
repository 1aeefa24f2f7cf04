{#- The reporting deadline of each report family for each period of dim_period, one row per period
    and family that reports for that kind of period (ref_reporting_deadlines): the form that the
    completeness and timeliness indicators join on (family, period). A report is on time when it
    arrives before due_before, a local (Vietnam, UTC+7) date. -#}
with

periods as (

    select
        period_code,
        period_type,
        half_year_number,
        cast({{ dbt.dateadd('month', 'months - 1', 'start_date') }} as date) as last_month_start
    from {{ ref('dim_period') }}

)

select
    ---------- key
    periods.period_code,
    rules.family,

    ---------- the deadline
    periods.period_type,
    {{ reporting_deadline('periods.last_month_start', 'rules.months_after_period_end', 'rules.due_day') }}
        as due_before,

    ---------- the rule it comes from
    rules.code as rule_code,
    rules.rule_vi,
    rules.rule_en,
    rules.legal_basis,
    rules.is_provisional

from periods
inner join {{ ref('ref_reporting_deadlines') }} as rules
    on periods.period_type = rules.period_type
    and (coalesce(rules.period_part, '') = ''
        or rules.period_part = {{ dbt.concat(["'S'", "cast(periods.half_year_number as " ~ dbt.type_string() ~ ")"]) }})
