"""From a file's raw text table to the template's typed columns, noting every value that did not parse."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

import polars as pl

from orchestration.ingest import normalise as n
from orchestration.ingest.canonical import CanonicalCells, canonical_cells, canonical_value
from orchestration.ingest.readers import RawTable, normalise_label
from schemas import reference
from schemas.template import POLARS_TYPE, ColumnSpec, OshReport

ROW = "_row_number"
PARSE_FAILED = "_parse_failed"  # list of column names whose value did not parse
FILE_FORMAT = "_file_format"  # a batch's column: the format of the file each row comes from (xlsx, csv...)

_SEX = {"nam": "male", "male": "male", "m": "male", "nữ": "female", "nu": "female", "female": "female",
        "f": "female"}


@dataclass(frozen=True)
class HeaderMatch:
    renames: dict[str, str]  # file label -> canonical column
    missing_required: list[str]  # canonical names
    missing_optional: list[str]
    unknown_labels: list[str]
    # canonical column -> the file's labels that all name it (e.g. its Vietnamese and English headers)
    duplicated: dict[str, list[str]] = field(default_factory=dict)


def header_index(model: type[OshReport]) -> dict[str, str]:
    """Every accepted spelling of a header -> canonical name: the Vietnamese header, the canonical name
    (API senders) and the English label (a sender who filled in an English copy of the form). The English
    label never displaces another column's Vietnamese or canonical spelling."""
    index: dict[str, str] = {}
    for spec in model.columns():
        index[normalise_label(spec.header_vi)] = spec.name
        index[normalise_label(spec.name)] = spec.name
    for spec in model.columns():
        index.setdefault(normalise_label(spec.label_en), spec.name)
    return index


def match_headers(labels: list[str], model: type[OshReport]) -> HeaderMatch:
    index = header_index(model)
    renames: dict[str, str] = {}
    unknown = []
    duplicated: dict[str, list[str]] = {}
    for label in labels:
        canonical = index.get(normalise_label(label))
        if canonical and canonical not in renames.values():
            renames[label] = canonical
        else:
            unknown.append(label)
            if canonical:
                first = next(k for k, v in renames.items() if v == canonical)
                duplicated.setdefault(canonical, [first]).append(label)
    present = set(renames.values())
    specs = model.columns()
    return HeaderMatch(
        renames=renames,
        missing_required=[s.name for s in specs if s.required and s.name not in present],
        missing_optional=[s.name for s in specs if not s.required and s.name not in present],
        unknown_labels=unknown,
        duplicated=duplicated,
    )


# XLSX numeric cells and JSON numbers reach us as text with a decimal POINT ("1.404" is one and a bit),
# whereas people typing Vietnamese numbers use the point for thousands ("1.404" is one thousand...).
MACHINE_NUMBER_FORMATS = frozenset({"xlsx", "json"})
# Machines print the shortest form (1.2, never 1.200), so a trailing zero marks text a person typed.
_PLAIN_DECIMAL = r"^-?\d+\.\d*[1-9]$"


def _numeric_text(spec: ColumnSpec, file_format: str | None) -> pl.Expr:
    """A machine-written decimal rewritten with the decimal comma (a whole-number column: left unparseable).

    ``file_format`` None: the format is each row's ``_file_format`` (a batch of files of several formats)."""
    column = pl.col(spec.name)
    if file_format is not None and file_format not in MACHINE_NUMBER_FORMATS:
        return column
    cleaned = column.str.strip_chars()
    if spec.kind == "integer":
        as_decimal = pl.lit(None, dtype=pl.String)
    else:
        as_decimal = cleaned.str.replace(".", ",", literal=True)
    machine = cleaned.str.contains(_PLAIN_DECIMAL)
    if file_format is None:
        machine = pl.col(FILE_FORMAT).is_in(sorted(MACHINE_NUMBER_FORMATS)) & machine
    return pl.when(machine).then(as_decimal).otherwise(column)


def parser_for(spec: ColumnSpec, file_format: str | None = "csv", cleaned: pl.Expr | None = None) -> pl.Expr:
    """The typed value of one column, from its text; null where the text does not parse.

    ``file_format`` None: numbers are read by the format of each row's file (its ``_file_format`` column).
    ``cleaned``: the column's text already through ``normalise.clean_text``, if at hand (type_text has it:
    NFC on a column of Vietnamese names costs as much as all the rest of its typing)."""
    text = n.clean_text(pl.col(spec.name)) if cleaned is None else cleaned
    match spec.kind:
        case "text" | "personal_name":
            return text
        case "code":
            code = n.code_of_clean(text)
            if spec.code_list:
                aliases = reference.code_aliases(spec.code_list)
                return code.str.to_lowercase().replace_strict(aliases, default=code, return_dtype=pl.String)
            return code
        case "commune":
            code = n.code_of_clean(text)
            return pl.when(code.str.contains(r"^\d{1,5}$")).then(code.str.zfill(5)).otherwise(code)
        case "integer":
            return n.parse_integer(_numeric_text(spec, file_format))
        case "decimal":
            return n.parse_decimal(_numeric_text(spec, file_format))
        case "date":
            return n.parse_date(pl.col(spec.name))
        case "datetime":
            return n.parse_datetime(pl.col(spec.name))
        case "boolean":
            return n.bool_of_clean(text)
        case "tax_code":
            return n.normalise_tax_code(pl.col(spec.name))
        case "national_id":
            return n.normalise_digits(pl.col(spec.name), 12)
        case "period":
            return n.period_of_clean(text)
        case "sex":
            return text.str.to_lowercase().replace_strict(_SEX, default=None, return_dtype=pl.String)
    raise ValueError(f"no parser for kind {spec.kind!r}")


