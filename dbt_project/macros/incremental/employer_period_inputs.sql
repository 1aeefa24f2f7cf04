{#- Per year, a checksum of everything int_employer_periods reads for that year: the monthly fact's
    files (each file's rows are fixed), and the annual OSH reports' and accident victims' columns it
    uses. A year whose checksum differs from the one its rows were built from is rebuilt; the others
    are kept. -#}
{% macro employer_period_inputs() -%}
    {{ return(fingerprints_by_year([
        {'name': 'insured_workforce', 'year': 'year', 'columns': ['file_sha256'],
         'from': '(select distinct year, file_sha256 from ' ~ ref('fct_insured_workforce_monthly') ~ ') as files'},
        {'name': 'annual_osh_report', 'year': 'reporting_year',
         'columns': ['employer_tax_code', 'employer_commune_code', 'sector_code', 'total_workers'],
         'from': ref('stg_enterprise_reports__annual_osh_reports')},
        {'name': 'accident_register', 'year': 'incident_year',
         'columns': ['employer_tax_code', 'incident_id', 'incident_date', 'employer_commune_code',
                     'employer_province_code', 'sector_code'],
         'from': ref('fct_accident_victims')},
    ])) }}
{%- endmacro %}


{#- The years a model incremental by year writes (its CTE years_to_build, over its CTE year_inputs): all of them,
    or in an incremental build those its pre-hook delete_years_whose_inputs_changed left without rows. -#}
{% macro years_left_without_rows() -%}
    select year from year_inputs
    {% if is_incremental() -%}
    where not exists (select 1 from {{ this }} as built where built.year = year_inputs.year)
    {%- endif %}
{%- endmacro %}


{#- In an incremental build, only the rows of the years to rebuild: the calling model's CTE years_to_build. -#}
{% macro where_year_to_build(year_column) -%}
    {% if is_incremental() %}where {{ year_column }} in (select year from years_to_build){% endif %}
{%- endmacro %}
