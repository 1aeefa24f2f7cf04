{#- Any commune code a report may carry -> the current commune it belongs to.

    Current codes map to themselves. Legacy codes (reports for periods before 1 July 2025) map
    through the crosswalk, which the province confirms; rows it marks provisional or approximate
    keep that flag so that figures built on them can say so. A code kept by a current unit appears
    once, as current. -#}
with

current_communes as (

    select
        commune_code as reported_code,
        commune_code,
        'current' as mapping_status,
        false as is_approximate
    from {{ ref('ref_communes') }}

),

legacy as (

    select
        crosswalk.legacy_commune_code as reported_code,
        crosswalk.commune_code,
        crosswalk.mapping_status,
        crosswalk.is_approximate
    from {{ ref('ref_commune_crosswalk') }} as crosswalk
    where crosswalk.legacy_commune_code not in (select commune_code from {{ ref('ref_communes') }})

),

legacy_districts as (

    -- districts that had no communes (Lý Sơn): their reports carry the district code
    select
        legacy_code as reported_code,
        commune_code,
        'provisional' as mapping_status,
        false as is_approximate
    from {{ ref('ref_legacy_district_units') }}

)

select
    code_map.reported_code,
    code_map.commune_code,
    communes.province_code,
    code_map.mapping_status,
    code_map.is_approximate
from (
    select * from current_communes
    union all
    select * from legacy
    union all
    select * from legacy_districts
) as code_map
inner join {{ ref('ref_communes') }} as communes
    on code_map.commune_code = communes.commune_code
