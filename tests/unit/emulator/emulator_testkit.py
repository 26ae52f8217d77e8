"""Shared pieces of the emulator tests: the test world, HTTP clients and polling."""

import copy

import requests

from emulator.services import BUSY_STATUSES

DOMAIN = "0d1f6c2e9a7b4c35a8e1f2b3c4d5e6f7"
OTHER_DOMAIN = "1e2f3a4b5c6d4e7f8a9b0c1d2e3f4a5b"
P1 = "5a1c9e0b7d3f4a2c8e6b1d0f9a7c3e51"
P2 = "6b2d0f1c8e4a4b3d9f7c2e1a0b8d4f62"
P_OTHER = "7c3e1a2d9f5b4c4e0a8d3f2b1c9e5a73"
USER = "ops"
PASSWORD = "Test-Passw0rd!"
AK = "TESTAK1QWERTYZXCVB12"
SK = "TestSecretKey0123456789abcdefghijABCDEFG"
TEMP_AK = "TEMPAK9ASDFGHJKLMN34"
TEMP_SK = "TempSecretKey0123456789abcdefghijABCDEFG"
SECURITY_TOKEN = "gQpjbi1ub3J0aC00IhN0ZW1wb3JhcnktdG9rZW4tZm9yLXRlc3Rz"
OTHER_AK = "OTHERAK0ZXCVBNMASDF1"
OTHER_SK = "OtherSecretKey123456789abcdefghijABCDEFG"
TOKEN_P1 = "MIItest-token-for-project-p1"
TOKEN_P2 = "MIItest-token-for-project-p2"
M1 = "3f0c5d8e-1a2b-4c3d-9e8f-7a6b5c4d3e21"
M2 = "4a1d6e9f-2b3c-4d4e-8f9a-8b7c6d5e4f32"
M_FAIL = "5b2e7fa0-3c4d-4e5f-9a0b-9c8d7e6f5a43"
M_OTHER = "6c3f8ab1-4d5e-4f6a-8b1c-ad9e8f7a6b54"
S_RUN = "7d4a9bc2-5e6f-4a7b-9c2d-be0f9a8b7c65"
S_STOP = "8e5bacd3-6f7a-4b8c-8d3e-cf1a0b9c8d76"
S_SHARED = "9f6cbde4-7a8b-4c9d-9e4f-d02b1cad9e87"
FAIL_MESSAGE = "[broken-model 0.0.1] start model failed: health check /health timed out after 300s"

FAST_SETTINGS = {"deploy_seconds": 0.15, "stop_seconds": 0.1, "token_ttl_seconds": 86400, "page_limit_max": 1000,
                 "clock_offset_seconds": 0, "instance_quota": 128}

RUNNING_CONFIG = [{"model_id": M1, "weight": 100, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                   "envs": {"MODE": "prod"}}]

_WORLD = {
    "domains": [{"id": DOMAIN, "name": "test-domain"}, {"id": OTHER_DOMAIN, "name": "other-domain"}],
    "projects": [
        {"id": P1, "name": "cn-north-4", "domain": "test-domain"},
        {"id": P2, "name": "cn-north-1", "domain": "test-domain"},
        {"id": P_OTHER, "name": "cn-north-4", "domain": "other-domain"},
    ],
    "users": [
        {"name": USER, "password": PASSWORD, "domain": "test-domain"},
        {"name": "stranger", "password": PASSWORD, "domain": "other-domain"},
    ],
    "access_keys": [
        {"access_key": AK, "secret_key": SK, "user": USER, "domain": "test-domain"},
        {"access_key": TEMP_AK, "secret_key": TEMP_SK, "user": USER, "domain": "test-domain", "security_token": SECURITY_TOKEN},
        {"access_key": OTHER_AK, "secret_key": OTHER_SK, "user": "stranger"},
    ],
    "tokens": [
        {"token": TOKEN_P1, "project_id": P1, "user": USER, "expires_in": 3600},
        {"token": TOKEN_P2, "project_id": P2, "user": USER, "expires_in": 3600},
    ],
    "models": [
        {"model_id": M1, "model_name": "resnet50", "model_version": "1.0.0", "project_id": P1},
        {"model_id": M2, "model_name": "resnet50", "model_version": "1.1.0", "project_id": P1},
        {"model_id": M_FAIL, "model_name": "broken-model", "model_version": "0.0.1", "project_id": P1, "deploy_fails": FAIL_MESSAGE},
        {"model_id": M_OTHER, "model_name": "elsewhere", "model_version": "1.0.0", "project_id": P2},
    ],
    "services": [
        {"service_id": S_RUN, "service_name": "svc-running", "project_id": P1, "status": "running", "config": RUNNING_CONFIG,
         "description": "running one"},
        {"service_id": S_STOP, "service_name": "svc-stopped", "project_id": P1, "status": "stopped",
         "config": [{"model_id": M2, "weight": 100, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]},
        {"service_id": S_SHARED, "service_name": "svc-shared", "project_id": P1, "status": "running", "is_shared": True,
         "config": [{"model_id": M1, "weight": 100, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]},
    ],
}


def test_world():
    return copy.deepcopy(_WORLD)


test_world.__test__ = False  # not a pytest test despite its name


class ApiClient:
    """A python-requests session for one project, token-authenticated unless token is None."""

    def __init__(self, base_url, project_id, token=None):
        self.base_url = base_url
        self.project_id = project_id
        self.session = requests.Session()
        if token:
            self.session.headers["X-Auth-Token"] = token

    def url(self, path):
        return "%s/v1/%s%s" % (self.base_url, self.project_id, path)

    def request(self, method, path, **kwargs):
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def put(self, path, body, **kwargs):
        return self.request("PUT", path, json=body, **kwargs)

    def patch(self, path, body, **kwargs):
        return self.request("PATCH", path, json=body, **kwargs)

    def post(self, path, body, **kwargs):
        return self.request("POST", path, json=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def service(self, service_id):
        response = self.get("/services/%s" % service_id)
        assert response.status_code == 200, response.text
        return response.json()

    def status(self, service_id):
        return self.service(service_id)["status"]

    def release(self, service_id=None):
        """Finish the service's transition now (the tests hold the emulator clock)."""
        body = {} if service_id is None else {"service_id": service_id}
        response = self.session.post(self.base_url + "/_emulator/clock/release", json=body, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def wait_status(self, service_id, status):
        """The service once it shows ``status``: its transitions are released one by one until it does."""
        for _attempt in range(3):
            service = self.service(service_id)
            if service["status"] == status:
                return service
            if service["status"] not in BUSY_STATUSES:
                break
            self.release(service_id)
        raise AssertionError("service %s is %s, not %s" % (service_id, self.status(service_id), status))


def assert_error(response, status, code):
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert body["error_code"] == code, body
    assert body["error_msg"]
    assert response.headers.get("X-Request-Id")
    return body


def config_entry(model_id=M1, weight=100, **extra):
    entry = {"model_id": model_id, "weight": weight, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}
    entry.update(extra)
    return entry
