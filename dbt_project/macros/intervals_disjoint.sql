{#- Whether a change stands out from chance: the two exact 95% intervals do not overlap.

    A conservative test (two non-overlapping 95% intervals imply a difference significant well
    beyond the 5% level), chosen because it also works with zero counts. Null when either interval
    is missing. The same definition as target T1's yoy_distinguishable_from_noise. -#}
{% macro intervals_disjoint(lower_a, upper_a, lower_b, upper_b) -%}
    ({{ lower_a }} > {{ upper_b }} or {{ upper_a }} < {{ lower_b }})
{%- endmacro %}
