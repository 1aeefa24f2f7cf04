"""Ingestion is partitioned by reporting period: ``2025``, ``2025S1``, ``202507`` (one partition set for all families).

A period is a dynamic partition, added when its first folder appears in the landing zone. A run
over several periods is one run (single-run backfill policy): the dbt build stays one invocation.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg

reporting_periods = dg.DynamicPartitionsDefinition(name="reporting_periods")

# Set on a run to re-read its periods' files from scratch (a backfill after a rule or template fix).
REPROCESS_TAG = "osh/reprocess"


def register_periods(instance: dg.DagsterInstance, periods: Iterable[str]) -> list[str]:
    """Add the periods that are not partitions yet; return all of them in partition order."""
    known = set(instance.get_dynamic_partitions(reporting_periods.name))
    new = sorted(set(periods) - known)
    if new:
        instance.add_dynamic_partitions(reporting_periods.name, new)
    return list(instance.get_dynamic_partitions(reporting_periods.name))


def range_tags(partitions: list[str]) -> dict[str, str]:
    """Run tags selecting every partition from the first to the last (in partition order)."""
    return {
        "dagster/asset_partition_range_start": partitions[0],
        "dagster/asset_partition_range_end": partitions[-1],
    }
