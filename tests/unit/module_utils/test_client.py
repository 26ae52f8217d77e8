# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import urlsplit

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import AkSkAuth, PasswordAuth, TokenAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import PAGE_SIZE, ModelArtsClient
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsLookupError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response

ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com"
IAM = "https://iam.cn-north-4.myhuaweicloud.com"
PROJECT = "0a1b2c3d"


class FakeTransport:
    """Routes each request to ``handler(method, path, pairs, body)``, which returns a body, a Response or raises."""

    def __init__(self, handler):
        self.handler = handler
        self.calls = []

    def request(self, method, url, pairs=None, body=None, headers=None, signer=None, creates_nothing=False):
        # A pager that never stops must fail, not hang the run.
        assert len(self.calls) < 50, "too many requests"
        self.calls.append({"method": method, "url": url, "pairs": list(pairs or []), "body": body,
                           "headers": headers, "signer": signer})
        answer = self.handler(method, urlsplit(url).path, dict(pairs or []), body)
        if isinstance(answer, Response):
            return answer
        return Response(200, {}, answer, "")


def api_error(status, code, url="u"):
    return ModelArtsApiError(status, code, "msg", "rid", "GET", url)


def paged_services(services, total=True):
    """A list API answering with offset as the page index and limit as the page size."""
    def handler(method, path, query, body):
        assert method == "GET" and path == "/v1/%s/services" % PROJECT
        limit, page = int(query["limit"]), int(query["offset"])
        batch = services[page * limit:(page + 1) * limit]
        answer = {"count": len(batch), "services": batch}
        if total:
            answer["total_count"] = len(services)
        return answer
    return handler


def client_with(handler, auth=None, project_id=PROJECT, region="cn-north-4"):
    transport = FakeTransport(handler)
    auth = auth or TokenAuth("t")
    return ServiceApi(ModelArtsClient(transport, auth, ENDPOINT + "/", IAM, region=region, project_id=project_id)), transport


def services(count, name="svc"):
    return [{"service_id": "id-%03d" % n, "service_name": "%s-%d" % (name, n)} for n in range(count)]


# Paging

def test_paging_uses_page_index_and_page_size():
    everything = services(120)
    client, transport = client_with(paged_services(everything))
    assert client.list_services() == everything
    assert [(call["pairs"][-2], call["pairs"][-1]) for call in transport.calls] == [
        (("limit", PAGE_SIZE), ("offset", 0)), (("limit", PAGE_SIZE), ("offset", 1)), (("limit", PAGE_SIZE), ("offset", 2))]
    assert PAGE_SIZE == 50


def test_paging_stops_on_total_count():
    everything = services(100)
    client, transport = client_with(paged_services(everything))
    assert client.list_services() == everything
    assert len(transport.calls) == 2


def test_paging_without_total_count_stops_on_an_empty_page():
    everything = services(100)
    client, transport = client_with(paged_services(everything, total=False))
    assert client.list_services() == everything
    assert [dict(call["pairs"])["offset"] for call in transport.calls] == [0, 1, 2]


def test_paging_follows_total_count_when_the_server_caps_the_page_size():
    everything = services(70)

    def handler(method, path, query, body):
        page = int(query["offset"])
        return {"total_count": 70, "services": everything[page * 30:page * 30 + 30]}

    client, transport = client_with(handler)
    assert client.list_services() == everything
    assert len(transport.calls) == 3


def test_paging_stops_when_the_server_repeats_a_page():
    everything = services(30)

    def handler(method, path, query, body):
        return {"total_count": 500, "services": everything}

    client, transport = client_with(handler)
    assert client.list_services() == everything
    assert len(transport.calls) == 2


def test_list_filters_are_sent_sorted_and_none_dropped():
    client, transport = client_with(lambda *args: {"services": []})
    assert client.list_services(service_name="a", infer_type=None, status="running") == []
    assert transport.calls[0]["pairs"] == [("service_name", "a"), ("status", "running"), ("limit", 50), ("offset", 0)]
    assert transport.calls[0]["url"] == "%s/v1/%s/services" % (ENDPOINT, PROJECT)
    assert isinstance(transport.calls[0]["signer"], TokenAuth)


def test_events_are_paged_with_the_event_type():
    events = [{"event_type": "abnormal", "event_info": str(n)} for n in range(60)]

    def handler(method, path, query, body):
        assert path == "/v1/%s/services/s-1/events" % PROJECT
        assert query["event_type"] == "abnormal"
        page = int(query["offset"])
        return {"total_count": 60, "events": events[page * 50:(page + 1) * 50]}

    client, transport = client_with(handler)
    assert client.events("s-1", event_type="abnormal") == events
    assert len(transport.calls) == 2


