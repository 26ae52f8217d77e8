# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hwcloud.modelarts.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import AkSkAuth, PasswordAuth, TokenAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import (
    CONNECTION_ARGUMENT_SPEC,
    build_client,
    connection_argument_spec,
    endpoints,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Transport

ENV_NAMES = {
    "region": "HW_REGION_NAME",
    "project_id": "HW_PROJECT_ID",
    "endpoint": "HW_MODELARTS_ENDPOINT",
    "iam_endpoint": "HW_AUTH_URL",
    "access_key": "HW_ACCESS_KEY",
    "secret_key": "HW_SECRET_KEY",
    "security_token": "HW_SECURITY_TOKEN",
    "auth_token": "HW_AUTH_TOKEN",
    "user_name": "HW_USER_NAME",
    "password": "HW_USER_PASSWORD",
    "domain_name": "HW_DOMAIN_NAME",
}
SECRETS = {"secret_key", "security_token", "auth_token", "password"}


class RecordingTransport:
    def __init__(self):
        self.calls = []

    def request(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        raise AssertionError("build_client must not send anything")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)


def make_params(**values):
    """Every connection option, as AnsibleModule would hand them over (defaults filled in)."""
    params = dict((name, option.get("default")) for name, option in CONNECTION_ARGUMENT_SPEC.items())
    for name, value in values.items():
        assert name in params, name
        params[name] = value
    return params


def validated(params=None):
    """Apply the argument spec (types, defaults and environment fallbacks) without an AnsibleModule."""
    result = ArgumentSpecValidator(CONNECTION_ARGUMENT_SPEC).validate(dict(params or {}))
    assert result.error_messages == []
    return result.validated_parameters


# Environment fallbacks

def test_every_option_falls_back_to_its_documented_variable(monkeypatch):
    for env in ENV_NAMES.values():
        monkeypatch.setenv(env, "from-%s" % env)
    params = validated()
    for name, env in ENV_NAMES.items():
        assert params[name] == "from-%s" % env, name


def test_aksk_from_the_environment(monkeypatch):
    monkeypatch.setenv("HW_ACCESS_KEY", "AK-env")
    monkeypatch.setenv("HW_SECRET_KEY", "SK-env")
    monkeypatch.setenv("HW_SECURITY_TOKEN", "STS-env")
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-3")
    monkeypatch.setenv("HW_PROJECT_ID", "0a1b")
    transport = RecordingTransport()
    client = build_client(validated(), transport=transport)
    assert isinstance(client.auth, AkSkAuth)
    assert (client.auth._access_key, client.auth._secret_key, client.auth._security_token) == ("AK-env", "SK-env", "STS-env")
    assert client.endpoint == "https://modelarts.ap-southeast-3.myhuaweicloud.com"
    assert client.iam_endpoint == "https://iam.ap-southeast-3.myhuaweicloud.com"
    assert client.region == "ap-southeast-3"
    assert client.project_id == "0a1b"
    assert client.auth.project_headers(client.project_id) == {"X-Project-Id": "0a1b"}
    assert client.transport is transport
    assert transport.calls == []


def test_options_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("HW_AUTH_TOKEN", "token-env")
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-3")
    params = validated({"auth_token": "token-opt", "region": "cn-north-4"})
    client = build_client(params, transport=RecordingTransport())
    assert isinstance(client.auth, TokenAuth)
    assert client.auth("GET", "https://x/v1/p", [], {}, b"")["X-Auth-Token"] == "token-opt"
    assert client.region == "cn-north-4"


