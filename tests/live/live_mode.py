"""What live mode needs from the environment (imported by conftest.py and its own test)."""

import os

MODEL_VARIABLE = "HW_MODELARTS_TEST_MODEL_ID"
CREDENTIALS = (("HW_ACCESS_KEY", "HW_SECRET_KEY"), ("HW_AUTH_TOKEN",), ("HW_USER_NAME", "HW_USER_PASSWORD", "HW_DOMAIN_NAME"))


def missing_variables(environ=None):
    """What is missing for live mode, as text for a skip reason; empty when everything is set."""
    environ = os.environ if environ is None else environ
    missing = [name for name in ("HW_REGION_NAME", MODEL_VARIABLE) if not environ.get(name)]
    if not any(all(environ.get(name) for name in group) for group in CREDENTIALS):
        missing.append("credentials (%s)" % " or ".join("+".join(group) for group in CREDENTIALS))
    return ", ".join(missing)
