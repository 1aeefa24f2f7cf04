"""The Dagster assets of the reports group, materialised against the demo publication."""

from __future__ import annotations

import dagster as dg
import duckdb

from orchestration.assets.publication import PUBLISHED_WAREHOUSE
from orchestration.assets.reports import REPORTS_GROUP, report_assets
from orchestration.reports.review.periods import latest_complete_period
from orchestration.resources import PublicationResource


def test_report_assets_depend_on_the_publication():
    for asset in report_assets:
        spec = next(iter(asset.specs))
        assert spec.group_name == REPORTS_GROUP
        assert {d.asset_key for d in spec.deps} == {PUBLISHED_WAREHOUSE}


def test_report_assets_write_the_latest_review_the_rollup_and_the_exports(demo_warehouse):
    published = demo_warehouse["published"]
    result = dg.materialize(report_assets, resources={"publication": PublicationResource(publish_dir=str(published))})
    assert result.success
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        published_at = con.sql("select published_at from publication.about").fetchall()[0][0]
        halves = [r[0] for r in con.sql("select distinct period_code from indicators.ind_t1_fatal_rate where "
                                        "period_type = 'half_year' and denominator_workers is not null").fetchall()]
    period = latest_complete_period(halves, published_at.date())
    assert period is not None
    stem = f"bao_cao_so_ket_{period}" if "S" in period else f"bao_cao_tong_ket_{period}"
    for name in (f"{stem}_vi.html", f"{stem}_en.html", f"tong_hop_tnld_cap_tinh_{period}.xlsx"):
        assert (published / "reports" / name).exists(), name
    assert (published / "exports" / "latest" / "analysts" / "ind_t1_fatal_rate.csv").exists()
    assert (published / "exports" / "latest" / "bi" / "ind_t1_fatal_rate.parquet").exists()
