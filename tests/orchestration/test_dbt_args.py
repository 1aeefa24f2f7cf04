from orchestration.dbt_args import dbt_build_args


def test_the_nightly_build_is_one_build_without_unit_tests():
    assert dbt_build_args() == ["build", "--exclude-resource-type", "unit_test"]
    assert dbt_build_args(unit_tests=True) == ["build"]


def test_selection_and_flags_are_passed_through_in_order():
    args = dbt_build_args(select=["+ind_t1_fatal_rate_yearly"], exclude=["test_type:unit"], full_refresh=True,
                          fail_fast=True, unit_tests=True)
    assert args == ["build", "--select", "+ind_t1_fatal_rate_yearly", "--exclude", "test_type:unit",
                    "--full-refresh", "--fail-fast"]


def test_no_vars_ever_reach_the_command_line():
    # --vars forces dbt to re-parse the whole project on every run.
    assert all(not a.startswith("--vars") for a in dbt_build_args(select=["x"], full_refresh=True))


def test_the_reference_seeds_tests_can_be_left_out():
    assert dbt_build_args(seed_tests=False) == ["build", "--exclude-resource-type", "unit_test",
                                               "--exclude", "tag:reference_seed_test"]
    assert dbt_build_args(exclude=["tag:x"], seed_tests=False)[-3:] == ["--exclude", "tag:x", "tag:reference_seed_test"]
