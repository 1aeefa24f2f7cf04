{#- First and last month (yyyymm, an integer) of a DHIS2-style period code: a year (2025), a
    half-year (2025S1, 2025S2) or a month (202507). Null for anything else. -#}
{% macro period_start_month(period_code) -%}
    case
        when length({{ period_code }}) = 4
            then cast({{ period_code }} as integer) * 100 + 1
        when length({{ period_code }}) = 6 and substring({{ period_code }}, 5, 1) = 'S'
            then cast(substring({{ period_code }}, 1, 4) as integer) * 100
                + case when substring({{ period_code }}, 6, 1) = '1' then 1 else 7 end
        when length({{ period_code }}) = 6
            then cast({{ period_code }} as integer)
    end
{%- endmacro %}

{% macro period_end_month(period_code) -%}
    case
        when length({{ period_code }}) = 4
            then cast({{ period_code }} as integer) * 100 + 12
        when length({{ period_code }}) = 6 and substring({{ period_code }}, 5, 1) = 'S'
            then cast(substring({{ period_code }}, 1, 4) as integer) * 100
                + case when substring({{ period_code }}, 6, 1) = '1' then 6 else 12 end
        when length({{ period_code }}) = 6
            then cast({{ period_code }} as integer)
    end
{%- endmacro %}
