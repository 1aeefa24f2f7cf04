"""Reading a review page back: figures by id, tables by id, the charts' own values (for the tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Page:
    html: str
    figures: dict[str, str] = field(default_factory=dict)  # element id -> data-value
    texts: dict[str, str] = field(default_factory=dict)  # element id -> text shown
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # table id -> rows (field -> data-value)
    ids: list[str] = field(default_factory=list)
    lang: str = ""

    def value(self, fig_id: str) -> float | None:
        raw = self.figures[fig_id]
        return None if raw == "" else float(raw)

    def rows(self, table_id: str) -> dict[str, dict[str, str]]:
        return {row["_key"]: row for row in self.tables[table_id]}


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.table: str | None = None
        self.row: dict[str, str] | None = None
        self.open_text: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = a.get("lang", "")
        if "id" in a:
            self.page.ids.append(a["id"])
            if "data-value" in a:
                self.page.figures[a["id"]] = a["data-value"]
                self.open_text.append((a["id"], []))
        if tag == "table":
            self.table = a.get("id")
            self.page.tables[self.table] = []
        elif tag == "tr" and self.table and "data-key" in a:
            self.row = {"_key": a["data-key"]}
        elif tag == "td" and self.row is not None and "data-field" in a:
            self.row[a["data-field"]] = a.get("data-value", "")

    def handle_data(self, data: str) -> None:
        for _, parts in self.open_text:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.open_text:
            fig_id, parts = self.open_text.pop()
            self.page.texts[fig_id] = "".join(parts).strip()
        if tag == "tr" and self.row is not None and self.table:
            self.page.tables[self.table].append(self.row)
            self.row = None
        if tag == "table":
            self.table = None


def read_page(path: Path) -> Page:
    page = Page(path.read_text(encoding="utf-8"))
    _Parser(page).feed(page.html)
    return page


def chart_values(page: Page, chart_id: str) -> list[str]:
    """The accessible labels Vega writes on every mark of one inline chart (its drawn values)."""
    start = page.html.index(f'<svg id="{chart_id}"')
    end = page.html.index("</svg>", start)
    return re.findall(r'aria-label="([^"]*)"', page.html[start:end])
