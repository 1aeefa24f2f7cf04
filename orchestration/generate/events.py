"""What happens in the world each year: accidents, examinations, health checks, monitoring visits, benefits.

Each function is a pure function of the world and the year (cached on the world), so every family that
describes the same event — the register, the summary, the annual report, the fund's decision — agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from orchestration.generate.people import Person, person
from orchestration.generate.profiles import EXAM_TREND, MONITORING_TREND, VICTIM_TREND, trend
from orchestration.generate.randomness import mix, rng, weighted_choice
from orchestration.generate.world import DEFAULT_RISK, SECTOR_RISK, Employer, Facility, World
from schemas import reference

BORN = (1962, 2004)  # birth years of workers (aged 17-63 over 2021-2025)
INJURY_FACTORS = {
    "F": {"108": 40, "110": 18, "112": 12, "107": 10, "105": 8, "104": 6, "199": 6},
    "B": {"112": 35, "110": 20, "105": 15, "115": 12, "103": 10, "199": 8},
    "C": {"103": 35, "104": 15, "107": 12, "116": 10, "101": 10, "117": 8, "199": 10},
    "A": {"119": 25, "105": 20, "121": 15, "104": 15, "108": 10, "120": 5, "199": 10},
    "H": {"106": 55, "105": 25, "101": 10, "199": 10},
    "D": {"107": 60, "108": 20, "199": 20},
}
DEFAULT_FACTORS = {"106": 25, "109": 20, "104": 15, "110": 15, "107": 10, "199": 15}
CAUSES = {"1": 12, "2": 8, "3": 14, "4": 10, "5": 9, "6": 7, "7": 18, "8": 9, "9": 10, "10": 3}
OCCUPATIONS = {
    "F": {"7": 60, "9": 32, "8": 8}, "C": {"8": 50, "7": 25, "9": 25}, "B": {"8": 45, "9": 35, "7": 20},
    "A": {"6": 60, "9": 35, "8": 5}, "H": {"8": 75, "9": 20, "4": 5}, "G": {"5": 50, "9": 40, "4": 10},
}
DEFAULT_OCCUPATIONS = {"9": 40, "5": 25, "7": 20, "3": 10, "2": 5}
EMPLOYMENT_TYPES = {"labour_contract": 86, "leased": 4, "probation": 4, "apprentice": 3, "no_contract": 3}
EXPOSURES = {
    "B": ("dust_silica", "dust_coal", "noise", "vibration_hand_arm"),
    "F": ("dust_silica", "noise", "vibration_whole_body"),
    "C": ("noise", "dust_other", "benzene", "lead", "dust_cotton", "manganese"),
    "A": ("pesticides", "wet_cold", "leptospira"),
    "D": ("noise", "ionising_radiation"), "E": ("leptospira", "carbon_monoxide", "noise"),
    "H": ("noise", "vibration_whole_body", "carbon_monoxide"), "Q": ("bloodborne_pathogens", "tuberculosis"),
}
DEFAULT_EXPOSURES = ("noise", "dust_other")
MONITORING_FACTORS = {
    "B": ("dust", "noise", "vibration", "temperature", "humidity", "air_velocity", "light"),
    "C": ("temperature", "humidity", "air_velocity", "light", "noise", "dust", "toxic_gas"),
    "F": ("dust", "noise", "vibration", "light", "temperature"),
    "D": ("electromagnetic_field", "noise", "temperature", "light", "radiation"),
}
DEFAULT_MONITORING = ("temperature", "humidity", "light", "noise", "air_velocity")
WORK_DESCRIPTIONS = {
    "6": ("đánh bắt hải sản", "làm rẫy", "khai thác gỗ", "chăn nuôi"), "7": ("phụ hồ", "thợ nề", "thợ điện tự do"),
    "8": ("lái xe tải thuê", "chạy máy cày thuê"), "9": ("bốc vác", "phụ hồ", "thu gom phế liệu"),
}
# Base salary (lương cơ sở, million VND) by the date it took effect: benefits are multiples of it.
BASE_SALARY = ((date(2019, 7, 1), 1.49), (date(2023, 7, 1), 1.8), (date(2024, 7, 1), 2.34))


@dataclass(frozen=True, slots=True)
class Victim:
    person: Person
    occupation: str
    employment_type: str
    severity: str  # death | severe | light
    days_off: int
    under_management: bool


@dataclass(frozen=True, slots=True)
class Incident:
    employer: Employer
    number: int  # its number in the employer's register for the year
    at: datetime
    location: str  # a location code of the geography (legacy unit in province 51)
    factor: str
    cause: str
    victims: tuple[Victim, ...]
    reported: bool  # the employer declares it; the fund may know of it regardless


@dataclass(frozen=True, slots=True)
class CommuneAccident:
    reporting_location: str
    number: int
    at: datetime
    location: str
    factor: str
    cause: str
    victim: Person
    occupation: str
    work: str
    severity: str
    insured: bool


@dataclass(frozen=True, slots=True)
class Exam:
    facility: Facility
    employer: Employer
    worker: Person
    exposure: str
    exposure_years: float
    on: date
    result: str  # no_disease | suspected | diagnosed
    disease: str | None


@dataclass(frozen=True, slots=True)
class HealthCheck:
    facility: Facility
    employer: Employer
    on: date
    checked: int
    female: int
    classes: tuple[int, int, int, int, int]
    disease: int
    follow_up: int
    transfer: int


@dataclass(frozen=True, slots=True)
class MonitoringVisit:
    facility: Facility
    employer: Employer
    on: date
    samples: tuple[tuple[str, int, int], ...]  # (factor, taken, failing)


@dataclass(frozen=True, slots=True)
class Benefit:
    decided: date
    worker: Person
    employer: Employer
    case_type: str  # accident | occupational_disease
    commuting: bool
    event: date
    disease: str | None
    capacity_loss: int | None
    benefit_type: str
    amount: float


def _cached(world: World, key: tuple, build):
    if key not in world.events:
        world.events[key] = build()
    return world.events[key]


def _peek(world: World, key: tuple, build):
    """The cached events if there, else built without keeping them (for a one-off pass over all years)."""
    return world.events[key] if key in world.events else build()


def forget(world: World, year: int) -> None:
    """Drop a finished year's events (the national scale writes year by year in bounded memory)."""
    for key in [k for k in world.events if k[-1] == year and k[0] != "benefits"]:
        del world.events[key]


