"""The committed ``raw/sample`` is the generator's output, byte for byte, so it cannot drift from the templates.

When a template, a code list or the generator changes, this test fails; regenerate the sample with

    rm -rf raw/sample && osh generate --scale sample --years 2023-2025 --seed 31 --out raw/sample
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from orchestration.cli import app

SAMPLE = Path(__file__).resolve().parents[3] / "raw" / "sample"
SAMPLE_SEED = "31"
SAMPLE_YEARS = "2023-2025"  # the plan's baseline year onwards: fewer periods, a shorter nightly run


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def test_the_committed_sample_is_what_the_generator_writes(tmp_path):
    out = tmp_path / "sample"
    result = CliRunner().invoke(app, ["generate", "--scale", "sample", "--years", SAMPLE_YEARS, "--seed", SAMPLE_SEED,
                                          "--out", str(out)])
    assert result.exit_code == 0, result.output

    committed, regenerated = checksums(SAMPLE), checksums(out)
    assert sorted(committed) == sorted(regenerated), "files added or missing: regenerate raw/sample (see docstring)"
    changed = [name for name in committed if committed[name] != regenerated[name]]
    assert changed == [], f"{len(changed)} files differ from the generator's output, e.g. {changed[:3]}"


def test_the_sample_carries_its_manifest_of_injected_mistakes():
    header = (SAMPLE / "_manifest.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "file,row_number,column,rule,injected_value,expected_value"
    assert (SAMPLE / "_receipts.csv").is_file()
