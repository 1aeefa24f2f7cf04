"""The landing zone is owner-only; processed raw files move to a restricted archive, then are deleted.

Every test builds its own landing zone in a temporary folder with receipt times in ``_receipts.csv``
and a fixed "now", so ages are exact.
"""

from __future__ import annotations

import csv
import errno
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration import retention
from orchestration.ingest.landing_zone import file_sha256, read_receipts
from orchestration.ingest.load import CONTROL_DDL
from orchestration.retention import (
    apply_retention,
    processed_files,
    restore_archive,
    secure_landing_zone,
)
from orchestration.settings import SAMPLE_RAW_DIR

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
KEEP, DELETE = 30, 1825

# relative path -> (age in days at NOW, processed?)
FILES = {
    "accident_cases/2025S2/4300100027_old.csv": (200, True),
    "accident_cases/2025S2/4300200021_old_unprocessed.csv": (200, False),
    "accident_cases/2026S1/4300100027_recent.csv": (10, True),
    "insured_workforce/202512/bhxh51_202512.csv": (31, True),
    "insured_workforce/202601/bhxh51_202601.csv": (29, True),
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under ``root`` with its mode and (files) content: a snapshot to compare."""
    return {p.relative_to(root).as_posix(): (mode(p), p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def make_landing_zone(root: Path, files: dict[str, tuple[int, bool]] = FILES,
                      now: datetime = NOW) -> tuple[Path, set[tuple[str, str]]]:
    raw = root / "raw"
    secure_landing_zone(raw)
    registry = set()
    with (raw / "_receipts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "received_at"])
        for relative, (age, processed) in files.items():
            path = raw / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"Số CCCD;Họ và tên\n051085001234;Nguyễn Văn An ({relative})\n", encoding="utf-8")
            writer.writerow([relative, (now - timedelta(days=age)).astimezone(UTC).isoformat()])
            if processed:
                registry.add((relative.split("/")[0], file_sha256(path)))
    return raw, registry


def register(warehouse: Path, files: list[tuple[str, str, str]]) -> None:
    """A warehouse whose file registry (raw.files) holds these (family, checksum, status)."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(CONTROL_DDL)
        for family, sha, status in files:
            con.execute(
                "insert into raw.files (file_sha256, family, source_file, received_at, status, rows_read, "
                "rows_loaded, rows_rejected, rows_with_warnings, processed_at) "
                "values (?, ?, 'x', now(), ?, 0, 0, 0, 0, now())",
                [sha, family, status],
            )


def test_the_landing_zone_is_created_owner_only_and_exposures_are_reported(tmp_path):
    raw = tmp_path / "zone" / "raw"
    old_umask = os.umask(0o022)
    try:
        assert secure_landing_zone(raw) == []
        assert mode(raw) == 0o700
        (raw / "accident_cases" / "2025S1").mkdir(parents=True)  # umask 022: 0o755
        (raw / "accident_cases" / "2025S1" / "f.csv").write_text("x")  # 0o644
        os.symlink("/etc/passwd", raw / "accident_cases" / "link.csv")
    finally:
        os.umask(old_umask)
    exposures = secure_landing_zone(raw)
    assert [(e.path, e.kind, e.mode) for e in exposures] == [
        ("accident_cases", "dir", "0o755"),
        ("accident_cases/2025S1", "dir", "0o755"),
        ("accident_cases/2025S1/f.csv", "file", "0o644"),
    ]  # the link is neither reported nor followed
    assert "readable or writable by group or others" in str(exposures[0])
    assert secure_landing_zone(raw, fix=True) == exposures
    assert secure_landing_zone(raw) == []
    assert mode(raw / "accident_cases" / "2025S1") == 0o700
    assert mode(raw / "accident_cases" / "2025S1" / "f.csv") == 0o600
    assert mode(Path("/etc/passwd")) != 0o600  # untouched through the link


def test_processed_files_older_than_keep_days_move_to_a_restricted_archive(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    receipts_before = (raw / "_receipts.csv").read_bytes()
    contents = {r: (raw / r).read_bytes() for r in FILES}

    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)

    moved = ["accident_cases/2025S2/4300100027_old.csv", "insured_workforce/202512/bhxh51_202512.csv"]
    assert report.archived == moved
    assert report.kept_unprocessed == ["accident_cases/2025S2/4300200021_old_unprocessed.csv"]
    assert sorted(report.kept_recent) == ["accident_cases/2026S1/4300100027_recent.csv",
                                          "insured_workforce/202601/bhxh51_202601.csv"]
    assert report.deleted == [] and report.conflicts == []
    for relative in FILES:
        assert (raw / relative).exists() == (relative not in moved)
    for relative in moved:  # same layout, same bytes, owner-only all the way down
        assert (archive / relative).read_bytes() == contents[relative]
        assert mode(archive / relative) == 0o600
        folder = (archive / relative).parent
        while folder != archive.parent:
            assert mode(folder) == 0o700, folder
            folder = folder.parent
    # the receipt times travel with the files; the landing zone's append-only log is not rewritten
    assert read_receipts(archive) == {r: NOW - timedelta(days=FILES[r][0]) for r in moved}
    assert (raw / "_receipts.csv").read_bytes() == receipts_before
    log = list(csv.DictReader((archive / "_retention.csv").open(encoding="utf-8")))
    assert [(e["action"], e["path"]) for e in log] == [("archived", r) for r in moved]
    assert not list(archive.rglob(".*"))


def test_a_second_call_changes_nothing(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    before = tree(raw), tree(archive)
    again = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    assert again.archived == [] and again.deleted == []
    assert (tree(raw), tree(archive)) == before


def test_unprocessed_files_are_never_touched_whatever_their_age(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    changed = raw / "accident_cases/2025S2/4300100027_old.csv"
    changed.write_text("a corrected file dropped over the loaded one\n", encoding="utf-8")  # new checksum
    stray = raw / "notes.csv"  # outside any family folder: not a submission
    stray.write_text("x")
    os.utime(stray, (0, 0))
    archive = tmp_path / "archive"
    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW + timedelta(days=10_000))
    assert "accident_cases/2025S2/4300100027_old.csv" in report.kept_unprocessed
    assert "accident_cases/2025S2/4300200021_old_unprocessed.csv" in report.kept_unprocessed
    assert changed.read_text(encoding="utf-8").startswith("a corrected file")
    assert stray.exists()
    # a file registered under another family is not processed for this one
    other_family = {("insured_workforce", sha) for _, sha in registry}
    only = apply_retention(raw, tmp_path / "archive2", 0, 0, other_family, now=NOW)
    assert not any(r.startswith("accident_cases/") for r in only.archived)


def test_archived_files_are_deleted_after_delete_after_days(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    # 1,825 days after NOW - 200 days: the 200-day-old file is due, the 31-day-old one not yet
    later = NOW - timedelta(days=200) + timedelta(days=DELETE, seconds=1)
    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=later)
    assert report.deleted == ["accident_cases/2025S2/4300100027_old.csv"]
    assert not (archive / "accident_cases/2025S2").exists()  # its emptied folder goes too
    assert (archive / "insured_workforce/202512/bhxh51_202512.csv").exists()
    # meanwhile the recent files became old: archived now, never deleted before their time
    assert "accident_cases/2026S1/4300100027_recent.csv" in report.archived
    assert (archive / "accident_cases/2026S1/4300100027_recent.csv").exists()
    assert (raw / "accident_cases/2025S2/4300200021_old_unprocessed.csv").exists()
    log = list(csv.DictReader((archive / "_retention.csv").open(encoding="utf-8")))
    assert ("deleted", "accident_cases/2025S2/4300100027_old.csv") in [(e["action"], e["path"]) for e in log]
    assert all("CCCD" not in line and "Nguyễn" not in line for line in (archive / "_retention.csv").open())


def test_a_dry_run_changes_nothing_and_says_what_would_happen(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    before = tree(raw)
    report = apply_retention(raw, archive, KEEP, 100, registry, now=NOW, dry_run=True)
    assert report.archived == ["accident_cases/2025S2/4300100027_old.csv", "insured_workforce/202512/bhxh51_202512.csv"]
    assert report.deleted == ["accident_cases/2025S2/4300100027_old.csv"]
    assert tree(raw) == before and not archive.exists()


def test_a_move_across_filesystems_is_a_durable_copy_then_a_rename(tmp_path, monkeypatch):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    real_replace, synced, renamed = os.replace, [], []

    def replace(source, target):
        if not Path(source).name.startswith("."):  # the direct move: pretend another filesystem
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        renamed.append(Path(target).name)
        return real_replace(source, target)

    real_fsync = os.fsync
    monkeypatch.setattr(retention.os, "replace", replace)
    monkeypatch.setattr(retention.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    contents = (raw / "accident_cases/2025S2/4300100027_old.csv").read_bytes()
    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    assert report.archived == ["accident_cases/2025S2/4300100027_old.csv", "insured_workforce/202512/bhxh51_202512.csv"]
    assert renamed == ["4300100027_old.csv", "bhxh51_202512.csv"]  # via a hidden .partial file
    assert (archive / "accident_cases/2025S2/4300100027_old.csv").read_bytes() == contents
    assert not (raw / "accident_cases/2025S2/4300100027_old.csv").exists()
    assert len(synced) >= 4 and not list(archive.rglob(".*.partial"))
    assert mode(archive / "accident_cases/2025S2/4300100027_old.csv") == 0o600


def test_a_move_interrupted_after_the_copy_is_finished_by_the_next_call(tmp_path, monkeypatch):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    monkeypatch.setattr(retention.os, "replace", _cross_device(os.replace))
    real_unlink = Path.unlink

    def crash_on_source_unlink(self, missing_ok=False):
        if self.is_relative_to(raw):
            raise KeyboardInterrupt("killed between the copy and the removal")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", crash_on_source_unlink)
    (archive / "accident_cases/2025S2").mkdir(parents=True)
    (archive / "accident_cases/2025S2/.4300100027_old.csv.partial").write_text("half a copy")
    with pytest.raises(KeyboardInterrupt):
        apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    source = raw / "accident_cases/2025S2/4300100027_old.csv"
    assert source.exists() and (archive / "accident_cases/2025S2/4300100027_old.csv").exists()  # both whole
    monkeypatch.setattr(Path, "unlink", real_unlink)
    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    assert report.archived == ["accident_cases/2025S2/4300100027_old.csv", "insured_workforce/202512/bhxh51_202512.csv"]
    assert not source.exists() and not list(archive.rglob(".*.partial"))
    assert list(read_receipts(archive)) == ["accident_cases/2025S2/4300100027_old.csv",
                                            "insured_workforce/202512/bhxh51_202512.csv"]


def _cross_device(real_replace):
    def replace(source, target):
        if not Path(source).name.startswith("."):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(source, target)
    return replace


def test_a_reused_name_is_archived_beside_the_earlier_file(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    relative = "accident_cases/2025S2/4300100027_old.csv"
    (raw / relative).write_text("the sender reused the name a year later\n", encoding="utf-8")
    registry.add(("accident_cases", file_sha256(raw / relative)))
    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW + timedelta(days=365))
    [conflict] = report.conflicts
    sha = file_sha256(archive / conflict.split(" -> ")[1])
    assert conflict == f"{relative} -> accident_cases/2025S2/4300100027_old.{sha[:12]}.csv"
    assert (archive / relative).read_text(encoding="utf-8").startswith("Số CCCD")  # the earlier one, kept


def test_links_in_the_landing_zone_are_never_followed(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "secret.csv"
    target.write_text("not ours")
    os.symlink(target, raw / "accident_cases/2025S2/link.csv")
    os.symlink(outside, raw / "accident_cases/linked_folder")
    registry.add(("accident_cases", file_sha256(target)))
    apply_retention(raw, tmp_path / "archive", 0, 0, registry, now=NOW)
    assert target.read_text() == "not ours"
    assert (raw / "accident_cases/2025S2/link.csv").is_symlink()


def test_a_file_name_that_is_not_utf8_is_archived_and_logged(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    folder = raw / "accident_cases" / "2025S2"
    name = os.fsdecode(b"4300100027_b\xe1o_c\xe1o.csv")  # Windows-1258 bytes, as a zip tool leaves them
    (folder / name).write_bytes(b"x")
    registry.add(("accident_cases", file_sha256(folder / name)))
    old = (NOW - timedelta(days=100)).timestamp()
    os.utime(folder / name, (old, old))  # not in the receipts log: its modification time counts
    archive = tmp_path / "archive"
    report = apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    shown = "accident_cases/2025S2/4300100027_b\\xe1o_c\\xe1o.csv"
    assert shown in report.archived
    assert (archive / "accident_cases" / "2025S2" / name).read_bytes() == b"x"
    assert shown in (archive / "_receipts.csv").read_text(encoding="utf-8")


def test_restore_copies_the_archive_back_for_a_rebuild(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    archive = tmp_path / "archive"
    apply_retention(raw, archive, KEEP, DELETE, registry, now=NOW)
    copied = restore_archive(archive, raw)
    assert copied == ["accident_cases/2025S2/4300100027_old.csv", "insured_workforce/202512/bhxh51_202512.csv"]
    assert all((raw / r).read_bytes() == (archive / r).read_bytes() for r in copied)
    assert restore_archive(archive, raw) == []
    assert read_receipts(raw)["accident_cases/2025S2/4300100027_old.csv"] == NOW - timedelta(days=200)


def test_wrong_arguments_and_the_bundled_sample_are_refused(tmp_path):
    raw, registry = make_landing_zone(tmp_path)
    with pytest.raises(ValueError, match="keep_days <= delete_after_days"):
        apply_retention(raw, tmp_path / "archive", 30, 10, registry, now=NOW)
    with pytest.raises(ValueError, match="must not contain each other"):
        apply_retention(raw, raw / "archive", 30, 100, registry, now=NOW)
    with pytest.raises(ValueError, match="bundled sample"):
        apply_retention(SAMPLE_RAW_DIR, tmp_path / "archive", 0, 0, set(), now=NOW, dry_run=True)


def test_processed_files_come_from_the_file_registry(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    register(warehouse, [("accident_cases", "a" * 64, "loaded"), ("insured_workforce", "b" * 64, "rejected")])
    assert processed_files(warehouse) == {("accident_cases", "a" * 64), ("insured_workforce", "b" * 64)}
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert processed_files(empty) == set()


def test_the_retention_command(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from orchestration.cli import app

    if "retention" not in {c.name or c.callback.__name__ for c in app.registered_commands}:
        pytest.skip("`osh retention` is not wired into the CLI yet")
    raw, registry = make_landing_zone(tmp_path, now=datetime.now(UTC))
    warehouse, archive = tmp_path / "wh.duckdb", tmp_path / "archive"
    register(warehouse, [(family, sha, "loaded") for family, sha in registry])
    for name, value in {"OSH_RAW_DIR": raw, "OSH_WAREHOUSE_PATH": warehouse, "OSH_ARCHIVE_DIR": archive,
                        "OSH_ID_HASH_KEY": "k"}.items():
        monkeypatch.setenv(name, str(value))
    for path in (raw, *raw.rglob("*")):  # as an intake service with a lax umask would leave it
        path.chmod(0o755 if path.is_dir() else 0o644)
    dry = CliRunner().invoke(app, ["retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 would be archived, 0 would be deleted" in dry.output and not archive.exists()
    done = CliRunner().invoke(app, ["retention", "--keep-days", "30", "--delete-after-days", "100"])
    assert done.exit_code == 0, done.output
    assert "2 archived, 1 deleted" in done.output  # the 200-day-old file is past 100 days
    assert (archive / "insured_workforce/202512/bhxh51_202512.csv").exists()
    assert mode(archive) == 0o700 and mode(archive / "insured_workforce/202512/bhxh51_202512.csv") == 0o600
    assert all(mode(p) & 0o077 == 0 for p in [raw, *raw.rglob("*")])  # the command made the zone owner-only
    with duckdb.connect(str(warehouse), read_only=True) as con:
        audited = con.execute("select event, family, source_file, length(file_sha256) from raw.audit "
                              "where event like 'raw_file_%' order by 1, 3").fetchall()
    assert audited == [
        ("raw_file_archived", "accident_cases", "accident_cases/2025S2/4300100027_old.csv", 64),
        ("raw_file_archived", "insured_workforce", "insured_workforce/202512/bhxh51_202512.csv", 64),
        ("raw_file_deleted", "accident_cases", "accident_cases/2025S2/4300100027_old.csv", 64),
    ]
    restored = CliRunner().invoke(app, ["retention", "--restore"])
    assert restored.exit_code == 0 and (raw / "insured_workforce/202512/bhxh51_202512.csv").exists()
    monkeypatch.setenv("OSH_RAW_DIR", str(SAMPLE_RAW_DIR))
    assert CliRunner().invoke(app, ["retention"]).exit_code == 2  # never the bundled sample


def test_exposures_are_listed_in_path_order_and_links_are_left_alone(tmp_path):
    """The walk lists what sorting the paths lists (folders before the files beside them only by name), skips
    symbolic links, and does not descend into a linked folder."""
    import os

    from orchestration.retention import secure_landing_zone

    raw = tmp_path / "raw"
    for folder in ("a", "a/b", "a-b", "_x"):
        (raw / folder).mkdir(parents=True)
    for name in ("a/b/c.csv", "a/b.csv", "a-b/z.csv", "_x/.hidden", "top.csv"):
        (raw / name).write_bytes(b"x")
    (raw / "link").symlink_to(raw / "a")
    for path in [raw, *raw.rglob("*")]:
        if not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    expected = [p for p in [raw, *sorted(raw.rglob("*"))] if not p.is_symlink()]
    listed = secure_landing_zone(raw)
    assert [e.path for e in listed] == ["." if p == raw else p.relative_to(raw).as_posix() for p in expected]
    assert "link" not in {e.path for e in listed} and not any(e.path.startswith("link/") for e in listed)
    assert secure_landing_zone(raw, fix=True) == listed and secure_landing_zone(raw) == []
