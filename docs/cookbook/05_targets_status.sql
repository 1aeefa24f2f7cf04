-- Question: Where do T1, T2 and T3 stand this year? / Ba chỉ tiêu T1, T2, T3 năm nay đạt hay không đạt?
-- Reads: indicators.ind_t1_fatal_rate, indicators.ind_t2_examined_workers, indicators.ind_t3_monitored_establishments
-- Columns: target, period_code, value, previous_value, yoy_change, yoy_status, trajectory_value, trajectory_status
-- T1 is judged on the rate (lower is better), T2 and T3 on counts (higher is better); no_data when
-- a source sent no usable report. Half-years: period_code '2025S1'.
with params as (select '2025' as period_code)
select 'T1' as target, t.period_code, t.fatal_rate_per_100k as value,
       t.previous_fatal_rate_per_100k as previous_value, t.yoy_change, t.yoy_status,
       t.trajectory_rate_per_100k as trajectory_value, t.trajectory_status
from indicators.ind_t1_fatal_rate as t join params as p on t.period_code = p.period_code
where t.breakdown = 'province'
union all
select 'T2', t.period_code, t.examined_workers::double, t.previous_examined_workers::double, t.yoy_change,
       t.yoy_status, t.trajectory_examined_workers, t.trajectory_status
from indicators.ind_t2_examined_workers as t join params as p on t.period_code = p.period_code
where t.breakdown = 'province'
union all
select 'T3', t.period_code, t.monitored_establishments::double, t.previous_monitored_establishments::double,
       t.yoy_change, t.yoy_status, t.trajectory_monitored_establishments, t.trajectory_status
from indicators.ind_t3_monitored_establishments as t join params as p on t.period_code = p.period_code
where t.breakdown = 'province'
order by target;
