from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.generate.profiles import Scale
from orchestration.generate.runner import GenerateConfig, Summary, generate
from tests.orchestration.generate.checking import Comparison, compare, ingest

YEARS = (2021, 2022, 2023, 2024, 2025)


def generated(root: Path, **overrides) -> tuple[Path, Summary]:
    settings = {"scale": Scale.SAMPLE, "years": YEARS, "seed": 31, "out": root / "raw"} | overrides
    config = GenerateConfig(**settings)
    return config.out, generate(config)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, Summary, Comparison]:
    """The committed sample's settings (seed 31, default rates), generated and ingested for real."""
    root = tmp_path_factory.mktemp("sample")
    raw, summary = generated(root)
    con = ingest(raw, root / "warehouse.duckdb")
    yield raw, summary, compare(raw, con)
    con.close()


@pytest.fixture(scope="module")
def noisy(tmp_path_factory) -> tuple[Path, Summary, Comparison]:
    """Many mistakes (half the rows, 20% of files) and quirks, to exercise every kind of injection."""
    root = tmp_path_factory.mktemp("noisy")
    raw, summary = generated(root, seed=5, error_rate=0.5, quirk_rate=0.3, file_error_rate=0.2)
    con = ingest(raw, root / "warehouse.duckdb")
    yield raw, summary, compare(raw, con)
    con.close()
