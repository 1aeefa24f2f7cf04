"""The landing zone's bookkeeping: the receipts log, the manifest of injections, file and row counts."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

RECEIPTS = "_receipts.csv"  # as orchestration.ingest.landing_zone.RECEIPTS_LOG
MANIFEST = "_manifest.csv"
MANIFEST_COLUMNS = ("file", "row_number", "column", "rule", "injected_value", "expected_value")


@dataclass
class Record:
    """What one piece of work wrote: receipts, manifest lines, and counts per family."""

    receipts: list[tuple[str, str]] = field(default_factory=list)
    manifest: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    files: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)


class Ledger:
    """Appends receipts and manifest lines to their CSV files as work completes (in a fixed order)."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self._receipts = (out / RECEIPTS).open("w", encoding="utf-8", newline="")
        self._manifest = (out / MANIFEST).open("w", encoding="utf-8", newline="")
        self.receipts = csv.writer(self._receipts, lineterminator="\n")
        self.manifest = csv.writer(self._manifest, lineterminator="\n")
        self.receipts.writerow(("path", "received_at"))
        self.manifest.writerow(MANIFEST_COLUMNS)
        self.files: Counter = Counter()
        self.rows: Counter = Counter()
        self.injected: Counter = Counter()

    def write(self, record: Record) -> None:
        self.receipts.writerows(record.receipts)
        self.manifest.writerows(record.manifest)
        self.files.update(record.files)
        self.rows.update(record.rows)
        self.injected.update(record.injected)
        record.receipts.clear()
        record.manifest.clear()

    def close(self) -> None:
        self._receipts.close()
        self._manifest.close()


def read_manifest(out: Path) -> list[dict[str, str]]:
    with (out / MANIFEST).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
