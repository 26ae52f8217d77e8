"""AK/SK (SDK-HMAC-SHA256) verification: published vectors, the official SDK signer, failures."""

import datetime
import json
from urllib.parse import quote

import pytest
import requests

from emulator import auth
from emulator.messages import Request

import emulator_testkit as kit

sdk_signer = pytest.importorskip("huaweicloudsdkcore.signer.signer")
sdk_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")
sdk_request = pytest.importorskip("huaweicloudsdkcore.sdk_request")

VECTOR_HEADERS = [("Host", "service.endpoint.myhuaweicloud.com"), ("X-Sdk-Date", "20200608T023900Z"), ("TEST_UNDERSCORE", "TEST_VALUE")]


@pytest.mark.parametrize("method, body, expected", [
    ("GET", b"", "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"),
    ("POST", b'{"name":"test","id":1}', "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"),
])
def test_published_vectors(method, body, expected):
    request = Request(method, "/resources?size=1", VECTOR_HEADERS, body)
    # Header names with "_" are never signed.
    signed = sorted(name.lower() for name, _value in VECTOR_HEADERS if "_" not in name)
    assert signed == ["host", "x-sdk-date"]
    assert auth.request_signature(request, "SecretKey", signed) == expected


def test_canonical_forms():
    assert auth.canonical_uri("/v1/p/services/a%20b") == "/v1/p/services/a%20b/"
    assert auth.canonical_uri("/v1/p/x:y@z") == "/v1/p/x%3Ay%40z/"
    assert auth.canonical_uri("/") == "/"
    assert auth.canonical_query([("b", "2"), ("a", "z y"), ("a", "x/1")]) == "a=x%2F1&a=z%20y&b=2"
    assert auth.payload_hash(b"", "UNSIGNED-PAYLOAD") == auth.EMPTY_BODY_SHA256
    assert auth.payload_hash(b"data", "UNSIGNED-PAYLOAD") == "UNSIGNED-PAYLOAD"


def sdk_send(emu, method, path, query=None, body=None, headers=None, ak=kit.AK, sk=kit.SK, sdk_date=None, session=None):
    """Sign with the official SDK signer, send with python-requests exactly what was signed."""
    host = emu.url.split("://", 1)[1]
    header_params = dict(headers or {})
    if body is not None:
        header_params.setdefault("Content-Type", "application/json;charset=UTF-8")
    if sdk_date:
        header_params["X-Sdk-Date"] = sdk_date
    data = json.dumps(body).encode("utf-8") if body is not None else b""
    request = sdk_request.SdkRequest(method=method, schema="http", host=host, resource_path=path,
                                     query_params=list(query or []), header_params=header_params, body=data)
    sdk_signer.Signer(sdk_credentials.BasicCredentials(ak, sk)).sign(request)
    url = "%s%s" % (emu.url, request.uri)
    return (session or requests).request(method, url, headers=request.header_params, data=data or None, timeout=10)


def test_sdk_signed_get_with_repeated_query(emu):
    response = sdk_send(emu, "GET", "/v1/%s/services" % kit.P1,
                        query=[("status", "running"), ("offset", 0), ("limit", 10), ("workspace_id", ["0", "1"])])
    assert response.status_code == 200, response.text
    logged = emu.state.requests[-1]
    assert logged["auth"] == "aksk"
    assert logged["query"]["workspace_id"] == ["0", "1"]


def test_sdk_signed_put_with_json_body(emu):
    body = {"config": [kit.config_entry(kit.M2, weight="100", envs={"A": "1"})]}
    response = sdk_send(emu, "PUT", "/v1/%s/services/%s" % (kit.P1, kit.S_RUN), body=body)
    assert response.status_code == 200, response.text
    assert kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1).status(kit.S_RUN) == "deploying"


def test_sdk_signed_post_and_session_keepalive(emu):
    session = requests.Session()
    body = {"service_name": "from-sdk", "infer_type": "real-time", "config": [kit.config_entry()]}
    created = sdk_send(emu, "POST", "/v1/%s/services" % kit.P1, body=body, session=session)
    assert created.status_code == 200, created.text
    service_id = created.json()["service_id"]
    for _attempt in range(3):
        shown = sdk_send(emu, "GET", "/v1/%s/services/%s" % (kit.P1, service_id), session=session)
        assert shown.status_code == 200 and shown.json()["service_name"] == "from-sdk"


@pytest.mark.parametrize("segment", ["no such id", "a:b@c", "name(1)~x", "caf\u00e9"])
def test_sdk_signed_path_needing_encoding(emu, segment):
    # The service does not exist: a 404 from ModelArts (not a 401) proves the signature matched.
    response = sdk_send(emu, "GET", "/v1/%s/services/%s" % (kit.P1, quote(segment, safe="")))
    kit.assert_error(response, 404, "ModelArts.3502")


def test_sdk_signed_iam_project_lookup(emu):
    response = sdk_send(emu, "GET", "/v3/projects", query=[("name", "cn-north-4")])
    assert response.status_code == 200, response.text
    assert [project["id"] for project in response.json()["projects"]] == [kit.P1]


