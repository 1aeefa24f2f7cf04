"""Write one submission as the sender would, with its mistakes, and record it.

Per file: choose the sender's style, decide when it arrives (on time or late), maybe replace it by a
whole-file mistake (empty, not a spreadsheet, a damaged workbook, another report's template, the
wrong period folder, a wrong sender code on every row), inject row-level mistakes and quirks, and
maybe follow it with a corrected resubmission (later receipt, same sender and period).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from orchestration.generate import calendar, mistakes, render
from orchestration.generate.families.base import FamilyRules, Producer, Row, Submission, previous_year, resolved
from orchestration.generate.geography import foreign_commune_codes
from orchestration.generate.identifiers import with_bad_check_digit
from orchestration.generate.output import Record
from orchestration.generate.randomness import rng, text_key
from orchestration.generate.styles import Style, sender_style
from orchestration.generate.world import World
from orchestration.generate.writers import open_sink
from schemas import reference
from schemas.periods import Period, parse_period
from schemas.template import OshReport

RESUBMIT_AFTER_MISTAKES = 0.4
RESEND_AFTER_BROKEN_FILE = 0.8
_CORRECTION_SUFFIXES = ("_dieu_chinh", "_lan2", "_bo_sung", " (1)")
_NOT_A_SPREADSHEET = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class Settings:
    out: Path
    seed: int
    error_rate: float
    quirk_rate: float
    file_error_rate: float
    chunk_rows: int = 20_000


@dataclass
class Env:
    """What emitting needs beyond the submission: settings, the world, the producers (for donors)."""

    settings: Settings
    world: World
    producers: dict[str, Producer]
    donors: Callable[[str], list[str]]  # family -> families whose files can land in its folder by mistake


def emit(sub: Submission, producer: Producer, env: Env, record: Record) -> None:
    s = env.settings
    r = rng(s.seed, "file", sub.family, sub.period.code, sub.sender, sub.file_stem)
    style = sender_style(sub.sender_kind, sub.habit, r)
    received = calendar.receipt_time(r, sub.family, sub.period, r.random() < sub.timeliness, style.machine)
    rows = list(sub.rows)
    path = _path(s.out, sub, style)
    if rows and r.random() < s.file_error_rate and _broken_file(sub, producer, env, style, rows, received, r, record):
        if r.random() >= RESEND_AFTER_BROKEN_FILE:
            return
        # the sender notices and sends the right file, under another name
        received = calendar.later(r, received)
        path = _path(s.out, sub, style, sub.file_stem + r.choice(_CORRECTION_SUFFIXES))
    injected = _write(sub, producer, env, style, rows, received, path, r, record, s.error_rate, s.quirk_rate)
    if injected and r.random() < RESUBMIT_AFTER_MISTAKES:
        stem = path.stem + "_sua"
        _write(sub, producer, env, style, rows, calendar.later(r, received), _path(s.out, sub, style, stem), r,
               record, 0.0, s.quirk_rate)


def _path(out: Path, sub: Submission, style: Style, stem: str | None = None, period: str | None = None) -> Path:
    return out / sub.family / (period or sub.period.code) / f"{stem or sub.file_stem}{style.suffix}"


def _relative(path: Path, out: Path) -> str:
    return path.relative_to(out).as_posix()


def _receipt(record: Record, path: Path, out: Path, received: datetime, family: str) -> None:
    record.receipts.append((_relative(path, out), received.isoformat()))
    record.files[family] += 1


def headers(model: type[OshReport], style: Style) -> tuple[list[str], list[str]]:
    specs = model.columns()
    keys = [s.name for s in specs]
    if not style.decorated_headers:
        return [s.header_vi for s in specs], keys
    labels = []
    for s in specs:
        label = s.header_vi + (" *" if s.required else "")
        if s.unit and s.unit.split(" / ")[0] != "%":
            label += f" ({s.unit.split(' / ')[0]})"
        labels.append(label)
    return labels, keys


def title_block(model: type[OshReport], period: Period, sender: str, rows: int) -> list[str]:
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
        model.template.title_vi.upper(), f"Kỳ báo cáo: {period.code} - Đơn vị báo cáo: {sender}",
    ]
    if rows <= 3:
        lines = [model.template.title_vi.upper(), f"Kỳ báo cáo: {period.code} - Đơn vị báo cáo: {sender}", ""]
    return lines[:rows]


@cache
def _rules(producer: Producer) -> FamilyRules:
    return resolved(producer.model, producer.rules)


def file_context(producer: Producer, env: Env, style: Style, error_rate: float, quirk_rate: float,
             period: Period, national: bool = False) -> mistakes.FileContext:
    model = producer.model
    info = model.template
    return mistakes.FileContext(
        specs=model.columns(), rules=_rules(producer), style=style, sender_column=info.sender_column,
        period_column=info.period_column, key_columns=info.key_columns,
        foreign_communes=() if national else foreign_commune_codes(env.world.province),
        other_sender=lambda sender: producer.other_sender(env.world, period, sender),
        error_rate=error_rate, quirk_rate=quirk_rate, national=national,
    )


def _write(
    sub: Submission, producer: Producer, env: Env, style: Style, rows: list[Row], received: datetime, path: Path,
    r: random.Random, record: Record, error_rate: float, quirk_rate: float,
) -> bool:
    """Write the file; True if a row-level mistake was injected."""
    model = producer.model
    header, keys = headers(model, style)
    title = title_block(model, sub.period, sub.sender_label or sub.sender, style.title_rows)
    ctx = file_context(producer, env, style, error_rate, quirk_rate, sub.period)
    cells, injections = mistakes.render_rows(rows, ctx, r)
    sink = open_sink(path, style, header, keys, title)
    sink.write(cells)
    sink.close()
    _receipt(record, path, env.settings.out, received, sub.family)
    record.rows[sub.family] += len(cells)
    relative = _relative(path, env.settings.out)
    header_row = 0 if style.fmt == "json" else style.title_rows + 1
    if style.title_rows:
        record.manifest.append((relative, str(header_row), "", mistakes.NORMALISED, f"title_block:{style.title_rows}",
                                ""))
    if style.decorated_headers:
        record.manifest.append((relative, str(header_row), "", mistakes.NORMALISED, "decorated_headers", ""))
    for i in injections:
        record.manifest.append((relative, str(header_row + 1 + i.row), i.column, i.rule, i.value, i.expected))
        record.injected[i.rule] += 1
    return any(i.rule != mistakes.NORMALISED for i in injections)


# ---------------------------------------------------------------- whole-file mistakes


def _broken_file(
    sub: Submission, producer: Producer, env: Env, style: Style, rows: list[Row], received: datetime,
    r: random.Random, record: Record,
) -> bool:
    """Write a whole-file mistake in place of the submission; False if none applies."""
    model = producer.model
    options: list[str] = []
    if style.fmt == "csv":
        options.append("empty_file")
    if style.fmt != "json":
        options.append("not_a_spreadsheet")
    if style.fmt == "xlsx":
        options.append("corrupt_xlsx")
    if env.donors(sub.family):
        options += ["wrong_family", "wrong_family"]
    if model.template.event_date_column is None and int(previous_year(sub.period.code)[:4]) in env.world.years:
        options.append("wrong_period_folder")
    if _sender_mistake(model) is not None:
        options.append("wrong_sender_code")
    kind = r.choice(options)
    out = env.settings.out
    if kind in ("empty_file", "not_a_spreadsheet", "corrupt_xlsx"):
        path = _path(out, sub, style)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            raise FileExistsError(f"{path} would be written twice")
        if kind == "corrupt_xlsx":
            _write_plain(sub, producer, style, rows, path)
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        else:
            path.write_bytes(_empty_looking(path) if kind == "empty_file" else _not_a_spreadsheet(path))
        _receipt(record, path, out, received, sub.family)
        record.manifest.append((_relative(path, out), "", "", kind, "", ""))
        record.injected[kind] += 1
        return True
    if kind == "wrong_family":
        return _wrong_family(sub, env, r, received, record)
    if kind == "wrong_period_folder":
        folder = previous_year(sub.period.code)
        path = _path(out, sub, style, period=folder)
        _write_every_row(sub, producer, env, style, rows, received, path, record, model.template.period_column,
                         "period_matches_file", None)
        return True
    column, rule, wrong = _sender_mistake(model)  # type: ignore[misc]
    path = _path(out, sub, style)
    value = wrong(env, sub.sender)
    _write_every_row(sub, producer, env, style, rows, received, path, record, column, rule, value)
    return True


def _empty_looking(path: Path) -> bytes:
    """A CSV with nothing but blank lines; its own blanks, since the warehouse takes equal bytes for one file."""
    bits = text_key(path.as_posix())
    return b"\xef\xbb\xbf" + b"".join(b"\t" if bits >> i & 1 else b" " for i in range(64)) + b"\r\n\r\n"


def _not_a_spreadsheet(path: Path) -> bytes:
    """A PDF (the scanned, signed report) sent in place of the spreadsheet."""
    return _NOT_A_SPREADSHEET.replace(b"%%EOF", f"% {path.name}\n%%EOF".encode())


def _sender_mistake(model: type[OshReport]) -> tuple[str, str, Callable[[Env, str], str]] | None:
    """A wrong sender code written on every row: caught by its column's rule, and on every row alike."""
    spec = next(s for s in model.columns() if s.name == model.template.sender_column)
    if spec.kind == "tax_code":
        return spec.name, "tax_code_check_digit", lambda env, sender: with_bad_check_digit(sender)
    if spec.kind == "commune":
        return spec.name, "unknown_commune", lambda env, sender: foreign_commune_codes(env.world.province)[
            int(sender) % len(foreign_commune_codes(env.world.province))]
    if spec.code_list:
        bogus = next(c for c in ("99999", "00000", "X1") if c not in reference.codes(spec.code_list))
        return spec.name, "unknown_code", lambda env, sender: bogus
    return None


