"""Checksums are not recomputed for unchanged files (raw.landing_checksums), and any change is seen.

The spy on ``file_sha256`` counts the files actually read to compute a checksum; it still computes
every one. The racy window (landing_zone.RACY_NS, 2 s) is shortened to 50 ms so that files written
by a test can be trusted after ``settle()`` instead of two seconds; ``test_the_racy_window`` checks
the rule with the real value.
"""

from __future__ import annotations

import os
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

import orchestration.ingest.landing_zone as landing_zone
import orchestration.nothing_new as nothing_new_module
from orchestration.arrivals import detect_arrivals
from orchestration.ingest.landing_zone import (
    RACY_NS,
    Checksum,
    append_receipts,
    checksum_updates,
    read_receipts,
    scan_family,
    stale_checksums,
)
from orchestration.ingest.load import read_checksums, store_checksums
from orchestration.ingest.pipeline import ingest_files
from orchestration.nothing_new import nothing_new
from orchestration.publication import SERVED_NAME
from orchestration.settings import load_settings
from schemas.registry import FAMILIES
from tests.conftest import TEST_ID_HASH_KEY
from tests.hostile.make_corpus import FAMILY, FILES, PERIOD

VALID = (FILES / "valid.csv").read_bytes()  # three accident rows; "Số ngày nghỉ" 21, 5, 0
SHORT_RACY_NS = 50_000_000
sha256_of = landing_zone.file_sha256  # the real function, for the tests' own checks (not counted by the spy)


@pytest.fixture(autouse=True)
def short_racy_window(monkeypatch):
    monkeypatch.setattr(landing_zone, "RACY_NS", SHORT_RACY_NS)


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The names of the files whose checksum is computed (read), in order."""
    calls: list[str] = []

    def spy(path: Path) -> str:
        calls.append(path.name)
        return sha256_of(path)

    monkeypatch.setattr(landing_zone, "file_sha256", spy)
    return calls


def settle() -> None:
    """Past the racy window of what was just written, so that a scan's entries for it can be trusted."""
    time.sleep(2 * SHORT_RACY_NS / 1e9)


def landing(tmp_path: Path, **files: bytes) -> Path:
    raw = tmp_path / "raw"
    (raw / FAMILY / PERIOD).mkdir(parents=True)
    for name, content in files.items():
        (raw / FAMILY / PERIOD / f"{name}.csv").write_bytes(content)
    settle()
    return raw


def rewrite_keeping_size_and_mtime(path: Path, content: bytes) -> None:
    before = path.lstat()
    assert len(content) == before.st_size
    path.write_bytes(content)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.lstat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert after.st_ctime_ns != before.st_ctime_ns  # what gives the change away


def test_an_unchanged_file_is_not_read_again(tmp_path, hashed):
    raw = landing(tmp_path, a=b"x\n1\n", b=b"x\n2\n")
    cold = scan_family(raw, FAMILY)
    assert hashed == ["a.csv", "b.csv"]
    cache = checksum_updates(cold)
    assert sorted(cache) == [f"{FAMILY}/{PERIOD}/a.csv", f"{FAMILY}/{PERIOD}/b.csv"]
    hashed.clear()
    warm = scan_family(raw, FAMILY, checksums=cache)
    assert hashed == []
    assert [f.sha256 for f in warm] == [f.sha256 for f in cold] == [sha256_of(f.path) for f in cold]
    assert checksum_updates(warm) == {}  # nothing to store


def test_a_file_rewritten_with_its_old_size_and_mtime_is_read_again(tmp_path, hashed):
    raw = landing(tmp_path, a=b"x\n1\n", b=b"x\n2\n")
    cache = checksum_updates(scan_family(raw, FAMILY))
    rewrite_keeping_size_and_mtime(raw / FAMILY / PERIOD / "a.csv", b"x\n9\n")
    hashed.clear()
    warm = scan_family(raw, FAMILY, checksums=cache)
    assert hashed == ["a.csv"]
    assert warm[0].sha256 == sha256_of(warm[0].path) != cache[warm[0].relative_path].sha256
    assert list(checksum_updates(warm)) == [warm[0].relative_path]


def test_a_replaced_file_is_read_again(tmp_path, hashed):
    raw = landing(tmp_path, a=b"x\n1\n")
    path = raw / FAMILY / PERIOD / "a.csv"
    cache = checksum_updates(scan_family(raw, FAMILY))
    before = path.lstat()
    replacement = tmp_path / "replacement.csv"
    replacement.write_bytes(b"x\n7\n")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)  # as an intake service writing to a temporary name and renaming does
    assert path.lstat().st_ino != before.st_ino
    hashed.clear()
    [warm] = scan_family(raw, FAMILY, checksums=cache)
    assert hashed == ["a.csv"] and warm.sha256 == sha256_of(path)


