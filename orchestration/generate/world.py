"""The world the submissions describe: employers, facilities and the fund of one province.

Employers have a tax code, a sector (weighted toward construction F, manufacturing C, mining B and
agriculture/fishery A), a size, a location, a share of hazardous work, habits (how often they report,
how often on time, in which file format) and a history (founding, closing, a move to another commune,
a change of sector). Monthly workforce is a pure function of (seed, employer, month).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from orchestration.generate.geography import Geography, birth_shares, geography, tax_prefixes
from orchestration.generate.identifiers import tax_code
from orchestration.generate.people import BirthPlaces, name_book
from orchestration.generate.profiles import Profile, Scale
from orchestration.generate.randomness import rng, unit, weighted_choice
from orchestration.generate.styles import every_style_habits
from schemas import reference

# Share of employers by VSIC section (others share the remainder).
SECTOR_WEIGHTS = {"F": 22.0, "C": 20.0, "G": 17.0, "A": 7.0, "I": 6.0, "H": 5.0, "B": 3.0, "M": 3.0, "N": 3.0,
                  "S": 2.0, "E": 1.5, "D": 1.0, "J": 1.0, "K": 1.0, "L": 1.5, "P": 1.5, "Q": 1.5, "R": 1.0}
# Relative risk of an occupational accident per worker, by sector.
SECTOR_RISK = {"B": 6.0, "F": 4.0, "H": 2.5, "A": 2.2, "D": 2.0, "E": 2.0, "C": 1.5}
DEFAULT_RISK = 0.3
# Chance that an employer of the sector has workers in heavy/hazardous work, and the share of its workers.
HAZARD = {"B": (1.0, 0.6, 0.9), "F": (0.7, 0.2, 0.6), "C": (0.6, 0.1, 0.5), "D": (0.5, 0.2, 0.5),
          "E": (0.5, 0.2, 0.5), "A": (0.4, 0.1, 0.4), "H": (0.3, 0.1, 0.3)}
DEFAULT_HAZARD = (0.05, 0.05, 0.2)
FEMALE_SHARE = {"C": 0.55, "G": 0.5, "I": 0.6, "P": 0.7, "Q": 0.7, "K": 0.55, "B": 0.12, "F": 0.1, "H": 0.15}
MONTHLY_WAGE_MILLION = {"B": 9.5, "C": 7.5, "D": 11.0, "F": 8.0, "K": 14.0, "J": 13.0, "A": 5.5}
SIZE_BANDS = ("micro", "small", "medium", "large")
REPORT_PROPENSITY = {"micro": 0.32, "small": 0.52, "medium": 0.68, "large": 0.8}
TIMELINESS = {"micro": 0.5, "small": 0.62, "medium": 0.75, "large": 0.85}
FACILITY_TYPES = {
    "micro": {"non_state_enterprise": 60, "household_business": 25, "cooperative": 10, "other": 5},
    "small": {"non_state_enterprise": 85, "cooperative": 8, "public_agency": 4, "other": 3},
    "medium": {"non_state_enterprise": 80, "fdi_enterprise": 10, "state_enterprise": 5, "cooperative": 5},
    "large": {"non_state_enterprise": 62, "fdi_enterprise": 25, "state_enterprise": 13},
}
_TRADE_WORDS = {
    "F": ("Xây dựng", "Xây lắp", "Đầu tư Xây dựng"), "C": ("Chế biến Thủy sản", "May mặc", "Cơ khí", "Chế biến Gỗ",
    "Gạch Tuynel", "Thép", "Thực phẩm"), "B": ("Khai thác Đá", "Khoáng sản", "Cát sỏi"),
    "A": ("Nông nghiệp", "Lâm nghiệp", "Thủy sản", "Nuôi trồng Thủy sản"), "G": ("Thương mại", "Kinh doanh Tổng hợp"),
    "H": ("Vận tải", "Logistics", "Vận tải Biển"), "I": ("Du lịch", "Khách sạn"), "D": ("Điện lực", "Thủy điện"),
    "E": ("Môi trường", "Cấp thoát nước"),
}


@dataclass(slots=True)
class Employer:
    index: int
    key: int  # unique across provinces: groups this employer's workers
    tax_code: str
    name: str
    location: str  # legacy unit (province 51) or current commune
    sector: str
    facility_type: str
    size_band: str
    base_workers: int  # January of the first year
    growth: float
    female_share: float
    hazardous_share: float  # 0 when the employer has no heavy/hazardous work
    reduced_rate: bool  # 0.3% contribution (Decree 58/2020)
    first_month: int  # month index (year * 12 + month - 1) of the first insured month
    last_month: int
    propensity: float  # chance of filing a due report
    timeliness: float  # chance that a filed report arrives before its deadline
    style: int  # preferred file style of the sender
    move_month: int | None = None
    new_location: str | None = None
    sector_change_month: int | None = None
    new_sector: str | None = None

    def active(self, month: int) -> bool:
        return self.first_month <= month <= self.last_month

    def active_in(self, first: int, last: int) -> bool:
        return self.first_month <= last and self.last_month >= first

    def sector_at(self, month: int) -> str:
        if self.sector_change_month is not None and month >= self.sector_change_month:
            return self.new_sector or self.sector
        return self.sector

    def location_at(self, month: int) -> str:
        if self.move_month is not None and month >= self.move_month:
            return self.new_location or self.location
        return self.location

    def workers_at(self, seed: int, month: int, first_year: int) -> int:
        """Insured workers in a month: growth, a little seasonality, a little noise."""
        years = (month - first_year * 12) / 12
        season = 1.0 + (0.06 if self.sector in ("A", "F") and month % 12 in (5, 6, 7) else 0.0)
        noise = 0.97 + 0.06 * unit(seed, self.key, month, 7)
        return max(1, round(self.base_workers * self.growth ** years * season * noise))

    @property
    def hazardous(self) -> bool:
        return self.hazardous_share > 0

    @property
    def monthly_wage_million(self) -> float:
        return MONTHLY_WAGE_MILLION.get(self.sector, 6.5) * (1.15 if self.size_band == "large" else 1.0)


@dataclass(frozen=True)
class Facility:
    code: str
    name: str
    kind: str  # occupational_disease_exam | health_check | environment_monitoring
    active_from: str
    active_to: str

    def active_in(self, start: str, end: str) -> bool:
        return self.active_from <= end and (not self.active_to or self.active_to >= start)


@dataclass
class World:
    seed: int
    profile: Profile
    province: str
    years: tuple[int, ...]
    share: float  # the province's share of the profile's figures (1.0 unless national)
    employer_count: int
    events: dict = field(default_factory=dict)  # cache of yearly events (see events.py)

    @property
    def scale(self) -> Scale:
        return self.profile.scale

    @cached_property
    def geo(self) -> Geography:
        return geography(self.province)

    @cached_property
    def birth_places(self) -> BirthPlaces:
        return BirthPlaces.around(birth_shares(self.province))

    @cached_property
    def fund_office(self) -> str:
        return f"BHXH{self.province}"

    @cached_property
    def employers(self) -> list[Employer]:
        return build_employers(self)

    @cached_property
    def employer_by_tax_code(self) -> dict[str, Employer]:
        return {e.tax_code: e for e in self.employers}

    @cached_property
    def facilities(self) -> dict[str, list[Facility]]:
        return build_facilities(self.province, self.scale)

    @property
    def first_month(self) -> int:
        return self.years[0] * 12

    @property
    def last_month(self) -> int:
        return self.years[-1] * 12 + 11


def build_employers(world: World) -> list[Employer]:
    seed, profile, geo = world.seed, world.profile, world.geo
    r = rng(seed, "employers", world.province)
    names = name_book()
    sectors = sorted(reference.codes("ref_vsic_sections"))
    sector_weights = list(accumulate(SECTOR_WEIGHTS.get(s, 0.3) for s in sectors))
    locations, location_weights = geo.locations()
    location_list = list(locations)
    prefixes = tax_prefixes(world.province)
    province_number = int(world.province)
    first, last = world.first_month, world.last_month
    used: set[str] = set()
    place_names = {c.code: c.name.split(" ", 1)[-1] for c in geo.current}  # "Xã An Phú" -> "An Phú"
    # the tiny sample shows every file style; its two largest employers keep the common titled XLSX
    starts = every_style_habits("employer")
    sample_habits = (starts[0], starts[0] + 1, *starts[1:])
    out: list[Employer] = []
    for i in range(world.employer_count):
        sector = weighted_choice(r, sectors, sector_weights)
        if profile.fixed_sizes:
            workers = profile.fixed_sizes[i % len(profile.fixed_sizes)]
            band = _band(workers)
        else:
            band = _draw_band(r, profile.size_shares)
            workers = _draw_workers(r, band, profile.large_workers_mean)
        location = weighted_choice(r, location_list, location_weights).code
        serial = (i * 7_654_321 + r.randrange(10_000_000)) % 10_000_000
        code = tax_code(r.choice(prefixes), serial)
        while code in used:
            serial += 1
            code = tax_code(code[:2], serial)
        used.add(code)
        if r.random() < 0.04:  # a branch: the parent's code plus a three-digit branch number
            code = f"{code}{r.randint(1, 5):03d}"
        facility_type = _weighted_key(r, FACILITY_TYPES[band])
        probability, low, high = HAZARD.get(sector, DEFAULT_HAZARD)
        hazardous = round(r.uniform(low, high), 2) if r.random() < probability else 0.0
        starts_before = r.random() < 0.85 or profile.fixed_sizes
        first_month = first - 1 if starts_before else r.randint(first, last)
        last_month = last + 1 if r.random() > 0.06 or profile.fixed_sizes else r.randint(first_month, last + 1)
        employer = Employer(
            index=i,
            key=province_number * 10_000_000 + i,
            tax_code=code,
            name=_employer_name(r, names, sector, facility_type, place_names.get(geo.current_of(location), "")),
            location=location,
            sector=sector,
            facility_type=facility_type,
            size_band=band,
            base_workers=workers,
            growth=r.uniform(0.98, 1.08) if not profile.fixed_sizes else 1.0,
            female_share=min(0.9, max(0.02, r.gauss(FEMALE_SHARE.get(sector, 0.35), 0.08))),
            hazardous_share=hazardous,
            reduced_rate=r.random() < 0.06,
            first_month=first_month,
            last_month=last_month,
            propensity=_clip(REPORT_PROPENSITY[band] + {"B": 0.05, "C": 0.04, "F": -0.04, "A": -0.05}.get(sector, 0)
                             + r.uniform(-0.05, 0.05), 0.3, 0.85),
            timeliness=_clip(TIMELINESS[band] + r.uniform(-0.1, 0.1), 0.3, 0.95),
            style=sample_habits[i % len(sample_habits)] if profile.fixed_sizes else r.randrange(1_000),
        )
        if r.random() < 0.04 and not profile.fixed_sizes:
            employer.move_month = r.randint(first + 6, last)
            employer.new_location = weighted_choice(r, location_list, location_weights).code
        if r.random() < 0.03:
            employer.sector_change_month = r.randint(first + 6, last)
            employer.new_sector = weighted_choice(r, sectors, sector_weights)
        out.append(employer)
    return out


def build_facilities(province: str, scale: Scale) -> dict[str, list[Facility]]:
    """Health facilities and monitoring bodies: the registry seed; nationally, invented codes where it has none."""
    found: dict[str, list[Facility]] = {}
    for row in reference.read_seed("ref_reporting_facilities"):
        serves = row["province_code"] == province or (scale != Scale.NATIONAL and province == "51")
        if serves:
            found.setdefault(row["facility_kind"], []).append(
                Facility(row["code"], row["name_vi"], row["facility_kind"], row["active_from"], row["active_to"])
            )
    for n, kind in enumerate(("occupational_disease_exam", "health_check", "environment_monitoring")):
        if not found.get(kind):
            found[kind] = [Facility(f"{province}9{n}{i}", f"Cơ sở {kind} {province}-{i}", kind, "2000-01-01", "")
                           for i in range(1, 3)]
    return found


def _band(workers: int) -> str:
    return "micro" if workers <= 10 else "small" if workers <= 100 else "medium" if workers <= 200 else "large"


def _draw_band(r, shares: tuple[float, float, float, float]) -> str:
    x, acc = r.random(), 0.0
    for band, share in zip(SIZE_BANDS, shares, strict=True):
        acc += share
        if x < acc:
            return band
    return "large"


def _draw_workers(r, band: str, large_mean: int) -> int:
    if band == "micro":
        return r.randint(1, 10)
    if band == "small":
        return min(100, 11 + int(r.expovariate(1 / 22)))
    if band == "medium":
        return r.randint(101, 200)
    return 201 + int(r.paretovariate(2.2) * (large_mean - 201) * 0.55)


def _weighted_key(r, weights: dict[str, float]) -> str:
    keys = list(weights)
    return weighted_choice(r, keys, list(accumulate(weights.values())))


def _clip(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


def _employer_name(r, names, sector: str, facility_type: str, place: str) -> str:
    if facility_type == "household_business":
        return f"Hộ kinh doanh {names.full_name(r.getrandbits(48), r.random() < 0.6)}"
    word = r.choice(_TRADE_WORDS.get(sector, ("Dịch vụ", "Tổng hợp")))
    if facility_type == "cooperative":
        return f"HTX {word} {place}".strip()
    trade = names.street(r.getrandbits(32)) if r.random() < 0.6 else place
    prefix = {"state_enterprise": "Công ty TNHH MTV", "fdi_enterprise": "Công ty TNHH"}.get(
        facility_type, r.choice(names.company_suffixes[:4])
    )
    if facility_type == "public_agency":
        return f"Ban Quản lý {word} {place}".strip()
    return f"{prefix} {word} {trade}".strip()
