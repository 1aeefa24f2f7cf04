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
    whether the deadline had come by then.
    The counts are int_reporting_completeness_counts, incremental by year on DuckDB; this table adds each
    period's deadline and the rates. -#}
with

periods as (

    select * from {{ ref('int_reporting_periods') }}

),

counts as (

    select * from {{ ref('int_reporting_completeness_counts') }}

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- keys
    counts.family,
    counts.period_code,
    counts.breakdown,
    counts.breakdown_code,

    ---------- the period and its deadline
    cast(periods.sender_kind as {{ dbt.type_string() }}) as sender_kind,
    cast(periods.period_type as {{ dbt.type_string() }}) as period_type,
    cast(periods.year as integer) as year,
    cast(periods.due_date as date) as due_date,
    cast(periods.due_before as {{ osh_type_timestamp_tz() }}) as due_before,
    cast(periods.is_deadline_provisional as boolean) as is_deadline_provisional,
    cast(periods.deadline_passed as boolean) as deadline_passed,

    ---------- expected, received, on time
    counts.expected_reports,
    counts.received_reports,
    counts.received_on_time,
    cast(counts.received_reports - counts.received_on_time as bigint) as received_late,
    counts.received_usable,
    cast(round(cast(counts.received_reports as double) / nullif(counts.expected_reports, 0), 9) as double)
        as reporting_rate,
    cast(round(cast(counts.received_on_time as double) / nullif(counts.expected_reports, 0), 9) as double)
        as on_time_rate,

    ---------- outside the expected senders (province rows only)
    counts.unexpected_senders,
    counts.unattributed_files

from counts
inner join periods
    on counts.family = periods.family
    and counts.period_code = periods.period_code
