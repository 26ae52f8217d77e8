# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A real Transport against a scripted local HTTP server; sleeps recorded, jitter fixed."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import os
import subprocess
import sys
import time
import types

import pytest
import requests

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _transport
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConnectionError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import (
    MAX_RETRY_AFTER,
    USER_AGENT,
    Transport,
    parse_retry_after,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._version import COLLECTION_VERSION

# The scripted server (conftest.py) closes the connection without an answer for this reply.
DROP = "drop"
OK = (200, {}, {"ok": True})


def transport_for(sleeps, retries=3, jitter=0.5, **kwargs):
    return Transport(retries=retries, sleep=sleeps, jitter=lambda: jitter, timeout=10, **kwargs)


def service_url(server):
    return server.url + "/v1/p/services/s"


# Reads are retried

@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_get_is_retried_on_server_errors(http_server, sleeps, status):
    http_server.reset((status, {}, {"error_code": "X", "error_msg": "busy"}), OK)
    response = transport_for(sleeps).request("GET", service_url(http_server))
    assert response.status == 200
    assert response.body == {"ok": True}
    assert len(http_server.requests) == 2
    # backoff of attempt 0 with base 1 s and jitter 0.5: 0.5 + 0.5 * 0.5
    assert sleeps.calls == [0.75]


def test_get_honours_retry_after_seconds_on_429(http_server, sleeps):
    http_server.reset((429, {"Retry-After": "7"}, {"error_code": "ModelArts.2799"}), OK)
    assert transport_for(sleeps).request("GET", service_url(http_server)).status == 200
    assert sleeps.calls == [7.0]
    assert len(http_server.requests) == 2


NOW = 1767225600.0  # the transport's clock in the HTTP-date tests, frozen


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(_transport, "time", types.SimpleNamespace(time=lambda: NOW, sleep=time.sleep, monotonic=time.monotonic))


@pytest.mark.usefixtures("frozen_now")
def test_get_honours_retry_after_http_date_on_429(http_server, sleeps):
    when = email.utils.formatdate(NOW + 30, usegmt=True)
    http_server.reset((429, {"Retry-After": when}, {}), OK)
    assert transport_for(sleeps).request("GET", service_url(http_server)).status == 200
    assert sleeps.calls == [30.0]


@pytest.mark.usefixtures("frozen_now")
def test_retry_after_in_the_past_means_now_and_a_huge_one_is_capped(http_server, sleeps):
    past = email.utils.formatdate(NOW - 3600, usegmt=True)
    http_server.reset((429, {"Retry-After": past}, {}), (429, {"Retry-After": "86400"}, {}), OK)
    # api_timeout 60 s and 3 retries: a budget of 240 s, room for the capped wait.
    transport = Transport(retries=3, sleep=sleeps, jitter=lambda: 0.5, timeout=60)
    assert transport.request("GET", service_url(http_server)).status == 200
    assert sleeps.calls == [0.0, MAX_RETRY_AFTER]
    assert MAX_RETRY_AFTER == 120.0


def test_429_without_retry_after_backs_off(http_server, sleeps):
    http_server.reset((429, {}, {}), (429, {"Retry-After": "soon"}, {}), OK)
    assert transport_for(sleeps, jitter=1.0).request("GET", service_url(http_server)).status == 200
    assert sleeps.calls == [1.0, 2.0]


def test_get_is_retried_after_a_dropped_connection(http_server, sleeps):
    http_server.reset(DROP, DROP, OK)
    response = transport_for(sleeps, jitter=0.0).request("GET", service_url(http_server))
    assert response.body == {"ok": True}
    assert len(http_server.requests) == 3
    assert sleeps.calls == [0.5, 1.0]


def test_get_gives_up_after_retries_with_the_last_api_error(http_server, sleeps):
    busy = (503, {"X-Request-Id": "rid-503"}, {"error_code": "ModelArts.4206", "error_msg": "system busy"})
    http_server.reset(busy, busy, busy, busy)
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps, retries=2).request("GET", service_url(http_server))
    assert len(http_server.requests) == 3
    assert len(sleeps.calls) == 2
    assert caught.value.status == 503
    assert caught.value.error_code == "ModelArts.4206"
    assert caught.value.request_id == "rid-503"


