{#- Submissions as the completeness indicator counts them: one row per report family × period ×
    sender, from the file registry raw.files (every file, loaded or rejected, all versions).

    A resubmission is the same submission again: the sender counts once, and its timeliness is that
    of its FIRST file (first_received_at; a file's receipt time is recorded when it first arrives).
    Senders are normalised to the expected senders' identifiers:
      - the insurance fund's three families: one sender, 'insurance_fund', whatever office code
        the file carries (the fund sends one file per month per family);
      - commune reports due on or after the commune reform (var commune_reform_date): a legacy
        commune code is mapped to its current commune (int_commune_code_map).
    A file rejected as a whole whose sender could not be read has sender_id null: it cannot be
    attributed, and the indicator reports it as unattributed. has_usable_file: at least one file was
    loaded with at least one valid row (or was empty), the rule by which a file supersedes. -#}
with

files as (

    select * from {{ source('warehouse', 'files') }}

),

periods as (

    select family, period_code, due_date
    from {{ ref('int_reporting_periods') }}

),

communes as (

    select * from {{ ref('int_commune_code_map') }}

),

normalised as (

    select
        files.family,
        files.period as period_code,
        case
            when files.sender_id is null then null
            when files.family in ('insured_workforce', 'insurance_benefits', 'voluntary_accident_insurance')
                then 'insurance_fund'
            when files.family = 'commune_no_contract_accidents'
                and periods.due_date >= cast('{{ var("commune_reform_date") }}' as date)
                then coalesce(communes.commune_code, files.sender_id)
            else files.sender_id
        end as sender_id,
        files.file_sha256,
        files.received_at,
        files.status,
        files.status = 'loaded' and not (files.rows_read > 0 and files.rows_loaded = 0) as is_usable
    from files
    left join periods
        on files.family = periods.family
        and files.period = periods.period_code
    left join communes
        on files.sender_id = communes.reported_code

)

select
    family,
    period_code,
    sender_id,
    min(received_at) as first_received_at,
    max(received_at) as last_received_at,
    count(*) as files_received,
    sum(case when status = 'rejected' then 1 else 0 end) as files_rejected,
    max(case when is_usable then 1 else 0 end) = 1 as has_usable_file
from normalised
group by family, period_code, sender_id
