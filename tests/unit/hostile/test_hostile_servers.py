"""The core against hostile servers on loopback: in-process, through build_client as a module builds it.

Each class of fault of the hardening issue: redirects, bodies that are not the answer, echoed
secrets, ids and hosts that would move the request, dripping and flooding answers, a token that
expires, a gateway 404. Secret checks look for the secret and every 8-character piece of it.
"""

import json
import threading
import time
import tracemalloc

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import ModelArtsClient
from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC, build_client
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsConnectionError,
    ModelArtsError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Transport

from hostile.server import Answer, HostileServer, error_answer, flood, json_answer, leaks

PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SERVICE_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000001"
SERVICE = {"service_id": SERVICE_ID, "service_name": "svc", "status": "running",
           "config": [{"model_id": "m", "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
                       "envs": {"KEEP": "me"}}]}
ISSUED_TOKEN = "MIIissuedQ7vX2pLk9TmZr4Wb8Yc1Nd6Hf3Gj5Se0"
RENEWED_TOKEN = "MIIrenewedA1sD2fG3hJ4kL5zX6cV7bN8mQ9wE0r"
AUTH_TOKEN = "MIIgivenTokenP0o9I8u7Y6t5R4e3W2q1Zx"
PASSWORD = "Pw-Ur7Kq2Vn-zzQ9rT5mW1"
SECRET_KEY = "Sk-Lm3Np8Qr5St1-Yb7Xc2Vd"
SECURITY_TOKEN = "St-Gh4Jk7Lm2Np9-Fa6Db3Ec"
ACCESS_KEY = "HOSTILEACCESSKEY0001"
REQUEST_ID = "req-hostile-0001"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with HostileServer(lifetime=60) as running:
        yield running


@pytest.fixture
def foreign():
    with HostileServer(lifetime=60) as running:
        yield running


def make_params(server, **values):
    params = dict((name, option.get("default")) for name, option in CONNECTION_ARGUMENT_SPEC.items())
    params.update(region="cn-north-4", project_id=PROJECT, endpoint=server.url, iam_endpoint=server.url + "/v3",
                  auth_token=AUTH_TOKEN, api_timeout=5, retries=0)
    params.update(values)
    return params


def api_for(server, **values):
    registered = set()
    client = build_client(make_params(server, **values), register_secret=registered.add)
    return ServiceApi(client), registered


def password_options():
    return dict(auth_token=None, user_name="ops", password=PASSWORD, domain_name="acme")


def iam_then(behaviour, tokens=(ISSUED_TOKEN,)):
    """IAM issues ``tokens`` in turn on POST /v3/auth/tokens; everything else goes to ``behaviour``."""
    issued = list(tokens)

    def answer(request):
        if request.path == "/v3/auth/tokens":
            token = issued.pop(0) if len(issued) > 1 else issued[0]
            return json_answer(201, {"token": {"project": {"id": PROJECT}}}, {"X-Subject-Token": token})
        return behaviour(request)
    return answer


def echo_headers(status=403, code="ModelArts.0108"):
    """An error whose message quotes every header the client sent (a debugging proxy, a hostile gateway)."""
    def answer(request):
        quoted = "; ".join("%s=%s" % item for item in request.headers.items())
        return error_answer(status, code, "denied for " + quoted, {"X-Request-Id": REQUEST_ID})
    return answer


def assert_no_leak(text, *secrets):
    for secret in secrets:
        assert leaks(text, secret) == [], (secret, text)


def error_text(error):
    return str(error) + json.dumps(error.to_result())


# 1. Redirects are never followed

@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH"])
def test_a_redirect_is_refused_and_the_foreign_host_receives_nothing(server, foreign, status, method):
    server.behaviour = lambda request: Answer(status, b"", {"Location": foreign.url + request.path,
                                                            "X-Request-Id": REQUEST_ID})
    api, _registered = api_for(server, auth_token=None, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                               security_token=SECURITY_TOKEN)
    call = {"GET": lambda: api.get_service(SERVICE_ID),
            "PUT": lambda: api.update_service(SERVICE_ID, {"description": "x"}),
            "PATCH": lambda: api.patch_service(SERVICE_ID, [{"op": "replace", "path": "/config/0/weight",
                                                             "value": 100}])}[method]
    with pytest.raises(ModelArtsApiError) as caught:
        call()
    assert caught.value.status == status
    assert "redirect to host 127.0.0.1:%d refused" % foreign.port in str(caught.value)
    assert caught.value.request_id == REQUEST_ID
    assert foreign.seen() == []
    assert [r.method for r in server.seen()] == [method]


