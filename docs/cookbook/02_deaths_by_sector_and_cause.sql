-- Question: Deaths by sector and cause in 2025 / Số người chết theo ngành và nguyên nhân năm 2025
-- Reads: marts.fct_accidents, marts.dim_sector, marts.dim_cause, marts.dim_commune
-- Columns: sector_code, sector_name_vi, sector_name_en, cause_code, cause_name_vi, cause_name_en, accidents, victims, deaths, deaths_under_management
-- From the employers' accident registers, each accident placed by its employer's sector in the
-- half-year of the accident, as T1 places it. deaths counts every death; deaths_under_management
-- only those inside the T1 rate. The cause list is provisional.
with params as (select 2025 as year),
province as (select distinct province_code from marts.dim_commune where is_served_province)
select
    coalesce(a.sector_code, 'unknown') as sector_code,
    s.sector_name_vi,
    s.sector_name_en,
    coalesce(a.cause_code, 'unknown') as cause_code,
    c.cause_name_vi,
    c.cause_name_en,
    count(*) as accidents,
    sum(a.victims)::bigint as victims,
    sum(a.deaths)::bigint as deaths,
    sum(a.deaths_under_management)::bigint as deaths_under_management
from marts.fct_accidents as a
join params as p on a.incident_year = p.year
left join marts.dim_sector as s on s.sector_code = a.sector_code
left join marts.dim_cause as c on c.cause_code = a.cause_code
where a.employer_province_code in (select province_code from province)
group by all
order by deaths desc, accidents desc, sector_code, cause_code;
