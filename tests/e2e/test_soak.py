"""Soak: the nightly run is killed with SIGKILL at random points, again and again; nothing published
changes, nothing is lost, and in the end the figures equal those of a run that was never interrupted.

Files arrive in batches (the fixture landing zone, in order of receipt), so that every run has
something to ingest. One batch arrives, the run completes (the "last complete run"); then, for each
kill: the next batch arrives, ``osh run`` starts in its own session, and is killed (``killpg``,
SIGKILL: the run, its dbt subprocess, everything) at a random point of a phase — ingestion, the dbt
build or publication, each once per round of three, in random order. The point: a step of that phase
drawn in proportion to its duration as last measured (ten ingestion steps, one dbt build, one
publication), then a random fraction of that duration after the step starts, as seen in the run's
own events in Dagster's event log; for publication, a random moment of the writing and serving of its
files (first ``.building`` file to the swap of the served file, about a second, watched every 20 ms).
After each kill:

- no lock is left: the writer lock can be taken at once;
- the served publication (``<publish_dir>/warehouse.duckdb``) is readable and is the one the last
  complete run published, with the same indicator rows (or, if the kill came after the run served
  its new publication, that one, whole);
- the next run completes, leaves no ``.building`` file, and serves a new publication.

That is the 20-kill variant (``pytest -m slow``). The CI variant, not marked slow so that the README's
``pytest`` runs it, makes its 3 kills back to back (``complete_every=3``): each killed run starts from the
wreck the previous kill left (a run record left STARTED, ``.building`` files, a half-written warehouse),
the checks above follow every kill, and one run must then complete. It costs two complete runs
instead of four.

At the end, every ``indicators.*`` table of the publication (rows sorted) and the raw layer's counts
equal those of a fresh warehouse built from all files by one uninterrupted run: the session's
``fixture_build`` (the batches together are the fixture landing zone, and the runs use its hash key).

``OSH_SOAK_KILLS`` sets the number of kills (default 3); ``pytest -m slow`` runs the 20-kill variant.
``OSH_SOAK_SEED`` changes the random points (default fixed, so a failure can be replayed).
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.publication import served_version
from orchestration.writer_lock import writer_lock
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY
from tests.figures import record

PROJECT = Path(__file__).resolve().parents[2]
PHASES = ("ingestion", "dbt", "publication")
DEFAULT_KILLS = 3
DEFAULT_SEED = 20260109
MAX_ATTEMPTS = 3


def phase_of(step_key: str) -> str:
    """ingestion (raw__<family>), dbt (the one dbt build), publication, or what follows it (reports...)."""
    if step_key.startswith("raw__"):
        return "ingestion"
    if step_key == "osh_dbt_assets":
        return "dbt"
    return "publication" if step_key.startswith("publication__") else step_key.split("__")[0]


@dataclass
class Environment:
    root: Path
    raw: Path
    warehouse: Path
    published: Path
    dagster_home: Path

    @classmethod
    def create(cls, root: Path) -> Environment:
        env = cls(root, root / "raw", root / "warehouse.duckdb", root / "published", root / "dagster_home")
        env.raw.mkdir(parents=True)
        env.dagster_home.mkdir()
        shutil.copyfile(PROJECT / "deploy" / "dagster.yaml", env.dagster_home / "dagster.yaml")
        return env

    def variables(self) -> dict[str, str]:
        return {"OSH_RAW_DIR": str(self.raw), "OSH_WAREHOUSE_PATH": str(self.warehouse),
                "OSH_PUBLISH_DIR": str(self.published), "DAGSTER_HOME": str(self.dagster_home),
                "OSH_ID_HASH_KEY": TEST_ID_HASH_KEY}

    def start_run(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "orchestration.cli", "run", "--no-show"], cwd=PROJECT,
            env={**os.environ, **self.variables()}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def instance(self) -> dg.DagsterInstance:
        from orchestration.instance import instance_from_folder

        return instance_from_folder(self.dagster_home)


@dataclass
class Kill:
    target_phase: str
    target_step: str
    delay: float  # seconds after the step started (publication: after its first .building file appeared)
    killed_in: str = ""  # the step running when the kill came (or 'after the run ended')
    published_before_kill: bool = False
    zombie_run: bool = False  # the killed run's record still says STARTED
    leftovers: list[str] = field(default_factory=list)  # .building/.swap files the kill left
    tiers_from_different_runs: bool = False


@dataclass
class SoakReport:
    seed: int
    kills: list[Kill] = field(default_factory=list)
    complete_runs: list[float] = field(default_factory=list)  # seconds, each run that completed
    step_seconds: dict[str, float] = field(default_factory=dict)  # each step's duration, as last measured
    publishing_seconds: float = 1.0  # first .building file to the served file's swap, as last measured
    missed: int = 0  # runs that ended before their kill point (they completed; another was started)

    def phase_seconds(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for step, seconds in self.step_seconds.items():
            totals[phase_of(step)] = round(totals.get(phase_of(step), 0.0) + seconds, 1)
        return totals

    def summary(self) -> str:
        lines = [f"soak: seed {self.seed}, {len(self.kills)} kills, "
                 f"complete runs {', '.join(f'{s:.1f}' for s in self.complete_runs)} s, "
                 f"phases {json.dumps(self.phase_seconds())} s (publishing the files {self.publishing_seconds:.2f} s), "
                 f"{self.missed} runs ended before their kill point"]
        for i, kill in enumerate(self.kills, 1):
            lines.append(
                f"  kill {i}: aimed at {kill.target_phase} ({kill.target_step} +{kill.delay:.2f} s), "
                f"hit {kill.killed_in}"
                f"{'; had already published' if kill.published_before_kill else ''}"
                f"{'; run record left STARTED' if kill.zombie_run else ''}"
                f"{'; left ' + ', '.join(kill.leftovers) if kill.leftovers else ''}"
                f"{'; BI and analysts tiers from different runs' if kill.tiers_from_different_runs else ''}"
            )
        return "\n".join(lines)


def arrival_batches(count: int) -> list[list[str]]:
    """The fixture's files in order of receipt, dealt into ``count`` contiguous batches."""
    with (FIXTURE_LANDING_ZONE / "_receipts.csv").open(encoding="utf-8", newline="") as handle:
        received = {row["path"]: row["received_at"] for row in csv.DictReader(handle)}
    files = sorted((p.relative_to(FIXTURE_LANDING_ZONE).as_posix() for p in FIXTURE_LANDING_ZONE.rglob("*")
                    if p.is_file() and not p.name.startswith("_")), key=lambda r: (received.get(r, ""), r))
    size, extra = divmod(len(files), count)
    batches, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        batches.append(files[start:end])
        start = end
    return batches


