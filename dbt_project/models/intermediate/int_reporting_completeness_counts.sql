{#- The counts behind ind_reporting_completeness, per report family × period, for the province and by commune:
    expected senders, those received, on time and usable, and on province rows the unexpected senders and the
    unattributed files. The rules are described on the indicator, which adds the periods' deadlines and the rates.

    A period's counts depend on that period's reporting deadline, expected senders and receipts alone, so the
    model is incremental by year on DuckDB (docs/performance.md, round 12): every row carries the checksum of
    its year's inputs (macro reporting_completeness_inputs); a night rebuilds only the years whose checksum
    changed (a file received, a deadline passed, a period ended) and deletes those left with none. -#}
{{ config(
    materialized=materialized_incremental_on_duckdb(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_years_whose_inputs_changed(reporting_completeness_inputs()) }}",
) }}

with

year_inputs as (

    {{ reporting_completeness_inputs() }}

),

-- the years this build writes: all of them, or in an incremental build those the pre-hook left without rows
years_to_build as (

    {{ years_left_without_rows() }}

),

periods as (

    select family, period_code, year, due_before
    from {{ ref('int_reporting_periods') }}
    {{ where_year_to_build('year') }}

),

expected as (

    select family, period_code, sender_id, commune_code
    from {{ ref('int_reporting_expected_senders') }}
    {{ where_year_to_build('year') }}

),

-- the receipts of the periods built (those of a period that has not ended are counted once it has)
receipts as (

    select receipts.*
    from {{ ref('int_submission_receipts') }} as receipts
    inner join periods
        on receipts.family = periods.family
        and receipts.period_code = periods.period_code

),

expected_status as (

    select
        expected.family,
        expected.period_code,
        expected.sender_id,
        expected.commune_code,
        case when receipts.sender_id is not null then 1 else 0 end as is_received,
        case when receipts.first_received_at < periods.due_before then 1 else 0 end as is_on_time,
        case when receipts.has_usable_file then 1 else 0 end as is_usable
    from expected
    inner join periods
        on expected.family = periods.family
        and expected.period_code = periods.period_code
    left join receipts
        on expected.family = receipts.family
        and expected.period_code = receipts.period_code
        and expected.sender_id = receipts.sender_id

),

unexpected as (

    select receipts.family, receipts.period_code, count(*) as unexpected_senders
    from receipts
    left join expected
        on receipts.family = expected.family
        and receipts.period_code = expected.period_code
        and receipts.sender_id = expected.sender_id
    where receipts.sender_id is not null and expected.sender_id is null
    group by receipts.family, receipts.period_code

),

unattributed as (

    select family, period_code, sum(files_received) as unattributed_files
    from receipts
    where sender_id is null
    group by family, period_code

),

province_counts as (

    select
        family,
        period_code,
        count(*) as expected_reports,
        sum(is_received) as received_reports,
        sum(is_on_time) as received_on_time,
        sum(is_usable) as received_usable
    from expected_status
    group by family, period_code

),

commune_counts as (

    select
        family,
        period_code,
        commune_code as breakdown_code,
        count(*) as expected_reports,
        sum(is_received) as received_reports,
        sum(is_on_time) as received_on_time,
        sum(is_usable) as received_usable
    from expected_status
    where commune_code is not null
    group by family, period_code, commune_code

),

province_rows as (

    -- every family × period, even when nobody is expected
    select
        periods.family,
        periods.period_code,
        periods.year,
        'province' as breakdown,
        '{{ var("province_code") }}' as breakdown_code,
        coalesce(province_counts.expected_reports, 0) as expected_reports,
        coalesce(province_counts.received_reports, 0) as received_reports,
        coalesce(province_counts.received_on_time, 0) as received_on_time,
        coalesce(province_counts.received_usable, 0) as received_usable,
        coalesce(unexpected.unexpected_senders, 0) as unexpected_senders,
        coalesce(unattributed.unattributed_files, 0) as unattributed_files
    from periods
    left join province_counts
        on periods.family = province_counts.family
        and periods.period_code = province_counts.period_code
    left join unexpected
        on periods.family = unexpected.family
        and periods.period_code = unexpected.period_code
    left join unattributed
        on periods.family = unattributed.family
        and periods.period_code = unattributed.period_code

),

commune_rows as (

    select
        commune_counts.family,
        commune_counts.period_code,
        periods.year,
        'commune' as breakdown,
        commune_counts.breakdown_code,
        commune_counts.expected_reports,
        commune_counts.received_reports,
        commune_counts.received_on_time,
        commune_counts.received_usable,
        cast(null as bigint) as unexpected_senders,
        cast(null as bigint) as unattributed_files
    from commune_counts
    inner join periods
        on commune_counts.family = periods.family
        and commune_counts.period_code = periods.period_code

),

all_rows as (

    select * from province_rows
    union all
    select * from commune_rows

)

select
    ---------- keys
    cast(all_rows.family as {{ dbt.type_string() }}) as family,
    cast(all_rows.period_code as {{ dbt.type_string() }}) as period_code,
    cast(all_rows.breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(all_rows.breakdown_code as {{ dbt.type_string() }}) as breakdown_code,
    cast(all_rows.year as integer) as year,

    ---------- counts
    cast(all_rows.expected_reports as bigint) as expected_reports,
    cast(all_rows.received_reports as bigint) as received_reports,
    cast(all_rows.received_on_time as bigint) as received_on_time,
    cast(all_rows.received_usable as bigint) as received_usable,
    cast(all_rows.unexpected_senders as bigint) as unexpected_senders,
    cast(all_rows.unattributed_files as bigint) as unattributed_files,

    ---------- the checksum of the year's inputs the row was built from
    year_inputs.inputs_fingerprint

from all_rows
inner join year_inputs on all_rows.year = year_inputs.year
{{ in_year_blocks() }}
