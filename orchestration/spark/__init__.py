"""The second engine: the same dbt project on Apache Spark (docs/scaling.md).

``engine`` reads the one switch (``OSH_ENGINE``) and the Spark paths; ``raw_export`` writes the
validated raw layer as Parquet for Spark to read. Nothing here imports pyspark: the default install
(DuckDB only) imports this package freely.
"""
