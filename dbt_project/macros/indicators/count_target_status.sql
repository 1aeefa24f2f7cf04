{#- Status of a count that must rise against the compound trajectory baseline × (1 + change)^(t − t0)
    (targets T2 and T3). Year-on-year statuses use the shared macro rate_change_status.

    'no_data' for the baseline year itself and earlier, and when the count or the baseline is
    missing. From a baseline of zero the trajectory is zero and says nothing: any count above zero
    meets it, zero does not (the rule rate_change_status applies to a rise from zero). Otherwise
    target_status compares the count with the trajectory value, both rounded to 9 decimals, so a
    count exactly on the trajectory (20 × 1.05 = 21) is met despite floating-point error. -#}
{% macro count_trajectory_status(year, baseline_year, current_count, baseline_count, trajectory_count) -%}
    case
        when {{ year }} <= {{ baseline_year }} then 'no_data'
        when {{ current_count }} is null or {{ baseline_count }} is null then 'no_data'
        when {{ baseline_count }} = 0 then case when {{ current_count }} > 0 then 'met' else 'not_met' end
        else {{ target_status(current_count, trajectory_count, 'increase') }}
    end
{%- endmacro %}
