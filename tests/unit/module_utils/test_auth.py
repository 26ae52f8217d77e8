# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import types

from urllib.parse import urlsplit

import pytest

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import (
    AKSK,
    PASSWORD,
    TOKEN,
    AkSkAuth,
    PasswordAuth,
    TokenAuth,
    select_auth_mode,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _signer
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._signer import (
    canonical_request,
    signature,
    signed_header_names,
    string_to_sign,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response

TOKEN_OPTS = {"auth_token": "MIItoken"}
AKSK_OPTS = {"access_key": "AK0123", "secret_key": "SK-secret"}
PASSWORD_OPTS = {"user_name": "ops", "password": "pw", "domain_name": "acme"}
MODELARTS_URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b/services/s1"
IAM_URL = "https://iam.cn-north-4.myhuaweicloud.com/v3/projects"
MOMENT = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)


# select_auth_mode

@pytest.mark.parametrize("params, mode", [
    (TOKEN_OPTS, TOKEN),
    (AKSK_OPTS, AKSK),
    (PASSWORD_OPTS, PASSWORD),
    (dict(AKSK_OPTS, security_token="STS"), AKSK),
    (dict(TOKEN_OPTS, access_key=None, secret_key="", user_name=None), TOKEN),
])
def test_single_modes(params, mode):
    assert select_auth_mode(params) == mode


def test_no_mode_names_every_option_and_variable():
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode({"region": "cn-north-4"})
    text = str(caught.value)
    assert text.startswith("No credentials given")
    for name in ("access_key", "secret_key", "auth_token", "user_name", "password", "domain_name",
                 "HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_AUTH_TOKEN", "HW_USER_NAME", "HW_USER_PASSWORD", "HW_DOMAIN_NAME"):
        assert name in text, name


@pytest.mark.parametrize("params, named", [
    (dict(TOKEN_OPTS, **AKSK_OPTS), ("token via auth_token", "AK/SK via access_key, secret_key")),
    (dict(TOKEN_OPTS, **PASSWORD_OPTS), ("token via auth_token", "IAM password via user_name, password, domain_name")),
    (dict(AKSK_OPTS, user_name="ops"), ("AK/SK via access_key, secret_key", "IAM password via user_name")),
    (dict(TOKEN_OPTS, access_key="AK", password="pw"), ("token via auth_token", "AK/SK via access_key",
                                                        "IAM password via password")),
])
def test_several_modes_are_refused_naming_the_options(params, named):
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode(params)
    text = str(caught.value)
    assert "more than one authentication mode" in text
    for part in named:
        assert part in text, part


def test_partial_aksk_names_the_missing_secret_key():
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode({"access_key": "AK"})
    assert str(caught.value).startswith("AK/SK authentication needs access_key + secret_key")
    assert str(caught.value).endswith("missing: secret_key.")


def test_partial_aksk_names_the_missing_access_key():
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode({"secret_key": "SK"})
    assert str(caught.value).endswith("missing: access_key.")


def test_partial_password_names_the_missing_domain_name():
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode({"user_name": "ops", "password": "pw"})
    assert "IAM password authentication needs user_name + password + domain_name" in str(caught.value)
    assert str(caught.value).endswith("missing: domain_name.")


def test_partial_password_names_every_missing_option():
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode({"domain_name": "acme"})
    assert str(caught.value).endswith("missing: user_name, password.")


@pytest.mark.parametrize("params", [dict(TOKEN_OPTS), dict(PASSWORD_OPTS)])
def test_security_token_needs_aksk(params):
    params["security_token"] = "STS"
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode(params)
    assert "security_token is only used with access_key and secret_key" in str(caught.value)


def test_security_token_alone_is_no_credentials():
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode({"security_token": "STS"})
    assert "No credentials given" in str(caught.value)


# TokenAuth

def test_token_auth_adds_the_header_without_touching_the_input():
    given = {"Accept": "application/json"}
    headers = TokenAuth("MIItoken")("GET", MODELARTS_URL, [], given, b"")
    assert headers == {"Accept": "application/json", "X-Auth-Token": "MIItoken"}
    assert given == {"Accept": "application/json"}


# AkSkAuth

def _verify(headers, method, url, pairs, body, secret_key):
    """Check the Authorization header with our own signer functions, as the gateway would."""
    authorization = headers["Authorization"]
    unsigned = dict((name, value) for name, value in headers.items() if name != "Authorization")
    names = signed_header_names(unsigned)
    assert "SignedHeaders=%s," % ";".join(names) in authorization
    canonical = canonical_request(method, urlsplit(url).path, pairs, unsigned, body)
    expected = signature(secret_key, string_to_sign(canonical, unsigned["X-Sdk-Date"]))
    assert authorization.endswith("Signature=%s" % expected)
    return names


def test_aksk_signs_with_security_token_and_project_id():
    auth = AkSkAuth("AK0123", "SK-secret", security_token="STS-token", clock=lambda: MOMENT)
    pairs = [("limit", "50"), ("offset", "0")]
    headers = auth("PUT", MODELARTS_URL, pairs, dict(auth.project_headers("0a1b"), **{
        "Content-Type": "application/json", "User-Agent": "ua"}), b'{"a":1}')
    assert headers["X-Security-Token"] == "STS-token"
    assert headers["X-Project-Id"] == "0a1b"
    assert headers["X-Sdk-Date"] == "20240506T070809Z"
    assert headers["Host"] == "modelarts.cn-north-4.myhuaweicloud.com"
    assert headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=AK0123, ")
    names = _verify(headers, "PUT", MODELARTS_URL, pairs, b'{"a":1}', "SK-secret")
    assert names == ["content-type", "host", "user-agent", "x-project-id", "x-sdk-date", "x-security-token"]


def test_aksk_signature_fails_verification_with_another_secret():
    auth = AkSkAuth("AK0123", "SK-secret", clock=lambda: MOMENT)
    headers = auth("GET", MODELARTS_URL, [], {}, b"")
    with pytest.raises(AssertionError):
        _verify(headers, "GET", MODELARTS_URL, [], b"", "other-secret")


def test_aksk_adds_no_project_id_by_itself_whatever_the_url():
    # The client, which knows which calls are project-scoped, asks for the project headers.
    auth = AkSkAuth("AK0123", "SK-secret", clock=lambda: MOMENT)
    iam = auth("GET", IAM_URL, [("name", "cn-north-4")], {}, b"")
    assert "X-Project-Id" not in iam
    assert "X-Security-Token" not in iam
    _verify(iam, "GET", IAM_URL, [("name", "cn-north-4")], b"", "SK-secret")
    assert "X-Project-Id" not in auth("GET", MODELARTS_URL, [], {}, b"")
    assert auth.project_headers("0a1b") == {"X-Project-Id": "0a1b"}


def test_aksk_without_project_id_sends_none():
    headers = AkSkAuth("AK0123", "SK-secret", clock=lambda: MOMENT)("GET", MODELARTS_URL, [], {}, b"")
    assert "X-Project-Id" not in headers
    assert "SignedHeaders=host;x-sdk-date," in headers["Authorization"]


def test_aksk_without_clock_uses_the_current_time(monkeypatch):
    asked = []

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            asked.append(tz)
            return MOMENT

    # The signer's view of "now", frozen: the header must be the current UTC time, to the second.
    monkeypatch.setattr(_signer, "datetime", types.SimpleNamespace(datetime=FrozenDatetime, timezone=datetime.timezone))
    headers = AkSkAuth("AK0123", "SK-secret")("GET", MODELARTS_URL, [], {}, b"")
    assert headers["X-Sdk-Date"] == MOMENT.strftime("%Y%m%dT%H%M%SZ")
    assert asked == [datetime.timezone.utc]


def test_aksk_agrees_with_the_sdk_for_temporary_credentials():
    auth = AkSkAuth("AK0123", "SK-secret", security_token="STS-token", clock=lambda: MOMENT)
    ours = auth("GET", MODELARTS_URL, [("limit", "50")], dict(auth.project_headers("0a1b"), **{"User-Agent": "ua"}), b"")
    request = SdkRequest(method="GET", schema="https", host="modelarts.cn-north-4.myhuaweicloud.com",
                         resource_path="/v1/0a1b/services/s1", query_params=[("limit", 50)],
                         header_params={"User-Agent": "ua", "X-Security-Token": "STS-token", "X-Project-Id": "0a1b",
                                        "X-Sdk-Date": "20240506T070809Z"}, body=b"")
    Signer(BasicCredentials("AK0123", "SK-secret")).sign(request)
    assert ours["Authorization"] == request.header_params["Authorization"]


# PasswordAuth

class ScriptedIamTransport:
    """The transport the signer and token cache call, answering scripted IAM responses in turn: a unit test of
    the auth code alone (the emulator's IAM runs under the integration and flow tests)."""

    def __init__(self, *responses):
        self.calls = []
        self.responses = list(responses)

    def request(self, method, url, pairs=None, body=None, headers=None, signer=None, creates_nothing=False):
        self.calls.append({"method": method, "url": url, "pairs": pairs, "body": body, "headers": headers,
                           "signer": signer, "creates_nothing": creates_nothing})
        return self.responses.pop(0)


def token_response(token="gAAAAtoken", project_id="0a1b"):
    body = {"token": {"expires_at": "2030-01-01T00:00:00.000000Z", "project": {"id": project_id, "name": "cn-north-4"}}}
    return Response(201, {"X-Subject-Token": token}, body, "")


def expected_body(scope):
    return {"auth": {
        "identity": {"methods": ["password"],
                     "password": {"user": {"name": "ops", "password": "pw", "domain": {"name": "acme"}}}},
        "scope": {"project": scope},
    }}


def test_password_token_scoped_by_project_name():
    transport = ScriptedIamTransport(token_response())
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", "pw", "acme", project_name="cn-north-4")
    headers = auth("GET", MODELARTS_URL, [], {"Accept": "application/json"}, b"")
    assert headers == {"Accept": "application/json", "X-Auth-Token": "gAAAAtoken"}
    assert transport.calls == [{"method": "POST", "url": "https://iam.example.com/v3/auth/tokens", "pairs": None,
                                "body": expected_body({"name": "cn-north-4"}), "headers": None, "signer": None,
                                "creates_nothing": True}]
    assert auth.token_project_id == "0a1b"


def test_password_token_scoped_by_project_id_wins_over_name():
    transport = ScriptedIamTransport(token_response(project_id="f9e8"))
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", "pw", "acme", project_id="f9e8",
                        project_name="cn-north-4")
    assert auth.token_body() == expected_body({"id": "f9e8"})
    assert auth.token() == "gAAAAtoken"
    assert transport.calls[0]["body"] == expected_body({"id": "f9e8"})