def test_a_redirect_of_the_iam_token_request_does_not_resend_the_password(server, foreign):
    server.behaviour = lambda request: Answer(307, b"", {"Location": foreign.url + "/v3/auth/tokens"})
    api, _registered = api_for(server, **password_options())
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert caught.value.status == 307
    assert foreign.seen() == []
    assert [r.path for r in server.seen()] == ["/v3/auth/tokens"]
    assert_no_leak(error_text(caught.value), PASSWORD)


def test_a_redirect_message_names_the_host_only(server):
    server.behaviour = lambda request: Answer(302, b"", {
        "Location": "https://admin:%s@evil.example.net:8443/steal?token=%s#x" % (AUTH_TOKEN, AUTH_TOKEN)})
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert "redirect to host evil.example.net:8443 refused" in str(caught.value)
    assert "admin" not in str(caught.value) and "steal" not in str(caught.value)
    assert_no_leak(error_text(caught.value), AUTH_TOKEN)


# 2. A success that is not the answer fails clearly

NOT_A_SERVICE = [
    (b"<html><body>Please log in</body></html>", "an HTML or XML page"),
    (b"", "an empty body"),
    (b"null", "JSON null"),
    (b'{"service_id": "5e0c', "a body that is not JSON"),
    (b"[]", "a JSON list"),
    (b'[{"service_id": "x"}]', "a JSON list"),
    (b'"running"', "a JSON string"),
    (b"42", "a JSON number"),
    (b"{}", "a JSON object without a string service_id, status"),
    (b'{"service_id": "5e0c1d2e-aaaa-4bbb-8ccc-000000000001"}', "a JSON object without a string status"),
    (b'{"service_id": "5e0c1d2e-aaaa-4bbb-8ccc-000000000001", "status": null}', "without a string status"),
]


@pytest.mark.parametrize("body, found", NOT_A_SERVICE)
def test_a_service_read_that_is_not_a_service_fails_with_status_request_id_and_excerpt(server, body, found):
    server.behaviour = lambda request: Answer(200, body, {"X-Request-Id": REQUEST_ID})
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsResponseError) as caught:
        api.get_service(SERVICE_ID)
    text = str(caught.value)
    assert "answered HTTP 200 with" in text and found in text
    assert "(request id %s)" % REQUEST_ID in text
    assert caught.value.to_result()["error"]["status"] == 200
    if body.strip():
        assert caught.value.excerpt == body.decode()[:200]


def test_another_service_than_the_one_asked_for_is_refused(server):
    server.behaviour = lambda request: json_answer(200, dict(SERVICE, service_id="ffffffff-0000-4000-8000-000000000000"))
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsResponseError):
        api.get_service(SERVICE_ID)


@pytest.mark.parametrize("body", [b"<html></html>", b"null", b"[]", b'{"services": "none"}', b'{"services": ["a"]}',
                                  b'{"services": [{"service_name": "no id"}]}', b'{"total_count": 1}'])
def test_a_list_that_is_not_a_list_of_services_fails(server, body):
    server.behaviour = lambda request: Answer(200, body)
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsResponseError):
        api.list_services()


@pytest.mark.parametrize("body", [b"<html></html>", b"", b"null", b"[]", b'"ok"'])
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_a_write_answer_that_is_not_an_object_fails_clearly(server, body, method):
    server.behaviour = lambda request: Answer(200, body)
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsResponseError):
        if method == "PUT":
            api.update_service(SERVICE_ID, {"description": "x"})
        else:
            api.patch_service(SERVICE_ID, [])


@pytest.mark.parametrize("body", [b"<html></html>", b"null", b"[]"])
def test_update_records_and_iam_answers_are_checked_too(server, body):
    server.behaviour = lambda request: Answer(200, body)
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsResponseError):
        api.update_records(SERVICE_ID)
    api, _registered = api_for(server, project_id=None)
    with pytest.raises(ModelArtsResponseError):
        assert api.project_id


def test_an_iam_token_answer_without_the_token_header_fails(server):
    server.behaviour = lambda request: json_answer(201, {"token": {}})
    api, _registered = api_for(server, **password_options())
    with pytest.raises(ModelArtsConfigError) as caught:
        api.get_service(SERVICE_ID)
    assert "X-Subject-Token" in str(caught.value)


