"""The demo warehouse for every test in tests/reports: the bundled sample through the nightly job, ONCE.

One pipeline run (~45 s on CI) serves the whole package and the determinism test of tests/e2e: the
session's ``second_sample_build``, so the test modules here (review, browser, roll-up, exports, cookbook,
docs) share it instead of each building one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import use_embedded_default


@pytest.fixture(scope="package")
def demo_warehouse(second_sample_build: dict[str, Path]) -> dict[str, Path]:
    """Paths of a warehouse built from the bundled sample (all ten report families), by the README's main
    job (``tests/conftest.py``: ``second_sample_build``), so every section of the reports has data.
    Its environment stays set while the package's tests run (dbt docs reads OSH_WAREHOUSE_PATH).
    """
    env = dict(second_sample_build)
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_embedded_default(env, monkeypatch)
        env["served"] = env["published"] / "warehouse.duckdb"
        env["bi"] = env["published"] / "bi.duckdb"
        yield env


@pytest.fixture(scope="package")
def review_pages(demo_warehouse: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The annual (2025) and half-year (2025S1) reviews of the demo publication, both languages."""
    from orchestration.reports.review import write_review

    out = tmp_path_factory.mktemp("review_pages")
    pages = {}
    for period in ("2025", "2025S1"):
        vi, en = write_review(demo_warehouse["served"], period, out)
        pages[f"{period}_vi"], pages[f"{period}_en"] = vi, en
    return pages