def test_password_from_the_environment_and_iam_url_with_v3(monkeypatch):
    monkeypatch.setenv("HW_USER_NAME", "ops")
    monkeypatch.setenv("HW_USER_PASSWORD", "pw")
    monkeypatch.setenv("HW_DOMAIN_NAME", "acme")
    monkeypatch.setenv("HW_REGION_NAME", "eu-de")
    monkeypatch.setenv("HW_AUTH_URL", "https://iam.eu-de.otc.t-systems.com/v3")
    monkeypatch.setenv("HW_MODELARTS_ENDPOINT", "https://modelarts.eu-de.otc.t-systems.com/")
    transport = RecordingTransport()
    client = build_client(validated(), transport=transport)
    assert isinstance(client.auth, PasswordAuth)
    assert client.endpoint == "https://modelarts.eu-de.otc.t-systems.com"
    assert client.iam_endpoint == "https://iam.eu-de.otc.t-systems.com"
    assert client.auth._iam_endpoint == "https://iam.eu-de.otc.t-systems.com"
    assert client.auth.token_body()["auth"]["scope"] == {"project": {"name": "eu-de"}}
    assert client.auth._transport is transport
    assert transport.calls == []


def test_password_with_project_id_scopes_by_id():
    params = make_params(user_name="ops", password="pw", domain_name="acme", region="cn-north-4", project_id="0a1b")
    client = build_client(params, transport=RecordingTransport())
    assert client.auth.token_body()["auth"]["scope"] == {"project": {"id": "0a1b"}}


# Endpoints

@pytest.mark.parametrize("iam_endpoint, expected", [
    ("https://iam.example.com", "https://iam.example.com"),
    ("https://iam.example.com/", "https://iam.example.com"),
    ("https://iam.example.com/v3", "https://iam.example.com"),
    ("https://iam.example.com/v3/", "https://iam.example.com"),
    ("http://127.0.0.1:8080/v3", "http://127.0.0.1:8080"),
])
def test_iam_endpoint_forms(iam_endpoint, expected):
    assert endpoints(make_params(region="cn-north-4", iam_endpoint=iam_endpoint)) == (
        "https://modelarts.cn-north-4.myhuaweicloud.com", expected)


def test_endpoints_default_from_region():
    assert endpoints(make_params(region="cn-north-4")) == (
        "https://modelarts.cn-north-4.myhuaweicloud.com", "https://iam.cn-north-4.myhuaweicloud.com")


def test_both_endpoints_make_region_optional():
    assert endpoints(make_params(endpoint="http://127.0.0.1:9000/", iam_endpoint="http://127.0.0.1:9001/v3")) == (
        "http://127.0.0.1:9000", "http://127.0.0.1:9001")


@pytest.mark.parametrize("values", [{}, {"endpoint": "https://m.example.com"}, {"iam_endpoint": "https://i.example.com"}])
def test_missing_region(values):
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(auth_token="t", **values), transport=RecordingTransport())
    assert "region (HW_REGION_NAME) is required" in str(caught.value)


@pytest.mark.parametrize("option, value", [
    ("endpoint", "modelarts.cn-north-4.myhuaweicloud.com"),
    ("endpoint", "ftp://modelarts.example.com"),
    ("iam_endpoint", "iam.example.com/v3"),
])
def test_non_http_endpoints(option, value):
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(auth_token="t", region="cn-north-4", **{option: value}), transport=RecordingTransport())
    assert str(caught.value).startswith("%s must be an http:// or https:// URL of a host" % option)
    assert "got %r" % value in str(caught.value)


# Transport options

@pytest.mark.parametrize("timeout", [0, -5])
def test_api_timeout_must_be_positive(timeout):
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(auth_token="t", region="cn-north-4", api_timeout=timeout), transport=RecordingTransport())
    assert "api_timeout must be a positive number of seconds, got %s" % timeout in str(caught.value)


def test_retries_must_not_be_negative():
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(auth_token="t", region="cn-north-4", retries=-1), transport=RecordingTransport())
    assert "retries must be 0 or more, got -1" in str(caught.value)


def test_zero_retries_is_fine():
    assert build_client(make_params(auth_token="t", region="cn-north-4", retries=0)).transport.retries == 0