# 3. Every secret sent is registered, and server text is scrubbed of it

def test_the_issued_token_is_registered_and_scrubbed_from_an_echo(server):
    server.behaviour = iam_then(echo_headers())
    api, registered = api_for(server, **password_options())
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert ISSUED_TOKEN in registered and PASSWORD in registered
    assert "X-Auth-Token=********" in str(caught.value)
    assert_no_leak(error_text(caught.value), ISSUED_TOKEN, PASSWORD)


def test_a_token_given_with_whitespace_is_registered_as_sent(server):
    server.behaviour = echo_headers()
    api, registered = api_for(server, auth_token="  %s\n" % AUTH_TOKEN)
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert AUTH_TOKEN in registered
    assert [r.header("X-Auth-Token") for r in server.seen()] == [AUTH_TOKEN]
    assert_no_leak(error_text(caught.value), AUTH_TOKEN)


def test_the_security_token_is_scrubbed_from_an_echo(server):
    server.behaviour = echo_headers(401, "APIG.0301")
    api, registered = api_for(server, auth_token=None, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                              security_token=" %s " % SECURITY_TOKEN)
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert {SECURITY_TOKEN, SECRET_KEY} <= registered
    assert_no_leak(error_text(caught.value), SECURITY_TOKEN, SECRET_KEY)


def test_a_secret_cut_by_the_quote_limit_is_still_masked(server):
    # The token straddles the 200th character: scrubbing after cutting would leave its first half.
    page = ("<html>" + "x" * 190 + AUTH_TOKEN + "</html>").encode()
    server.behaviour = lambda request: Answer(502, page)
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert_no_leak(error_text(caught.value), AUTH_TOKEN)
    server.behaviour = lambda request: Answer(200, page)
    with pytest.raises(ModelArtsResponseError) as caught:
        api.get_service(SERVICE_ID)
    assert_no_leak(error_text(caught.value), AUTH_TOKEN)


def test_quoted_server_text_is_bounded(server):
    server.behaviour = lambda request: error_answer(400, "ModelArts.0104", "y" * 100000)
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert len(str(caught.value)) < 1000


# 7. Path segments, region and endpoints are checked before any request

BAD_IDS = [".", "..", "", " ", "a/b", "../services", "%2e%2e", "a b", "a\nb", "a\x00b", "id?x=1", "id#f", "\u00e9t\u00e9",
           "a" * 200]


@pytest.mark.parametrize("service_id", BAD_IDS)
def test_a_service_id_that_would_move_the_request_is_refused_before_any_request(server, service_id):
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsConfigError) as caught:
        api.get_service(service_id)
    assert str(caught.value).startswith("service_id must be a ModelArts service id")
    for call in (lambda: api.update_service(service_id, {}), lambda: api.patch_service(service_id, []),
                 lambda: api.update_records(service_id), lambda: api.events(service_id),
                 lambda: api.service_id_for(service_id=service_id) if service_id else api.get_service(service_id)):
        with pytest.raises(ModelArtsConfigError):
            call()
    assert server.seen() == []


@pytest.mark.parametrize("project_id", [".", "..", "a/b", " 0a1b", "0a1b\n", "p?q", "p#f"])
def test_a_project_id_that_would_move_the_request_is_refused_before_any_request(server, project_id):
    with pytest.raises(ModelArtsConfigError) as caught:
        api_for(server, project_id=project_id)
    assert str(caught.value).startswith("project_id must be an IAM project id")
    assert server.seen() == []


def test_a_project_id_from_a_hostile_iam_is_refused(server):
    server.behaviour = lambda request: json_answer(200, {"projects": [{"id": "../../other", "name": "cn-north-4"}]})
    api, _registered = api_for(server, project_id=None)
    with pytest.raises(ModelArtsConfigError):
        api.get_service(SERVICE_ID)
    assert [r.path for r in server.seen()] == ["/v3/projects"]


@pytest.mark.parametrize("region", ["evil.example.net/", "x@evil.example.net", "cn-north-4.evil.example.net#", "..",
                                    "cn-north-4/..", "CN-NORTH-4", "cn north 4", "cn-north-4\n", ""])
def test_a_region_that_would_move_the_default_host_is_refused(server, region):
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(server, region=region, endpoint=None, iam_endpoint=None))
    assert "region" in str(caught.value)


