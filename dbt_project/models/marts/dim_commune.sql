{#- Current commune-level units (xã, phường, đặc khu) of all 34 provinces, after the 2025 reform
    (Resolution 202/2025/QH15), with their province and a flag for the province the warehouse
    serves (var province_code, 51 = Quảng Ngãi by default). For the served province's units, how
    many legacy units (before July 2025) the crosswalk maps into each, and whether any of those
    mappings is still provisional or approximate: figures of periods before the reform rest on them. -#}
with

communes as (

    select * from {{ ref('ref_communes') }}

),

legacy_units as (

    select
        commune_code,
        count(*) as legacy_units,
        sum(case when mapping_status = 'provisional' then 1 else 0 end) as legacy_units_provisional,
        max(case when is_approximate then 1 else 0 end) = 1 as has_approximate_legacy_mapping
    from {{ ref('ref_commune_crosswalk') }}
    group by commune_code

)

select
    ---------- key
    communes.commune_code,

    ---------- the unit
    communes.commune_name,
    communes.commune_type,

    ---------- its province
    communes.province_code,
    communes.province_name,
    {{ in_served_area('communes.province_code') }} as is_served_province,

    ---------- legacy units mapped into it (crosswalk)
    coalesce(legacy_units.legacy_units, 0) as legacy_units,
    coalesce(legacy_units.legacy_units_provisional, 0) as legacy_units_provisional,
    coalesce(legacy_units.has_approximate_legacy_mapping, false) as has_approximate_legacy_mapping

from communes
left join legacy_units on communes.commune_code = legacy_units.commune_code
