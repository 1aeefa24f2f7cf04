"""Charts of the review: Vega-Altair specifications rendered to inline SVG by vl-convert, offline.

Every chart takes the very frame its section's text and table read. vl-convert runs Vega in an
embedded JavaScript engine: nothing is fetched (``allowed_base_urls=[]``), and the same spec gives
the same SVG, so the report is byte-for-byte reproducible from a publication.
"""

from __future__ import annotations

import math
import re

import altair as alt
import polars as pl
import vl_convert as vlc

from orchestration.reports.review.text import CHART_LOCALES, TEXT

FONT = "Arial, Helvetica, 'Noto Sans', 'DejaVu Sans', sans-serif"
ACTUAL, YOY, TRAJECTORY = "#1d4e89", "#c2410c", "#6b7280"
BAR, BAR_LIGHT = "#1d4e89", "#93b4d9"
WIDTH = 560


def count_axis(maximum: float | None) -> alt.Axis:
    """Whole-number ticks for counts (no 0.5 death): every integer up to a dozen, else a step of at least 1."""
    if maximum is not None and maximum <= 12:
        return alt.Axis(format="d", values=list(range(0, math.ceil(maximum) + 1)))
    return alt.Axis(format="d", tickMinStep=1)


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (chart.configure(font=FONT, background="white")
            .configure_view(strokeWidth=0)
            .configure_axis(labelFontSize=11, titleFontSize=11, labelColor="#222", titleColor="#222",
                            gridColor="#e5e7eb")
            .configure_legend(labelFontSize=11, titleFontSize=11, orient="bottom", labelLimit=320))


def to_svg(chart: alt.TopLevelMixin, lang: str, chart_id: str, description: str) -> str:
    """Render to SVG, make its ids unique in the page, and label it for screen readers."""
    svg = vlc.vegalite_to_svg(_config(chart).to_dict(), allowed_base_urls=[], format_locale=CHART_LOCALES[lang])
    svg = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{chart_id}-\1"', svg)
    title = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return svg.replace(
        "<svg ",
        f'<svg id="{chart_id}" role="img" aria-labelledby="{chart_id}-title" '
        'style="max-width:100%;height:auto" ',
        1,
    ).replace(">", f'><title id="{chart_id}-title">{title}</title>', 1)


def target_chart(series: pl.DataFrame, lang: str, unit: str) -> alt.LayerChart | None:
    """Actual values with their 95% intervals, the year-on-year requirement and the compound trajectory."""
    t = TEXT[lang]
    actual = series.filter(pl.col("value").is_not_null())
    if actual.is_empty():
        return None
    names = [t["series_actual"], t["series_yoy"], t["series_trajectory"]]
    long = pl.concat([
        actual.select("period_code", pl.col("value").alias("y"), pl.lit(names[0]).alias("series")),
        series.filter(pl.col("yoy_required_value").is_not_null())
        .select("period_code", pl.col("yoy_required_value").alias("y"), pl.lit(names[1]).alias("series")),
        series.filter(pl.col("trajectory_value").is_not_null())
        .select("period_code", pl.col("trajectory_value").alias("y"), pl.lit(names[2]).alias("series")),
    ])
    order = series["period_code"].to_list()
    x = alt.X("period_code:N", sort=order, title=t["period"], axis=alt.Axis(labelAngle=0))
    color = alt.Color("series:N", scale=alt.Scale(domain=names, range=[ACTUAL, YOY, TRAJECTORY]), title=None)
    y = alt.Y("y:Q", title=unit, scale=alt.Scale(zero=True))
    lines = alt.Chart(long).encode(x=x, y=y, color=color)
    trajectory = lines.transform_filter(alt.datum.series == names[2]).mark_line(strokeDash=[6, 4], point=True)
    required = lines.transform_filter(alt.datum.series == names[1]).mark_tick(thickness=3, size=26)
    observed = lines.transform_filter(alt.datum.series == names[0]).mark_line(point=alt.OverlayMarkDef(size=70))
    layers = [trajectory, required, observed]
    intervals = actual.filter(pl.col("ci_lower").is_not_null())
    if not intervals.is_empty():
        layers.insert(0, alt.Chart(intervals).mark_rule(color=ACTUAL, opacity=0.45, strokeWidth=2).encode(
            x=x, y=alt.Y("ci_lower:Q", title=unit), y2="ci_upper:Q"))
    return alt.layer(*layers).properties(width=WIDTH, height=240)


def bar_chart(cells: pl.DataFrame, lang: str, value: str, title: str, *, lower: str | None = None,
              upper: str | None = None, percent: bool = False, count: bool = False, color: str = BAR,
              width: int = WIDTH - 180, label_limit: int = 260) -> alt.LayerChart | None:
    """Horizontal bars, in the frame's order, with an interval where the frame has one."""
    data = cells.filter(pl.col(value).is_not_null())
    if data.is_empty():
        return None
    name = f"name_{lang}"
    data = data.with_columns(pl.col(name).fill_null(pl.col("code")).alias("label"))
    order = data["label"].to_list()
    highest = max(data[c].max() or 0 for c in (value, upper) if c)
    axis = alt.Axis(format=".0%") if percent else count_axis(highest) if count else alt.Axis()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_limit))
    x = alt.X(f"{value}:Q", title=title, axis=axis)
    layers = [alt.Chart(data).mark_bar(color=color, height=14).encode(x=x, y=y)]
    if lower and upper:
        ranged = data.filter(pl.col(lower).is_not_null() & pl.col(upper).is_not_null())
        if not ranged.is_empty():
            layers.append(alt.Chart(ranged).mark_rule(color="#111", strokeWidth=1.5).encode(
                x=alt.X(f"{lower}:Q", title=title), x2=f"{upper}:Q", y=y))
    return alt.layer(*layers).properties(width=width, height=max(60, 22 * data.height))


def grouped_bars(frame: pl.DataFrame, lang: str, measures: list[tuple[str, str]], *, percent: bool = False,
                 colors: tuple[str, ...] = (BAR, BAR_LIGHT, "#f59e0b")) -> alt.Chart | None:
    """Several measures per row (e.g. reporting rate and on-time rate per family), side by side."""
    if frame.is_empty():
        return None
    name = f"name_{lang}"
    labelled = frame.with_columns(pl.col(name).fill_null(pl.col("code")).alias("label"))
    long = pl.concat([
        labelled.select("label", pl.col(column).cast(pl.Float64).alias("amount"), pl.lit(title).alias("measure"))
        for column, title in measures
    ]).filter(pl.col("amount").is_not_null())
    if long.is_empty():
        return None
    titles = [title for _, title in measures]
    x_axis = alt.Axis(format=".0%") if percent else count_axis(long["amount"].max())
    x_scale = alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=True)
    return alt.Chart(long).mark_bar(height=9).encode(
        y=alt.Y("label:N", sort=labelled["label"].to_list(), title=None, axis=alt.Axis(labelLimit=300)),
        yOffset=alt.YOffset("measure:N", sort=titles),
        x=alt.X("amount:Q", title=None, scale=x_scale, axis=x_axis),
        color=alt.Color("measure:N", scale=alt.Scale(domain=titles, range=list(colors[: len(titles)])), title=None),
    ).properties(width=WIDTH - 200, height=max(80, 12 * len(titles) * labelled.height + 8))
