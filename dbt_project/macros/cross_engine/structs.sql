{#- A struct of named columns: DuckDB's struct_pack, Spark's named_struct; a field is read as
    <struct>.<name> on both. With max_by, it carries a whole row's attributes through one aggregate: the
    row with the greatest key, without a window's sort or a join back (docs/performance.md, round 12). -#}
{% macro osh_struct(columns) -%}
    {{ return(adapter.dispatch('osh_struct')(columns)) }}
{%- endmacro %}

{% macro default__osh_struct(columns) -%}
    struct_pack({% for column in columns %}{{ column }} := {{ column }}{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro spark__osh_struct(columns) -%}
    named_struct({% for column in columns %}'{{ column }}', {{ column }}{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}
