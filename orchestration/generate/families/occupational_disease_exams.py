"""Occupational-disease examinations: each examining facility's half-year list, one row per worker examined."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from orchestration.generate.calendar import month_index
from orchestration.generate.events import Exam, exams
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission
from orchestration.generate.families.common import facility_habit, other_facility
from orchestration.generate.world import World
from schemas.occupational_disease_exams import OccupationalDiseaseExamReport
from schemas.periods import Period

KIND = "occupational_disease_exam"


def _no_disease_code(rule: str, column: str, row: Row) -> bool:
    # an unknown result on a diagnosed row would also break "disease code if and only if diagnosed"
    return not (column == "exam_result" and row["disease_code"] is not None)


RULES = FamilyRules(
    duplicate=("od_exam_duplicate_worker_date", "worker_national_id"),
    cross=(
        CrossMistake("od_exam_date_in_period", "exam_date", lambda row: True,
                     lambda row, r: {"exam_date": row["_period_start"] - timedelta(days=r.randint(1, 90))}),
        CrossMistake("od_exam_disease_iff_diagnosed", "disease_code", lambda row: row["exam_result"] == "no_disease",
                     lambda row, r: {"disease_code": row["_fitting_disease"]}),
    ),
    out_of_range=("worker_birth_year", "exposure_years"),
    eligible=_no_disease_code,
)


class OccupationalDiseaseExams:
    model = OccupationalDiseaseExamReport
    sender_kind = "facility"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        by_facility: dict[str, list[Exam]] = {}
        for exam in exams(world, period.year):
            if period.start <= exam.on <= period.end:
                by_facility.setdefault(exam.facility.code, []).append(exam)
        for code, found in sorted(by_facility.items()):
            facility = found[0].facility
            rows = [_row(world, period, e) for e in sorted(found, key=lambda e: (e.on, e.worker.national_id))]
            yield Submission(
                family="occupational_disease_exams", period=period, sender=code, sender_kind="facility",
                habit=facility_habit(code), timeliness=0.8, rows=rows, file_stem=f"{code}_kham_bnn_{period.code}",
                sender_label=facility.name,
            )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_facility(world, KIND, sender)


def _row(world: World, period: Period, e: Exam) -> Row:
    return {
        "_period_start": period.start, "_fitting_disease": "1" if e.exposure.startswith("dust") else "21",
        "facility_code": e.facility.code, "period": period.code,
        "employer_tax_code": e.employer.tax_code, "employer_name": e.employer.name,
        "employer_commune_code": world.geo.code_for(e.employer.location_at(month_index(e.on)), period.end),
        "worker_national_id": e.worker.national_id, "worker_name": e.worker.name,
        "worker_sex": "male" if e.worker.male else "female", "worker_birth_year": e.worker.birth_year,
        "exposure_factor_code": e.exposure, "exposure_years": e.exposure_years, "exam_date": e.on,
        "exam_result": e.result, "disease_code": e.disease,
    }


PRODUCER = OccupationalDiseaseExams()
