"""Turn the review's frames into one self-contained HTML page per language.

Each section takes ONE frame from ``queries``: its chart, its table and the figures in its text are
all read from that frame. Every figure in the page carries its machine value (``data-value``) beside
the formatted one, under a stable id, so tests and other tools can check it against the indicator
tables. No script, no external resource: a Content-Security-Policy forbids any, and charts are inline SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Any

import jinja2
import polars as pl
from markupsafe import Markup

from orchestration.reports.review import charts
from orchestration.reports.review.queries import ReviewData, top_by_deaths, top_by_rate
from orchestration.reports.review.text import (
    STATUS,
    STATUS_MARK,
    TEXT,
    change,
    family_name,
    family_short_name,
    local_time,
    number,
    percent,
    period_label,
    rule_text,
)
from schemas.registry import FAMILIES

# --- cells and tables ----------------------------------------------------------------------------------------


def machine(value: Any) -> str:
    """The value as a machine reads it back: integers plainly, floats round-trip, booleans lower-case."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = "int"  # int, dec1, dec2, dec4, pct, change, status, text, bool


@dataclass
class Table:
    id: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    key: str = "code"
    caption: str = ""


class Formatter:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = TEXT[lang]

    def show(self, value: Any, kind: str) -> str:
        lang = self.lang
        if kind == "status":
            label = STATUS[lang].get(value or "no_data", value)
            return f"{STATUS_MARK.get(value or 'no_data', '')} {label}"
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        match kind:
            case "int":
                return number(value, lang, 0)
            case "dec1":
                return number(value, lang, 1)
            case "dec2":
                return number(value, lang, 2)
            case "dec4":
                return number(value, lang, 4)
            case "pct":
                return percent(value, lang, 1)
            case "change":
                return change(value, lang, 1)
            case "bool":
                return self.t["yes"] if value else self.t["no"]
        return str(value)

    def figure(self, fig_id: str, value: Any, kind: str = "int") -> Markup:
        """A figure in running text: the formatted value, with its id and machine value."""
        css = f" status status-{value or 'no_data'}" if kind == "status" else ""
        return Markup('<span class="fig{}" id="{}" data-value="{}">{}</span>').format(
            Markup(css), fig_id, machine(value), self.show(value, kind))

    def cell(self, column: Column, value: Any) -> Markup:
        css = "num" if column.kind not in ("text", "status", "bool") else column.kind
        if column.kind == "status":
            css = f"status status-{value or 'no_data'}"
        return Markup('<td class="{}" data-field="{}" data-value="{}">{}</td>').format(
            css, column.field, machine(value), self.show(value, column.kind))

    def table(self, table: Table) -> Markup:
        head = Markup("").join(
            Markup('<th scope="col" class="{}">{}</th>').format("num" if c.kind not in ("text",) else "text",
                                                                c.header)
            for c in table.columns)
        body = Markup("").join(
            Markup('<tr data-key="{}">{}</tr>').format(
                machine(row.get(table.key)), Markup("").join(self.cell(c, row.get(c.field)) for c in table.columns))
            for row in table.rows)
        caption = Markup("<caption>{}</caption>").format(table.caption) if table.caption else Markup("")
        return Markup('<table id="{}">{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(
            table.id, caption, head, body)

    def text(self, key: str, **figures: Any) -> Markup:
        """A sentence of TEXT with its figures (already Markup) put in."""
        return Markup(self.t[key]).format(**figures)


def rows(frame: pl.DataFrame | None) -> list[dict[str, Any]]:
    return [] if frame is None else frame.to_dicts()


def named(frame: pl.DataFrame, lang: str, unknown: str) -> pl.DataFrame:
    """Add ``name``: the name in the page's language, the code where there is none."""
    column = f"name_{lang}"
    return frame.with_columns(
        pl.when(pl.col("code") == "unknown").then(pl.lit(unknown))
        .otherwise(pl.col(column).fill_null(pl.col("code"))).alias("name"),
        pl.col(column).fill_null(pl.col("code")).alias(column),
    )


