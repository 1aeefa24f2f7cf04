{#- Types whose names differ between engines. Each is a dispatched macro: the default (DuckDB, and
    standard SQL) and Spark's version side by side. Text is dbt's own {{ dbt.type_string() }}
    (DuckDB: VARCHAR, Spark: string). -#}

{#- A timestamp with time zone, an instant: Spark's timestamp is one (TIMESTAMP_LTZ). -#}
{% macro osh_type_timestamp_tz() -%}
    {{ return(adapter.dispatch('osh_type_timestamp_tz')()) }}
{%- endmacro %}

{% macro default__osh_type_timestamp_tz() -%}
    timestamp with time zone
{%- endmacro %}

{% macro spark__osh_type_timestamp_tz() -%}
    timestamp
{%- endmacro %}
