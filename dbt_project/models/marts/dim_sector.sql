{#- Industry sections of VSIC 2018 (Decision 27/2018/QĐ-TTg), A–U as in ISIC Rev.4, with the range
    of two-digit divisions in each. Employers are classified at section level. -#}
select
    code as sector_code,
    name_vi as sector_name_vi,
    name_en as sector_name_en,
    division_from,
    division_to
from {{ ref('ref_vsic_sections') }}