def deliver(env: Environment, files: list[str]) -> None:
    shutil.copyfile(FIXTURE_LANDING_ZONE / "_receipts.csv", env.raw / "_receipts.csv")
    for relative in files:
        target = env.raw / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(FIXTURE_LANDING_ZONE / relative, target)


def finish(process: subprocess.Popen) -> None:
    _, stderr = process.communicate(timeout=1800)
    assert process.returncode == 0, stderr.decode(errors="replace")[-3000:]


def run_to_completion(env: Environment) -> tuple[float, float | None]:
    """Run until done; returns its seconds and those of its publishing (first ``.building`` file seen
    until the served file changes), watched every 20 ms."""
    started = time.monotonic()
    served = env.published / "warehouse.duckdb"
    before = served.stat().st_ino if served.exists() else None
    process = env.start_run()
    building_from = building_seconds = None
    while process.poll() is None:
        if building_from is None and building_files(env):
            building_from = time.monotonic()
        elif building_from is not None and building_seconds is None and served.exists() \
                and served.stat().st_ino != before:
            building_seconds = time.monotonic() - building_from
        time.sleep(0.02)
    finish(process)
    return time.monotonic() - started, building_seconds


def building_files(env: Environment) -> set[str]:
    versions = env.published / "versions"
    try:
        return {p.name for p in os.scandir(versions) if p.name.endswith(".building")}
    except FileNotFoundError:
        return set()