def _write_every_row(
    sub: Submission, producer: Producer, env: Env, style: Style, rows: list[Row], received: datetime, path: Path,
    record: Record, column: str, rule: str, value: str | None,
) -> None:
    """A file whose every row carries the same mistake (and nothing else)."""
    changed = rows if value is None else [{**row, column: value} for row in rows]
    spec = next(s for s in producer.model.columns() if s.name == column)
    header, keys = headers(producer.model, style)
    title = title_block(producer.model, sub.period, sub.sender_label or sub.sender, style.title_rows)
    specs = producer.model.columns()
    cells = [[render.clean(s, row[s.name], style) for s in specs] for row in changed]
    sink = open_sink(path, style, header, keys, title)
    sink.write(cells)
    sink.close()
    _receipt(record, path, env.settings.out, received, sub.family)
    record.rows[sub.family] += len(cells)
    relative = _relative(path, env.settings.out)
    header_row = 0 if style.fmt == "json" else style.title_rows + 1
    for i, row in enumerate(changed):
        text = render.as_text(render.clean(spec, row[column], style), style)
        record.manifest.append((relative, str(header_row + 1 + i), column, rule, text, ""))
    record.injected[rule] += len(changed)


def _write_plain(sub: Submission, producer: Producer, style: Style, rows: list[Row], path: Path) -> None:
    header, keys = headers(producer.model, style)
    specs = producer.model.columns()
    title = title_block(producer.model, sub.period, sub.sender_label or sub.sender, style.title_rows)
    sink = open_sink(path, style, header, keys, title)
    sink.write([[render.clean(s, row[s.name], style) for s in specs] for row in rows])
    sink.close()


