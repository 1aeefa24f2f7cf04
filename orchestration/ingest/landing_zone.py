"""The landing zone: ``<raw_dir>/<family>/<period>/<file>``, files exactly as senders submitted them.

The receipt time of a file is when it first arrived. The intake service that writes the landing
zone records it in ``<raw_dir>/_receipts.csv`` (``path,received_at``; path relative to the landing
zone, time in ISO 8601 with offset); a file missing from that log gets its modification time.
The warehouse keeps the first receipt time it saw for a checksum, so a later touch changes nothing.

Nothing outside the landing zone is ever read through it: a symbolic link inside it (to a file or a
folder) is listed as a submission of its own, so that it is refused with the reason ``symlink`` rather
than silently skipped, and it is never followed, not even to compute its checksum.
"""

from __future__ import annotations

import csv
import hashlib
import os
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
    """The file's checksum; for a symbolic link, that of the link itself (it is never followed)."""
    digest = hashlib.sha256()
    if path.is_symlink():
        digest.update(b"symlink\0" + os.fsencode(os.readlink(path)))
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def through_symlink(landing: LandingFile) -> str | None:
    """The first symbolic link on the way from the landing zone to the file (the file itself excluded, which
    the reader refuses on its own), as a path relative to the landing zone; None if there is none."""
    parts = Path(landing.relative_path).parts
    if not parts or landing.path.parts[-len(parts):] != parts:
        return None
    folder = landing.path.parents[len(parts) - 1]
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return display_path(folder.relative_to(landing.path.parents[len(parts) - 1]).as_posix())
    return None


def display_path(relative: str) -> str:
    """A path as text that can be stored and printed: bytes that are not UTF-8 (a name written by a
    Windows zip tool, say) appear as \\xNN escapes instead of making every later encode fail."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def append_receipts(raw_dir: Path, rows: Iterable[tuple[str, datetime | str]]) -> int:
    """Append (relative path, receipt time) rows to the receipts log, with its header if the log is new.

    A time is written in ISO 8601 (a text is written as it is). Returns the number of rows written.
    """
    rows = list(rows)
    if not rows:
        return 0
    log = raw_dir / RECEIPTS_LOG
    new_log = not log.exists()
    with log.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new_log:
            writer.writerow(["path", "received_at"])
        for relative, received_at in rows:
            writer.writerow([relative, received_at.isoformat() if isinstance(received_at, datetime) else received_at])
    return len(rows)


def read_receipts(raw_dir: Path) -> dict[str, datetime]:
    log = raw_dir / RECEIPTS_LOG
    if not log.exists():
        return {}
    with log.open(encoding="utf-8", newline="") as handle:
        return {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}


def submitted_files(root: Path) -> list[Path]:
    """The files under a landing-zone folder that are submissions (not hidden, not the zone's own logs).

    A symbolic link is listed as it is (rglob never descends into a linked folder), so that the reader
    refuses it; a dangling one, which nothing can read, is left out (callers stat what is listed).
    """
    if root.is_symlink():
        return [root] if root.exists() else []
    if not root.is_dir():
        return []
    return [
        p for p in sorted(root.rglob("*"))
        if (p.is_file() or (p.is_symlink() and p.exists())) and not p.name.startswith((".", "_"))
    ]


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
    periods = None if periods is None else list(periods)
    for name in (family, *(periods or ())):
        if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
            raise ValueError(f"not a folder name of the landing zone: {name!r}")
    roots = [raw_dir / family] if periods is None else [raw_dir / family / p for p in sorted(set(periods))]
    if (raw_dir / family).is_symlink():  # a linked family folder is one refused entry, whatever the periods
        roots = [raw_dir / family]
    receipts = read_receipts(raw_dir) if receipts is None else receipts
    found = []
    for path in (p for root in roots for p in submitted_files(root)):
        relative = display_path(path.relative_to(raw_dir).as_posix())
        folder = path.parent.name
        received = receipts.get(relative) or datetime.fromtimestamp(path.lstat().st_mtime, tz=UTC)
        found.append(LandingFile(
            path=path, relative_path=relative, family=family,
            period=folder if is_period_code(folder) else None,
            received_at=received.astimezone(UTC), sha256=file_sha256(path),
        ))
    return found
