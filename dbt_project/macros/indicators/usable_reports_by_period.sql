{#- Usable submissions of a report family received per indicator period (period_type, period_code,
    reports_received), from int_submission_receipts: a sender × period with at least one loaded file.

    `sent_per` is how often the family is sent: 'half_year' (health facilities, monitoring bodies:
    a half-year's report also counts for its year) or 'year' (the annual OSH report: it counts for
    the year and for both of its halves). Indicators use it to tell "no report received" (no data)
    from "reports received, nothing in them" (zero). -#}
{% macro usable_reports_by_period(family, sent_per) -%}
    select period_type, period_code, count(*) as reports_received
    from (
        {%- if sent_per == 'half_year' %}
        {%- for period_type in var('indicator_period_types') %}
        select
            '{{ period_type }}' as period_type,
            {% if period_type == 'year' %}substring(period_code, 1, 4){% else %}period_code{% endif %} as period_code,
            sender_id
        from {{ ref('int_submission_receipts') }}
        where family = '{{ family }}' and has_usable_file and length(period_code) = 6
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
        {%- elif sent_per == 'year' %}
        {{ expand_year_to_periods(
            "(select cast(period_code as integer) as reporting_year, sender_id from "
                ~ ref('int_submission_receipts') ~ " where family = '" ~ family
                ~ "' and has_usable_file and length(period_code) = 4) as receipts",
            'reporting_year', ['sender_id']) }}
        {%- else %}
        {{ exceptions.raise_compiler_error("usable_reports_by_period: sent_per must be half_year or year") }}
        {%- endif %}
    ) as reports
    group by period_type, period_code
{%- endmacro %}
