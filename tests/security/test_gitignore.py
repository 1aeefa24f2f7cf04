"""Raw files hold cleartext IDs: git ignores everything under raw/ except the committed sample."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def ignored(relative: str) -> bool:
    """What git would do with a file at that path (it need not exist): ``check-ignore --no-index``."""
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", relative], cwd=PROJECT, check=False)
    assert done.returncode in (0, 1), f"git check-ignore failed on {relative}"
    return done.returncode == 0


@pytest.mark.skipif(shutil.which("git") is None or not (PROJECT / ".git").exists(), reason="not a git checkout")
def test_everything_under_raw_but_the_sample_is_ignored():
    for relative in ("raw/accident_cases/2025S1/4300100027.xlsx", "raw/_receipts.csv", "raw/archive/a/b.csv",
                     "raw/production/insured_workforce/202501/bhxh.csv", "raw/.hidden.csv", "raw/x.json"):
        assert ignored(relative), relative
    committed = subprocess.run(["git", "ls-files", "raw"], cwd=PROJECT, capture_output=True, text=True,
                               check=True).stdout.split()
    assert committed and all(p.startswith("raw/sample/") or p == "raw/README.md" for p in committed)
    for relative in committed[:50]:
        assert not ignored(relative), relative
