"""The landing zone never reads outside itself: symbolic links are refused, never followed; any file name works."""

from __future__ import annotations

import os
import shutil
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.file_check import UNREADABLE, check_file
from orchestration.ingest.landing_zone import LandingFile, file_sha256, scan_family, submitted_files
from orchestration.ingest.pipeline import ingest_files
from orchestration.ingest.readers import ReadLimits, UnreadableFileError, read_table
from orchestration.ingest.submission import read_submission
from schemas.registry import FAMILIES
from tests.conftest import TEST_ID_HASH_KEY
from tests.hostile.conftest import bounded, ingest, place
from tests.hostile.make_corpus import FAMILY, FILES, PERIOD
from tests.hostile.test_corpus import assert_clear_rejection

SECRET_ROWS = (FILES / "valid.csv").read_bytes()  # a valid register, so that following the link would load it


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the landing zone holding a file that would load if it were ever read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.csv").write_bytes(SECRET_ROWS)
    return folder


def test_a_symlink_to_a_file_outside_is_refused_and_never_followed(landing: Path, outside: Path) -> None:
    link = landing / FAMILY / PERIOD / "link.csv"
    link.symlink_to(outside / "secret.csv")
    assert file_sha256(link) != file_sha256(outside / "secret.csv")  # the checksum is the link's, not the target's
    ingested = ingest(landing)
    assert_clear_rejection(ingested.outcome("link.csv"), "symlink")
    assert ingested.query("select count(*) from raw.accident_cases") == [(0,)]


def test_a_symlink_to_a_file_inside_is_refused_too(landing: Path) -> None:
    place(landing, "valid.csv")
    (landing / FAMILY / PERIOD / "alias.csv").symlink_to("valid.csv")
    ingested = ingest(landing)
    assert ingested.outcome("valid.csv").rows_loaded == 3
    assert_clear_rejection(ingested.outcome("alias.csv"), "symlink")


def test_a_symlinked_period_folder_is_one_refused_entry(landing: Path, outside: Path) -> None:
    (landing / FAMILY / "2025S2").symlink_to(outside, target_is_directory=True)
    listed = [p.relative_to(landing).as_posix() for p in submitted_files(landing / FAMILY)]
    assert listed == ["accident_cases/2025S2"]  # its files are never listed, let alone read
    ingested = ingest(landing)
    [outcome] = ingested.result.outcomes
    assert outcome.source_file == "accident_cases/2025S2"
    assert_clear_rejection(outcome, "symlink")


def test_a_symlinked_family_folder_is_refused_whatever_the_periods(tmp_path: Path, outside: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (outside / PERIOD).mkdir()
    shutil.copyfile(outside / "secret.csv", outside / PERIOD / "secret.csv")
    (raw / FAMILY).symlink_to(outside, target_is_directory=True)
    for periods in (None, [PERIOD]):
        [entry] = scan_family(raw, FAMILY, periods=periods)
        assert entry.relative_path == FAMILY
    ingested = ingest(raw)
    assert_clear_rejection(ingested.result.outcomes[0], "symlink")


def test_a_file_under_a_linked_folder_is_refused_by_the_reader_path_check(landing: Path, outside: Path) -> None:
    """Even when handed a path through a linked folder (not from scan_family), the submission is refused."""
    (landing / FAMILY / "2025S2").symlink_to(outside, target_is_directory=True)
    path = landing / FAMILY / "2025S2" / "secret.csv"
    landing_file = LandingFile(path, f"{FAMILY}/2025S2/secret.csv", FAMILY, "2025S2", datetime.now(UTC), "x")
    with pytest.raises(UnreadableFileError) as info:
        read_submission(landing_file, FAMILIES[FAMILY], ReadLimits())
    assert info.value.reason == "symlink" and "accident_cases/2025S2" in info.value.message_en


def test_a_dangling_symlink_is_left_out(landing: Path, tmp_path: Path) -> None:
    (landing / FAMILY / PERIOD / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    assert scan_family(landing, FAMILY) == []


def test_osh_validate_refuses_a_symlink(tmp_path: Path, outside: Path) -> None:
    link = tmp_path / "accident_cases" / PERIOD / "link.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside / "secret.csv")
    for family in (None, FAMILY):
        result = check_file(link, family)
        assert result.status == UNREADABLE and "symbolic link" in result.message_en, result


def test_a_pipe_is_neither_listed_nor_waited_on(landing: Path) -> None:
    fifo = landing / FAMILY / PERIOD / "pipe.csv"
    os.mkfifo(fifo)
    assert scan_family(landing, FAMILY) == []
    with bounded(seconds=2, megabytes=50), pytest.raises(UnreadableFileError) as info:
        read_table(fifo)  # opened without blocking, refused before any read
    assert info.value.reason == "not_a_regular_file"


@pytest.mark.parametrize(
    "name",
    [
        "báo cáo tháng 7.xlsx",  # NFC, as typed on Windows
        unicodedata.normalize("NFD", "báo cáo tháng 7.xlsx"),  # NFD, as a Mac names it
        "x..\\..\\..\\tong hop.xlsx",  # backslashes are name characters here, not separators
        "x...xlsx",
        "-rf .xlsx",
        "tên\nhai dòng.xlsx",
    ],
    ids=["nfc", "nfd", "backslashes", "dots", "dash", "newline"],
)
def test_any_file_name_works_and_stays_inside(landing: Path, name: str) -> None:
    place(landing, name, (FILES / "báo cáo tháng 7.xlsx").read_bytes())
    ingested = ingest(landing)
    [outcome] = ingested.result.outcomes
    assert outcome.source_file == f"{FAMILY}/{PERIOD}/{name}"
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 3)
    assert ingested.query("select distinct _source_file from raw.accident_cases") == [(outcome.source_file,)]


def test_names_starting_with_a_dot_are_hidden_files_and_never_read(landing: Path) -> None:
    """As before: ".~lock.x.xlsx#" (LibreOffice), "._x.xlsx" (macOS), and so "..\\..\\x.xlsx" too."""
    for name in ("..\\..\\tong hop.xlsx", "...xlsx", ".~lock.báo cáo.xlsx#", "._báo cáo.xlsx"):
        place(landing, name, (FILES / "báo cáo tháng 7.xlsx").read_bytes())
    assert scan_family(landing, FAMILY) == []


def test_a_file_name_that_is_not_utf8_is_stored_escaped(landing: Path) -> None:
    """A name written by an old zip tool in Windows-1258 is bytes, not UTF-8: polars and DuckDB would
    refuse the text (and, in the registry, fail the whole batch); it is kept with \\xNN escapes."""
    folder = os.fsencode(landing / FAMILY / PERIOD)
    name = "báo_cáo".encode("cp1258") + b".csv"
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(SECRET_ROWS)
    ingested = ingest(landing)
    [outcome] = ingested.result.outcomes
    assert outcome.source_file == f"{FAMILY}/{PERIOD}/b\\xe1o_c\\xe1o.csv"
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 3)


