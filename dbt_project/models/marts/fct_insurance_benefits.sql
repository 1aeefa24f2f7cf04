{#- Benefit decisions of the occupational accident and disease insurance fund: one row per benefit
    line of a decision (fund office × month × decision number × benefit type), from the latest
    version of each monthly submission. The worker is the injured or ill person, known only by the
    keyed hash of the national ID. benefit_case_id groups the lines of one case: the same worker,
    employer, case type (accident / disease), event date and disease — a case may be decided over
    several months (a one-time allowance, then a death benefit). -#}
with

benefits as (

    select * from {{ ref('stg_social_insurance__benefit_decisions') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

)

select
    ---------- keys
    benefits.fund_office_code,
    benefits.month_code,
    benefits.decision_number,
    benefits.benefit_type,
    {{ dbt.hash(dbt.concat([
        'benefits.worker_id_hash', "'|'", 'benefits.employer_tax_code', "'|'", 'benefits.case_type', "'|'",
        'cast(benefits.event_date as ' ~ dbt.type_string() ~ ')', "'|'", "coalesce(benefits.disease_code, '')"
    ])) }} as benefit_case_id,

    ---------- decision
    benefits.decision_date,
    cast(benefits.year as integer) as decision_year,
    cast(benefits.month as integer) as decision_month,

    ---------- worker (no name, no national ID)
    benefits.worker_id_hash,
    benefits.worker_sex,
    benefits.worker_birth_year,

    ---------- employer (placed by its current-code commune)
    benefits.employer_tax_code,
    employer_communes.commune_code as employer_commune_code,
    employer_communes.province_code as employer_province_code,
    coalesce(employer_communes.is_approximate, false) as is_commune_mapping_approximate,

    ---------- case
    benefits.case_type,
    benefits.is_commuting_accident,
    benefits.event_date,
    cast(extract(year from benefits.event_date) as integer) as event_year,
    {{ half_year_code('benefits.event_date') }} as event_half_year,
    benefits.disease_code,
    benefits.capacity_loss_pct,

    ---------- benefit
    benefits.benefit_type in ('death', 'funeral') as is_death_benefit,
    benefit_types.is_recurring,
    benefits.amount_million_vnd,

    ---------- lineage
    benefits.file_sha256,
    benefits.source_row_number

from benefits
left join communes as employer_communes
    on benefits.employer_commune_code = employer_communes.reported_code
left join {{ ref('ref_benefit_types') }} as benefit_types
    on benefits.benefit_type = benefit_types.code
