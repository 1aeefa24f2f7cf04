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
