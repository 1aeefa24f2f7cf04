{#- The batches each batch-scoped unique test last passed on (macro unique_combination's batch_column): one row
    per test and batch. DuckDB only; it lives in the warehouse beside the tables it speaks of, so a warehouse
    copied or restored carries the record of its own tables. -#}
{% macro tested_batches_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema='build_state', identifier='tested_batches')) }}
{%- endmacro %}

{% macro tested_batches_key(model, columns) -%}
    {{ return(model.schema ~ '.' ~ model.identifier ~ ':' ~ columns | join(',')) }}
{%- endmacro %}

{#- on-run-start: the record's table, so that a test can read it on the first build. -#}
{% macro create_tested_batches() -%}
    {%- if target.type == 'duckdb' -%}
        create schema if not exists {{ tested_batches_relation().include(identifier=false) }};
        create table if not exists {{ tested_batches_relation() }} (
            test_key varchar not null, batch varchar not null, passed_at timestamp not null
        )
    {%- endif -%}
{%- endmacro %}

{#- on-run-end: for every batch-scoped test that passed in this invocation, the batches its model holds now
    (the model is not written again after its tests within an invocation). A test that failed, warned or did not
    run keeps its older record, so its next run checks every batch since. -#}
{% macro record_tested_batches(results) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- for result in results
            if result.node.resource_type == 'test' and result.status == 'pass'
            and result.node.test_metadata is not none and result.node.test_metadata.name == 'unique_combination'
            and result.node.test_metadata.kwargs.get('batch_column') is not none -%}
            {%- set kwargs = result.node.test_metadata.kwargs -%}
            {%- set tested = graph.nodes[result.node.attached_node] -%}
            {%- set relation = api.Relation.create(database=tested.database, schema=tested.schema,
                                                   identifier=tested.alias) -%}
            {%- set key = tested_batches_key(relation, kwargs['columns']) -%}
            delete from {{ tested_batches_relation() }} where test_key = '{{ key }}';
            insert into {{ tested_batches_relation() }}
            select distinct '{{ key }}', {{ kwargs['batch_column'] }}, current_timestamp from {{ relation }}
            where {{ kwargs['batch_column'] }} is not null;
        {% endfor -%}
    {%- endif -%}
{%- endmacro %}
