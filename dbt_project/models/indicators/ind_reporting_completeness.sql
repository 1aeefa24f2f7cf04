{#- Reporting completeness and timeliness, as DHIS2 reports them: per report family × period, for
    the province and for each commune.

      expected_reports  senders expected to report the period (int_reporting_expected_senders:
                        employers with insured workers, the facility registry, the insurance fund,
                        the communes);
      received_reports  expected senders with at least one file for the period, loaded or rejected
                        (int_submission_receipts: a resubmission counts once);
      received_on_time  of those, the ones whose FIRST file arrived before the deadline
                        (due_before, local time; int_reporting_periods). A report first received
                        after it is received but late;
      reporting_rate    received ÷ expected; on_time_rate = received on time ÷ expected (null when
                        nobody is expected).
    Beside them, on province rows only: senders that reported without being expected (e.g. an
    employer with no insured workers), and files whose sender could not be read (rejected as a
    whole), which cannot be attributed to anyone.
    Commune rows exist for the families whose senders have a commune: employers (placed by their
    commune in the period) and communes (legacy units placed in their current commune). Periods:
    those that ended by the warehouse's as-of time (the latest file receipt); deadline_passed says
    whether the deadline had come by then. -#}
with

periods as (

    select * from {{ ref('int_reporting_periods') }}

),

expected as (

    select * from {{ ref('int_reporting_expected_senders') }}

),

receipts as (

    select * from {{ ref('int_submission_receipts') }}

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
        '{{ var("province_code") }}' as breakdown_code,
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
        family,
        period_code,
        'commune' as breakdown,
        breakdown_code,
        expected_reports,
        received_reports,
        received_on_time,
        received_usable,
        cast(null as bigint) as unexpected_senders,
        cast(null as bigint) as unattributed_files
    from commune_counts

),

all_rows as (

    select * from province_rows
    union all
    select * from commune_rows

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- keys
    cast(all_rows.family as {{ dbt.type_string() }}) as family,
    cast(all_rows.period_code as {{ dbt.type_string() }}) as period_code,
    cast(all_rows.breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(all_rows.breakdown_code as {{ dbt.type_string() }}) as breakdown_code,

    ---------- the period and its deadline
    cast(periods.sender_kind as {{ dbt.type_string() }}) as sender_kind,
    cast(periods.period_type as {{ dbt.type_string() }}) as period_type,
    cast(periods.year as integer) as year,
    cast(periods.due_date as date) as due_date,
    cast(periods.due_before as {{ osh_type_timestamp_tz() }}) as due_before,
    cast(periods.is_deadline_provisional as boolean) as is_deadline_provisional,
    cast(periods.deadline_passed as boolean) as deadline_passed,

    ---------- expected, received, on time
    cast(all_rows.expected_reports as bigint) as expected_reports,
    cast(all_rows.received_reports as bigint) as received_reports,
    cast(all_rows.received_on_time as bigint) as received_on_time,
    cast(all_rows.received_reports - all_rows.received_on_time as bigint) as received_late,
    cast(all_rows.received_usable as bigint) as received_usable,
    cast(round(cast(all_rows.received_reports as double) / nullif(all_rows.expected_reports, 0), 9) as double)
        as reporting_rate,
    cast(round(cast(all_rows.received_on_time as double) / nullif(all_rows.expected_reports, 0), 9) as double)
        as on_time_rate,

    ---------- outside the expected senders (province rows only)
    cast(all_rows.unexpected_senders as bigint) as unexpected_senders,
    cast(all_rows.unattributed_files as bigint) as unattributed_files

from all_rows
inner join periods
    on all_rows.family = periods.family
    and all_rows.period_code = periods.period_code
