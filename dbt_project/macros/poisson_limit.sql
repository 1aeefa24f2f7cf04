{#- One limit of the 95% confidence interval of a Poisson count.

    exact: the limit read from ref_poisson_ci (exact Garwood limits, counts 0..2000), joined by the
    caller on observed_count = count. Beyond 2000 the seed has no row, and the limit comes from the
    Wilson-Hilferty approximation of the chi-square quantiles that define the exact limits:
        lower = k * (1 - 1/(9k) - z / (3 sqrt(k)))^3
        upper = (k+1) * (1 - 1/(9(k+1)) + z / (3 sqrt(k+1)))^3,   z = 1.959963985
    Its relative error at k = 2000 is below 2e-7 (1913.29835 against the exact 1913.29871), and
    it shrinks as k grows. A null count gives a null limit.

    Computed in double precision on every engine: written 1 / (9.0 * k), Spark would divide
    decimals and keep 6 decimal places (0.000056 for k = 2001), moving the limit in its 8th digit.

    bound: 'lower' or 'upper'. -#}
{% macro poisson_limit(count, exact, bound) -%}
    case
        when {{ count }} is null then null
        when {{ exact }} is not null then {{ exact }}
        {%- if bound == 'lower' %}
        else {{ count }} * power(
            1 - 1 / (9 * cast({{ count }} as double))
                - 1.959963985 / (3 * sqrt(cast({{ count }} as double))), 3)
        {%- else %}
        else ({{ count }} + 1) * power(
            1 - 1 / (9 * cast({{ count }} + 1 as double))
                + 1.959963985 / (3 * sqrt(cast({{ count }} + 1 as double))), 3)
        {%- endif %}
    end
{%- endmacro %}
