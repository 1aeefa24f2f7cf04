{#- Causes of occupational accidents (Decree 39/2016 Annex XII). PROVISIONAL numbering
    (is_provisional): the province replaces the seed ref_accident_causes with the official list. -#}
select
    code as cause_code,
    name_vi as cause_name_vi,
    name_en as cause_name_en,
    responsible_party,
    is_provisional
from {{ ref('ref_accident_causes') }}
