{#- Seeds on Spark. The code lists declare their text columns `varchar` (column_types in the seeds'
    YAML, so that leading zeros survive; tests/reference check it). DuckDB takes `varchar` as it is;
    Spark wants a length (varchar(n)) or `string`: each declared type goes through seed_column_type.
    spark__create_csv_table is dbt-spark 1.11's with that one change; spark__load_csv_rows also
    writes the values as escaped literals (below). Other engines keep dbt's own seed macros. -#}

{% macro seed_column_type(declared_type) -%}
    {{ return(adapter.dispatch('seed_column_type')(declared_type)) }}
{%- endmacro %}

{% macro default__seed_column_type(declared_type) -%}
    {{ return(declared_type) }}
{%- endmacro %}

{% macro spark__seed_column_type(declared_type) -%}
    {%- if declared_type | lower | trim in ('varchar', 'text', 'char', 'bpchar') -%}
        {{ return(dbt.type_string()) }}
    {%- endif -%}
    {{ return(declared_type) }}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = seed_column_type(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{#- dbt-spark's session method binds seed values by pasting them between quotes, unescaped: a quote
    in a value breaks the statement, and an empty cell becomes the text 'None'. Here every value is
    written as an escaped literal instead, and an empty cell as null, as DuckDB loads it. -#}
{% macro spark__load_csv_rows(model, agate_table) %}

  {% set batch_size = get_batch_size() %}
  {% set column_override = model['config'].get('column_types', {}) %}
  {% set types = [] %}
  {% for col_name in agate_table.column_names %}
      {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
      {% do types.append(seed_column_type(column_override.get(col_name, inferred_type))) %}
  {% endfor %}

  {% set statements = [] %}

  {% for chunk in agate_table.rows | batch(batch_size) %}
      {% set sql %}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for value in row -%}
                  {{ spark_seed_literal(value, types[loop.index0]) }}
                  {%- if not loop.last %}, {% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},{% endif %}
          {% endfor %}
      {% endset %}

      {% do adapter.add_query(sql, abridge_sql_log=True) %}

      {% if loop.index0 == 0 %}
          {% do statements.append(sql) %}
      {% endif %}
  {% endfor %}

  {# Return SQL so we can render it out into the compiled files #}
  {{ return(statements[0]) }}
{% endmacro %}

{#- One CSV value as a Spark SQL literal of the column's type. Spark string literals treat the
    backslash as an escape character, so it is escaped as well as the quote. -#}
{% macro spark_seed_literal(value, type) -%}
    {%- if value is none -%}
        cast(null as {{ type }})
    {%- elif value is sameas true -%}
        cast(true as {{ type }})
    {%- elif value is sameas false -%}
        cast(false as {{ type }})
    {%- else -%}
        cast('{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}' as {{ type }})
    {%- endif -%}
{%- endmacro %}
