"""A scanner for personal data and secrets in everything the warehouse writes.

What it looks for (:class:`Needles`):

- national ID numbers by pattern: a Vietnamese citizen ID (CCCD) is 12 digits, the first three the
  province of registration, ``001``-``096``; so a 12-digit run beginning ``0``, then ``01``-``96``, not
  touching another letter, digit or decimal point (which keeps hex hashes, longer numbers and
  decimal fractions out);
- every ID value present in the raw sample (including malformed ones of 9 digits or more), literally;
- every person's name present in the raw sample (Unicode NFC, case-insensitive, as whole words);
- any secret handed to it (the hash key and its hex and base64 forms), literally.

Where it looks: any text (:func:`scan_text`); any DuckDB file, every table and view of every schema
and the catalogue (:func:`scan_duckdb`); any XLSX, every cell of every sheet and the raw XML
(:func:`scan_xlsx`); any Parquet file, every row; any folder, every file by kind and every file as
bytes too (:func:`scan_folder`); a Dagster run, every event serialised as Dagster stores it, and
the run record with its config and tags (:func:`scan_dagster_run`). JSON escapes (``\\u1ecb``) are
decoded before matching, since Dagster stores events as ASCII-only JSON.

The one whitelist: UUIDs (Dagster run IDs, dbt invocation IDs) are removed before matching. Their
last group is 12 hex digits, which about once in 3,000 UUIDs is all decimal and fits the pattern;
a national ID is never written as a UUID's last group, so nothing real is hidden by it.

To scan further outputs (exports, reports), call :func:`scan_folder` on their folder with the same
``Needles`` and assert that the result is empty.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

NATIONAL_ID = re.compile(r"(?<![0-9A-Za-z.])0(?:0[1-9]|[1-8][0-9]|9[0-6])[0-9]{9}(?![0-9A-Za-z])")
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{9,}(?![0-9])")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_JSON_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class Finding:
    where: str
    kind: str  # national_id_pattern | national_id_value | name | secret
    match: str  # masked: never the whole value

    def __str__(self) -> str:
        return f"{self.kind} {self.match!r} in {self.where}"


@dataclass
class Needles:
    names: set[str] = field(default_factory=set)
    national_ids: set[str] = field(default_factory=set)
    secrets: set[str] = field(default_factory=set)
    id_pattern: bool = True  # False: look for the given values and secrets only

    def __post_init__(self) -> None:
        self._names = sorted({_fold(n).strip() for n in self.names if n and n.strip()}, key=len, reverse=True)
        ids = {i for i in self.national_ids if sum(c.isdigit() for c in i) >= 9}
        self._ids = {i for i in ids if i.isdigit()}  # matched as whole runs of digits
        self._other_ids = sorted(ids - self._ids)  # typed with spaces or dashes: matched as they are
        self._secrets = sorted({s for s in self.secrets if s}, key=len, reverse=True)


def secret_forms(secret: str) -> set[str]:
    """A secret as it could be written down: itself, hex, base64 (standard and URL-safe, with or without padding)."""
    raw = secret.encode("utf-8")
    forms = {secret, raw.hex(), raw.hex().upper()}
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        encoded = encode(raw).decode("ascii")
        forms |= {encoded, encoded.rstrip("=")}
    return forms


def scan_text(text: str, where: str, needles: Needles, id_pattern: bool = True) -> list[Finding]:
    """Findings in ``text``. ``id_pattern=False`` skips the 12-digit pattern (for binary files whose
    storage packs short codes side by side, where digits of neighbours would form false runs)."""
    text = UUID.sub(" ", _decode_json_escapes(text))
    findings = []
    if id_pattern and needles.id_pattern:
        findings += [Finding(where, "national_id_pattern", _mask(m.group())) for m in NATIONAL_ID.finditer(text)]
    if needles._ids:
        findings += [Finding(where, "national_id_value", _mask(m.group()))
                     for m in _DIGIT_RUN.finditer(text) if m.group() in needles._ids]
    findings += [Finding(where, "national_id_value", _mask(i)) for i in needles._other_ids if i in text]
    if needles._names:
        folded = _fold(text)
        findings += [Finding(where, "name", _mask_name(name)) for name in needles._names if _has_word(folded, name)]
    findings += [Finding(where, "secret", s[:3] + "…") for s in needles._secrets if s in text]
    return findings


def _has_word(text: str, word: str) -> bool:
    """``word`` occurs in ``text`` not preceded or followed by a letter or digit."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(word, start + 1)
    return False


def scan_values(values: Iterable[object], where: str, needles: Needles) -> list[Finding]:
    """Scan many values at once (joined with a separator that no pattern crosses)."""
    return scan_text("\n".join("" if v is None else str(v) for v in values), where, needles)


def scan_duckdb(path: Path, needles: Needles) -> list[Finding]:
    """Every row of every table and view of every schema (read-only), and the catalogue itself."""
    import duckdb

    findings = []
    with duckdb.connect(str(path), read_only=True) as con:
        catalogue = con.execute(
            "select schema_name, table_name, 'table' from duckdb_tables() where not internal and not temporary "
            "union all select schema_name, view_name, 'view' from duckdb_views() where not internal and not temporary "
            "order by 1, 2"
        ).fetchall()
        definitions = con.execute(
            "select coalesce(sql, '') || ' ' || coalesce(comment, '') from duckdb_views() where not internal "
            "union all select coalesce(sql, '') || ' ' || coalesce(comment, '') from duckdb_tables() "
            "union all select column_name || ' ' || coalesce(comment, '') from duckdb_columns()"
        ).fetchall()
        findings += scan_values((d[0] for d in definitions), f"{path.name}: catalogue", needles)
        for schema, name, _ in catalogue:
            relation = con.execute(f'select * from "{schema}"."{name}"')
            while batch := relation.fetchmany(10_000):
                findings += scan_values((v for row in batch for v in row), f"{path.name}: {schema}.{name}", needles)
    return findings


