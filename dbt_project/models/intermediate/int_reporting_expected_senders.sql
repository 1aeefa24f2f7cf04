{#- Who is expected to send each report family for each period (DHIS2's "expected reports"): one row
    per family × period × sender, with the current commune that places the sender (null for
    facilities and the fund, which report for the province as a whole).

      employers        every employer with insured workers in the period (months_insured > 0 in
                       int_employer_periods), placed in the served province by its commune in the
                       period: the first-half-year and annual accident summaries, and the annual
                       OSH report;
      health facilities and monitoring bodies
                       the registry dim_reporting_facility (seed ref_reporting_facilities), each
                       for its own family, for every period that overlaps its active dates;
      insurance fund   one sender, 'insurance_fund', one file per month per family;
      communes         the commune People's Committees: for reports due before the commune
                       reform (var commune_reform_date), the legacy units that now belong to the
                       served province (ref_commune_crosswalk), each placed in its current commune;
                       from the reform on, the province's current communes.

    Incremental by year on DuckDB (docs/performance.md, round 11): a period's senders depend on that year's
    reporting periods and employer registry alone (the facility registry and the communes are seeds, whose
    change is a full refresh); every row carries its year's inputs checksum (macro expected_sender_inputs). -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_years_whose_inputs_changed(expected_sender_inputs()) }}",
) }}

with

year_inputs as (

    {{ expected_sender_inputs() }}

),

-- the years this build writes: all of them, or in an incremental build those the pre-hook left without rows
years_to_build as (

    {{ years_left_without_rows() }}

),

periods as (

    select * from {{ ref('int_reporting_periods') }}
    {{ where_year_to_build('year') }}

),

employer_periods as (

    select * from {{ ref('int_employer_periods') }}
    where months_insured > 0
        and {{ in_served_area('employer_province_code') }}
        {% if is_incremental() %}and year in (select year from years_to_build){% endif %}

),

facilities as (

    select * from {{ ref('dim_reporting_facility') }}

),

current_communes as (

    select commune_code
    from {{ ref('ref_communes') }}
    where {{ in_served_area('province_code') }}

),

legacy_communes as (

    select crosswalk.legacy_commune_code, crosswalk.commune_code
    from {{ ref('ref_commune_crosswalk') }} as crosswalk
    inner join current_communes on crosswalk.commune_code = current_communes.commune_code

),

employers_expected as (

    select
        periods.family,
        periods.period_code,
        employer_periods.employer_tax_code as sender_id,
        employer_periods.employer_commune_code as commune_code
    from periods
    inner join employer_periods
        on periods.period_type = employer_periods.period_type
        and periods.period_code = employer_periods.period_code
    where periods.sender_kind = 'employer'

),

facilities_expected as (

    select
        periods.family,
        periods.period_code,
        facilities.facility_code as sender_id,
        cast(null as {{ dbt.type_string() }}) as commune_code
    from periods
    inner join facilities
        on periods.family = facilities.report_family
        and facilities.active_from < periods.next_period_start
        and (facilities.active_to is null or facilities.active_to >= periods.period_start)
    where periods.sender_kind in ('health_facility', 'monitoring_body')

),

fund_expected as (

    select
        periods.family,
        periods.period_code,
        'insurance_fund' as sender_id,
        cast(null as {{ dbt.type_string() }}) as commune_code
    from periods
    where periods.sender_kind = 'insurance_fund'

),

communes_expected as (

    select
        periods.family,
        periods.period_code,
        legacy_communes.legacy_commune_code as sender_id,
        legacy_communes.commune_code
    from periods
    cross join legacy_communes
    where periods.sender_kind = 'commune'
        and periods.due_date < cast('{{ var("commune_reform_date") }}' as date)

    union all

    select
        periods.family,
        periods.period_code,
        current_communes.commune_code as sender_id,
        current_communes.commune_code
    from periods
    cross join current_communes
    where periods.sender_kind = 'commune'
        and periods.due_date >= cast('{{ var("commune_reform_date") }}' as date)

),

expected as (

    select * from employers_expected
    union all
    select * from facilities_expected
    union all
    select * from fund_expected
    union all
    select * from communes_expected

)

select
    expected.family,
    expected.period_code,
    expected.sender_id,
    periods.sender_kind,
    expected.commune_code,
    periods.year,
    year_inputs.inputs_fingerprint
from expected
inner join periods
    on expected.family = periods.family
    and expected.period_code = periods.period_code
inner join year_inputs on periods.year = year_inputs.year
{{ in_year_blocks() }}
