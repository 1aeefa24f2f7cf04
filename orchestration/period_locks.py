"""Period locks, as DHIS2 locks approved data: figures of a locked period stop moving.

After approval an officer locks a period (``osh period lock 2025S1``). Late data for it is still
loaded and built, but each publication keeps serving the figures the period had when it was locked
and flags the period as pending revision; the published figures change only when it is reopened.

The locks live beside the publications (``<publish_dir>/period_locks.json``), not in the working
warehouse, so that locking never waits for a nightly run.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemas.periods import parse_period

LOCKS_FILE = "period_locks.json"


@dataclass(frozen=True)
class PeriodLock:
    period: str
    locked_at: str
    locked_by: str
    version: str  # the publication version whose figures the period keeps
    reason: str = ""


def read_locks(publish_dir: Path) -> dict[str, PeriodLock]:
    path = publish_dir / LOCKS_FILE
    if not path.exists():
        return {}
    return {p: PeriodLock(**lock) for p, lock in json.loads(path.read_text(encoding="utf-8")).items()}


def _write(publish_dir: Path, locks: dict[str, PeriodLock]) -> None:
    publish_dir.mkdir(parents=True, exist_ok=True)
    temporary = publish_dir / (LOCKS_FILE + ".tmp")
    temporary.write_text(json.dumps({p: asdict(v) for p, v in sorted(locks.items())}, indent=2, ensure_ascii=False),
                         encoding="utf-8")
    os.replace(temporary, publish_dir / LOCKS_FILE)


def lock_period(publish_dir: Path, period: str, by: str, reason: str = "") -> PeriodLock:
    """Lock a period at the figures of the currently served publication."""
    from orchestration.publication import served_version

    parse_period(period)
    served = served_version(publish_dir)
    if served is None:
        raise ValueError("Nothing is published yet: a period can only be locked at published figures.")
    locks = read_locks(publish_dir)
    if period in locks:
        raise ValueError(f"Period {period} is already locked (since {locks[period].locked_at}).")
    locks[period] = PeriodLock(period, datetime.now(UTC).isoformat(), by, served.name, reason)
    _write(publish_dir, locks)
    return locks[period]


def reopen_period(publish_dir: Path, period: str) -> PeriodLock:
    locks = read_locks(publish_dir)
    if period not in locks:
        raise ValueError(f"Period {period} is not locked.")
    lock = locks.pop(period)
    _write(publish_dir, locks)
    return lock
