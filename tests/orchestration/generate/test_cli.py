from __future__ import annotations

from typer.testing import CliRunner

from orchestration.cli import app


def test_osh_generate_writes_a_sample_and_reports_counts(tmp_path):
    out = tmp_path / "raw"
    result = CliRunner().invoke(app, ["generate", "--scale", "sample", "--years", "2024-2025", "--seed", "3",
                                      "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "insured_workforce" in result.output and "total" in result.output
    assert (out / "_manifest.csv").exists() and (out / "_receipts.csv").exists()


def test_osh_generate_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "something").write_text("x")
    result = CliRunner().invoke(app, ["generate", "--out", str(tmp_path), "--workers", "1"])
    assert result.exit_code != 0
