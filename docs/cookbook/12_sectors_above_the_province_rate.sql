-- Question: Which sectors have a fatal rate clearly above the province's? / Ngành nào có tỷ suất tử vong cao hơn hẳn mức chung của tỉnh?
-- Reads: indicators.ind_t1_fatal_rate, marts.dim_sector
-- Columns: sector_code, sector_name_vi, sector_name_en, deaths, denominator_workers, fatal_rate_per_100k, fatal_rate_ci_lower, fatal_rate_ci_upper, province_rate_per_100k, clearly_above_province
-- clearly_above_province: even the lower end of the sector's 95 % interval is above the province's
-- rate; otherwise the difference may be chance.
with params as (select '2025' as period_code),
province as (
    select r.fatal_rate_per_100k from indicators.ind_t1_fatal_rate as r
    join params as p on r.period_code = p.period_code
    where r.breakdown = 'province'
)
select r.breakdown_code as sector_code, s.sector_name_vi, s.sector_name_en, r.deaths, r.denominator_workers,
       r.fatal_rate_per_100k, r.fatal_rate_ci_lower, r.fatal_rate_ci_upper,
       (select fatal_rate_per_100k from province) as province_rate_per_100k,
       coalesce(r.fatal_rate_ci_lower > (select fatal_rate_per_100k from province), false) as clearly_above_province
from indicators.ind_t1_fatal_rate as r
join params as p on r.period_code = p.period_code
left join marts.dim_sector as s on s.sector_code = r.breakdown_code
where r.breakdown = 'sector'
order by r.fatal_rate_per_100k desc nulls last, r.breakdown_code;