@pytest.mark.parametrize("option, value", [
    ("endpoint", "https://user:pass@modelarts.example.com"),
    ("endpoint", "https://user:pass@modelarts.example.com/"),
    ("endpoint", "https://modelarts.example.com/v1/other"),
    ("endpoint", "https://modelarts.example.com?x=1"),
    ("endpoint", "https://modelarts.example.com#frag"),
    ("endpoint", "https://evil.example.net\\@modelarts.example.com"),
    ("endpoint", "https:///nohost"),
    ("iam_endpoint", "https://iam.example.com/v3/../../x"),
    ("iam_endpoint", "https://token@iam.example.com/v3"),
])
def test_an_endpoint_with_user_info_path_query_or_fragment_is_refused(server, option, value):
    with pytest.raises(ModelArtsConfigError) as caught:
        build_client(make_params(server, **{option: value}))
    assert str(caught.value).startswith("%s must be an http:// or https:// URL of a host" % option)
    assert "pass" not in str(caught.value) and "token@" not in str(caught.value)


# 8. One request is bounded in time and size; waits are bounded by the request's budget

def test_a_body_dripped_one_byte_a_second_fails_within_the_bound(server):
    server.behaviour = lambda request: Answer(200, json.dumps(SERVICE).encode(), interval=1.0)
    api, _registered = api_for(server, api_timeout=2, retries=0)
    began = time.monotonic()
    with pytest.raises(ModelArtsConnectionError) as caught:
        api.get_service(SERVICE_ID)
    assert time.monotonic() - began < 15  # generous upper bound; a drip would hold it for minutes
    assert "within 2 seconds" in str(caught.value) or "deadline" in str(caught.value)


def test_requests_run_in_the_callers_thread_with_one_watchdog_for_the_whole_transport(server, monkeypatch):
    server.behaviour = lambda request: json_answer(200, SERVICE)
    started = []
    original_start = threading.Thread.start

    def counting_start(thread):
        started.append(thread.name)
        return original_start(thread)

    monkeypatch.setattr(threading.Thread, "start", counting_start)
    transport = Transport(timeout=5, retries=0)
    for _number in range(30):
        assert transport.request("GET", server.url + "/v1/%s/services/%s" % (PROJECT, SERVICE_ID)).body == SERVICE
    # The bound on each answer is kept by one thread, not by a thread per request (the server's own threads aside).
    assert [name for name in started if name.startswith("modelarts")] == ["modelarts-deadlines"]


def test_headers_dripped_one_byte_a_second_fail_within_the_bound(server):
    server.behaviour = lambda request: Answer(200, b"{}", {"X-Padding": "p" * 60}, header_interval=1.0)
    api, _registered = api_for(server, api_timeout=2, retries=1)
    began = time.monotonic()
    with pytest.raises(ModelArtsConnectionError):
        api.get_service(SERVICE_ID)
    # Two attempts of at most 2 s each, plus a short backoff.
    assert time.monotonic() - began < 20
    assert len(server.seen()) <= 2


def test_retry_after_waits_stay_within_the_request_budget(server):
    server.behaviour = lambda request: error_answer(429, "ModelArts.2799", "slow down", {"Retry-After": "100"})
    slept = []
    transport = Transport(timeout=5, retries=3, sleep=slept.append)
    with pytest.raises(ModelArtsApiError) as caught:
        transport.request("GET", server.url + "/v1/%s/services" % PROJECT)
    assert caught.value.status == 429
    assert sum(slept) <= 5 * 4
    server.behaviour = lambda request: error_answer(429, "ModelArts.2799", "slow down", {"Retry-After": "6"})
    slept[:] = []
    with pytest.raises(ModelArtsApiError):
        transport.request("GET", server.url + "/v1/%s/services" % PROJECT)
    assert slept == [6.0, 6.0, 6.0]


@pytest.mark.parametrize("announced", [True, False])
def test_a_huge_body_is_refused_without_reading_it_into_memory(server, announced):
    size = 100 * 1024 * 1024
    headers = {"Content-Length": str(size)} if announced else {}
    server.behaviour = lambda request: Answer(200, flood(size), headers, length=False)
    api, _registered = api_for(server, api_timeout=30)
    tracemalloc.start()
    try:
        with pytest.raises(ModelArtsConnectionError) as caught:
            api.get_service(SERVICE_ID)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than 10485760 bytes" in str(caught.value)
    assert peak < 40 * 1024 * 1024
    assert len(str(caught.value)) < 1000