def indicator_rows(path: Path) -> dict[str, list[str]]:
    """Every indicators.* table, rows as text, sorted (NaN-safe: compared by their text)."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'indicators' order by 1").fetchall()]
        return {t: sorted(repr(row) for row in con.execute(f'select * from indicators."{t}"').fetchall())
                for t in tables}


def about(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select run_id from publication.about").fetchone()[0]


def raw_counts(warehouse: Path) -> dict[str, object]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        families = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'raw' and table_name not in "
            "('files', 'quarantine', 'validation_warnings', 'audit') order by 1").fetchall()]
        counts = {f"raw.{t}": con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in families}
        counts["raw.quarantine"] = con.execute("select count(*) from raw.quarantine").fetchone()[0]
        counts["raw.files"] = sorted(con.execute(
            "select family, source_file, status, rows_read, rows_loaded, rows_rejected from raw.files").fetchall())
        return counts


def leftovers(env: Environment) -> list[str]:
    return sorted(p.relative_to(env.published).as_posix() for p in env.published.rglob("*")
                  if p.name.endswith((".building", ".swap")))


class RunWatcher:
    """The run a subprocess started, seen through Dagster's event log (read while the run writes it)."""

    def __init__(self, env: Environment, known_runs: set[str]):
        self.instance = env.instance()
        self.known = known_runs
        self.run_id: str | None = None

    def _poll(self, read):
        try:
            return read()
        except Exception:  # the writer holds SQLite's lock for a moment: try again
            return None

    def find_run(self) -> str | None:
        if self.run_id is None:
            runs = self._poll(lambda: self.instance.get_runs(limit=3)) or []
            fresh = [r.run_id for r in runs if r.run_id not in self.known]
            self.run_id = fresh[0] if fresh else None
        return self.run_id

    def steps(self) -> list[tuple[str, str, float]]:
        """(event type, step, timestamp) of every step start and end so far."""
        if self.find_run() is None:
            return []
        types = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}
        records = self._poll(lambda: self.instance.all_logs(self.run_id, of_type=types)) or []
        return [(e.dagster_event.event_type_value, e.step_key, e.timestamp) for e in records]

    def phase_started(self, phase: str) -> bool:
        return any(kind == "STEP_START" and phase_of(step) == phase for kind, step, _ in self.steps())

    def running_step(self) -> str:
        started, ended = {}, set()
        for kind, step, _ in self.steps():
            if kind == "STEP_START":
                started[step] = True
            else:
                ended.add(step)
        running = [s for s in started if s not in ended]
        return running[-1] if running else "between steps"

    def status(self) -> dg.DagsterRunStatus | None:
        run = self._poll(lambda: self.instance.get_run_by_id(self.run_id)) if self.find_run() else None
        return run.status if run else None

    def close(self) -> None:
        self.instance.dispose()


def measure_steps(env: Environment, run_id: str) -> dict[str, float]:
    """Seconds from start to success of every step of a completed run."""
    instance = env.instance()
    try:
        types = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS}
        spans: dict[str, list[float]] = {}
        for entry in instance.all_logs(run_id, of_type=types):
            spans.setdefault(entry.step_key, []).append(entry.timestamp)
        return {step: max(times) - min(times) for step, times in spans.items()}
    finally:
        instance.dispose()


def choose_kill(rng: random.Random, phase: str, step_seconds: dict[str, float], publishing: float,
                attempt: int) -> Kill:
    """A random point of ``phase``: a step drawn in proportion to its duration, then a moment inside it
    (publication: inside the writing and serving of its files, ``publishing`` seconds as last measured)."""
    if phase == "publication":
        return Kill(phase, "publication__warehouse", rng.uniform(0.0, 1.0) * publishing / (attempt + 1))
    steps = {s: d for s, d in step_seconds.items() if phase_of(s) == phase} or {phase: 1.0}
    [step] = rng.choices(list(steps), weights=[max(d, 0.05) for d in steps.values()])
    return Kill(phase, step, rng.uniform(0.02, 0.9) * steps[step] / (attempt + 1))


def known_runs(env: Environment) -> set[str]:
    instance = env.instance()
    try:
        return {r.run_id for r in instance.get_runs()}
    finally:
        instance.dispose()


