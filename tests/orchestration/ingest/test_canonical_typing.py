"""Cells typed by casts (canonical.py) give exactly what the general parsers give, in the same order."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.ingest.canonical import _SHAPES, canonical_cells
from orchestration.ingest.parse import FILE_FORMAT, PARSE_FAILED, type_columns
from schemas.registry import FAMILIES

# every kind of column: accident declarations have all but decimals and dates
SPECS = [
    *FAMILIES["accident_cases"].columns(),
    next(s for s in FAMILIES["accident_summary"].columns() if s.kind == "decimal"),
    next(s for s in FAMILIES["occupational_disease_exams"].columns() if s.kind == "date"),
]
KINDS = {s.kind for s in SPECS}

# near misses of every canonical shape, and what people type
MESSY = [
    "", " ", "  12 ", "12\u00a0", "1.234", "1,234", "-0", "007", "1.000", "1.500", "999.999", "1.5e3", "inf", "NaN",
    "-", "+5", "1.2.3", "12,5", "2021-02-30", "2021-2-3", "05/03/2021", "2021-03-05T10:20:30",
    "2021-03-05 10:20", "45123", "202113", "2021S3", "2021s1", "T1/2021", "tháng 1 năm 2021", "1899",
    "0123456789-001", "0123 456 789", "01234567890", "123456789012", "27526", " 27526", "2752", "Có", "không",
    "x", "Nam", "nữ", "Nguye\u0302\u0303n Văn A", "Nguyễn  Văn A", " Nguyễn", "Nguyễn\tVăn", "Trần\u200bThị",
    "99999999999999999999", "-12", "0", "0.5", "1234.5", "1234.50", "12.0",
]


# one canonical value of each kind: the other columns of a row under test hold these, so that the row's fate
# turns on the column under test
CANONICAL = {
    "period": "2021S1", "tax_code": "0123456789", "text": "Công ty Cổ phần Đường", "commune": "27526",
    "code": "C", "datetime": "2021-03-05 10:20:30", "national_id": "051234567890", "personal_name": "Nguyễn Văn A",
    "sex": "Nam", "integer": "1987", "boolean": "Có", "decimal": "1234.5", "date": "2021-03-05",
}


def canonical_text(kind: str) -> st.SearchStrategy[str]:
    if kind in _SHAPES:
        return st.from_regex(_SHAPES[kind].pattern, fullmatch=True)
    return st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạếệữ AN0123456789", min_size=1, max_size=12)


def frame_varying(spec_index: int, values: list[str | None], formats: list[str]) -> pl.DataFrame:
    """Rows canonical but for the column SPECS[spec_index], which holds ``values``."""
    height = len(values)
    data = {s.name: [CANONICAL[s.kind]] * height for s in SPECS}
    data[SPECS[spec_index].name] = values
    data[FILE_FORMAT] = (formats * height)[:height]
    schema = {s.name: pl.String for s in SPECS} | {FILE_FORMAT: pl.String}
    return pl.DataFrame(data, schema=schema).with_row_index("_row_number")


@st.composite
def frames(draw) -> tuple[pl.DataFrame, str | None]:
    index = draw(st.integers(min_value=0, max_value=len(SPECS) - 1))
    kind = SPECS[index].kind
    values = draw(st.lists(st.one_of(canonical_text(kind), st.sampled_from(MESSY), st.none()), min_size=1, max_size=8))
    formats = draw(st.lists(st.sampled_from(["csv", "xlsx", "json"]), min_size=1, max_size=3))
    return frame_varying(index, values, formats), draw(st.sampled_from([None, "csv", "xlsx", "json"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_canonical_cells_type_as_the_general_parsers_do(case: tuple[pl.DataFrame, str | None]) -> None:
    frame, file_format = case
    fast = type_columns(frame, SPECS, file_format)
    general = type_columns(frame, SPECS, file_format, canonical=False)
    assert fast.columns == general.columns
    assert fast.equals(general), (fast.to_dicts(), general.to_dicts())


@st.composite
def frames_messy_in_many_columns(draw) -> tuple[pl.DataFrame, str | None]:
    """Rows whose columns are each canonical or messy independently: a row may hold several odd values."""
    height = draw(st.integers(min_value=1, max_value=8))
    data = {
        s.name: draw(st.lists(st.one_of(canonical_text(s.kind), st.just(CANONICAL[s.kind]), st.sampled_from(MESSY),
                                        st.none()), min_size=height, max_size=height))
        for s in SPECS
    }
    data[FILE_FORMAT] = draw(st.lists(st.sampled_from(["csv", "xlsx", "json"]), min_size=height, max_size=height))
    schema = {s.name: pl.String for s in SPECS} | {FILE_FORMAT: pl.String}
    frame = pl.DataFrame(data, schema=schema).with_row_index("_row_number")
    return frame, draw(st.sampled_from([None, "csv", "xlsx", "json"]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames_messy_in_many_columns())
def test_rows_with_odd_values_in_several_columns_type_as_the_general_parsers_do(
    case: tuple[pl.DataFrame, str | None],
) -> None:
    frame, file_format = case
    text = frame.clone()
    fast = type_columns(frame, SPECS, file_format)
    assert fast.equals(type_columns(frame, SPECS, file_format, canonical=False)), fast.to_dicts()
    assert frame.equals(text)  # the odd cells are put in place in the typed frame, never in the text


def test_every_messy_value_in_every_column_types_as_the_general_parsers_do() -> None:
    for index in range(len(SPECS)):
        for file_format in (None, "csv", "xlsx", "json"):
            frame = frame_varying(index, MESSY, ["csv", "xlsx", "json"])
            general = type_columns(frame, SPECS, file_format, canonical=False)
            assert type_columns(frame, SPECS, file_format).equals(general), (SPECS[index].name, file_format)


def test_a_programs_extract_is_typed_by_casts_and_only_its_messy_rows_are_parsed() -> None:
    """What makes the fast path fast: a canonical cell of every kind fits, and one messy value takes only itself
    out: the rest of its row stays canonical."""
    assert set(CANONICAL) == KINDS
    rows = [{s.name: CANONICAL[s.kind] for s in SPECS} for _ in range(3)]
    rows[1]["employer_tax_code"] = "0123 456 789"
    frame = pl.DataFrame(rows, schema={s.name: pl.String for s in SPECS})
    found = canonical_cells(frame, SPECS)
    assert found is not None and found.typed == {s.name for s in SPECS if s.kind in _SHAPES}
    assert frame.select(found.mask).to_series().to_list() == [True, False, True]
    odd = {name: frame.select(mask).to_series().to_list() for name, mask in found.masks.items()
           if not frame.select(mask).to_series().all()}
    assert odd == {"employer_tax_code": [True, False, True]}  # only that cell goes the general way
    typed = type_columns(frame, SPECS, "csv")
    assert typed["employer_tax_code"].to_list() == ["0123456789"] * 3
    assert typed[PARSE_FAILED].to_list() == [[], [], []]
    assert typed.equals(type_columns(frame, SPECS, "csv", canonical=False))