def _wrong_family(sub: Submission, env: Env, r: random.Random, received: datetime, record: Record) -> bool:
    """Another report's file, sent under this family's folder (an employer picking the wrong upload)."""
    donors = env.donors(sub.family)
    alike = [d for d in donors if env.producers[d].sender_kind == sub.sender_kind]
    donor_family = r.choice(alike or donors)
    donor = env.producers[donor_family]
    period_type = donor.model.template.period_type
    year = sub.period.year
    code = {"year": str(year), "half_year": f"{year}S1", "month": f"{year}01"}[period_type]
    donor_sub = next(iter(donor.submissions(env.world, parse_period(code))), None)
    if donor_sub is None:
        return False
    style = sender_style(sub.sender_kind, sub.habit, r)
    if not style.title_rows:  # the title block names this sender and period: no two such files are equal
        style = Style("xlsx", title_rows=5)
    path = _path(env.settings.out, sub, style, f"{sub.file_stem}_nham_mau")
    titled = Submission(donor_sub.family, sub.period, sub.sender, sub.sender_kind, sub.habit, sub.timeliness,
                        donor_sub.rows, donor_sub.file_stem, sub.sender_label or sub.sender)
    _write_plain(titled, donor, style, list(donor_sub.rows), path)
    _receipt(record, path, env.settings.out, received, sub.family)
    record.manifest.append((_relative(path, env.settings.out), "", "", "wrong_family", donor_family, ""))
    record.injected["wrong_family"] += 1
    return True


def donor_families(
    producers: dict[str, Producer], registered: dict[str, type[OshReport]]
) -> Callable[[str], list[str]]:
    """For each family, the families whose files the reader recognises as "wrong family" in its folder.

    A donor must be registered (the reader only recognises registered templates), lack a required
    column of the folder's template (else its rows would be read as this family's), and be the only
    registered template that all its headers fit. Large extracts are not used as donors.
    """
    from orchestration.ingest.readers import normalise_label

    def labels(model: type[OshReport]) -> set[str]:
        return {normalise_label(s.header_vi) for s in model.columns()} | {normalise_label(s.name)
                                                                           for s in model.columns()}

    def required(model: type[OshReport]) -> list[frozenset[str]]:
        return [frozenset({normalise_label(s.header_vi), normalise_label(s.name)})
                for s in model.columns() if s.required]

    table: dict[str, list[str]] = {}
    for family, producer in producers.items():
        found = []
        for donor, model in registered.items():
            if donor == family or donor not in producers or getattr(producers[donor], "large", False):
                continue
            have = labels(model)
            if all(group & have for group in required(producer.model)):
                continue
            rivals = [m for f, m in registered.items() if f != donor and all(g & have for g in required(m))]
            if rivals:
                continue
            found.append(donor)
        table[family] = sorted(found)
    return lambda family: table.get(family, [])


__all__ = ["Env", "Settings", "donor_families", "emit", "file_context", "headers", "title_block"]
