{#- One row per occupational accident (incident) in the employers' accident registers.

    An incident is one number in one employer's register for one half-year (accident_id = tax code,
    reporting period, incident number): numbers may restart in a new register. Its victims are the
    rows of fct_accident_victims. Placement: employer_commune_code, sector_code and size_band are the
    employer's in the half-year of the accident (int_employer_periods), the attributes that place
    target T1; incident_commune_code says where it happened (for maps, counted, not rated). The
    register's own employer commune is kept beside. Incident-level fields (date, commune, cause,
    injury factor) are repeated on every victim row of the register; where the rows disagree the
    smallest value is kept and has_inconsistent_victim_rows says so. -#}
with

victims as (

    select * from {{ ref('fct_accident_victims') }}

),

employer_half_years as (

    select * from {{ ref('int_employer_periods') }}
    where period_type = 'half_year'

),

accidents as (

    select
        accident_id,
        employer_tax_code,
        incident_id,
        reporting_period,

        min(incident_date) as incident_date,
        min(incident_commune_code) as incident_commune_code,
        min(employer_commune_code) as register_employer_commune_code,
        min(cause_code) as cause_code,
        min(injury_factor_code) as injury_factor_code,
        max(case when is_commune_mapping_approximate then 1 else 0 end) = 1 as is_commune_mapping_approximate,
        count(distinct incident_date) > 1
            or count(distinct incident_commune_code) > 1
            or count(distinct cause_code) > 1
            or count(distinct injury_factor_code) > 1 as has_inconsistent_victim_rows,

        count(*) as victims,
        sum(case when under_employer_management then 1 else 0 end) as victims_under_management,
        sum(case when victim_sex = 'female' then 1 else 0 end) as female_victims,
        sum(case when is_fatal then 1 else 0 end) as deaths,
        sum(case when is_fatal and under_employer_management then 1 else 0 end) as deaths_under_management,
        sum(case when is_fatal and not under_employer_management then 1 else 0 end) as deaths_not_under_management,
        sum(case when is_severe then 1 else 0 end) as severely_injured,
        sum(case when is_severe and under_employer_management then 1 else 0 end) as severely_injured_under_management,
        sum(case when severity = 'light' then 1 else 0 end) as lightly_injured,
        sum(case when is_esaw_nonfatal then 1 else 0 end) as esaw_nonfatal_victims,
        sum(days_off) as days_off
    from victims
    group by accident_id, employer_tax_code, incident_id, reporting_period

),

dated as (

    select
        accidents.*,
        cast(extract(year from incident_date) as integer) as incident_year,
        cast(extract(month from incident_date) as integer) as incident_month
    from accidents

),

periods as (

    select
        dated.*,
        {{ dbt.concat(["cast(incident_year as " ~ dbt.type_string() ~ ")",
                       "case when incident_month <= 6 then 'S1' else 'S2' end"]) }} as incident_half_year
    from dated

)

select
    ---------- keys
    periods.accident_id,
    periods.employer_tax_code,
    periods.incident_id,
    periods.reporting_period,

    ---------- when
    periods.incident_date,
    periods.incident_year,
    periods.incident_half_year,
    periods.incident_year * 100 + periods.incident_month as incident_month_code,

    ---------- where: the employer placed in its half-year (places the rates); where it happened (maps)
    employer_half_years.employer_commune_code,
    employer_half_years.employer_province_code,
    employer_half_years.sector_code,
    employer_half_years.size_band,
    periods.register_employer_commune_code,
    periods.incident_commune_code,
    periods.is_commune_mapping_approximate,

    ---------- what
    periods.cause_code,
    periods.injury_factor_code,

    ---------- victims
    periods.victims,
    periods.victims_under_management,
    periods.female_victims,
    periods.deaths,
    periods.deaths_under_management,
    periods.deaths_not_under_management,
    periods.severely_injured,
    periods.severely_injured_under_management,
    periods.lightly_injured,
    periods.esaw_nonfatal_victims,
    periods.days_off,

    ---------- flags
    periods.deaths > 0 as is_fatal_accident,
    periods.victims >= 2 as is_multi_victim_accident,
    periods.victims_under_management > 0 as has_victim_under_management,
    periods.has_inconsistent_victim_rows

from periods
left join employer_half_years
    on periods.employer_tax_code = employer_half_years.employer_tax_code
    and periods.incident_half_year = employer_half_years.period_code