def test_build_client_makes_a_transport_from_the_options():
    client = build_client(make_params(auth_token="t", region="cn-north-4", api_timeout=12, retries=5, validate_certs=True,
                                      ca_bundle="/etc/ca.pem"))
    transport = client.transport
    assert isinstance(transport, Transport)
    assert (transport.timeout, transport.retries, transport.verify) == (12, 5, "/etc/ca.pem")
    insecure = build_client(make_params(auth_token="t", region="cn-north-4", validate_certs=False, ca_bundle="/etc/ca.pem"))
    assert insecure.transport.verify is False
    assert build_client(make_params(auth_token="t", region="cn-north-4")).transport.verify is True


def test_password_auth_shares_the_built_transport():
    client = build_client(make_params(user_name="u", password="p", domain_name="d", region="cn-north-4"))
    assert client.auth._transport is client.transport


@pytest.mark.parametrize("values, auth_type", [
    ({"auth_token": "t"}, TokenAuth),
    ({"access_key": "a", "secret_key": "s"}, AkSkAuth),
    ({"user_name": "u", "password": "p", "domain_name": "d"}, PasswordAuth),
])
def test_build_client_sends_nothing(values, auth_type):
    transport = RecordingTransport()
    client = build_client(make_params(region="cn-north-4", **values), transport=transport)
    assert isinstance(client.auth, auth_type)
    assert transport.calls == []


def test_auth_problems_are_found_before_endpoint_problems():
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(access_key="a", endpoint="nope"), transport=RecordingTransport())
    assert "missing: secret_key" in str(caught.value)


def test_connection_argument_spec_copies_and_extends():
    spec = connection_argument_spec(name=dict(type="str"), region=dict(type="str", required=True))
    assert spec["name"] == {"type": "str"}
    assert spec["region"] == {"type": "str", "required": True}
    assert set(spec) == set(CONNECTION_ARGUMENT_SPEC) | {"name"}
    spec["retries"]["default"] = 99
    assert CONNECTION_ARGUMENT_SPEC["retries"]["default"] == 3


# The doc fragment documents exactly the argument spec

DOC_OPTIONS = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]


def test_doc_fragment_documents_exactly_the_spec_options():
    assert sorted(DOC_OPTIONS) == sorted(CONNECTION_ARGUMENT_SPEC)


@pytest.mark.parametrize("name", sorted(CONNECTION_ARGUMENT_SPEC))
def test_doc_fragment_type_default_and_required_match(name):
    spec = CONNECTION_ARGUMENT_SPEC[name]
    doc = DOC_OPTIONS[name]
    assert doc.get("type", "str") == spec.get("type", "str")
    assert doc.get("default") == spec.get("default")
    assert bool(doc.get("required")) == bool(spec.get("required"))
    assert doc.get("choices") == spec.get("choices")
    assert doc.get("elements") == spec.get("elements")


@pytest.mark.parametrize("name", sorted(CONNECTION_ARGUMENT_SPEC))
def test_doc_fragment_names_the_fallback_variable(name):
    fallback = CONNECTION_ARGUMENT_SPEC[name].get("fallback")
    text = " ".join(DOC_OPTIONS[name]["description"])
    documented = set(re.findall(r"E\((HW_[A-Z_]+)\)", text))
    if name in ENV_NAMES:
        assert fallback[1] == [ENV_NAMES[name]]
        assert documented == {ENV_NAMES[name]}
    else:
        assert fallback is None
        assert documented == set()


def test_secrets_are_no_log_and_key_like_names_say_so():
    assert set(name for name, option in CONNECTION_ARGUMENT_SPEC.items() if option.get("no_log")) == SECRETS
    for name, option in CONNECTION_ARGUMENT_SPEC.items():
        if re.search(r"key|token|pass|secret", name):
            # ansible-test validate-modules wants an explicit no_log on every secret-looking name.
            assert "no_log" in option, name


@pytest.mark.parametrize("option, value", [("api_timeout", True), ("retries", False), ("api_timeout", 1.5)])
def test_a_boolean_or_fraction_never_reaches_the_http_library(option, value):
    # The inventory plugin builds its client from its own options, without a module's argument checks.
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(auth_token="t", region="cn-north-4", **{option: value}), transport=RecordingTransport())
    assert "%s must be a whole number, got %r." % (option, value) == str(caught.value)
