{#- Victims linked across sources: an insurance benefit case for an occupational accident and the
    employer's accident-register record of the same person and event. One row per linked pair.

    Matching rule (named in ind_reconciliation as "id+employer+date<=N days, 1:1 nearest"):
      1. candidates: an accident case of the insurance fund (int_insurance_benefit_cases,
         case_type = 'accident') and a victim row of the accident registers (fct_accident_victims)
         with the SAME hashed national ID, the SAME employer tax code, and event dates at most
         var victim_link_max_days (30) days apart, either way;
      2. one-to-one: a pair is linked when each is the other's best candidate. A case ranks its
         candidate records by date distance, then incident number; a record ranks its candidate
         cases by date distance, then the case's first decision number (then the case id, so the
         order is total). A case whose best record is taken by a nearer case stays unlinked (one
         round of greedy matching: it is not offered its second-best record — with real data a
         worker seldom has two accidents at one employer within the window).
    Commuting accidents are linked like any other where a record exists; ind_reconciliation leaves
    them out of the "no enterprise record" count, since employers need not enter them in the
    register. -#}
with

insurance_cases as (

    select * from {{ ref('int_insurance_benefit_cases') }}
    where case_type = 'accident'

),

register_victims as (

    select * from {{ ref('fct_accident_victims') }}

),

candidates as (

    select
        insurance_cases.benefit_case_id,
        insurance_cases.first_decision_number,
        insurance_cases.worker_id_hash,
        insurance_cases.employer_tax_code,
        register_victims.incident_id,
        insurance_cases.event_date,
        register_victims.incident_date,
        insurance_cases.is_fatal as benefit_case_is_fatal,
        insurance_cases.is_commuting_accident,
        register_victims.is_fatal as victim_is_fatal,
        register_victims.under_employer_management,
        abs({{ dbt.datediff('insurance_cases.event_date', 'register_victims.incident_date', 'day') }})
            as days_apart
    from insurance_cases
    inner join register_victims
        on insurance_cases.worker_id_hash = register_victims.victim_id_hash
        and insurance_cases.employer_tax_code = register_victims.employer_tax_code
    where abs({{ dbt.datediff('insurance_cases.event_date', 'register_victims.incident_date', 'day') }})
        <= {{ var('victim_link_max_days') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by benefit_case_id
            order by days_apart, incident_id
        ) as rank_for_case,
        row_number() over (
            partition by employer_tax_code, incident_id, worker_id_hash
            order by days_apart, first_decision_number, benefit_case_id
        ) as rank_for_victim
    from candidates

)

select
    ---------- the insurance case
    benefit_case_id,
    first_decision_number,

    ---------- the register record (employer × incident × victim)
    employer_tax_code,
    incident_id,
    worker_id_hash as victim_id_hash,

    ---------- how they match
    event_date as benefit_event_date,
    incident_date,
    cast(days_apart as integer) as days_apart,

    ---------- what each side says
    benefit_case_is_fatal,
    is_commuting_accident,
    victim_is_fatal,
    under_employer_management

from ranked
where rank_for_case = 1 and rank_for_victim = 1
