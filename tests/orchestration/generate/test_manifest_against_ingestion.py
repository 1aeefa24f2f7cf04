"""Generate, ingest for real, and hold the warehouse to the manifest: every mistake caught by the rule it
names (recall), nothing else rejected (precision), every quirk loaded with the meant value."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from orchestration.generate.families import producers
from schemas.rules import all_rules

DATASETS = ("sample", "noisy")


@pytest.fixture(params=DATASETS)
def dataset(request):
    return request.getfixturevalue(request.param)


def test_every_injected_mistake_is_caught_by_the_rule_it_names(dataset):
    _, _, result = dataset
    assert result.expected_errors, "nothing was injected"
    assert sorted(result.missed) == []


def test_no_row_is_rejected_for_anything_but_an_injected_mistake(dataset):
    _, _, result = dataset
    assert sorted(result.unexpected) == []


def test_whole_file_mistakes_are_rejected_for_the_named_reason(dataset):
    _, _, result = dataset
    assert result.rejected_files == result.expected_rejected_files


def test_every_quirk_loads_with_the_meant_value(dataset):
    _, _, result = dataset
    assert result.normalised_checked > 0
    assert result.normalised_wrong == []


def test_clean_files_raise_no_warnings(dataset):
    _, _, result = dataset
    assert result.warnings_on_clean_rows == []


def test_the_noisy_run_exercises_every_kind_of_mistake(noisy):
    _, summary, _ = noisy
    generic = {"required", "invalid_value", "unknown_code", "unknown_commune", "tax_code_check_digit",
               "out_of_range", "period_matches_file", "sender_matches_submission", "duplicate_row",
               "wrong_family", "not_a_spreadsheet", "empty_file", "corrupt_xlsx"}
    assert generic <= set(summary.injected)
    declared = {m.rule for p in producers().values() for m in p.rules.cross}
    declared |= {p.rules.duplicate[0] for p in producers().values() if p.rules.duplicate}
    missing = declared - set(summary.injected)
    assert len(missing) <= len(declared) // 4, f"never injected: {sorted(missing)}"


def test_only_declared_rules_are_named(noisy):
    raw, _, _ = noisy
    reasons = {"wrong_family", "not_a_spreadsheet", "empty_file", "corrupt_xlsx", "normalised"}
    with (raw / "_manifest.csv").open(encoding="utf-8") as handle:
        named = {row["rule"] for row in csv.DictReader(handle)}
    assert named - reasons <= set(all_rules())


def test_every_family_is_written_and_every_file_has_a_receipt(sample):
    raw, summary, _ = sample
    assert set(summary.files) == set(producers())
    with (raw / "_receipts.csv").open(encoding="utf-8") as handle:
        receipts = {row["path"]: datetime.fromisoformat(row["received_at"]) for row in csv.DictReader(handle)}
    on_disk = {p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file() and not p.name.startswith("_")}
    assert on_disk == set(receipts)
    assert all(t.utcoffset() is not None for t in receipts.values())
