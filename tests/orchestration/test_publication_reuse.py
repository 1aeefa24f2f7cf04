"""A publication starts from the previous version's file and syncs the monthly fact by file, only when both
descend from the same full build of the incremental models; whichever way, it holds the warehouse's rows."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration import publication
from orchestration.publication import PUBLISHED_SCHEMAS, _copy_schemas

FACT = "marts.fct_insured_workforce_monthly"


def make_warehouse(path: Path) -> None:
    with closing(duckdb.connect(str(path))) as con:
        for schema in (*PUBLISHED_SCHEMAS, "raw"):
            con.execute(f"create schema {schema}")
        con.execute(f"create table {FACT} as select * from (values ('a', 1), ('a', 2), ('b', 3)) t(file_sha256, n)")
        con.execute("create table marts.dim_employer as select 'x' as employer_tax_code")
        con.execute("create table indicators.ind_t1 as select 2024 as year, 1.5 as rate")
        con.execute("create table raw.incremental_build as select 'code' as fingerprint, "
                    "timestamptz '2026-11-30 01:00:00+00' as built_at")


def contents(path: Path) -> dict[str, list[tuple]]:
    with closing(duckdb.connect(str(path), read_only=True)) as con:
        names = con.execute("select schema_name, table_name from duckdb_tables() "
                            f"where schema_name in {PUBLISHED_SCHEMAS} order by 1, 2").fetchall()
        return {f"{s}.{t}": sorted(con.execute(f"select * from {s}.{t}").fetchall()) for s, t in names}


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = publication._sync_by_file

    def recording(con, name):
        calls.append(name)
        real(con, name)

    monkeypatch.setattr(publication, "_sync_by_file", recording)
    return calls


def publish_to(warehouse: Path, folder: Path, name: str, previous: Path | None) -> Path:
    version = folder / "versions" / name
    version.parent.mkdir(parents=True, exist_ok=True)
    _copy_schemas(warehouse, version, "run", datetime.now(UTC), previous)
    return version


def test_the_next_version_syncs_the_fact_by_file_and_copies_the_rest(tmp_path: Path, synced: list[str]):
    warehouse = tmp_path / "warehouse.duckdb"
    make_warehouse(warehouse)
    first = publish_to(warehouse, tmp_path, "v1.duckdb", None)
    assert contents(first) == contents(warehouse) and synced == []
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute(f"delete from {FACT} where file_sha256 = 'a'")  # superseded
        con.execute(f"insert into {FACT} values ('c', 4), ('c', 5)")  # arrived
        con.execute("create or replace table marts.dim_employer as select 'y' as employer_tax_code")
        con.execute("drop table indicators.ind_t1")
    second = publish_to(warehouse, tmp_path, "v2.duckdb", first)
    assert synced == ['marts."fct_insured_workforce_monthly"']
    assert contents(second) == contents(warehouse)
    assert contents(second)[FACT] == [("b", 3), ("c", 4), ("c", 5)]


def test_after_another_full_build_everything_is_copied(tmp_path: Path, synced: list[str]):
    warehouse = tmp_path / "warehouse.duckdb"
    make_warehouse(warehouse)
    first = publish_to(warehouse, tmp_path, "v1.duckdb", None)
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute("update raw.incremental_build set built_at = now()")  # a full refresh since
        con.execute(f"update {FACT} set n = n * 10")  # the same files' rows, built anew
    second = publish_to(warehouse, tmp_path, "v2.duckdb", first)
    assert synced == [] and contents(second) == contents(warehouse)


def test_a_previous_version_without_the_fact_or_with_other_columns_is_not_synced(tmp_path: Path, synced: list[str]):
    warehouse = tmp_path / "warehouse.duckdb"
    make_warehouse(warehouse)
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute(f"alter table {FACT} rename to kept")
    first = publish_to(warehouse, tmp_path, "v1.duckdb", None)
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute(f"alter table marts.kept rename to {FACT.split('.')[1]}")
    second = publish_to(warehouse, tmp_path, "v2.duckdb", first)
    assert synced == [] and contents(second) == contents(warehouse)
    with closing(duckdb.connect(str(warehouse))) as con:
        con.execute(f"alter table {FACT} add column extra integer")
    third = publish_to(warehouse, tmp_path, "v3.duckdb", second)
    assert synced == [] and contents(third) == contents(warehouse)
