"""Indicator tables printed for a person at a terminal."""

from __future__ import annotations

from pathlib import Path

import duckdb

T1_COLUMNS = (
    ("year", "Năm/Year", "{}"),
    ("deaths", "Chết/Deaths", "{}"),
    ("insured_workers_avg", "LĐ BH/Insured", "{:,.0f}"),
    ("fatal_rate_per_100k", "Tỷ suất/100k", "{:.2f}"),
    ("fatal_rate_ci_lower", "CI95 thấp", "{:.2f}"),
    ("fatal_rate_ci_upper", "CI95 cao", "{:.2f}"),
    ("k_fatal_per_1000", "K_fatal", "{:.4f}"),
    ("yoy_change", "So năm trước", "{:+.1%}"),
    ("yoy_status", "YoY", "{}"),
    ("trajectory_rate_per_100k", "Lộ trình", "{:.2f}"),
    ("trajectory_status", "Trajectory", "{}"),
)


def format_table(rows: list[tuple], columns: tuple[tuple[str, str, str], ...]) -> str:
    cells = [[title for _, title, _ in columns]]
    for row in rows:
        cells.append(["—" if v is None else fmt.format(v) for v, (_, _, fmt) in zip(row, columns, strict=True)])
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_indicators(warehouse_path: Path) -> None:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        names = ", ".join(name for name, _, _ in T1_COLUMNS)
        rows = con.execute(f"select {names} from indicators.ind_t1_fatal_rate_yearly order by year").fetchall()
    print("T1 — Tỷ suất tử vong do TNLĐ / Fatal occupational-accident rate (target: −4 %/year)")
    print(format_table(rows, T1_COLUMNS))
