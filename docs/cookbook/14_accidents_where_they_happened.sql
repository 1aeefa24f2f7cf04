-- Question: Where did accidents happen (for a map)? / Tai nạn lao động xảy ra ở những xã nào (để vẽ bản đồ)?
-- Reads: marts.fct_accidents, marts.dim_commune
-- Columns: commune_code, commune_name, accidents, victims, deaths, severely_injured
-- Counts by the commune where the accident happened (not rates: T1 places rates by the employer's
-- commune). Legacy commune codes are already mapped to the current units.
with params as (select 2025 as year),
province as (select distinct province_code from marts.dim_commune where is_served_province)
select a.incident_commune_code as commune_code, c.commune_name, count(*) as accidents,
       sum(a.victims)::bigint as victims, sum(a.deaths)::bigint as deaths,
       sum(a.severely_injured)::bigint as severely_injured
from marts.fct_accidents as a
join params as p on a.incident_year = p.year
left join marts.dim_commune as c on c.commune_code = a.incident_commune_code
where a.employer_province_code in (select province_code from province)
group by all
order by accidents desc, deaths desc, commune_code;
