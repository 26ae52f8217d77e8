"""Live mode's own switch: which variables it needs and how it says what is missing (runs everywhere)."""

from live_mode import missing_variables


def test_everything_missing_is_named():
    assert missing_variables({}) == (
        "HW_REGION_NAME, HW_MODELARTS_TEST_MODEL_ID, credentials "
        "(HW_ACCESS_KEY+HW_SECRET_KEY or HW_AUTH_TOKEN or HW_USER_NAME+HW_USER_PASSWORD+HW_DOMAIN_NAME)")


def test_any_one_complete_kind_of_credentials_is_enough():
    base = {"HW_REGION_NAME": "cn-north-4", "HW_MODELARTS_TEST_MODEL_ID": "m-1"}
    assert missing_variables(dict(base, HW_ACCESS_KEY="ak", HW_SECRET_KEY="sk")) == ""
    assert missing_variables(dict(base, HW_AUTH_TOKEN="MII")) == ""
    assert missing_variables(dict(base, HW_USER_NAME="u", HW_USER_PASSWORD="p", HW_DOMAIN_NAME="d")) == ""
    assert missing_variables(dict(base, HW_ACCESS_KEY="ak")).startswith("credentials (")
    assert missing_variables(dict(base, HW_AUTH_TOKEN="")).startswith("credentials (")
