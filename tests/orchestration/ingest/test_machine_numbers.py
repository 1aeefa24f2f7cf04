"""Numbers written by machines (XLSX numeric cells, JSON numbers) keep their decimals; typed text keeps VN rules."""

from __future__ import annotations

import json

import polars as pl
import xlsxwriter

from orchestration.ingest.parse import match_headers, to_typed
from orchestration.ingest.readers import read_table
from orchestration.ingest.submission import expected_headers
from schemas.insured_workforce import InsuredWorkforceReport

HEADERS = ["Mã cơ quan BHXH", "Tháng", "Mã số thuế đơn vị", "Mã xã/phường", "Ngành kinh tế (VSIC)",
           "Số lao động tham gia BHTNLĐ-BNN", "Quỹ tiền lương đóng BHXH"]


def typed(path) -> pl.DataFrame:
    table = read_table(path, expected_labels=expected_headers(InsuredWorkforceReport))
    return to_typed(table, InsuredWorkforceReport, match_headers(table.labels, InsuredWorkforceReport))


def test_xlsx_numeric_cells(tmp_path):
    path = tmp_path / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, ["BHXH51", "202507", "4300100027", "21034", "F", 1200, 1.404])  # numeric cells
    # Typed as text: Vietnamese grouping is read as such where it is unambiguous. A lone "1.404" text cell is
    # read as a decimal, like the numeric cell it almost always is (Excel in the vi-VN locale converts typed
    # "1.404" into the number 1404, so a text cell holding it is rare).
    sheet.write_row(2, 0, ["BHXH51", "202507", "4300200021", "21025", "C", "1.200", "1.404.500"])
    sheet.write_row(3, 0, ["BHXH51", "202507", "4300300033", "21040", "B", 12.5, 9000])  # 12.5 workers
    workbook.close()
    out = typed(path)
    assert out["payroll_million_vnd"].to_list() == [1.404, 1404500.0, 9000.0]
    assert out["insured_workers"].to_list() == [1200, 1200, None]
    assert out["_parse_failed"].to_list() == [[], [], ["insured_workers"]]


def test_json_numbers(tmp_path):
    path = tmp_path / "f.json"
    base = dict(zip(["fund_office_code", "period", "employer_tax_code", "employer_commune_code", "sector_code"],
                    ["BHXH51", "202507", "4300100027", "21034", "F"], strict=True))
    path.write_text(json.dumps([
        {**base, "insured_workers": 1200, "payroll_million_vnd": 1.404},
        {**base, "insured_workers": 1200.0, "payroll_million_vnd": 9000.0},
    ]), encoding="utf-8")
    out = typed(path)
    assert out["payroll_million_vnd"].to_list() == [1.404, 9000.0]
    assert out["insured_workers"].to_list() == [1200, 1200]
