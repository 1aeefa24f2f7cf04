"""No national ID number and no name of the raw sample is anywhere but in the landing zone.

One real run over the bundled sample (all ten families; conftest.scanned_run), then every place it
wrote is scanned for 12-digit IDs (by pattern and by value) and for every name in the sample's files
(tests/security/pii_scan.py says how). The landing zone itself is the positive control: the scanner
must find them there.
"""

from __future__ import annotations

import duckdb

from tests.figures import record
from tests.security.pii_scan import (
    duckdb_relations,
    files_under,
    scan_dagster_run,
    scan_duckdb,
    scan_file,
    scan_folder,
    serialised_run,
)


def report(findings) -> str:
    return "\n".join(sorted({str(f) for f in findings})[:50])


def test_the_scanner_finds_the_sample_in_the_landing_zone(scanned_run):
    needles = scanned_run.needles
    findings = scan_folder(scanned_run.raw, needles)
    found_kinds = {f.kind for f in findings}
    assert {"national_id_pattern", "national_id_value", "name"} <= found_kinds
    assert len(needles.names) >= 50 and len(needles.national_ids) >= 50
    print(f"run over the bundled sample: {scanned_run.run_seconds:.1f} s; {len(needles.names)} names and "
          f"{len(needles.national_ids)} ID values looked for")


def test_no_personal_data_in_any_table_or_view_of_the_working_warehouse(scanned_run):
    relations = duckdb_relations(scanned_run.warehouse)
    for required in ("raw.accident_cases", "raw.quarantine", "raw.validation_warnings", "raw.audit", "raw.files",
                     "marts.fct_accident_victims", "indicators.ind_t1_fatal_rate_yearly"):
        assert required in relations
    schemas = {r.split(".")[0] for r in relations}
    assert {"raw", "staging", "intermediate", "marts", "indicators", "reference"} <= schemas
    with duckdb.connect(str(scanned_run.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.quarantine").fetchone()[0] > 0  # something to scan
        assert con.execute("select count(*) from raw.audit").fetchone()[0] > 0
    findings = scan_duckdb(scanned_run.warehouse, scanned_run.needles)
    record("pii_places_scanned", len(relations), place="working warehouse: tables and views")
    record("pii_hits", len(findings), place="working warehouse")
    assert not findings, report(findings)


def test_no_personal_data_in_the_publications(scanned_run):
    published = sorted(p.name for p in scanned_run.published.rglob("*.duckdb"))
    assert "warehouse.duckdb" in published and "bi.duckdb" in published  # both tiers, served and versions
    findings = scan_folder(scanned_run.published, scanned_run.needles)
    record("pii_places_scanned", sum(len(duckdb_relations(p)) for p in files_under(scanned_run.published)
                                     if p.suffix == ".duckdb"), place="publications: tables and views")
    record("pii_hits", len(findings), place="publications")
    assert not findings, report(findings)


def test_no_personal_data_in_receipts_exports_and_command_output(scanned_run):
    assert len(scanned_run.receipts) >= 40  # one per submission of every period
    assert list((scanned_run.exports / "cli" / "validate").rglob("*.txt"))
    for folder in ("export/analysts", "export/bi", "report"):  # present once the CLI has the command
        output = scanned_run.exports / "cli" / f"{folder.replace('/', '_')}.txt"
        if output.exists():
            assert list((scanned_run.exports / folder).rglob("*.*")), output.read_text(encoding="utf-8")
    findings = scan_folder(scanned_run.exports, scanned_run.needles)
    record("pii_places_scanned", len(list(files_under(scanned_run.exports))), place="receipts, exports, CLI output")
    record("pii_hits", len(findings), place="receipts, exports, CLI output")
    assert not findings, report(findings)


def test_no_personal_data_in_the_dagster_event_log_and_run_metadata(scanned_run):
    events = serialised_run(scanned_run.instance, scanned_run.run_id)
    assert len(events) > 100
    labels = " ".join(label for label, _ in events)
    assert "ASSET_MATERIALIZATION" in labels and "ASSET_CHECK_EVALUATION" in labels
    findings = [f for run_id in (scanned_run.run_id, scanned_run.failed_run_id)
                for f in scan_dagster_run(scanned_run.instance, run_id, scanned_run.needles)]
    record("pii_places_scanned", len(events) + len(serialised_run(scanned_run.instance, scanned_run.failed_run_id)),
           place="Dagster events and run records")
    record("pii_hits", len(findings), place="Dagster event log and run metadata")
    assert not findings, report(findings)


def test_no_personal_data_in_the_logs(scanned_run):
    logs = [scanned_run.captured_output, scanned_run.captured_log]
    assert all(p.stat().st_size > 0 for p in logs)
    compute_logs = list((scanned_run.dagster_home / "storage").rglob("*.err"))
    assert compute_logs  # Dagster's captured stdout/stderr of the run
    assert scanned_run.dbt_targets  # dbt.log and run results of the run's dbt build
    findings = [f for p in logs for f in scan_file(p, scanned_run.needles)]
    findings += scan_folder(scanned_run.dagster_home, scanned_run.needles)
    findings += [f for target in scanned_run.dbt_targets for path in files_under(target)
                 if path.suffix in (".log", ".json", ".sql", ".txt")
                 for f in scan_file(path, scanned_run.needles)]
    record("pii_places_scanned", len(logs) + len(list(files_under(scanned_run.dagster_home)))
           + sum(1 for target in scanned_run.dbt_targets for _ in files_under(target)), place="logs")
    record("pii_hits", len(findings), place="logs")
    assert not findings, report(findings)
