"""What every family module provides: its template, its submissions, and what mistakes it can carry."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from orchestration.generate.world import World
from schemas.periods import Period
from schemas.rules import cross_field_rules
from schemas.template import OshReport

Row = dict[str, Any]


@dataclass
class Submission:
    """One sender's file for one period: typed rows keyed by canonical column name."""

    family: str
    period: Period
    sender: str
    sender_kind: str  # employer | commune | facility | fund
    habit: int  # the sender's style habit (which format it usually sends)
    timeliness: float  # chance the file arrives before the deadline
    rows: Iterable[Row]  # a list, or a generator for the large fund extracts
    file_stem: str  # file name without suffix
    sender_label: str = ""  # the name in the title block


@dataclass(frozen=True)
class CrossMistake:
    """A mistake only a family rule catches: ``mutate`` returns the changed typed values of a row."""

    rule: str
    column: str  # the column the rule reports
    applies: Callable[[Row], bool]
    mutate: Callable[[Row, random.Random], Row]


@dataclass(frozen=True)
class FamilyRules:
    """What the generic injector may do with this family's rows, and the family's own mistakes.

    ``duplicate``: (rule, reported column) caught when a row is copied. ``out_of_range``: the bounded
    columns where an out-of-range value trips no other rule (a count on the larger side of a "≤" rule
    would trip both). ``excluded``: other (rule, column) pairs to avoid. ``eligible(rule, column, row)``:
    row-level restrictions. ``wrong_period``: a period of the same shape that differs from the file's.
    """

    duplicate: tuple[str, str] | None
    cross: tuple[CrossMistake, ...] = ()
    out_of_range: tuple[str, ...] = ()
    excluded: frozenset[tuple[str, str]] = frozenset()
    eligible: Callable[[str, str, Row], bool] | None = None
    wrong_period: Callable[[str], str] | None = None
    sensitive: tuple[str, ...] = field(default_factory=tuple)  # more columns to touch at most once per file


class Producer(Protocol):
    model: type[OshReport]
    sender_kind: str  # employer | commune | facility | fund
    rules: FamilyRules

    def submissions(self, world: World, period: Period) -> Iterator[Submission]: ...

    def other_sender(self, world: World, period: Period, sender: str) -> str | None: ...


def reported_column(model: type[OshReport], rule: str) -> str | None:
    """The column a cross-field rule of the template reports its failures against (None: not one)."""
    return next((columns[0] for declared, columns in cross_field_rules(model) if declared.name == rule), None)


def resolved(model: type[OshReport], rules: FamilyRules) -> FamilyRules:
    """The rules with each cross-field mistake recorded against the column its rule reports, as the
    template declares it today (a template may move a rule's reporting column)."""
    cross = tuple(
        CrossMistake(m.rule, reported_column(model, m.rule) or m.column, m.applies, m.mutate) for m in rules.cross
    )
    return FamilyRules(rules.duplicate, cross, rules.out_of_range, rules.excluded, rules.eligible,
                       rules.wrong_period, rules.sensitive)


def previous_year(code: str) -> str:
    """The same period a year earlier: 2025S1 -> 2024S1, 202507 -> 202407, 2025 -> 2024."""
    return f"{int(code[:4]) - 1}{code[4:]}"


def next_year(code: str) -> str:
    return f"{int(code[:4]) + 1}{code[4:]}"
