"""A form revised by a new circular is read beside the old one: each file by the version it follows."""

from __future__ import annotations

import duckdb

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.pipeline import ingest_files
from schemas.registry import FAMILIES, template_versions
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY


def test_old_and_new_insured_workforce_extracts_load_into_one_table(tmp_path):
    files = scan_family(FIXTURE_LANDING_ZONE, "insured_workforce")
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        result = ingest_files(con, FAMILIES["insured_workforce"], files, TEST_ID_HASH_KEY.encode())
        versions = dict(con.execute(
            "select period, template_version from raw.files where family = 'insured_workforce'"
        ).fetchall())
        old_rows = con.execute(
            "select count(*), count(female_insured_workers), count(contribution_rate_pct), sum(insured_workers) "
            "from raw.insured_workforce where period between '202301' and '202306'"
        ).fetchone()
        stored_version = con.execute(
            "select distinct _template_version from raw.insured_workforce where period = '202302'"
        ).fetchall()
    assert result.count("rejected") == 0
    assert {p: v for p, v in versions.items() if v == "2024.1"} == {f"20230{m}": "2024.1" for m in range(1, 7)}
    assert versions["202307"] == "2025.1"
    # 6 months x 5 employers, 3,000 insured workers a month; the columns the old form lacks are empty.
    assert old_rows == (30, 0, 0, 18_000)
    assert stored_version == [("2024.1",)]


def test_versions_are_listed_newest_first():
    assert [m.template.version for m in template_versions("insured_workforce")] == ["2025.1", "2024.1"]
