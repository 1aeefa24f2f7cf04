{#- Target T2: workers exposed to hazardous factors who are examined for occupational disease.

    Headline (domain brief §5): distinct workers, by hashed national ID, examined for occupational
    disease in the period, from all health facilities (fct_occupational_disease_exams, by exam date).
    A worker examined twice — by two facilities, or in both halves of a year — counts once.
    Coverage: of the employers that filed an annual OSH report for the year, their examined workers
    ÷ their workers in heavy or hazardous work (the annual report), numerator and denominator from
    the SAME employers. An employer whose examined workers exceed its hazardous workers is CAPPED at
    its hazardous workers (and counted in employers_examined_over_hazardous), so coverage cannot
    exceed 100 %. Half-year coverage divides the half-year's examinations by the year's hazardous
    workers: it is not annualised.

    Placement: by the employer, in int_employer_periods for the period (commune, VSIC section, size
    band); an employer unknown there is placed by the commune the facility reported for it. Only
    employers placed in the served province count. Breakdown cells count distinct workers within the
    cell: a worker examined for two employers counts in both cells, so cells may add up to more than
    the province.

    No data vs zero: when no health facility sent a usable examination report for the period
    (int_submission_receipts), examined_workers is NULL and the statuses are no_data — an absent
    report is not zero examinations. When reports arrived but list nobody, the count is 0.

    Status on counts: year-on-year against the same period a year earlier (≥ +5 %, exactly +5 % is
    met; macro rate_change_status) and against the trajectory baseline × 1.05^(year − 2023) from the
    same period of the baseline year (macro count_trajectory_status). Exact Poisson 95 % intervals
    (seed ref_poisson_ci up to 2,000, the Wilson–Hilferty approximation beyond: macro poisson_limit);
    a change is distinguishable from noise when the two periods' intervals do not overlap (macro
    intervals_disjoint, T1's definition).

    The counts come per period and cell from int_t2_examined_cells (incremental by year at national scale);
    this model adds the periods and members without any, the reports received, intervals and statuses. -#}
with

-- the counts per period and cell, by year (incremental): int_t2_examined_cells
examined_cells as (

    select * from {{ ref('int_t2_examined_cells') }}

),

calendar as (

    select * from {{ ref('int_calendar_periods') }}
    where has_ended and period_type in ({{ indicator_period_type_list() }})

),

target as (

    select baseline_year, required_annual_change
    from {{ ref('ref_targets') }}
    where target_code = 'T2'

),

-- usable examination reports received per period (a half-year report also counts for its year)
exam_reports as (

    {{ usable_reports_by_period('occupational_disease_exams', 'half_year') }}

),

---------- one row per period × breakdown member: every member seen in any period, in every period,
---------- so that a member with no examinations in a reported period shows 0, not a missing row

members as (

    select distinct breakdown, breakdown_code from examined_cells
    {%- if 'province' in var('indicator_breakdowns') %}
    union
    select 'province', '{{ var("province_code") }}' from target
    {%- endif %}

),

cells as (

    select calendar.period_type, calendar.period_code, members.breakdown, members.breakdown_code
    from calendar
    cross join members

),

measured as (

    select
        cells.period_type,
        cells.period_code,
        calendar.year,
        cells.breakdown,
        cells.breakdown_code,
        calendar.previous_year_period_code,
        case
            when cells.period_type = 'year' then cast(target.baseline_year as {{ dbt.type_string() }})
            else cast(target.baseline_year as {{ dbt.type_string() }}) || substring(cells.period_code, 5, 2)
        end as baseline_period_code,
        coalesce(exam_reports.reports_received, 0) as exam_reports_received,
        case
            when exam_reports.reports_received > 0 then coalesce(examined_cells.examined_workers, 0)
        end as examined_workers,
        coalesce(examined_cells.filing_employers, 0) as filing_employers,
        coalesce(examined_cells.hazardous_workers, 0) as hazardous_workers,
        coalesce(examined_cells.filing_employers_examined_workers, 0) as filing_employers_examined_workers,
        coalesce(examined_cells.covered_workers, 0) as covered_workers,
        coalesce(examined_cells.employers_examined_over_hazardous, 0) as employers_examined_over_hazardous
    from cells
    inner join calendar
        on cells.period_type = calendar.period_type
        and cells.period_code = calendar.period_code
    cross join target
    left join exam_reports
        on cells.period_type = exam_reports.period_type
        and cells.period_code = exam_reports.period_code
    left join examined_cells
        on cells.period_type = examined_cells.period_type
        and cells.period_code = examined_cells.period_code
        and cells.breakdown = examined_cells.breakdown
        and cells.breakdown_code = examined_cells.breakdown_code

),

with_intervals as (

    select
        measured.*,
        {{ poisson_limit('measured.examined_workers', 'poisson.lower_95', 'lower') }} as examined_workers_ci_lower,
        {{ poisson_limit('measured.examined_workers', 'poisson.upper_95', 'upper') }} as examined_workers_ci_upper
    from measured
    left join {{ ref('ref_poisson_ci') }} as poisson
        on measured.examined_workers = poisson.observed_count

),

compared as (

    select
        current_period.*,
        previous_period.examined_workers as previous_examined_workers,
        case
            when previous_period.examined_workers > 0
                then cast(current_period.examined_workers as double) / previous_period.examined_workers - 1
        end as yoy_change,
        {{ intervals_disjoint(
            'current_period.examined_workers_ci_lower', 'current_period.examined_workers_ci_upper',
            'previous_period.examined_workers_ci_lower', 'previous_period.examined_workers_ci_upper') }}
            as yoy_distinguishable_from_noise,
        target.required_annual_change,
        target.baseline_year,
        baseline_period.examined_workers as baseline_examined_workers,
        case
            when current_period.year >= target.baseline_year
                then baseline_period.examined_workers
                    * power(1 + target.required_annual_change, current_period.year - target.baseline_year)
        end as trajectory_examined_workers
    from with_intervals as current_period
    cross join target
    left join with_intervals as previous_period
        on current_period.period_type = previous_period.period_type
        and current_period.previous_year_period_code = previous_period.period_code
        and current_period.breakdown = previous_period.breakdown
        and current_period.breakdown_code = previous_period.breakdown_code
    left join with_intervals as baseline_period
        on current_period.period_type = baseline_period.period_type
        and current_period.baseline_period_code = baseline_period.period_code
        and current_period.breakdown = baseline_period.breakdown
        and current_period.breakdown_code = baseline_period.breakdown_code

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- keys
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_code as {{ dbt.type_string() }}) as period_code,
    cast(year as integer) as year,
    cast(breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(breakdown_code as {{ dbt.type_string() }}) as breakdown_code,

    ---------- headline: distinct workers examined
    cast(exam_reports_received as integer) as exam_reports_received,
    cast(examined_workers as bigint) as examined_workers,
    cast(round(examined_workers_ci_lower, 9) as double) as examined_workers_ci_lower,
    cast(round(examined_workers_ci_upper, 9) as double) as examined_workers_ci_upper,

    ---------- coverage among employers that filed an annual OSH report
    cast(filing_employers as bigint) as filing_employers,
    cast(hazardous_workers as bigint) as hazardous_workers,
    cast(filing_employers_examined_workers as bigint) as filing_employers_examined_workers,
    cast(covered_workers as bigint) as covered_workers,
    cast(employers_examined_over_hazardous as bigint) as employers_examined_over_hazardous,
    cast(round(cast(covered_workers as double) / nullif(hazardous_workers, 0), 9) as double) as coverage,

    ---------- year on year
    cast(previous_year_period_code as {{ dbt.type_string() }}) as previous_period_code,
    cast(previous_examined_workers as bigint) as previous_examined_workers,
    cast(round(yoy_change, 9) as double) as yoy_change,
    cast(yoy_distinguishable_from_noise as boolean) as yoy_distinguishable_from_noise,
    cast(required_annual_change as double) as required_annual_change,
    cast(
        {{ rate_change_status('examined_workers', 'previous_examined_workers', 'yoy_change',
            'required_annual_change', 'increase') }}
        as {{ dbt.type_string() }}
    ) as yoy_status,

    ---------- trajectory from the baseline
    cast(baseline_year as integer) as baseline_year,
    cast(baseline_examined_workers as bigint) as baseline_examined_workers,
    cast(round(trajectory_examined_workers, 9) as double) as trajectory_examined_workers,
    cast(
        {{ count_trajectory_status('year', 'baseline_year', 'examined_workers', 'baseline_examined_workers',
            'trajectory_examined_workers') }}
        as {{ dbt.type_string() }}
    ) as trajectory_status

from compared
