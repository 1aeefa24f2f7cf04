"""The dbt command line of a run, built by one pure function so that it can be tested alone."""

from __future__ import annotations

from collections.abc import Sequence

# The tests declared beside the reference seeds, tagged in dbt_project.yml, and only them. The seeds stay in
# the build (loading them is cheap; leaving them out would make dbt drop, by indirect selection, the models'
# relationship tests against them, and Dagster skip the publication that depends on them).
SEED_TEST_TAG = "reference_seed_test"
SEED_TESTS_SELECTOR = f"tag:{SEED_TEST_TAG}"


def dbt_build_args(
    *,
    select: Sequence[str] = (),
    exclude: Sequence[str] = (),
    full_refresh: bool = False,
    fail_fast: bool = False,
    unit_tests: bool = False,
    seed_tests: bool = True,
) -> list[str]:
    """Arguments of the one ``dbt build`` per run.

    No ``--vars``: changing them forces dbt to re-parse the whole project, so per-run values stay
    out of parse-time configuration. Seeds, models and data tests run in the one build; dbt unit tests
    check the SQL, not the data, so the nightly run leaves them out (dbt's own advice for production:
    they cost about a third of the build) and the test suite runs them (tests/e2e/test_dbt_unit_tests.py).
    With ``seed_tests=False`` the tests of the reference seeds are left out (they passed on the same files:
    orchestration/reference_state.py).
    """
    args = ["build"] if unit_tests else ["build", "--exclude-resource-type", "unit_test"]
    if select:
        args += ["--select", *select]
    exclude = [*exclude, *(() if seed_tests else (SEED_TESTS_SELECTOR,))]
    if exclude:
        args += ["--exclude", *exclude]
    if full_refresh:
        args.append("--full-refresh")
    if fail_fast:
        args.append("--fail-fast")
    return args
