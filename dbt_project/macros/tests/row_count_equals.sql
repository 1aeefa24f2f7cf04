{#- Generic test: the model has exactly `expected` rows (e.g. the 35 compensable diseases). -#}
{% test row_count_equals(model, expected) %}
select count(*) as actual_rows
from {{ model }}
having count(*) <> {{ expected }}
{% endtest %}
