{#- Employers known to the warehouse, from every source, with their latest known attributes. -#}
with

sightings as (

    select employer_tax_code, month_start_date as seen_on, employer_commune_code, sector_code
    from {{ ref('fct_insured_workforce_monthly') }}

    union all

    select employer_tax_code, incident_date, employer_commune_code, sector_code
    from {{ ref('fct_accident_victims') }}

),

ranked as (

    select
        *,
        row_number() over (partition by employer_tax_code order by seen_on desc, employer_commune_code, sector_code) as recency
    from sightings

),

latest_size as (

    select employer_tax_code, insured_workers
    from (
        select
            employer_tax_code,
            insured_workers,
            row_number() over (partition by employer_tax_code order by month_code desc) as recency
        from {{ ref('fct_insured_workforce_monthly') }}
    ) as months
    where recency = 1

)

select
    ranked.employer_tax_code,
    ranked.employer_commune_code,
    communes.province_code as employer_province_code,
    ranked.sector_code,
    latest_size.insured_workers as latest_insured_workers,
    size_bands.code as size_band
from ranked
left join latest_size on ranked.employer_tax_code = latest_size.employer_tax_code
left join {{ ref('ref_employer_size_bands') }} as size_bands
    on latest_size.insured_workers >= size_bands.min_workers
    and (size_bands.max_workers is null or latest_size.insured_workers <= size_bands.max_workers)
left join {{ ref('ref_communes') }} as communes on ranked.employer_commune_code = communes.commune_code
where ranked.recency = 1
