"""Property-based fuzzing of every reader and of ``osh validate``: any bytes, any mutation of a valid file,
yields rows or a clear rejection, never another exception, each example within a deadline.

Hypothesis is a dev dependency: without it these tests are skipped. CI runs ``OSH_FUZZ_EXAMPLES`` examples
per test (default 60, a few seconds each), derandomized: the same examples on every run, so CI is
reproducible and its time bounded. On demand, more examples and fresh random ones, e.g.

    OSH_FUZZ_EXAMPLES=5000 OSH_FUZZ_RANDOM=1 uv run --locked pytest -p no:cacheprovider tests/hostile/test_fuzz.py

A failure prints the smallest input that breaks the code: add it to the corpus (make_corpus.py) once fixed.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from orchestration.ingest.file_check import CLEAN, HAS_ERRORS, UNREADABLE, check_file  # noqa: E402
from orchestration.ingest.readers import RawTable, ReadLimits, UnreadableFileError, read_table  # noqa: E402
from orchestration.ingest.submission import expected_headers  # noqa: E402
from schemas.registry import FAMILIES  # noqa: E402
from tests.figures import record  # noqa: E402
from tests.hostile.conftest import bounded, ingest  # noqa: E402
from tests.hostile.make_corpus import FAMILY, FILES, HEADER, PERIOD, ROWS, csv_text, xlsx_bytes  # noqa: E402

EXAMPLES = int(os.environ.get("OSH_FUZZ_EXAMPLES", "60"))  # per reader test; the slower validator and
# pipeline tests (pandera, DuckDB: ~0.1 s an example) run a half and a quarter of it
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),  # any single example: bounded time, generously (first calls warm caches)
    database=None,  # no .hypothesis/ directory in the repository
    derandomize=os.environ.get("OSH_FUZZ_RANDOM") != "1",  # CI: a fixed seed, the same examples every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
# Small limits keep each example cheap and put the limit checks themselves under fuzz.
LIMITS = ReadLimits(max_file_bytes=2**20, max_rows=5_000, max_cell_chars=2_000,
                    max_uncompressed_bytes=8 * 2**20, max_columns=200)
ACCIDENTS = expected_headers(FAMILIES[FAMILY])
ROOT = Path(__file__).resolve().parents[2]

# Seeds for mutation: the blank templates of every family, the fixtures' CSV, JSON and XLSX, the corpus's
# valid files.
SEEDS: dict[str, list[bytes]] = {".xlsx": [], ".csv": [], ".json": []}
_VALID = ["valid.csv", "english_headers.csv", "mixed_line_endings.csv", "formulas.xlsx", "báo cáo tháng 7.xlsx"]
for _path in sorted([*(ROOT / "docs/templates/xlsx").glob("*.xlsx"), *(ROOT / "tests/fixtures").rglob("*.*"),
                     *(FILES / name for name in _VALID)]):
    if _path.suffix in SEEDS and 0 < _path.stat().st_size < 64_000 and not _path.is_symlink():
        SEEDS[_path.suffix].append(_path.read_bytes())
SEEDS[".json"].append(json.dumps([dict(zip(HEADER, row, strict=True)) for row in ROWS], ensure_ascii=False).encode())
WORKBOOKS = [seed for seed in SEEDS[".xlsx"] if seed.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(seed))]

_scratch = Path(tempfile.mkdtemp(prefix="osh-fuzz-"))


@pytest.fixture(autouse=True)
def _bounded_memory():
    """Every example has its deadline (FUZZ); all the examples of a test together must stay within 600 MB of
    peak resident memory above the start (VmHWM: Rust allocations in polars and calamine included)."""
    with bounded(seconds=60 + EXAMPLES * 5, megabytes=600):
        yield


def scratch_file(suffix: str, data: bytes, folder: str = "") -> Path:
    """The same path for every example of a test (hypothesis shares no function-scoped fixture)."""
    path = _scratch / folder / f"fuzzed{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read_or_reject(path: Path, expected=ACCIDENTS) -> RawTable | UnreadableFileError:
    try:
        return read_table(path, expected_labels=expected, limits=LIMITS)
    except UnreadableFileError as error:
        assert error.reason and error.message_vi and error.message_en and error.message_vi != error.message_en
        return error


# ---------------------------------------------------------------- strategies

_MAGIC = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe", b"[{", b'{"r": [',
          ",".join(HEADER).encode() + b"\n"]


@st.composite
def any_bytes(draw) -> bytes:
    """Arbitrary bytes, sometimes behind a plausible start so that the parsers go past their first check."""
    return draw(st.sampled_from(_MAGIC)) + draw(st.binary(max_size=3000))


def mutate(draw, data: bytes, max_edits: int = 8) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, max_edits))):
        where = draw(st.integers(0, max(len(out) - 1, 0)))
        match draw(st.sampled_from(["flip", "set", "insert", "text", "delete", "duplicate", "truncate"])):
            case "flip" if out:
                out[where] ^= 1 << draw(st.integers(0, 7))
            case "set" if out:
                out[where] = draw(st.integers(0, 255))
            case "insert":
                out[where:where] = draw(st.binary(min_size=1, max_size=16))
            case "text":  # keeps UTF-8 text valid, so that parsing goes on past the decoder
                out[where:where] = draw(st.text(min_size=1, max_size=16)).encode()
            case "delete":
                del out[where:where + draw(st.integers(1, 64))]
            case "duplicate":
                out[where:where] = out[where:where + draw(st.integers(1, 256))]
            case "truncate":
                del out[where:]
    return bytes(out)


@st.composite
def mutated_seed(draw, suffix: str) -> bytes:
    return mutate(draw, draw(st.sampled_from(SEEDS[suffix])), max_edits=3)


# Snippets that stress what calamine allocates from what a workbook declares.
_XML_SNIPPETS = [
    b'<c r="XFD1048576"><v>1</v></c>', b'<c r="A1048576" t="s"><v>0</v></c>', b"<c><v>1</v></c>" * 20,
    b'<row r="4294967295">', b"<row>", b"</row>", b"<c/>", b'<c r="B0"/>', b"<c r='zz9'><v>2</v></c>",
    b'<si><t>x</t></si>', b'uniqueCount="999999999999" ', b'<dimension ref="A1:XFD1048576"/>',
    b'<mergeCell ref="A1:XFD1048576"/>', b"<v>1e308</v>", b'<c t="e"><v>#REF!</v></c>', b"<f>=cmd|' /C calc'!A0</f>",
    b'<c t="inlineStr"><is><t>' + b"x" * 3000 + b"</t></is></c>", b"&#0;", b"\x00", b"<![CDATA[", b"<!--",
]


@st.composite
def mutated_workbook(draw) -> bytes:
    """A valid workbook with the XML of one part edited: numbers changed (to huge ones too), snippets
    inserted, slices deleted or repeated; then zipped again, so that the edits reach calamine's parser."""
    source = draw(st.sampled_from(WORKBOOKS))
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    xml_parts = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    name = draw(st.sampled_from(sorted(set(xml_parts) & {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                                          "xl/workbook.xml", "xl/styles.xml"}) or xml_parts))
    xml = parts[name]
    for _ in range(draw(st.integers(1, 4))):
        numbers = [m.span() for m in re.finditer(rb"\d+", xml)]
        kind = draw(st.sampled_from(["number", "snippet", "delete", "repeat", "bytes"]))
        if kind == "number" and numbers:
            start, end = draw(st.sampled_from(numbers))
            value = draw(st.one_of(st.integers(0, 20), st.integers(0, 2**32), st.integers(0, 10**15)))
            xml = xml[:start] + str(value).encode() + xml[end:]
        elif kind == "snippet":
            where = draw(st.integers(0, len(xml)))
            xml = xml[:where] + draw(st.sampled_from(_XML_SNIPPETS)) + xml[where:]
        elif kind == "delete":
            where = draw(st.integers(0, len(xml)))
            xml = xml[:where] + xml[where + draw(st.integers(1, 200)):]
        elif kind == "repeat":
            where = draw(st.integers(0, len(xml)))
            piece = xml[where:where + draw(st.integers(1, 300))]
            xml = xml[:where] + piece * draw(st.integers(2, 50)) + xml[where:]
        else:
            xml = mutate(draw, xml, 2)
    parts[name] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part, content in parts.items():
            target.writestr(part, content)
    return out.getvalue()


