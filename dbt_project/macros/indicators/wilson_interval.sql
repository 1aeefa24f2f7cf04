{#- Wilson score 95% interval of a proportion x / n (Wilson 1927; Newcombe 1998, method 3).

    With z = 1.959963985 and written without p so that it stays exact at x = 0 and x = n:
        centre ± half-width = (x + z²/2 ± z × √(x(n − x)/n + z²/4)) / (n + z²)
    Bounded by 0 and 1 exactly at the ends (x = 0 gives 0, x = n gives 1). Null when n is 0 or null.
    Standard SQL only (sqrt, arithmetic), so every engine computes the same value. -#}

{% macro wilson_lower(successes, trials) -%}
    case
        when {{ trials }} is null or {{ trials }} = 0 then null
        when {{ successes }} = 0 then 0.0
        else (
            {{ successes }} + 1.959963985 * 1.959963985 / 2
            - 1.959963985 * sqrt(
                cast({{ successes }} as double) * ({{ trials }} - {{ successes }}) / {{ trials }}
                + 1.959963985 * 1.959963985 / 4
            )
        ) / ({{ trials }} + 1.959963985 * 1.959963985)
    end
{%- endmacro %}

{% macro wilson_upper(successes, trials) -%}
    case
        when {{ trials }} is null or {{ trials }} = 0 then null
        when {{ successes }} = {{ trials }} then 1.0
        else (
            {{ successes }} + 1.959963985 * 1.959963985 / 2
            + 1.959963985 * sqrt(
                cast({{ successes }} as double) * ({{ trials }} - {{ successes }}) / {{ trials }}
                + 1.959963985 * 1.959963985 / 4
            )
        ) / ({{ trials }} + 1.959963985 * 1.959963985)
    end
{%- endmacro %}
