"""Ingest a generated landing zone for real and compare what the warehouse did with the manifest."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from orchestration.generate.families import producers
from orchestration.generate.output import read_manifest
from orchestration.generate.render import canonical
from orchestration.ingest.landing_zone import read_receipts, scan_family
from orchestration.ingest.pii import hash_national_ids
from orchestration.ingest.pipeline import ingest_files

KEY = b"test"
FILE_REASONS = frozenset({"wrong_family", "not_a_spreadsheet", "empty_file", "corrupt_xlsx"})


@dataclass
class Comparison:
    expected_errors: set[tuple[str, int, str, str]] = field(default_factory=set)
    caught_errors: set[tuple[str, int, str, str]] = field(default_factory=set)
    expected_rejected_files: set[tuple[str, str]] = field(default_factory=set)
    rejected_files: set[tuple[str, str]] = field(default_factory=set)
    normalised_checked: int = 0
    normalised_wrong: list[tuple] = field(default_factory=list)
    warnings_on_clean_rows: list[tuple] = field(default_factory=list)

    @property
    def missed(self) -> set:
        return self.expected_errors - self.caught_errors

    @property
    def unexpected(self) -> set:
        return self.caught_errors - self.expected_errors


def ingest(raw: Path, database: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(database))
    receipts = read_receipts(raw)
    for family, producer in producers().items():
        ingest_files(con, producer.model, scan_family(raw, family, receipts), KEY)
    return con


def compare(raw: Path, con: duckdb.DuckDBPyConnection) -> Comparison:
    result = Comparison()
    manifest = read_manifest(raw)
    injected_rows: set[tuple[str, int]] = set()
    injected_files: set[str] = set()
    normalised: list[dict] = []
    for m in manifest:
        if m["rule"] in FILE_REASONS:
            result.expected_rejected_files.add((m["file"], m["rule"]))
        elif m["rule"] == "normalised":
            if m["column"]:
                normalised.append(m)
        else:
            result.expected_errors.add((m["file"], int(m["row_number"]), m["column"], m["rule"]))
            injected_files.add(m["file"])
        if m["row_number"] and m["column"]:
            injected_rows.add((m["file"], int(m["row_number"])))
    result.rejected_files = set(con.execute(
        "select source_file, reason from raw.files where status = 'rejected'").fetchall())
    result.caught_errors = set(con.execute(
        "select source_file, row_number, column_name, rule from raw.quarantine").fetchall())
    warnings = con.execute("select source_file, row_number, column_name, rule from raw.validation_warnings").fetchall()
    # a mistake may unbalance a file-level sum, which warns on another row of that file: allowed
    result.warnings_on_clean_rows = [w for w in warnings if (w[0], w[1]) not in injected_rows
                                     and w[0] not in injected_files]
    _check_normalised(con, normalised, result)
    return result


def _check_normalised(con: duckdb.DuckDBPyConnection, entries: list[dict], result: Comparison) -> None:
    by_family: dict[str, list[dict]] = defaultdict(list)
    for m in entries:
        by_family[m["file"].split("/")[0]].append(m)
    for family, items in by_family.items():
        model = producers()[family].model
        specs = {s.name: s for s in model.columns()}
        cursor = con.execute(f"select * from raw.{family}")
        names = [d[0] for d in cursor.description]
        index = {(r["_source_file"], r["_row_number"]): r for r in (dict(zip(names, v, strict=True))
                                                                    for v in cursor.fetchall())}
        for m in items:
            spec = specs[m["column"]]
            row = index.get((m["file"], int(m["row_number"])))
            if row is None:
                result.normalised_wrong.append((m["file"], m["row_number"], m["column"], "row not loaded"))
                continue
            if spec.kind == "national_id":
                expected = hash_national_ids(pl.Series([m["expected_value"]]), KEY)[0]
                got = row[f"{spec.name}_hash"]
            else:
                expected, got = m["expected_value"], canonical(spec.kind, row[spec.name])
            result.normalised_checked += 1
            if got != expected:
                result.normalised_wrong.append((m["file"], m["row_number"], m["column"], m["injected_value"],
                                                expected, got))
