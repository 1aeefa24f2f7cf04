"""The landing zone: ``<raw_dir>/<family>/<period>/<file>``, files exactly as senders submitted them.

The receipt time of a file is when it first arrived. The intake service that writes the landing
zone records it in ``<raw_dir>/_receipts.csv`` (``path,received_at``; path relative to the landing
zone, time in ISO 8601 with offset); a file missing from that log gets its modification time.
The warehouse keeps the first receipt time it saw for a checksum, so a later touch changes nothing.

Nothing outside the landing zone is ever read through it: a symbolic link inside it (to a file or a
folder) is listed as a submission of its own, so that it is refused with the reason ``symlink`` rather
than silently skipped, and it is never followed, not even to compute its checksum.

Checksums are not recomputed for unchanged files, as git's index does it: a :class:`Checksum` keeps the
stat a file's checksum was computed under (size, modification and change times in nanoseconds, inode),
and a file whose stat still equals it is not read again. Any write to a file sets its change time
(ctime), which no user can set back (``os.utime`` sets the modification time and moves ctime to now),
and a replaced file has a new inode, so an unchanged stat means unchanged content. One exception,
git's "racy clean" entries: a file changed within the file system's timestamp granularity of the
moment its stat was taken could change again with the same stat, so an entry is trusted only for a file
whose ctime is at least ``RACY_NS`` older than that moment; a younger one is hashed again next time.
The ingestion assets keep the entries in ``raw.landing_checksums`` (orchestration/ingest/load.py).
"""

from __future__ import annotations

import csv
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from schemas.periods import is_period_code