def test_unsigned_payload_for_other_content_types(emu):
    response = sdk_send(emu, "GET", "/v1/%s/services" % kit.P1, headers={"Content-Type": "text/plain"})
    assert response.status_code == 200, response.text
    assert emu.state.requests[-1]["headers"]["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"


def test_temporary_ak_needs_its_security_token(emu):
    path = "/v1/%s/services" % kit.P1
    ok = sdk_send(emu, "GET", path, ak=kit.TEMP_AK, sk=kit.TEMP_SK, headers={"X-Security-Token": kit.SECURITY_TOKEN})
    assert ok.status_code == 200, ok.text
    assert emu.state.requests[-1]["headers"]["X-Security-Token"].startswith("***")
    missing = sdk_send(emu, "GET", path, ak=kit.TEMP_AK, sk=kit.TEMP_SK)
    kit.assert_error(missing, 401, "APIG.0301")


def test_unknown_access_key(emu):
    response = sdk_send(emu, "GET", "/v1/%s/services" % kit.P1, ak="NOSUCHAKNOSUCHAK0000")
    body = kit.assert_error(response, 401, "APIG.0301")
    assert "not found" in body["error_msg"] and body["request_id"]


def test_wrong_secret_is_a_signature_failure(emu):
    response = sdk_send(emu, "GET", "/v1/%s/services" % kit.P1, sk="not-the-secret")
    assert "verify aksk signature fail" in kit.assert_error(response, 401, "APIG.0301")["error_msg"]


def test_tampered_body_query_and_header(emu):
    base = emu.url.split("://", 1)[1]
    request = sdk_request.SdkRequest(method="PUT", schema="http", host=base, resource_path="/v1/%s/services/%s" % (kit.P1, kit.S_RUN),
                                     query_params=[("a", "1")], header_params={"Content-Type": "application/json"},
                                     body=b'{"description": "x"}')
    sdk_signer.Signer(sdk_credentials.BasicCredentials(kit.AK, kit.SK)).sign(request)
    url = emu.url + request.uri
    signed_ok = requests.put(url, headers=request.header_params, data=b'{"description": "x"}', timeout=10)
    assert signed_ok.status_code == 200, signed_ok.text
    body_changed = requests.put(url, headers=request.header_params, data=b'{"description": "y"}', timeout=10)
    kit.assert_error(body_changed, 401, "APIG.0301")
    query_changed = requests.put(url.replace("a=1", "a=2"), headers=request.header_params, data=b'{"description": "x"}', timeout=10)
    kit.assert_error(query_changed, 401, "APIG.0301")
    headers = dict(request.header_params, **{"Content-Type": "application/json;charset=utf-8"})
    header_changed = requests.put(url, headers=headers, data=b'{"description": "x"}', timeout=10)
    kit.assert_error(header_changed, 401, "APIG.0301")


@pytest.mark.parametrize("minutes, accepted", [(-14, True), (14, True), (-16, False), (16, False)])
def test_sdk_date_window(emu, minutes, accepted):
    stamp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)).strftime("%Y%m%dT%H%M%SZ")
    response = sdk_send(emu, "GET", "/v1/%s/services" % kit.P1, sdk_date=stamp)
    if accepted:
        assert response.status_code == 200, response.text
    else:
        assert "x-sdk-date expired" in kit.assert_error(response, 401, "APIG.0301")["error_msg"]


def test_emulator_clock_offset_applies_to_sdk_date(emu):
    emu.state.update_settings({"clock_offset_seconds": 3600})
    kit.assert_error(sdk_send(emu, "GET", "/v1/%s/services" % kit.P1), 401, "APIG.0301")


def test_malformed_authorization(emu):
    headers = {"Authorization": "SDK-HMAC-SHA256 garbage", "X-Sdk-Date": "20200608T023900Z"}
    response = requests.get("%s/v1/%s/services" % (emu.url, kit.P1), headers=headers, timeout=10)
    kit.assert_error(response, 401, "APIG.0301")


def test_ak_locked_after_five_bad_signatures(emu):
    path = "/v1/%s/services" % kit.P1
    for _attempt in range(5):
        kit.assert_error(sdk_send(emu, "GET", path, sk="wrong"), 401, "APIG.0301")
    kit.assert_error(sdk_send(emu, "GET", path), 401, "APIG.0302")
    emu.state.access_keys[kit.AK].locked_until = 0
    assert sdk_send(emu, "GET", path).status_code == 200


def test_success_resets_the_failure_count(emu):
    path = "/v1/%s/services" % kit.P1
    for _attempt in range(4):
        sdk_send(emu, "GET", path, sk="wrong")
    assert sdk_send(emu, "GET", path).status_code == 200
    for _attempt in range(4):
        sdk_send(emu, "GET", path, sk="wrong")
    assert sdk_send(emu, "GET", path).status_code == 200


def test_project_of_another_domain_is_refused(emu):
    kit.assert_error(sdk_send(emu, "GET", "/v1/%s/services" % kit.P_OTHER), 403, "ModelArts.0210")
    kit.assert_error(sdk_send(emu, "GET", "/v1/%s/services" % ("0" * 32)), 403, "ModelArts.0210")
    # The same AK may use every project of its own domain.
    assert sdk_send(emu, "GET", "/v1/%s/services" % kit.P2).status_code == 200


def test_x_project_id_must_match_the_url(emu):
    path = "/v1/%s/services" % kit.P1
    assert sdk_send(emu, "GET", path, headers={"X-Project-Id": kit.P1}).status_code == 200
    kit.assert_error(sdk_send(emu, "GET", path, headers={"X-Project-Id": kit.P2}), 403, "ModelArts.0210")
