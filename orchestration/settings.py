"""The one settings module: every path, secret and switch comes from an environment variable.

Defaults serve the bundled demo (the committed sample in ``raw/sample``); production sets the
variables (see docs/operations.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    id_hash_key_env: str | None

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


def _path(name: str, default: Path) -> Path:
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
    )


def apply_offline_environment() -> None:
    """Turn off dbt's telemetry and version check for this process and its children."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
