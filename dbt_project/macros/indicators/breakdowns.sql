{#- Cutting indicator tables by period type and by breakdown.

    Indicator tables are long: one row per period × breakdown × member, where breakdown is
    'province' (the served province, as a whole), 'commune' (current commune code), 'sector' (VSIC
    section) or 'size_band' (Decree 80/2021). The lists come from the vars indicator_period_types
    and indicator_breakdowns. An employer whose sector or size band is not known in the period is
    counted under breakdown_code 'unknown', so the members of a breakdown still cover the province. -#}

{#- The period code of a row for one period type, from its year and half-year columns. -#}
{% macro period_code_of(period_type, year_column, half_year_column) -%}
    {%- if period_type == 'year' -%}
        cast({{ year_column }} as {{ dbt.type_string() }})
    {%- elif period_type == 'half_year' -%}
        {{ half_year_column }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("period_code_of: unknown period type " ~ period_type) }}
    {%- endif -%}
{%- endmacro %}

{#- The half-year code (2025S1, 2025S2) of a date. -#}
{% macro half_year_code(date_column) -%}
    cast(extract(year from {{ date_column }}) as {{ dbt.type_string() }})
        || case when extract(month from {{ date_column }}) <= 6 then 'S1' else 'S2' end
{%- endmacro %}

{#- Rows of `relation` repeated once per period type of var indicator_period_types, with
    period_type, period_code and year in front of `columns`. The relation has a year column and a
    half-year column (names given). -#}
{% macro expand_to_periods(relation, year_column, half_year_column, columns) -%}
    {%- for period_type in var('indicator_period_types') %}
    select
        '{{ period_type }}' as period_type,
        {{ period_code_of(period_type, year_column, half_year_column) }} as period_code,
        cast({{ year_column }} as integer) as year,
        {{ columns | join(', ') }}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- The member code of a row in one breakdown. The relation carries province_code, commune_code,
    sector_code and size_band. -#}
{% macro breakdown_code_of(breakdown) -%}
    {%- if breakdown == 'province' -%} province_code
    {%- elif breakdown == 'commune' -%} coalesce(commune_code, 'unknown')
    {%- elif breakdown == 'sector' -%} coalesce(sector_code, 'unknown')
    {%- elif breakdown == 'size_band' -%} coalesce(size_band, 'unknown')
    {%- else -%} {{ exceptions.raise_compiler_error("breakdown_code_of: unknown breakdown " ~ breakdown) }}
    {%- endif -%}
{%- endmacro %}

{#- Rows of `relation` repeated once per breakdown of var indicator_breakdowns, with breakdown and
    breakdown_code in front of `columns`. -#}
{% macro unpivot_breakdowns(relation, columns) -%}
    {%- for breakdown in var('indicator_breakdowns') %}
    select
        '{{ breakdown }}' as breakdown,
        {{ breakdown_code_of(breakdown) }} as breakdown_code,
        {{ columns | join(', ') }}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- Rows of `relation`, whose figures hold for a whole year (an annual report), repeated for each
    period type of var indicator_period_types: once for the year, and for each of its two halves. -#}
{% macro expand_year_to_periods(relation, year_column, columns) -%}
    {%- for period_type in var('indicator_period_types') %}
    {%- if period_type == 'year' %}
    select
        'year' as period_type,
        cast({{ year_column }} as {{ dbt.type_string() }}) as period_code,
        cast({{ year_column }} as integer) as year,
        {{ columns | join(', ') }}
    from {{ relation }}
    {%- elif period_type == 'half_year' %}
    select
        'half_year' as period_type,
        cast({{ year_column }} as {{ dbt.type_string() }}) || halves.half as period_code,
        cast({{ year_column }} as integer) as year,
        {{ columns | join(', ') }}
    from {{ relation }}
    cross join (select 'S1' as half union all select 'S2' as half) as halves
    {%- else %}
    {{ exceptions.raise_compiler_error("expand_year_to_periods: unknown period type " ~ period_type) }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- The period types of var indicator_period_types as an SQL list: 'year', 'half_year'. -#}
{% macro indicator_period_type_list() -%}
    '{{ var("indicator_period_types") | join("', '") }}'
{%- endmacro %}
