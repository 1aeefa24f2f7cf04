{#- The raw layer on Spark: every dbt source in schema `raw` becomes an external Parquet table over
    its folder <OSH_RAW_PARQUET_DIR>/<table>, written by the orchestration's raw export
    (orchestration/spark/raw_export.py). Run at the start of every dbt invocation (on-run-start in
    dbt_project.yml). Dropping an external table keeps its files; creating it again reads the
    folder's current files and schema, so a new export or a new template column is seen at once.

    On DuckDB the raw tables are the ingestion's own tables: nothing to do, no SQL is run. -#}
{% macro register_raw_layer() -%}
    {{ return(adapter.dispatch('register_raw_layer')()) }}
{%- endmacro %}

{% macro default__register_raw_layer() -%}
{%- endmacro %}

{% macro spark__register_raw_layer() -%}
    {%- if execute -%}
        {%- set root = env_var('OSH_RAW_PARQUET_DIR', env_var('OSH_SPARK_WAREHOUSE_DIR', '../data/spark') ~ '/raw') -%}
        {%- set tables = [] -%}
        {%- for source in graph.sources.values() | sort(attribute='identifier') -%}
            {%- if source.schema == 'raw' and source.identifier not in tables -%}
                {%- do tables.append(source.identifier) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for table in tables -%}
            {%- do run_query('drop table if exists raw.' ~ table) -%}
            {%- do run_query("create table raw." ~ table ~ " using parquet location '"
                             ~ root.rstrip('/') ~ "/" ~ table ~ "'") -%}
        {%- endfor -%}
        {{ log('raw layer: ' ~ tables | length ~ ' Parquet tables registered from ' ~ root, info=true) }}
    {%- endif -%}
{%- endmacro %}