def test_password_token_is_fetched_once():
    transport = ScriptedIamTransport(token_response())
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", "pw", "acme", project_name="cn-north-4")
    for _attempt in range(3):
        assert auth("GET", MODELARTS_URL, [], {}, b"")["X-Auth-Token"] == "gAAAAtoken"
    assert len(transport.calls) == 1


def test_password_token_needs_a_scope():
    transport = ScriptedIamTransport(token_response())
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", "pw", "acme")
    with pytest.raises(ModelArtsConfigError) as caught:
        auth.token()
    assert "region or project_id" in str(caught.value)
    assert transport.calls == []


def test_password_token_without_subject_token_header():
    transport = ScriptedIamTransport(Response(201, {}, {"token": {}}, "{}"))
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", "pw", "acme", project_name="cn-north-4")
    with pytest.raises(ModelArtsConfigError) as caught:
        auth.token()
    assert "X-Subject-Token" in str(caught.value)


def test_password_token_without_project_in_the_answer():
    transport = ScriptedIamTransport(Response(201, {"X-Subject-Token": "tok"}, {"token": {}}, "{}"))
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", "pw", "acme", project_name="cn-north-4")
    assert auth.token() == "tok"
    assert auth.token_project_id is None


def test_modes_are_labelled():
    assert (TokenAuth.mode, AkSkAuth.mode, PasswordAuth.mode) == (TOKEN, AKSK, PASSWORD)


# Credentials that travel in headers

def test_surrounding_whitespace_of_header_credentials_is_dropped():
    params = {"auth_token": "  MIItoken\n"}
    assert select_auth_mode(params) == "token"
    assert TokenAuth(params["auth_token"])("GET", MODELARTS_URL, [], {}, b"")["X-Auth-Token"] == "MIItoken"


@pytest.mark.parametrize("params, name", [
    ({"auth_token": "MII tok\nen"}, "auth_token"),
    ({"access_key": "AK\tAK", "secret_key": "sk", "security_token": "st"}, "access_key"),
    ({"access_key": "AK", "secret_key": "sk", "security_token": "s\x01t"}, "security_token"),
])
def test_whitespace_inside_a_header_credential_is_refused_without_echoing_it(params, name):
    with pytest.raises(ModelArtsConfigError) as caught:
        select_auth_mode(params)
    assert str(caught.value).startswith(name + " contains whitespace or control characters")
    for value in params.values():
        assert value not in str(caught.value)
