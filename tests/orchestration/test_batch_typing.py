"""Files are typed a batch at once (orchestration.ingest.submission.type_submissions): what belongs to one file
must stay with that file — its period, sender, number rule, row numbers, rejection — and one file's failure
must not take the batch with it."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from orchestration.ingest import submission
from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import FamilyResult, ingest_files
from orchestration.ingest.validate import FILE
from schemas.registry import FAMILIES
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY

FAMILY = "insured_workforce"
HEADERS = ["Mã cơ quan BHXH", "Tháng", "Mã số thuế đơn vị", "Mã xã/phường", "Ngành kinh tế (VSIC)",
           "Số lao động tham gia BHTNLĐ-BNN", "Quỹ tiền lương đóng BHXH"]
TAX_CODES = ["4300100027", "4300200021", "4300300033", "4300400045"]


def write_csv(path: Path, rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, *rows])


def write_xlsx(path: Path, rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for i, row in enumerate([HEADERS, *rows]):
        sheet.write_row(i, 0, row)
    workbook.close()


def row(office: str, period: str, tax: str, workers, payroll) -> list:
    return [office, period, tax, "21034", "F", workers, payroll]


def ingest(raw: Path, tmp_path: Path, **kwargs) -> tuple[FamilyResult, duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    result = ingest_files(con, FAMILIES[FAMILY], scan_family(raw, FAMILY), TEST_ID_HASH_KEY.encode(), **kwargs)
    return result, con


def registry(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    cursor = con.execute("select * from raw.files")
    names = [d[0] for d in cursor.description]
    return {r["source_file"]: r for r in (dict(zip(names, values, strict=True)) for values in cursor.fetchall())}


def assert_rows_conserved(con: duckdb.DuckDBPyConnection) -> None:
    for entry in registry(con).values():
        assert entry["rows_read"] == entry["rows_loaded"] + entry["rows_rejected"], entry


def test_a_file_without_a_period_is_rejected_alone_and_each_file_keeps_its_period_and_sender(tmp_path):
    raw = tmp_path / "raw"
    # the batch's most frequent period and sender (202507, BHXH51) belong to the first file only
    write_csv(raw / FAMILY / "202507" / "july.csv",
              [row("BHXH51", "202507", tax, 100, "10") for tax in TAX_CODES[:3]])
    write_xlsx(raw / FAMILY / "inbox" / "august.xlsx", [row("BHXH52", "202508", TAX_CODES[0], 100, 10)])
    write_csv(raw / FAMILY / "inbox" / "undated.csv",
              [row("BHXH51", "không rõ", tax, 100, "10") for tax in TAX_CODES[:2]])
    result, con = ingest(raw, tmp_path)
    with con:
        files = registry(con)
        by_file = dict(con.execute(
            "select _source_file, list(distinct _file_period || ' ' || _sender_id) from raw.insured_workforce "
            "group by all").fetchall())
        reported = con.execute("select distinct source_file from raw.quarantine union all "
                               "select distinct source_file from raw.validation_warnings").fetchall()
        assert_rows_conserved(con)
    assert reported == []  # every row is valid; the rejected file's rows are not checked, only counted
    undated = files[f"{FAMILY}/inbox/undated.csv"]
    assert (undated["status"], undated["reason"], undated["rows_read"], undated["rows_rejected"]) == (
        "rejected", "no_period", 2, 2)
    assert "period cannot be determined" in undated["message_en"]
    july, august = files[f"{FAMILY}/202507/july.csv"], files[f"{FAMILY}/inbox/august.xlsx"]
    assert (july["status"], july["period"], july["sender_id"], july["rows_loaded"], july["file_format"]) == (
        "loaded", "202507", "BHXH51", 3, "csv")
    assert (august["status"], august["period"], august["sender_id"], august["rows_loaded"],
            august["file_format"]) == ("loaded", "202508", "BHXH52", 1, "xlsx")
    assert by_file == {f"{FAMILY}/202507/july.csv": ["202507 BHXH51"], f"{FAMILY}/inbox/august.xlsx": ["202508 BHXH52"]}
    assert [o.status for o in result.outcomes] == ["loaded", "loaded", "rejected"]  # in the order of the files


def test_xlsx_and_csv_in_one_batch_keep_their_own_number_rules(tmp_path):
    raw = tmp_path / "raw"
    # XLSX numeric cells: 1.404 is one and a bit, 12.5 workers is not a count
    write_xlsx(raw / FAMILY / "202507" / "a.xlsx",
               [row("BHXH51", "202507", TAX_CODES[0], 1200, 1.404), row("BHXH51", "202507", TAX_CODES[1], 12.5, 9)])
    # typed text: "1.404" is one thousand four hundred and four (Vietnamese thousands), for counts too
    write_csv(raw / FAMILY / "202507" / "b.csv",
              [row("BHXH52", "202507", TAX_CODES[0], "1.200", "1.404"),
               row("BHXH52", "202507", TAX_CODES[1], "12", "1,5")])
    _, con = ingest(raw, tmp_path)
    with con:
        stored = con.execute(
            "select _source_file, _row_number, insured_workers, payroll_million_vnd from raw.insured_workforce "
            "order by all").fetchall()
        quarantined = con.execute("select source_file, row_number, column_name, rule, value from raw.quarantine"
                                  ).fetchall()
        assert_rows_conserved(con)
    assert stored == [
        (f"{FAMILY}/202507/a.xlsx", 2, 1200, 1.404),
        (f"{FAMILY}/202507/b.csv", 2, 1200, 1404.0),
        (f"{FAMILY}/202507/b.csv", 3, 12, 1.5),
    ]
    assert quarantined == [(f"{FAMILY}/202507/a.xlsx", 3, "insured_workers", "invalid_value", "12.5")]


def test_row_numbers_and_quarantine_name_the_right_file(tmp_path):
    raw = tmp_path / "raw"
    first, second = zip(TAX_CODES, [5, 6, -7, 8], strict=True), zip(TAX_CODES, [9, -1, 3, 4], strict=True)
    write_csv(raw / FAMILY / "202507" / "first.csv", [row("BHXH51", "202507", t, n, "10") for t, n in first])
    write_xlsx(raw / FAMILY / "202507" / "second.xlsx", [row("BHXH52", "202507", t, n, 10) for t, n in second])
    write_csv(raw / FAMILY / "202507" / "third.csv", [row("BHXH53", "202507", TAX_CODES[0], "nhiều", "10")])
    _, con = ingest(raw, tmp_path)
    with con:
        quarantined = con.execute(
            "select q.source_file, q.row_number, q.column_name, q.value, q.file_sha256 = f.file_sha256 "
            "from raw.quarantine q join raw.files f using (source_file) order by all").fetchall()
        loaded = con.execute(
            "select _source_file, list(_row_number order by _row_number), list(insured_workers order by _row_number) "
            "from raw.insured_workforce group by all order by all").fetchall()
        files = registry(con)
        assert_rows_conserved(con)
    assert quarantined == [
        (f"{FAMILY}/202507/first.csv", 4, "insured_workers", "-7", True),
        (f"{FAMILY}/202507/second.xlsx", 3, "insured_workers", "-1", True),
        (f"{FAMILY}/202507/third.csv", 2, "insured_workers", "nhiều", True),
    ]
    assert loaded == [
        (f"{FAMILY}/202507/first.csv", [2, 3, 5], [5, 6, 8]),
        (f"{FAMILY}/202507/second.xlsx", [2, 4, 5], [9, 3, 4]),
    ]
    assert {name: (f["rows_read"], f["rows_loaded"], f["rows_rejected"]) for name, f in files.items()} == {
        f"{FAMILY}/202507/first.csv": (4, 3, 1),
        f"{FAMILY}/202507/second.xlsx": (4, 3, 1),
        f"{FAMILY}/202507/third.csv": (1, 0, 1),
    }


def test_a_crash_while_typing_a_batch_rejects_only_the_file_that_causes_it(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    for name, office in (("a.csv", "BHXH51"), ("b.csv", "BHXH52"), ("c.csv", "BHXH53")):
        write_csv(raw / FAMILY / "202507" / name, [row(office, "202507", tax, 10, "10") for tax in TAX_CODES[:2]])
    culprit = next(f.sha256 for f in scan_family(raw, FAMILY) if f.relative_path.endswith("b.csv"))
    real, calls = submission.type_text, []

    def crashing(frame, model, file_format=None):
        calls.append(frame[FILE].n_unique())
        if culprit in frame[FILE].to_list():
            raise MemoryError("simulated typing crash")
        return real(frame, model, file_format)

    monkeypatch.setattr(submission, "type_text", crashing)
    result, con = ingest(raw, tmp_path)
    with con:
        files = registry(con)
        loaded = dict(con.execute("select _source_file, count(*) from raw.insured_workforce group by all").fetchall())
        assert_rows_conserved(con)
    assert calls == [3, 1, 1, 1]  # the batch, then each file alone
    crashed = files[f"{FAMILY}/202507/b.csv"]
    assert (crashed["status"], crashed["reason"], crashed["rows_read"], crashed["rows_rejected"]) == (
        "rejected", "unexpected_error", 2, 2)
    assert "MemoryError: simulated typing crash" in crashed["message_en"]
    assert loaded == {f"{FAMILY}/202507/a.csv": 2, f"{FAMILY}/202507/c.csv": 2}
    assert result.count("loaded") == 2


def test_a_template_version_whose_rows_are_all_rejected_beside_another_that_loads(tmp_path):
    raw = tmp_path / "raw"
    write_csv(raw / FAMILY / "202507" / "new.csv", [row("BHXH51", "202507", TAX_CODES[0], 10, "10")])
    old = raw / FAMILY / "202307" / "old.csv"  # the 2024.1 form, its only row invalid
    old.parent.mkdir(parents=True)
    with old.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([
            ["Mã cơ quan BHXH", "Tháng", "Mã số thuế", "Mã xã/phường", "Ngành kinh tế (VSIC)",
             "Số lao động đóng BHTNLĐ-BNN"],
            ["BHXH51", "202307", TAX_CODES[0], "21034", "F", "-5"],
        ])
    _, con = ingest(raw, tmp_path)
    with con:
        files = {name: (f["template_version"], f["rows_loaded"], f["rows_rejected"])
                 for name, f in registry(con).items()}
        stored = con.execute("select _source_file, _template_version from raw.insured_workforce").fetchall()
    assert files == {f"{FAMILY}/202507/new.csv": ("2025.1", 1, 0), f"{FAMILY}/202307/old.csv": ("2024.1", 0, 1)}
    assert stored == [(f"{FAMILY}/202507/new.csv", "2025.1")]


def test_read_submission_raises_what_typing_its_file_raised(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write_csv(raw / FAMILY / "inbox" / "undated.csv", [row("BHXH51", "", TAX_CODES[0], 10, "10")])
    [landing] = scan_family(raw, FAMILY)
    with pytest.raises(submission.FileRejected) as info:
        submission.read_submission(landing, FAMILIES[FAMILY], submission.ReadLimits())
    assert info.value.reason == "no_period" and info.value.rows_read == 1


@pytest.mark.parametrize("family", ["accident_cases", "insured_workforce"])
def test_batch_boundaries_change_nothing(tmp_path, family):
    """A file typed in a batch of one and in a batch with all the others: the same rows, registry, quarantine."""
    tables = (f"raw.{family}", "raw.files", "raw.quarantine", "raw.validation_warnings")
    moments = {"_loaded_at", "processed_at", "recorded_at"}
    contents = []
    for batch_rows in (1, 10**9):
        with duckdb.connect(str(tmp_path / f"wh{batch_rows}.duckdb")) as con:
            ingest_files(con, FAMILIES[family], scan_family(FIXTURE_LANDING_ZONE, family), TEST_ID_HASH_KEY.encode(),
                         batch_rows=batch_rows)
            contents.append({
                table: sorted(map(repr, con.execute(
                    f"select * exclude ({', '.join(c for c in moments if c in columns)}) from {table}").fetchall()))
                for table in tables
                for columns in [[d[0] for d in con.execute(f"select * from {table} limit 0").description]]
            })
    assert contents[0] == contents[1]
    assert contents[0][f"raw.{family}"] and contents[0]["raw.quarantine"]
