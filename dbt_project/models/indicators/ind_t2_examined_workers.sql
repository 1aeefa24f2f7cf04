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
    intervals_disjoint, T1's definition). -#}
with

exams as (

    select * from {{ ref('fct_occupational_disease_exams') }}

),

employer_periods as (

    select * from {{ ref('int_employer_periods') }}

),

annual_reports as (

    select employer_tax_code, reporting_year, heavy_hazardous_workers
    from {{ ref('stg_enterprise_reports__annual_osh_reports') }}

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

---------- headline: distinct workers examined

exam_periods as (

    {{ expand_to_periods('exams', 'exam_year', 'exam_half_year',
        ['worker_id_hash', 'employer_tax_code', 'employer_commune_code', 'employer_province_code']) }}

),

placed_exams as (

    select
        exam_periods.period_type,
        exam_periods.period_code,
        exam_periods.worker_id_hash,
        coalesce(employer_periods.employer_province_code, exam_periods.employer_province_code) as province_code,
        coalesce(employer_periods.employer_commune_code, exam_periods.employer_commune_code) as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band
    from exam_periods
    left join employer_periods
        on exam_periods.employer_tax_code = employer_periods.employer_tax_code
        and exam_periods.period_type = employer_periods.period_type
        and exam_periods.period_code = employer_periods.period_code
    where {{ in_served_area('coalesce(employer_periods.employer_province_code, exam_periods.employer_province_code)') }}

),

examined as (

    select period_type, period_code, breakdown, breakdown_code,
        count(distinct worker_id_hash) as examined_workers
    from (
        {{ unpivot_breakdowns('placed_exams', ['period_type', 'period_code', 'worker_id_hash']) }}
    ) as by_breakdown
    group by period_type, period_code, breakdown, breakdown_code

),

---------- coverage: filing employers' examined ÷ hazardous workers, capped per employer

examined_per_employer as (

    select period_type, period_code, employer_tax_code, count(distinct worker_id_hash) as examined_workers
    from exam_periods
    group by period_type, period_code, employer_tax_code

),

filers as (

    {{ expand_year_to_periods('annual_reports', 'reporting_year', ['employer_tax_code', 'heavy_hazardous_workers']) }}

),

filer_coverage as (

    select
        filers.period_type,
        filers.period_code,
        filers.employer_tax_code,
        employer_periods.employer_province_code as province_code,
        employer_periods.employer_commune_code as commune_code,
        employer_periods.sector_code,
        employer_periods.size_band,
        filers.heavy_hazardous_workers,
        coalesce(examined_per_employer.examined_workers, 0) as examined_workers,
        case
            when coalesce(examined_per_employer.examined_workers, 0) > filers.heavy_hazardous_workers
                then filers.heavy_hazardous_workers
            else coalesce(examined_per_employer.examined_workers, 0)
        end as covered_workers,
        case
            when coalesce(examined_per_employer.examined_workers, 0) > filers.heavy_hazardous_workers then 1
            else 0
        end as is_over_hazardous
    from filers
    left join employer_periods
        on filers.employer_tax_code = employer_periods.employer_tax_code
        and filers.period_type = employer_periods.period_type
        and filers.period_code = employer_periods.period_code
    left join examined_per_employer
        on filers.employer_tax_code = examined_per_employer.employer_tax_code
        and filers.period_type = examined_per_employer.period_type
        and filers.period_code = examined_per_employer.period_code
    where {{ in_served_area('employer_periods.employer_province_code') }}

),

coverage as (

    select
        period_type,
        period_code,
        breakdown,
        breakdown_code,
        count(*) as filing_employers,
        sum(heavy_hazardous_workers) as hazardous_workers,
        sum(examined_workers) as filing_employers_examined_workers,
        sum(covered_workers) as covered_workers,
        sum(is_over_hazardous) as employers_examined_over_hazardous
    from (
        {{ unpivot_breakdowns('filer_coverage', ['period_type', 'period_code', 'heavy_hazardous_workers',
            'examined_workers', 'covered_workers', 'is_over_hazardous']) }}
    ) as by_breakdown
    group by period_type, period_code, breakdown, breakdown_code

),

---------- one row per period × breakdown member: every member seen in any period, in every period,
---------- so that a member with no examinations in a reported period shows 0, not a missing row

members as (

    select breakdown, breakdown_code from examined
    union
    select breakdown, breakdown_code from coverage
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
            when exam_reports.reports_received > 0 then coalesce(examined.examined_workers, 0)
        end as examined_workers,
        coalesce(coverage.filing_employers, 0) as filing_employers,
        coalesce(coverage.hazardous_workers, 0) as hazardous_workers,
        coalesce(coverage.filing_employers_examined_workers, 0) as filing_employers_examined_workers,
        coalesce(coverage.covered_workers, 0) as covered_workers,
        coalesce(coverage.employers_examined_over_hazardous, 0) as employers_examined_over_hazardous
    from cells
    inner join calendar
        on cells.period_type = calendar.period_type
        and cells.period_code = calendar.period_code
    cross join target
    left join exam_reports
        on cells.period_type = exam_reports.period_type
        and cells.period_code = exam_reports.period_code
    left join examined
        on cells.period_type = examined.period_type
        and cells.period_code = examined.period_code
        and cells.breakdown = examined.breakdown
        and cells.breakdown_code = examined.breakdown_code
    left join coverage
        on cells.period_type = coverage.period_type
        and cells.period_code = coverage.period_code
        and cells.breakdown = coverage.breakdown
        and cells.breakdown_code = coverage.breakdown_code

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