def test_get_gives_up_after_retries_of_dropped_connections(http_server, sleeps):
    http_server.reset(DROP, DROP, DROP, DROP)
    with pytest.raises(ModelArtsConnectionError) as caught:
        transport_for(sleeps, retries=2).request("GET", service_url(http_server))
    assert len(http_server.requests) == 3
    assert len(sleeps.calls) == 2
    assert caught.value.method == "GET"
    assert caught.value.url == service_url(http_server)


def test_retries_zero_sends_once(http_server, sleeps):
    http_server.reset((503, {}, {}), OK)
    with pytest.raises(ModelArtsApiError):
        transport_for(sleeps, retries=0).request("GET", service_url(http_server))
    assert len(http_server.requests) == 1
    assert sleeps.calls == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_get_is_not_retried_on_client_errors(http_server, sleeps, status):
    http_server.reset((status, {}, {"error_code": "E"}), OK)
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps).request("GET", service_url(http_server))
    assert caught.value.status == status
    assert len(http_server.requests) == 1
    assert sleeps.calls == []


# Writes are not repeated unless the server says it did nothing

@pytest.mark.parametrize("method", ["PUT", "POST", "PATCH", "DELETE"])
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_writes_are_not_retried_on_server_errors(http_server, sleeps, method, status):
    http_server.reset((status, {"X-Request-Id": "rid"}, {"error_code": "ModelArts.3505", "error_msg": "failed"}), OK)
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps).request(method, service_url(http_server), body={"description": "x"})
    assert caught.value.status == status
    assert caught.value.method == method
    assert len(http_server.requests) == 1
    assert sleeps.calls == []


def test_put_is_not_retried_after_a_dropped_connection(http_server, sleeps):
    http_server.reset(DROP, OK)
    with pytest.raises(ModelArtsConnectionError) as caught:
        transport_for(sleeps).request("PUT", service_url(http_server), body={"status": "running"})
    assert len(http_server.requests) == 1
    assert http_server.requests[0].body == b'{"status":"running"}'
    assert sleeps.calls == []
    assert caught.value.method == "PUT"


@pytest.mark.parametrize("reply", [
    (409, {}, {"error_code": "ModelArts.5044", "error_msg": "operations conflict"}),
    (429, {}, {"error_code": "ModelArts.2799"}),
])
def test_put_is_retried_on_409_and_429(http_server, sleeps, reply):
    http_server.reset(reply, reply, OK)
    response = transport_for(sleeps, jitter=1.0).request("PUT", service_url(http_server), body={"status": "stopped"})
    assert response.status == 200
    assert len(http_server.requests) == 3
    assert [r.body for r in http_server.requests] == [b'{"status":"stopped"}'] * 3
    assert sleeps.calls == [1.0, 2.0]


def test_put_409_gives_up_after_retries(http_server, sleeps):
    conflict = (409, {}, {"error_code": "ModelArts.5044", "error_msg": "operations conflict"})
    http_server.reset(*[conflict] * 5)
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps, retries=1).request("PUT", service_url(http_server), body={})
    assert caught.value.error_code == "ModelArts.5044"
    assert len(http_server.requests) == 2


# What an error carries

def test_error_carries_status_code_message_request_id_method_and_url(http_server, sleeps):
    body = {"error_code": "ModelArts.3502", "error_msg": "Service s does not exist."}
    http_server.reset((404, {"X-Request-Id": "0f1e2d3c"}, body))
    url = service_url(http_server)
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps).request("GET", url, pairs=[("a", "1")])
    error = caught.value
    assert (error.status, error.error_code, error.error_msg, error.request_id, error.method, error.url) == (
        404, "ModelArts.3502", "Service s does not exist.", "0f1e2d3c", "GET", url)
    assert "ModelArts.3502" in str(error) and "0f1e2d3c" in str(error) and "does not exist" in str(error)


def test_error_takes_the_request_id_from_an_apig_body(http_server, sleeps):
    http_server.reset((401, {}, {"error_code": "APIG.0301", "error_msg": "Incorrect IAM authentication information",
                                 "request_id": "apig-77"}))
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps).request("GET", service_url(http_server))
    assert (caught.value.error_code, caught.value.request_id) == ("APIG.0301", "apig-77")


def test_error_with_a_non_json_body(http_server, sleeps):
    http_server.reset((400, {"Content-Type": "text/html"}, "<h1>Bad Request</h1>"))
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps).request("GET", service_url(http_server))
    assert caught.value.error_code is None
    assert caught.value.error_msg == "<h1>Bad Request</h1>"


