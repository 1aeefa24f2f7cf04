"""Words and number formats of the review, in Vietnamese and English (one dictionary per language)."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from schemas.registry import FAMILIES

LANGUAGES = ("vi", "en")
MINUS = "\u2212"

# d3-format locales for the charts' axes (vl-convert has no Vietnamese one built in).
CHART_LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
}


def number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English; an em dash for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    rounded = round(float(value), decimals)
    text = f"{abs(rounded):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return (MINUS if rounded < 0 else "") + text


def percent(value: float | None, lang: str, decimals: int = 1) -> str:
    """A share (0–1) as a percentage."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{number(value * 100, lang, decimals)}%"


def change(value: float | None, lang: str, decimals: int = 1) -> str:
    """A relative change (−0.04) as a signed percentage (−4,0%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{percent(value, lang, decimals)}"


def local_time(value: datetime | None, timezone: str = "Asia/Ho_Chi_Minh") -> str:
    if value is None:
        return "—"
    return value.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M") + " (UTC+7)"


def period_label(code: str, lang: str) -> str:
    """2025 → «năm 2025» / «2025»; 2025S1 → «6 tháng đầu năm 2025» / «first half of 2025»."""
    if len(code) == 4:
        return f"năm {code}" if lang == "vi" else code
    year, half = code[:4], code[-1]
    if lang == "vi":
        return f"6 tháng {'đầu' if half == '1' else 'cuối'} năm {year}"
    return f"the {'first' if half == '1' else 'second'} half of {year}"


FAMILY_SHORT = {
    "accident_cases": ("Sổ theo dõi TNLĐ", "Accident registers"),
    "accident_summary": ("Tổng hợp TNLĐ (6 tháng, năm)", "Accident summaries"),
    "annual_osh_report": ("Báo cáo ATVSLĐ năm", "Annual OSH reports"),
    "commune_no_contract_accidents": ("TNLĐ không có HĐLĐ (xã)", "No-contract accidents (communes)"),
    "occupational_disease_exams": ("Khám bệnh nghề nghiệp", "Occupational-disease exams"),
    "health_checks": ("Khám sức khỏe định kỳ", "Periodic health checks"),
    "work_environment_monitoring": ("Quan trắc môi trường lao động", "Work-environment monitoring"),
    "insured_workforce": ("Lao động tham gia BHTNLĐ-BNN", "Insured workforce"),
    "insurance_benefits": ("Hưởng chế độ TNLĐ-BNN", "Insurance benefits"),
    "voluntary_accident_insurance": ("BHTNLĐ tự nguyện", "Voluntary accident insurance"),
}


def family_short_name(family: str, lang: str) -> str:
    names = FAMILY_SHORT.get(family)
    return family if names is None else names[0 if lang == "vi" else 1]


def rule_text(rule: str, column: str | None, lang: str) -> str:
    """What a validation rule checks, in words (its message with the value left out)."""
    from schemas.rules import all_rules

    known = all_rules().get(rule)
    if known is None:
        return rule
    vi, en = known.describe(column=column or "", value="…")
    return vi if lang == "vi" else en


def family_name(family: str, lang: str) -> str:
    model = FAMILIES.get(family)
    if model is None:
        return family
    return model.template.title_vi if lang == "vi" else model.template.title_en


STATUS = {
    "vi": {"met": "Đạt", "not_met": "Không đạt", "no_data": "Chưa có số liệu"},
    "en": {"met": "Met", "not_met": "Not met", "no_data": "No data"},
}
STATUS_MARK = {"met": "✓", "not_met": "✗", "no_data": "–"}

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "lang_name": "Tiếng Việt",
        "other_lang_name": "English",
        "authority": "UBND TỈNH {province} — SỞ NỘI VỤ",
        "title_year": "Báo cáo tổng kết năm {year}",
        "title_half": "Báo cáo sơ kết {label}",
        "subtitle": "Công tác an toàn, vệ sinh lao động — thực hiện Kế hoạch 276-KH/TU ngày 14/5/2024 của Ban Thường "
                    "vụ Tỉnh ủy (Chỉ thị 31-CT/TW)",
        "publication": "Số liệu: bản công bố của kho dữ liệu ATVSLĐ lúc {time}, lượt chạy {run}.",
        "lock_held": "Kỳ {period} đã được khoá ngày {at} ({by}); số liệu của kỳ giữ nguyên như khi khoá.",
        "lock_pending": "Có số liệu đến muộn cho kỳ này, chờ điều chỉnh khi mở khoá kỳ.",
        "contents": "Nội dung",
        "summary": "Tóm tắt ba chỉ tiêu",
        "summary_lead": "Kế hoạch 276-KH/TU đặt ba chỉ tiêu hằng năm, so sánh với cùng kỳ năm trước và với lộ trình "
                        "tính từ năm gốc {baseline}. Trạng thái dưới đây là của {label}.",
        "target": "Chỉ tiêu",
        "actual": "Thực hiện",
        "previous": "Cùng kỳ năm trước",
        "yoy": "So với cùng kỳ năm trước",
        "trajectory": "So với lộ trình từ năm gốc",
        "yoy_short": "So cùng kỳ",
        "trajectory_short": "So lộ trình",
        "change": "Thay đổi",
        "required_yoy": "Mức phải đạt (so cùng kỳ)",
        "required_trajectory": "Lộ trình",
        "ci": "Khoảng tin cậy 95%",
        "ci_low": "Cận dưới (KTC 95%)",
        "ci_high": "Cận trên (KTC 95%)",
        "noise_yes": "thay đổi vượt dao động ngẫu nhiên",
        "noise_no": "thay đổi chưa vượt dao động ngẫu nhiên (hai khoảng tin cậy 95% chồng nhau)",
        "period": "Kỳ",
        "t1_name": "T1 — Tỷ suất tai nạn lao động chết người",
        "t1_unit": "người chết / 100.000 lao động",
        "t1_goal": "giảm ít nhất 4% mỗi năm",
        "t2_name": "T2 — Người lao động tiếp xúc yếu tố có hại được khám phát hiện bệnh nghề nghiệp",
        "t2_unit": "người",
        "t2_goal": "tăng ít nhất 5% mỗi năm",
        "t3_name": "T3 — Cơ sở có yếu tố có hại được quan trắc môi trường lao động",
        "t3_unit": "cơ sở",
        "t3_goal": "tăng ít nhất 5% mỗi năm",
        "series_actual": "Thực hiện (khoảng tin cậy 95%)",
        "series_yoy": "Mức phải đạt so với năm trước",
        "series_trajectory": "Lộ trình từ năm gốc",
        "t1_text": "Trong {label}, tỉnh có {deaths} người chết do tai nạn lao động thuộc quyền quản lý của cơ sở, "
                   "trên {workers} lao động (mẫu số: {source}): tỷ suất {rate} trên 100.000 lao động (khoảng tin cậy "
                   "95%: {lower}–{upper}). So với cùng kỳ năm trước: {yoy} ({change}; {noise}). So với lộ trình "
                   "({trajectory}): {trajectory_status}.",
        "t1_half_note": "Tỷ suất 6 tháng không quy đổi ra năm và được so với cùng kỳ 6 tháng của các năm trước.",
        "t1_k": "Tần suất K = {k} vụ / 1.000 lao động; K chết người = {k_fatal} người chết / 1.000 lao động.",
        "denominator_insured_workforce": "bình quân lao động tham gia bảo hiểm TNLĐ-BNN",
        "denominator_reported_workers": "lao động theo báo cáo ATVSLĐ năm của cơ sở",
        "denominator_mixed": "lao động tham gia bảo hiểm, bổ sung bằng số lao động báo cáo",
        "denominator_none": "chưa có",
        "beside_t1": "Bên cạnh T1 (không tính vào tỷ suất)",
        "beside_t1_text": "Ngoài tỷ suất còn {outside} người chết: {not_managed} người không thuộc quyền quản lý của "
                          "cơ sở và {no_contract} người làm việc không theo hợp đồng lao động (báo cáo của xã; "
                          "{nc_victims} người bị nạn, trong đó {nc_insured} người có bảo hiểm TNLĐ tự nguyện).",
        "nonfatal_text": "Tai nạn không chết người nghỉ trên 3 ngày (định nghĩa ESAW): {cases} ca, {rate} trên "
                         "100.000 lao động; bình quân {days} ngày nghỉ mỗi ca.",
        "t2_text": "Trong {label}, {value} người lao động được khám phát hiện bệnh nghề nghiệp (không trùng người, "
                   "từ {reports} báo cáo của cơ sở khám). So với cùng kỳ năm trước: {yoy} ({change}). So với lộ "
                   "trình: {trajectory_status}. Tỷ lệ bao phủ ở các cơ sở đã nộp báo cáo năm: {coverage}.",
        "t3_text": "Trong {label}, {value} cơ sở có yếu tố có hại được quan trắc môi trường lao động (trên {harmful} "
                   "cơ sở có yếu tố có hại đã nộp báo cáo năm; bao phủ {coverage}). So với cùng kỳ năm trước: {yoy} "
                   "({change}). So với lộ trình: {trajectory_status}.",
        "no_data_text": "Chưa có số liệu cho {label}: chưa nhận được báo cáo dùng được.",
        "no_chart": "Chưa có số liệu để vẽ biểu đồ.",
        "breakdowns": "Phân tổ theo xã, ngành và quy mô cơ sở",
        "breakdowns_lead": "Người chết và tỷ suất được đặt theo xã, ngành và quy mô của cơ sở sử dụng lao động trong "
                           "kỳ (cùng cách tính với T1). Với số nhỏ, tỷ suất của một xã hay một ngành dao động rất "
                           "mạnh: hãy đọc kèm khoảng tin cậy.",
        "by_commune": "Theo xã, phường, đặc khu",
        "by_sector": "Theo ngành kinh tế (VSIC 2018)",
        "by_size": "Theo quy mô cơ sở (Nghị định 80/2021)",
        "top_deaths": "Nhiều người chết nhất",
        "top_rate": "Tỷ suất cao nhất",
        "top_text_commune": "Xã có nhiều người chết nhất: {name} ({deaths} người). Tỷ suất cao nhất: {rate_name} "
                            "({rate} trên 100.000 lao động).",
        "top_text_sector": "Ngành có nhiều người chết nhất: {name} ({deaths} người). Tỷ suất cao nhất: {rate_name} "
                           "({rate} trên 100.000 lao động).",
        "top_none": "Không có người chết thuộc diện tính T1 trong kỳ.",
        "name": "Tên",
        "code": "Mã",
        "deaths": "Người chết",
        "accidents": "Số vụ",
        "victims": "Người bị nạn",
        "employers": "Cơ sở",
        "workers": "Lao động (mẫu số)",
        "rate": "Tỷ suất /100.000",
        "k": "K /1.000",
        "severely_injured": "Bị thương nặng",
        "causes": "Nguyên nhân tai nạn lao động",
        "causes_lead": "Theo sổ theo dõi tai nạn lao động của cơ sở (mọi nạn nhân) và, riêng, theo báo cáo của xã về "
                       "người làm việc không theo hợp đồng lao động. Danh mục nguyên nhân đang là tạm thời.",
        "deaths_under_management": "Người chết thuộc quyền quản lý",
        "victims_under_management": "Người bị nạn thuộc quyền quản lý",
        "goal": "Mục tiêu",
        "no_contract_victims": "Người bị nạn không có HĐLĐ",
        "no_contract_deaths": "Người chết không có HĐLĐ",
        "groups": "Các nhóm lao động Kế hoạch quan tâm",
        "groups_lead": "Số liệu theo năm {year}{ytd}. Người khuyết tật chỉ được đếm trong báo cáo ATVSLĐ năm (sổ tai "
                       "nạn không ghi khuyết tật). Người học nghề, thuê lại, thử việc và không có hợp đồng không có "
                       "số lao động để tính tỷ suất.",
        "groups_ytd": " (bảng chỉ có theo năm; tính đến ngày công bố)",
        "groups_missing": "Lao động giúp việc gia đình và người Việt Nam đi làm việc ở nước ngoài: chưa có nguồn số "
                          "liệu nào trong kho.",
        "group": "Nhóm",
        "workers_reported": "Lao động của nhóm (báo cáo năm)",
        "victim_rate": "Người bị nạn /100.000 lao động của nhóm",
        "health": "Bệnh nghề nghiệp và quan trắc môi trường lao động",
        "diseases": "Ca mắc mới bệnh nghề nghiệp",
        "diseases_text": "Trong {label}: {new} ca mắc mới (người được chẩn đoán lần đầu), {diagnosed} người được "
                         "chẩn đoán, từ {reports} báo cáo của cơ sở khám.",
        "diseases_annual": "Theo báo cáo ATVSLĐ năm của {employers} cơ sở: {cases} người mắc mới.",
        "disease": "Bệnh",
        "new_cases": "Ca mắc mới",
        "diagnosed": "Người được chẩn đoán",
        "monitoring": "Mẫu quan trắc không đạt theo yếu tố",
        "monitoring_text": "Các tổ chức quan trắc đã lấy {samples} mẫu, {failing} mẫu không đạt giới hạn cho phép "
                           "({share}).",
        "monitoring_annual": "Theo báo cáo ATVSLĐ năm của cơ sở: {samples} mẫu, {failing} mẫu không đạt ({share}).",
        "monitoring_note": "Các mẫu của cùng một cơ sở không độc lập nên khoảng tin cậy (Wilson) đánh giá thấp độ "
                           "bất định.",
        "factor": "Yếu tố",
        "samples": "Số mẫu",
        "failing": "Không đạt",
        "failing_share": "Tỷ lệ không đạt",
        "completeness": "Tính đầy đủ và kịp thời của báo cáo",
        "completeness_lead": "Đơn vị phải báo cáo: mọi cơ sở có lao động tham gia bảo hiểm trong kỳ (báo cáo tổng "
                             "hợp TNLĐ, báo cáo ATVSLĐ năm), các cơ sở y tế và tổ chức quan trắc theo danh sách, cơ "
                             "quan BHXH (mỗi tháng), các xã. Đúng hạn: tệp đầu tiên đến trước hạn nộp.",
        "completeness_text": "Tổng cộng {received} trên {expected} báo cáo phải nhận đã đến ({rate}), {on_time} đúng "
                             "hạn ({on_time_rate}).",
        "deadline_open": "hạn nộp chưa qua ở {n} kỳ",
        "periods_open": "Kỳ chưa đến hạn",
        "periods": "Số kỳ",
        "family": "Loại báo cáo",
        "expected": "Phải nhận",
        "received": "Đã nhận",
        "on_time": "Đúng hạn",
        "reporting_rate": "Tỷ lệ báo cáo",
        "on_time_rate": "Tỷ lệ đúng hạn",
        "by_commune_completeness": "Theo xã (thấp nhất)",
        "commune_completeness_text": "{complete} trên {communes} xã đã nhận đủ mọi báo cáo phải nhận trong kỳ.",
        "employer_reports": "Báo cáo của cơ sở",
        "commune_report": "Báo cáo của xã",
        "reconciliation": "Đối chiếu giữa các nguồn",
        "reconciliation_lead": "Đối chiếu hồ sơ giải quyết chế độ của quỹ bảo hiểm TNLĐ-BNN với sổ theo dõi tai nạn "
                               "của cơ sở, năm {year}{ytd} — tín hiệu báo cáo thiếu. Quỹ giải quyết chậm vài tuần "
                               "đến vài tháng nên các tháng gần nhất làm các khoảng trống có vẻ lớn hơn.",
        "reconciliation_text": "{without} trên {cases} vụ việc TNLĐ (không kể tai nạn trên đường đi) được BHXH giải "
                               "quyết không có trong sổ theo dõi TNLĐ của cơ sở ({share}); {deaths_without} trên "
                               "{deaths} người chết theo sổ TNLĐ chưa có hồ sơ tử tuất của BHXH ({deaths_share}).",
        "measure": "Chỉ số",
        "value": "Giá trị",
        "quality": "Phụ lục: chất lượng dữ liệu",
        "quality_lead": "Các tệp nhận được cho các kỳ báo cáo trong {label} và các dòng bị loại theo quy tắc kiểm "
                        "tra (số đếm tổng hợp, không có dữ liệu từng dòng).",
        "quality_text": "{files} tệp đã nhận ({rejected} tệp bị từ chối toàn bộ); {rows_read} dòng đọc được, "
                        "{rows_rejected} dòng bị loại, {rows_warned} dòng có cảnh báo.",
        "quality_missing": "Bản công bố này chưa có bảng tổng hợp chất lượng dữ liệu.",
        "files": "Tệp",
        "rejected_files": "Tệp bị từ chối",
        "rows_read": "Dòng đọc được",
        "rows_loaded": "Dòng nạp",
        "rows_rejected": "Dòng bị loại",
        "rule": "Quy tắc",
        "severity": "Mức",
        "severity_error": "lỗi (loại dòng)",
        "severity_warning": "cảnh báo",
        "rows_affected": "Số dòng",
        "column": "Cột",
        "method": "Phương pháp",
        "method_text": "Tỷ suất tử vong theo ILO (SDG 8.8.1): người chết thuộc quyền quản lý của cơ sở ÷ bình quân "
                       "lao động tham gia bảo hiểm TNLĐ-BNN của chính các cơ sở đó × 100.000. Khoảng tin cậy 95% "
                       "theo phân phối Poisson chính xác. Trạng thái T1 tính trên tỷ suất, T2 và T3 trên số đếm. Lộ "
                       "trình = giá trị năm gốc × 0,96^(năm − {baseline}) với T1, × 1,05^(năm − {baseline}) với T2, "
                       "T3. Mọi con số trong báo cáo này lấy từ các bảng chỉ số của bản công bố nêu ở đầu báo cáo.",
        "unknown": "Chưa rõ",
        "all": "Tổng",
        "yes": "có",
        "no": "không",
        "status_col": "Trạng thái",
        "footer": "Báo cáo tạo tự động từ kho dữ liệu chuyên ngành ATVSLĐ tỉnh {province}; mở được không cần mạng.",
    },
    "en": {
        "lang_name": "English",
        "other_lang_name": "Tiếng Việt",
        "authority": "PEOPLE'S COMMITTEE OF {province} PROVINCE — DEPARTMENT OF HOME AFFAIRS",
        "title_year": "Annual review {year}",
        "title_half": "Review of {label}",
        "subtitle": "Occupational safety and health — implementing Plan 276-KH/TU of 14 May 2024 of the Provincial "
                    "Party Standing Committee (Directive 31-CT/TW)",
        "publication": "Figures: the OSH warehouse publication of {time}, run {run}.",
        "lock_held": "Period {period} was locked on {at} ({by}); its figures stay as they were when locked.",
        "lock_pending": "Late data has arrived for this period and awaits revision when the period is reopened.",
        "contents": "Contents",
        "summary": "The three targets at a glance",
        "summary_lead": "Plan 276-KH/TU sets three yearly targets, each compared with the same period a year earlier "
                        "and with the compound trajectory from the {baseline} baseline. The statuses below are those "
                        "of {label}.",
        "target": "Target",
        "actual": "Actual",
        "previous": "Same period a year earlier",
        "yoy": "Year on year",
        "trajectory": "Against the trajectory from the baseline",
        "yoy_short": "Year on year",
        "trajectory_short": "Against trajectory",
        "change": "Change",
        "required_yoy": "Required (year on year)",
        "required_trajectory": "Trajectory value",
        "ci": "95% confidence interval",
        "ci_low": "95% CI lower",
        "ci_high": "95% CI upper",
        "noise_yes": "the change stands out from chance",
        "noise_no": "the change is within chance variation (the two 95% intervals overlap)",
        "period": "Period",
        "t1_name": "T1 — Fatal occupational-accident rate",
        "t1_unit": "deaths per 100,000 workers",
        "t1_goal": "falls by at least 4% a year",
        "t2_name": "T2 — Workers exposed to hazardous factors examined for occupational disease",
        "t2_unit": "workers",
        "t2_goal": "rises by at least 5% a year",
        "t3_name": "T3 — Establishments with harmful factors whose work environment is monitored",
        "t3_unit": "establishments",
        "t3_goal": "rises by at least 5% a year",
        "series_actual": "Actual (95% confidence interval)",
        "series_yoy": "Required given the previous year",
        "series_trajectory": "Trajectory from the baseline",
        "t1_text": "Deaths from occupational accidents among workers under their employer's management in {label}: "
                   "{deaths}, over {workers} workers (denominator: {source}), a rate of {rate} per 100,000 workers "
                   "(95% confidence interval {lower}–{upper}). Year on year: {yoy} ({change}; {noise}). Against the "
                   "trajectory ({trajectory}): {trajectory_status}.",
        "t1_half_note": "Half-year rates are not annualised and are compared with the same half of earlier years.",
        "t1_k": "Frequency K = {k} accidents per 1,000 workers; K_fatal = {k_fatal} deaths per 1,000 workers.",
        "denominator_insured_workforce": "average workers insured against occupational accidents and diseases",
        "denominator_reported_workers": "workers reported in the employers' annual OSH reports",
        "denominator_mixed": "insured workers, completed by reported workers",
        "denominator_none": "none yet",
        "beside_t1": "Beside T1 (not in the rate)",
        "beside_t1_text": "Outside the rate there were {outside} more deaths: {not_managed} of victims not under the "
                          "employer's management and {no_contract} of workers without a labour contract (commune "
                          "reports; {nc_victims} victims, {nc_insured} of them with voluntary accident insurance).",
        "nonfatal_text": "Non-fatal accidents with more than 3 days off (ESAW): {cases} cases, {rate} per 100,000 "
                         "workers; {days} days off per case on average.",
        "t2_text": "In {label}, {value} workers were examined for occupational disease (distinct people, from "
                   "{reports} reports of examining facilities). Year on year: {yoy} ({change}). Against the "
                   "trajectory: {trajectory_status}. Coverage at employers that filed an annual report: {coverage}.",
        "t3_text": "In {label}, {value} establishments with harmful factors had their work environment monitored (of "
                   "{harmful} filers with harmful factors; coverage {coverage}). Year on year: {yoy} ({change}). "
                   "Against the trajectory: {trajectory_status}.",
        "no_data_text": "No data for {label}: no usable report has been received.",
        "no_chart": "No data to chart yet.",
        "breakdowns": "By commune, sector and employer size",
        "breakdowns_lead": "Deaths and rates placed by the employer's commune, sector and size band in the period "
                           "(as T1 places them). With small numbers a commune's or a sector's rate swings widely: "
                           "read it with its confidence interval.",
        "by_commune": "By commune",
        "by_sector": "By economic sector (VSIC 2018)",
        "by_size": "By employer size (Decree 80/2021)",
        "top_deaths": "Most deaths",
        "top_rate": "Highest rate",
        "top_text_commune": "Commune with the most deaths: {name} ({deaths}). Highest rate: {rate_name} ({rate} per "
                            "100,000 workers).",
        "top_text_sector": "Sector with the most deaths: {name} ({deaths}). Highest rate: {rate_name} ({rate} per "
                           "100,000 workers).",
        "top_none": "No death counted in T1 in the period.",
        "name": "Name",
        "code": "Code",
        "deaths": "Deaths",
        "accidents": "Accidents",
        "victims": "Victims",
        "employers": "Employers",
        "workers": "Workers (denominator)",
        "rate": "Rate per 100,000",
        "k": "K per 1,000",
        "severely_injured": "Severely injured",
        "causes": "Causes of occupational accidents",
        "causes_lead": "From the employers' accident registers (every victim) and, apart, from the commune reports "
                       "of workers without a labour contract. The list of causes is provisional.",
        "deaths_under_management": "Deaths under the employer's management",
        "victims_under_management": "Victims under the employer's management",
        "goal": "Goal",
        "no_contract_victims": "Victims without a contract",
        "no_contract_deaths": "Deaths without a contract",
        "groups": "The groups of workers the plan names",
        "groups_lead": "Figures for the year {year}{ytd}. People with disabilities are counted only in the annual "
                       "OSH reports (accident registers do not record disability). Apprentices, leased workers, "
                       "probationers and workers without a contract have no workforce count, so no rate.",
        "groups_ytd": " (an annual table; to the publication date)",
        "groups_missing": "Domestic workers and Vietnamese working abroad: no source in the warehouse yet.",
        "group": "Group",
        "workers_reported": "The group's workers (annual reports)",
        "victim_rate": "Victims per 100,000 of the group",
        "health": "Occupational disease and work-environment monitoring",
        "diseases": "New cases of occupational disease",
        "diseases_text": "In {label}: {new} new cases (workers diagnosed for the first time), {diagnosed} workers "
                         "diagnosed, from {reports} reports of examining facilities.",
        "diseases_annual": "According to the annual OSH reports of {employers} employers: {cases} new cases.",
        "disease": "Disease",
        "new_cases": "New cases",
        "diagnosed": "Workers diagnosed",
        "monitoring": "Failing monitoring samples by factor",
        "monitoring_text": "Monitoring organisations took {samples} samples, {failing} of which failed the "
                           "permissible limits ({share}).",
        "monitoring_annual": "According to the employers' annual OSH reports: {samples} samples, {failing} failing "
                             "({share}).",
        "monitoring_note": "Samples from one establishment are not independent: the (Wilson) intervals understate "
                           "the uncertainty.",
        "factor": "Factor",
        "samples": "Samples",
        "failing": "Failing",
        "failing_share": "Failing share",
        "completeness": "Reporting completeness and timeliness",
        "completeness_lead": "Expected senders: every employer with insured workers in the period (accident summary, "
                             "annual OSH report), the health facilities and monitoring bodies of the registry, the "
                             "social-insurance fund (monthly) and the communes. On time: the first file arrived "
                             "before the deadline.",
        "completeness_text": "In all, {received} of {expected} expected reports arrived ({rate}), {on_time} on time "
                             "({on_time_rate}).",
        "deadline_open": "deadline not yet passed for {n} period(s)",
        "periods_open": "Periods not yet due",
        "periods": "Periods",
        "family": "Report",
        "expected": "Expected",
        "received": "Received",
        "on_time": "On time",
        "reporting_rate": "Reporting rate",
        "on_time_rate": "On-time rate",
        "by_commune_completeness": "By commune (lowest first)",
        "commune_completeness_text": "{complete} of {communes} communes sent every report expected in the period.",
        "employer_reports": "Employers' reports",
        "commune_report": "Commune's report",
        "reconciliation": "Cross-source reconciliation",
        "reconciliation_lead": "The accident and disease insurance fund's benefit cases against the employers' "
                               "accident registers, year {year}{ytd} — the signal of under-reporting. The fund "
                               "decides weeks or months after the event, so the latest months overstate both gaps.",
        "reconciliation_text": "{without} of {cases} insurance accident cases (commuting accidents left out) have no "
                               "record in the employer's accident register ({share}); {deaths_without} of {deaths} "
                               "deaths in the registers have no insurance death case yet ({deaths_share}).",
        "measure": "Measure",
        "value": "Value",
        "quality": "Appendix: data quality",
        "quality_lead": "Files received for the reporting periods within {label}, and rows rejected by validation "
                        "rule (aggregate counts, no row-level data).",
        "quality_text": "{files} files received ({rejected} rejected as a whole); {rows_read} rows read, "
                        "{rows_rejected} rows rejected, {rows_warned} rows with warnings.",
        "quality_missing": "This publication carries no data-quality summary.",
        "files": "Files",
        "rejected_files": "Rejected files",
        "rows_read": "Rows read",
        "rows_loaded": "Rows loaded",
        "rows_rejected": "Rows rejected",
        "rule": "Rule",
        "severity": "Level",
        "severity_error": "error (row rejected)",
        "severity_warning": "warning",
        "rows_affected": "Rows",
        "column": "Column",
        "method": "Method",
        "method_text": "Fatal rate as ILO SDG 8.8.1: deaths under the employer's management ÷ the average insured "
                       "workers of the same employers × 100,000, with exact Poisson 95% confidence intervals. T1's "
                       "status is computed on the rate, T2's and T3's on counts. Trajectory = the baseline value × "
                       "0.96^(year − {baseline}) for T1, × 1.05^(year − {baseline}) for T2 and T3. Every figure in "
                       "this report comes from the indicator tables of the publication named at the top.",
        "unknown": "Unknown",
        "all": "Total",
        "yes": "yes",
        "no": "no",
        "status_col": "Status",
        "footer": "Generated from the {province} occupational safety and health warehouse; opens without a network.",
    },
}
