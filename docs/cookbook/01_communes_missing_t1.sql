-- Question: Which communes missed target T1 in 2025? / Những xã nào không đạt chỉ tiêu T1 năm 2025?
-- Reads: indicators.ind_t1_fatal_rate, marts.dim_commune
-- Columns: commune_code, commune_name, deaths, denominator_workers, fatal_rate_per_100k, fatal_rate_ci_lower, fatal_rate_ci_upper, previous_fatal_rate_per_100k, yoy_status, trajectory_rate_per_100k, trajectory_status, yoy_distinguishable_from_noise
-- A commune misses T1 when its rate did not fall by 4 % on the year before, or is above its own
-- trajectory from 2023. With a handful of deaths, check yoy_distinguishable_from_noise before acting.
-- Another year or a half-year: change period_code ('2024', '2025S1').
with params as (select '2025' as period_code)
select
    r.breakdown_code as commune_code,
    c.commune_name,
    r.deaths,
    r.denominator_workers,
    r.fatal_rate_per_100k,
    r.fatal_rate_ci_lower,
    r.fatal_rate_ci_upper,
    r.previous_fatal_rate_per_100k,
    r.yoy_status,
    r.trajectory_rate_per_100k,
    r.trajectory_status,
    r.yoy_distinguishable_from_noise
from indicators.ind_t1_fatal_rate as r
join params as p on r.period_code = p.period_code
left join marts.dim_commune as c on c.commune_code = r.breakdown_code
where r.breakdown = 'commune'
  and 'not_met' in (r.yoy_status, r.trajectory_status)
order by r.fatal_rate_per_100k desc, r.breakdown_code;
