"""Which engine builds the warehouse, and where the Spark target keeps its files.

One environment variable chooses the engine for everything: ``OSH_ENGINE=duckdb`` (default) or
``spark``. dbt's profiles.yml selects its output by the same variable, and the Dagster code location
adds the Parquet export of the raw layer when it is ``spark``. Ingestion writes the DuckDB working
warehouse in both cases (pandera, the file registry, the writer lock); on Spark the validated raw
layer is then exported to Parquet, and dbt builds staging → indicators on Spark over it.

    OSH_ENGINE               duckdb | spark
    OSH_SPARK_WAREHOUSE_DIR  data/spark: Spark's tables (warehouse/), its Hive metastore (metastore_db/)
    OSH_RAW_PARQUET_DIR      <OSH_SPARK_WAREHOUSE_DIR>/raw: the raw layer as Parquet, one folder per table
                             (on a cluster: an object-storage URI, e.g. s3a://osh-raw/raw)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import PROJECT_DIR

ENGINES = ("duckdb", "spark")
DEFAULT_ENGINE = "duckdb"


class UnknownEngineError(ValueError):
    """OSH_ENGINE names an engine this project does not build on."""


def engine_name(environ: dict[str, str] | None = None) -> str:
    """``duckdb`` or ``spark`` from OSH_ENGINE (OSH_DBT_TARGET, its former name, when it is unset)."""
    env = os.environ if environ is None else environ
    value = (env.get("OSH_ENGINE") or env.get("OSH_DBT_TARGET") or DEFAULT_ENGINE).strip().lower()
    if value not in ENGINES:
        raise UnknownEngineError(f"OSH_ENGINE={value!r}: expected one of {', '.join(ENGINES)}")
    return value


def is_spark(environ: dict[str, str] | None = None) -> bool:
    return engine_name(environ) == "spark"


@dataclass(frozen=True)
class SparkPaths:
    warehouse_dir: Path  # OSH_SPARK_WAREHOUSE_DIR
    raw_parquet_dir: str  # OSH_RAW_PARQUET_DIR: a local folder, or an object-storage URI on a cluster

    @property
    def raw_parquet_is_local(self) -> bool:
        return "://" not in self.raw_parquet_dir

    def dbt_environment(self) -> dict[str, str]:
        """The variables profiles.yml and the raw-layer macro read, as absolute paths."""
        return {"OSH_SPARK_WAREHOUSE_DIR": str(self.warehouse_dir), "OSH_RAW_PARQUET_DIR": self.raw_parquet_dir}


def spark_paths(environ: dict[str, str] | None = None) -> SparkPaths:
    env = os.environ if environ is None else environ
    value = env.get("OSH_SPARK_WAREHOUSE_DIR")
    warehouse_dir = Path(value).expanduser().resolve() if value else PROJECT_DIR / "data" / "spark"
    raw = env.get("OSH_RAW_PARQUET_DIR") or str(warehouse_dir / "raw")
    if "://" not in raw:
        raw = str(Path(raw).expanduser().resolve())
    return SparkPaths(warehouse_dir=warehouse_dir, raw_parquet_dir=raw)


def apply_spark_environment(environ: dict[str, str] | None = None) -> SparkPaths:
    """Pin the Spark paths as absolute values in this process's environment (dbt runs as a child).

    profiles.yml's fallbacks are relative to dbt_project/; setting the absolute paths here means dbt,
    Spark and the export agree whatever the working directory.
    """
    paths = spark_paths(environ)
    for name, value in paths.dbt_environment().items():
        os.environ[name] = value
    return paths


def java_executable() -> str | None:
    """The Java runtime pyspark will start: JAVA_HOME's, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def java_major_version() -> int | None:
    """17 for OpenJDK 17 (pyspark 4 needs 17 or later); None when there is no Java or it cannot say."""
    java = java_executable()
    if java is None:
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8
