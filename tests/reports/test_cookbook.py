"""Every cookbook query of docs/analysts.md runs against the demo warehouse and returns what it promises."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "cookbook"
QUERIES = sorted(COOKBOOK.glob("*.sql"))


def promised_columns(sql: str) -> list[str]:
    match = re.search(r"^-- Columns: (.+)$", sql, re.MULTILINE)
    assert match, "every cookbook query states the columns it returns"
    return [c.strip() for c in match.group(1).split(",")]


def test_the_cookbook_has_the_questions_the_plan_asks():
    names = {q.stem for q in QUERIES}
    assert len(QUERIES) >= 8
    assert {"01_communes_missing_t1", "02_deaths_by_sector_and_cause", "03_employers_not_reported_half_year"} <= names
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+", n) for n in names)


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_cookbook_query(demo_warehouse, query):
    sql = query.read_text(encoding="utf-8")
    assert re.search(r"^-- Question: .+ / .+$", sql, re.MULTILINE), "the question in English and Vietnamese"
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        relation = con.sql(sql)
        columns, rows = relation.columns, relation.fetchall()
    assert columns == promised_columns(sql)
    assert rows, "the demo data answers every question"
