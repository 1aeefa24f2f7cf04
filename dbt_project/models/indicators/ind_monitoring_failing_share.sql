{#- Share of work-environment samples failing the permissible limits, by factor, for the province,
    per year and half-year.

    failing_share = samples failing ÷ samples taken, with its Wilson score 95 % interval (macro
    wilson_lower / wilson_upper). Samples of one establishment are not independent draws, so the
    interval is a lower bound on the real uncertainty.
    Two sources, kept apart by data_source (fct_monitoring_samples):
      monitoring_body         the monitoring organisations' results, by visit date, per year and
                              half-year;
      employer_annual_report  the per-factor monitoring rows of the employers' annual OSH reports,
                              per year only.
    factor_code 'all' sums every factor. Placement: by the establishment (int_employer_periods for
    the period, else the reported commune); only the served province.
    No data vs zero: a source's figures are NULL for a period in which it sent no usable report
    (monitoring bodies' half-year reports; employers' annual reports). Every factor of
    dim_monitoring_factor has a row in every period of each source, so zeros are explicit. -#}
with

samples as (

    select * from {{ ref('fct_monitoring_samples') }}

),

employer_periods as (

    select * from {{ ref('int_employer_periods') }}

),

calendar as (

    select * from {{ ref('int_calendar_periods') }}
    where has_ended and period_type in ({{ indicator_period_type_list() }})

),

factors as (

    select factor_code from {{ ref('dim_monitoring_factor') }}
    union all
    select 'all'

),

sources as (

    select 'monitoring_body' as data_source, period_type, period_code, reports_received
    from ({{ usable_reports_by_period('work_environment_monitoring', 'half_year') }}) as monitoring_reports

    union all

    select 'employer_annual_report', period_type, period_code, reports_received
    from ({{ usable_reports_by_period('annual_osh_report', 'year') }}) as annual_reports
    where period_type = 'year'

),

source_periods as (

    -- monitoring bodies in every period type; annual reports in years only
    select 'monitoring_body' as data_source, period_type, period_code, year from calendar
    union all
    select 'employer_annual_report', period_type, period_code, year from calendar where period_type = 'year'

),

sample_periods as (

    {{ expand_to_periods("(select * from samples where data_source = 'monitoring_body') as monitoring_bodies",
        'year', 'half_year',
        ['data_source', 'employer_tax_code', 'employer_province_code', 'factor_code', 'samples_taken',
         'samples_failing']) }}
    union all
    select
        'year' as period_type,
        cast(year as {{ dbt.type_string() }}) as period_code,
        year,
        data_source, employer_tax_code, employer_province_code, factor_code, samples_taken, samples_failing
    from samples
    where data_source = 'employer_annual_report'

),

placed_samples as (

    select sample_periods.*
    from sample_periods
    left join employer_periods
        on sample_periods.employer_tax_code = employer_periods.employer_tax_code
        and sample_periods.period_type = employer_periods.period_type
        and sample_periods.period_code = employer_periods.period_code
    where {{ in_served_area('coalesce(employer_periods.employer_province_code, sample_periods.employer_province_code)') }}

),

by_factor as (

    select
        data_source, period_type, period_code, factor_code,
        count(distinct employer_tax_code) as establishments,
        sum(samples_taken) as samples,
        sum(samples_failing) as failing_samples
    from placed_samples
    group by data_source, period_type, period_code, factor_code

    union all

    select
        data_source, period_type, period_code, 'all' as factor_code,
        count(distinct employer_tax_code) as establishments,
        sum(samples_taken) as samples,
        sum(samples_failing) as failing_samples
    from placed_samples
    group by data_source, period_type, period_code

),

measured as (

    select
        source_periods.data_source,
        source_periods.period_type,
        source_periods.period_code,
        source_periods.year,
        factors.factor_code,
        coalesce(sources.reports_received, 0) as reports_received,
        case when sources.reports_received > 0 then coalesce(by_factor.establishments, 0) end as establishments,
        case when sources.reports_received > 0 then coalesce(by_factor.samples, 0) end as samples,
        case when sources.reports_received > 0 then coalesce(by_factor.failing_samples, 0) end as failing_samples
    from source_periods
    cross join factors
    left join sources
        on source_periods.data_source = sources.data_source
        and source_periods.period_type = sources.period_type
        and source_periods.period_code = sources.period_code
    left join by_factor
        on source_periods.data_source = by_factor.data_source
        and source_periods.period_type = by_factor.period_type
        and source_periods.period_code = by_factor.period_code
        and factors.factor_code = by_factor.factor_code

)

-- Figures are rounded to 9 decimals: what two engines can be expected to agree on.
select
    ---------- keys
    cast(data_source as {{ dbt.type_string() }}) as data_source,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_code as {{ dbt.type_string() }}) as period_code,
    cast(year as integer) as year,
    cast(factor_code as {{ dbt.type_string() }}) as factor_code,

    ---------- measures
    cast(reports_received as integer) as reports_received,
    cast(establishments as bigint) as establishments,
    cast(samples as bigint) as samples,
    cast(failing_samples as bigint) as failing_samples,
    cast(round(cast(failing_samples as double) / nullif(samples, 0), 9) as double) as failing_share,
    cast(round({{ wilson_lower('failing_samples', 'samples') }}, 9) as double) as failing_share_ci_lower,
    cast(round({{ wilson_upper('failing_samples', 'samples') }}, 9) as double) as failing_share_ci_upper

from measured