def duckdb_relations(path: Path) -> list[str]:
    """``schema.name`` of every table and view the scanner reads in a DuckDB file."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        return [f"{s}.{n}" for s, n in con.execute(
            "select schema_name, table_name from duckdb_tables() where not internal "
            "union all select schema_name, view_name from duckdb_views() where not internal order by 1, 2"
        ).fetchall()]


def scan_xlsx(path: Path, needles: Needles, where: str | None = None) -> list[Finding]:
    """Every cell of every sheet (as text), plus every XML part of the file."""
    import fastexcel

    where = where or path.name
    findings = []
    workbook = fastexcel.read_excel(str(path))
    for sheet in workbook.sheet_names:
        frame = workbook.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        findings += scan_values((v for row in frame.iter_rows() for v in row), f"{where} [{sheet}]", needles)
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            findings += scan_text(archive.read(member).decode("utf-8", "replace"), f"{where} ({member})", needles)
    return findings


def scan_parquet(path: Path, needles: Needles, where: str | None = None) -> list[Finding]:
    """Every row of a Parquet file (compressed: its bytes alone would hide the text)."""
    import duckdb

    with duckdb.connect() as con:
        relation = con.execute("select * from read_parquet(?)", [str(path)])
        findings = []
        while batch := relation.fetchmany(10_000):
            findings += scan_values((v for row in batch for v in row), where or path.name, needles)
    return findings


def scan_file(path: Path, needles: Needles, where: str | None = None) -> list[Finding]:
    where = where or str(path)
    suffix = path.suffix.lower()
    findings = []
    if suffix == ".duckdb" or path.name.endswith(".duckdb.building"):
        findings += [Finding(f"{where}: {f.where}", f.kind, f.match) for f in scan_duckdb(path, needles)]
    elif suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        findings += scan_xlsx(path, needles, where)
    elif suffix == ".parquet":
        findings += scan_parquet(path, needles, where)
    # Every file is also read as bytes: text, logs, JSON, SQLite databases (Dagster's storage). In a
    # DuckDB or Parquet file, whose rows were read above, the bytes add what a query cannot see (freed
    # blocks) but pack short codes side by side, so the 12-digit pattern is left out there.
    text = path.read_bytes().decode("utf-8", "replace")
    findings += scan_text(text, where, needles, id_pattern=suffix not in (".duckdb", ".parquet"))
    return findings


def files_under(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, once per inode (a served publication is a hard link to a version)."""
    seen = set()
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            inode = path.stat().st_dev, path.stat().st_ino
            if inode not in seen:
                seen.add(inode)
                yield path


def scan_folder(root: Path, needles: Needles) -> list[Finding]:
    """Every file under ``root``: DuckDB files by SQL, XLSX by cell, everything as bytes too."""
    return [f for path in files_under(root) for f in scan_file(path, needles, str(path.relative_to(root.parent)))]


def serialised_run(instance, run_id: str) -> list[tuple[str, str]]:
    """(label, text) of every event of the run and of the run record (config, tags), as Dagster stores them."""
    from dagster._serdes import serialize_value

    run = instance.get_run_by_id(run_id)
    texts = [("run record", serialize_value(run)), ("run config", json.dumps(run.run_config, ensure_ascii=False)),
             ("run tags", json.dumps(run.tags, ensure_ascii=False))]
    for entry in instance.all_logs(run_id):
        label = entry.dagster_event.event_type_value if entry.dagster_event else "log message"
        texts.append((f"event {label} {entry.step_key or ''}".strip(), serialize_value(entry)))
    return texts


def scan_dagster_run(instance, run_id: str, needles: Needles) -> list[Finding]:
    return [f for label, text in serialised_run(instance, run_id)
            for f in scan_text(text, f"dagster run {run_id[:8]}: {label}", needles)]


def sample_personal_data(raw_dir: Path) -> tuple[set[str], set[str]]:
    """(names, national IDs) in every file of a landing zone, read by the warehouse's own readers.

    Every file is read as every family's template (current and older versions), so that a file
    submitted under the wrong family still gives up its names; values are taken both as typed by
    the sender and as parsed.
    """
    from orchestration.ingest.landing_zone import scan_family
    from orchestration.ingest.readers import ReadLimits
    from orchestration.ingest.submission import read_submission
    from schemas.registry import FAMILIES, template_versions

    names: set[str] = set()
    ids: set[str] = set()
    files = {f.relative_path: f for family in FAMILIES for f in scan_family(raw_dir, family)}
    for landing in files.values():
        for model in (m for family in FAMILIES for m in template_versions(family)):
            try:
                frame, _, version = read_submission(landing, model, ReadLimits())
            except Exception:  # unreadable as this template: try the next
                continue
            for spec in version.columns():
                target = names if spec.kind == "personal_name" else ids if spec.kind == "national_id" else None
                if target is None:
                    continue
                for column in (spec.name, f"_raw_{spec.name}"):
                    if column in frame.columns:
                        target |= {str(v).strip() for v in frame[column].drop_nulls().to_list() if str(v).strip()}
    return names, ids


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _decode_json_escapes(text: str) -> str:
    if "\\u" not in text:
        return text

    def decode(m: re.Match) -> str:
        if m.group(3):
            return chr(int(m.group(3), 16))
        high, low = int(m.group(1), 16), int(m.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _JSON_ESCAPE.sub(decode, text)


def _mask(value: str) -> str:
    return "*" * max(len(value) - 3, 0) + value[-3:]


def _mask_name(value: str) -> str:
    return " ".join(w[:1] + "…" for w in value.split())
