-- Question: How many insurance accident cases and deaths are missing from the employers' registers? / Bao nhiêu vụ việc BHXH không có trong sổ TNLĐ của cơ sở?
-- Reads: indicators.ind_reconciliation
-- Columns: year, insurance_non_commuting_cases, insurance_cases_without_enterprise_record, share_without_enterprise_record, share_without_enterprise_record_ci_lower, share_without_enterprise_record_ci_upper, enterprise_deaths, enterprise_deaths_without_insurance_death_case, share_deaths_without_insurance_case
-- The signal of under-reporting, per event year. The fund decides weeks to months after the event,
-- so the latest months overstate both gaps.
select year, insurance_non_commuting_cases, insurance_cases_without_enterprise_record, share_without_enterprise_record,
       share_without_enterprise_record_ci_lower, share_without_enterprise_record_ci_upper, enterprise_deaths,
       enterprise_deaths_without_insurance_death_case, share_deaths_without_insurance_case
from indicators.ind_reconciliation
order by year;
