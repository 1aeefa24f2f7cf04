{#- Voluntary occupational-accident insurance for workers without a labour contract (Decree
    143/2024), from the social-insurance fund's monthly extract: one row per fund office, commune
    (where the participants live, as reported) and month, latest version of each extract.

    The reported commune is mapped to its current unit (commune_code); several legacy communes of a
    month before July 2025 may map to one current unit, so analyses sum by commune_code. Participants
    are counted at the end of the month; premiums, state support and claims are the month's flows. -#}
with

insurance as (

    select * from {{ ref('stg_social_insurance__voluntary_accident_insurance') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

)

select
    ---------- keys
    insurance.fund_office_code,
    insurance.commune_code as reported_commune_code,
    insurance.month_code,

    ---------- period
    insurance.year,
    insurance.month,
    {{ dbt.concat(["cast(insurance.year as " ~ dbt.type_string() ~ ")",
                   "case when insurance.month <= 6 then 'S1' else 'S2' end"]) }} as half_year,

    ---------- where the participants live (current commune)
    communes.commune_code,
    communes.province_code,
    coalesce(communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- participants at the end of the month
    insurance.participants,
    insurance.female_participants,
    insurance.new_participants,
    insurance.supported_participants,

    ---------- premiums in the month (million VND)
    insurance.premiums_million_vnd,
    insurance.state_support_million_vnd,

    ---------- claims settled in the month
    insurance.claims,
    insurance.fatal_claims,
    insurance.claims_paid_million_vnd,

    ---------- lineage
    insurance.file_sha256,
    insurance.source_row_number,
    insurance.received_at

from insurance
left join communes on insurance.commune_code = communes.reported_code
