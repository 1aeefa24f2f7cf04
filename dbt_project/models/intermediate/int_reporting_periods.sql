{#- Each report family's reporting periods, with the deadline: one row per family × period that has
    ended by the warehouse's as-of time, for the families and period kinds that completeness expects
    (macro reporting_expectations).

    Deadlines come from the shared seed ref_reporting_deadlines, computed as dim_reporting_deadline
    does (macro reporting_deadline): day due_day of the month that falls months_after_period_end
    months after the period's last month. due_date is the local day BEFORE which the report must
    first arrive ("trước ngày 05 tháng 7": a file first received on 5 July is late); due_before is
    the instant that day begins in Vietnam (UTC+7), comparable with receipt times stored in UTC.
    deadline_passed says whether that instant had come by the as-of time. -#}
with

calendar as (

    select * from {{ ref('int_calendar_periods') }}
    where has_ended

),

expectations as (

    {{ reporting_expectations() }}

),

deadline_rules as (

    select * from {{ ref('ref_reporting_deadlines') }}

),

periods as (

    select
        expectations.family,
        expectations.sender_kind,
        calendar.period_type,
        calendar.period_code,
        calendar.year,
        calendar.period_start,
        calendar.next_period_start,
        {{ reporting_deadline(
            'cast(' ~ dbt.dateadd('month', -1, 'calendar.next_period_start') ~ ' as date)',
            'deadline_rules.months_after_period_end', 'deadline_rules.due_day') }} as due_date,
        deadline_rules.is_provisional as is_deadline_provisional,
        deadline_rules.legal_basis as deadline_basis,
        calendar.as_of_at
    from calendar
    inner join expectations
        on calendar.period_type = expectations.period_type
        and (expectations.only_half is null or calendar.half = expectations.only_half)
    -- a left join: an expected family without a deadline rule fails the not_null test on due_date
    left join deadline_rules
        on expectations.family = deadline_rules.family
        and calendar.period_type = deadline_rules.period_type
        and (coalesce(deadline_rules.period_part, '') = '' or deadline_rules.period_part = calendar.half)

)

select
    family,
    sender_kind,
    period_type,
    period_code,
    year,
    period_start,
    next_period_start,
    due_date,
    {{ local_day_start('due_date') }} as due_before,
    is_deadline_provisional,
    deadline_basis,
    {{ local_day_start('due_date') }} <= as_of_at as deadline_passed,
    as_of_at
from periods