# 9 (transport half). Options that would crash the transport fail clearly

@pytest.mark.parametrize("timeout", [10 ** 12, 3601])
def test_an_absurd_api_timeout_is_refused(server, timeout):
    with pytest.raises(ModelArtsConfigError) as caught:
        api_for(server, api_timeout=timeout)
    assert "api_timeout must be at most 3600 seconds" in str(caught.value)


@pytest.mark.parametrize("option", ["auth_token", "security_token", "access_key"])
def test_a_header_credential_that_is_not_latin1_is_refused_without_echo(server, option):
    value = "Qz\u20acen\u00fc-\u4e2d\u6587"
    values = {"auth_token": dict(auth_token=value),
              "security_token": dict(auth_token=None, access_key=ACCESS_KEY, secret_key=SECRET_KEY, security_token=value),
              "access_key": dict(auth_token=None, access_key=value, secret_key=SECRET_KEY)}[option]
    with pytest.raises(ModelArtsConfigError) as caught:
        api_for(server, **values)
    assert str(caught.value).startswith(option + " contains characters that cannot be sent in an HTTP header")
    assert "\u20ac" not in str(caught.value) and "Qz" not in str(caught.value)
    assert server.seen() == []


def test_a_user_id_that_is_not_latin1_is_refused_without_echo(server):
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsConfigError) as caught:
        api.patch_service(SERVICE_ID, [], user_id="\u7528\u6237")
    assert str(caught.value).startswith("user_id contains characters that cannot be sent")
    assert server.seen() == []


# 10. An expired password token is renewed once

def test_an_expired_password_token_is_renewed_once_and_the_read_carries_on(server):
    def modelarts(request):
        if request.header("X-Auth-Token") == ISSUED_TOKEN:
            return error_answer(401, "ModelArts.0202", "Invalid token header because the token has expired.")
        return json_answer(200, SERVICE)
    server.behaviour = iam_then(modelarts, tokens=(ISSUED_TOKEN, RENEWED_TOKEN))
    api, registered = api_for(server, **password_options())
    assert api.get_service(SERVICE_ID) == SERVICE
    assert [(r.method, r.path) for r in server.seen()] == [
        ("POST", "/v3/auth/tokens"), ("GET", "/v1/%s/services/%s" % (PROJECT, SERVICE_ID)),
        ("POST", "/v3/auth/tokens"), ("GET", "/v1/%s/services/%s" % (PROJECT, SERVICE_ID))]
    assert {ISSUED_TOKEN, RENEWED_TOKEN} <= registered


def test_a_token_that_stays_expired_fails_after_one_renewal(server):
    server.behaviour = iam_then(lambda request: error_answer(401, "ModelArts.0202", "expired"),
                                tokens=(ISSUED_TOKEN, RENEWED_TOKEN))
    api, _registered = api_for(server, **password_options())
    with pytest.raises(ModelArtsApiError) as caught:
        api.get_service(SERVICE_ID)
    assert caught.value.error_code == "ModelArts.0202"
    assert [r.path for r in server.seen()].count("/v3/auth/tokens") == 2


def test_a_given_token_is_not_renewed(server):
    server.behaviour = lambda request: error_answer(401, "ModelArts.0202", "expired")
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsApiError):
        api.get_service(SERVICE_ID)
    assert len(server.seen()) == 1


# 11. Only ModelArts' own not-found answer means absent

def test_a_gateway_404_is_an_error_not_an_absent_service(server):
    server.behaviour = lambda request: json_answer(404, {"error_code": "APIG.0101", "error_msg": "The API does not exist"})
    api, _registered = api_for(server)
    with pytest.raises(ModelArtsApiError) as caught:
        api.find_service(SERVICE_ID)
    assert caught.value.error_code == "APIG.0101"
    server.behaviour = lambda request: error_answer(404, "ModelArts.3502", "Service does not exist.")
    assert api.find_service(SERVICE_ID) is None


def test_errors_are_modelarts_errors_never_attribute_errors(server):
    # The classes above, once more, through the generic client: every failure is a ModelArtsError.
    for body in (b"[1, 2]", b'"x"', b"{\"services\": {}}"):
        server.behaviour = lambda request, body=body: Answer(200, body)
        client = build_client(make_params(server))
        assert isinstance(client, ModelArtsClient)
        with pytest.raises(ModelArtsError):
            client.all_pages(("services",), "services", [])