def _draw(r, table: dict[str, float]) -> str:
    keys = list(table)
    return weighted_choice(r, keys, list(accumulate(table.values())))


def worker(world: World, employer: Employer, k: int) -> Person:
    return person(world.seed, employer.key, k, world.birth_places, employer.female_share, BORN)


def _active(world: World, year: int) -> list[Employer]:
    return [e for e in world.employers if e.active_in(year * 12, year * 12 + 11)]


def _month_in(r, employer: Employer, year: int) -> int:
    months = [m for m in range(year * 12, year * 12 + 12) if employer.active(m)]
    return r.choice(months)


def _moment(r, month: int) -> datetime:
    y, m = divmod(month, 12)
    day = r.randint(1, 28)
    return datetime(y, m + 1, day, r.randint(6, 18), r.choice((0, 15, 30, 45)))


def accidents(world: World, year: int) -> list[Incident]:
    """Occupational accidents at employers in a year, sorted by employer and time."""
    return _cached(world, ("accidents", year), lambda: _accidents(world, year))


def _accidents(world: World, year: int) -> list[Incident]:
    r = rng(world.seed, "accidents", world.province, year)
    p = world.profile
    deaths = p.deaths(year, world.share)
    victims = max(deaths, round(p.case_victims * trend(VICTIM_TREND, year) * world.share))
    severe = min(victims - deaths, round(p.case_severe * trend(VICTIM_TREND, year) * world.share))
    severities = ["death"] * deaths + ["severe"] * severe + ["light"] * (victims - deaths - severe)
    r.shuffle(severities)
    employers = _active(world, year)
    if not employers or not victims:
        return []
    mid = year * 12 + 6
    weights = list(accumulate(
        e.workers_at(world.seed, mid, world.years[0]) * SECTOR_RISK.get(e.sector, DEFAULT_RISK) for e in employers
    ))
    drawn: list[tuple[Employer, datetime, list[str]]] = []
    while severities:
        size = 1 + (r.random() < 0.10) + (r.random() < 0.03) + (r.random() < 0.01)
        group, severities = severities[:size], severities[size:]
        employer = weighted_choice(r, employers, weights)
        drawn.append((employer, _moment(r, _month_in(r, employer, year)), group))
    drawn.sort(key=lambda d: (d[0].index, d[1]))
    incidents: list[Incident] = []
    numbers: dict[int, int] = {}
    for employer, at, group in drawn:
        month = at.year * 12 + at.month - 1
        staff = employer.workers_at(world.seed, month, world.years[0])
        ks = r.sample(range(max(staff, len(group))), len(group))
        sector = employer.sector_at(month)
        people = tuple(_victim(r, world, employer, k, severity, sector) for k, severity in zip(ks, group, strict=True))
        numbers[employer.index] = numbers.get(employer.index, 0) + 1
        location = employer.location_at(month)
        if r.random() < 0.15:
            location = weighted_choice(r, *world.geo.locations()).code
        incidents.append(Incident(
            employer=employer, number=numbers[employer.index], at=at, location=location,
            factor=_draw(r, INJURY_FACTORS.get(sector, DEFAULT_FACTORS)), cause=_draw(r, CAUSES),
            victims=people, reported="death" in group or r.random() < 0.95,
        ))
    return incidents