# Cell values a sender (or an attacker) might type: any text, formula-looking text, numbers in any form.
_CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "=1+1", "=cmd|' /C calc'!A0", "@SUM(A1)", "+84 905", "-", "#REF!", "1e308", "NaN",
                     "31/02/2025", "2025S3", "1.234.567,89", "0x10", "٣", "𝟙𝟚", "\u202e", "\x00", "ệ" * 300,
                     "Bị thương nặng", "Chết người", "Có", "Không", "Nam", "Nữ", "2025S1", "4300100027"]),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@st.composite
def accident_rows(draw) -> list[list[str]]:
    """The valid rows with some cells replaced by drawn values (and sometimes rows added or removed)."""
    rows = [list(r) for r in draw(st.lists(st.sampled_from(ROWS), min_size=0, max_size=5))]
    for row in rows:
        for column in draw(st.lists(st.integers(0, len(HEADER) - 1), max_size=4)):
            row[column] = draw(_CELL)
    return rows


# ---------------------------------------------------------------- any bytes, each reader


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".txt", ".json", ".dat"])
@FUZZ
@given(data=any_bytes())
def test_any_bytes_to_each_reader(suffix: str, data: bytes) -> None:
    record("fuzz_examples", 1, test="test_any_bytes_to_each_reader")
    path = scratch_file(suffix, data)
    read_or_reject(path)
    read_or_reject(path, expected=None)


