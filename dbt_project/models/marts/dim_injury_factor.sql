{#- Injury factors (Circular 13/2020 Annex IV, three-digit codes from 101). PROVISIONAL list
    (is_provisional): the full official list was not obtained; the province replaces the seed
    ref_injury_factors. -#}
select
    code as injury_factor_code,
    name_vi as injury_factor_name_vi,
    name_en as injury_factor_name_en,
    hazard_group,
    is_provisional
from {{ ref('ref_injury_factors') }}
