"""``osh validate``: every problem listed in both languages, and the documented exit statuses."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from orchestration.cli import app
from tests.conftest import FIXTURE_LANDING_ZONE

runner = CliRunner()
ACCIDENTS = FIXTURE_LANDING_ZONE / "accident_cases"


def validate(*args: str | Path):
    return runner.invoke(app, ["validate", *map(str, args)])


def test_a_clean_file_exits_0():
    result = validate(FIXTURE_LANDING_ZONE / "insured_workforce/202401/bhxh51_202401.csv")
    assert result.exit_code == 0, result.output
    assert "5 rows read, 0 would be rejected, 0 errors, 0 warnings" in result.output


def test_a_file_with_errors_exits_1_and_lists_row_column_value_rule_in_both_languages():
    result = validate(ACCIDENTS / "2025S1/4300200021_so_tnld_2025S1.csv")
    assert result.exit_code == 1
    out = result.output
    assert "dòng/row 3, cột/column «Mã xã/phường trụ sở» = «99999» [unknown_commune]" in out
    assert "Commune code «99999» is neither a current commune" in out
    assert "Mã xã/phường «99999» không thuộc tỉnh" in out
    assert "dòng/row 5, cột/column «Mức độ thương tích» = «gãy tay» [unknown_code]" in out
    assert "dòng/row 6, cột/column «Thời gian xảy ra» = «31/02/2025 09:00» [invalid_value]" in out
    assert "5 rows read, 4 would be rejected, 4 errors, 0 warnings" in out


def test_warnings_alone_do_not_fail_the_file():
    result = validate(FIXTURE_LANDING_ZONE / "insured_workforce/202403/bhxh51_202403.csv")
    assert result.exit_code == 0
    assert "CẢNH BÁO/WARNING" in result.output and "[contribution_rate_known]" in result.output


def test_national_ids_are_masked_in_messages(tmp_path):
    source = ACCIDENTS / "2023S1/4300300033_so_tnld_2023S1.csv"
    bad = tmp_path / "accident_cases" / "2023S1" / source.name
    bad.parent.mkdir(parents=True)
    bad.write_text(source.read_text(encoding="utf-8").replace("051078002345", "05107800234X"), encoding="utf-8")
    result = validate(bad)
    assert result.exit_code == 1
    assert "*********34X" in result.output and "05107800234X" not in result.output


def test_not_a_spreadsheet_exits_2_with_one_sentence_and_no_traceback():
    result = validate(ACCIDENTS / "2025S2/bao_cao.xlsx")
    assert result.exit_code == 2
    assert "not an Excel .xlsx workbook" in result.output and "Traceback" not in result.output


def test_an_empty_file_exits_2(tmp_path):
    empty = tmp_path / "accident_cases" / "2025S1" / "empty.csv"
    empty.parent.mkdir(parents=True)
    empty.write_bytes(b"")
    result = validate(empty)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_missing_file_exits_2(tmp_path):
    assert validate(tmp_path / "nothing.csv").exit_code == 2


def test_the_wrong_template_names_the_family_it_looks_like():
    result = validate(ACCIDENTS / "2025S2/4300400045_nham_mau.csv")
    assert result.exit_code == 1
    assert "(insured_workforce)" in result.output and "submitted to the folder «accident_cases»" in result.output


def test_outside_the_landing_zone_the_family_is_recognised_from_the_headers(tmp_path):
    copy = tmp_path / "anything.csv"
    shutil.copyfile(FIXTURE_LANDING_ZONE / "insured_workforce/202401/bhxh51_202401.csv", copy)
    result = validate(copy)
    assert result.exit_code == 0
    assert "Mẫu / Template: insured_workforce" in result.output


def test_family_option_overrides_recognition(tmp_path):
    copy = tmp_path / "anything.csv"
    shutil.copyfile(FIXTURE_LANDING_ZONE / "insured_workforce/202401/bhxh51_202401.csv", copy)
    result = validate(copy, "--family", "accident_cases")
    assert result.exit_code == 1 and "(insured_workforce)" in result.output


def test_a_file_of_no_template_exits_2(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = validate(other)
    assert result.exit_code == 2 and "does not follow any report template" in result.output