# ---------------------------------------------------------------- mutated valid files


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
@FUZZ
@given(data=st.data())
def test_mutated_valid_files(suffix: str, data) -> None:
    record("fuzz_examples", 1, test="test_mutated_valid_files")
    path = scratch_file(suffix, data.draw(mutated_seed(suffix)))
    read_or_reject(path)
    read_or_reject(path, expected=None)


@FUZZ
@given(workbook=mutated_workbook())
def test_mutated_workbook_xml(workbook: bytes) -> None:
    """Edits inside the zip reach calamine itself (byte flips in a deflated stream mostly fail its CRC)."""
    record("fuzz_examples", 1, test="test_mutated_workbook_xml")
    read_or_reject(scratch_file(".xlsx", workbook), expected=None)


# ---------------------------------------------------------------- the validator and the pipeline


# What the readers take for blank: Unicode White_Space (polars' regex \s), not Python's isspace.
_BLANK = re.compile("[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*")


def _write(kind: str, rows: list[list[str]]) -> bytes:
    if kind == ".csv":
        return csv_text(HEADER, rows).encode()
    if kind == ".json":
        return json.dumps([dict(zip(HEADER, row, strict=True)) for row in rows], ensure_ascii=False).encode()
    return xlsx_bytes(HEADER, rows)


@pytest.mark.parametrize("kind", [".csv", ".xlsx", ".json"])
@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(rows=accident_rows())
def test_osh_validate_on_mutated_cells(kind: str, rows: list[list[str]]) -> None:
    record("fuzz_examples", 1, test="test_osh_validate_on_mutated_cells")
    path = scratch_file(kind, _write(kind, rows), folder=f"{FAMILY}/{PERIOD}")
    result = check_file(path, limits=LIMITS)
    assert result.status in (CLEAN, HAS_ERRORS, UNREADABLE)
    if result.status == UNREADABLE:
        assert result.message_en and result.message_vi
    else:  # no row lost, none invented: every row with a non-blank cell is read
        assert result.rows_read == len([r for r in rows if not all(_BLANK.fullmatch(v) for v in r)])


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(data=st.one_of(any_bytes(), mutated_seed(".csv"), mutated_seed(".xlsx")),
       suffix=st.sampled_from([".xlsx", ".csv", ".json"]))
def test_osh_validate_on_any_bytes(data: bytes, suffix: str) -> None:
    record("fuzz_examples", 1, test="test_osh_validate_on_any_bytes")
    for family in (None, FAMILY):  # recognised from the headers, or told
        result = check_file(scratch_file(suffix, data), family, limits=LIMITS)
        assert result.status in (CLEAN, HAS_ERRORS, UNREADABLE)
        assert result.status == CLEAN or result.message_en or result.problems


def _pipeline(make: Callable[[], tuple[str, bytes]]) -> None:
    name, content = make()
    raw = Path(tempfile.mkdtemp(dir=_scratch)) / "raw"
    (raw / FAMILY / PERIOD).mkdir(parents=True)
    (raw / FAMILY / PERIOD / name).write_bytes(content)
    [outcome] = ingest(raw, limits=LIMITS).result.outcomes  # asserts: never unexpected_error, rows conserved
    assert outcome.status in ("loaded", "rejected")
    assert outcome.status == "loaded" or (outcome.reason and outcome.message_en and outcome.message_vi)


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(rows=accident_rows(), kind=st.sampled_from([".csv", ".xlsx", ".json"]))
def test_ingest_files_on_mutated_cells(rows: list[list[str]], kind: str) -> None:
    record("fuzz_examples", 1, test="test_ingest_files_on_mutated_cells")
    _pipeline(lambda: (f"fuzzed{kind}", _write(kind, rows)))


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(data=st.one_of(any_bytes(), mutated_seed(".csv"), mutated_seed(".xlsx"), mutated_seed(".json")),
       suffix=st.sampled_from([".xlsx", ".csv", ".json"]))
def test_ingest_files_on_any_bytes(data: bytes, suffix: str) -> None:
    record("fuzz_examples", 1, test="test_ingest_files_on_any_bytes")
    _pipeline(lambda: (f"fuzzed{suffix}", data))