# Names

def test_services_named_filters_exactly():
    listed = [{"service_id": "1", "service_name": "svc"}, {"service_id": "2", "service_name": "svc-2"},
              {"service_id": "3", "service_name": "my-svc"}, {"service_id": "4", "service_name": "SVC"}]
    client, transport = client_with(lambda *args: {"total_count": 4, "services": listed})
    assert client.services_named("svc") == [{"service_id": "1", "service_name": "svc"}]
    assert ("service_name", "svc") in transport.calls[0]["pairs"]


def test_service_id_for_prefers_the_given_id():
    client, transport = client_with(lambda *args: pytest.fail("no request expected"))
    assert client.service_id_for(service_id="abc", name="svc") == "abc"
    assert transport.calls == []


def test_service_id_for_one_match():
    listed = [{"service_id": "1", "service_name": "svc"}, {"service_id": "2", "service_name": "svc2"}]
    client, _transport = client_with(lambda *args: {"services": listed})
    assert client.service_id_for(name="svc") == "1"


def test_service_id_for_no_match():
    client, _transport = client_with(lambda *args: {"services": [{"service_id": "2", "service_name": "svc2"}]})
    with pytest.raises(ModelArtsLookupError) as caught:
        client.service_id_for(name="svc")
    assert str(caught.value) == "No service named 'svc' in project %s." % PROJECT


def test_service_id_for_several_matches():
    listed = [{"service_id": "1", "service_name": "svc"}, {"service_id": "2", "service_name": "svc"}]
    client, _transport = client_with(lambda *args: {"services": listed})
    with pytest.raises(ModelArtsLookupError) as caught:
        client.service_id_for(name="svc")
    assert str(caught.value) == "2 services are named 'svc' in project %s; use service_id to pick one of 1, 2." % PROJECT


# Single services

@pytest.mark.parametrize("service_id", ["a/b c", ".", "..", "", " s", "s\n", "%2e%2e", "s?x=1", "s#f"])
def test_a_service_id_that_is_not_an_id_is_refused_before_any_request(service_id):
    client, transport = client_with(lambda *args: {"service_id": service_id, "status": "running"})
    with pytest.raises(ModelArtsConfigError) as caught:
        client.get_service(service_id)
    assert str(caught.value).startswith("service_id must be a ModelArts service id")
    assert transport.calls == []


def test_find_service_returns_none_on_404():
    def handler(method, path, query, body):
        raise api_error(404, "ModelArts.3502")
    client, _transport = client_with(handler)
    assert client.find_service("gone") is None


@pytest.mark.parametrize("status, code", [(400, "ModelArts.3502"), (404, "APIG.0101"), (404, None)])
def test_only_modelarts_own_404_means_absent(status, code):
    # A gateway 404 (no such route: a wrong endpoint, a proxy) is not "the service does not exist".
    def handler(method, path, query, body):
        raise api_error(status, code)
    client, _transport = client_with(handler)
    with pytest.raises(ModelArtsApiError):
        client.find_service("gone")


@pytest.mark.parametrize("status, code", [(403, "ModelArts.0108"), (500, "ModelArts.3505"), (400, "ModelArts.0104")])
def test_find_service_raises_other_errors(status, code):
    def handler(method, path, query, body):
        raise api_error(status, code)
    client, _transport = client_with(handler)
    with pytest.raises(ModelArtsApiError) as caught:
        client.find_service("s")
    assert caught.value.status == status


def test_find_service_returns_the_service():
    client, _transport = client_with(lambda *args: {"service_id": "s", "status": "running"})
    assert client.find_service("s") == {"service_id": "s", "status": "running"}


def test_update_patch_logs():
    answers = {"PUT": {}, "PATCH": {"update_time": 1}, "GET": {"logs": [{"result": "SUCCESS"}]}}
    client, transport = client_with(lambda method, *args: answers[method])
    client.update_service("s", {"status": "stopped"})
    client.patch_service("s", [{"op": "replace", "path": "/config/0/weight", "value": 100}], user_id="u1")
    client.patch_service("s", [])
    assert client.update_records("s") == [{"result": "SUCCESS"}]
    put, patch, patch_no_user, logs = (transport.calls[n] for n in range(4))
    assert len(transport.calls) == 4
    assert (put["method"], put["url"], put["body"]) == ("PUT", "%s/v1/%s/services/s" % (ENDPOINT, PROJECT),
                                                        {"status": "stopped"})
    assert patch["headers"] == {"X-ModelArts-User-ID": "u1"}
    assert patch["body"] == [{"op": "replace", "path": "/config/0/weight", "value": 100}]
    assert patch_no_user["headers"] is None
    assert logs["url"].endswith("/services/s/logs")