def test_a_symlink_keeps_its_own_checksum_and_is_never_followed(tmp_path, hashed):
    raw = landing(tmp_path)
    outside = tmp_path / "outside.csv"
    outside.write_bytes(VALID)
    link = raw / FAMILY / PERIOD / "link.csv"
    link.symlink_to(outside)
    settle()
    cache = checksum_updates(scan_family(raw, FAMILY))
    assert cache[f"{FAMILY}/{PERIOD}/link.csv"].size == len(os.fsencode(str(outside)))  # the link's lstat
    hashed.clear()
    [warm] = scan_family(raw, FAMILY, checksums=cache)
    assert hashed == [] and warm.sha256 == sha256_of(link) != sha256_of(outside)
    other = tmp_path / "outsidf.csv"  # a new target of the same length: a new link
    other.write_bytes(b"x\n")
    link.unlink()
    link.symlink_to(other)
    [changed] = scan_family(raw, FAMILY, checksums=cache)
    assert hashed == ["link.csv"] and changed.sha256 == sha256_of(link) != warm.sha256


def test_the_racy_window(tmp_path, monkeypatch):
    """An entry is trusted only for a file whose ctime is RACY_NS older than the moment its stat was taken:
    a write within the file system's timestamp granularity could otherwise leave the stat unchanged."""
    monkeypatch.setattr(landing_zone, "RACY_NS", RACY_NS)
    path = tmp_path / "f.csv"
    path.write_bytes(b"x\n")
    stat = path.lstat()
    entry = Checksum("sha", stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, 0)
    assert not replace(entry, checked_at_ns=stat.st_ctime_ns + 1_000_000).still_valid(stat)
    assert replace(entry, checked_at_ns=stat.st_ctime_ns + RACY_NS + 1).still_valid(stat)
    assert not replace(entry, checked_at_ns=stat.st_ctime_ns + RACY_NS + 1, inode=stat.st_ino + 1).still_valid(stat)
    # written and scanned at once: computed, stored, and computed again on the next scan
    raw = landing(tmp_path, a=b"x\n1\n")
    cache = checksum_updates(scan_family(raw, FAMILY))
    assert checksum_updates(scan_family(raw, FAMILY, checksums=cache))


def test_the_cache_in_the_warehouse(tmp_path, hashed):
    """Ingestion stores the entries, reads them back the next time, and forgets files that are gone; the
    new content of a rewritten file is read and loaded."""
    raw = landing(tmp_path, a=VALID, b=VALID.replace(b"4300100027", b"4300200021"))
    model = FAMILIES[FAMILY]
    with closing(duckdb.connect(str(tmp_path / "w.duckdb"))) as con:
        assert read_checksums(con) == {}  # no table yet: an older warehouse

        def nightly() -> list[str]:
            checksums = read_checksums(con, FAMILY)
            files = scan_family(raw, FAMILY, periods=[PERIOD], checksums=checksums)
            result = ingest_files(con, model, files, TEST_ID_HASH_KEY.encode())
            store_checksums(con, checksum_updates(files), stale_checksums(checksums, files, FAMILY, [PERIOD]))
            return [o.status for o in result.outcomes]

        assert nightly() == ["loaded", "loaded"]
        assert sorted(read_checksums(con)) == [f"{FAMILY}/{PERIOD}/a.csv", f"{FAMILY}/{PERIOD}/b.csv"]
        hashed.clear()
        assert nightly() == ["already_loaded", "already_loaded"] and hashed == []
        rewrite_keeping_size_and_mtime(raw / FAMILY / PERIOD / "a.csv", VALID.replace(b",21,", b",31,"))
        (raw / FAMILY / PERIOD / "b.csv").unlink()
        assert nightly() == ["loaded"] and hashed == ["a.csv"]
        assert sorted(read_checksums(con)) == [f"{FAMILY}/{PERIOD}/a.csv"]
        days_off = con.execute(
            "SELECT f.file_sha256 = c.sha256, r.days_off FROM raw.files f JOIN raw.accident_cases r "
            "ON r._file_sha256 = f.file_sha256 JOIN raw.landing_checksums c ON c.path = f.source_file "
            "WHERE f.source_file LIKE '%/a.csv' ORDER BY f.processed_at DESC, r._row_number LIMIT 1"
        ).fetchall()
        assert days_off == [(True, 31)]  # the new content, loaded


