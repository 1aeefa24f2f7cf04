"""The demo warehouse for every test in tests/reports: the bundled sample through the nightly job, ONCE.

One pipeline run (~30 s or more) serves the whole package: the fixture is package-scoped, so the test
modules here (review, browser, roll-up, exports, cookbook, docs) share it instead of each building one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestration.settings import SAMPLE_RAW_DIR
from tests.conftest import make_warehouse_env
from tests.e2e.test_full_materialisation import run_nightly_job


@pytest.fixture(scope="package")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Paths of a warehouse built from a copy of the bundled sample (all ten report families).

    ``make_warehouse_env`` gives the private paths and the test hash key; its landing zone (the e2e
    fixture: two families) is replaced by the bundled sample, so every section of the reports has data.
    The environment stays set while the package's tests run (dbt docs reads OSH_WAREHOUSE_PATH).
    """
    with pytest.MonkeyPatch.context() as monkeypatch:
        env = make_warehouse_env(tmp_path_factory.mktemp("reports_demo"), monkeypatch)
        shutil.rmtree(env["raw"])
        shutil.copytree(SAMPLE_RAW_DIR, env["raw"])
        run_nightly_job()
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
