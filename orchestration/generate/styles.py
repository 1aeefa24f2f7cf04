"""How a sender writes its file: format, encoding, delimiter, number and date conventions, title block.

The mix is the one the province sees: employers and communes mostly XLSX with a title block above the
header, otherwise CSV in UTF-8, UTF-8 with BOM or Windows-1258, comma or semicolon separated; health
facilities and the fund mostly send JSON from their software (API senders), sometimes CSV.
A sender keeps its habit: the style is drawn from the sender's own number, not per file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    fmt: str  # xlsx | csv | json
    encoding: str = "utf-8"  # utf-8 | utf-8-sig | cp1258 (CSV)
    delimiter: str = ","
    decimal_comma: bool = True  # CSV numbers as a Vietnamese Excel writes them ("0,5")
    day_first: bool = True  # CSV dates as dd/mm/yyyy (Excel in Vietnamese), else ISO yyyy-mm-dd
    title_rows: int = 0  # rows above the header (title block), XLSX and CSV
    newline: str = "\r\n"
    decorated_headers: bool = False  # "Mã số thuế *", "Số ngày nghỉ (ngày)"

    @property
    def suffix(self) -> str:
        return ".json" if self.fmt == "json" else ".xlsx" if self.fmt == "xlsx" else ".csv"

    @property
    def machine(self) -> bool:
        return self.fmt == "json"


# (style, weight) per kind of sender
_HUMAN = (
    (Style("xlsx", title_rows=5), 46), (Style("xlsx"), 14),
    (Style("csv", "utf-8", ","), 9), (Style("csv", "utf-8-sig", ","), 7), (Style("csv", "utf-8-sig", ";"), 6),
    (Style("csv", "cp1258", ";"), 5), (Style("csv", "cp1258", ","), 3),
    (Style("csv", "utf-8", ",", decimal_comma=False, day_first=False, newline="\n"), 6),
    (Style("csv", "utf-8-sig", ";", title_rows=3), 4),
)
_MACHINE = (
    (Style("json"), 60), (Style("csv", "utf-8", ",", decimal_comma=False, day_first=False, newline="\n"), 20),
    (Style("csv", "utf-8-sig", ","), 10), (Style("xlsx"), 10),
)
NATIONAL = Style("csv", "utf-8", ",", decimal_comma=False, day_first=False, newline="\n")
SENDER_KINDS = {"employer": _HUMAN, "commune": _HUMAN, "facility": _MACHINE, "fund": _MACHINE}


def every_style_habits(kind: str) -> tuple[int, ...]:
    """One habit number per style of a sender kind: a tiny sample where each style occurs."""
    starts, total = [], 0
    for _, weight in SENDER_KINDS[kind]:
        starts.append(total)
        total += weight
    return tuple(starts)


def sender_style(kind: str, habit: int, r: random.Random) -> Style:
    """The sender's usual style (from its habit number), or now and then another one."""
    table = SENDER_KINDS[kind]
    total = sum(w for _, w in table)
    x = habit % total if r.random() < 0.9 else r.randrange(total)
    for style, weight in table:
        if x < weight:
            return _decorate(style, r)
        x -= weight
    return table[0][0]


def _decorate(style: Style, r: random.Random) -> Style:
    if style.fmt != "json" and r.random() < 0.1:
        return Style(style.fmt, style.encoding, style.delimiter, style.decimal_comma, style.day_first,
                     style.title_rows, style.newline, decorated_headers=True)
    return style
