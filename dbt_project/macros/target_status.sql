{#- 'met' / 'not_met' / 'no_data' for an actual value against a required value.

    direction 'decrease': met when actual <= required; 'increase': met when actual >= required.
    Rounded to 9 decimals so that a change of exactly the required size counts as met despite
    floating-point error. -#}
{% macro target_status(actual, required, direction) -%}
    case
        when {{ actual }} is null or {{ required }} is null then 'no_data'
        when round({{ actual }}, 9) {{ '<=' if direction == 'decrease' else '>=' }} round({{ required }}, 9) then 'met'
        else 'not_met'
    end
{%- endmacro %}