RECEIPTS_LOG = "_receipts.csv"
SUPPORTED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".csv", ".txt", ".json"})
# A stat is trusted only for a file whose ctime is this much older than the moment it was taken: more
# than any file system's timestamp granularity (2 s on FAT, a clock tick on Linux).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Checksum:
    """A file's SHA-256 and the stat it was computed under (``os.lstat``: a link is never followed)."""

    sha256: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    checked_at_ns: int  # the clock just before the stat was taken

    def still_valid(self, stat: os.stat_result) -> bool:
        """True when ``stat`` is the one the checksum was computed under, and that one was not racy."""
        return (
            (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            == (self.size, self.mtime_ns, self.ctime_ns, self.inode)
            and self.ctime_ns < self.checked_at_ns - RACY_NS
        )


@dataclass(frozen=True)
class LandingFile:
    path: Path
    relative_path: str
    family: str
    period: str | None  # from the folder; None if the folder is not a period code
    received_at: datetime
    sha256: str
    # set when the scan computed the checksum (the entry to store); None when it came from the cache
    new_checksum: Checksum | None = field(default=None, compare=False, repr=False)


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


def cached_sha256(
    path: Path | str, relative: str, checksums: Mapping[str, Checksum]
) -> tuple[str, os.stat_result, Checksum | None]:
    """The file's checksum, its stat, and the entry to store if the checksum had to be computed.

    ``checksums`` holds entries by path relative to the landing zone: an entry whose stat is still the
    file's (:meth:`Checksum.still_valid`) is reused without reading the file. The clock is read before
    the stat and the stat taken before the file is read, so a write racing with the hash always leaves
    a stat that differs from the stored one.
    """
    checked_at = time.time_ns()
    stat = os.lstat(path)
    cached = checksums.get(relative)
    if cached is not None and cached.still_valid(stat):
        return cached.sha256, stat, None
    sha = file_sha256(Path(path))
    return sha, stat, Checksum(sha, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, checked_at)


def checksum_updates(files: Iterable[LandingFile]) -> dict[str, Checksum]:
    """The cache entries a scan computed (new, changed or racy files), by relative path: to be upserted."""
    return {f.relative_path: f.new_checksum for f in files if f.new_checksum is not None}


def stale_checksums(
    checksums: Iterable[str], files: Iterable[LandingFile], family: str, periods: Iterable[str] | None = None
) -> list[str]:
    """Cached paths under the folders a scan covered (the family's, or those periods') that it no longer
    found: deleted, archived or renamed files, whose entries can go."""
    seen = {f.relative_path for f in files}
    covered = None if periods is None else {f"{family}/{p}" for p in periods}
    stale = []
    for relative in checksums:
        if relative in seen or not (relative == family or relative.startswith(family + "/")):
            continue
        if covered is None or "/".join(relative.split("/")[:2]) in covered:
            stale.append(relative)
    return stale


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
    """The receipts log: receipt time by relative path. Parsed once while the log's stat stays the same (each
    family's asset reads it in a run: 66,000 lines after five years at province scale, 0.2 s a parse); a log
    changed within the last moments (:data:`RACY_NS`, as for the checksums) is parsed every time."""
    log = raw_dir / RECEIPTS_LOG
    checked_at = time.time_ns()
    try:
        stat = log.stat()
    except FileNotFoundError:
        return {}
    key = (os.fspath(log.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if _receipts_parsed.get("key") == key:
        return dict(_receipts_parsed["receipts"])
    with log.open(encoding="utf-8", newline="") as handle:
        parsed = {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}
    _receipts_parsed.clear()
    if stat.st_ctime_ns < checked_at - RACY_NS:
        _receipts_parsed.update(key=key, receipts=parsed)
    return dict(parsed)


_receipts_parsed: dict = {}  # the last log parsed: its stat and its receipts


def submitted_files(root: Path) -> list[Path]:
    """The files under a landing-zone folder that are submissions (not hidden, not the zone's own logs).

    A symbolic link is listed as it is (rglob never descends into a linked folder), so that the reader
    refuses it; a dangling one, which nothing can read, is left out (callers stat what is listed).
    """
    return [Path(path) for path in submitted_paths(root)]


def submitted_paths(root: Path | str) -> list[str]:
    """:func:`submitted_files` as text: the nightly scans of every file take relative paths by slicing it
    (pathlib's objects and ``relative_to`` took two thirds of a scan of 66,000 files)."""
    root = os.fspath(root)
    if os.path.islink(root):
        return [root] if os.path.exists(root) else []
    if not os.path.isdir(root):
        return []
    found: list[str] = []
    _collect(root, found)
    return found


def relative_to_zone(raw_dir: Path, display: bool = True) -> Callable[[str], str]:
    """The path under the landing zone of a path :func:`submitted_paths` listed under it: as stored and printed
    (:func:`display_path`), or with ``display=False`` as the file system gave it (``relative_to().as_posix()``)."""
    start = len(os.path.join(os.fspath(raw_dir), ""))
    if display:
        return lambda path: display_path(path[start:])
    return lambda path: path[start:]


def _collect(folder: str, found: list[str]) -> None:
    """Depth first over entries sorted by name: the order of sorting the paths themselves (``rglob``'s sorted
    list, by their parts), at a fraction of its cost over tens of thousands of files."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _collect(entry.path, found)
        elif ((entry.is_file() or (entry.is_symlink() and os.path.exists(entry.path)))
              and not entry.name.startswith((".", "_"))):
            found.append(entry.path)


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
    raw_dir: Path,
    family: str,
    receipts: dict[str, datetime] | None = None,
    periods: Iterable[str] | None = None,
    checksums: Mapping[str, Checksum] | None = None,
) -> list[LandingFile]:
    """Every submitted file of one family (only those periods' folders if ``periods`` is given), by path.

    With ``checksums`` (cache entries by relative path), a file whose stat is unchanged is not read;
    :func:`checksum_updates` of the result gives the entries to store.
    """
    periods = None if periods is None else list(periods)
    for name in (family, *(periods or ())):
        if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
            raise ValueError(f"not a folder name of the landing zone: {name!r}")
    roots = [raw_dir / family] if periods is None else [raw_dir / family / p for p in sorted(set(periods))]
    if (raw_dir / family).is_symlink():  # a linked family folder is one refused entry, whatever the periods
        roots = [raw_dir / family]
    receipts = read_receipts(raw_dir) if receipts is None else receipts
    checksums = {} if checksums is None else checksums
    found = []
    relative_path = relative_to_zone(raw_dir)
    for path in (p for root in roots for p in submitted_paths(root)):
        relative = relative_path(path)
        folder = os.path.basename(os.path.dirname(path))
        sha, stat, new_checksum = cached_sha256(path, relative, checksums)
        received = receipts.get(relative) or datetime.fromtimestamp(stat.st_mtime, tz=UTC)
        found.append(LandingFile(
            path=Path(path), relative_path=relative, family=family,
            period=folder if is_period_code(folder) else None,
            received_at=received.astimezone(UTC), sha256=sha, new_checksum=new_checksum,
        ))
    return found
