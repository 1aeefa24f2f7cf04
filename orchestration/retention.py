"""The landing zone's permissions and the retention of raw files, which hold cleartext IDs and names.

Senders' files are kept exactly as submitted, so they carry what the warehouse never stores: national
ID numbers in clear and the names of injured workers. They are therefore kept owner-only (the ``osh``
service user), and only as long as they are useful:

- ``secure_landing_zone``: creates the landing zone owner-only (``0o700``) and reports every file or
  folder under it that its group or other users could read, write or enter.
- ``apply_retention``: a raw file that the warehouse has processed (its family and checksum are in
  ``raw.files``) and that was received more than ``keep_days`` ago moves to the archive, a restricted
  folder with the same relative layout; an archived file received more than ``delete_after_days`` ago
  is deleted. Files the warehouse has not processed are never touched, whatever their age.

Receipt times come from the landing zone's ``_receipts.csv`` (modification time when a file is
missing from it, as for ingestion). The landing zone's log is append-only (the intake service and the
arrivals sensor append to it), so retention never rewrites it; it copies the archived files' lines
into ``<archive>/_receipts.csv`` and records every move and deletion in ``<archive>/_retention.csv``
(paths, checksums and times: no personal data).

Moves are atomic: ``os.replace`` within one filesystem; across filesystems a copy into a hidden
``.partial`` file, ``fsync``, ``rename`` and only then the removal of the original. A call interrupted
at any point leaves every file whole in the landing zone, in the archive, or (briefly, after a copy and
before the original's removal) in both, which the next call resolves by checksum. Calling it again
with the same arguments changes nothing. Run it under the warehouse writer lock, so that no run reads
a file while it moves.
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from orchestration.ingest.landing_zone import RECEIPTS_LOG, file_sha256, read_receipts, submitted_files

OWNER_ONLY_DIR = 0o700
OWNER_ONLY_FILE = 0o600
RETENTION_LOG = "_retention.csv"
_GROUP_OR_OTHER = stat.S_IRWXG | stat.S_IRWXO


@dataclass(frozen=True)
class Exposure:
    """A file or folder under the landing zone that someone other than its owner can use."""

    path: str  # relative to the landing zone ('.' for the zone itself)
    kind: str  # 'dir' | 'file'
    mode: str  # e.g. '0o755'

    def __str__(self) -> str:
        return f"{self.path} ({self.kind}, mode {self.mode}): readable or writable by group or others"


@dataclass
class RetentionReport:
    archived: list[str] = field(default_factory=list)  # landing-zone paths moved to the archive
    deleted: list[str] = field(default_factory=list)  # archive paths deleted
    kept_unprocessed: list[str] = field(default_factory=list)  # not (yet) in raw.files: never touched
    kept_recent: list[str] = field(default_factory=list)  # processed but received within keep_days
    conflicts: list[str] = field(default_factory=list)  # archived beside an earlier, different file
    # (action 'archived' | 'deleted', family, path, file sha256) of what was done, for raw.audit
    events: list[tuple[str, str, str, str]] = field(default_factory=list)


def secure_landing_zone(raw_dir: Path, fix: bool = False) -> list[Exposure]:
    """Create ``raw_dir`` owner-only if it does not exist; list what group or others can reach under it.

    With ``fix``, the group and other permission bits of everything found are removed (folders
    become ``0o700``-like, files ``0o600``-like). Symbolic links are neither reported, followed nor
    changed (ingestion refuses them).
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        raw_dir.mkdir(parents=True, mode=OWNER_ONLY_DIR)
        os.chmod(raw_dir, OWNER_ONLY_DIR)  # mkdir's mode is filtered by the umask
    exposures: list[Exposure] = []
    _check(raw_dir, ".", raw_dir.lstat(), fix, exposures)
    if raw_dir.is_dir() and not raw_dir.is_symlink():
        _walk(raw_dir, "", fix, exposures)
    return exposures


