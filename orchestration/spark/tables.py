"""Reading what dbt built on Spark, without Spark: its managed tables are Parquet folders.

dbt-spark creates every table as a managed Parquet table of the Hive metastore, stored under
``<OSH_SPARK_WAREHOUSE_DIR>/warehouse/<schema>.db/<table>/``. DuckDB reads those folders directly,
which serves two purposes:

- publication: after a Spark build, the published schemas (reference, marts, indicators) are copied
  into the DuckDB working warehouse, replacing the schemas whole in one transaction, and the usual
  publication step (orchestration.publication) serves them to analysts and BI tools unchanged;
- the parity test (tests/spark): Spark's indicator tables compared with the DuckDB build's.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import duckdb

from orchestration.publication import PUBLISHED_SCHEMAS

__all__ = ["PUBLISHED_SCHEMAS", "import_spark_tables", "spark_table_dirs", "spark_tables_dir"]


def spark_tables_dir(spark_warehouse_dir: Path | str) -> Path:
    """``spark.sql.warehouse.dir`` as profiles.yml sets it."""
    return Path(spark_warehouse_dir) / "warehouse"


def spark_table_dirs(spark_warehouse_dir: Path | str, schema: str) -> dict[str, Path]:
    """The tables of one Spark schema (database), by name: folders holding Parquet files."""
    folder = spark_tables_dir(spark_warehouse_dir) / f"{schema}.db"
    if not folder.is_dir():
        return {}
    return {
        table.name: table
        for table in sorted(folder.iterdir())
        if table.is_dir() and not table.name.startswith((".", "_")) and any(table.glob("*.parquet"))
    }


def parquet_glob(table_dir: Path) -> str:
    return str(table_dir / "*.parquet").replace("'", "''")


def import_spark_tables(
    spark_warehouse_dir: Path | str, duckdb_path: Path | str, schemas: tuple[str, ...] = PUBLISHED_SCHEMAS
) -> list[str]:
    """Replace ``schemas`` of the DuckDB warehouse with Spark's tables of the same names.

    Each schema is dropped and rebuilt from Spark's Parquet in one transaction: a reader sees the
    old tables or the new ones, and a table that no longer exists on Spark does not linger. Returns
    the tables copied (``schema.table``). A schema Spark does not have is an error, not an empty copy.
    """
    found = {schema: spark_table_dirs(spark_warehouse_dir, schema) for schema in schemas}
    missing = [schema for schema, tables in found.items() if not tables]
    if missing:
        raise FileNotFoundError(
            f"No Spark tables for schema(s) {', '.join(missing)} under {spark_tables_dir(spark_warehouse_dir)}"
        )
    copied = []
    with closing(duckdb.connect(str(duckdb_path))) as con:
        con.execute("begin transaction")
        try:
            for schema, tables in found.items():
                con.execute(f'drop schema if exists "{schema}" cascade')
                con.execute(f'create schema "{schema}"')
                for name, folder in tables.items():
                    con.execute(
                        f"create table \"{schema}\".\"{name}\" as select * from read_parquet('{parquet_glob(folder)}')"
                    )
                    copied.append(f"{schema}.{name}")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return copied
