"""Generate a landing zone: the world, then every family × period, in a fixed order, in parallel if asked.

Sample and province scales write one file per sender × family × period; work is split into
(family, period) tasks whose outputs are deterministic on their own, so several processes give the
same bytes as one. The national scale (national.py) writes one consolidated extract per province ×
family × period, streamed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from orchestration.generate import calendar
from orchestration.generate.emit import Env, Settings, donor_families, emit
from orchestration.generate.families import producers
from orchestration.generate.output import Ledger, Record
from orchestration.generate.profiles import PROFILES, Scale
from orchestration.generate.world import World
from schemas import reference

DEFAULT_ERROR_RATE = 0.02
DEFAULT_QUIRK_RATE = 0.03


@dataclass(frozen=True)
class GenerateConfig:
    scale: Scale
    years: tuple[int, ...]
    seed: int
    out: Path
    error_rate: float = DEFAULT_ERROR_RATE
    quirk_rate: float = DEFAULT_QUIRK_RATE
    file_error_rate: float | None = None  # default: half the row error rate
    workers: int = 1
    families: tuple[str, ...] | None = None  # default: every family with a producer
    provinces: tuple[str, ...] | None = None  # national scale: cap the provinces
    months: tuple[int, ...] | None = None  # cap the months (and the half-years/years touching them)

    @property
    def file_errors(self) -> float:
        return self.error_rate / 2 if self.file_error_rate is None else self.file_error_rate


@dataclass
class Summary:
    files: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    injected: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    skipped_families: tuple[str, ...] = ()


def generate(config: GenerateConfig) -> Summary:
    """Write the landing zone, ``_receipts.csv`` and ``_manifest.csv`` under ``config.out``."""
    started = time.perf_counter()
    out = config.out
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: generate into a new folder")
    if config.scale == Scale.NATIONAL:
        from orchestration.generate.national import generate_national

        ledger = generate_national(config)
    else:
        ledger = _generate_province(config)
    ledger.close()
    available = set(producers())
    wanted = set(config.families or available)
    return Summary(
        files=dict(sorted(ledger.files.items())), rows=dict(sorted(ledger.rows.items())),
        injected=dict(sorted(ledger.injected.items())), seconds=time.perf_counter() - started,
        skipped_families=tuple(sorted(wanted - available)),
    )


def families_for(config: GenerateConfig) -> list[str]:
    return [f for f in producers() if config.families is None or f in config.families]


def tasks(config: GenerateConfig) -> Iterator[tuple[str, str]]:
    for family in families_for(config):
        for period in periods_of(producers()[family], config.years, config.months):
            yield family, period.code


def periods_of(producer, years: tuple[int, ...], months: tuple[int, ...] | None) -> list:
    """The periods a family is due for: its template's period type, unless the family says otherwise."""
    custom = getattr(producer, "periods", None)
    if custom is not None:
        return custom(years, months)
    return calendar.periods(producer.model.template.period_type, years, months)


def _generate_province(config: GenerateConfig) -> Ledger:
    ledger = Ledger(config.out)
    work = list(tasks(config))
    if config.workers <= 1:
        _init(config)
        for task in work:
            ledger.write(_run(task))
        return ledger
    with ProcessPoolExecutor(config.workers, mp_context=get_context("spawn"), initializer=_init,
                             initargs=(config,)) as pool:
        for record in pool.map(_run, work, chunksize=1):
            ledger.write(record)
    return ledger


_ENV: Env | None = None


def build_world(config: GenerateConfig, province: str = reference.DEFAULT_PROVINCE_CODE, share: float = 1.0,
                employers: int | None = None) -> World:
    profile = PROFILES[config.scale]
    count = employers if employers is not None else (len(profile.fixed_sizes) or profile.employers)
    return World(config.seed, profile, province, config.years, share, count)


def make_env(config: GenerateConfig, world: World) -> Env:
    from schemas.registry import FAMILIES

    settings = Settings(config.out, config.seed, config.error_rate, config.quirk_rate, config.file_errors)
    found = producers()
    return Env(settings, world, found, donor_families(found, FAMILIES))


def _init(config: GenerateConfig) -> None:
    global _ENV
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    _ENV = make_env(config, build_world(config))


def _run(task: tuple[str, str]) -> Record:
    from schemas.periods import parse_period

    assert _ENV is not None
    family, code = task
    producer = _ENV.producers[family]
    record = Record()
    for submission in producer.submissions(_ENV.world, parse_period(code)):
        emit(submission, producer, _ENV, record)
    return record
