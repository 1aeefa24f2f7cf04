"""The scanner finds what it looks for, wherever it is written, and nothing that merely looks like it."""

from __future__ import annotations

import base64
import json
import unicodedata

import duckdb
import xlsxwriter

from orchestration.ingest.pii import hash_national_ids
from orchestration.settings import SAMPLE_RAW_DIR
from tests.security.pii_scan import (
    NATIONAL_ID,
    Needles,
    sample_personal_data,
    scan_duckdb,
    scan_folder,
    scan_text,
    secret_forms,
)

NEEDLES = Needles(names={"Lý Thị Nga", "Y Hrin"}, national_ids={"051093004455", "05109000312"},
                  secrets=secret_forms("s3cret-key"))


def kinds(text: str) -> list[str]:
    return sorted(f.kind for f in scan_text(text, "t", NEEDLES))


def test_vietnamese_id_numbers_are_found_by_pattern_and_by_value():
    assert kinds("victim 051093004455 died") == ["national_id_pattern", "national_id_value"]
    assert kinds("CCCD:079203001122;") == ["national_id_pattern"]  # any province, not only the sample's
    assert kinds("malformed 05109000312 typed by a sender") == ["national_id_value"]
    assert [f.match for f in scan_text("051093004455", "t", NEEDLES)] == ["*********455"] * 2  # never in clear


def test_what_only_looks_like_an_id_is_not_found():
    import polars as pl

    digest = hash_national_ids(pl.Series(["051093004455"]), b"k")[0]
    not_ids = [
        digest, digest.upper(),  # keyed hashes: hex, digits between letters
        "20250703100000", "1732860000123", "2025-07-03T10:00:00.051093+07:00",  # timestamps
        "rate 0.051093004455 per worker", "row 123456789012", "tax code 4300100027",  # numbers, codes
        "097123456789", "000123456789",  # no province 097 or 000
        "*********455", "0510930044551",  # masked; 13 digits
        "3f2b1c4d-aaaa-4bbb-8ccc-051093004455",  # a UUID's last group (the one whitelist)
    ]
    for text in not_ids:
        assert NATIONAL_ID.search(text) is None or "-" in text, text
        assert [f for f in scan_text(text, "t", Needles()) if f.kind == "national_id_pattern"] == [], text


def test_names_are_found_in_any_case_normalisation_and_json_escape():
    assert kinds("nạn nhân Lý Thị Nga") == ["name"]
    assert kinds(unicodedata.normalize("NFD", "LÝ THỊ NGA")) == ["name"]
    assert kinds(json.dumps({"victim": "Lý Thị Nga"})) == ["name"]  # ASCII-only JSON, as Dagster stores it
    assert kinds("Y Hrin, 1990") == ["name"]
    assert kinds("Quy Hrinh; Lý Thị Ngan") == []  # whole words only


def test_secrets_are_found_in_every_form():
    raw = b"s3cret-key"
    for form in ("s3cret-key", raw.hex(), base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()):
        assert set(kinds(f"config: {form}")) == {"secret"}, form


def test_tables_views_and_workbooks_are_scanned(tmp_path):
    database = tmp_path / "x.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw; create table raw.t (a varchar, b int); insert into raw.t values ('ok', 1)")
        con.execute("create view raw.v as select 'Lý Thị Nga' as leaked")
        con.execute("create table raw.u (note varchar); insert into raw.u values ('id 051093004455')")
    assert sorted((f.where, f.kind) for f in scan_duckdb(database, NEEDLES)) == [
        ("x.duckdb: catalogue", "name"),  # the view's SQL
        ("x.duckdb: raw.u", "national_id_pattern"), ("x.duckdb: raw.u", "national_id_value"),
        ("x.duckdb: raw.v", "name"),
    ]
    (tmp_path / "out").mkdir()
    workbook = xlsxwriter.Workbook(str(tmp_path / "out" / "receipt.xlsx"))
    sheet = workbook.add_worksheet("Lỗi")
    sheet.write(0, 0, "Lý Thị Nga")
    workbook.close()
    with duckdb.connect() as con:  # Parquet compresses: only reading the rows finds the name
        con.execute(f"copy (select 'Lý Thị Nga ' || repeat('x', 10) as v from range(1000)) to "
                    f"'{tmp_path / 'out' / 'export.parquet'}' (format parquet, compression zstd)")
    found = {(f.where.split(" ")[0], f.kind) for f in scan_folder(tmp_path / "out", NEEDLES)}
    assert {("out/receipt.xlsx", "name"), ("out/export.parquet", "name")} <= found


def test_the_sample_gives_up_every_name_and_id_through_the_readers():
    names, ids = sample_personal_data(SAMPLE_RAW_DIR)
    assert len(names) >= 50 and len(ids) >= 50
    # victims written in raw/sample's accident registers (the generator's seed 31)
    assert {"Nguyễn Hải Minh", "Nguyễn Trí Khoa", "Phạm Phú Châu"} <= names
    assert {"051065731760", "051090632035"} <= ids
