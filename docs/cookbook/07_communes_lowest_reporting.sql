-- Question: In which communes did employers report least this half-year? / Xã nào có tỷ lệ cơ sở gửi báo cáo thấp nhất?
-- Reads: indicators.ind_reporting_completeness, marts.dim_commune
-- Columns: commune_code, commune_name, expected_reports, received_reports, received_on_time, reporting_rate, on_time_rate
-- The employers' half-year accident summary, by the employer's commune; lowest reporting rate first.
with params as (select '2025S1' as period_code, 'accident_summary' as family)
select r.breakdown_code as commune_code, c.commune_name, r.expected_reports, r.received_reports, r.received_on_time,
       r.reporting_rate, r.on_time_rate
from indicators.ind_reporting_completeness as r
join params as p on r.period_code = p.period_code and r.family = p.family
left join marts.dim_commune as c on c.commune_code = r.breakdown_code
where r.breakdown = 'commune' and r.expected_reports > 0
order by r.reporting_rate, r.expected_reports desc, r.breakdown_code;