def test_success_bodies(http_server, sleeps):
    http_server.reset((200, {"X-Request-Id": "r1"}, ""), (201, {}, "not json"), (200, {}, {"a": [1, 2]}))
    transport = transport_for(sleeps)
    empty = transport.request("DELETE", service_url(http_server))
    assert (empty.status, empty.body, empty.request_id) == (200, None, "r1")
    text = transport.request("POST", service_url(http_server), body={})
    assert (text.status, text.body, text.text) == (201, None, "not json")
    assert transport.request("GET", service_url(http_server)).body == {"a": [1, 2]}


# What is sent

def test_user_agent_accept_and_content_type(http_server, sleeps):
    transport_for(sleeps).request("PUT", service_url(http_server), body={"b": 1})
    transport_for(sleeps).request("GET", service_url(http_server))
    put, get = http_server.requests
    assert USER_AGENT == "hwcloud.modelarts/%s" % COLLECTION_VERSION
    assert put.headers["User-Agent"] == USER_AGENT
    assert put.headers["Accept"] == "application/json"
    assert put.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert get.headers["User-Agent"] == USER_AGENT
    assert "Content-Type" not in get.headers
    assert get.body == b""


def test_the_sessions_default_headers_stay_under_the_requests_own_and_no_cookie_is_echoed(http_server, sleeps):
    """Each request is prepared without Session.request's merging: what reaches the wire is still the
    session's defaults under the request's headers (case-insensitively), and a cookie the server set
    never comes back (the APIs authenticate each request by its token or signature)."""
    transport = transport_for(sleeps)
    http_server.reset((200, {"Set-Cookie": "lb-affinity=node-7; Path=/"}, {}), OK)
    transport.request("GET", service_url(http_server), headers={"accept": "application/json;charset=UTF-8"})
    transport.request("GET", service_url(http_server))
    first, second = http_server.requests
    assert first.headers["Accept-Encoding"] == requests.utils.default_headers()["Accept-Encoding"]
    assert [name for name in first.headers if name.lower() == "accept"] == ["accept"]
    assert first.headers["accept"] == "application/json;charset=UTF-8"
    assert first.headers["User-Agent"] == USER_AGENT
    assert "Cookie" not in second.headers and second.headers["Accept"] == "application/json"
    # Not even kept: the session hands each request to its adapter and stores nothing of the answer.
    assert not transport.session.cookies


@pytest.fixture
def pool_lookups(monkeypatch):
    """Each time requests' adapter looks a connection pool up from its pool manager."""
    looked_up = []
    original = requests.adapters.HTTPAdapter.get_connection_with_tls_context

    def counted(adapter, request, verify, proxies=None, cert=None):
        looked_up.append(request.url)
        return original(adapter, request, verify, proxies, cert)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "get_connection_with_tls_context", counted)
    return looked_up


def test_the_pool_of_an_origin_is_looked_up_once_and_again_once_the_manager_closed_it(http_server, sleeps, pool_lookups):
    transport = transport_for(sleeps)
    for _number in range(3):
        transport.request("GET", service_url(http_server))
    assert len(pool_lookups) == 1
    # The manager lets go of its pools and closes them, as urllib3 1.x does with one it evicts.
    manager = transport.session.get_adapter(http_server.url).poolmanager
    pools = [manager.pools[key] for key in manager.pools.keys()]
    manager.clear()
    for pool in pools:
        pool.close()
    transport.request("GET", service_url(http_server))
    transport.request("GET", http_server.url + "/v1/p/services/other")
    assert len(pool_lookups) == 2 and len(http_server.requests) == 5


def test_through_a_proxy_the_pool_is_looked_up_for_every_request(http_server, sleeps, pool_lookups, monkeypatch):
    # The scripted server plays the proxy: it is sent the absolute URL.
    monkeypatch.delenv("NO_PROXY")
    monkeypatch.setenv("HTTP_PROXY", http_server.url)
    transport = transport_for(sleeps)
    for _number in range(2):
        transport.request("GET", "http://modelarts.example.com/v1/p/services/s")
    assert len(pool_lookups) == 2
    assert [request.raw_path for request in http_server.requests] == ["http://modelarts.example.com/v1/p/services/s"] * 2


