-- Question: Which work-environment factors fail their limits most often? / Yếu tố môi trường lao động nào có tỷ lệ mẫu không đạt cao nhất?
-- Reads: indicators.ind_monitoring_failing_share, marts.dim_monitoring_factor
-- Columns: factor_code, factor_name_vi, factor_name_en, establishments, samples, failing_samples, failing_share, failing_share_ci_lower, failing_share_ci_upper
-- The accredited monitoring bodies' results (data_source = 'employer_annual_report' for what the
-- employers declare). Samples of one establishment are not independent: the interval is optimistic.
with params as (select '2025' as period_code)
select m.factor_code, f.factor_name_vi, f.factor_name_en, m.establishments, m.samples, m.failing_samples,
       m.failing_share, m.failing_share_ci_lower, m.failing_share_ci_upper
from indicators.ind_monitoring_failing_share as m
join params as p on m.period_code = p.period_code
left join marts.dim_monitoring_factor as f on f.factor_code = m.factor_code
where m.data_source = 'monitoring_body' and m.factor_code <> 'all' and m.samples > 0
order by m.failing_share desc, m.samples desc, m.factor_code;
