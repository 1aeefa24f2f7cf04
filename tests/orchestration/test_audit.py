"""The audit table records every load, rejection, quarantine, supersession and deletion, and survives re-runs."""

from __future__ import annotations

import shutil

import duckdb

from orchestration.ingest.landing_zone import scan_family
from orchestration.ingest.load import forget_periods
from orchestration.ingest.pipeline import ingest_files
from schemas.registry import FAMILIES
from tests.conftest import FIXTURE_LANDING_ZONE, TEST_ID_HASH_KEY

KEY = TEST_ID_HASH_KEY.encode()


def events(con, **where) -> list[tuple]:
    clause = " and ".join(f"{k} = ?" for k in where) or "true"
    return con.execute(
        f"select event, source_file, rows, reason from raw.audit where {clause} order by source_file, event",
        list(where.values()),
    ).fetchall()


def test_every_kind_of_event_is_audited_and_kept(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_LANDING_ZONE, raw)
    model = FAMILIES["accident_cases"]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ingest_files(con, model, scan_family(raw, "accident_cases"), KEY)
        superseded = events(con, event="superseded")
        assert superseded == [("superseded", "accident_cases/2024S2/4300500064_so_tnld_2024S2.csv", 1,
                               "a later file for the same submission")]
        assert events(con, event="quarantined") == [
            ("quarantined", "accident_cases/2025S1/4300200021_so_tnld_2025S1.csv", 4, "rows failed error-level rules")
        ]
        rejected = {row[1]: row[3] for row in events(con, event="rejected")}
        assert rejected == {"accident_cases/2025S2/4300400045_nham_mau.csv": "wrong_family",
                            "accident_cases/2025S2/bao_cao.xlsx": "not_a_spreadsheet"}
        loaded = events(con, event="loaded")
        assert len(loaded) == 10

        # an identical file under a new name: audited once, loaded never
        copy = raw / "accident_cases/2023S1/gui_lai.csv"
        shutil.copyfile(raw / "accident_cases/2023S1/4300100027_so_tnld_2023S1.csv", copy)
        ingest_files(con, model, scan_family(raw, "accident_cases"), KEY)
        ingest_files(con, model, scan_family(raw, "accident_cases"), KEY)
        assert events(con, event="duplicate_arrival") == [
            ("duplicate_arrival", "accident_cases/2023S1/gui_lai.csv", None, "same checksum")
        ]

        # a backfill deletes the period's loaded data, and says so; the audit itself is never deleted
        before = con.execute("select count(*) from raw.audit").fetchone()[0]
        forget_periods(con, "accident_cases", ["2024S2"])
        deleted = events(con, event="deleted")
        ingest_files(con, model, scan_family(raw, "accident_cases", periods=["2024S2"]), KEY)
        after = con.execute("select count(*) from raw.audit").fetchone()[0]
    assert [row[1] for row in deleted] == [
        "accident_cases/2024S2/4300300033_so_tnld_2024S2.csv",
        "accident_cases/2024S2/4300500064_so_tnld_2024S2.csv",
        "accident_cases/2024S2/4300500064_so_tnld_2024S2_dieu_chinh.csv",
    ]
    assert after > before + len(deleted)  # re-loaded files are audited again, next to their deletion
