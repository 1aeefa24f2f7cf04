{#- Generic test: every non-null value of the column lies between min_value and max_value
    (inclusive), e.g. a share between 0 and 1. -#}
{% test within_range(model, column_name, min_value, max_value) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
