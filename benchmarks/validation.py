"""Validation side by side: the chosen way (pandera on polars, one call per family over the batch) and the
straightforward way (pandera on pandas over the whole frame), on the same rows.

Run once per way in its own process (``python -m benchmarks.validation WAY FILELIST.json``), so each
process's memory is its own. Both read the files with the pipeline's own reader first (not timed);
then the timed part is the validation of each family's whole frame. The pandas schema carries the
checks every column declares (required, code lists, communes, tax-code check digit, ranges) and the two
rules every template shares (period and sender match the file); the families' other cross-field rules
run only on the polars side, so the ratio is, if anything, kind to pandas.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from benchmarks.measure import tree_rss_kb

_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _frames(root: Path, files: list[str]):
    from orchestration.ingest.landing_zone import scan_family
    from orchestration.ingest.readers import ReadLimits
    from orchestration.ingest.submission import read_submission
    from schemas.registry import FAMILIES

    wanted = set(files)
    by_family = {}
    for family, model in FAMILIES.items():
        frames = []
        for landing in scan_family(root, family):
            if landing.relative_path not in wanted:
                continue
            try:
                frame, _, version = read_submission(landing, model, ReadLimits())
            except Exception:
                continue
            if version is model and frame.height:
                frames.append(frame)
        if frames:
            import polars as pl

            by_family[family] = (model, pl.concat(frames, how="vertical_relaxed"))
    return by_family


def pandas_schema(model):
    import pandas as pd
    import pandera.pandas as pap

    from schemas import reference
    from schemas.template import FILE_PERIOD, SENDER

    def tax_code_ok(s: pd.Series) -> pd.Series:
        digits = s.str.extract(r"^(\d{10})(?:\d{3})?$")[0]
        filled = digits.fillna("0000000000")
        total = sum(w * filled.str[i].astype(int) for i, w in enumerate(_MST_WEIGHTS))
        return digits.notna() & (filled.str[9].astype(int) == 10 - total % 11)

    communes = sorted(reference.served_communes() | reference.legacy_commune_codes())
    columns = {}
    for spec in model.columns():
        checks = []
        if spec.code_list:
            checks.append(pap.Check.isin(sorted(reference.codes(spec.code_list))))
        if spec.kind == "commune":
            checks.append(pap.Check.isin(communes))
        if spec.kind == "tax_code":
            checks.append(pap.Check(tax_code_ok))
        if spec.minimum is not None:
            checks.append(pap.Check.ge(spec.minimum))
        if spec.maximum is not None:
            checks.append(pap.Check.le(spec.maximum))
        columns[spec.name] = pap.Column(nullable=not spec.required, checks=checks)
    info = model.template
    return pap.DataFrameSchema(columns, strict=False, coerce=False, checks=[
        pap.Check(lambda df: df[info.period_column] == df[FILE_PERIOD], name="period_matches_file"),
        pap.Check(lambda df: _sender_of_rows(model, df) == df[SENDER], name="sender_matches_submission"),
    ])


def _sender_of_rows(model, df):
    """As schemas.template.sender_of_rows: the sender column, or in a national warehouse the row's province."""
    from schemas import reference

    if not reference.serves_the_country():
        return df[model.template.sender_column]
    return df[model.__location_column__].map(reference.commune_provinces())


def run(way: str, root: Path, files: list[str]) -> dict:
    import os

    import pandera.errors
    import polars as pl

    from orchestration.ingest.validate import IDX, failures_of

    frames = _frames(root, files)
    rows = sum(frame.height for _, frame in frames.values())
    baseline = tree_rss_kb(os.getpid())
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(os.getpid()))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    seconds: dict[str, float] = {}
    failures = 0
    for family, (model, frame) in frames.items():
        started = time.perf_counter()
        if way == "polars":
            failures += failures_of(model, frame.with_row_index(IDX)).height
        else:
            table = frame.select([c for c in frame.columns if not c.startswith("_raw_")]).to_pandas()
            try:
                pandas_schema(model).validate(table, lazy=True)
            except pandera.errors.SchemaErrors as errors:
                failures += len(errors.failure_cases)
            del table
        seconds[family] = time.perf_counter() - started
    done.set()
    sampler.join()
    del pl
    return {"way": way, "rows": rows, "families": sorted(frames), "seconds": sum(seconds.values()),
            "by_family": {f: round(s, 3) for f, s in seconds.items()}, "failure_cases": failures,
            "validation_peak_extra_mib": round((peak - baseline) / 1024, 1), "rows_per_second": 0}


def main() -> None:
    way, listing = sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    result = run(way, Path(listing["root"]), listing["files"])
    result["rows_per_second"] = result["rows"] / result["seconds"] if result["seconds"] else 0
    print(json.dumps(result))


if __name__ == "__main__":
    main()
