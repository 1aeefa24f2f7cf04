"""Documentation, blank templates and validation come from one definition and cannot disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest.file_check import CLEAN, check_file
from orchestration.ingest.readers import read_table
from orchestration.ingest.submission import expected_headers
from schemas.publish import publish_templates, render_markdown
from schemas.registry import FAMILIES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "templates"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_committed_documentation_is_what_the_template_generates(family):
    committed = DOCS / f"{family}.md"
    assert committed.exists(), "run `osh templates` and commit docs/templates"
    assert committed.read_text(encoding="utf-8") == render_markdown(FAMILIES[family]), (
        "docs/templates is stale: run `osh templates` and commit"
    )


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_blank_xlsx_has_every_header_and_validates_as_an_empty_submission(family, tmp_path):
    written = publish_templates(tmp_path)
    blank = tmp_path / "xlsx" / f"{family}.xlsx"
    assert blank in written
    model = FAMILIES[family]
    table = read_table(blank, expected_labels=expected_headers(model))
    assert [label.removesuffix(" *") for label in table.labels] == [s.header_vi for s in model.columns()]
    assert table.header_row == 4 and table.frame.height == 0
    # An empty submission is a valid one (an employer with no accident in the period).
    period_folder = tmp_path / family / {"half_year": "2025S1", "month": "202507", "year": "2025"}[
        model.template.period_type
    ]
    period_folder.mkdir(parents=True)
    submission = period_folder / blank.name
    submission.write_bytes(blank.read_bytes())
    assert check_file(submission).status == CLEAN


def test_documentation_lists_every_rule_of_the_template():
    text = render_markdown(FAMILIES["accident_cases"])
    for rule in ("required", "invalid_value", "unknown_code", "unknown_commune", "tax_code_check_digit",
                 "period_matches_file", "sender_matches_submission", "event_in_period", "duplicate_row",
                 "victim_age_plausible"):
        assert f"`{rule}`" in text