@pytest.mark.parametrize("bad", ["..", "../outside", "a/b", "", "x\\..\\y"])
def test_folder_names_that_could_leave_the_landing_zone_are_refused(landing: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="not a folder name"):
        scan_family(landing, bad)
    with pytest.raises(ValueError, match="not a folder name"):
        scan_family(landing, FAMILY, periods=[bad])


def test_receipts_log_entries_pointing_outside_are_just_text(landing: Path, outside: Path) -> None:
    """The receipts log maps paths to times; a hostile path in it is never opened."""
    place(landing, "valid.csv")
    (landing / "_receipts.csv").write_text(
        f"path,received_at\n../outside/secret.csv,2025-07-01T08:00:00+07:00\n{outside}/secret.csv,2025-07-01T08:00:00+07:00\n"
        f"{FAMILY}/{PERIOD}/valid.csv,2025-07-02T08:00:00+07:00\n",
        encoding="utf-8",
    )
    [entry] = scan_family(landing, FAMILY)
    assert entry.received_at.isoformat() == "2025-07-02T01:00:00+00:00"


def test_a_file_gone_between_the_scan_and_the_read_is_rejected(landing: Path) -> None:
    gone = place(landing, "valid.csv")
    files = scan_family(landing, FAMILY)
    gone.unlink()  # the sender's tool replaced it, or an operator moved it
    with duckdb.connect(str(landing.parent / "wh.duckdb")) as con:
        [outcome] = ingest_files(con, FAMILIES[FAMILY], files, TEST_ID_HASH_KEY.encode()).outcomes
    assert (outcome.status, outcome.reason) == ("rejected", "unreadable_file")
    assert "cannot be opened (No such file or directory)" in outcome.message_en


@pytest.mark.parametrize(
    ("magic", "what"),
    [(b"%PDF-1.7", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff\xe0", "JPEG"), (b"GIF89a", "GIF"),
     (b"\x1f\x8b\x08", "gzip"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07\x00", "RAR"), (b"\x7fELF", "program")],
)
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_documents_and_images_named_csv_or_json(tmp_path: Path, magic: bytes, what: str, suffix: str) -> None:
    path = tmp_path / f"scan{suffix}"
    path.write_bytes(magic + bytes(range(256)) * 4)
    with pytest.raises(UnreadableFileError) as info:
        read_table(path)
    assert info.value.reason == "not_a_spreadsheet" and what in info.value.message_en


def test_submitted_files_come_in_the_order_of_the_sorted_paths(tmp_path):
    """submitted_files walks folders itself (sorting 66,000 Path objects took most of a scan): the same files as
    sorting rglob's paths, links to files and folders listed, dangling links and hidden or log files left out."""
    from orchestration.ingest.landing_zone import submitted_files

    root = tmp_path / "accident_cases"
    for folder in ("2025S1", "2025S1/sub", "2025S1-x", ".hidden_dir"):
        (root / folder).mkdir(parents=True)
    for name in ("2025S1/sub/c.csv", "2025S1/sub.csv", "2025S1/b.xlsx", "2025S1-x/a.csv", "2025S1/.~lock.csv",
                 "2025S1/_receipts.csv", ".hidden_dir/z.csv", "Z.csv"):
        (root / name).write_bytes(b"x")
    (root / "2025S1" / "to_file.csv").symlink_to(root / "Z.csv")
    (root / "2025S1" / "to_folder").symlink_to(root / "2025S1-x")
    (root / "2025S1" / "dangling.csv").symlink_to(root / "missing.csv")
    expected = [p for p in sorted(root.rglob("*"))
                if (p.is_file() or (p.is_symlink() and p.exists())) and not p.name.startswith((".", "_"))]
    assert submitted_files(root) == expected
    assert root / "2025S1" / "to_folder" in expected and root / ".hidden_dir" / "z.csv" in expected
