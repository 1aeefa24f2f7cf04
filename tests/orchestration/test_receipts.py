"""Receipts for senders: one XLSX per submission, in Vietnamese, with every rejected row and no clear IDs."""

from __future__ import annotations

import duckdb
import fastexcel
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import ingest_files
from schemas.registry import FAMILIES
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY


def sheet(path, name):
    frame = fastexcel.read_excel(str(path)).load_sheet(name, header_row=None, dtypes="string").to_polars()
    return frame.rename({c: f"column_{i}" for i, c in enumerate(frame.columns)})


def test_receipts_for_a_period(tmp_path, monkeypatch):
    warehouse = tmp_path / "wh.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        for family in ("accident_cases", "insured_workforce"):
            ingest_files(con, FAMILIES[family], scan_family(FIXTURE_LANDING_ZONE, family), TEST_ID_HASH_KEY.encode())
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(warehouse))
    result = CliRunner().invoke(app, ["receipts", "--period", "2024S2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    receipts = sorted((tmp_path / "out" / "2024S2").glob("*.xlsx"))
    assert [p.name.split("__")[2] for p in receipts] == ["4300300033", "4300500064", "4300500064"]

    superseded, correction = (p for p in receipts if "4300500064" in p.name)
    summaries = {p: dict(zip(*sheet(p, "Biên nhận").select("column_0", "column_1")
                               .drop_nulls().to_dict(as_series=False).values(), strict=True))
                 for p in (superseded, correction)}
    results = [s["Kết quả"] for s in summaries.values()]
    assert sum("đã được thay thế bởi tệp nộp lúc 20/01/2025 08:00" in r for r in results) == 1
    assert all(s["Số dòng được nhận"] == "1" for s in summaries.values())


def test_rejected_rows_are_listed_with_row_column_rule_and_masked_ids(tmp_path, monkeypatch):
    warehouse = tmp_path / "wh.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        ingest_files(con, FAMILIES["accident_cases"], scan_family(FIXTURE_LANDING_ZONE, "accident_cases"),
                     TEST_ID_HASH_KEY.encode())
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(warehouse))
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["receipts", "--period", "2025S1", "--out", str(out)]).exit_code == 0
    [receipt] = [p for p in (out / "2025S1").glob("*.xlsx") if "4300200021" in p.name]
    errors = sheet(receipt, "Lỗi").to_dicts()
    assert errors[0] == {"column_0": "Dòng", "column_1": "Cột", "column_2": "Giá trị", "column_3": "Quy tắc",
                         "column_4": "Nội dung", "column_5": "Message (English)"}
    assert [(e["column_0"], e["column_1"], e["column_3"]) for e in errors[1:]] == [
        ("3", "Mã xã/phường trụ sở", "unknown_commune"),
        ("4", "Số CCCD", "required"),
        ("5", "Mức độ thương tích", "unknown_code"),
        ("6", "Thời gian xảy ra", "invalid_value"),
    ]
    summary = sheet(receipt, "Biên nhận").to_dicts()
    assert {"column_0": "Số dòng bị từ chối", "column_1": "4"} in summary
    everything = " ".join(str(v) for row in summary + errors for v in row.values())
    assert "051093004455" not in everything  # the accepted row's ID is nowhere in clear