SMALL_TEXT_CELLS = 4096  # below this many cells, to_text builds its frame from Python lists (see there)


@dataclass(frozen=True)
class TextRows:
    """``to_text``'s frame of a small table before it is built: its rows as tuples, and the frame's schema.
    Building a polars frame costs per column, not per row (0.1 ms for a one-row file of 40 columns), so the
    small files of a batch are built into one frame together (``stack_text``)."""

    rows: list[tuple]
    schema: dict[str, pl.DataType]

    @property
    def height(self) -> int:
        return len(self.rows)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows, schema=self.schema, orient="row")


def stack_text(texts: list[pl.DataFrame | TextRows]) -> pl.DataFrame:
    """The texts one under the other, in order (``pl.concat(how="vertical_relaxed")``), each run of small
    ones with the same schema built as one frame."""
    frames: list[pl.DataFrame] = []
    for schema, run in groupby(texts, key=lambda text: text.schema if isinstance(text, TextRows) else None):
        if schema is None:
            frames += run
        else:
            frames.append(TextRows([row for text in run for row in text.rows], schema).frame())
    if not frames:
        return pl.DataFrame()
    return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical_relaxed")


def as_frame(text: pl.DataFrame | TextRows) -> pl.DataFrame:
    return text if isinstance(text, pl.DataFrame) else text.frame()


def to_text(
    table: RawTable, model: type[OshReport], match: HeaderMatch,
    lineage: Mapping[str, tuple[object, pl.DataType]] | None = None,
) -> pl.DataFrame:
    """The file's rows as text under the template's column names, in the template's order.

    ``_row_number`` then one String column per template column (absent optional ones null); the file's
    other columns are left out; then ``lineage``'s columns (name: (value, type)), one value for every row.
    Cheap: no value is looked at, so that the typing is done once per batch. A province's files hold a
    row or two, for which polars' per-expression overhead (a select, then the lineage columns) cost more
    than the read itself: a small table of text is built from Python lists in one step instead, the same
    frame (tests/orchestration/ingest/test_finish_paths.py).
    """
    return as_frame(text_of(table, model, match, lineage))


def text_of(
    table: RawTable, model: type[OshReport], match: HeaderMatch,
    lineage: Mapping[str, tuple[object, pl.DataType]] | None = None,
) -> pl.DataFrame | TextRows:
    """``to_text``, a small table's rows left unbuilt (TextRows), so that its batch builds them with others'."""
    frame = table.frame
    schema = frame.schema  # built anew on each access: read it once
    by_name = {name: label for label, name in match.renames.items()}
    lineage = lineage or {}
    specs = model.columns()
    if (frame.height * (len(specs) + len(lineage)) <= SMALL_TEXT_CELLS and schema[ROW] == pl.Int64
            and all(schema[label] == pl.String for label in by_name.values())):
        return _small_to_text(frame, specs, by_name, lineage)
    columns = [pl.col(ROW) if schema[ROW] == pl.Int64 else pl.col(ROW).cast(pl.Int64)]
    for spec in specs:
        label = by_name.get(spec.name)
        if label is None:
            columns.append(pl.lit(None, dtype=pl.String).alias(spec.name))
        elif schema[label] == pl.String:
            columns.append(pl.col(label).alias(spec.name))
        else:
            columns.append(pl.col(label).cast(pl.String).alias(spec.name))
    columns += [pl.lit(value, dtype=dtype).alias(name) for name, (value, dtype) in lineage.items()]
    return frame.select(columns)


def _small_to_text(frame: pl.DataFrame, specs, by_name: Mapping[str, str],
                   lineage: Mapping[str, tuple[object, pl.DataType]]) -> TextRows:
    position = {name: i for i, name in enumerate(frame.columns)}
    picks = [position[ROW], *(position.get(by_name.get(spec.name), -1) for spec in specs)]
    constants = tuple(value for value, _ in lineage.values())
    types = {ROW: pl.Int64} | {spec.name: pl.String for spec in specs} | {
        name: dtype for name, (_, dtype) in lineage.items()}
    rows = [(*(row[i] if i >= 0 else None for i in picks), *constants) for row in frame.rows()]
    return TextRows(rows, types)


