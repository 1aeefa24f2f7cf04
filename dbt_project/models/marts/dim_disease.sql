{#- The 35 compensable occupational diseases (Circular 15/2016/TT-BYT as amended by 02/2023/TT-BYT,
    which added COVID-19). Codes 1–35 are PROVISIONAL: numbered by the project until the province
    confirms them against the official annex (seed ref_occupational_diseases). -#}
with

diseases as (

    select * from {{ ref('ref_occupational_diseases') }}

)

select
    ---------- key
    code as disease_code,

    ---------- names
    name_vi as disease_name_vi,
    name_en as disease_name_en,

    ---------- classification
    disease_group,
    exposure_group,
    is_provisional

from diseases
