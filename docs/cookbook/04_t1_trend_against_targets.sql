-- Question: Is the province's fatal rate on track, year by year? / Tỷ suất tử vong của tỉnh qua các năm so với mục tiêu
-- Reads: indicators.ind_t1_fatal_rate_yearly
-- Columns: year, deaths, denominator_workers, denominator_source, fatal_rate_per_100k, fatal_rate_ci_lower, fatal_rate_ci_upper, yoy_change, yoy_distinguishable_from_noise, yoy_status, trajectory_rate_per_100k, trajectory_status, deaths_not_under_management
-- The T1 headline: deaths under the employer's management per 100,000 insured workers, against
-- −4 % on the year before (yoy_status) and 2023 × 0.96^(year − 2023) (trajectory_status).
select
    year,
    deaths,
    denominator_workers,
    denominator_source,
    fatal_rate_per_100k,
    fatal_rate_ci_lower,
    fatal_rate_ci_upper,
    yoy_change,
    yoy_distinguishable_from_noise,
    yoy_status,
    trajectory_rate_per_100k,
    trajectory_status,
    deaths_not_under_management
from indicators.ind_t1_fatal_rate_yearly
order by year;
