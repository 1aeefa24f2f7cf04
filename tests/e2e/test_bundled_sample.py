"""The README's main job: the bundled sample of every report family, through the whole pipeline."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.settings import MissingSecretError, load_settings
from schemas.registry import FAMILIES


@pytest.fixture(scope="module")
def sample_warehouse(sample_build):
    """The session's run of the README's main job (``tests/conftest.py``: ``build_bundled_sample``)."""
    return sample_build["warehouse"]


def test_every_family_loads_and_every_row_is_accounted_for(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        per_family = {
            family: (loaded, unbalanced)
            for family, loaded, unbalanced in con.execute(
                "select family, sum(rows_loaded), count(*) filter (where rows_read <> rows_loaded + rows_rejected) "
                "from raw.files group by family"
            ).fetchall()
        }
        quarantined = dict(con.execute(
            "select family, count(distinct (file_sha256, row_number)) from raw.quarantine group by family"
        ).fetchall())
        rejected = dict(con.execute(
            "select family, sum(rows_rejected) from raw.files where status = 'loaded' group by family"
        ).fetchall())
    assert set(per_family) == set(FAMILIES)
    for family, (loaded, unbalanced) in per_family.items():
        assert loaded > 0, family
        assert unbalanced == 0, family
        # rows rejected in loaded files are exactly the distinct rows in quarantine
        assert rejected.get(family, 0) == quarantined.get(family, 0), family


def test_a_real_landing_zone_without_the_key_refuses_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("OSH_RAW_DIR", str(tmp_path))
    monkeypatch.delenv("OSH_ID_HASH_KEY", raising=False)
    with pytest.raises(MissingSecretError, match="OSH_ID_HASH_KEY"):
        load_settings().id_hash_key  # noqa: B018
