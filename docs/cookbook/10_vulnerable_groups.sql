-- Question: How did the groups the plan names fare this year? / Các nhóm lao động Kế hoạch 276 quan tâm năm nay
-- Reads: indicators.ind_vulnerable_groups, reference.ref_vulnerable_groups
-- Columns: group_code, name_vi, name_en, victims, deaths, no_contract_victims, no_contract_deaths, workers_reported, victim_rate_per_100k, victim_rate_ci_lower, victim_rate_ci_upper
-- Victims in the employers' registers and, for women, minors, the elderly and workers without a
-- contract, in the commune reports; rates only where the annual OSH reports count the group.
with params as (select 2025 as year)
select g.code as group_code, g.name_vi, g.name_en, v.victims, v.deaths, v.no_contract_victims, v.no_contract_deaths,
       v.workers_reported, v.victim_rate_per_100k, v.victim_rate_ci_lower, v.victim_rate_ci_upper
from reference.ref_vulnerable_groups as g
cross join params as p
left join indicators.ind_vulnerable_groups as v on v.group_code = g.code and v.year = p.year
order by g.sort_order;
