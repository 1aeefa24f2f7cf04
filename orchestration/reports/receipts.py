"""Receipts for senders: what was accepted and what was rejected, row by row, in Vietnamese.

As DHIS2 and OSHA's Injury Tracking Application give their senders: one XLSX per submitted file of
a period, ready to send back to the enterprise, facility or fund.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import xlsxwriter

from schemas.registry import FAMILIES

ISSUE_COLUMNS = ("Dòng", "Cột", "Giá trị", "Quy tắc", "Nội dung", "Message (English)")


def write_receipts(warehouse_path: Path, period: str, out_dir: Path, timezone: str = "Asia/Ho_Chi_Minh") -> list[Path]:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        files = _records(con, period)
        written = []
        for record in files:
            issues = {
                severity: con.execute(
                    f"select row_number, header_vi, value, rule, message_vi, message_en from raw.{table} "
                    "where family = ? and file_sha256 = ? order by row_number, column_name, rule",
                    [record["family"], record["file_sha256"]],
                ).fetchall()
                for severity, table in (("error", "quarantine"), ("warning", "validation_warnings"))
            }
            path = out_dir / period / _file_name(record)
            _write_receipt(path, record, issues, ZoneInfo(timezone))
            written.append(path)
    return written


def _records(con: duckdb.DuckDBPyConnection, period: str) -> list[dict]:
    cursor = con.execute(
        """
        select f.family, f.file_sha256, f.source_file, f.sender_id, f.period, f.received_at, f.status,
               f.reason, f.message_vi, f.rows_read, f.rows_loaded, f.rows_rejected, f.rows_with_warnings,
               (
                   select min(g.received_at) from raw.files as g
                   where g.family = f.family and g.sender_id = f.sender_id and g.period = f.period
                     and g.status = 'loaded' and g.received_at > f.received_at
               ) as superseded_at
        from raw.files as f
        where f.period = ?
        order by f.family, f.sender_id, f.received_at
        """,
        [period],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _file_name(record: dict) -> str:
    """The sender ID as sent is free text ("../x", "a/b", "CON"): only letters, digits, "-" and "_" of it
    make the file name, so that a receipt is always written inside the period's folder."""
    sender = re.sub(r"[^0-9A-Za-z_-]+", "_", record["sender_id"] or "")[:64].strip("_") or "khong_ro_don_vi"
    return f"bien_nhan__{record['family']}__{sender}__{record['file_sha256'][:8]}.xlsx"


def _write_receipt(path: Path, record: dict, issues: dict[str, list[tuple]], tz: ZoneInfo) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    model = FAMILIES.get(record["family"])
    title = model.template.title_vi if model else record["family"]
    received = record["received_at"].astimezone(tz).strftime("%d/%m/%Y %H:%M")
    if record["status"] == "rejected":
        status = f"Không nhận được tệp: {record['message_vi']}"
    elif record["rows_rejected"]:
        status = "Đã nhận; một số dòng bị từ chối (xem trang «Lỗi»), đề nghị sửa và gửi lại cả tệp"
    else:
        status = "Đã nhận đầy đủ"
    if record["superseded_at"] is not None:
        later = record["superseded_at"].astimezone(tz).strftime("%d/%m/%Y %H:%M")
        status += f". Tệp này đã được thay thế bởi tệp nộp lúc {later}"
    # values come from senders' files: text that starts with "=" stays text, never a live formula or link
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    summary = workbook.add_worksheet("Biên nhận")
    summary.write(0, 0, "BIÊN NHẬN BÁO CÁO ATVSLĐ", workbook.add_format({"bold": True, "font_size": 14}))
    rows = [
        ("Mẫu báo cáo", f"{title} ({record['family']})"),
        ("Đơn vị gửi", record["sender_id"] or "không xác định"),
        ("Kỳ báo cáo", record["period"]),
        ("Tệp", record["source_file"]),
        ("Mã kiểm tra (SHA-256)", record["file_sha256"]),
        ("Thời điểm nhận", received),
        ("Kết quả", status),
        ("Số dòng đọc được", record["rows_read"]),
        ("Số dòng được nhận", record["rows_loaded"]),
        ("Số dòng bị từ chối", record["rows_rejected"]),
        ("Số dòng có cảnh báo", record["rows_with_warnings"]),
    ]
    for i, (label, value) in enumerate(rows, start=2):
        summary.write(i, 0, label, bold)
        summary.write(i, 1, value)
    summary.set_column(0, 0, 26)
    summary.set_column(1, 1, 90)
    for severity, sheet_name in (("error", "Lỗi"), ("warning", "Cảnh báo")):
        sheet = workbook.add_worksheet(sheet_name)
        sheet.write_row(0, 0, ISSUE_COLUMNS, head)
        for r, issue in enumerate(issues[severity], start=1):
            sheet.write_row(r, 0, ["" if v is None else v for v in issue])
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 3, 24)
        sheet.set_column(4, 5, 70)
    workbook.close()
