{#- Insurance benefit cases: one row per case (benefit_case_id: the same worker, employer, case type,
    event date and disease), gathering the benefit lines the fund decided for it, possibly over
    several months. The case's first decision (earliest decision date, then lowest decision number)
    names it in the victim matching. A case is fatal when any of its lines is a death or funeral
    benefit; it is a commuting accident when any line says so (null when no line says either way). -#}
with

benefit_lines as (

    select * from {{ ref('fct_insurance_benefits') }}

),

first_decisions as (

    select
        benefit_case_id,
        fund_office_code as first_fund_office_code,
        decision_number as first_decision_number,
        decision_date as first_decision_date,
        employer_commune_code,
        employer_province_code
    from (
        select
            *,
            row_number() over (
                partition by benefit_case_id
                order by decision_date, decision_number, benefit_type
            ) as decision_order
        from benefit_lines
    ) as ordered
    where decision_order = 1

),

cases as (

    select
        benefit_case_id,
        worker_id_hash,
        employer_tax_code,
        case_type,
        event_date,
        event_year,
        event_half_year,
        disease_code,
        max(case when is_commuting_accident then 1 when not is_commuting_accident then 0 end)
            as commuting_flag,
        max(case when is_death_benefit then 1 else 0 end) = 1 as is_fatal,
        max(capacity_loss_pct) as max_capacity_loss_pct,
        count(distinct decision_number) as decisions,
        count(*) as benefit_lines
    from benefit_lines
    group by
        benefit_case_id, worker_id_hash, employer_tax_code, case_type, event_date, event_year,
        event_half_year, disease_code

)

select
    ---------- keys
    cases.benefit_case_id,
    cases.worker_id_hash,
    cases.employer_tax_code,

    ---------- case
    cases.case_type,
    cases.event_date,
    cases.event_year,
    cases.event_half_year,
    cases.disease_code,
    case cases.commuting_flag when 1 then true when 0 then false end as is_commuting_accident,
    cases.is_fatal,
    cases.max_capacity_loss_pct,

    ---------- decisions
    first_decisions.first_fund_office_code,
    first_decisions.first_decision_number,
    first_decisions.first_decision_date,
    cases.decisions,
    cases.benefit_lines,

    ---------- employer (as the first decision placed it)
    first_decisions.employer_commune_code,
    first_decisions.employer_province_code

from cases
inner join first_decisions on cases.benefit_case_id = first_decisions.benefit_case_id
