"""The one settings module: every path, secret and switch comes from an environment variable.

Defaults serve the bundled demo (the committed sample in ``raw/sample``); production sets the
variables (see docs/operations.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orchestration.ingest.readers import ReadLimits

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_RAW_DIR = PROJECT_DIR / "raw" / "sample"
DBT_PROJECT_DIR = PROJECT_DIR / "dbt_project"

# Documented in README and docs/security.md. Valid only for the bundled sample, whose IDs are fake.
DEMO_ID_HASH_KEY = "osh-demo-key--bundled-sample-only--never-for-real-data"

# Nothing in this project may reach the internet at run time (air-gapped servers).
OFFLINE_ENVIRONMENT = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DBT_VERSION_CHECK": "false",
    "DO_NOT_TRACK": "1",
}


class MissingSecretError(RuntimeError):
    """A secret the run needs is not configured."""


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_path: Path
    publish_dir: Path
    dagster_home: Path
    province_code: str
    timezone: str
    log_format: str  # "text" or "json" (structured logs for a log collector)
    id_hash_key_env: str | None = field(repr=False)  # never shown: repr(settings) may reach a log
    # Retention of raw files (``osh retention``, docs/security.md): where processed files go, and when.
    archive_dir: Path | None = None
    retention_keep_days: int = 30
    retention_delete_after_days: int = 1825

    @property
    def is_demo(self) -> bool:
        return self.raw_dir.resolve() == SAMPLE_RAW_DIR.resolve()

    @property
    def id_hash_key(self) -> bytes:
        """The HMAC key for national ID numbers; the demo key only ever serves the bundled sample."""
        if self.id_hash_key_env:
            return self.id_hash_key_env.encode("utf-8")
        if self.is_demo:
            return DEMO_ID_HASH_KEY.encode("utf-8")
        raise MissingSecretError(
            "OSH_ID_HASH_KEY is not set: national ID numbers cannot be hashed, so nothing is loaded. "
            "Set it to the province's secret key (docs/security.md). "
            "/ Chưa đặt biến OSH_ID_HASH_KEY: không thể mã hoá số CCCD nên không nạp dữ liệu."
        )


def _path(name: str, default: Path | None) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def load_settings() -> Settings:
    return Settings(
        raw_dir=_path("OSH_RAW_DIR", SAMPLE_RAW_DIR),
        warehouse_path=_path("OSH_WAREHOUSE_PATH", PROJECT_DIR / "data" / "warehouse.duckdb"),
        publish_dir=_path("OSH_PUBLISH_DIR", PROJECT_DIR / "data" / "published"),
        dagster_home=_path("DAGSTER_HOME", PROJECT_DIR / ".dagster_home"),
        province_code=os.environ.get("OSH_PROVINCE_CODE", "51"),
        timezone=os.environ.get("OSH_TIMEZONE", "Asia/Ho_Chi_Minh"),
        log_format=os.environ.get("OSH_LOG_FORMAT", "text"),
        id_hash_key_env=os.environ.get("OSH_ID_HASH_KEY") or None,
        archive_dir=_path("OSH_ARCHIVE_DIR", None),
        retention_keep_days=_days("OSH_RETENTION_KEEP_DAYS", 30),
        retention_delete_after_days=_days("OSH_RETENTION_DELETE_AFTER_DAYS", 1825),
    )


def _days(name: str, default: int) -> int:
    text = (os.environ.get(name) or "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ValueError(f"{name} must be a whole number of days, not {text!r}")
    return int(text)


# Limits on one submitted file: variable -> (ReadLimits field, unit). Sizes in MiB (fractions allowed).
# Each limit has its own reason and message (orchestration/ingest/readers.py), naming this variable.
READ_LIMIT_VARIABLES: dict[str, tuple[str, int]] = {
    "OSH_MAX_FILE_MB": ("max_file_bytes", 1024 * 1024),
    "OSH_MAX_ROWS": ("max_rows", 1),
    "OSH_MAX_CELL_CHARS": ("max_cell_chars", 1),
    "OSH_MAX_UNCOMPRESSED_MB": ("max_uncompressed_bytes", 1024 * 1024),
    "OSH_MAX_COLUMNS": ("max_columns", 1),
}


DEFAULT_DUCKDB_MEMORY_LIMIT = "3GB"  # as dbt's profile (OSH_DUCKDB_MEMORY_LIMIT there too)


def duckdb_config(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """DuckDB settings of every connection that writes or copies the warehouse. DuckDB's own default memory
    bound is 80 % of the machine's: with it, a one-year national build's process tree peaked at 5.8 GiB, most of
    it dbt's; with 3 GB, dbt and the publication stay near 3.3 GiB each (docs/performance.md, rounds 5 and 6)."""
    environ = os.environ if environ is None else environ
    return {"memory_limit": environ.get("OSH_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT)}


def load_read_limits(environ: Mapping[str, str] | None = None) -> ReadLimits:
    """The limits every reader applies: the defaults of ``ReadLimits``, overridden by the variables of
    READ_LIMIT_VARIABLES where set; a value that is not a positive number is an error naming its variable."""
    from orchestration.ingest.readers import ReadLimits

    environ = os.environ if environ is None else environ
    values = {}
    for variable, (name, unit) in READ_LIMIT_VARIABLES.items():
        text = (environ.get(variable) or "").strip()
        if not text:
            continue
        try:
            number = float(text.replace("_", "")) if unit > 1 else int(text.replace("_", ""))
        except ValueError:
            number = 0
        if not number > 0 or number * unit > 2**62:
            raise ValueError(f"{variable} must be a positive number, not {text!r}")
        values[name] = int(number * unit)
    return ReadLimits(**values)


def apply_offline_environment() -> None:
    """Turn off dbt's telemetry and version check for this process and its children."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
