{#- Per year, a checksum of everything the T2 cells (int_t2_examined_cells) read for that year: the employer
    registry's year (its rows carry the checksum of their own inputs), the examinations' and the annual OSH
    reports' columns the model uses. -#}
{% macro t2_cell_inputs() -%}
    {{ return(fingerprints_by_year([
        employer_periods_input(),
        {'name': 'occupational_disease_exams', 'year': 'exam_year',
         'columns': ['worker_id_hash', 'employer_tax_code', 'employer_commune_code', 'employer_province_code',
                     'exam_half_year'],
         'from': ref('fct_occupational_disease_exams')},
        {'name': 'annual_osh_report', 'year': 'reporting_year',
         'columns': ['employer_tax_code', 'heavy_hazardous_workers'],
         'from': ref('stg_enterprise_reports__annual_osh_reports')},
    ])) }}
{%- endmacro %}


{#- The same for the T3 cells (int_t3_monitored_cells): the registry's year, the monitoring bodies' results and
    the annual OSH reports' harmful-factor flags. -#}
{% macro t3_cell_inputs() -%}
    {{ return(fingerprints_by_year([
        employer_periods_input(),
        {'name': 'monitoring_samples', 'year': 'year',
         'columns': ['employer_tax_code', 'employer_commune_code', 'employer_province_code', 'half_year'],
         'from': '(select * from ' ~ ref('fct_monitoring_samples') ~ " where data_source = 'monitoring_body') as samples"},
        {'name': 'annual_osh_report', 'year': 'reporting_year',
         'columns': ['employer_tax_code', 'has_harmful_factors'],
         'from': ref('stg_enterprise_reports__annual_osh_reports')},
    ])) }}
{%- endmacro %}


{#- The same for the expected senders (int_reporting_expected_senders): the reporting periods of the year (what
    each family expects, and when) and the registry's year; the facility registry and the communes are seeds,
    whose change is a full refresh. -#}
{% macro expected_sender_inputs() -%}
    {{ return(fingerprints_by_year([
        employer_periods_input(),
        {'name': 'reporting_periods', 'year': 'year',
         'columns': ['family', 'sender_kind', 'period_type', 'period_code', 'period_start', 'next_period_start',
                     'due_date'],
         'from': ref('int_reporting_periods')},
    ])) }}
{%- endmacro %}


{#- The registry's placement of each employer-period (commune, province, sector, size band) in the years a cells
    model builds: a subquery, named where it is joined (DuckDB writes out whole a CTE read twice). -#}
{% macro employer_placement_of_years_to_build() -%}
    select employer_tax_code, period_type, period_code, employer_province_code, employer_commune_code,
        sector_code, size_band
    from {{ ref('int_employer_periods') }}
    {{ where_year_to_build('year') }}
{%- endmacro %}


{#- The same for the completeness counts (int_reporting_completeness_counts): the year's expected senders (their
    rows carry the checksum of their own inputs), its periods' deadlines, and the receipts of its periods. -#}
{% macro reporting_completeness_inputs() -%}
    {{ return(fingerprints_by_year([
        {'name': 'expected_senders', 'year': 'year', 'columns': ['inputs_fingerprint'],
         'from': '(select distinct year, inputs_fingerprint from ' ~ ref('int_reporting_expected_senders')
                 ~ ') as expected_years'},
        {'name': 'reporting_periods', 'year': 'year', 'columns': ['family', 'period_code', 'due_before'],
         'from': ref('int_reporting_periods')},
        {'name': 'submission_receipts', 'year': 'periods.year',
         'columns': ['receipts.family', 'receipts.period_code', 'receipts.sender_id', 'receipts.first_received_at',
                     'receipts.files_received', 'receipts.has_usable_file'],
         'from': ref('int_submission_receipts') ~ ' as receipts inner join ' ~ ref('int_reporting_periods')
                 ~ ' as periods on receipts.family = periods.family and receipts.period_code = periods.period_code'},
    ])) }}
{%- endmacro %}
