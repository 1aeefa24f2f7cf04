{#- Per year, a checksum of everything int_employer_periods reads for that year: the monthly fact's
    files (each file's rows are fixed), and the annual OSH reports' and accident victims' columns it
    uses. A year whose checksum differs from the one its rows were built from is rebuilt; the others
    are kept. -#}
{% macro employer_period_inputs() -%}
    select year, {{ rows_fingerprint(['source', 'input_key']) }} as inputs_fingerprint
    from (
        select distinct year, 'insured_workforce' as source, file_sha256 as input_key
        from {{ ref('fct_insured_workforce_monthly') }}

        union all

        select
            reporting_year,
            'annual_osh_report',
            {{ dbt.concat(["employer_tax_code", "'|'", "coalesce(employer_commune_code, '')", "'|'",
                           "coalesce(sector_code, '')", "'|'",
                           "coalesce(cast(total_workers as " ~ dbt.type_string() ~ "), '')"]) }}
        from {{ ref('stg_enterprise_reports__annual_osh_reports') }}

        union all

        select
            incident_year,
            'accident_register',
            {{ dbt.concat(["employer_tax_code", "'|'", "incident_id", "'|'",
                           "coalesce(cast(incident_date as " ~ dbt.type_string() ~ "), '')", "'|'",
                           "coalesce(employer_commune_code, '')", "'|'", "coalesce(employer_province_code, '')",
                           "'|'", "coalesce(sector_code, '')"]) }}
        from {{ ref('fct_accident_victims') }}
    ) as inputs
    group by year
{%- endmacro %}


{#- In an incremental build, only the rows of the years to rebuild: the calling model's CTE years_to_build. -#}
{% macro where_year_to_build(year_column) -%}
    {% if is_incremental() %}where {{ year_column }} in (select year from years_to_build){% endif %}
{%- endmacro %}
