"""The ``osh generate`` command's work: parse its options, run the generator, print what was written."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.generate.profiles import Scale
from orchestration.generate.runner import DEFAULT_QUIRK_RATE, GenerateConfig, Summary, generate


def parse_years(text: str) -> tuple[int, ...]:
    """"2021-2025" or "2023" or "2021,2023" -> the years."""
    years: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        years += range(int(first), int(last or first) + 1)
    if not years or min(years) < 2000 or max(years) > 2100:
        raise ValueError(f"years must look like 2021-2025, not {text!r}")
    return tuple(sorted(set(years)))


def _csv(text: str | None) -> tuple[str, ...] | None:
    return tuple(x.strip() for x in text.split(",") if x.strip()) if text else None


def run(scale: str, years: str, seed: int, out: Path, error_rate: float, quirk_rate: float | None = None,
        workers: int | None = None, families: str | None = None, provinces: str | None = None,
        months: str | None = None) -> Summary:
    config = GenerateConfig(
        scale=Scale(scale), years=parse_years(years), seed=seed, out=out, error_rate=error_rate,
        quirk_rate=DEFAULT_QUIRK_RATE if quirk_rate is None else quirk_rate,
        workers=workers if workers is not None else min(4, os.cpu_count() or 1),
        families=_csv(families), provinces=_csv(provinces),
        months=tuple(int(m) for m in _csv(months) or ()) or None,
    )
    return generate(config)


def report(summary: Summary) -> list[str]:
    lines = [f"{'family':32} {'files':>8} {'rows':>12}"]
    for family, files in summary.files.items():
        lines.append(f"{family:32} {files:>8,} {summary.rows.get(family, 0):>12,}")
    lines.append(f"{'total':32} {sum(summary.files.values()):>8,} {sum(summary.rows.values()):>12,}")
    injected = ", ".join(f"{rule} {n:,}" for rule, n in summary.injected.items())
    lines.append(f"injected: {injected or 'nothing'}")
    if summary.skipped_families:
        lines.append(f"skipped (no template module yet): {', '.join(summary.skipped_families)}")
    lines.append(f"{summary.seconds:.1f} s")
    return lines
