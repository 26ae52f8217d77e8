# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import urlsplit

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import AkSkAuth, PasswordAuth, TokenAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import ModelArtsClient
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsLookupError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id, resource_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response

ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com"
IAM = "https://iam.cn-north-4.myhuaweicloud.com"
PROJECT = "0a1b2c3d"


class RoutingTransport:
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


def client_with(handler, auth=None, project_id=PROJECT, region="cn-north-4"):
    transport = RoutingTransport(handler)
    auth = auth or TokenAuth("t")
    return ServiceApi(ModelArtsClient(transport, auth, ENDPOINT + "/", IAM, region=region, project_id=project_id)), transport


def services(count, name="svc"):
    return [{"service_id": "id-%03d" % n, "service_name": "%s-%d" % (name, n)} for n in range(count)]


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
    client, _transport = client_with(lambda *args: {"total_count": 2, "services": listed})
    assert client.service_id_for(name="svc") == "1"


def test_service_id_for_no_match():
    client, _transport = client_with(lambda *args: {"total_count": 1, "services": [{"service_id": "2", "service_name": "svc2"}]})
    with pytest.raises(ModelArtsLookupError) as caught:
        client.service_id_for(name="svc")
    assert str(caught.value) == "No service named 'svc' in project %s." % PROJECT


def test_service_id_for_several_matches():
    listed = [{"service_id": "1", "service_name": "svc"}, {"service_id": "2", "service_name": "svc"}]
    client, _transport = client_with(lambda *args: {"total_count": 2, "services": listed})
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


def test_the_id_check_names_the_option_and_the_resource_its_caller_gives():
    with pytest.raises(ModelArtsConfigError) as caught:
        check_id("model_id", "../x", resource_id("model"))
    assert str(caught.value) == ("model_id must be a ModelArts model id (a UUID such as 5e0c1d2e-aaaa-4bbb-8ccc-000000000001): "
                                 "letters, digits, '-' or '_' only; got '../x'.")
    with pytest.raises(ModelArtsConfigError) as caught:
        check_id("a path segment", "..")
    assert str(caught.value) == "a path segment must be an id: letters, digits, '-' or '_' only; got '..'."


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


def test_project_id_from_iam_goes_with_aksk_calls_as_a_header():
    auth = AkSkAuth("AK", "SK")
    client, transport = client_with(iam_projects({"id": "p-1", "name": "cn-north-4"}), auth=auth, project_id=None)
    assert client.client.url("services") == "%s/v1/p-1/services" % ENDPOINT
    transport.handler = lambda *args: {"services": [], "total_count": 0, "count": 0}
    client.list_services()
    assert transport.calls[-1]["headers"] == {"X-Project-Id": "p-1"}
    assert "headers" not in transport.calls[0] or not transport.calls[0]["headers"]


def test_given_project_id_is_used_without_lookup():
    auth = AkSkAuth("AK", "SK")
    client, transport = client_with(lambda *args: pytest.fail("no lookup expected"), auth=auth, project_id="p-9")
    assert client.project_id == "p-9"
    assert transport.calls == []


def test_a_token_sends_no_project_header():
    client, transport = client_with(lambda *args: {"service_id": "s", "status": "running"}, project_id="p-9")
    client.get_service("s")
    assert not transport.calls[0]["headers"]


def test_a_project_resolver_can_be_given():
    client, transport = client_with(lambda *args: pytest.fail("no lookup expected"), project_id=None)
    client.client._resolve_project = lambda: "p-given"
    assert client.project_id == "p-given"


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
    transport = RoutingTransport(_token_handler("p-token"))
    auth = PasswordAuth(transport, IAM, "ops", "pw", "acme", project_name="cn-north-4")
    client = ServiceApi(ModelArtsClient(transport, auth, ENDPOINT, IAM, region="cn-north-4"))
    assert client.get_service("s") == {"service_id": "s", "status": "running"}
    assert [(call["method"], urlsplit(call["url"]).path) for call in transport.calls] == [
        ("POST", "/v3/auth/tokens"), ("GET", "/v1/p-token/services/s")]


def test_password_token_without_project_falls_back_to_iam():
    transport = RoutingTransport(_token_handler(None))
    auth = PasswordAuth(transport, IAM, "ops", "pw", "acme", project_name="cn-north-4")
    client = ServiceApi(ModelArtsClient(transport, auth, ENDPOINT, IAM, region="cn-north-4"))
    assert client.project_id == "from-iam"
    assert [urlsplit(call["url"]).path for call in transport.calls] == ["/v3/auth/tokens", "/v3/projects"]
