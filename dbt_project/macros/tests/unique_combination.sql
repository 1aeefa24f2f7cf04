{#- Generic test: the combination of columns is unique (dbt_utils' unique_combination_of_columns,
    written here because the dbt hub is unreachable from air-gapped servers).

    batch_column (optional, models incremental on DuckDB): a column naming the batch each row was written in —
    a source file's checksum, a year's inputs checksum — where a batch's rows are written together and never
    changed after. Then only the keys of rows in batches the table did not hold when this test last passed
    are checked, against every row: a duplicate made only of older rows was there at that pass and would have
    failed it. Which batches those were is recorded after each pass (macro record_tested_batches). A full
    refresh, a first build and Spark (whose tables are rebuilt whole) check every key. -#}
{% test unique_combination(model, columns, batch_column=none) %}
{%- set scoped = batch_column is not none and target.type == 'duckdb' and not flags.FULL_REFRESH %}
{%- if scoped %}
with untested_keys as (

    select distinct {{ columns | join(', ') }}
    from {{ model }}
    where {{ batch_column }} is null or {{ batch_column }} not in (
        select batch from {{ tested_batches_relation() }}
        where test_key = '{{ tested_batches_key(model, columns) }}'
    )

)

select {% for column in columns %}checked.{{ column }}, {% endfor %}count(*) as occurrences
from {{ model }} as checked
semi join untested_keys
    on {% for column in columns %}{% if not loop.first %} and {% endif %}checked.{{ column }} is not distinct from untested_keys.{{ column }}{% endfor %}
group by {% for column in columns %}{% if not loop.first %}, {% endif %}checked.{{ column }}{% endfor %}
having count(*) > 1
{%- else %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{%- endif %}
{% endtest %}
