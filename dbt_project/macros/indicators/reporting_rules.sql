{#- Who is expected to report each family, and for which kind of period (DHIS2's "expected
    reports"): one row per family and period type. The deadlines themselves come from the shared
    seed ref_reporting_deadlines (int_reporting_periods joins it); this list says only which
    periods completeness expects, and from whom.

      accident_summary            employers, the first half-year (S1) and the year: the form is
                                  sent for 2025S1 and for 2025 (the year covers the second half);
      annual_osh_report           employers, the year;
      commune_no_contract_accidents communes, both half-years;
      occupational_disease_exams, health_checks   health facilities, both half-years;
      work_environment_monitoring monitoring bodies, both half-years;
      insured_workforce, insurance_benefits, voluntary_accident_insurance
                                  the insurance fund, every month.
    Accident registers (accident_cases) are not expected: an employer sends one when it has
    accidents to declare, so who should have sent one cannot be known. -#}
{% macro reporting_expectations() -%}
    {%- set expectations = [
        ('accident_summary', 'employer', 'half_year', 'S1'),
        ('accident_summary', 'employer', 'year', none),
        ('annual_osh_report', 'employer', 'year', none),
        ('commune_no_contract_accidents', 'commune', 'half_year', none),
        ('occupational_disease_exams', 'health_facility', 'half_year', none),
        ('health_checks', 'health_facility', 'half_year', none),
        ('work_environment_monitoring', 'monitoring_body', 'half_year', none),
        ('insured_workforce', 'insurance_fund', 'month', none),
        ('insurance_benefits', 'insurance_fund', 'month', none),
        ('voluntary_accident_insurance', 'insurance_fund', 'month', none),
    ] -%}
    {%- for family, sender_kind, period_type, only_half in expectations %}
    select
        '{{ family }}' as family,
        '{{ sender_kind }}' as sender_kind,
        '{{ period_type }}' as period_type,
        {% if only_half %}'{{ only_half }}'{% else %}cast(null as {{ dbt.type_string() }}){% endif %} as only_half
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- The instant a local (UTC+7) calendar day begins, as a timestamp with time zone, so that it
    compares with receipt times stored in UTC on any engine. -#}
{% macro local_day_start(date_expr) -%}
    cast(cast({{ date_expr }} as {{ dbt.type_string() }}) || ' 00:00:00{{ var("reporting_utc_offset") }}' as {{ osh_type_timestamp_tz() }})
{%- endmacro %}
