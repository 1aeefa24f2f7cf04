"""National scale: one consolidated extract per province × family × period, streamed to disk.

Each province is one piece of work: its world (employers, facilities, events) is built, then every
family × period is written as one CSV, chunk by chunk, with row-level mistakes and quirks recorded in
a per-province manifest part. Memory holds one province's world and one chunk of rows, never a family.
The parts are joined in province order at the end, so the output does not depend on the process count.

An extract gathers many senders: the one-sender rule and whole-file mistakes do not apply here, and
communes of other provinces are unknown to a warehouse that serves province 51.
"""

from __future__ import annotations

import csv
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, time, timedelta
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from orchestration.generate import mistakes
from orchestration.generate.calendar import VN_TIME
from orchestration.generate.emit import Env, Settings, file_context, headers
from orchestration.generate.events import forget
from orchestration.generate.geography import commune_counts, provinces
from orchestration.generate.output import Ledger, Record
from orchestration.generate.profiles import NATIONAL
from orchestration.generate.randomness import rng
from orchestration.generate.styles import NATIONAL as STYLE
from orchestration.generate.world import World
from orchestration.generate.writers import open_sink

# More employers per commune in the big economic centres than elsewhere (HCMC, Hà Nội, Đồng Nai, ...).
ECONOMIC_WEIGHT = {"79": 8.0, "01": 6.0, "75": 2.5, "24": 2.0, "31": 2.0, "48": 2.0, "33": 1.5, "22": 1.5}
CHUNK_ROWS = 20_000


def employer_shares() -> dict[str, float]:
    counts = commune_counts()
    weights = {code: counts.get(code, 0) * ECONOMIC_WEIGHT.get(code, 1.0) for code, _ in provinces()}
    total = sum(weights.values())
    return {code: w / total for code, w in weights.items()}


def generate_national(config) -> Ledger:
    from orchestration.generate.runner import families_for

    shares = employer_shares()
    chosen = [p for p, _ in provinces() if config.provinces is None or p in config.provinces]
    parts = config.out / "_parts"
    parts.mkdir(parents=True, exist_ok=True)
    work = [(config, p, shares[p], families_for(config), parts) for p in chosen]
    ledger = Ledger(config.out)
    if config.workers <= 1:
        results = map(_province, work)
        _merge(ledger, results)
    else:
        with ProcessPoolExecutor(config.workers, mp_context=get_context("spawn")) as pool:
            _merge(ledger, pool.map(_province, work, chunksize=1))
    shutil.rmtree(parts)
    return ledger


def _merge(ledger: Ledger, results) -> None:
    for receipts, manifest, record in results:
        ledger.write(record)
        for part, writer in ((receipts, ledger.receipts), (manifest, ledger.manifest)):
            with part.open(encoding="utf-8", newline="") as handle:
                writer.writerows(csv.reader(handle))
            part.unlink()


def _province(task) -> tuple[Path, Path, Record]:
    from orchestration.generate.runner import make_env, periods_of

    config, province, share, families, parts = task
    world = World(config.seed, NATIONAL, province, config.years, share, round(NATIONAL.employers * share))
    env = make_env(config, world)
    record = Record()
    receipts_path, manifest_path = parts / f"{province}_receipts.csv", parts / f"{province}_manifest.csv"
    with receipts_path.open("w", encoding="utf-8", newline="") as r_handle, \
            manifest_path.open("w", encoding="utf-8", newline="") as m_handle:
        receipts, manifest = csv.writer(r_handle, lineterminator="\n"), csv.writer(m_handle, lineterminator="\n")
        for year in config.years:  # year by year, so that a finished year's events can be dropped
            for family in families:
                producer = env.producers[family]
                for period in periods_of(producer, (year,), config.months):
                    _extract(env, world, family, producer, period, receipts, manifest, record)
            forget(world, year)
    return receipts_path, manifest_path, record


def _extract(env: Env, world: World, family: str, producer, period, receipts, manifest, record: Record) -> None:
    settings: Settings = env.settings
    r = rng(settings.seed, "national", family, world.province, period.code)
    path = settings.out / family / period.code / f"{family}_{world.province}_{period.code}.csv"
    header, keys = headers(producer.model, STYLE)
    sink = None
    ctx = file_context(producer, env, STYLE, settings.error_rate, settings.quirk_rate, period, national=True)
    relative = path.relative_to(settings.out).as_posix()
    for submission in producer.submissions(world, period):
        rows = iter(submission.rows)
        while chunk := list(islice(rows, CHUNK_ROWS)):
            if sink is None:
                sink = open_sink(path, STYLE, header, keys, [])
            cells, injections = mistakes.render_rows(chunk, ctx, r, offset=sink.rows)
            sink.write(cells)
            manifest.writerows((relative, str(1 + 1 + i.row), i.column, i.rule, i.value, i.expected)
                               for i in injections)
            for i in injections:
                record.injected[i.rule] += 1
    if sink is None:
        return
    sink.close()
    record.files[family] += 1
    record.rows[family] += sink.rows
    receipts.writerow((relative, _received(r, period).isoformat()))


def _received(r: random.Random, period) -> datetime:
    day = period.end + timedelta(days=r.randint(5, 25))
    return datetime.combine(day, time(r.randint(0, 23), r.randint(0, 59)), VN_TIME)
