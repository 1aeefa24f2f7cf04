"""The landing zone: ``<raw_dir>/<family>/<period>/<file>``, files exactly as senders submitted them.

The receipt time of a file is when it first arrived. The intake service that writes the landing
zone records it in ``<raw_dir>/_receipts.csv`` (``path,received_at``; path relative to the landing
zone, time in ISO 8601 with offset); a file missing from that log gets its modification time.
The warehouse keeps the first receipt time it saw for a checksum, so a later touch changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemas.periods import is_period_code

RECEIPTS_LOG = "_receipts.csv"
SUPPORTED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".csv", ".txt", ".json"})


@dataclass(frozen=True)
class LandingFile:
    path: Path
    relative_path: str
    family: str
    period: str | None  # from the folder; None if the folder is not a period code
    received_at: datetime
    sha256: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_receipts(raw_dir: Path) -> dict[str, datetime]:
    log = raw_dir / RECEIPTS_LOG
    if not log.exists():
        return {}
    with log.open(encoding="utf-8", newline="") as handle:
        return {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}


def submitted_files(root: Path) -> list[Path]:
    """The files under a landing-zone folder that are submissions (not hidden, not the zone's own logs)."""
    if not root.is_dir():
        return []
    return [p for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith((".", "_"))]


def landing_periods(raw_dir: Path, families: Iterable[str]) -> list[str]:
    """The reporting periods that have a folder under any family, sorted."""
    found = {
        folder.name
        for family in families if (raw_dir / family).is_dir()
        for folder in (raw_dir / family).iterdir()
        if folder.is_dir() and is_period_code(folder.name)
    }
    return sorted(found)


def scan_family(
    raw_dir: Path, family: str, receipts: dict[str, datetime] | None = None, periods: Iterable[str] | None = None
) -> list[LandingFile]:
    """Every submitted file of one family (only those periods' folders if ``periods`` is given), by path."""
    roots = [raw_dir / family] if periods is None else [raw_dir / family / p for p in sorted(set(periods))]
    receipts = read_receipts(raw_dir) if receipts is None else receipts
    found = []
    for path in (p for root in roots for p in submitted_files(root)):
        relative = path.relative_to(raw_dir).as_posix()
        folder = path.parent.name
        received = receipts.get(relative) or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        found.append(LandingFile(
            path=path, relative_path=relative, family=family,
            period=folder if is_period_code(folder) else None,
            received_at=received.astimezone(UTC), sha256=file_sha256(path),
        ))
    return found
