"""One ingestion asset per report family, grouped by the kind of sender."""


import warnings
from pathlib import Path

import dagster as dg

from orchestration.ingest.landing_zone import checksum_updates, scan_family, stale_checksums
from orchestration.ingest.load import forget_periods, read_checksums, store_checksums
from orchestration.ingest.pipeline import FamilyResult, ingest_files
from orchestration.partitions import REPROCESS_TAG, reporting_periods
from orchestration.resources import LandingZoneResource, WarehouseResource
from schemas.registry import FAMILIES

# Single-run backfills (one dbt build for many periods) are a beta parameter of @asset; the choice is deliberate.
warnings.filterwarnings("ignore", category=dg.BetaWarning, message="Parameter `backfill_policy`")

# Which sender submits each family: the asset group it appears in.
SENDER_GROUP = {
    "accident_cases": "enterprises",
    "accident_summary": "enterprises",
    "annual_osh_report": "enterprises",
    "commune_no_contract_accidents": "communes",
    "occupational_disease_exams": "health_facilities",
    "health_checks": "health_facilities",
    "work_environment_monitoring": "health_facilities",
    "insured_workforce": "social_insurance",
    "insurance_benefits": "social_insurance",
    "voluntary_accident_insurance": "social_insurance",
}

CHECK_VALIDATION = "pandera_validation"
CHECK_CONSERVATION = "row_conservation"
CHECK_READABLE = "files_readable"


def raw_asset_key(family: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", family])


def ingestion_asset(family: str) -> dg.AssetsDefinition:
    model = FAMILIES[family]
    key = raw_asset_key(family)

    @dg.asset(
        key=key,
        group_name=SENDER_GROUP[family],
        partitions_def=reporting_periods,
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=f"{model.template.title_vi} / {model.template.title_en}: valid rows of every submitted "
        f"file, with lineage; failing rows in raw.quarantine. ({model.template.legal_basis})",
        kinds={"duckdb", "pandera"},
        check_specs=[
            dg.AssetCheckSpec(CHECK_VALIDATION, asset=key, description="Rows failing the template's rules."),
            dg.AssetCheckSpec(CHECK_CONSERVATION, asset=key, blocking=True,
                              description="Per file: rows read = rows loaded + rows rejected."),
            dg.AssetCheckSpec(CHECK_READABLE, asset=key, description="Files rejected as a whole."),
        ],
    )
    def _ingest(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, landing_zone: LandingZoneResource
    ) -> dg.MaterializeResult:
        periods = list(context.partition_keys)
        with warehouse.connect(purpose=f"ingest {family}, run {context.run.run_id}") as con:
            # unchanged files (same stat as when last hashed) are not read again: raw.landing_checksums
            checksums = read_checksums(con, family)
            files = scan_family(Path(landing_zone.raw_dir), family, periods=periods, checksums=checksums)
            if context.run.tags.get(REPROCESS_TAG) == "true":
                forgotten = forget_periods(con, family, periods)
                context.log.info(f"Re-reading {', '.join(periods)}: {forgotten} previously loaded files forgotten")
            result = ingest_files(con, model, files, landing_zone.id_hash_key(), landing_zone.read_limits())
            store_checksums(con, checksum_updates(files), stale_checksums(checksums, files, family, periods))
        for outcome in result.outcomes:
            if outcome.status == "rejected":
                context.log.warning(f"{outcome.source_file}: rejected ({outcome.reason}): {outcome.message_en}")
        return dg.MaterializeResult(metadata=_metadata(result), check_results=_checks(result))

    return _ingest


def _metadata(result: FamilyResult) -> dict:
    return {
        "files_new_loaded": result.count("loaded"),
        "files_rejected": result.count("rejected"),
        "files_already_loaded": result.count("already_loaded"),
        "rows_read": result.total("rows_read"),
        "rows_loaded": result.total("rows_loaded"),
        "rows_rejected": result.total("rows_rejected"),
        "rows_with_warnings": result.total("rows_with_warnings"),
        "failures_by_rule": dg.MetadataValue.json(result.failures_by_rule),
        **{f"seconds_{stage}": round(seconds, 3) for stage, seconds in result.seconds.items()},
    }


def _checks(result: FamilyResult) -> list[dg.AssetCheckResult]:
    new = [o for o in result.outcomes if o.status != "already_loaded"]
    unbalanced = [o.source_file for o in new if o.rows_read != o.rows_loaded + o.rows_rejected]
    rejected = [
        {"file": o.source_file, "reason": o.reason, "message_en": o.message_en, "message_vi": o.message_vi}
        for o in new if o.status == "rejected"
    ]
    sample = [{k: str(v) for k, v in row.items()} for row in result.quarantine_sample]
    return [
        dg.AssetCheckResult(
            check_name=CHECK_VALIDATION,
            passed=result.total("rows_rejected") == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_rejected": result.total("rows_rejected"),
                "failures_by_rule": dg.MetadataValue.json(result.failures_by_rule),
                "sample": dg.MetadataValue.json(sample),
            },
        ),
        dg.AssetCheckResult(
            check_name=CHECK_CONSERVATION,
            passed=not unbalanced,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"files_checked": len(new), "unbalanced_files": dg.MetadataValue.json(unbalanced)},
        ),
        dg.AssetCheckResult(
            check_name=CHECK_READABLE,
            passed=not rejected,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"files_rejected": len(rejected), "rejected": dg.MetadataValue.json(rejected)},
        ),
    ]


ingestion_assets = [ingestion_asset(family) for family in FAMILIES]
