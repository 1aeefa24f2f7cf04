{#- Per year, a checksum of everything int_accidents_rate_cells reads for that year: the employer registry's
    year (int_employer_periods carries the checksum of its own inputs on every row; its rows are a function
    of them) and the accident victims' columns it uses. A year whose checksum differs from the one its
    cells were built from is rebuilt; the others are kept. -#}
{% macro accident_rate_cell_inputs() -%}
    {{ return(fingerprints_by_year([
        employer_periods_input(),
        {'name': 'accident_victims', 'year': 'incident_year',
         'columns': ['employer_tax_code', 'accident_id', 'incident_half_year', 'is_fatal', 'is_esaw_nonfatal',
                     'days_off', 'under_employer_management'],
         'from': ref('fct_accident_victims')},
    ])) }}
{%- endmacro %}


{#- The employer registry as an input of a model incremental by year: each year's own inputs checksum (its rows are
    a function of it), so a model built on the registry's year is rebuilt when that year is. -#}
{% macro employer_periods_input() -%}
    {{ return({'name': 'employer_periods', 'year': 'year', 'columns': ['inputs_fingerprint'],
               'from': '(select distinct year, inputs_fingerprint from ' ~ ref('int_employer_periods')
                       ~ ') as registry_years'}) }}
{%- endmacro %}


{#- Pre-hook of a model incremental by year whose rows carry their year's inputs_fingerprint: delete the years
    whose inputs changed or are gone, so that the model appends exactly the years it no longer holds (a year
    whose inputs now give no row at all leaves none behind). -#}
{% macro delete_years_whose_inputs_changed(year_inputs_sql) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as built where not exists (
            select 1 from ({{ year_inputs_sql }}) as inputs
            where inputs.year = built.year and inputs.inputs_fingerprint = built.inputs_fingerprint
        )
    {%- endif -%}
{%- endmacro %}