def _walk(folder: Path | str, prefix: str, fix: bool, exposures: list[Exposure]) -> None:
    """Depth first over entries sorted by name (the order of the sorted paths), without following links."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        relative = prefix + entry.name
        info = entry.stat(follow_symlinks=False)
        _check(entry.path, relative, info, fix, exposures)
        if stat.S_ISDIR(info.st_mode):
            _walk(entry.path, relative + "/", fix, exposures)


def _check(path: Path | str, relative: str, info: os.stat_result, fix: bool, exposures: list[Exposure]) -> None:
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & _GROUP_OR_OTHER:
        return
    kind = "dir" if stat.S_ISDIR(info.st_mode) else "file"
    exposures.append(Exposure(relative, kind, oct(stat.S_IMODE(info.st_mode))))
    if fix:
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~_GROUP_OR_OTHER)


def processed_files(warehouse_path: Path) -> set[tuple[str, str]]:
    """(family, file checksum) of every file the warehouse has processed, loaded or rejected.

    This is ingestion's own notion of "seen" (a file whose family and checksum are registered is
    never read again), so a file moved away after this is never missed by a later run.
    """
    import duckdb

    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        exists = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = 'files'"
        ).fetchone()[0]
        if not exists:
            return set()
        return {(family, sha) for family, sha in con.execute("select family, file_sha256 from raw.files").fetchall()}


def apply_retention(
    raw_dir: Path,
    archive_dir: Path,
    keep_days: int,
    delete_after_days: int,
    registry: Iterable[tuple[str, str]],
    now: datetime | None = None,
    dry_run: bool = False,
) -> RetentionReport:
    """Archive processed raw files received more than ``keep_days`` ago; delete archived files received
    more than ``delete_after_days`` ago.

    ``registry`` holds (family, sha256) of every processed file (:func:`processed_files`). A file is
    processed when its family folder and its current checksum are registered: a file changed in place
    since it was loaded is new content, so it stays. With ``dry_run`` nothing changes; the report says
    what would.
    """
    raw_dir, archive_dir = Path(raw_dir), Path(archive_dir)
    if keep_days < 0 or delete_after_days < keep_days:
        raise ValueError(f"Need 0 <= keep_days <= delete_after_days; got {keep_days} and {delete_after_days}.")
    _refuse_the_bundled_sample(raw_dir)
    if archive_dir.resolve().is_relative_to(raw_dir.resolve()) or raw_dir.resolve().is_relative_to(
        archive_dir.resolve()
    ):
        raise ValueError(f"The archive {archive_dir} and the landing zone {raw_dir} must not contain each other.")
    now = (now or datetime.now(UTC)).astimezone(UTC)
    processed = set(registry)
    report = RetentionReport()
    if not dry_run:
        _make_private_dir(archive_dir, archive_dir)
        for leftover in archive_dir.rglob(".*.partial"):  # a copy interrupted before its rename
            leftover.unlink()
    receipts = read_receipts(raw_dir)
    would_archive: list[tuple[str, Path, datetime]] = []
    for path in submitted_files(raw_dir):
        relative = path.relative_to(raw_dir).as_posix()
        if not _plainly_inside(path, raw_dir) or "/" not in relative:
            continue  # a link is never followed; a file outside any family folder is not a submission
        family = relative.split("/", 1)[0]
        if (family, file_sha256(path)) not in processed:
            report.kept_unprocessed.append(_display(relative))
            continue
        received = _received_at(path, receipts.get(relative) or receipts.get(_display(relative)))
        if now - received <= timedelta(days=keep_days):
            report.kept_recent.append(_display(relative))
            continue
        if dry_run:
            would_archive.append((relative, path, received))
        else:
            report.events.append(("archived", family, _display(relative), file_sha256(path)))
            archived_as = _archive_one(raw_dir, archive_dir, relative, received, now)
            if archived_as != relative:
                report.conflicts.append(f"{_display(relative)} -> {_display(archived_as)}")
        report.archived.append(_display(relative))
    archived = [] if not archive_dir.exists() else _archived_files(archive_dir)
    expired = [(r, p, t) for r, p, t in archived + would_archive if now - t > timedelta(days=delete_after_days)]
    for relative, path, received in expired:
        if not dry_run:
            sha = file_sha256(path)
            report.events.append(("deleted", relative.split("/", 1)[0], _display(relative), sha))
            path.unlink()
            _fsync_dir(path.parent)
            _log(archive_dir, now, "deleted", relative, sha, received)
            _remove_empty_parents(path.parent, archive_dir)
        report.deleted.append(_display(relative))
    return report


def _archived_files(archive_dir: Path) -> list[tuple[str, Path, datetime]]:
    receipts = read_receipts(archive_dir)
    found = []
    for path in submitted_files(archive_dir):
        if not _plainly_inside(path, archive_dir):
            continue
        relative = path.relative_to(archive_dir).as_posix()
        found.append((relative, path, _received_at(path, receipts.get(_display(relative)))))
    return found


def restore_archive(archive_dir: Path, raw_dir: Path) -> list[str]:
    """Copy every archived file back into the landing zone (same layout), for a full rebuild or a key
    rotation; files already there are left alone. Returns the paths copied."""
    archive_dir, raw_dir = Path(archive_dir), Path(raw_dir)
    receipts = read_receipts(archive_dir)
    known = read_receipts(raw_dir)
    copied = []
    for path in submitted_files(archive_dir):
        relative = path.relative_to(archive_dir).as_posix()
        target = raw_dir / relative
        if target.exists() or not _plainly_inside(path, archive_dir):
            continue
        _make_private_dir(target.parent, raw_dir)
        _copy_durably(path, target)
        copied.append(relative)
    _append_receipts(raw_dir, [(r, receipts[_display(r)]) for r in copied
                               if _display(r) in receipts and _display(r) not in known])
    return copied


def _refuse_the_bundled_sample(raw_dir: Path) -> None:
    from orchestration.settings import SAMPLE_RAW_DIR

    if raw_dir.resolve() == SAMPLE_RAW_DIR.resolve():
        raise ValueError("The bundled sample (raw/sample) is part of the repository: retention never moves it.")


def _display(relative: str) -> str:
    """A path as the logs write it: bytes that are not UTF-8 (a Windows zip tool's names) as \\xNN."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _plainly_inside(path: Path, root: Path) -> bool:
    """True when ``path`` is a regular file reached from ``root`` without any symbolic link."""
    return not path.is_symlink() and path.resolve() == root.resolve() / path.relative_to(root)


def _received_at(path: Path, logged: datetime | None) -> datetime:
    received = logged or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    if received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    return received.astimezone(UTC)


def _archive_one(raw_dir: Path, archive_dir: Path, relative: str, received: datetime, now: datetime) -> str:
    """Move one file into the archive; returns its path there (relative)."""
    source = raw_dir / relative
    sha = file_sha256(source)
    archived_as = relative
    target = archive_dir / archived_as
    if target.exists() and file_sha256(target) != sha:
        # A different file was archived under this path before (a name reused by a sender): keep both.
        target = target.with_name(f"{target.stem}.{sha[:12]}{target.suffix}")
        archived_as = target.relative_to(archive_dir).as_posix()
    _make_private_dir(target.parent, archive_dir)
    if target.exists():
        source.unlink()  # already archived whole by an interrupted earlier call: same checksum
    else:
        _move(source, target)
    os.chmod(target, OWNER_ONLY_FILE)
    _append_receipts(archive_dir, [(archived_as, received)])
    _log(archive_dir, now, "archived", archived_as, sha, received)
    return archived_as


def _move(source: Path, target: Path) -> None:
    """Atomic within a filesystem; across filesystems, a durable copy renamed into place, then unlink."""
    try:
        os.replace(source, target)
    except OSError as problem:
        if problem.errno != errno.EXDEV:
            raise
        _copy_durably(source, target)
        source.unlink()
    _fsync_dir(target.parent)
    _fsync_dir(source.parent)


def _copy_durably(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
    with open(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    shutil.copystat(source, partial)  # keeps the modification time (the receipt fallback)
    os.chmod(partial, OWNER_ONLY_FILE)
    os.replace(partial, target)
    _fsync_dir(target.parent)


def _make_private_dir(folder: Path, root: Path) -> None:
    """Create ``root`` and ``folder`` below it, every folder from ``root`` down owner-only."""
    if not root.exists():
        root.parent.mkdir(parents=True, exist_ok=True)
        root.mkdir(mode=OWNER_ONLY_DIR, exist_ok=True)
    os.chmod(root, OWNER_ONLY_DIR)  # mkdir's mode is filtered by the umask
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if not current.exists():
            current.mkdir(mode=OWNER_ONLY_DIR)
            os.chmod(current, OWNER_ONLY_DIR)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _append_receipts(folder: Path, entries: list[tuple[str, datetime]]) -> None:
    known = read_receipts(folder) if (folder / RECEIPTS_LOG).exists() else {}
    fresh = [(_display(path), at) for path, at in entries if _display(path) not in known]
    if not fresh:
        return
    _append_csv(folder / RECEIPTS_LOG, ["path", "received_at"], [[p, at.isoformat()] for p, at in fresh])


def _log(archive_dir: Path, now: datetime, action: str, path: str, sha: str, received: datetime) -> None:
    _append_csv(archive_dir / RETENTION_LOG, ["at", "action", "path", "file_sha256", "received_at"],
                [[now.isoformat(), action, _display(path), sha, received.isoformat()]])


def _append_csv(log: Path, header: list[str], rows: list[list[str]]) -> None:
    new = not log.exists()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_ONLY_FILE)
    with open(fd, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(header)
        writer.writerows(rows)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def audit_retention(warehouse_path: Path, report: RetentionReport) -> int:
    """Record what retention did in ``raw.audit`` (events ``raw_file_archived``, ``raw_file_deleted``): the
    file's family, checksum and path, no content. Returns the number of rows written."""
    import duckdb

    from orchestration.ingest.load import CONTROL_DDL

    if not report.events:
        return 0
    with duckdb.connect(str(warehouse_path)) as con:
        con.execute(CONTROL_DDL)
        con.executemany(
            "INSERT INTO raw.audit (event_at, event, family, file_sha256, source_file, reason) "
            "VALUES (now(), ?, ?, ?, ?, ?)",
            [[f"raw_file_{action}", family, sha, path,
              "retention: processed raw file moved to the restricted archive" if action == "archived"
              else "retention: archived raw file deleted after the retention period"]
             for action, family, path, sha in report.events],
        )
    return len(report.events)
