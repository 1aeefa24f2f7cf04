"""Annual OSH work report: one main row per employer and year, and one row per monitoring factor.

Accidents, occupational disease, health classes and monitoring samples come from the same events as
the registers, examinations, health checks and monitoring results, so the families agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.generate.calendar import month_index
from orchestration.generate.events import accidents, exams, health_checks, monitoring
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission, next_year
from orchestration.generate.families.common import files_report, other_employer
from orchestration.generate.randomness import mix, unit
from orchestration.generate.world import World
from schemas.annual_osh_report import AnnualOshReport
from schemas.periods import Period

FACTOR = "monitoring_factor_code"
TRAINING_PROVIDER = "Trung tâm Huấn luyện An toàn, vệ sinh lao động Miền Trung"
_MACHINE_SECTORS = ("B", "C", "D", "F", "H")


def _main(row: Row) -> bool:
    return row[FACTOR] is None


def _plus(column: str, of: str, extra: int = 1) -> CrossMistake:
    return CrossMistake(
        "", column, lambda row: row[of] is not None, lambda row, r: {column: row[of] + extra + r.randint(0, 3)}
    )


def _rule(mistake: CrossMistake, rule: str) -> CrossMistake:
    return CrossMistake(rule, mistake.column, mistake.applies, mistake.mutate)


RULES = FamilyRules(
    duplicate=("duplicate_row", FACTOR),
    cross=(
        _rule(_plus("female_workers", "total_workers"), "osh_female_le_total_workers"),
        _rule(_plus("heavy_hazardous_workers", "total_workers"), "osh_hazardous_le_total_workers"),
        _rule(_plus("minor_workers", "total_workers"), "osh_minors_le_total_workers"),
        _rule(_plus("under_15_workers", "minor_workers"), "osh_under_15_le_minors"),
        _rule(_plus("accident_deaths", "accident_victims"), "osh_deaths_le_victims"),
        _rule(_plus("fatal_accidents", "accidents"), "osh_fatal_accidents_le_accidents"),
        _rule(_plus("disease_new_cases", "disease_cases_cumulative"), "osh_new_disease_le_cumulative"),
        _rule(_plus("strict_machines_inspected", "strict_machines_in_use"), "osh_inspected_le_machines_in_use"),
        _rule(_plus("monitoring_failing_samples", "monitoring_samples"), "osh_failing_samples_le_samples"),
        CrossMistake("osh_risk_assessment_month_valid", "risk_assessment_month",
                     lambda row: row["risk_assessment_month"] is not None,
                     lambda row, r: {"risk_assessment_month": f"{int(row['period']) + 1}{r.randint(1, 12):02d}"}),
        CrossMistake("osh_report_main_row_complete", "heavy_hazardous_workers", _main,
                     lambda row, r: {"heavy_hazardous_workers": None}),
    ),
    out_of_range=(
        "osh_staff", "health_staff", "female_workers", "heavy_hazardous_workers", "under_15_workers",
        "disabled_workers", "elderly_workers", "fatal_accidents", "accident_deaths", "accident_cost_million_vnd",
        "accident_days_lost", "disease_new_cases", "disease_leave_days", "disease_early_retirements",
        "disease_cost_million_vnd", "health_class_i", "health_class_ii", "health_class_iii", "health_class_iv",
        "health_class_v", "trained_group_1", "trained_group_2", "trained_group_3", "trained_group_4",
        "trained_group_5", "trained_group_6", "strict_machines_inspected", "overtime_hours",
        "in_kind_allowance_workers", "in_kind_allowance_cost_million_vnd", "monitoring_failing_samples",
        "spending_safety_technical_million_vnd", "spending_ppe_million_vnd", "spending_training_million_vnd",
    ),
    # an unreadable count of the main row's required pair would also fail "main row complete", which
    # reports on one of the two columns only
    excluded=frozenset({("invalid_value", "heavy_hazardous_workers"), ("invalid_value", "total_workers")}),
    # the risk-assessment month must not fall after the row's year: a wrong period points forward
    wrong_period=next_year,
)


class AnnualOshReportProducer:
    model = AnnualOshReport
    sender_kind = "employer"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        year = period.year
        december = month_index(period.end)
        by_employer: dict[int, dict[str, list]] = {}
        for kind, events in (("accidents", [i for i in accidents(world, year) if i.reported]),
                             ("exams", exams(world, year)), ("checks", health_checks(world, year)),
                             ("visits", monitoring(world, year))):
            for event in events:
                by_employer.setdefault(event.employer.index, {}).setdefault(kind, []).append(event)
        for employer in world.employers:
            if not employer.active(december):
                continue
            seen = by_employer.get(employer.index, {})
            if not files_report(world, employer, period, "annual_osh_report", 0.1 if employer.hazardous else 0.0):
                continue
            main = _main_row(world, employer, period, seen)
            rows = [main, *_factor_rows(main, seen.get("visits", []))]
            yield Submission(
                family="annual_osh_report", period=period, sender=employer.tax_code, sender_kind="employer",
                habit=employer.style, timeliness=employer.timeliness, rows=rows,
                file_stem=f"{employer.tax_code}_bc_atvsld_nam_{period.code}", sender_label=employer.name,
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_employer(world, sender)


def _blank() -> Row:
    return {s.name: None for s in AnnualOshReport.columns()}


def _main_row(world: World, employer, period: Period, seen: dict[str, list]) -> Row:
    seed, key, year = world.seed, employer.key, period.year
    month = month_index(period.end)
    total = employer.workers_at(seed, month, world.years[0])
    hazardous = round(total * employer.hazardous_share)
    osh_staff = 1 + total // 150
    health_staff = total // 300
    incidents = seen.get("accidents", [])
    victims = [v for i in incidents for v in i.victims]
    diagnosed = sum(1 for e in seen.get("exams", []) if e.result == "diagnosed")
    cumulative = diagnosed + (mix(seed, key, year, 5) % 3 if employer.hazardous and total > 50 else 0)
    checks = seen.get("checks", [])
    classes = checks[0].classes if checks and sum(checks[0].classes) <= total else (None,) * 5
    in_use = total // 20 if employer.sector in _MACHINE_SECTORS else 0
    overtime_workers = round(total * 0.3)
    visits = seen.get("visits", [])
    samples = sum(taken for v in visits for _, taken, _ in v.samples)
    failing = sum(bad for v in visits for _, _, bad in v.samples)
    items = [round(total * share * (0.8 + 0.4 * unit(seed, key, year, n)), 1)
             for n, share in enumerate((0.6, 0.3, 0.9, 0.8, 0.25, 0.1, 0.15))]
    trained_1 = 1 + total // 50
    row = _blank() | {
        "period": period.code, "employer_tax_code": employer.tax_code, "employer_name": employer.name,
        "employer_commune_code": world.geo.code_for(employer.location_at(month), period.end),
        "facility_type": employer.facility_type, "sector_code": employer.sector_at(month),
        "total_workers": total, "osh_staff": osh_staff, "health_staff": health_staff,
        "female_workers": round(total * employer.female_share), "heavy_hazardous_workers": hazardous,
        "minor_workers": 0, "under_15_workers": 0, "disabled_workers": total // 200, "elderly_workers": total // 80,
        "accidents": len(incidents), "fatal_accidents": sum(1 for i in incidents
                                                            if any(v.severity == "death" for v in i.victims)),
        "accident_victims": len(victims), "accident_deaths": sum(1 for v in victims if v.severity == "death"),
        "accident_cost_million_vnd": round(sum({"death": 90.0, "severe": 25.0, "light": 3.0}[v.severity]
                                               for v in victims), 1),
        "accident_days_lost": sum(v.days_off for v in victims),
        "disease_cases_cumulative": cumulative, "disease_new_cases": diagnosed,
        "disease_leave_days": diagnosed * 12, "disease_early_retirements": 0,
        "disease_cost_million_vnd": round(diagnosed * 15.0, 1),
        "health_class_i": classes[0], "health_class_ii": classes[1], "health_class_iii": classes[2],
        "health_class_iv": classes[3], "health_class_v": classes[4],
        "trained_group_1": trained_1, "trained_group_2": osh_staff, "trained_group_3": hazardous,
        "trained_group_4": max(0, total - hazardous - trained_1), "trained_group_5": health_staff,
        "trained_group_6": total // 100,
        "strict_machines_in_use": in_use, "strict_machines_inspected": max(0, in_use - mix(seed, key, year) % 2),
        "overtime_workers": overtime_workers,
        "overtime_hours": overtime_workers * (20 + mix(seed, key, year, 9) % 180),
        "in_kind_allowance_workers": hazardous, "in_kind_allowance_cost_million_vnd": round(hazardous * 1.2, 1),
        "monitoring_samples": samples, "monitoring_failing_samples": failing,
        "spending_safety_technical_million_vnd": items[0], "spending_hygiene_technical_million_vnd": items[1],
        "spending_ppe_million_vnd": items[2], "spending_health_care_million_vnd": items[3],
        "spending_training_million_vnd": items[4], "spending_risk_assessment_million_vnd": items[5],
        "spending_other_million_vnd": items[6], "spending_total_million_vnd": round(sum(items), 1),
        "monitoring_provider": visits[0].facility.name if visits else None,
        "health_check_provider": checks[0].facility.name if checks else None,
        "training_provider": TRAINING_PROVIDER if total >= 10 else None,
        "risk_assessment_month": f"{year}{1 + mix(seed, key, year, 3) % 12:02d}" if total >= 10 else None,
    }
    return row


def _factor_rows(main: Row, visits: list) -> list[Row]:
    by_factor: dict[str, list[int]] = {}
    for visit in visits:
        for factor, taken, failing in visit.samples:
            totals = by_factor.setdefault(factor, [0, 0])
            totals[0] += taken
            totals[1] += failing
    return [
        _blank() | {"period": main["period"], "employer_tax_code": main["employer_tax_code"], FACTOR: factor,
                    "monitoring_samples": taken, "monitoring_failing_samples": failing}
        for factor, (taken, failing) in sorted(by_factor.items())
    ]


PRODUCER = AnnualOshReportProducer()
