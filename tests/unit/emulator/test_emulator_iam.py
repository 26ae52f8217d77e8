"""IAM tokens and project lookup, and token checks on ModelArts calls."""

import pytest
import requests

import emulator_testkit as kit


def token_body(password=kit.PASSWORD, scope=None, user=kit.USER, domain="test-domain"):
    return {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {"name": user, "password": password, "domain": {"name": domain}}}},
        "scope": scope if scope is not None else {"project": {"name": "cn-north-4"}},
    }}


def issue(emu, body):
    return requests.post(emu.url + "/v3/auth/tokens", json=body, timeout=10)


def test_password_token_issue_and_use(emu):
    response = issue(emu, token_body())
    assert response.status_code == 201, response.text
    token = response.headers["X-Subject-Token"]
    body = response.json()["token"]
    assert body["project"] == {"id": kit.P1, "name": "cn-north-4", "domain": {"id": kit.DOMAIN, "name": "test-domain"}}
    assert body["user"]["name"] == kit.USER and body["methods"] == ["password"]
    assert body["expires_at"].endswith("Z") and body["issued_at"] < body["expires_at"]
    assert isinstance(body["roles"], list) and body["catalog"] == []
    client = kit.ApiClient(emu.url, kit.P1, token)
    assert client.get("/services").status_code == 200
    kit.assert_error(kit.ApiClient(emu.url, kit.P2, token).get("/services"), 403, "ModelArts.0210")


def test_scope_by_project_id(emu):
    response = issue(emu, token_body(scope={"project": {"id": kit.P2}}))
    assert response.status_code == 201
    assert response.json()["token"]["project"]["name"] == "cn-north-1"


@pytest.mark.parametrize("body_args, status", [
    ({"password": "wrong"}, 401),
    ({"user": "nobody"}, 401),
    ({"domain": "no-such-domain"}, 401),
    ({"scope": {"domain": {"name": "test-domain"}}}, 400),
    ({"scope": {"project": {"name": "eu-west-0"}}}, 400),
    ({"scope": {"project": {"id": kit.P_OTHER}}}, 400),
])
def test_token_errors_have_the_iam_shape(emu, body_args, status):
    response = issue(emu, token_body(**body_args))
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status and error["title"] and error["message"]
    assert "X-Subject-Token" not in response.headers


def test_malformed_token_request(emu):
    assert issue(emu, {"auth": {}}).status_code == 400
    response = requests.post(emu.url + "/v3/auth/tokens", data=b"{not json", timeout=10)
    assert response.status_code == 400 and response.json()["error"]["code"] == 400


def test_password_is_masked_in_the_request_log(emu):
    issue(emu, token_body())
    logged = emu.state.requests[-1]
    assert logged["auth"] == "password" and logged["api"] == "iam" and logged["status"] == 201
    assert logged["body"]["auth"]["identity"]["password"]["user"]["password"] == "******"
    assert kit.PASSWORD not in str(emu.state.requests)


def test_token_expiry(emu):
    emu.state.update_settings({"token_ttl_seconds": 60})
    token = issue(emu, token_body()).headers["X-Subject-Token"]
    client = kit.ApiClient(emu.url, kit.P1, token)
    assert client.get("/services").status_code == 200
    emu.state.update_settings({"clock_offset_seconds": 61})
    kit.assert_error(client.get("/services"), 401, "ModelArts.0202")


def test_seeded_token_expiry(emu):
    emu.state.update_settings({"clock_offset_seconds": 3601})
    kit.assert_error(kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1).get("/services"), 401, "ModelArts.0202")


def test_unknown_and_missing_token(emu):
    kit.assert_error(kit.ApiClient(emu.url, kit.P1, "MIInot-a-token").get("/services"), 401, "ModelArts.0203")
    kit.assert_error(kit.ApiClient(emu.url, kit.P1).get("/services"), 401, "ModelArts.0201")


def test_token_of_other_project(emu):
    kit.assert_error(kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P2).get("/services/%s" % kit.S_RUN), 403, "ModelArts.0210")


def test_projects_by_name_with_token(emu):
    headers = {"X-Auth-Token": kit.TOKEN_P1}
    response = requests.get(emu.url + "/v3/projects", params={"name": "cn-north-1"}, headers=headers, timeout=10)
    assert response.status_code == 200
    projects = response.json()["projects"]
    assert [(project["id"], project["domain_id"], project["enabled"]) for project in projects] == [(kit.P2, kit.DOMAIN, True)]
    everything = requests.get(emu.url + "/v3/projects", headers=headers, timeout=10).json()["projects"]
    assert sorted(project["id"] for project in everything) == sorted([kit.P1, kit.P2])
    none = requests.get(emu.url + "/v3/projects", params={"name": "eu-west-0"}, headers=headers, timeout=10)
    assert none.json()["projects"] == []


def test_projects_need_auth(emu):
    response = requests.get(emu.url + "/v3/projects", params={"name": "cn-north-4"}, timeout=10)
    assert response.status_code == 401 and response.json()["error"]["code"] == 401
    response = requests.get(emu.url + "/v3/projects", headers={"X-Auth-Token": "bogus"}, timeout=10)
    assert response.status_code == 401


def test_unknown_paths(emu):
    response = requests.get(emu.url + "/v3/users", timeout=10)
    kit.assert_error(response, 404, "APIG.0101")
    response = requests.get(emu.url + "/v2/%s/training-jobs" % kit.P1, timeout=10)
    kit.assert_error(response, 404, "APIG.0101")
    response = kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1).request("POST", "/services/%s" % kit.S_RUN, json={})
    kit.assert_error(response, 404, "APIG.0101")
