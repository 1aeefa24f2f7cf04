"""The dbt command line of a run, built by one pure function so that it can be tested alone."""

from __future__ import annotations

from collections.abc import Sequence


def dbt_build_args(
    *,
    select: Sequence[str] = (),
    exclude: Sequence[str] = (),
    full_refresh: bool = False,
    fail_fast: bool = False,
) -> list[str]:
    """Arguments of the one ``dbt build`` per run.

    No ``--vars``: changing them forces dbt to re-parse the whole project, so per-run values stay
    out of parse-time configuration. Seeds, models, unit and data tests all run in the one build.
    """
    args = ["build"]
    if select:
        args += ["--select", *select]
    if exclude:
        args += ["--exclude", *exclude]
    if full_refresh:
        args.append("--full-refresh")
    if fail_fast:
        args.append("--fail-fast")
    return args
