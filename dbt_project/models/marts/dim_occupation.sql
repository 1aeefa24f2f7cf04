{#- Occupation major groups of VSCO 2020 (Decision 34/2020/QĐ-TTg), 0–9 as in ISCO-08. -#}
select
    code as occupation_code,
    name_vi as occupation_name_vi,
    name_en as occupation_name_en
from {{ ref('ref_vsco_major_groups') }}
