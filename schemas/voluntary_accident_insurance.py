"""Voluntary accident insurance: the fund's monthly extract per commune for workers without labour contracts.

Decree 143/2024/NĐ-CP (voluntary occupational accident insurance for people working without a labour
contract, under OSH Law 84/2015). The provincial social-insurance office sends one file a
month with a row per commune.
"""

from __future__ import annotations

import polars as pl

from schemas.rules import Severity, cross_field_rule, rule
from schemas.template import OshReport, TemplateInfo, one_report, report_field

SENDER_COLUMN = "fund_office_code"  # whose report a row is (one_report: the rules over a whole report)

FEMALE_NOT_ABOVE_PARTICIPANTS = rule(
    "voluntary_female_le_participants", Severity.ERROR,
    "Số người tham gia là nữ «{value}» lớn hơn tổng số người tham gia.",
    "Female participants «{value}» exceed total participants.",
)
NEW_NOT_ABOVE_PARTICIPANTS = rule(
    "voluntary_new_le_participants", Severity.ERROR,
    "Số người tham gia mới «{value}» lớn hơn tổng số người tham gia.",
    "New participants «{value}» exceed total participants.",
)
SUPPORTED_NOT_ABOVE_PARTICIPANTS = rule(
    "voluntary_supported_le_participants", Severity.ERROR,
    "Số người được hỗ trợ tiền đóng «{value}» lớn hơn tổng số người tham gia.",
    "Participants with state support «{value}» exceed total participants.",
)
SUPPORT_NOT_ABOVE_PREMIUMS = rule(
    "voluntary_support_le_premiums", Severity.ERROR,
    "Số tiền ngân sách nhà nước hỗ trợ «{value}» lớn hơn tổng số tiền đóng.",
    "State support «{value}» exceeds the premiums collected.",
)
DEATHS_NOT_ABOVE_CLAIMS = rule(
    "voluntary_deaths_le_claims", Severity.ERROR,
    "Số trường hợp chết «{value}» lớn hơn số người được giải quyết hưởng chế độ.",
    "Fatal claims «{value}» exceed the claims settled.",
)
PAYMENT_NEEDS_CLAIMS = rule(
    "voluntary_payment_needs_claims", Severity.ERROR,
    "Có số tiền chi trả «{value}» nhưng không có người được giải quyết hưởng chế độ.",
    "Benefits of «{value}» were paid but no claim was settled.",
)
DUPLICATE_COMMUNE = rule(
    "voluntary_duplicate_commune", Severity.ERROR,
    "Xã/phường «{value}» xuất hiện nhiều lần trong cùng tháng.",
    "Commune «{value}» appears more than once for the same month.",
)