# Project id

def iam_projects(*projects):
    def handler(method, path, query, body):
        assert (method, path, query) == ("GET", "/v3/projects", {"name": "cn-north-4"})
        return {"projects": list(projects)}
    return handler


def test_project_id_from_iam_one_match():
    client, transport = client_with(iam_projects({"id": "p-1", "name": "cn-north-4"},
                                                 {"id": "p-sub", "name": "cn-north-4_sub"}), project_id=None)
    assert client.project_id == "p-1"
    assert client.project_id == "p-1"
    assert len(transport.calls) == 1
    call = transport.calls[0]
    assert call["url"] == IAM + "/v3/projects"
    assert call["pairs"] == [("name", "cn-north-4")]
    assert call["signer"] is client.client.auth


def test_project_id_from_iam_is_given_to_aksk_auth():
    auth = AkSkAuth("AK", "SK")
    client, _transport = client_with(iam_projects({"id": "p-1", "name": "cn-north-4"}), auth=auth, project_id=None)
    assert auth.project_id is None
    assert client.client.url("services") == "%s/v1/p-1/services" % ENDPOINT
    assert auth.project_id == "p-1"


def test_given_project_id_is_given_to_aksk_auth_without_lookup():
    auth = AkSkAuth("AK", "SK")
    client, transport = client_with(lambda *args: pytest.fail("no lookup expected"), auth=auth, project_id="p-9")
    assert auth.project_id == "p-9"
    assert client.project_id == "p-9"
    assert transport.calls == []


def test_project_id_from_iam_no_match():
    client, _transport = client_with(iam_projects({"id": "p-sub", "name": "cn-north-4_sub"}), project_id=None)
    with pytest.raises(ModelArtsConfigError) as caught:
        client.client.url("services")
    assert str(caught.value) == (
        "Expected exactly one IAM project named 'cn-north-4' to take the project id from, found 0. Set project_id.")


def test_project_id_from_iam_several_matches():
    client, _transport = client_with(iam_projects({"id": "p-1", "name": "cn-north-4"}, {"id": "p-2", "name": "cn-north-4"}),
                                     project_id=None)
    with pytest.raises(ModelArtsConfigError) as caught:
        client.get_service("s")
    assert str(caught.value) == (
        "Expected exactly one IAM project named 'cn-north-4' to take the project id from, found 2: p-1, p-2. "
        "Set project_id.")


def test_project_id_needs_a_region():
    client, transport = client_with(lambda *args: pytest.fail("no request expected"), project_id=None, region=None)
    with pytest.raises(ModelArtsConfigError) as caught:
        client.client.url("services")
    assert "Set project_id (HW_PROJECT_ID) or region (HW_REGION_NAME)" in str(caught.value)
    assert transport.calls == []


def _token_handler(token_project):
    def handler(method, path, query, body):
        if path == "/v3/auth/tokens":
            project = {"id": token_project, "name": "cn-north-4"} if token_project else None
            return Response(201, {"X-Subject-Token": "tok"}, {"token": {"project": project}}, "")
        if path == "/v3/projects":
            return {"projects": [{"id": "from-iam", "name": "cn-north-4"}]}
        return {"service_id": "s", "status": "running"}
    return handler


def test_password_token_project_is_used_without_iam_lookup():
    transport = FakeTransport(_token_handler("p-token"))
    auth = PasswordAuth(transport, IAM, "ops", "pw", "acme", project_name="cn-north-4")
    client = ServiceApi(ModelArtsClient(transport, auth, ENDPOINT, IAM, region="cn-north-4"))
    assert client.get_service("s") == {"service_id": "s", "status": "running"}
    assert [(call["method"], urlsplit(call["url"]).path) for call in transport.calls] == [
        ("POST", "/v3/auth/tokens"), ("GET", "/v1/p-token/services/s")]


def test_password_token_without_project_falls_back_to_iam():
    transport = FakeTransport(_token_handler(None))
    auth = PasswordAuth(transport, IAM, "ops", "pw", "acme", project_name="cn-north-4")
    client = ServiceApi(ModelArtsClient(transport, auth, ENDPOINT, IAM, region="cn-north-4"))
    assert client.project_id == "from-iam"
    assert [urlsplit(call["url"]).path for call in transport.calls] == ["/v3/auth/tokens", "/v3/projects"]
