from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURE_LANDING_ZONE = Path(__file__).parent / "fixtures" / "landing_zone"
TEST_ID_HASH_KEY = "test-key-for-the-test-suite-only"

# How pytest-xdist (pyproject's addopts: -n auto) shares the tests between its workers. Tests that share a
# session-scoped build are one unit, so that it is made once: security (``scanned_run``), and the README's
# main job twice over (``sample_build``, ``second_sample_build``: the bundled-sample tests, the operations
# tests, the reports' demo warehouse). Any other module is a unit of its own (--dist loadscope).
SHARED_BUILD_UNITS = {
    "tests/security/": "security",
    "tests/e2e/test_bundled_sample.py": "sample builds",
    "tests/e2e/test_operations.py": "sample builds",
    "tests/reports/": "sample builds",
}
# The longest units start first (CI's durations on two workers, in minutes: the soak 8, the incremental
# nights 7, the sample builds' unit about 8, security 4): handed out last, the soak once kept one worker busy
# for five minutes after the other had finished.
LONGEST_FIRST = ("tests/e2e/test_soak.py", "tests/e2e/test_incremental_build.py", "tests/e2e/test_bundled_sample.py",
                 "tests/e2e/test_operations.py", "tests/reports/", "tests/security/",
                 "tests/e2e/test_full_materialisation.py", "tests/e2e/test_period_locks.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: the order within each unit is kept


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedBuildScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            unit = next((u for prefix, u in SHARED_BUILD_UNITS.items() if nodeid.startswith(prefix)), None)
            return unit or super()._split_scope(nodeid)

    return SharedBuildScheduling(config, log)


def make_warehouse_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, landing_zone: bool = True) -> dict[str, Path]:
    """A private landing zone (a copy of the fixture), warehouse and Dagster home."""
    paths = warehouse_paths(tmp_path)
    if landing_zone:
        shutil.copytree(FIXTURE_LANDING_ZONE, paths["raw"])
    monkeypatch.setenv("OSH_RAW_DIR", str(paths["raw"]))
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(paths["warehouse"]))
    monkeypatch.setenv("OSH_ID_HASH_KEY", TEST_ID_HASH_KEY)
    monkeypatch.setenv("DAGSTER_HOME", str(paths["dagster_home"]))
    monkeypatch.setenv("OSH_PUBLISH_DIR", str(paths["published"]))
    return paths


def warehouse_paths(root: Path) -> dict[str, Path]:
    return {"raw": root / "raw", "warehouse": root / "warehouse.duckdb", "dagster_home": root / "dagster_home",
            "published": root / "published"}


@pytest.fixture
def warehouse_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    return make_warehouse_env(tmp_path, monkeypatch)


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """ONE nightly run over the fixture landing zone, for the whole session: its folder and run result.

    Never modified: tests that go on from a built warehouse take a copy (``built_env``); read-only
    tests may read it directly. One run costs about a minute on CI's two cores; nine tests started
    with their own. It is built where every ``built_env`` works (``built_env_folder``) and kept elsewhere,
    so that the dbt parse it leaves is valid for each copy (dbt reuses a parse only for the warehouse
    path it was made with: a full parse costs about 10 s of each run on a new path).
    """
    from tests.e2e.test_full_materialisation import run_nightly_job

    work = built_env_folder(tmp_path_factory)
    with pytest.MonkeyPatch.context() as monkeypatch:  # the environment is restored before any test runs
        make_warehouse_env(work, monkeypatch)
        result = run_nightly_job()
    root = tmp_path_factory.mktemp("fixture_build")
    copy_keeping_hard_links(work, root)
    shutil.rmtree(work)
    return root, result


def built_env_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "built_env"


@pytest.fixture
def built_env(fixture_build: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory,
              monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """``warehouse_env`` after one nightly run over its landing zone: a private copy of ``fixture_build``
    (landing zone, warehouse, dbt parse and artifacts, publication with its hard links), always in the
    same folder (the test before's copy is removed first), the one ``fixture_build`` was built in."""
    work = built_env_folder(tmp_path_factory)
    shutil.rmtree(work, ignore_errors=True)
    copy_keeping_hard_links(fixture_build[0], work)
    return make_warehouse_env(work, monkeypatch, landing_zone=False)


def build_bundled_sample(root: Path) -> dict[str, Path]:
    """The README's main job in ``root``: the embedded default (the bundled sample, read in place, hashed
    with the demo key), a new warehouse, publication and Dagster home. The environment is restored after."""
    from orchestration.settings import DEMO_ID_HASH_KEY, SAMPLE_RAW_DIR, load_settings
    from tests.e2e.test_full_materialisation import run_nightly_job

    paths = {**warehouse_paths(root), "raw": SAMPLE_RAW_DIR}
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_embedded_default(paths, monkeypatch)
        settings = load_settings()
        assert settings.raw_dir == SAMPLE_RAW_DIR and settings.id_hash_key == DEMO_ID_HASH_KEY.encode()
        run_nightly_job()
    return paths


def use_embedded_default(paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of the README's main job (no landing zone, no key: the bundled sample and the demo
    key), with the warehouse, publication and Dagster home at ``paths``."""
    monkeypatch.delenv("OSH_RAW_DIR", raising=False)
    monkeypatch.delenv("OSH_ID_HASH_KEY", raising=False)
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(paths["warehouse"]))
    monkeypatch.setenv("OSH_PUBLISH_DIR", str(paths["published"]))
    monkeypatch.setenv("DAGSTER_HOME", str(paths["dagster_home"]))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """ONE run of the README's main job for the whole session (``build_bundled_sample``). Never modified."""
    return build_bundled_sample(tmp_path_factory.mktemp("sample_build"))


@pytest.fixture(scope="session")
def second_sample_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A second, independent run of the main job in its own folders: the reports' demo warehouse, and the
    other half of the test that two runs over the same inputs give the same tables."""
    return build_bundled_sample(tmp_path_factory.mktemp("second_sample_build"))


def copy_keeping_hard_links(source: Path, target: Path) -> None:
    """Copy a folder; files that are hard links of each other in ``source`` are so in ``target`` too
    (the served publication is a hard link of one of its versions). The writer lock file is not copied."""
    first_copy: dict[tuple[int, int], Path] = {}
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir() and not path.is_symlink():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        if path.name.endswith(".lock"):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        stat = path.lstat()
        seen = first_copy.get((stat.st_dev, stat.st_ino))
        if seen is not None:
            os.link(seen, destination)
        else:
            shutil.copy2(path, destination, follow_symlinks=False)
            first_copy[(stat.st_dev, stat.st_ino)] = destination
