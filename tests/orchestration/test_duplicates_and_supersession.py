"""An identical file sent twice loads once; a later file for the same submission supersedes the earlier."""

from __future__ import annotations

import shutil

import duckdb

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import ingest_files
from schemas.registry import FAMILIES
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY

KEY = TEST_ID_HASH_KEY.encode()
SOURCE = FIXTURE_LANDING_ZONE / "accident_cases" / "2023S1" / "4300100027_so_tnld_2023S1.csv"


def test_an_identical_file_under_another_name_is_recognised_by_checksum(tmp_path):
    folder = tmp_path / "accident_cases" / "2023S1"
    folder.mkdir(parents=True)
    shutil.copyfile(SOURCE, folder / "a.csv")
    shutil.copyfile(SOURCE, folder / "b_gui_lai.csv")
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        result = ingest_files(con, FAMILIES["accident_cases"], scan_family(tmp_path, "accident_cases", {}), KEY)
        rows = con.execute("select count(*) from raw.accident_cases").fetchone()[0]
        files = con.execute("select count(*) from raw.files").fetchone()[0]
    assert sorted(o.status for o in result.outcomes) == ["already_loaded", "loaded"]
    assert rows == 2 and files == 1


def test_the_latest_version_of_a_submission_is_the_one_the_models_read(tmp_path):
    """Run the staging macro's rule in SQL against the registry the pipeline wrote."""
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ingest_files(con, FAMILIES["accident_cases"], scan_family(FIXTURE_LANDING_ZONE, "accident_cases"), KEY)
        latest = con.execute("""
            select source_file from (
                select source_file, row_number() over (
                    partition by sender_id, period order by received_at desc, file_sha256 desc) as version_rank
                from raw.files
                where family = 'accident_cases' and status = 'loaded' and not (rows_read > 0 and rows_loaded = 0)
            ) where version_rank = 1 and source_file like '%4300500064%'
        """).fetchall()
        both_kept = con.execute(
            "select count(*) from raw.accident_cases where employer_tax_code = '4300500064'"
        ).fetchone()[0]
    assert latest == [("accident_cases/2024S2/4300500064_so_tnld_2024S2_dieu_chinh.csv",)]
    assert both_kept == 2  # the superseded version stays in the raw layer, with its lineage
