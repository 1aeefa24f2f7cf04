-- Question: Which occupational diseases were newly diagnosed, year by year? / Bệnh nghề nghiệp nào có ca mắc mới, theo từng năm?
-- Reads: indicators.ind_occupational_disease_new_cases, marts.dim_disease
-- Columns: period_code, disease_code, disease_name_vi, disease_name_en, disease_group, new_cases, new_cases_ci_lower, new_cases_ci_upper, diagnosed_workers
-- New case = a worker first diagnosed with the disease in the period (history from the warehouse's
-- first data). The 'all' row, left out here, holds the totals; half-years are left out too.
-- For one year only, add: and n.period_code = '2025'.
select n.period_code, n.disease_code, d.disease_name_vi, d.disease_name_en, d.disease_group, n.new_cases,
       n.new_cases_ci_lower, n.new_cases_ci_upper, n.diagnosed_workers
from indicators.ind_occupational_disease_new_cases as n
left join marts.dim_disease as d on d.disease_code = n.disease_code
where n.period_type = 'year' and n.disease_code <> 'all' and n.new_cases > 0
order by n.period_code desc, n.new_cases desc, n.disease_code;