def _victim(r, world: World, employer: Employer, k: int, severity: str, sector: str) -> Victim:
    employment = _draw(r, EMPLOYMENT_TYPES)
    managed = r.random() < (0.5 if employment == "leased" else 0.97)
    days = 0 if severity == "death" else r.randint(15, 180) if severity == "severe" else r.randint(1, 14)
    return Victim(worker(world, employer, k), _draw(r, OCCUPATIONS.get(sector, DEFAULT_OCCUPATIONS)), employment,
                  severity, days, managed)


def commune_accidents(world: World, year: int) -> list[CommuneAccident]:
    """Accidents among workers without a labour contract, as communes record them."""
    return _cached(world, ("commune", year), lambda: _commune_accidents(world, year))


def _commune_accidents(world: World, year: int) -> list[CommuneAccident]:
    r = rng(world.seed, "commune_accidents", world.province, year)
    p = world.profile
    victims = round(p.commune_victims * trend(VICTIM_TREND, year) * world.share)
    deaths = min(victims, round(p.commune_deaths * trend(VICTIM_TREND, year) * world.share))
    severe = round((victims - deaths) * 0.3)
    severities = ["death"] * deaths + ["severe"] * severe + ["light"] * (victims - deaths - severe)
    r.shuffle(severities)
    locations, weights = world.geo.locations()
    out: list[CommuneAccident] = []
    numbers: dict[str, int] = {}
    for severity in severities:
        location = weighted_choice(r, locations, weights).code
        at = _moment(r, year * 12 + r.randrange(12))
        numbers[location] = numbers.get(location, 0) + 1
        occupation = _draw(r, {"6": 35, "7": 25, "9": 30, "8": 10})
        group = 7_000_000_000 + mix(world.seed, int(location)) % 1_000_000
        out.append(CommuneAccident(
            reporting_location=location, number=numbers[location], at=at,
            location=location if r.random() < 0.85 else weighted_choice(r, locations, weights).code,
            factor=_draw(r, {"108": 25, "119": 20, "106": 15, "112": 10, "121": 10, "107": 10, "199": 10}),
            cause=_draw(r, {"9": 35, "7": 25, "8": 20, "3": 10, "10": 10}),
            victim=person(world.seed, group, r.randrange(100_000), world.birth_places, 0.25, BORN),
            occupation=occupation, work=r.choice(WORK_DESCRIPTIONS[occupation]), severity=severity,
            insured=year >= 2025 and r.random() < 0.1,
        ))
    out.sort(key=lambda a: (a.reporting_location, a.at))
    return out


def _facility(world: World, kind: str, employer: Employer, on: date, salt: int) -> Facility:
    day = on.isoformat()
    pool = [f for f in world.facilities[kind] if f.active_in(day, day)] or world.facilities[kind]
    return pool[mix(world.seed, employer.key, salt) % len(pool)]


