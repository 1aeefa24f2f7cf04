{#- The reporting calendar: every month, half-year and year from the first reporting year (var
    reporting_first_year, the 2023 baseline) to the year of the latest file receipt.

    The warehouse's as-of time is the latest receipt in raw.files, not the clock, so a rebuild from
    the same files gives the same tables. has_ended says whether the period was over by then:
    completeness expects reports, and indicator tables show figures, only for periods that have ended.
    A stand-in for the shared dim_period until it lands (see the model's YAML). -#}
with

as_of as (

    select max(received_at) as as_of_at
    from {{ source('warehouse', 'files') }}

),

month_numbers as (

    -- 600 months = 50 years of calendar; only those up to the as-of year are kept
    {{ dbt.generate_series(600) }}

),

months as (

    select
        cast(
            {{ dbt.dateadd('month', 'month_numbers.generated_number - 1',
                "cast('" ~ var('reporting_first_year') ~ "-01-01' as date)") }}
            as date
        ) as month_start,
        as_of.as_of_at
    from month_numbers
    cross join as_of

),

months_in_range as (

    select
        month_start,
        cast(extract(year from month_start) as integer) as year,
        cast(extract(month from month_start) as integer) as month,
        case when extract(month from month_start) <= 6 then 'S1' else 'S2' end as half,
        as_of_at
    from months
    where extract(year from month_start) <= extract(year from as_of_at)

),

month_periods as (

    select
        'month' as period_type,
        cast(year as {{ dbt.type_string() }}) || lpad(cast(month as {{ dbt.type_string() }}), 2, '0') as period_code,
        year,
        half,
        month,
        month_start as period_start,
        cast({{ dbt.dateadd('month', 1, 'month_start') }} as date) as next_period_start,
        cast(year - 1 as {{ dbt.type_string() }}) || lpad(cast(month as {{ dbt.type_string() }}), 2, '0')
            as previous_year_period_code,
        as_of_at
    from months_in_range

),

half_year_periods as (

    select
        'half_year' as period_type,
        cast(year as {{ dbt.type_string() }}) || half as period_code,
        year,
        half,
        cast(null as integer) as month,
        min(month_start) as period_start,
        cast({{ dbt.dateadd('month', 6, 'min(month_start)') }} as date) as next_period_start,
        cast(year - 1 as {{ dbt.type_string() }}) || half as previous_year_period_code,
        max(as_of_at) as as_of_at
    from months_in_range
    group by year, half

),

year_periods as (

    select
        'year' as period_type,
        cast(year as {{ dbt.type_string() }}) as period_code,
        year,
        cast(null as {{ dbt.type_string() }}) as half,
        cast(null as integer) as month,
        min(month_start) as period_start,
        cast({{ dbt.dateadd('month', 12, 'min(month_start)') }} as date) as next_period_start,
        cast(year - 1 as {{ dbt.type_string() }}) as previous_year_period_code,
        max(as_of_at) as as_of_at
    from months_in_range
    group by year

),

periods as (

    select * from month_periods
    union all
    select * from half_year_periods
    union all
    select * from year_periods

)

select
    period_type,
    period_code,
    year,
    half,
    month,
    period_start,
    next_period_start,
    previous_year_period_code,
    next_period_start <= cast(as_of_at as date) as has_ended,
    as_of_at
from periods
