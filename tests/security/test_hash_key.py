"""The ID-hash key is used, and never written: not in logs, Dagster metadata, run config or errors.

The run of conftest.scanned_run uses a distinctive key; everything it wrote is searched for the key
itself and for its hex and base64 forms.
"""

from __future__ import annotations

import duckdb
import polars as pl

from orchestration.ingest.pii import hash_national_ids
from orchestration.settings import MissingSecretError, load_settings
from tests.figures import record
from tests.security.conftest import CANARY_KEY
from tests.security.pii_scan import Needles, files_under, scan_dagster_run, scan_file, scan_folder, secret_forms

KEY_ONLY = Needles(secrets=secret_forms(CANARY_KEY), id_pattern=False)


def report(findings) -> str:
    return "\n".join(sorted({str(f) for f in findings}))


def test_the_run_hashed_with_the_key(scanned_run):
    expected = hash_national_ids(pl.Series(["051065731760"]), CANARY_KEY.encode())[0]
    with duckdb.connect(str(scanned_run.warehouse), read_only=True) as con:
        hashes = {r[0] for r in con.execute("select victim_id_hash from marts.fct_accident_victims").fetchall()}
    assert expected in hashes
    assert scanned_run.failed_steps  # the failing run failed, after hashing, with error messages to search


def test_the_key_is_in_no_file_the_runs_wrote(scanned_run):
    findings = []
    for folder in (scanned_run.published, scanned_run.exports, scanned_run.dagster_home,
                   scanned_run.failed_warehouse.parent):
        findings += scan_folder(folder, KEY_ONLY)
    findings += scan_file(scanned_run.warehouse, KEY_ONLY)
    findings += [f for target in scanned_run.dbt_targets for p in files_under(target) for f in scan_file(p, KEY_ONLY)]
    record("key_hits", len(findings), place="files written by the runs")
    assert not findings, report(findings)


def test_the_key_is_in_no_log_event_run_config_or_error_message(scanned_run):
    findings = [f for p in (scanned_run.captured_output, scanned_run.captured_log) for f in scan_file(p, KEY_ONLY)]
    for run_id in (scanned_run.run_id, scanned_run.failed_run_id):
        findings += scan_dagster_run(scanned_run.instance, run_id, KEY_ONLY)
    failures = [e for e in scanned_run.instance.all_logs(scanned_run.failed_run_id)
                if e.dagster_event and e.dagster_event.is_step_failure]
    assert failures and "No space left on device" in str(failures[0].dagster_event.step_failure_data.error)
    record("key_hits", len(findings), place="logs, Dagster events, run config, errors")
    assert not findings, report(findings)


def test_settings_never_show_the_key(monkeypatch, tmp_path):
    monkeypatch.setenv("OSH_ID_HASH_KEY", CANARY_KEY)
    settings = load_settings()
    assert settings.id_hash_key == CANARY_KEY.encode()
    for text in (repr(settings), str(settings)):
        assert CANARY_KEY not in text


def test_the_missing_key_error_says_what_to_do_without_a_value(monkeypatch, tmp_path):
    monkeypatch.delenv("OSH_ID_HASH_KEY", raising=False)
    monkeypatch.setenv("OSH_RAW_DIR", str(tmp_path))
    try:
        load_settings().id_hash_key  # noqa: B018
    except MissingSecretError as problem:
        assert "OSH_ID_HASH_KEY" in str(problem) and "docs/security.md" in str(problem)
    else:
        raise AssertionError("a landing zone other than the sample needs the key")