def test_stale_entries_are_those_of_the_scanned_folders_only(tmp_path):
    raw = landing(tmp_path, a=b"x\n")
    files = scan_family(raw, FAMILY, periods=[PERIOD])
    cached = [f"{FAMILY}/{PERIOD}/a.csv", f"{FAMILY}/{PERIOD}/gone.csv", f"{FAMILY}/2024S1/kept.csv",
              f"{FAMILY}-other/{PERIOD}/kept.csv", f"{FAMILY}/{PERIOD}"]
    assert stale_checksums(cached, files, FAMILY, [PERIOD]) == [f"{FAMILY}/{PERIOD}/gone.csv", f"{FAMILY}/{PERIOD}"]
    assert stale_checksums(cached, files, FAMILY) == [
        f"{FAMILY}/{PERIOD}/gone.csv", f"{FAMILY}/2024S1/kept.csv", f"{FAMILY}/{PERIOD}"]


def publish(publish_dir: Path, version: str = "20260101T000000000000Z_run") -> None:
    """A publication laid out as a run leaves it: a version, served by a hard link, and its exports as latest."""
    (publish_dir / "versions").mkdir(parents=True)
    with closing(duckdb.connect(str(publish_dir / "versions" / f"{version}.duckdb"))) as con:
        con.execute("CREATE SCHEMA publication; CREATE TABLE publication.about AS SELECT now() AS published_at")
    os.link(publish_dir / "versions" / f"{version}.duckdb", publish_dir / SERVED_NAME)
    (publish_dir / "exports" / version).mkdir(parents=True)
    (publish_dir / "exports" / "latest").symlink_to(version, target_is_directory=True)


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    """A landing zone ingested (checksums stored) and published afterwards; the dbt manifest counts as
    current (it is about the dbt project, not what these tests change)."""
    raw = landing(tmp_path, a=VALID, b=VALID.replace(b"4300100027", b"4300200021"))
    settings = replace(load_settings(), raw_dir=raw, warehouse_path=tmp_path / "w.duckdb",
                       publish_dir=tmp_path / "published")
    with closing(duckdb.connect(str(settings.warehouse_path))) as con:
        files = scan_family(raw, FAMILY)
        ingest_files(con, FAMILIES[FAMILY], files, TEST_ID_HASH_KEY.encode())
        store_checksums(con, checksum_updates(files))
    publish(settings.publish_dir)
    monkeypatch.setattr(nothing_new_module, "manifest_is_stale", lambda: False)
    return settings


def test_nothing_new_reads_no_unchanged_file(loaded, hashed):
    assert nothing_new(loaded, [FAMILY]).startswith("nothing new: all 2 ")
    assert hashed == []


def test_nothing_new_says_run_when_a_file_changed_in_place(loaded, hashed):
    rewrite_keeping_size_and_mtime(loaded.raw_dir / FAMILY / PERIOD / "a.csv", VALID.replace(b",21,", b",31,"))
    assert nothing_new(loaded, [FAMILY]) is None
    assert hashed == ["a.csv"]


def test_nothing_new_says_run_when_the_served_version_was_not_exported(loaded, hashed):
    """A run killed after serving its publication and before swapping in its exports: the next one must run."""
    assert nothing_new(loaded, [FAMILY]) is not None
    latest = loaded.publish_dir / "exports" / "latest"
    latest.unlink()
    latest.symlink_to("20251231T000000000000Z_older", target_is_directory=True)
    assert nothing_new(loaded, [FAMILY]) is None
    latest.unlink()
    assert nothing_new(loaded, [FAMILY]) is None


def test_nothing_new_without_the_table_hashes_every_file_as_before(loaded, hashed):
    with closing(duckdb.connect(str(loaded.warehouse_path))) as con:
        con.execute("DROP TABLE raw.landing_checksums")
    assert nothing_new(loaded, [FAMILY]).startswith("nothing new: all 2 ")
    assert hashed == ["a.csv", "b.csv"]
    rewrite_keeping_size_and_mtime(loaded.raw_dir / FAMILY / PERIOD / "a.csv", VALID.replace(b",21,", b",31,"))
    assert nothing_new(loaded, [FAMILY]) is None


def test_an_arrival_rewritten_with_its_old_size_and_mtime_is_seen(tmp_path, hashed):
    raw = landing(tmp_path, a=b"x\n1\n")
    state, arrivals = detect_arrivals(raw, [FAMILY], {})
    assert len(arrivals) == 1
    hashed.clear()
    assert detect_arrivals(raw, [FAMILY], state) == (state, []) and hashed == []
    rewrite_keeping_size_and_mtime(raw / FAMILY / PERIOD / "a.csv", b"x\n2\n")
    _, again = detect_arrivals(raw, [FAMILY], state)
    assert [a.relative_path for a in again] == [f"{FAMILY}/{PERIOD}/a.csv"] and hashed == ["a.csv"]