def type_text(frame: pl.DataFrame, model: type[OshReport], file_format: str | None = None) -> pl.DataFrame:
    """Parse every template column of ``frame`` (text, as ``to_text`` gives it), one expression per column.

    ``frame`` may hold the rows of many files: numbers are then read by each row's ``_file_format``
    (``file_format`` None), and every expression is row by row, so a row types as it would alone. Other
    columns (``_row_number``, lineage) are kept. Adds ``_raw_<column>`` (cleaned text, kept only to report a
    value that failed) and ``_parse_failed`` (the columns whose text did not parse).
    """
    return type_columns(frame, model.columns(), file_format)


def type_columns(
    frame: pl.DataFrame, specs: Sequence[ColumnSpec], file_format: str | None = None, *, canonical: bool = True
) -> pl.DataFrame:
    """``type_text`` of the columns ``specs``, rows in the same order. The canonical cells
    (``canonical.canonical_cells``) are typed by casts, the others by the general parsers: the same result,
    checked by tests that type the same text with ``canonical=False`` (every cell the general way)."""
    cells = canonical_cells(frame, specs) if canonical else None
    if cells is None:
        typed = _typed_values(frame, specs, file_format)
        return typed.with_columns(_parse_failed(typed, specs))
    fits = frame.select(mask.alias(name) for name, mask in cells.masks.items())
    odd = [s for s in specs if s.name in cells.masks and not fits[s.name].all()]
    typed = _typed_values(frame, specs, file_format, cells)
    if odd:
        # The rows with an odd cell (3 in 100 of a national extract) typed again the general way, in the columns
        # that hold odd cells only, and put back in their places: a canonical cell types the same either way, and
        # no sort is needed to put the two kinds of row back in order (a national extract's typing 1.98 -> 1.77 µs
        # a row, an annual report's 60 columns 9.5 -> 8.0; docs/performance.md, round 15).
        rows = fits.select(~pl.all_horizontal(s.name for s in odd)).to_series().arg_true()
        carried = [FILE_FORMAT] if FILE_FORMAT in frame.columns else []
        general = _typed_values(frame.select(*(s.name for s in odd), *carried)[rows], odd, file_format)
        typed = typed.with_columns(
            typed.get_column(name).scatter(rows, general.get_column(name))
            for s in odd for name in (s.name, f"_raw_{s.name}")
        )
    may_fail = [s for s in specs if s.name not in cells.typed or s in odd]  # a canonical value never fails
    return typed.with_columns(_parse_failed(typed, may_fail))


def _typed_values(
    frame: pl.DataFrame, specs: Sequence[ColumnSpec], file_format: str | None, canonical: CanonicalCells | None = None
) -> pl.DataFrame:
    """Every column parsed, with its cleaned text (``_raw_<column>``); or, with ``canonical``, its text columns
    cast and left uncleaned as if every cell were canonical (type_columns puts the others right)."""
    typed_names = canonical.typed if canonical else frozenset()
    clean_names = canonical.clean if canonical else frozenset()
    raw = [
        (pl.col(s.name) if s.name in clean_names else n.clean_text(pl.col(s.name))).alias(f"_raw_{s.name}")
        for s in specs
    ]
    typed = [
        (canonical_value(s) if s.name in typed_names else parser_for(s, file_format, pl.col(f"_raw_{s.name}")))
        .cast(POLARS_TYPE[s.kind]).alias(s.name)
        for s in specs
    ]
    return frame.with_columns(raw).with_columns(typed)


_NO_FAILURE = pl.Series(PARSE_FAILED, [[]], dtype=pl.List(pl.String))


def _parse_failed(frame: pl.DataFrame, specs: Sequence[ColumnSpec]) -> pl.Series | pl.Expr:
    """The names of the columns of ``specs`` whose text did not parse, row by row (the others cannot fail).

    The lists are built for the rows that have a failure only, every other row given the one empty list:
    polars' ``concat_list`` over every row cost 4 µs a row for the ten columns of a national extract, more than
    all the rest of its typing."""
    flags = frame.select((pl.col(f"_raw_{s.name}").is_not_null() & pl.col(s.name).is_null()).alias(s.name)
                         for s in specs)
    failing = flags.select(pl.any_horizontal(pl.all())).to_series().arg_true() if specs else []
    if not len(failing):
        return pl.lit([], dtype=pl.List(pl.String)).alias(PARSE_FAILED)
    lists = flags[failing].select(
        pl.concat_list(pl.when(pl.col(s.name)).then(pl.lit(s.name)) for s in specs).list.drop_nulls()
        .alias(PARSE_FAILED)
    ).to_series().append(_NO_FAILURE)
    slots = pl.repeat(len(failing), frame.height, dtype=pl.UInt32, eager=True)  # the empty list, last of lists
    return lists.gather(slots.scatter(failing, pl.int_range(len(failing), dtype=pl.UInt32, eager=True)))


def to_typed(table: RawTable, model: type[OshReport], match: HeaderMatch) -> pl.DataFrame:
    """One file's rows typed: ``to_text`` then ``type_text`` (the pipeline types whole batches instead).

    Returns the typed columns plus ``_row_number``, ``_raw_<column>`` and ``_parse_failed``.
    """
    return type_text(to_text(table, model, match), model, table.file_format)