def kill_once(env: Environment, kill: Kill) -> str:
    """Start a run, wait for the target step to start, wait ``kill.delay`` more, SIGKILL the whole session."""
    watcher = RunWatcher(env, known_runs(env))
    process = env.start_run()
    leftover = building_files(env)

    def started() -> bool:
        if kill.target_phase == "publication":  # a second or two: watch its files, not the event log
            return bool(building_files(env) - leftover)
        return any(kind == "STEP_START" and step == kill.target_step for kind, step, _ in watcher.steps())

    try:
        deadline = time.monotonic() + 1800
        while process.poll() is None and not started():
            assert time.monotonic() < deadline, "the run never reached the step"
            time.sleep(0.02 if kill.target_phase == "publication" else 0.2)
        time.sleep(kill.delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
            kill.killed_in = watcher.running_step()
            kill.zombie_run = watcher.status() == dg.DagsterRunStatus.STARTED
        else:
            kill.killed_in = "after the run ended"
        return watcher.find_run() or ""
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        watcher.close()


def soak(root: Path, kills: int, seed: int, reference: Path, complete_every: int = 1) -> SoakReport:
    """``complete_every``: a run is completed after every that many kills (and after the last).
    ``reference``: the folder of an uninterrupted run over all the fixture's files (``fixture_build``)."""
    rng = random.Random(seed)
    report = SoakReport(seed)
    env = Environment.create(root / "soak")
    batches = arrival_batches(kills + 1)
    served = env.published / "warehouse.duckdb"

    deliver(env, batches[0])
    seconds, publishing = run_to_completion(env)
    report.complete_runs.append(seconds)
    report.publishing_seconds = publishing or 1.0
    last_version, last_rows = served_version(env.published), indicator_rows(served)
    report.step_seconds = measure_steps(env, about(served))

    phases = []
    for i in range(kills):
        if not phases:  # every phase once per round, in a random order
            phases = rng.sample(PHASES, len(PHASES))
        phase = phases.pop()
        deliver(env, batches[i + 1])
        for attempt in range(MAX_ATTEMPTS):  # a run that ended before its kill point simply completed
            kill = choose_kill(rng, phase, report.step_seconds, report.publishing_seconds, attempt)
            killed_run = kill_once(env, kill)
            if kill.killed_in != "after the run ended":
                break
            report.missed += 1
            last_version, last_rows = served_version(env.published), indicator_rows(served)
        report.kills.append(kill)

        with writer_lock(env.warehouse, "soak: the killed run must have left the lock free", timeout=0):
            pass
        kill.leftovers = leftovers(env)
        now_served = served_version(env.published)
        rows = indicator_rows(served)  # readable, whole
        if now_served == last_version:
            assert rows == last_rows, f"kill {i + 1}: the publication changed without a complete run"
        else:  # the kill came after the run had served its new publication: it must be that run's, whole
            assert about(served) == killed_run, f"kill {i + 1}: served {now_served} is no complete run's"
            kill.published_before_kill = True
            last_version, last_rows = now_served, rows  # what the next kill must leave as it is
        bi = env.published / "bi.duckdb"
        if bi.exists():
            kill.tiers_from_different_runs = about(bi) != about(served)

        if (i + 1) % complete_every and i + 1 < kills:
            continue  # the next kill comes first: its run starts from this wreck
        seconds, publishing = run_to_completion(env)
        report.complete_runs.append(seconds)
        report.publishing_seconds = publishing or report.publishing_seconds
        assert not list(env.published.rglob("*.building")), "a .building file outlived the next run"
        last_version, last_rows = served_version(env.published), indicator_rows(served)
        assert last_version is not None and about(served) != killed_run
        report.step_seconds = {**report.step_seconds, **measure_steps(env, about(served))}

    delivered = sorted(p.relative_to(env.raw).as_posix() for p in env.raw.rglob("*") if p.is_file())
    assert delivered == sorted(p.relative_to(reference / "raw").as_posix()
                               for p in (reference / "raw").rglob("*") if p.is_file())
    expected = indicator_rows(reference / "published" / "warehouse.duckdb")
    assert list(last_rows) == list(expected)
    for table in expected:
        assert last_rows[table] == expected[table], f"indicators.{table} differs from an uninterrupted run's"
    assert raw_counts(env.warehouse) == raw_counts(reference / "warehouse.duckdb")
    survived = sum(1 for k in report.kills if k.killed_in != "after the run ended")
    record("kills_survived", survived, phases=sorted({k.killed_in for k in report.kills}))
    reference_files = raw_counts(reference / "warehouse.duckdb")["raw.files"]
    record("rows_read", sum(f[3] for f in reference_files), where="soak")
    record("rows_lost", sum(f[3] - f[4] - f[5] for f in raw_counts(env.warehouse)["raw.files"]), where="soak")
    return report


def soak_kills() -> int:
    return int(os.environ.get("OSH_SOAK_KILLS", DEFAULT_KILLS))


def test_soak_sigkill_at_random_points(tmp_path, fixture_build):
    """CI: 3 kills back to back, then a complete run (see the module's docstring)."""
    kills = soak_kills()
    report = soak(tmp_path, kills, int(os.environ.get("OSH_SOAK_SEED", DEFAULT_SEED)), fixture_build[0],
                  complete_every=kills)
    print(report.summary())
    assert len(report.kills) == soak_kills()


@pytest.mark.slow
def test_soak_twenty_kills(tmp_path, fixture_build):
    report = soak(tmp_path, max(20, soak_kills()), int(os.environ.get("OSH_SOAK_SEED", DEFAULT_SEED)) + 1,
                  fixture_build[0])
    print(report.summary())
    assert sum(1 for k in report.kills if k.killed_in != "after the run ended") >= 15
