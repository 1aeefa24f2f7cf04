"""Is the dbt manifest older than the project? (No dbt or Dagster import: cheap enough for a short cut.)"""

from __future__ import annotations

from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

_WATCHED = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")


def manifest_is_stale(project_dir: Path = DBT_PROJECT_DIR, manifest: Path | None = None) -> bool:
    manifest = manifest or project_dir / "target" / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    for name in _WATCHED:
        path = project_dir / name
        files = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        if any(f.is_file() and f.stat().st_mtime > built for f in files):
            return True
    return False
