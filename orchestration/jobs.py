"""Jobs."""

from __future__ import annotations

import dagster as dg

# Every run that writes the warehouse carries this tag; the instance's run queue admits one at a time.
WAREHOUSE_WRITER_TAG = {"osh/warehouse": "writer"}

nightly_job = dg.define_asset_job(
    name="nightly_materialisation",
    selection=dg.AssetSelection.all(),
    description="Ingest every new file of every family, then one dbt build of all models and tests.",
    tags=WAREHOUSE_WRITER_TAG,
    executor_def=dg.in_process_executor,
)