def test_body_is_exactly_what_the_signer_received(http_server, sleeps):
    seen = []

    def signer(method, url, pairs, headers, body):
        seen.append((method, url, list(pairs), dict(headers), body))
        signed = dict(headers)
        signed["X-Signed"] = "yes:%d" % len(body)
        return signed

    document = {"description": "caf\u00e9 \u4e2d", "config": [{"model_id": "m", "weight": 100, "envs": {"A": "1"}}]}
    url = service_url(http_server)
    transport_for(sleeps).request("put", url, pairs=[("x", "1")], body=document, headers={"X-Extra": "e"}, signer=signer)
    received = http_server.requests[0]
    method, signed_url, pairs, headers, body = seen[0]
    assert (method, signed_url, pairs) == ("PUT", url, [("x", "1")])
    assert received.method == "PUT"
    assert received.body == body
    assert json.loads(body.decode("utf-8")) == document
    assert body == json.dumps(document, separators=(",", ":"), sort_keys=True).encode("utf-8")
    assert headers["X-Extra"] == "e" and headers["User-Agent"] == USER_AGENT
    assert received.headers["X-Signed"] == "yes:%d" % len(received.body)
    assert received.headers["X-Extra"] == "e"


def test_signer_receives_empty_bytes_without_a_body_and_signs_each_attempt(http_server, sleeps):
    seen = []

    def signer(method, url, pairs, headers, body):
        seen.append(body)
        return dict(headers, **{"X-Attempt": str(len(seen))})

    http_server.reset((503, {}, {}), OK)
    transport_for(sleeps).request("GET", service_url(http_server), signer=signer)
    assert seen == [b"", b""]
    assert [r.headers["X-Attempt"] for r in http_server.requests] == ["1", "2"]


def test_integer_and_boolean_query_values_are_sent_and_signed_as_text(http_server, sleeps):
    """The client pages with ("limit", 50) and ("offset", 0): numbers must reach the wire as text."""
    seen = []

    def signer(method, url, pairs, headers, body):
        seen.append(list(pairs))
        return dict(headers)

    transport_for(sleeps).request("GET", service_url(http_server),
                                  pairs=[("offset", 0), ("limit", 50), ("is_personal_cluster", True)], signer=signer)
    assert http_server.requests[0].query == "is_personal_cluster=true&limit=50&offset=0"
    assert sorted(seen[0]) == [("is_personal_cluster", "true"), ("limit", "50"), ("offset", "0")]


# TLS options and backoff

class EmptyAnswer:
    status_code = 200
    headers = {}
    text = ""

    def json(self):
        raise ValueError("empty")


class RecordingSession:
    """A stand-in session that answers 200 without a body and records each request's keyword arguments."""

    headers = {}

    def __init__(self):
        self.calls = []

    def send(self, prepared, **kwargs):
        self.calls.append(dict(kwargs, url=prepared.url, method=prepared.method, headers=prepared.headers))
        return EmptyAnswer()


