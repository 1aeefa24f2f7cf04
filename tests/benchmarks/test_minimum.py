"""The minimum (benchmarks/minimum.py): every file's cells land, nothing lost or added."""

from __future__ import annotations

import json
import unicodedata

import duckdb
import xlsxwriter

from benchmarks.minimum import by_family, land, main, text_frame
from orchestration.generate.writers import cp1258_text


def _zone(root):
    (root / "accident_cases" / "2025").mkdir(parents=True)
    (root / "insured_workforce" / "202501").mkdir(parents=True)
    (root / "accident_cases" / "2025" / "a.csv").write_text(
        "Mã số thuế,Họ và tên\n0100109106,Nguyễn Văn Ả\n0100109107,Trần Thị Bích\n", encoding="utf-8")
    (root / "accident_cases" / "2025" / "b.csv").write_bytes(
        cp1258_text("Mã số thuế;Ghi chú\n0100109108;Tai nạn\n").encode("cp1258"))
    book = xlsxwriter.Workbook(root / "insured_workforce" / "202501" / "c.xlsx")
    sheet = book.add_worksheet()
    for r, row in enumerate([["Mã số thuế", "Số lao động"], ["0100109106", 12], ["0100109107", 3]]):
        sheet.write_row(r, 0, row)
    book.close()
    (root / "insured_workforce" / "202501" / "d.json").write_text(
        json.dumps([{"ma_so_thue": "0100109109", "so_lao_dong": 7}]), encoding="utf-8")
    (root / "insured_workforce" / "202501" / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return ["accident_cases/2025/a.csv", "accident_cases/2025/b.csv", "insured_workforce/202501/c.xlsx",
            "insured_workforce/202501/d.json", "insured_workforce/202501/broken.xlsx"]


def test_each_format_reads_to_text(tmp_path):
    files = _zone(tmp_path)
    reader = duckdb.connect()
    cp1258 = text_frame(tmp_path / files[1], reader)  # decoded as the codec gives it: tone marks apart
    assert [tuple(unicodedata.normalize("NFC", cell) for cell in row) for row in cp1258.rows()] == [
        ("Mã số thuế", "Ghi chú"), ("0100109108", "Tai nạn")]
    xlsx = text_frame(tmp_path / files[2], reader)
    assert xlsx.columns == ["c0", "c1"] and xlsx.height == 3 and xlsx["c0"][2] == "0100109107"
    assert text_frame(tmp_path / files[3], reader).rows() == [("0100109109", "7")]
    assert text_frame(tmp_path / files[4], reader) is None


def test_every_row_is_landed(tmp_path):
    files = _zone(tmp_path / "zone")
    result = land(by_family(tmp_path / "zone", files), tmp_path / "work")
    # header rows are rows like the others: 3 + 2 (CSV), 3 (XLSX) + 1 (JSON); the broken upload is counted apart
    assert result["rows_read"] == result["rows_landed"] == 9
    assert result["tables"] == 2 and result["files"] == 5 and result["unreadable"] == 1
    assert set(result["stages_seconds"]) == {"read", "land"}
    with duckdb.connect(str(tmp_path / "work" / "minimum.duckdb"), read_only=True) as con:
        cells = con.execute("SELECT c1 FROM accident_cases").fetchall()
        names = [unicodedata.normalize("NFC", name) for (name,) in cells]
        assert "Nguyễn Văn Ả" in names and "Tai nạn" in names
        assert con.execute("SELECT count(*) FROM insured_workforce").fetchone()[0] == 4


def test_the_command_prints_its_figures_and_leaves_no_warehouse(tmp_path, capsys, monkeypatch):
    files = _zone(tmp_path / "zone")
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps({"root": str(tmp_path / "zone"), "files": files}), encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["minimum", str(listing), str(tmp_path / "work")])
    main()
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["rows_landed"] == 9 and printed["seconds"] > 0
    assert not list((tmp_path / "work").glob("*.duckdb"))


def test_a_batch_ends_after_so_many_files_as_well_as_rows(tmp_path):
    files = _zone(tmp_path / "zone")
    # accident_cases: 2 readable files; insured_workforce: 2 readable (and the broken one, which holds nothing)
    by_files = land(by_family(tmp_path / "zone", files), tmp_path / "by_files", batch_files=1)
    assert by_files["inserts"] == 4 and by_files["rows_landed"] == 9
    by_rows = land(by_family(tmp_path / "zone", files), tmp_path / "by_rows", batch_rows=3)
    assert by_rows["inserts"] == 4 and by_rows["rows_landed"] == 9  # 3 | 2 (its last file); 3 | 1 (then the broken)
    once = land(by_family(tmp_path / "zone", files), tmp_path / "once")
    assert once["inserts"] == 2 and once["rows_landed"] == 9  # one batch a family
