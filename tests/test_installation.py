"""The installation the README's commands make: installed packages carry their bytecode.

Where Python may not write its bytecode cache (PYTHONDONTWRITEBYTECODE, as on this project's CI machine, or
a read-only venv), a package installed without bytecode is compiled from source by every process that
imports it: about 6.5 CPU-seconds for the Dagster definitions alone, in every run, dbt process and test
worker. pyproject.toml's ``[tool.uv] compile-bytecode`` makes uv compile them once, at install.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
from pathlib import Path

import pytest

# The packages whose import dominates a run's start-up (python -X importtime), by distribution and module.
HEAVY = {"dagster": "dagster", "dagster-dbt": "dagster_dbt", "dbt-core": "dbt.cli.main", "pandas": "pandas",
         "pandera": "pandera", "networkx": "networkx", "altair": "altair"}


def _installer(distribution: str) -> str:
    return (importlib.metadata.distribution(distribution).read_text("INSTALLER") or "").strip()


@pytest.mark.parametrize("distribution", sorted(HEAVY))
def test_installed_packages_carry_their_bytecode(distribution):
    if _installer(distribution) != "uv":
        pytest.skip(f"{distribution} was installed by {_installer(distribution) or 'an unknown installer'}, "
                    "not by the README's uv command")
    module = importlib.import_module(HEAVY[distribution])
    source = Path(module.__file__)
    compiled = Path(importlib.util.cache_from_source(str(source)))
    assert compiled.exists(), f"{source} has no bytecode ({compiled}): was uv's compile-bytecode setting lost?"
    assert compiled.stat().st_mtime >= source.stat().st_mtime
