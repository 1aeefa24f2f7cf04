"""What people look at, produced after each publication: the review report, the roll-up and the exports.

All three read the PUBLISHED warehouse only (read-only), so they never hold the writer lock and never
see a half-built warehouse. Output, under the publication folder:

    <publish_dir>/reports/bao_cao_{so_ket|tong_ket}_<period>_{vi,en}.html   the latest review
    <publish_dir>/reports/tong_hop_tnld_cap_tinh_<period>.xlsx              the ministry roll-up, same period
    <publish_dir>/exports/latest/{analysts,bi}/<table>.{parquet,csv}        every indicator table
"""


from pathlib import Path

import dagster as dg

from orchestration.assets.publication import PUBLISHED_WAREHOUSE
from orchestration.publication import EXPORTS_DIR_NAME, SERVED_NAME, served_version
from orchestration.reports.exports import export_publication
from orchestration.reports.review import latest_review_period, write_review
from orchestration.reports.rollup import write_rollup
from orchestration.resources import PublicationResource

REPORTS_GROUP = "reports"
REVIEW_REPORT = dg.AssetKey(["reports", "review"])
ROLLUP_REPORT = dg.AssetKey(["reports", "rollup"])
INDICATOR_EXPORTS = dg.AssetKey(["reports", "indicator_exports"])


def _served(publication: PublicationResource) -> Path:
    return Path(publication.publish_dir) / SERVED_NAME


@dg.asset(
    key=REVIEW_REPORT,
    group_name=REPORTS_GROUP,
    deps=[PUBLISHED_WAREHOUSE],
    kinds={"html"},
    description="The latest periodic review (sơ kết 6 tháng / tổng kết năm) of targets T1–T3, one self-contained "
    "HTML page in Vietnamese and one in English: the latest half-year that has ended and has data (its second "
    "half gives the annual review).",
)
def review_report(context: dg.AssetExecutionContext, publication: PublicationResource) -> dg.MaterializeResult:
    served = _served(publication)
    period = latest_review_period(served)
    if period is None:
        context.log.info("No half-year with data has ended yet: no review to write.")
        return dg.MaterializeResult(metadata={"period": None})
    paths = write_review(served, period, Path(publication.publish_dir) / "reports")
    return dg.MaterializeResult(metadata={"period": period, "files": [str(p) for p in paths]})


@dg.asset(
    key=ROLLUP_REPORT,
    group_name=REPORTS_GROUP,
    deps=[PUBLISHED_WAREHOUSE],
    kinds={"excel"},
    description="The province's summary of occupational accidents for the ministry (XLSX, by facility type) for "
    "the same period as the latest review.",
)
def rollup_report(context: dg.AssetExecutionContext, publication: PublicationResource) -> dg.MaterializeResult:
    served = _served(publication)
    period = latest_review_period(served)
    if period is None:
        context.log.info("No half-year with data has ended yet: no roll-up to write.")
        return dg.MaterializeResult(metadata={"period": None})
    path = write_rollup(served, period, Path(publication.publish_dir) / "reports")
    return dg.MaterializeResult(metadata={"period": period, "file": str(path)})


@dg.asset(
    key=INDICATOR_EXPORTS,
    group_name=REPORTS_GROUP,
    deps=[PUBLISHED_WAREHOUSE],
    kinds={"parquet", "csv"},
    description="Every indicator table as Parquet and CSV (UTF-8 with BOM, formula injection neutralised) for BI "
    "tools and Excel, from both published tiers; exports/latest points at the newest set.",
)
def indicator_exports(context: dg.AssetExecutionContext, publication: PublicationResource) -> dg.MaterializeResult:
    publish_dir = Path(publication.publish_dir)
    version = served_version(publish_dir)
    name = version.stem if version is not None else "unversioned"
    target = export_publication(publish_dir, publish_dir / EXPORTS_DIR_NAME, name)
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    context.log.info(f"{len(files)} export files in {target}")
    return dg.MaterializeResult(metadata={"folder": str(target), "files": len(files)})


report_assets = [review_report, rollup_report, indicator_exports]
