-- Question: Which occupational diseases were newly diagnosed this year? / Bệnh nghề nghiệp nào có ca mắc mới trong năm?
-- Reads: indicators.ind_occupational_disease_new_cases, marts.dim_disease
-- Columns: disease_code, disease_name_vi, disease_name_en, disease_group, new_cases, new_cases_ci_lower, new_cases_ci_upper, diagnosed_workers
-- New case = a worker first diagnosed with the disease in the period (history from the warehouse's
-- first data). The 'all' row, left out here, holds the totals.
with params as (select '2025' as period_code)
select n.disease_code, d.disease_name_vi, d.disease_name_en, d.disease_group, n.new_cases, n.new_cases_ci_lower,
       n.new_cases_ci_upper, n.diagnosed_workers
from indicators.ind_occupational_disease_new_cases as n
join params as p on n.period_code = p.period_code
left join marts.dim_disease as d on d.disease_code = n.disease_code
where n.disease_code <> 'all' and n.new_cases > 0
order by n.new_cases desc, n.disease_code;
