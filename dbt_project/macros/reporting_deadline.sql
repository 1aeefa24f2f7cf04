{#- The date before which a report is due: day `due_day` of the month that falls
    `months_after_period_end` months after the period's last month (ref_reporting_deadlines).

    last_month_start: the first day of the period's last month (a date). -#}
{% macro reporting_deadline(last_month_start, months_after_period_end, due_day) -%}
    cast({{ dbt.dateadd('day', '(' ~ due_day ~ ') - 1',
                        dbt.dateadd('month', months_after_period_end, last_month_start)) }} as date)
{%- endmacro %}
