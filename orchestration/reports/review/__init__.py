"""The periodic review report (sơ kết 6 tháng, tổng kết năm): one self-contained HTML page per language.

    write_review(published_warehouse, "2025", out_dir)  ->  [<out>/bao_cao_tong_ket_2025_vi.html, …_en.html]

Read from the PUBLISHED warehouse only (read-only), so the figures are those analysts and BI tools see,
and the same publication always gives the same bytes (the only time in the page is the publication's).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from orchestration.reports.review.periods import ReviewPeriod, latest_complete_period, parse_review_period
from orchestration.reports.review.queries import ReviewData, load_review_data
from orchestration.reports.review.render import render_review

__all__ = [
    "ReviewData",
    "ReviewPeriod",
    "latest_review_period",
    "load_review_data",
    "parse_review_period",
    "render_review",
    "review_paths",
    "write_review",
]


def review_paths(period: ReviewPeriod, out_dir: Path) -> dict[str, Path]:
    return {lang: out_dir / f"{period.file_stem}_{lang}.html" for lang in ("vi", "en")}


def write_review(published: Path, period_code: str, out_dir: Path) -> list[Path]:
    """Write the Vietnamese and English pages of the review of ``period_code`` (2025 or 2025S1)."""
    period = parse_review_period(period_code)
    if not Path(published).exists():
        raise FileNotFoundError(f"no publication at {published}: run `osh run` first")
    with duckdb.connect(str(published), read_only=True) as con:
        data = load_review_data(con, period)
    paths = review_paths(period, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for lang, path in paths.items():
        other = paths["en" if lang == "vi" else "vi"].name
        _write_atomically(path, render_review(data, lang, other))
    return list(paths.values())


def latest_review_period(published: Path) -> str | None:
    """The review the nightly run writes: the latest half-year that has ended (by the publication's date) and
    has T1 data; a first half gives its half-year review, a second half the annual review."""
    with duckdb.connect(str(published), read_only=True) as con:
        published_at = con.sql("select published_at from publication.about").fetchall()[0][0]
        halves = [r[0] for r in con.sql(
            "select distinct period_code from indicators.ind_t1_fatal_rate "
            "where breakdown = 'province' and period_type = 'half_year' and denominator_workers is not null"
        ).fetchall()]
    return latest_complete_period(halves, published_at.date())


def _write_atomically(path: Path, text: str) -> None:
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staged.write_text(text, encoding="utf-8", newline="\n")
    os.replace(staged, path)
