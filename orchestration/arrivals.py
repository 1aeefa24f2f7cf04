"""Noticing what arrived in the landing zone since last time, by checksum.

The state remembers, per file, its checksum and the stat it was computed under (size, modification
and change times, inode: landing_zone.Checksum): a file whose stat is unchanged is not read again, and
a file touched but unchanged in content (same checksum) is no arrival. An entry of an older state
([size, mtime_ns, sha256], without change time and inode) is hashed once more, and is an arrival only
if its content changed. The first time a file is seen, its receipt time is appended to the landing
zone's receipts log unless the intake service already recorded it there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from orchestration.ingest.landing_zone import (
    Checksum,
    append_receipts,
    cached_sha256,
    read_receipts,
    relative_to_zone,
    submitted_paths,
)
from schemas.periods import is_period_code


@dataclass(frozen=True)
class Arrival:
    relative_path: str
    family: str
    period: str | None
    sha256: str


def detect_arrivals(
    raw_dir: Path, families: list[str], state: dict[str, list]
) -> tuple[dict[str, list], list[Arrival]]:
    """Compare the landing zone with ``state`` ({path: [size, mtime_ns, sha256, ctime_ns, inode,
    checked_at_ns]}); return the new state and the files whose content is new (new files, or changed
    content at a known path)."""
    new_state: dict[str, list] = {}
    arrivals = []
    relative_path = relative_to_zone(raw_dir, display=False)
    for family in families:
        for path in submitted_paths(raw_dir / family):
            relative = relative_path(path)
            known = state.get(relative)
            cached = {relative: _checksum(known)} if known and len(known) == 6 else {}
            # a link is never followed: it is listed, then refused by the reader
            sha, _, computed = cached_sha256(path, relative, cached)
            if computed is None:
                new_state[relative] = known
                continue
            new_state[relative] = [computed.size, computed.mtime_ns, sha, computed.ctime_ns, computed.inode,
                                   computed.checked_at_ns]
            if not known or known[2] != sha:
                folder = os.path.basename(os.path.dirname(path))
                arrivals.append(Arrival(relative, family, folder if is_period_code(folder) else None, sha))
    return new_state, arrivals


def _checksum(entry: list) -> Checksum:
    size, mtime_ns, sha, ctime_ns, inode, checked_at_ns = entry
    return Checksum(sha, size, mtime_ns, ctime_ns, inode, checked_at_ns)


def record_receipts(raw_dir: Path, arrivals: list[Arrival], now: datetime) -> int:
    """Append a first-receipt time for arrivals the receipts log does not have yet."""
    known = read_receipts(raw_dir)
    return append_receipts(raw_dir, [(a.relative_path, now) for a in arrivals if a.relative_path not in known])


def load_state(path: Path) -> dict[str, list]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_state(path: Path, state: dict[str, list]) -> None:
    """Written to a temporary file and renamed, so a crash never leaves half a state."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)
