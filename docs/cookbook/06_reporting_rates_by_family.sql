-- Question: How complete and timely was reporting this year, report by report? / Tỷ lệ báo cáo và báo cáo đúng hạn theo loại báo cáo
-- Reads: indicators.ind_reporting_completeness
-- Columns: family, period_code, sender_kind, expected_reports, received_reports, received_on_time, reporting_rate, on_time_rate, deadline_passed
-- Province rows, one per report family and reporting period (year, half-year or month) of the year.
-- deadline_passed = false: the on-time rate can still rise.
with params as (select 2025 as year)
select family, period_code, sender_kind, expected_reports, received_reports, received_on_time, reporting_rate,
       on_time_rate, deadline_passed
from indicators.ind_reporting_completeness as r
join params as p on r.year = p.year
where r.breakdown = 'province'
order by family, period_code;
