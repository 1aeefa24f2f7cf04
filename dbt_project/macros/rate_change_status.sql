{#- Year-on-year status of a rate against a required relative change: 'met' / 'not_met' / 'no_data'.

    no_data when either rate is missing. From a previous rate of zero the relative change is
    undefined: for a target to fall, holding at zero is met and any rise is not met; for a target to
    rise, any rise is met and holding at zero is not. Otherwise the relative change is compared with
    the required one by target_status (rounded to 9 decimals, so a change of exactly the required
    size is met). -#}
{% macro rate_change_status(rate, previous_rate, change, required, direction) -%}
    case
        when {{ rate }} is null or {{ previous_rate }} is null then 'no_data'
        when {{ previous_rate }} = 0 then
            {%- if direction == 'decrease' %}
            case when {{ rate }} = 0 then 'met' else 'not_met' end
            {%- else %}
            case when {{ rate }} > 0 then 'met' else 'not_met' end
            {%- endif %}
        else {{ target_status(change, required, direction) }}
    end
{%- endmacro %}