def _hazardous_order(world: World, year: int, salt: str) -> list[Employer]:
    """Hazardous employers active in the year, bigger ones first more often (a weighted shuffle)."""
    r = rng(world.seed, salt, world.province, year)
    pool = [e for e in _active(world, year) if e.hazardous]
    keyed = [(r.random() ** (1.0 / (1.0 + e.base_workers ** 0.5)), e) for e in pool]
    return [e for _, e in sorted(keyed, key=lambda x: (-x[0], x[1].index))]


def exams(world: World, year: int) -> list[Exam]:
    """Occupational-disease examinations of a year (each worker at most once a year)."""
    return _cached(world, ("exams", year), lambda: _exams(world, year))


def _exams(world: World, year: int) -> list[Exam]:
    r = rng(world.seed, "exams", world.province, year)
    target = round(world.profile.examined_workers * trend(EXAM_TREND, year) * world.share)
    diseases = reference.read_seed("ref_occupational_diseases")
    groups = {row["code"]: row["exposure_group"] for row in reference.read_seed("ref_exposure_factors")}
    out: list[Exam] = []
    for employer in _hazardous_order(world, year, "exam_order"):
        if len(out) >= target:
            break
        month = _month_in(r, employer, year)
        hazardous = max(1, round(employer.workers_at(world.seed, month, world.years[0]) * employer.hazardous_share))
        start = datetime(month // 12, month % 12 + 1, 1).date()
        exposures = EXPOSURES.get(employer.sector_at(month), DEFAULT_EXPOSURES)
        for k in range(min(hazardous, target - len(out))):
            on = start + timedelta(days=r.randrange(28))
            w = worker(world, employer, k)
            exposure = exposures[k % len(exposures)]
            result = "diagnosed" if r.random() < 0.02 else "suspected" if r.random() < 0.04 else "no_disease"
            disease = None
            if result == "diagnosed":
                fitting = [d["code"] for d in diseases if d["exposure_group"] == groups[exposure]]
                disease = r.choice(fitting) if fitting else None
                result = result if disease else "suspected"
            years = round(min(r.uniform(0.5, 20.0), max(0.0, on.year - w.birth_year - 15)), 1)
            out.append(Exam(_facility(world, "occupational_disease_exam", employer, on, 1), employer, w, exposure,
                            years, on, result, disease))
    return out


def health_checks(world: World, year: int) -> list[HealthCheck]:
    return _cached(world, ("health_checks", year), lambda: _health_checks(world, year))


_CHECK_CHANCE = {"micro": 0.2, "small": 0.5, "medium": 0.85, "large": 0.95}
_CLASS_SHARES = (0.2, 0.45, 0.28, 0.06, 0.01)


def _health_checks(world: World, year: int) -> list[HealthCheck]:
    r = rng(world.seed, "health_checks", world.province, year)
    out: list[HealthCheck] = []
    for employer in _active(world, year):
        if r.random() >= _CHECK_CHANCE[employer.size_band]:
            continue
        month = _month_in(r, employer, year)
        on = date(month // 12, month % 12 + 1, r.randint(1, 28))
        checked = max(1, round(employer.workers_at(world.seed, month, world.years[0]) * r.uniform(0.8, 1.0)))
        classes = [int(checked * s) for s in _CLASS_SHARES]
        classes[1] += checked - sum(classes)
        disease = min(classes[3], r.randint(0, 2)) if employer.hazardous and checked > 50 else 0
        out.append(HealthCheck(
            _facility(world, "health_check", employer, on, 2), employer, on, checked,
            min(checked, round(checked * employer.female_share)), tuple(classes),  # type: ignore[arg-type]
            disease, classes[3] + classes[4], classes[4],
        ))
    return out


def monitoring(world: World, year: int) -> list[MonitoringVisit]:
    return _cached(world, ("monitoring", year), lambda: _monitoring(world, year))


def _monitoring(world: World, year: int) -> list[MonitoringVisit]:
    r = rng(world.seed, "monitoring", world.province, year)
    target = round(world.profile.monitored_establishments * trend(MONITORING_TREND, year) * world.share)
    out: list[MonitoringVisit] = []
    for employer in _hazardous_order(world, year, "monitoring_order")[:target]:
        visits = 2 if r.random() < 0.1 else 1
        months = sorted(r.sample([m for m in range(year * 12, year * 12 + 12) if employer.active(m)] * 2, visits))
        for month in months:
            on = date(month // 12, month % 12 + 1, r.randint(1, 28))
            factors = MONITORING_FACTORS.get(employer.sector_at(month), DEFAULT_MONITORING)
            chosen = r.sample(factors, min(len(factors), r.randint(3, 7)))
            scale = 1 + employer.base_workers // 150
            samples = []
            for factor in sorted(chosen):
                taken = r.randint(2, 10) * scale
                failing = 0 if r.random() < 0.7 else r.randint(1, max(1, taken // 4))
                samples.append((factor, taken, failing))
            out.append(MonitoringVisit(_facility(world, "environment_monitoring", employer, on, 3), employer, on,
                                       tuple(samples)))
    out.sort(key=lambda v: (v.on, v.employer.index))
    return out


def base_salary(on: date) -> float:
    value = BASE_SALARY[0][1]
    for since, amount in BASE_SALARY:
        if on >= since:
            value = amount
    return value


def benefits(world: World) -> dict[int, list[Benefit]]:
    """Every benefit decision of the fund, by decision month index (accidents, diseases, and cases the
    employer never declared, such as accidents on the way to work)."""
    return _cached(world, ("benefits",), lambda: _benefits(world))


def _benefits(world: World) -> dict[int, list[Benefit]]:
    r = rng(world.seed, "benefits", world.province)
    cases: list[tuple[date, Person, Employer, str, bool, date, str | None, str]] = []
    for year in world.years:
        for incident in _peek(world, ("accidents", year), lambda y=year: _accidents(world, y)):
            for v in incident.victims:
                if v.employment_type == "no_contract" or (v.severity == "light" and r.random() > 0.3):
                    continue
                cases.append((incident.at.date(), v.person, incident.employer, "accident", False,
                              incident.at.date(), None, v.severity))
        for exam in _peek(world, ("exams", year), lambda y=year: _exams(world, y)):
            if exam.result == "diagnosed" and r.random() < 0.7:
                cases.append((exam.on, exam.worker, exam.employer, "occupational_disease", False, exam.on,
                              exam.disease, "severe"))
        # cases only the fund knows of: commuting accidents and undeclared ones
        employers = _active(world, year)
        for _ in range(round(len(cases) * 0.02) + (1 if employers else 0)):
            if not employers:
                break
            employer = r.choice(employers)
            month = _month_in(r, employer, year)
            on = _moment(r, month).date()
            w = worker(world, employer, r.randrange(employer.workers_at(world.seed, month, world.years[0])))
            cases.append((on, w, employer, "accident", r.random() < 0.6, on, None,
                          "severe" if r.random() < 0.7 else "light"))
    by_month: dict[int, list[Benefit]] = {}
    for on, who, employer, case_type, commuting, event, disease, severity in cases:
        decided = on + timedelta(days=r.randint(30, 200))
        salary = base_salary(decided)
        for benefit_type, loss, amount in _benefit_lines(r, severity, salary):
            by_month.setdefault(decided.year * 12 + decided.month - 1, []).append(Benefit(
                decided, who, employer, case_type, commuting, event, disease, loss, benefit_type, amount,
            ))
    for month in by_month:
        by_month[month].sort(key=lambda b: (b.decided, b.worker.national_id, b.benefit_type))
    return by_month


def _benefit_lines(r, severity: str, salary: float) -> list[tuple[str, int | None, float]]:
    if severity == "death":
        return [("death", None, round(36 * salary, 2)), ("funeral", None, round(10 * salary, 2))]
    if severity == "light":
        return [("convalescence", None, round(0.3 * salary * r.randint(5, 10), 2))]
    loss = r.choice((r.randint(5, 30), r.randint(5, 30), r.randint(31, 70), r.randint(81, 95)))
    if loss <= 30:
        return [("one_time", loss, round(salary * (5 + (loss - 5) * 0.5), 2))]
    lines = [("monthly", loss, round(salary * (0.3 + (loss - 31) * 0.02), 2))]
    if loss >= 81:
        lines.append(("attendant", loss, salary))
    return lines