# --- the page ----------------------------------------------------------------------------------------------------

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("orchestration.reports.review", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _css() -> str:
    return resources.files("orchestration.reports.review").joinpath("templates/review.css").read_text("utf-8")


def render_review(data: ReviewData, lang: str, other_href: str) -> str:
    """The review page in one language; ``other_href`` is the twin page in the other language."""
    f = Formatter(lang)
    t = f.t
    period = data.period
    label = period_label(period.code, lang)
    province_name = data.province["province_name"][0] if data.province.height else ""
    about = data.publication.to_dicts()[0] if data.publication.height else {}
    context: dict[str, Any] = {
        "lang": lang,
        "t": t,
        "css": Markup(_css()),
        "other_href": other_href,
        "period_code": period.code,
        "label": label,
        "title": (t["title_year"].format(year=period.year) if period.half is None
                  else t["title_half"].format(label=label)),
        "authority": t["authority"].format(province=province_name.upper().replace("TỈNH ", "")),
        "publication": f.text(
            "publication",
            time=Markup('<span id="published-at" data-value="{}">{}</span>').format(
                machine(about.get("published_at")), local_time(about.get("published_at"))),
            run=Markup('<span id="run-id" data-value="{0}">{0}</span>').format(about.get("run_id", ""))),
        "lock": _lock(f, period.code, about),
        "footer": t["footer"].format(province=province_name),
        "method": t["method_text"].format(baseline=data.baseline_year),
    }
    context["summary"] = _summary(f, data, label)
    context["targets"] = [_t1(f, data, label), _t2(f, data, label), _t3(f, data, label)]
    context["beside_t1"] = _beside_t1(f, data)
    context["breakdowns"] = _breakdowns(f, data)
    context["causes"] = _causes(f, data)
    context["groups"] = _groups(f, data)
    context["diseases"] = _diseases(f, data, label)
    context["monitoring"] = _monitoring(f, data)
    context["completeness"] = _completeness(f, data)
    context["reconciliation"] = _reconciliation(f, data)
    context["quality"] = _quality(f, data, label)
    return _ENV.get_template("review.html.j2").render(**context)


def _lock(f: Formatter, period_code: str, about: dict[str, Any]) -> list[str]:
    if not about.get("locked_at"):
        return []
    lines = [f.t["lock_held"].format(period=period_code, at=about["locked_at"], by=about.get("locked_by") or "")]
    if about.get("pending_revision"):
        lines.append(f.t["lock_pending"])
    return lines


def _svg(chart: Any, f: Formatter, chart_id: str, description: str) -> Markup | None:
    return None if chart is None else Markup(charts.to_svg(chart, f.lang, chart_id, description))


def _current(series: pl.DataFrame, period_code: str) -> dict[str, Any]:
    match = series.filter(pl.col("period_code") == period_code)
    return match.to_dicts()[0] if match.height else {}


# --- targets -----------------------------------------------------------------------------------------------------

def _summary(f: Formatter, data: ReviewData, label: str) -> dict[str, Any]:
    """One card per target: the period's value and its two statuses."""
    t = f.t
    cards = []
    for target, series, kind in (("t1", data.t1, "dec2"), ("t2", data.t2, "int"), ("t3", data.t3, "int")):
        row = _current(series, data.period.code)
        cards.append({
            "id": target,
            "name": t[f"{target}_name"],
            "goal": t[f"{target}_goal"],
            "unit": t[f"{target}_unit"],
            "value": f.figure(f"summary-{target}-value", row.get("value"), kind),
            "change": f.figure(f"summary-{target}-change", row.get("yoy_change"), "change"),
            "yoy": f.figure(f"summary-{target}-yoy", row.get("yoy_status"), "status"),
            "trajectory": f.figure(f"summary-{target}-trajectory", row.get("trajectory_status"), "status"),
        })
    return {"lead": t["summary_lead"].format(baseline=data.baseline_year, label=label), "cards": cards}


def _target_table(f: Formatter, target: str, series: pl.DataFrame, value_kind: str) -> Table:
    t = f.t
    columns = [
        Column("period_code", t["period"], "text"),
        Column("value", t["actual"], value_kind),
        Column("ci_lower", t["ci_low"], value_kind),
        Column("ci_upper", t["ci_high"], value_kind),
        Column("yoy_change", t["change"], "change"),
        Column("yoy_required_value", t["required_yoy"], value_kind),
        Column("yoy_status", t["yoy_short"], "status"),
        Column("trajectory_value", t["required_trajectory"], value_kind),
        Column("trajectory_status", t["trajectory_short"], "status"),
    ]
    if target == "t1":
        columns[1:1] = [Column("deaths", t["deaths"]), Column("denominator_workers", t["workers"], "int")]
    return Table(f"{target}-series", columns, rows(series), key="period_code")


def _target_block(f: Formatter, target: str, series: pl.DataFrame, value_kind: str, text: Markup) -> dict[str, Any]:
    t = f.t
    unit = t[f"{target}_unit"]
    description = f"{t[target + '_name']} ({unit}): {t['series_actual']}, {t['series_yoy']}, {t['series_trajectory']}"
    return {
        "id": target,
        "name": t[f"{target}_name"],
        "goal": t[f"{target}_goal"],
        "unit": unit,
        "text": text,
        "chart": _svg(charts.target_chart(series, f.lang, unit), f, f"chart-{target}", description),
        "table": f.table(_target_table(f, target, series, value_kind)),
    }


def _noise(f: Formatter, row: dict[str, Any]) -> Markup:
    value = row.get("yoy_distinguishable_from_noise")
    if value is None:
        return Markup('<span id="{}" data-value="">—</span>').format("t1-noise")
    return Markup('<span id="t1-noise" data-value="{}">{}</span>').format(
        machine(value), f.t["noise_yes"] if value else f.t["noise_no"])


def _t1(f: Formatter, data: ReviewData, label: str) -> dict[str, Any]:
    row = _current(data.t1, data.period.code)
    if not row or row.get("value") is None:
        text = f.text("no_data_text", label=label)
    else:
        source = row.get("denominator_source")
        text = f.text(
            "t1_text", label=label,
            deaths=f.figure("t1-deaths", row.get("deaths")),
            workers=f.figure("t1-workers", row.get("denominator_workers")),
            source=f.t[f"denominator_{source}"] if source else f.t["denominator_none"],
            rate=f.figure("t1-value", row.get("value"), "dec2"),
            lower=f.figure("t1-ci-lower", row.get("ci_lower"), "dec2"),
            upper=f.figure("t1-ci-upper", row.get("ci_upper"), "dec2"),
            yoy=f.figure("t1-yoy-status", row.get("yoy_status"), "status"),
            change=f.figure("t1-yoy-change", row.get("yoy_change"), "change"),
            noise=_noise(f, row),
            trajectory=f.figure("t1-trajectory-value", row.get("trajectory_value"), "dec2"),
            trajectory_status=f.figure("t1-trajectory-status", row.get("trajectory_status"), "status"),
        ) + Markup(" ") + f.text(
            "t1_k", k=f.figure("t1-k", row.get("k_per_1000"), "dec4"),
            k_fatal=f.figure("t1-k-fatal", row.get("k_fatal_per_1000"), "dec4"))
        if data.period.half:
            text += Markup(" ") + f.t["t1_half_note"]
    return _target_block(f, "t1", data.t1, "dec2", text)


def _t2(f: Formatter, data: ReviewData, label: str) -> dict[str, Any]:
    row = _current(data.t2, data.period.code)
    if not row or row.get("value") is None:
        text = f.text("no_data_text", label=label)
    else:
        text = f.text(
            "t2_text", label=label,
            value=f.figure("t2-value", row.get("value")),
            reports=f.figure("t2-reports", row.get("exam_reports_received")),
            yoy=f.figure("t2-yoy-status", row.get("yoy_status"), "status"),
            change=f.figure("t2-yoy-change", row.get("yoy_change"), "change"),
            trajectory_status=f.figure("t2-trajectory-status", row.get("trajectory_status"), "status"),
            coverage=f.figure("t2-coverage", row.get("coverage"), "pct"),
        )
    return _target_block(f, "t2", data.t2, "int", text)


def _t3(f: Formatter, data: ReviewData, label: str) -> dict[str, Any]:
    row = _current(data.t3, data.period.code)
    if not row or row.get("value") is None:
        text = f.text("no_data_text", label=label)
    else:
        text = f.text(
            "t3_text", label=label,
            value=f.figure("t3-value", row.get("value")),
            harmful=f.figure("t3-harmful", row.get("harmful_factor_establishments")),
            coverage=f.figure("t3-coverage", row.get("coverage"), "pct"),
            yoy=f.figure("t3-yoy-status", row.get("yoy_status"), "status"),
            change=f.figure("t3-yoy-change", row.get("yoy_change"), "change"),
            trajectory_status=f.figure("t3-trajectory-status", row.get("trajectory_status"), "status"),
        )
    return _target_block(f, "t3", data.t3, "int", text)


def _beside_t1(f: Formatter, data: ReviewData) -> dict[str, Any]:
    row = data.t1_context.to_dicts()[0] if data.t1_context.height else {}
    parts = []
    if row.get("deaths_outside_the_rate") is not None:
        parts.append(f.text(
            "beside_t1_text",
            outside=f.figure("t1-outside", row.get("deaths_outside_the_rate")),
            not_managed=f.figure("t1-not-managed", row.get("deaths_not_under_management")),
            no_contract=f.figure("t1-no-contract-deaths", row.get("no_contract_deaths")),
            nc_victims=f.figure("t1-no-contract-victims", row.get("no_contract_victims")),
            nc_insured=f.figure("t1-no-contract-insured", row.get("no_contract_victims_insured")),
        ))
    if row.get("nonfatal_cases") is not None:
        parts.append(f.text(
            "nonfatal_text",
            cases=f.figure("nonfatal-cases", row.get("nonfatal_cases")),
            rate=f.figure("nonfatal-rate", row.get("nonfatal_rate_per_100k"), "dec2"),
            days=f.figure("nonfatal-days-per-case", row.get("days_lost_per_case"), "dec1"),
        ))
    return {"title": f.t["beside_t1"], "paragraphs": parts}


# --- breakdowns ------------------------------------------------------------------------------------------------

def _cells_table(f: Formatter, table_id: str, cells: pl.DataFrame) -> Table:
    t = f.t
    return Table(table_id, [
        Column("name", t["name"], "text"),
        Column("deaths", t["deaths"]),
        Column("accidents", t["accidents"]),
        Column("employers", t["employers"]),
        Column("denominator_workers", t["workers"]),
        Column("fatal_rate_per_100k", t["rate"], "dec2"),
        Column("fatal_rate_ci_lower", t["ci_low"], "dec2"),
        Column("fatal_rate_ci_upper", t["ci_high"], "dec2"),
        Column("yoy_status", t["yoy_short"], "status"),
    ], rows(cells))


PAIR = {"width": 250, "label_limit": 170}  # two charts side by side
COUNTS = ("#1d4e89", "#b91c1c", "#f59e0b")  # victims, deaths, without contract


def _breakdowns(f: Formatter, data: ReviewData) -> dict[str, Any]:
    t = f.t
    blocks = []
    for kind, cells, title in (("communes", data.communes, t["by_commune"]), ("sectors", data.sectors, t["by_sector"])):
        cells = named(cells, f.lang, t["unknown"])
        most, highest = top_by_deaths(cells), top_by_rate(cells)
        if most.height:
            first, rate_first = most.row(0, named=True), highest.row(0, named=True)
            summary = f.text(
                f"top_text_{kind[:-1]}",
                name=Markup('<span id="top-{}-deaths-name" data-value="{}">{}</span>').format(
                    kind, first["code"], first["name"]),
                deaths=f.figure(f"top-{kind}-deaths", first["deaths"]),
                rate_name=Markup('<span id="top-{}-rate-name" data-value="{}">{}</span>').format(
                    kind, rate_first["code"], rate_first["name"]),
                rate=f.figure(f"top-{kind}-rate", rate_first["fatal_rate_per_100k"], "dec2"),
            )
        else:
            summary = Markup(t["top_none"])
        blocks.append({
            "id": kind,
            "title": title,
            "summary": summary,
            "deaths_chart": _svg(charts.bar_chart(most, f.lang, "deaths", t["deaths"], count=True, **PAIR), f,
                                 f"chart-{kind}-deaths", f"{title}: {t['top_deaths']}"),
            "rate_chart": _svg(charts.bar_chart(highest, f.lang, "fatal_rate_per_100k", t["rate"],
                                                lower="fatal_rate_ci_lower", upper="fatal_rate_ci_upper",
                                                **PAIR), f,
                               f"chart-{kind}-rate", f"{title}: {t['top_rate']}"),
            "deaths_table": f.table(_cells_table(f, f"{kind}-top-deaths", most)),
            "rate_table": f.table(_cells_table(f, f"{kind}-top-rate", highest)),
        })
    sizes = named(data.size_bands, f.lang, t["unknown"])
    return {
        "lead": t["breakdowns_lead"],
        "blocks": blocks,
        "size_title": t["by_size"],
        "size_table": f.table(_cells_table(f, "size-bands", sizes)),
    }


def _causes(f: Formatter, data: ReviewData) -> dict[str, Any]:
    t = f.t
    cells = named(data.causes, f.lang, t["unknown"])
    table = Table("causes-table", [
        Column("name", t["name"], "text"),
        Column("accidents", t["accidents"]),
        Column("victims", t["victims"]),
        Column("deaths", t["deaths"]),
        Column("deaths_under_management", t["deaths_under_management"]),
        Column("severely_injured", t["severely_injured"]),
        Column("no_contract_victims", t["no_contract_victims"]),
        Column("no_contract_deaths", t["no_contract_deaths"]),
    ], rows(cells))
    chart = charts.grouped_bars(cells, f.lang, [("victims", t["victims"]), ("deaths", t["deaths"]),
                                                ("no_contract_victims", t["no_contract_victims"])], colors=COUNTS)
    return {"lead": t["causes_lead"], "table": f.table(table),
            "chart": _svg(chart, f, "chart-causes", t["causes"])}


def _groups(f: Formatter, data: ReviewData) -> dict[str, Any]:
    t = f.t
    cells = named(data.groups, f.lang, t["unknown"])
    table = Table("groups-table", [
        Column("name", t["group"], "text"),
        Column("victims", t["victims"]),
        Column("deaths", t["deaths"]),
        Column("victims_under_management", t["victims_under_management"]),
        Column("no_contract_victims", t["no_contract_victims"]),
        Column("no_contract_deaths", t["no_contract_deaths"]),
        Column("workers_reported", t["workers_reported"]),
        Column("victim_rate_per_100k", t["victim_rate"], "dec1"),
    ], rows(cells))
    chart = charts.grouped_bars(cells, f.lang, [("victims", t["victims"]), ("deaths", t["deaths"]),
                                                ("no_contract_victims", t["no_contract_victims"])], colors=COUNTS)
    ytd = t["groups_ytd"] if data.period.half else ""
    return {"lead": t["groups_lead"].format(year=data.period.year, ytd=ytd), "missing": t["groups_missing"],
            "table": f.table(table), "chart": _svg(chart, f, "chart-groups", t["groups"])}


def _diseases(f: Formatter, data: ReviewData, label: str) -> dict[str, Any]:
    t = f.t
    cells = named(data.diseases, f.lang, t["unknown"])
    total = cells.filter(pl.col("code") == "all")
    total_row = total.to_dicts()[0] if total.height else {}
    listed = cells.filter((pl.col("code") != "all") & (pl.col("diagnosed_workers").fill_null(0) > 0))
    paragraphs = []
    if total_row.get("diagnosed_workers") is not None:
        paragraphs.append(f.text(
            "diseases_text", label=label,
            new=f.figure("diseases-new", total_row.get("new_cases")),
            diagnosed=f.figure("diseases-diagnosed", total_row.get("diagnosed_workers")),
            reports=f.figure("diseases-reports", total_row.get("exam_reports_received"))))
    else:
        paragraphs.append(f.text("no_data_text", label=label))
    if total_row.get("annual_report_new_cases") is not None:
        paragraphs.append(f.text(
            "diseases_annual", employers=f.figure("diseases-annual-employers", total_row["annual_report_employers"]),
            cases=f.figure("diseases-annual-new", total_row["annual_report_new_cases"])))
    table = Table("diseases-table", [
        Column("name", t["disease"], "text"),
        Column("new_cases", t["new_cases"]),
        Column("new_cases_ci_lower", t["ci_low"], "dec2"),
        Column("new_cases_ci_upper", t["ci_high"], "dec2"),
        Column("diagnosed_workers", t["diagnosed"]),
    ], rows(pl.concat([listed, total]) if total.height else listed))
    chart = charts.bar_chart(listed, f.lang, "new_cases", t["new_cases"], lower="new_cases_ci_lower",
                             upper="new_cases_ci_upper", count=True)
    return {"title": t["diseases"], "paragraphs": paragraphs, "table": f.table(table),
            "chart": _svg(chart, f, "chart-diseases", t["diseases"])}


def _monitoring(f: Formatter, data: ReviewData) -> dict[str, Any]:
    t = f.t
    cells = named(data.monitoring, f.lang, t["unknown"])
    bodies = cells.filter(pl.col("data_source") == "monitoring_body")
    factors = bodies.filter((pl.col("code") != "all") & (pl.col("samples").fill_null(0) > 0))
    total = bodies.filter(pl.col("code") == "all")
    paragraphs = []
    total_row = total.to_dicts()[0] if total.height else {}
    if total_row.get("samples"):
        paragraphs.append(f.text(
            "monitoring_text", samples=f.figure("monitoring-samples", total_row["samples"]),
            failing=f.figure("monitoring-failing", total_row["failing_samples"]),
            share=f.figure("monitoring-share", total_row["failing_share"], "pct")))
    annual = cells.filter((pl.col("data_source") == "employer_annual_report") & (pl.col("code") == "all"))
    annual_row = annual.to_dicts()[0] if annual.height else {}
    if annual_row.get("samples"):
        paragraphs.append(f.text(
            "monitoring_annual", samples=f.figure("monitoring-annual-samples", annual_row["samples"]),
            failing=f.figure("monitoring-annual-failing", annual_row["failing_samples"]),
            share=f.figure("monitoring-annual-share", annual_row["failing_share"], "pct")))
    table = Table("monitoring-table", [
        Column("name", t["factor"], "text"),
        Column("establishments", t["employers"]),
        Column("samples", t["samples"]),
        Column("failing_samples", t["failing"]),
        Column("failing_share", t["failing_share"], "pct"),
        Column("failing_share_ci_lower", t["ci_low"], "pct"),
        Column("failing_share_ci_upper", t["ci_high"], "pct"),
    ], rows(pl.concat([factors, total]) if total.height else factors))
    chart = charts.bar_chart(factors, f.lang, "failing_share", t["failing_share"], lower="failing_share_ci_lower",
                             upper="failing_share_ci_upper", percent=True, color="#b45309")
    return {"title": t["monitoring"], "paragraphs": paragraphs, "note": t["monitoring_note"],
            "table": f.table(table), "chart": _svg(chart, f, "chart-monitoring", t["monitoring"])}


# --- reporting, reconciliation, quality ----------------------------------------------------------------------

def _family_order(frame: pl.DataFrame) -> pl.DataFrame:
    order = {family: i for i, family in enumerate(FAMILIES)}
    return frame.with_columns(pl.col("family").replace_strict(order, default=len(order)).alias("_order")) \
        .sort(["_order", "family"]).drop("_order")


def _completeness(f: Formatter, data: ReviewData) -> dict[str, Any]:
    t = f.t
    families = _family_order(data.completeness).with_columns(
        pl.col("family").alias("code"),
        pl.col("family").map_elements(lambda x: family_name(x, "vi"), return_dtype=pl.String).alias("name_vi"),
        pl.col("family").map_elements(lambda x: family_name(x, "en"), return_dtype=pl.String).alias("name_en"),
    ) if data.completeness.height else data.completeness.with_columns(
        pl.lit(None, pl.String).alias("code"), pl.lit(None, pl.String).alias("name_vi"),
        pl.lit(None, pl.String).alias("name_en"))
    families = named(families, f.lang, t["unknown"])
    totals = {k: int(families[k].sum() or 0) for k in ("expected", "received", "on_time")} if families.height \
        else {"expected": 0, "received": 0, "on_time": 0}
    paragraphs = []
    if totals["expected"]:
        paragraphs.append(f.text(
            "completeness_text",
            received=f.figure("completeness-received", totals["received"]),
            expected=f.figure("completeness-expected", totals["expected"]),
            rate=f.figure("completeness-rate", totals["received"] / totals["expected"], "pct"),
            on_time=f.figure("completeness-on-time", totals["on_time"]),
            on_time_rate=f.figure("completeness-on-time-rate", totals["on_time"] / totals["expected"], "pct")))
    table = Table("completeness-table", [
        Column("name", t["family"], "text"),
        Column("periods", t["periods"]),
        Column("expected", t["expected"]),
        Column("received", t["received"]),
        Column("on_time", t["on_time"]),
        Column("reporting_rate", t["reporting_rate"], "pct"),
        Column("on_time_rate", t["on_time_rate"], "pct"),
        Column("periods_open", t["periods_open"]),
    ], rows(families))
    short = families.with_columns(pl.col("family").map_elements(
        lambda x: family_short_name(x, f.lang), return_dtype=pl.String).alias(f"name_{f.lang}"))
    chart = charts.grouped_bars(short, f.lang, [("reporting_rate", t["reporting_rate"]),
                                                   ("on_time_rate", t["on_time_rate"])], percent=True)
    communes = named(data.completeness_communes, f.lang, t["unknown"])
    complete = communes.filter(pl.col("received") >= pl.col("expected")).height
    commune_table = Table("completeness-communes", [
        Column("name", t["name"], "text"),
        Column("employer_expected", f"{t['employer_reports']}: {t['expected'].lower()}"),
        Column("employer_received", f"{t['employer_reports']}: {t['received'].lower()}"),
        Column("employer_on_time", f"{t['employer_reports']}: {t['on_time'].lower()}"),
        Column("commune_expected", f"{t['commune_report']}: {t['expected'].lower()}"),
        Column("commune_received", f"{t['commune_report']}: {t['received'].lower()}"),
        Column("reporting_rate", t["reporting_rate"], "pct"),
    ], rows(communes.head(15)))
    commune_text = f.text("commune_completeness_text",
                          complete=f.figure("communes-complete", complete),
                          communes=f.figure("communes-total", communes.height)) if communes.height else Markup("")
    return {"lead": t["completeness_lead"], "paragraphs": paragraphs, "table": f.table(table),
            "chart": _svg(chart, f, "chart-completeness", t["completeness"]),
            "communes_title": t["by_commune_completeness"], "communes_text": commune_text,
            "communes_table": f.table(commune_table)}


def _reconciliation(f: Formatter, data: ReviewData) -> dict[str, Any]:
    t = f.t
    row = data.reconciliation.to_dicts()[0] if data.reconciliation.height else {}
    ytd = t["groups_ytd"] if data.period.half else ""
    paragraphs = []
    if row:
        paragraphs.append(f.text(
            "reconciliation_text",
            without=f.figure("rec-cases-without-record", row.get("insurance_cases_without_enterprise_record")),
            cases=f.figure("rec-cases", row.get("insurance_non_commuting_cases")),
            share=f.figure("rec-cases-share", row.get("share_without_enterprise_record"), "pct"),
            deaths_without=f.figure("rec-deaths-without-case",
                                    row.get("enterprise_deaths_without_insurance_death_case")),
            deaths=f.figure("rec-deaths", row.get("enterprise_deaths")),
            deaths_share=f.figure("rec-deaths-share", row.get("share_deaths_without_insurance_case"), "pct")))
    return {"lead": t["reconciliation_lead"].format(year=data.period.year, ytd=ytd), "paragraphs": paragraphs}


def _quality(f: Formatter, data: ReviewData, label: str) -> dict[str, Any]:
    t = f.t
    if data.quality_files is None or data.quality_rules is None:
        return {"lead": t["quality_lead"].format(label=label), "paragraphs": [Markup(t["quality_missing"])],
                "files_table": None, "rules_table": None}
    files = _family_order(data.quality_files).with_columns(pl.col("family").alias("code"))
    files = files.with_columns(
        pl.col("family").map_elements(lambda x: family_name(x, f.lang), return_dtype=pl.String).alias("name"))
    sums = {k: int(files[k].sum() or 0) for k in ("files", "rejected_files", "rows_read", "rows_rejected",
                                                  "rows_with_warnings")}
    paragraphs = [f.text(
        "quality_text", files=f.figure("quality-files", sums["files"]),
        rejected=f.figure("quality-rejected-files", sums["rejected_files"]),
        rows_read=f.figure("quality-rows-read", sums["rows_read"]),
        rows_rejected=f.figure("quality-rows-rejected", sums["rows_rejected"]),
        rows_warned=f.figure("quality-rows-warned", sums["rows_with_warnings"]))]
    files_table = Table("quality-files-table", [
        Column("name", t["family"], "text"),
        Column("files", t["files"]),
        Column("rejected_files", t["rejected_files"]),
        Column("rows_read", t["rows_read"]),
        Column("rows_loaded", t["rows_loaded"]),
        Column("rows_rejected", t["rows_rejected"]),
    ], rows(files))
    rules = data.quality_rules.with_columns(
        (pl.col("family") + "/" + pl.col("rule") + "/" + pl.col("column_name").fill_null("")).alias("code"),
        pl.col("family").map_elements(lambda x: family_name(x, f.lang), return_dtype=pl.String).alias("family_name"),
        pl.col("severity").replace_strict({"error": t["severity_error"], "warning": t["severity_warning"]},
                                          default=pl.col("severity")).alias("level"),
        (pl.col("header_vi") if f.lang == "vi" else pl.col("column_name")).alias("column"),
    )
    rules = rules.with_columns(pl.Series("rule_text", [
        rule_text(rule, column, f.lang) for rule, column in zip(rules["rule"], rules["column"], strict=True)
    ], dtype=pl.String))
    rules_table = Table("quality-rules", [
        Column("family_name", t["family"], "text"),
        Column("rule_text", t["rule"], "text"),
        Column("rule", t["code"], "text"),
        Column("level", t["severity"], "text"),
        Column("rows_affected", t["rows_affected"]),
    ], rows(rules))
    return {"lead": t["quality_lead"].format(label=label), "paragraphs": paragraphs,
            "files_table": f.table(files_table), "rules_table": f.table(rules_table)}
