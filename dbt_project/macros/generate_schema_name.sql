{#- Use the configured schema name as it is (staging, marts, indicators…), not prefixed by the
    target schema: analysts and BI tools read stable schema names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