@pytest.mark.parametrize("validate_certs, ca_bundle, verify", [
    (True, None, True),
    (True, "/etc/pki/ca.pem", "/etc/pki/ca.pem"),
    (False, None, False),
    (False, "/etc/pki/ca.pem", False),
])
def test_validate_certs_and_ca_bundle_map_to_verify(validate_certs, ca_bundle, verify, monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    session = RecordingSession()
    calls = session.calls
    transport = Transport(validate_certs=validate_certs, ca_bundle=ca_bundle, timeout=7, session=session)
    assert transport.verify == verify
    transport.request("GET", "https://h.example.com/v1/p/services")
    assert calls[0]["verify"] == verify
    assert calls[0]["timeout"] == 7


def test_default_session_is_a_requests_session():
    assert isinstance(Transport().session, requests.Session)


def test_tls_errors_are_not_retried(sleeps):
    calls = []

    class Session:
        headers = {}

        def send(self, prepared, **kwargs):
            calls.append(prepared.url)
            raise requests.exceptions.SSLError("certificate verify failed")

    with pytest.raises(ModelArtsConnectionError) as caught:
        Transport(retries=3, sleep=sleeps, session=Session()).request("GET", "https://h.example.com/x")
    assert len(calls) == 1
    assert sleeps.calls == []
    assert "certificate verify failed" in str(caught.value)


def test_timeouts_of_reads_are_retried(sleeps):
    calls = []

    class Session:
        headers = {}

        def send(self, prepared, **kwargs):
            calls.append(prepared.method)
            raise requests.exceptions.ReadTimeout("read timed out")

    with pytest.raises(ModelArtsConnectionError):
        Transport(retries=2, sleep=sleeps, jitter=lambda: 0.0, session=Session()).request("GET", "https://h.example.com/x")
    assert calls == ["GET"] * 3
    with pytest.raises(ModelArtsConnectionError):
        Transport(retries=2, sleep=sleeps, jitter=lambda: 0.0, session=Session()).request("PUT", "https://h.example.com/x")
    assert calls == ["GET"] * 3 + ["PUT"]


def test_backoff_grows_and_is_capped(http_server, sleeps):
    busy = (503, {}, {})
    http_server.reset(*[busy] * 7)
    transport = Transport(retries=6, backoff_base=1.0, backoff_max=5.0, sleep=sleeps, jitter=lambda: 1.0)
    with pytest.raises(ModelArtsApiError):
        transport.request("GET", service_url(http_server))
    assert sleeps.calls == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert len(http_server.requests) == 7


def test_backoff_jitter_spans_the_upper_half():
    low = Transport(backoff_base=2.0, backoff_max=30.0, jitter=lambda: 0.0)
    high = Transport(backoff_base=2.0, backoff_max=30.0, jitter=lambda: 1.0)
    assert [low._backoff(n) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 15.0, 15.0]
    assert [high._backoff(n) for n in range(6)] == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


# parse_retry_after

@pytest.mark.parametrize("value, expected", [
    ("5", 5.0),
    (" 12 ", 12.0),
    ("1.5", 1.5),
    ("-3", 0.0),
    ("0", 0.0),
    (None, None),
    ("", None),
    ("soon", None),
])
def test_parse_retry_after_values(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    moment = email.utils.parsedate_to_datetime(date).timestamp()
    assert parse_retry_after(date, now=moment - 30) == 30.0
    assert parse_retry_after(date, now=moment + 30) == 0.0


# Requests that cannot be sent, and POSTs that create nothing

def test_a_header_requests_refuses_is_reported_without_its_value(http_server, sleeps):
    secret = "MIIsecret-token-value\n"
    with pytest.raises(ModelArtsConnectionError) as caught:
        transport_for(sleeps).request("GET", service_url(http_server), headers={"X-Auth-Token": secret})
    assert "secret-token-value" not in str(caught.value)
    assert "InvalidHeader" in str(caught.value)
    assert http_server.requests == []


def test_a_post_that_creates_nothing_is_retried_like_a_read(http_server, sleeps):
    http_server.reset((503, {}, {"error_code": "APIG.0201"}), DROP, OK)
    response = transport_for(sleeps, jitter=0.0).request("POST", service_url(http_server), body={"auth": {}},
                                                         creates_nothing=True)
    assert response.body == {"ok": True}
    assert len(http_server.requests) == 3


# Only a busy answer makes a write safe to re-send

@pytest.mark.parametrize("method", ["PUT", "POST", "PATCH", "DELETE"])
@pytest.mark.parametrize("reply", [
    (409, {}, {"error_code": "ModelArts.3503", "error_msg": "Service svc already exists."}),
    (409, {}, {"error_code": "ModelArts.3519", "error_msg": "state conflict"}),
    (409, {}, {}),
    (409, {}, "not json"),
    (400, {}, {"error_code": "ModelArts.5044", "error_msg": "a busy code on another status"}),
    (422, {}, {"error_code": "ModelArts.0104"}),
])
def test_writes_are_not_resent_on_a_409_that_is_not_busy_or_any_other_4xx(http_server, sleeps, method, reply):
    http_server.reset(reply, OK)
    with pytest.raises(ModelArtsApiError) as caught:
        transport_for(sleeps).request(method, service_url(http_server), body={"service_name": "svc"})
    assert caught.value.status == reply[0]
    assert len(http_server.requests) == 1
    assert sleeps.calls == []


@pytest.mark.parametrize("code", ["ModelArts.5044", "ModelArts.2799", "ModelArts.4206", "ModelArts.6101"])
def test_post_is_resent_on_a_busy_409(http_server, sleeps, code):
    busy = (409, {}, {"error_code": code, "error_msg": "try again later"})
    http_server.reset(busy, OK)
    response = transport_for(sleeps).request("POST", service_url(http_server), body={"service_name": "svc"})
    assert response.status == 200
    assert len(http_server.requests) == 2


# The environment: proxies and CA bundle read once per host, ~/.netrc never

def test_proxies_and_no_proxy_come_from_the_environment_once_per_host(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.net:3128")
    monkeypatch.setenv("NO_PROXY", "iam.example.com")
    session = RecordingSession()
    transport = Transport(session=session)
    transport.request("GET", "https://modelarts.example.com/v1/p/services")
    transport.request("GET", "https://iam.example.com/v3/auth/projects")
    assert session.calls[0]["proxies"].get("https") == "http://proxy.example.net:3128"
    assert "https" not in session.calls[1]["proxies"], "NO_PROXY names the IAM host"
    # Read once per host: a later change of the environment is not seen by this run's transport.
    monkeypatch.setenv("HTTPS_PROXY", "http://other.example.net:8080")
    transport.request("GET", "https://modelarts.example.com/v1/p/services/s")
    assert session.calls[2]["proxies"].get("https") == "http://proxy.example.net:3128"
    assert Transport(session=session)._environment("https://modelarts.example.com/x")[0]["https"] == \
        "http://other.example.net:8080"


@pytest.mark.parametrize("validate_certs, ca_bundle, verify", [
    (True, None, "/env/requests-ca.pem"),
    (True, "/etc/pki/ca.pem", "/etc/pki/ca.pem"),
    (False, None, False),
])
def test_requests_ca_bundle_applies_only_where_the_options_leave_verify_open(monkeypatch, validate_certs, ca_bundle,
                                                                             verify):
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/env/requests-ca.pem")
    session = RecordingSession()
    Transport(validate_certs=validate_certs, ca_bundle=ca_bundle, session=session).request("GET", "https://h.example.com/x")
    assert session.calls[0]["verify"] == verify


def test_netrc_credentials_are_never_added_to_a_request(http_server, sleeps, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password netrc-secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    Transport(sleep=sleeps).request("GET", service_url(http_server))
    assert "Authorization" not in http_server.requests[0].headers
    assert requests.utils.get_netrc_auth(service_url(http_server)) == ("someone", "netrc-secret"), \
        "requests itself would have sent them"


def test_sessions_do_not_read_the_environment_on_each_request():
    assert Transport().session.trust_env is False


# -- requests is imported by the first request ---------------------------------------------------------------------

IMPORTS_WITHOUT_A_REQUEST = r'''
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
names = ["plugins.inventory.modelarts_services"] + ["plugins.modules." + name for name in sys.argv[2:]]
for name in names:
    importlib.import_module("ansible_collections.hwcloud.modelarts." + name)
before = sorted(name for name in ("requests", "urllib3") if name in sys.modules)
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _transport
_transport._import_requests()
print(json.dumps({"before": before, "after": "requests" in sys.modules}))
'''


def test_no_module_and_not_the_inventory_plugin_import_requests_before_a_request():
    """An inventory read from its cache sends nothing, so it never pays for importing requests."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(root, "plugins", "modules")) if name.endswith(".py"))
    # tests/conftest.py points ANSIBLE_COLLECTIONS_PATH at the folder that holds this checkout as the collection.
    answer = subprocess.run([sys.executable, "-c", IMPORTS_WITHOUT_A_REQUEST, os.environ["ANSIBLE_COLLECTIONS_PATH"]] + modules,
                            capture_output=True, text=True, check=True)
    assert json.loads(answer.stdout) == {"before": [], "after": True}


def test_requests_that_cannot_be_imported_fails_the_request_naming_the_library(monkeypatch):
    monkeypatch.setattr(_transport, "requests", None)
    monkeypatch.setitem(sys.modules, "requests", None)  # what an import of a broken install raises
    with pytest.raises(_transport.ModelArtsConfigError, match="library requests could not be imported") as failure:
        Transport(retries=0).request("GET", "http://127.0.0.1:9/v1/services")
    assert "pip install requests" in str(failure.value)


def test_requests_missing_is_known_before_any_request():
    """Modules fail with Ansible's missing-library message (and the inventory plugin with its own) before any work."""
    script = ("import sys; sys.path.insert(0, sys.argv[1]); sys.modules['requests'] = None\n"
              "from ansible_collections.hwcloud.modelarts.plugins.module_utils import _transport\n"
              "print(_transport.REQUESTS_IMPORT_ERROR)")
    answer = subprocess.run([sys.executable, "-c", script, os.environ["ANSIBLE_COLLECTIONS_PATH"]],
                            capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "No module named 'requests'"
    assert _transport.REQUESTS_IMPORT_ERROR is None


def test_requests_imported_without_a_spec_counts_as_there(monkeypatch):
    module = types.ModuleType("requests")
    module.__spec__ = None
    monkeypatch.setitem(sys.modules, "requests", module)
    assert _transport._requests_missing() is False
    monkeypatch.setitem(sys.modules, "requests", None)
    assert _transport._requests_missing() is True
