"""Validation rules: a stable name, a severity, and a message in Vietnamese and English.

Every pandera check in ``schemas`` is built from a ``Rule`` by the factories below, with the rule
name as the check's ``error`` text, so a failure case maps back to its rule without parsing.
Messages may use ``{column}`` (the Vietnamese header) and ``{value}`` placeholders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

import polars as pl
from pandera.api.dataframe.model_components import CHECK_KEY, FieldCheckInfo
from pandera.api.polars.types import PolarsData


class Severity(StrEnum):
    ERROR = "error"  # the row is rejected
    WARNING = "warning"  # the row is loaded and the warning recorded apart


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    message_vi: str
    message_en: str

    def describe(self, column: str = "", value: str = "") -> tuple[str, str]:
        return (
            self.message_vi.format(column=column, value=value),
            self.message_en.format(column=column, value=value),
        )


_REGISTRY: dict[str, Rule] = {}


def rule(name: str, severity: Severity, vi: str, en: str) -> Rule:
    """Declare a rule once; its name must be unique across all families."""
    if name in _REGISTRY and _REGISTRY[name] != Rule(name, severity, vi, en):
        raise ValueError(f"rule {name!r} declared twice with different definitions")
    _REGISTRY[name] = Rule(name, severity, vi, en)
    return _REGISTRY[name]


def get_rule(name: str) -> Rule:
    return _REGISTRY[name]


def all_rules() -> dict[str, Rule]:
    return dict(_REGISTRY)


# Rules that apply to any column, whatever the family.
REQUIRED = rule(
    "required", Severity.ERROR,
    "Cột «{column}» bắt buộc phải có giá trị.",
    "Column «{column}» is required but empty.",
)
INVALID_VALUE = rule(
    "invalid_value", Severity.ERROR,
    "Giá trị «{value}» ở cột «{column}» không đúng định dạng.",
    "Value «{value}» in column «{column}» is not in the expected format.",
)
OUT_OF_RANGE = rule(
    "out_of_range", Severity.ERROR,
    "Giá trị «{value}» ở cột «{column}» nằm ngoài khoảng cho phép.",
    "Value «{value}» in column «{column}» is outside the allowed range.",
)
UNKNOWN_CODE = rule(
    "unknown_code", Severity.ERROR,
    "Mã «{value}» ở cột «{column}» không có trong danh mục.",
    "Code «{value}» in column «{column}» is not in the code list.",
)
TAX_CODE_CHECK_DIGIT = rule(
    "tax_code_check_digit", Severity.ERROR,
    "Mã số thuế «{value}» sai chữ số kiểm tra.",
    "Tax code «{value}» fails its check digit.",
)
UNKNOWN_COMMUNE = rule(
    "unknown_commune", Severity.ERROR,
    "Mã xã/phường «{value}» không thuộc tỉnh và không có trong bảng chuyển đổi mã cũ.",
    "Commune code «{value}» is neither a current commune of the province nor a mapped legacy code.",
)
PERIOD_MISMATCH = rule(
    "period_matches_file", Severity.ERROR,
    "Kỳ báo cáo «{value}» khác kỳ của tệp (thư mục nộp).",
    "Reporting period «{value}» differs from the file's period (its landing folder).",
)
DUPLICATE_ROW = rule(
    "duplicate_row", Severity.ERROR,
    "Dòng này trùng hoàn toàn với một dòng trước đó trong cùng tệp.",
    "This row duplicates an earlier row of the same file.",
)
SENDER_MISMATCH = rule(
    "sender_matches_submission", Severity.ERROR,
    "Đơn vị gửi «{value}» khác đơn vị của các dòng khác trong tệp (mỗi tệp là báo cáo của một đơn vị).",
    "Sender «{value}» differs from the rest of the file (a file is one sender's report).",
)
EXTRACT_PROVINCE_MISMATCH = rule(
    "row_in_extract_province", Severity.ERROR,
    "Mã xã/phường «{value}» thuộc tỉnh khác với tỉnh của tệp tổng hợp (kho dữ liệu quốc gia: mỗi tệp là báo cáo "
    "tổng hợp của một tỉnh).",
    "Commune «{value}» lies in another province than the rest of the extract (national warehouse: an extract is "
    "one province's).",
)


def _field_check(rule_: Rule, column: str, fn: Callable[[pl.Expr], pl.Expr]) -> classmethod:
    """A pandera column check that is true where ``fn(column)`` holds or the value is null."""

    def check(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(fn(pl.col(data.key)).fill_null(True))

    method = classmethod(check)
    setattr(method, CHECK_KEY, FieldCheckInfo({column}, check, False, name=rule_.name, error=rule_.name))
    return method


def in_codes(rule_: Rule, column: str, codes: Iterable[str]) -> classmethod:
    allowed = sorted(set(codes))
    return _field_check(rule_, column, lambda c: c.is_in(allowed))


def column_rule(rule_: Rule, column: str, fn: Callable[[pl.Expr], pl.Expr]) -> classmethod:
    return _field_check(rule_, column, fn)


CROSS_FIELD_PREFIX = "cross_field:"  # the pandera check's name; its error (what failures carry) is the rule's


def cross_field_rule(rule_: Rule, expr: Callable[[], pl.Expr], columns: tuple[str, ...]) -> classmethod:
    """A DHIS2-style validation rule over several columns of a row.

    ``expr`` returns a boolean expression that is true where the row passes; a null (missing
    operand) passes, since a missing required value is reported by its own rule. ``columns`` names
    the columns the rule reads: the first is the one a failure is reported against.
    """

    def check(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(expr().fill_null(True).alias(rule_.name))

    method = classmethod(check)
    # Registered on the column a failure is reported against, not on the whole frame (the expression still
    # reads the other columns): pandera then keeps one value per failing row as the failure case, where for
    # a frame-level check it turns each failing row, every column, into a Python dict — 7 GiB within one
    # batch of a national extract whose every row failed (docs/performance.md).
    setattr(method, CHECK_KEY, FieldCheckInfo({columns[0]}, check, False, name=CROSS_FIELD_PREFIX + rule_.name,
                                              error=rule_.name))
    method.__osh_rule__ = (rule_, columns)  # type: ignore[attr-defined]
    return method


def cross_field_rules(model: type) -> list[tuple[Rule, tuple[str, ...]]]:
    """A template's rules over several columns, each with the columns it reads (the first reports its
    failures), in the order pandera collects checks: the class's own first, then its bases', each in
    declaration order, an overridden one once."""
    found: dict[str, tuple[Rule, tuple[str, ...]]] = {}
    for cls in model.__mro__:
        for name, value in vars(cls).items():
            info = getattr(value, "__osh_rule__", None)
            if info and name not in found:
                found[name] = info
    return list(found.values())
