-- Question: Which employers have not sent their accident summary for this half-year? / Những cơ sở nào chưa gửi báo cáo tổng hợp TNLĐ 6 tháng?
-- Reads: marts.fct_insured_workforce_monthly, marts.fct_accident_summary_lines, marts.dim_employer, marts.dim_commune, marts.dim_reporting_deadline
-- Columns: employer_tax_code, employer_commune_code, commune_name, sector_code, facility_type, months_insured, insured_workers_avg, due_before, last_summary_period
-- Expected: every employer placed in the province with insured workers in the half-year (as the
-- completeness indicator expects them). Reported: a loaded summary for the half-year. An employer
-- whose only file was rejected as a whole shows here too: its receipt (osh receipts) says why.
with params as (select '2025S1' as period_code),
province as (select distinct province_code from marts.dim_commune where is_served_province),
expected as (
    select w.employer_tax_code, count(*) as months_insured, avg(w.insured_workers) as insured_workers_avg
    from marts.fct_insured_workforce_monthly as w
    join params as p on w.half_year = p.period_code
    where w.insured_workers > 0 and w.employer_province_code in (select province_code from province)
    group by w.employer_tax_code
),
filed as (
    select distinct s.employer_tax_code
    from marts.fct_accident_summary_lines as s
    join params as p on s.reporting_period = p.period_code
)
select
    e.employer_tax_code,
    d.employer_commune_code,
    c.commune_name,
    d.sector_code,
    d.facility_type,
    e.months_insured,
    round(e.insured_workers_avg, 1) as insured_workers_avg,
    dl.due_before,
    (select max(s.reporting_period) from marts.fct_accident_summary_lines as s
     where s.employer_tax_code = e.employer_tax_code) as last_summary_period
from expected as e
left join marts.dim_employer as d on d.employer_tax_code = e.employer_tax_code
left join marts.dim_commune as c on c.commune_code = d.employer_commune_code
left join marts.dim_reporting_deadline as dl
    on dl.family = 'accident_summary' and dl.period_code = (select period_code from params)
where e.employer_tax_code not in (select employer_tax_code from filed)
order by e.insured_workers_avg desc, e.employer_tax_code;
