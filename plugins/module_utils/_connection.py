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
from ansible_collections.hwcloud.modelarts.plugins.module_utils._project import ProjectResolver
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


def _base_url(value, option):
    url = value.rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise ModelArtsConfigError("%s must be an http:// or https:// URL, got %r." % (option, value))
    return url


def _iam_url(value):
    url = _base_url(value, "iam_endpoint")
    # HW_AUTH_URL is usually given with its /v3 suffix (the Terraform provider wants it so).
    return url[:-3] if url.endswith("/v3") else url


def endpoints(params):
    region = params.get("region")
    if not region and not (params.get("endpoint") and params.get("iam_endpoint")):
        raise ModelArtsConfigError(
            "region (HW_REGION_NAME) is required unless both endpoint and iam_endpoint are set.")
    endpoint = params.get("endpoint") or MODELARTS_ENDPOINT.format(region=region)
    iam_endpoint = params.get("iam_endpoint") or IAM_ENDPOINT.format(region=region)
    return _base_url(endpoint, "endpoint"), _iam_url(iam_endpoint)


def check_transport_options(params):
    if params["api_timeout"] <= 0:
        raise ModelArtsConfigError("api_timeout must be a positive number of seconds, got %s." % params["api_timeout"])
    if params["retries"] < 0:
        raise ModelArtsConfigError("retries must be 0 or more, got %s." % params["retries"])


def build_client(params, transport=None):
    """Validate the connection options and build a client; sends nothing yet."""
    mode = select_auth_mode(params)
    endpoint, iam_endpoint = endpoints(params)
    check_transport_options(params)
    transport = transport or Transport(
        timeout=params["api_timeout"],
        validate_certs=params["validate_certs"],
        ca_bundle=params.get("ca_bundle"),
        retries=params["retries"],
    )
    if mode == TOKEN:
        auth = TokenAuth(params["auth_token"])
    elif mode == AKSK:
        auth = AkSkAuth(params["access_key"], params["secret_key"], params.get("security_token"))
    else:
        auth = PasswordAuth(transport, iam_endpoint, params["user_name"], params["password"], params["domain_name"],
                            project_id=params.get("project_id"), project_name=params.get("region"))
    return ModelArtsClient(transport, auth, endpoint, iam_endpoint, region=params.get("region"),
                           project_id=params.get("project_id"),
                           project=ProjectResolver(transport, auth, iam_endpoint, params.get("region")))


def require_requests(module):
    if REQUESTS_IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
