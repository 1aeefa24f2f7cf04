"""docs/analysts.md cannot drift: it names every published table and dbt model, and quotes every query."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "analysts.md").read_text(encoding="utf-8")


def dbt_models(layer: str) -> set[str]:
    names = set()
    for path in (ROOT / "dbt_project" / "models" / layer).glob("*.yml"):
        names |= {m["name"] for m in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", [])}
    return names


def test_every_published_indicator_and_mart_is_described(demo_warehouse):
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        published = con.sql("select schema_name, table_name from duckdb_tables() "
                            "where schema_name in ('indicators', 'marts')").fetchall()
    missing = [f"{s}.{t}" for s, t in published if f"`{t}`" not in DOC]
    assert not missing, f"add these to docs/analysts.md: {missing}"
    # and nothing the doc names is gone from the publication
    named = set(re.findall(r"`((?:ind|fct|dim)_[a-z0-9_]+)`", DOC))
    assert named <= {t for _, t in published}


def test_every_dbt_indicator_and_mart_model_is_described():
    for layer in ("indicators", "marts"):
        models = dbt_models(layer)
        assert models
        assert not [m for m in models if f"`{m}`" not in DOC], layer


def test_every_cookbook_query_is_quoted_whole():
    for query in sorted((ROOT / "docs" / "cookbook").glob("*.sql")):
        assert query.read_text(encoding="utf-8").strip() in DOC, query.name
        assert f"cookbook/{query.name}" in DOC


def test_the_connection_recipes_are_there():
    for tool in ("DuckDB CLI", "Python", "DBeaver", "Apache Superset", "Metabase", "Excel", "Power BI"):
        assert tool in DOC
