-- Question: Where did deaths happen that T1 does not count? / Người chết ngoài tỷ suất T1 ở những xã nào?
-- Reads: indicators.ind_t1_deaths_outside_the_rate, marts.dim_commune
-- Columns: commune_code, commune_name, deaths_outside_the_rate, deaths_not_under_management, no_contract_victims, no_contract_deaths, no_contract_victims_insured, voluntary_insurance_participants_avg
-- Victims not under the employer's management (placed by the employer's commune) and workers
-- without a labour contract (commune reports, placed where it happened), with voluntary insurance.
with params as (select '2025' as period_code)
select o.breakdown_code as commune_code, c.commune_name, o.deaths_outside_the_rate, o.deaths_not_under_management,
       o.no_contract_victims, o.no_contract_deaths, o.no_contract_victims_insured,
       o.voluntary_insurance_participants_avg
from indicators.ind_t1_deaths_outside_the_rate as o
join params as p on o.period_code = p.period_code
left join marts.dim_commune as c on c.commune_code = o.breakdown_code
where o.breakdown = 'commune' and (o.deaths_outside_the_rate > 0 or o.no_contract_victims > 0)
order by o.deaths_outside_the_rate desc, o.no_contract_victims desc, o.breakdown_code;
