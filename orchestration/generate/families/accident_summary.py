"""Accident summary: each employer's half-year (S1) and annual summary, a total line plus breakdown lines.

The lines are computed from the same accidents as the employer's register, so the summary, the
register and the annual OSH report agree; breakdowns by cause and injury factor add up to the total.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from orchestration.generate.calendar import month_index
from orchestration.generate.events import Incident, Victim, accidents, base_salary
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission
from orchestration.generate.families.common import files_report, other_employer
from orchestration.generate.world import World
from schemas import reference
from schemas.accident_summary import AccidentSummaryReport
from schemas.periods import Period, parse_period

TOTAL = "total"
_DIMENSIONS = (("cause", "ref_accident_causes"), ("injury_factor", "ref_injury_factors"),
               ("occupation", "ref_vsco_major_groups"))


def _is_total(row: Row) -> bool:
    return row["breakdown_dimension"] == TOTAL


def _not_total_dimension(rule: str, column: str, row: Row) -> bool:
    # the total line is found by its dimension: losing it would fail every row of the file
    return not (_is_total(row) and column == "breakdown_dimension")


RULES = FamilyRules(
    duplicate=("duplicate_row", "breakdown_code"),
    cross=(
        CrossMistake("summary_female_workers_le_total", "female_workers",
                     lambda row: row["total_workers"] is not None,
                     lambda row, r: {"female_workers": row["total_workers"] + r.randint(1, 9)}),
        CrossMistake("summary_female_victims_le_victims", "female_victims", lambda row: row["victims"] is not None,
                     lambda row, r: {"female_victims": row["victims"] + 1}),
        CrossMistake("summary_victims_not_managed_le_total", "victims_not_managed",
                     lambda row: row["victims"] is not None,
                     lambda row, r: {"victims_not_managed": row["victims"] + 1}),
        CrossMistake("summary_multi_victim_accidents_le_accidents", "multi_victim_accidents",
                     lambda row: row["accidents"] is not None,
                     lambda row, r: {"multi_victim_accidents": row["accidents"] + 1}),
        CrossMistake("summary_severe_le_survivors", "severely_injured", lambda row: row["victims"] is not None,
                     lambda row, r: {"severely_injured": row["victims"] - row["deaths"] + 1}),
        CrossMistake("summary_deaths_le_victims", "deaths", lambda row: row["victims"] is not None,
                     lambda row, r: {"deaths": row["victims"] + 1, "severely_injured": None}),
        CrossMistake("summary_fatal_accidents_le_deaths", "fatal_accidents",
                     lambda row: row["accidents"] is not None and row["accidents"] > row["deaths"],
                     lambda row, r: {"fatal_accidents": row["deaths"] + 1}),
        CrossMistake("summary_total_line_has_header", "total_workers", _is_total,
                     lambda row, r: {"facility_type": None}),
        CrossMistake("required", "breakdown_code", lambda row: not _is_total(row),
                     lambda row, r: {"breakdown_code": None}),
        CrossMistake("unknown_code", "breakdown_code", lambda row: not _is_total(row),
                     lambda row, r: {"breakdown_code": "999"}),
    ),
    out_of_range=(
        "female_workers", "payroll_million_vnd", "multi_victim_accidents", "fatal_accidents", "victims_not_managed",
        "female_victims_not_managed", "deaths_not_managed", "severely_injured_not_managed", "days_off",
        "cost_medical_million_vnd", "cost_wages_million_vnd", "cost_compensation_million_vnd",
        "property_damage_million_vnd",
    ),
    # an unreadable workforce on the total line would also fail "total line has header" if that rule
    # reported on another column
    excluded=frozenset({("invalid_value", "total_workers")}),
    eligible=_not_total_dimension,
)


class AccidentSummary:
    model = AccidentSummaryReport
    sender_kind = "employer"
    rules = RULES

    def periods(self, years: tuple[int, ...], months: tuple[int, ...] | None) -> list[Period]:
        """Due for the first half-year (before 5 July) and for the whole year (before 10 January)."""
        out = []
        for y in years:
            if months is None or any(m <= 6 for m in months):
                out.append(parse_period(f"{y}S1"))
            out.append(parse_period(str(y)))
        return out

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        first, last = period.start, period.end
        incidents = [i for i in accidents(world, period.year) if i.reported and first <= i.at.date() <= last]
        by_employer = {k: list(g) for k, g in groupby(incidents, key=lambda i: i.employer.index)}
        month = month_index(last)
        for employer in world.employers:
            if not employer.active_in(month_index(first), month):
                continue
            own = by_employer.get(employer.index, [])
            if not files_report(world, employer, period, "accident_summary", 0.15 if own else 0.0):
                continue
            workers = employer.workers_at(world.seed, month, world.years[0])
            months = 12 if period.period_type == "year" else 6
            header: Row = {
                "employer_name": employer.name,
                "employer_commune_code": world.geo.code_for(employer.location_at(month), last),
                "facility_type": employer.facility_type,
                "sector_code": employer.sector_at(month),
                "total_workers": workers,
                "female_workers": round(workers * employer.female_share),
                "payroll_million_vnd": round(workers * employer.monthly_wage_million * months, 1),
            }
            base = {"period": period.code, "employer_tax_code": employer.tax_code}
            rows = [{**_blank(), **base, **header, **_measures(own, costs=True), "breakdown_dimension": TOTAL}]
            for dimension, code_list in _DIMENSIONS:
                labels = {r["code"]: r["name_vi"] for r in reference.read_seed(code_list)}
                for code, victims in sorted(_lines(own, dimension).items(), key=lambda kv: _order(kv[0])):
                    rows.append({**_blank(), **base, **_measures_of(victims), "breakdown_dimension": dimension,
                                 "breakdown_code": code, "breakdown_label": labels.get(code)})
            yield Submission(
                family="accident_summary", period=period, sender=employer.tax_code, sender_kind="employer",
                habit=employer.style, timeliness=employer.timeliness, rows=rows,
                file_stem=f"{employer.tax_code}_bc_tonghop_tnld_{period.code}", sender_label=employer.name,
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_employer(world, sender)


def _blank() -> Row:
    return {s.name: None for s in AccidentSummaryReport.columns()}


def _order(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (10**6, code)


def _lines(incidents: list[Incident], dimension: str) -> dict[str, list[tuple[Incident, Victim]]]:
    lines: dict[str, list[tuple[Incident, Victim]]] = {}
    for incident in incidents:
        for v in incident.victims:
            code = {"cause": incident.cause, "injury_factor": incident.factor, "occupation": v.occupation}[dimension]
            lines.setdefault(code, []).append((incident, v))
    return lines


def _measures(incidents: list[Incident], costs: bool = False) -> Row:
    row = _measures_of([(i, v) for i in incidents for v in i.victims])
    if costs:
        medical = sum({"death": 30.0, "severe": 18.0, "light": 2.5}[v.severity] for i in incidents for v in i.victims)
        wages = sum(v.days_off for i in incidents for v in i.victims) * 0.3
        salary = base_salary(incidents[0].at.date()) if incidents else 0.0
        compensation = sum({"death": 30 * salary, "severe": 5 * salary, "light": 0.0}[v.severity]
                           for i in incidents for v in i.victims)
        items = [round(medical, 1), round(wages, 1), round(compensation, 1)]
        row |= {
            "cost_medical_million_vnd": items[0], "cost_wages_million_vnd": items[1],
            "cost_compensation_million_vnd": items[2], "cost_total_million_vnd": round(sum(items), 1),
            "property_damage_million_vnd": round(len(incidents) * 4.5, 1),
        }
    return row


def _measures_of(pairs: list[tuple[Incident, Victim]]) -> Row:
    incidents = {id(i): i for i, _ in pairs}
    dead_in = {id(i) for i, v in pairs if v.severity == "death"}

    def count(test) -> int:
        return sum(1 for _, v in pairs if test(v))

    return {
        "accidents": len(incidents),
        "fatal_accidents": len(dead_in),
        "multi_victim_accidents": sum(1 for i in incidents.values() if len(i.victims) >= 2),
        "victims": len(pairs),
        "victims_not_managed": count(lambda v: not v.under_management),
        "female_victims": count(lambda v: not v.person.male),
        "female_victims_not_managed": count(lambda v: not v.person.male and not v.under_management),
        "deaths": count(lambda v: v.severity == "death"),
        "deaths_not_managed": count(lambda v: v.severity == "death" and not v.under_management),
        "severely_injured": count(lambda v: v.severity == "severe"),
        "severely_injured_not_managed": count(lambda v: v.severity == "severe" and not v.under_management),
        "days_off": sum(v.days_off for _, v in pairs),
    }


PRODUCER = AccidentSummary()