class VoluntaryAccidentInsuranceReport(OshReport):
    """Tình hình tham gia bảo hiểm TNLĐ tự nguyện theo xã/phường — voluntary accident insurance per commune and month.

    Monthly aggregates per commune of residence, not one row per participant: the counts and money
    Decree 143/2024 asks the fund to report need no personal data, the commune reports of accidents
    among workers without a labour contract (Decree 39/2016 Annex XVI) are aggregates too, and the
    warehouse should not hold the national IDs of many thousands of uninjured people. Counts are stocks
    at the end of the month (participants) or flows during the month (new participants, claims, money).
    """

    # reporting frame
    fund_office_code: str = report_field("Mã cơ quan BHXH", "Social insurance office code", required=True)
    period: str = report_field("Tháng", "Month", "period", required=True,
                               note_vi="Dạng yyyymm, ví dụ 202507", note_en="yyyymm, e.g. 202507")
    # where the participants live
    commune_code: str = report_field("Mã xã/phường", "Commune code", "commune", required=True,
                                     note_vi="Nơi cư trú của người tham gia",
                                     note_en="Where the participants live")
    commune_name: str = report_field("Tên xã/phường", "Commune name")
    # participants
    participants: int = report_field("Số người tham gia", "Participants", "integer", required=True, ge=0,
                                     unit="người / persons",
                                     note_vi="Số người đang tham gia cuối tháng",
                                     note_en="Participants covered at the end of the month")
    female_participants: int = report_field("Trong đó: nữ", "Of whom female", "integer", required=True, ge=0,
                                            unit="người / persons")
    new_participants: int = report_field("Trong đó: tham gia mới trong tháng", "Of whom joined this month",
                                         "integer", required=True, ge=0, unit="người / persons")
    supported_participants: int = report_field(
        "Trong đó: được Nhà nước hỗ trợ tiền đóng", "Of whom with state support", "integer", ge=0,
        unit="người / persons",
    )
    # money collected
    premiums_million_vnd: float = report_field(
        "Số tiền đóng", "Premiums collected", "decimal", required=True, ge=0, unit="triệu đồng / million VND",
        note_vi="Tổng số tiền đóng trong tháng, kể cả phần ngân sách nhà nước hỗ trợ",
        note_en="All premiums collected in the month, including the state's share",
    )
    state_support_million_vnd: float = report_field(
        "Trong đó: ngân sách nhà nước hỗ trợ", "Of which state support", "decimal", required=True, ge=0,
        unit="triệu đồng / million VND",
    )
    # claims settled
    claims: int = report_field("Số người được giải quyết hưởng chế độ", "Claims settled", "integer",
                               required=True, ge=0, unit="người / persons",
                               note_vi="Số người có quyết định hưởng trợ cấp trong tháng",
                               note_en="People granted a benefit during the month")
    fatal_claims: int = report_field("Trong đó: chết do tai nạn lao động", "Of whom died in the accident",
                                     "integer", ge=0, unit="người / persons")
    claims_paid_million_vnd: float = report_field(
        "Số tiền chi trả", "Benefits paid", "decimal", required=True, ge=0, unit="triệu đồng / million VND",
    )

    __template__ = TemplateInfo(
        family="voluntary_accident_insurance",
        version="2025.1",
        title_vi="Tình hình tham gia và chi trả bảo hiểm tai nạn lao động tự nguyện theo xã/phường",
        title_en="Voluntary occupational accident insurance: participation and claims per commune",
        legal_basis="Nghị định 143/2024/NĐ-CP; Luật ATVSLĐ 84/2015",
        sender_column=SENDER_COLUMN,
        period_column="period",
        period_type="month",
        key_columns=("commune_code",),
    )

    female_le_participants = cross_field_rule(
        FEMALE_NOT_ABOVE_PARTICIPANTS,
        lambda: pl.col("female_participants") <= pl.col("participants"),
        ("female_participants", "participants"),
    )
    new_le_participants = cross_field_rule(
        NEW_NOT_ABOVE_PARTICIPANTS,
        lambda: pl.col("new_participants") <= pl.col("participants"),
        ("new_participants", "participants"),
    )
    supported_le_participants = cross_field_rule(
        SUPPORTED_NOT_ABOVE_PARTICIPANTS,
        lambda: pl.col("supported_participants") <= pl.col("participants"),
        ("supported_participants", "participants"),
    )
    support_le_premiums = cross_field_rule(
        SUPPORT_NOT_ABOVE_PREMIUMS,
        lambda: pl.col("state_support_million_vnd") <= pl.col("premiums_million_vnd"),
        ("state_support_million_vnd", "premiums_million_vnd"),
    )
    deaths_le_claims = cross_field_rule(
        DEATHS_NOT_ABOVE_CLAIMS,
        lambda: pl.col("fatal_claims") <= pl.col("claims"),
        ("fatal_claims", "claims"),
    )
    payment_needs_claims = cross_field_rule(
        PAYMENT_NEEDS_CLAIMS,
        lambda: (pl.col("claims_paid_million_vnd") == 0) | (pl.col("claims") > 0),
        ("claims_paid_million_vnd", "claims"),
    )
    duplicate_commune = cross_field_rule(
        DUPLICATE_COMMUNE,
        lambda: pl.col("commune_code").is_first_distinct().over(*one_report(SENDER_COLUMN)),
        ("commune_code",),
    )
