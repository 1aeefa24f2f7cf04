"""Row-level mistakes and quirks, injected while rows are rendered to cells; each one recorded.

A mistake is injected only where some rule defines it, and so that it trips exactly that rule:
- generic mistakes follow the column's declaration (required, kind, code list, bounds, commune);
- the sender column is touched at most once per file, and only where the rest of the file still
  names the true sender (a wrong tax code in the sender column is a whole-file mistake instead);
- key columns (the template's keys, the duplicate rule's column) are touched at most once per file,
  so two injected rows can never collide into a false duplicate (two emptied keys are equal too);
- the family lists which bounded columns may go out of range and adds its cross-field mistakes.
A quirk changes how a value is written, never what it means; the manifest records the value the
reader must load.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from orchestration.generate import render
from orchestration.generate.families.base import FamilyRules, Row, previous_year
from orchestration.generate.identifiers import with_bad_check_digit
from orchestration.generate.styles import Style
from schemas import reference
from schemas.template import ColumnSpec

REQUIRED = "required"
INVALID = "invalid_value"
UNKNOWN_CODE = "unknown_code"
UNKNOWN_COMMUNE = "unknown_commune"
CHECK_DIGIT = "tax_code_check_digit"
OUT_OF_RANGE = "out_of_range"
PERIOD = "period_matches_file"
SENDER = "sender_matches_submission"
NORMALISED = "normalised"

_BOGUS_CODES = ("XX", "99", "Z", "khác", "0X")


@dataclass(frozen=True)
class Injection:
    row: int  # 0-based position among the file's data rows
    column: str
    rule: str
    value: str  # as written in the file
    expected: str = ""  # for quirks: the value the reader must load


@dataclass
class FileContext:
    """Everything the injector needs to know about the file being written."""

    specs: list[ColumnSpec]
    rules: FamilyRules
    style: Style
    sender_column: str
    period_column: str
    key_columns: tuple[str, ...]
    foreign_communes: tuple[str, ...]
    other_sender: Callable[[str], str | None]
    error_rate: float
    quirk_rate: float
    national: bool = False  # consolidated extract: many senders, other provinces' communes
    used: set[str] = field(default_factory=set)  # sensitive columns already touched in this file
    sender_touched: bool = False

    def __post_init__(self) -> None:
        duplicate_column = self.rules.duplicate[1] if self.rules.duplicate else None
        self.sensitive = {self.sender_column, *self.key_columns, *self.rules.sensitive} | (
            {duplicate_column} if duplicate_column else set()
        )


def render_rows(rows: list[Row], ctx: FileContext, r: random.Random, offset: int = 0
                ) -> tuple[list[list[Any]], list[Injection]]:
    """Cells of the rows with mistakes and quirks injected, and the record of each injection.

    ``offset`` is the number of data rows already written to the same file (streamed chunks).
    """
    specs, style = ctx.specs, ctx.style
    out: list[list[Any]] = []
    injections: list[Injection] = []
    for row in rows:
        cells = [render.clean(s, row[s.name], style) for s in specs]
        copy_after = False
        if ctx.error_rate and r.random() < ctx.error_rate:
            candidates = _pick_group(_candidates(row, ctx, len(rows)), r)
            if candidates:
                rule, column, apply = r.choice(candidates)
                if column in ctx.sensitive:
                    ctx.used.add(column)
                if column == ctx.sender_column:
                    ctx.sender_touched = True
                if apply is None:  # a copied row: the copy is the mistake
                    copy_after = True
                else:
                    text = apply(cells, r)
                    injections.append(Injection(offset + len(out), column, rule, text))
        elif ctx.quirk_rate and r.random() < ctx.quirk_rate:
            quirk = _quirk(row, cells, ctx, r)
            if quirk:
                injections.append(Injection(offset + len(out), *quirk))
        out.append(cells)
        if copy_after:
            assert ctx.rules.duplicate
            rule, column = ctx.rules.duplicate
            out.append([render.clean(s, row[s.name], style) for s in specs])
            value = render.as_text(out[-1][_index(specs, column)], style)
            injections.append(Injection(offset + len(out) - 1, column, rule, value))
    return out, injections


Apply = Callable[[list[Any], random.Random], str] | None
# How often a mistaken row carries a generic mistake (one column's declaration), one of the family's
# cross-field mistakes (impossible totals, dates outside the period...), or is a copied row.
_GROUP_WEIGHTS = (("generic", 0.55), ("cross", 0.35), ("duplicate", 0.10))


def _pick_group(candidates: list[tuple[str, str, Apply, str]], r: random.Random) -> list[tuple[str, str, Apply]]:
    groups: dict[str, list[tuple[str, str, Apply]]] = {}
    for rule, column, apply, group in candidates:
        groups.setdefault(group, []).append((rule, column, apply))
    present = [(g, w) for g, w in _GROUP_WEIGHTS if g in groups]
    if not present:
        return []
    x = r.random() * sum(w for _, w in present)
    for group, weight in present:
        if x < weight:
            return groups[group]
        x -= weight
    return groups[present[-1][0]]


def _index(specs: list[ColumnSpec], name: str) -> int:
    return next(i for i, s in enumerate(specs) if s.name == name)


def _candidates(row: Row, ctx: FileContext, rows_in_file: int) -> list[tuple[str, str, Apply, str]]:
    found: list[tuple[str, str, Apply, str]] = []
    rules = ctx.rules

    def allowed(rule: str, column: str) -> bool:
        if (rule, column) in rules.excluded or column in ctx.used:
            return False
        if column == ctx.sender_column and ctx.sender_touched:
            return False
        return rules.eligible is None or rules.eligible(rule, column, row)

    for j, spec in enumerate(ctx.specs):
        value = row[spec.name]
        if value is None or spec.kind == "personal_name":
            continue
        name, is_sender = spec.name, spec.name == ctx.sender_column
        options: list[tuple[str, Apply]] = []
        if spec.required:
            options.append((REQUIRED, _setter(j, None, "")))
        if spec.kind in _INVALID:
            options.append((INVALID, _invalid(j, spec, value)))
        if spec.code_list and not is_sender:
            options.append((UNKNOWN_CODE, _setter(j, *_bogus(spec.code_list))))
        if spec.kind == "commune" and not is_sender and not ctx.national and ctx.foreign_communes:
            options.append((UNKNOWN_COMMUNE, _foreign(j, ctx.foreign_communes)))
        if spec.kind == "tax_code" and not is_sender:
            bad = with_bad_check_digit(value)
            options.append((CHECK_DIGIT, _setter(j, bad, bad)))
        if name in rules.out_of_range:
            options.append((OUT_OF_RANGE, _out_of_range(j, spec, value, ctx.style)))
        if name == ctx.period_column:
            wrong = (rules.wrong_period or previous_year)(value)
            options.append((PERIOD, _setter(j, wrong, wrong)))
        if is_sender and not ctx.national and rows_in_file >= 3:
            other = ctx.other_sender(value)
            if other is not None:
                cell = render.clean(spec, other, ctx.style)
                options.append((SENDER, _setter(j, cell, render.as_text(cell, ctx.style))))
        found += [(rule, name, apply, "generic") for rule, apply in options if allowed(rule, name)]
    if rules.duplicate and allowed(*rules.duplicate):
        found.append((*rules.duplicate, None, "duplicate"))
    for mistake in rules.cross:
        if allowed(mistake.rule, mistake.column) and mistake.applies(row):
            found.append((mistake.rule, mistake.column, _cross(row, mistake, ctx), "cross"))
    return found


def _setter(j: int, cell: Any, text: str) -> Apply:
    def apply(cells: list[Any], r: random.Random) -> str:
        cells[j] = cell
        return text

    return apply


def _foreign(j: int, codes: tuple[str, ...]) -> Apply:
    def apply(cells: list[Any], r: random.Random) -> str:
        cells[j] = r.choice(codes)
        return cells[j]

    return apply


def _bogus(code_list: str) -> tuple[str, str]:
    aliases = reference.code_aliases(code_list)
    code = next(c for c in _BOGUS_CODES if c.casefold() not in aliases)
    return code, code


_INVALID = frozenset({"integer", "decimal", "date", "datetime", "boolean", "tax_code", "national_id", "period",
                      "sex"})


def _invalid(j: int, spec: ColumnSpec, value: Any) -> Apply:
    def apply(cells: list[Any], r: random.Random) -> str:
        match spec.kind:
            case "integer":
                text = r.choice(("không rõ", f"{value} người", "?"))
            case "decimal":
                text = r.choice(("không rõ", f"{value} tr", "chưa có"))
            case "date":
                text = r.choice((f"31/02/{value.year}", "00/00/0000", "chưa rõ"))
            case "datetime":
                text = r.choice((f"31/02/{value.year} 08:30", f"{value.day:02d}/{value.month:02d}/{value.year} 25:70"))
            case "boolean":
                text = r.choice(("không rõ", "?"))
            case "tax_code":
                text = value[:9] if r.random() < 0.5 else value[:4] + "O" + value[5:]  # a letter O for a zero
            case "national_id":
                text = value.lstrip("0") if value.startswith("0") else value[:11]  # Excel dropped the leading 0
            case "period":
                text = r.choice(("Quý 3", "kỳ 1", "Q3/2025"))
            case _:
                text = "Khác"
        cells[j] = text
        return text

    return apply


def _out_of_range(j: int, spec: ColumnSpec, value: Any, style: Style) -> Apply:
    def apply(cells: list[Any], r: random.Random) -> str:
        low, high = spec.minimum, spec.maximum
        if low is not None and (high is None or r.random() < 0.6):
            bad = low - r.randint(1, 5)
        else:
            assert high is not None
            bad = high + r.randint(1, 20) if spec.kind == "integer" else high + r.choice((0.5, 1, 4))
        if spec.kind == "integer":
            bad = int(bad)
        cells[j] = render.clean(spec, bad, style)
        return render.as_text(cells[j], style)

    return apply


def _cross(row: Row, mistake, ctx: FileContext) -> Apply:
    def apply(cells: list[Any], r: random.Random) -> str:
        changed = mistake.mutate(row, r)
        texts = []
        for name, value in changed.items():
            j = _index(ctx.specs, name)
            cells[j] = render.clean(ctx.specs[j], value, ctx.style)
            texts.append(render.as_text(cells[j], ctx.style))
        return texts[0] if len(texts) == 1 else "; ".join(f"{n}={t}" for n, t in zip(changed, texts, strict=True))

    return apply


def _quirk(row: Row, cells: list[Any], ctx: FileContext, r: random.Random) -> tuple[str, str, str, str] | None:
    options = []
    for j, spec in enumerate(ctx.specs):
        value = row[spec.name]
        if value is None or spec.kind == "personal_name":
            continue
        for quirk in render.QUIRKS.values():
            cell = quirk(spec, value, ctx.style, r)
            if cell is not None:
                options.append((j, spec, cell))
    if not options:
        return None
    j, spec, cell = r.choice(options)
    cells[j] = cell
    return spec.name, NORMALISED, render.as_text(cell, ctx.style), render.normalised_expectation(spec, row[spec.name])
