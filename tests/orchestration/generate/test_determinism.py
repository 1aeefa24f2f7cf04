"""Same seed, same bytes: whatever the number of processes; another seed, other data."""

from __future__ import annotations

from pathlib import Path

from tests.orchestration.generate.conftest import generated


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files_and_manifest(tmp_path):
    one, _ = generated(tmp_path / "one", workers=1)
    two, _ = generated(tmp_path / "two", workers=2)
    first, second = _files(one), _files(two)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_another_seed_gives_other_data(tmp_path):
    one, _ = generated(tmp_path / "one", seed=1)
    two, _ = generated(tmp_path / "two", seed=2)
    assert (one / "_manifest.csv").read_bytes() != (two / "_manifest.csv").read_bytes()
    assert (one / "_receipts.csv").read_bytes() != (two / "_receipts.csv").read_bytes()
