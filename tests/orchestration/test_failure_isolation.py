"""One file that crashes its reader is rejected with a reason naming it; the other files still load."""

from __future__ import annotations

import duckdb

from orchestration.ingest import submission
from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import ingest_files
from schemas.registry import FAMILIES
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY

BROKEN = "accident_cases/2024S1/4300100027_so_tnld_2024S1.csv"


def test_a_reader_crash_on_one_file_is_isolated(tmp_path, monkeypatch):
    real = submission.read_table

    def crashing(path, **kwargs):
        if path.as_posix().endswith(BROKEN):
            raise MemoryError("simulated reader crash")
        return real(path, **kwargs)

    monkeypatch.setattr(submission, "read_table", crashing)
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        result = ingest_files(con, FAMILIES["accident_cases"], scan_family(FIXTURE_LANDING_ZONE, "accident_cases"),
                              TEST_ID_HASH_KEY.encode())
        files = dict(con.execute("select source_file, reason from raw.files").fetchall())
        loaded = con.execute("select count(distinct _file_sha256) from raw.accident_cases").fetchone()[0]
    assert files[BROKEN] == "unexpected_error"
    broken = next(o for o in result.outcomes if o.source_file == BROKEN)
    assert "MemoryError: simulated reader crash" in broken.message_en
    assert loaded == 9  # every other readable register still loaded
