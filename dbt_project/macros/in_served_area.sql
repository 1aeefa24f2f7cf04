{#- True where a province code lies in the area the warehouse serves: the province of var province_code,
    or, for a national warehouse (province_code 'all'), any province (a code is known). Every filter to
    "the served province" goes through here, so that one var switches a warehouse from one to all. -#}
{% macro in_served_area(province_code_expression) -%}
    {%- if var('province_code') == 'all' -%}
        ({{ province_code_expression }}) is not null
    {%- else -%}
        ({{ province_code_expression }}) = '{{ var("province_code") }}'
    {%- endif -%}
{%- endmacro %}


{#- The code of a 'province' breakdown row: the province's own code, or, in a national warehouse, 'all'
    (the served area: the whole country), as the T2 and T3 indicators write var province_code. -#}
{% macro served_area_code(province_code_expression) -%}
    {%- if var('province_code') == 'all' -%}
        'all'
    {%- else -%}
        {{ province_code_expression }}
    {%- endif -%}
{%- endmacro %}
