"""The publication's data-quality summary: aggregated counts of the raw layer, nothing row-level."""

from __future__ import annotations

import duckdb


def test_quality_tables_are_the_raw_layer_aggregated(demo_warehouse):
    with duckdb.connect(str(demo_warehouse["warehouse"]), read_only=True) as work:
        files = work.sql("select family, count(*), sum(rows_read), sum(rows_rejected) from raw.files "
                         "group by family order by family").fetchall()
        rejected_rows = dict(work.sql("""
            select family, count(distinct (file_sha256, row_number)) from raw.quarantine group by family
        """).fetchall())
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as pub:
        assert pub.sql("select family, sum(files), sum(rows_read), sum(rows_rejected) from publication.quality_files "
                       "group by family order by family").fetchall() == files
        per_family = dict(pub.sql("select family, sum(rows_affected) from publication.quality_rules "
                                  "where severity = 'error' group by family").fetchall())
        columns = {r[0] for r in pub.sql(
            "select column_name from information_schema.columns "
            "where table_schema = 'publication' and table_name like 'quality%'").fetchall()}
    # a row can fail two rules: per rule, the counts add up to at least the rejected rows of the family
    assert all(per_family[f] >= n for f, n in rejected_rows.items())
    assert not columns & {"value", "source_file", "file_sha256", "sender_id", "row_number", "message_vi"}
