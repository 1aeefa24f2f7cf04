{#- Generic test: none of the listed columns holds a null. One row per column that does, with how many rows
    hold a null in it (so a failure names the column).

    One test per model rather than dbt's not_null per column: every test is a node of the nightly build, and
    a node costs about 0.07 s of dbt's time (compiling, logging, a query) and one asset-check event in Dagster,
    whatever its query. Folding 171 not_null tests into 45 took a province night's build from 432 nodes to
    306 and dbt's own time from 25 s to 17 s (benchmarks/findings.md, round 16). One scan of the model counts
    the nulls of every column. -#}
{% test not_null_columns(model, column_names) %}
with null_counts as (

    select
        {%- for column in column_names %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}

)

{% for column in column_names -%}
select '{{ column }}' as column_name, nulls_{{ loop.index }} as null_rows
from null_counts
where nulls_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
{% endtest %}
