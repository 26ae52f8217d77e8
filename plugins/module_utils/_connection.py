# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Connection and authentication options shared by every module, and the client they build.

Documented by the ``hwcloud.modelarts.connection`` doc fragment; environment variable
names are the Huawei Cloud Terraform provider's, so existing environments work unchanged.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import (
    AKSK,
    TOKEN,
    AkSkAuth,
    PasswordAuth,
    TokenAuth,
    select_auth_mode,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import ModelArtsClient
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import PROJECT_ID, check_base_url, check_id, check_region
from ansible_collections.hwcloud.modelarts.plugins.module_utils._project import ProjectResolver
from ansible_collections.hwcloud.modelarts.plugins.module_utils._secrets import SecretRegistry
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import (
    REQUESTS_IMPORT_ERROR,
    Transport,
)

MODELARTS_ENDPOINT = "https://modelarts.{region}.myhuaweicloud.com"
IAM_ENDPOINT = "https://iam.{region}.myhuaweicloud.com"


def _env(*names):
    return (env_fallback, list(names))


CONNECTION_ARGUMENT_SPEC = dict(
    region=dict(type="str", fallback=_env("HW_REGION_NAME")),
    project_id=dict(type="str", fallback=_env("HW_PROJECT_ID")),
    endpoint=dict(type="str", fallback=_env("HW_MODELARTS_ENDPOINT")),
    iam_endpoint=dict(type="str", fallback=_env("HW_AUTH_URL")),
    access_key=dict(type="str", no_log=False, fallback=_env("HW_ACCESS_KEY")),
    secret_key=dict(type="str", no_log=True, fallback=_env("HW_SECRET_KEY")),
    security_token=dict(type="str", no_log=True, fallback=_env("HW_SECURITY_TOKEN")),
    auth_token=dict(type="str", no_log=True, fallback=_env("HW_AUTH_TOKEN")),
    user_name=dict(type="str", fallback=_env("HW_USER_NAME")),
    password=dict(type="str", no_log=True, fallback=_env("HW_USER_PASSWORD")),
    domain_name=dict(type="str", fallback=_env("HW_DOMAIN_NAME")),
    validate_certs=dict(type="bool", default=True),
    ca_bundle=dict(type="path"),
    api_timeout=dict(type="int", default=30),
    retries=dict(type="int", default=3),
)


def connection_argument_spec(**module_options):
    """A module's full argument spec: its own options plus the connection options."""
    spec = dict((name, dict(option)) for name, option in CONNECTION_ARGUMENT_SPEC.items())
    spec.update(module_options)
    return spec


# Options whose values are secrets, registered with Ansible's no-log values in every form sent.
SECRET_OPTIONS = ("secret_key", "password", "auth_token", "security_token")
# Bounds that keep a typo (api_timeout: 1e12) from becoming a hung job or a crash in the socket layer.
MAX_API_TIMEOUT = 3600
MAX_RETRIES = 10


def _base_url(value, option):
    return check_base_url(option, value, allowed_paths=("", "/v3") if option == "iam_endpoint" else ("",))


def _iam_url(value):
    url = _base_url(value, "iam_endpoint")
    # HW_AUTH_URL is usually given with its /v3 suffix (the Terraform provider wants it so).
    return url[:-3] if url.endswith("/v3") else url


def endpoints(params):
    region = params.get("region")
    if region:
        # It becomes part of the default hosts and the IAM project name.
        check_region(region)
    if not region and not (params.get("endpoint") and params.get("iam_endpoint")):
        raise ModelArtsConfigError(
            "region (HW_REGION_NAME) is required unless both endpoint and iam_endpoint are set.")
    endpoint = params.get("endpoint") or MODELARTS_ENDPOINT.format(region=region)
    iam_endpoint = params.get("iam_endpoint") or IAM_ENDPOINT.format(region=region)
    return _base_url(endpoint, "endpoint"), _iam_url(iam_endpoint)


def check_transport_options(params):
    for name in ("api_timeout", "retries"):
        # A boolean is an int to Python: api_timeout: yes would reach the HTTP library as True.
        if isinstance(params[name], bool) or not isinstance(params[name], int):
            raise ModelArtsConfigError("%s must be a whole number, got %r." % (name, params[name]))
    if params["api_timeout"] <= 0:
        raise ModelArtsConfigError("api_timeout must be a positive number of seconds, got %s." % params["api_timeout"])
    if params["api_timeout"] > MAX_API_TIMEOUT:
        raise ModelArtsConfigError("api_timeout must be at most %d seconds (it bounds one HTTP request; wait_timeout "
                                   "bounds waiting for a service), got %s." % (MAX_API_TIMEOUT, params["api_timeout"]))
    if params["retries"] < 0:
        raise ModelArtsConfigError("retries must be 0 or more, got %s." % params["retries"])
    if params["retries"] > MAX_RETRIES:
        raise ModelArtsConfigError("retries must be at most %d, got %s." % (MAX_RETRIES, params["retries"]))


def build_client(params, transport=None, register_secret=None):
    """Validate the connection options and build a client; sends nothing yet.

    ``register_secret`` (a module's ``no_log_values.add``) is told every secret the client will
    send, now and later (the token IAM issues), so Ansible masks it wherever it turns up.
    """
    secrets = SecretRegistry(register_secret)
    for name in SECRET_OPTIONS:
        secrets.add(params.get(name))
    mode = select_auth_mode(params)
    endpoint, iam_endpoint = endpoints(params)
    if params.get("project_id"):
        check_id("project_id", params["project_id"], PROJECT_ID)
    check_transport_options(params)
    if transport is None:
        transport = Transport(
            timeout=params["api_timeout"],
            validate_certs=params["validate_certs"],
            ca_bundle=params.get("ca_bundle"),
            retries=params["retries"],
            secrets=secrets,
        )
    if mode == TOKEN:
        auth = TokenAuth(params["auth_token"])
    elif mode == AKSK:
        auth = AkSkAuth(params["access_key"], params["secret_key"], params.get("security_token"))
    else:
        auth = PasswordAuth(transport, iam_endpoint, params["user_name"], params["password"], params["domain_name"],
                            project_id=params.get("project_id"), project_name=params.get("region"), secrets=secrets)
    return ModelArtsClient(transport, auth, endpoint, iam_endpoint, region=params.get("region"),
                           project_id=params.get("project_id"),
                           project=ProjectResolver(transport, auth, iam_endpoint, params.get("region")))


def require_requests(module):
    if REQUESTS_IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
