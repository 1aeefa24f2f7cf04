"""Insurance benefits: the fund's monthly list of benefit decisions, one row per benefit granted.

Cases come from the accidents and diagnosed diseases of the world (same worker, same national ID),
plus cases only the fund knows of (accidents on the way to work, accidents the employer never declared).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from orchestration.generate.calendar import month_index
from orchestration.generate.events import Benefit, benefits
from orchestration.generate.families.base import CrossMistake, FamilyRules, Row, Submission
from orchestration.generate.families.common import other_fund_office
from orchestration.generate.world import World
from schemas.insurance_benefits import InsuranceBenefitReport
from schemas.periods import Period

_GRADED = ("one_time", "monthly", "attendant")  # benefits that require the assessed capacity loss


def _plain_accident(rule: str, column: str, row: Row) -> bool:
    # an unknown case type would also break the disease-code and commuting rules on other rows
    return not (column == "case_type" and (row["disease_code"] is not None or row["is_commuting_accident"]))


RULES = FamilyRules(
    duplicate=("benefit_duplicate_decision", "decision_number"),
    cross=(
        CrossMistake("benefit_decision_in_period", "decision_date", lambda row: True,
                     lambda row, r: {"decision_date": row["_period_end"] + timedelta(days=r.randint(1, 20))}),
        CrossMistake("benefit_event_not_after_decision", "event_date", lambda row: True,
                     lambda row, r: {"event_date": row["decision_date"] + timedelta(days=r.randint(1, 30))}),
        CrossMistake("benefit_disease_code_required", "disease_code",
                     lambda row: row["case_type"] == "occupational_disease", lambda row, r: {"disease_code": None}),
        CrossMistake("benefit_disease_code_only_for_disease", "disease_code",
                     lambda row: row["case_type"] == "accident", lambda row, r: {"disease_code": "1"}),
        CrossMistake("benefit_commuting_only_for_accident", "is_commuting_accident",
                     lambda row: row["case_type"] == "occupational_disease",
                     lambda row, r: {"is_commuting_accident": True}),
        CrossMistake("benefit_capacity_loss_required", "capacity_loss_pct",
                     lambda row: row["benefit_type"] in _GRADED, lambda row, r: {"capacity_loss_pct": None}),
        CrossMistake("benefit_capacity_loss_fits_type", "capacity_loss_pct",
                     lambda row: row["benefit_type"] == "one_time",
                     lambda row, r: {"capacity_loss_pct": r.randint(45, 70)}),
        CrossMistake("benefit_amount_positive", "amount_million_vnd", lambda row: True,
                     lambda row, r: {"amount_million_vnd": 0.0}),
    ),
    out_of_range=("worker_birth_year",),
    eligible=_plain_accident,
    sensitive=("benefit_type",),
)


class InsuranceBenefits:
    model = InsuranceBenefitReport
    sender_kind = "fund"
    rules = RULES

    def submissions(self, world: World, period: Period) -> Iterator[Submission]:
        month = month_index(period.start)
        decided = benefits(world)
        found = decided.get(month, [])
        if not found:
            return
        # decision numbers run through the year; a death and its funeral allowance share one decision
        earlier = sum(len({(b.worker.national_id, b.decided) for b in decided.get(m, [])})
                      for m in range(period.year * 12, month))
        numbers: dict[tuple[str, object], int] = {}
        rows = []
        for b in found:
            number = numbers.setdefault((b.worker.national_id, b.decided), earlier + len(numbers) + 1)
            rows.append(_row(world, period, b, f"{number}/QĐ-{world.fund_office}"))
        yield Submission(
            family="insurance_benefits", period=period, sender=world.fund_office, sender_kind="fund",
            habit=int(world.province) * 7 + 5, timeliness=0.9, rows=rows,
            file_stem=f"{world.fund_office.lower()}_chedo_tnld_{period.code}",
            sender_label="Bảo hiểm xã hội tỉnh",
        )

    def other_sender(self, world: World, period: Period, sender: str) -> str | None:
        return other_fund_office(sender)


def _row(world: World, period: Period, b: Benefit, number: str) -> Row:
    return {
        "_period_end": period.end,
        "fund_office_code": world.fund_office, "period": period.code, "decision_number": number,
        "decision_date": b.decided, "worker_national_id": b.worker.national_id, "worker_name": b.worker.name,
        "worker_sex": "male" if b.worker.male else "female", "worker_birth_year": b.worker.birth_year,
        "employer_tax_code": b.employer.tax_code, "employer_name": b.employer.name,
        "employer_commune_code": world.geo.code_for(b.employer.location_at(month_index(b.decided)), period.end),
        "case_type": b.case_type, "is_commuting_accident": b.commuting if b.case_type == "accident" else False,
        "event_date": b.event, "disease_code": b.disease, "capacity_loss_pct": b.capacity_loss,
        "benefit_type": b.benefit_type, "amount_million_vnd": b.amount,
    }


PRODUCER = InsuranceBenefits()
