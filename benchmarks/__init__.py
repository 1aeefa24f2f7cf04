"""The benchmark harness: measured speed and memory of the pipeline against the physical floor.

``osh bench --scale province`` (docs/performance.md). Every figure in docs/performance.md and
docs/performance.json is written by this package from a measurement, never by hand.
"""