def test_an_older_sensor_state_is_hashed_once_and_is_no_arrival(tmp_path):
    raw = landing(tmp_path, a=b"x\n1\n")
    path, stat = raw / FAMILY / PERIOD / "a.csv", (raw / FAMILY / PERIOD / "a.csv").lstat()
    old = {f"{FAMILY}/{PERIOD}/a.csv": [stat.st_size, stat.st_mtime_ns, sha256_of(path)]}
    state, arrivals = detect_arrivals(raw, [FAMILY], old)
    assert arrivals == [] and len(state[f"{FAMILY}/{PERIOD}/a.csv"]) == 6


def test_append_receipts_writes_the_header_once(tmp_path):
    assert append_receipts(tmp_path, []) == 0 and not (tmp_path / "_receipts.csv").exists()
    assert append_receipts(tmp_path, [("f/2025S1/a.csv", "2025-07-03T01:00:00+00:00")]) == 1
    assert append_receipts(tmp_path, [("f/2025S1/b.csv", read_receipts(tmp_path)["f/2025S1/a.csv"])]) == 1
    assert (tmp_path / "_receipts.csv").read_text(encoding="utf-8").splitlines() == [
        "path,received_at", "f/2025S1/a.csv,2025-07-03T01:00:00+00:00", "f/2025S1/b.csv,2025-07-03T01:00:00+00:00"]


def test_the_receipts_log_is_parsed_once_while_unchanged_and_again_once_changed(tmp_path, monkeypatch):
    """Each family's asset reads the log in a run: it is parsed once while its stat stays the same, every change
    (an append, a rewrite of the same size, a replacement) is seen, and what a caller changes in the returned
    receipts reaches no other caller."""
    parsed: list[int] = []
    real_reader = landing_zone.csv.DictReader

    def counting_reader(*args, **kwargs):
        parsed.append(1)
        return real_reader(*args, **kwargs)

    monkeypatch.setattr(landing_zone.csv, "DictReader", counting_reader)
    append_receipts(tmp_path, [("f/2025S1/a.csv", "2025-07-03T01:00:00+00:00")])
    assert read_receipts(tmp_path) == read_receipts(tmp_path)  # within the racy window: parsed each time
    assert len(parsed) == 2
    settle()
    first = read_receipts(tmp_path)
    first["f/2025S1/x.csv"] = first["f/2025S1/a.csv"]
    assert set(read_receipts(tmp_path)) == {"f/2025S1/a.csv"} and len(parsed) == 3
    append_receipts(tmp_path, [("f/2025S1/b.csv", "2025-07-04T01:00:00+00:00")])
    settle()
    assert set(read_receipts(tmp_path)) == {"f/2025S1/a.csv", "f/2025S1/b.csv"} and len(parsed) == 4
    log = tmp_path / "_receipts.csv"
    rewrite_keeping_size_and_mtime(log, log.read_bytes().replace(b"b.csv", b"c.csv"))
    settle()
    assert set(read_receipts(tmp_path)) == {"f/2025S1/a.csv", "f/2025S1/c.csv"} and len(parsed) == 5
    replacement = tmp_path / "replacement.csv"
    replacement.write_bytes(log.read_bytes().replace(b"c.csv", b"d.csv"))
    os.replace(replacement, log)
    settle()
    assert set(read_receipts(tmp_path)) == {"f/2025S1/a.csv", "f/2025S1/d.csv"} and len(parsed) == 6


def test_one_look_at_the_landing_zone_serves_the_short_cut_and_the_run(loaded, hashed):
    """osh run looks once (scan_landing_zone) and hands that look to nothing_new and to the run."""
    from orchestration.nothing_new import scan_landing_zone

    scan = scan_landing_zone(loaded, [FAMILY])
    assert (scan.new, scan.files) == ({}, 2)
    assert nothing_new(loaded, [FAMILY], scan) == nothing_new(loaded, [FAMILY])
    assert nothing_new(loaded, [FAMILY], scan).startswith("nothing new: all 2 ")
    (loaded.raw_dir / FAMILY / "2024S1").mkdir()
    (loaded.raw_dir / FAMILY / "2024S1" / "c.csv").write_bytes(VALID.replace(b"4300100027", b"4300300017"))
    hashed.clear()
    scan = scan_landing_zone(loaded, [FAMILY])
    assert (scan.new, scan.files) == ({FAMILY: {"2024S1"}}, 3) and hashed == ["c.csv"]
    assert nothing_new(loaded, [FAMILY], scan) is None
    (loaded.raw_dir / FAMILY / "loose.csv").write_bytes(VALID)  # a new file outside any period folder
    assert scan_landing_zone(loaded, [FAMILY]).new is None  # cannot tell: the run goes over every period
