"""Exports of every indicator table: Parquet and CSV, UTF-8 with BOM, formula injection neutralised."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import polars as pl
import pytest

from orchestration.reports.exports import export_indicators, export_publication, neutralise


def test_every_indicator_table_is_exported_as_parquet_and_csv(demo_warehouse, tmp_path):
    written = export_indicators(demo_warehouse["served"], tmp_path)
    with duckdb.connect(str(demo_warehouse["served"]), read_only=True) as con:
        tables = [r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = 'indicators' "
                                        "order by 1").fetchall()]
        assert len(tables) >= 12
        for table in tables:
            expected = con.sql(f'select * from indicators."{table}" order by all').pl()
            parquet = pl.read_parquet(tmp_path / f"{table}.parquet")
            assert parquet.equals(expected), table
            raw = (tmp_path / f"{table}.csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
            assert rows[0] == expected.columns
            assert len(rows) - 1 == expected.height
    manifest = json.loads((tmp_path / "publication.json").read_text(encoding="utf-8"))
    assert sorted(manifest["tables"]) == tables
    assert len(written) == 2 * len(tables) + 1


def test_formula_injection_is_neutralised_in_text_but_numbers_stay_numbers(tmp_path):
    published = tmp_path / "tiny.duckdb"
    with duckdb.connect(str(published)) as con:
        con.execute("create schema indicators; create schema publication")
        con.execute("create table publication.about as select now() as published_at, 'run' as run_id, 1 as tables")
        con.execute("""create table indicators.ind_example as select label, count, change::double as change from (values
            ('=1+1', -5, -0.04), ('+SUM(A1)', 3, 0.5), ('-2+3', -1, -1.5), ('@cmd', 0, 0.0),
            ('\tTAB', 1, 1.0), ('Xã An Phú', 2, 2.0)) as t(label, count, change)""")
    export_indicators(published, tmp_path / "out")
    text = (tmp_path / "out" / "ind_example.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    labels = {row[0] for row in rows[1:]}
    assert labels == {"'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTAB", "Xã An Phú"}
    assert {row[1] for row in rows[1:]} >= {"-5", "-1"}  # negative numbers untouched
    assert {row[2] for row in rows[1:]} >= {"-0.04", "-1.5"}
    # Parquet keeps the data as it is: typed columns are not a spreadsheet
    assert "=1+1" in pl.read_parquet(tmp_path / "out" / "ind_example.parquet")["label"].to_list()


def test_neutralise_leaves_other_types_alone():
    frame = pl.DataFrame({"code": ["-x", None, "ok"], "value": [-1.0, None, 2.0]})
    assert neutralise(frame).to_dict(as_series=False) == {"code": ["'-x", None, "ok"], "value": [-1.0, None, 2.0]}


def test_nightly_exports_serve_the_newest_set_and_keep_three(demo_warehouse, tmp_path):
    exports = tmp_path / "exports"
    for version in ("v1", "v2", "v3", "v4"):
        target = export_publication(demo_warehouse["published"], exports, version)
    assert (exports / "latest").resolve() == target.resolve() == (exports / "v4").resolve()
    assert sorted(p.name for p in exports.iterdir() if not p.is_symlink()) == ["v2", "v3", "v4"]
    for tier in ("analysts", "bi"):
        assert (exports / "latest" / tier / "ind_t1_fatal_rate_yearly.csv").exists()
    bi = pl.read_parquet(exports / "latest" / "bi" / "ind_t1_fatal_rate.parquet")
    assert "suppressed" in bi.columns  # the BI tier's small-cell flag travels with it


def test_an_export_killed_before_its_swap_leaves_nothing_after_the_next(demo_warehouse, tmp_path):
    """A killed run leaves its ``.<version>.building`` folder; the next export, of another version, removes it."""
    exports = tmp_path / "exports"
    export_publication(demo_warehouse["published"], exports, "v1")
    (exports / ".v2.building" / "analysts").mkdir(parents=True)
    export_publication(demo_warehouse["published"], exports, "v3")
    assert sorted(p.name for p in exports.iterdir()) == ["latest", "v1", "v3"]


@pytest.mark.parametrize("tier", ["analysts", "bi"])
def test_osh_export_command(demo_warehouse, tmp_path, tier):
    from typer.testing import CliRunner

    from orchestration.cli import app

    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path), "--tier", tier])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ind_t1_fatal_rate_yearly.parquet").exists()
