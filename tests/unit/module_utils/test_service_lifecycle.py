# -*- coding: utf-8 -*-
"""The create / update / delete flows of modelarts_service, in-process against a small fake ServiceApi.

The create and delete specifications (check mode, apply, re-run, ambiguous POST and DELETE) run
modelarts_service's own main() in tests/unit/flows/test_lifecycle_flow.py; here are the rules and
races that are easier to stage on a ServiceApi than over HTTP segments.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsConnectionError,
    ModelArtsError,
    ModelArtsLookupError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import change, lifecycle
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import Plan, ServiceAdapter, ServiceTask
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.patch import ServicePatch, run_service_patch
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.update import ServicePut
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline

MODEL = "7f3c8d0e-1111-4a5b-9c8d-000000000001"
BROKEN = "7f3c8d0e-9999-4a5b-9c8d-000000000009"
NAME = "fresh-classifier"
CONFIG = [{"model_id": MODEL, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]
URL = "https://modelarts.example.com/v1/p/services"


class FakeModule:
    def __init__(self, check_mode=False, diff=False, **params):
        self.params = dict(
            service_id=None, name=NAME, wait=True, wait_timeout=60, infer_type="real-time", state="present",
            description=None, schedule=None, additional_properties=None, config=copy.deepcopy(CONFIG),
            workspace_id=None, vpc_id=None, subnet_network_id=None, security_group_id=None, cluster_id=None)
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []
        self.no_log_values = set()

    def warn(self, message):
        self.warnings.append(message)


class ServiceAnswer:
    def __init__(self, body, status=200, request_id="req-1"):
        self.body = body
        self.status = status
        self.request_id = request_id


def dropped(method):
    return ModelArtsConnectionError(method, URL, "Connection aborted: RemoteDisconnected")


class InMemoryServiceApi:
    """Services in memory; transitions finish at once. ``faults[method]`` lists (error, lands) to raise in turn.

    It stays as the unit seam of the lifecycle rules: each test hands one rule the answer it judges (a twin
    after an ambiguous POST, a verifying read showing someone else's change) with no HTTP in between. The
    create and delete specifications, and every fault on the wire, run against the emulator
    (tests/unit/flows/test_lifecycle_flow.py, tests/integration/test_modelarts_service_lifecycle.py)."""

    project_id = "p"

    def __init__(self, *services):
        self.services = dict((s["service_id"], copy.deepcopy(s)) for s in services)
        self.calls = []
        self.faults = {}
        self.after_put = None
        self.created = 0
        self.records = {}
        self.failing_models = {BROKEN}

    def _fault(self, method):
        queue = self.faults.get(method) or []
        return queue.pop(0) if queue else (None, True)

    def services_named(self, name, **filters):
        self.calls.append(("LIST", name))
        return [{"service_id": s["service_id"], "service_name": s["service_name"]}
                for s in self.services.values() if s["service_name"] == name]

    services_named_now = services_named

    def service_id_for(self, service_id=None, name=None):
        return service_id

    def get_service(self, service_id):
        self.calls.append(("GET", service_id))
        if service_id not in self.services:
            raise ModelArtsApiError(404, "ModelArts.3502", "not found", "rid", "GET", URL)
        return copy.deepcopy(self.services[service_id])

    def find_service(self, service_id):
        try:
            return self.get_service(service_id)
        except ModelArtsApiError:
            return None

    def create_service(self, body):
        self.calls.append(("POST", copy.deepcopy(body)))
        error, lands = self._fault("POST")
        if lands:
            self.created += 1
            service_id = "svc-new-%d" % self.created
            failed = any(entry["model_id"] in self.failing_models for entry in body["config"])
            service = dict(copy.deepcopy(body), service_id=service_id, status="failed" if failed else "running",
                           workspace_id=body.get("workspace_id", "0"))
            if failed:
                service["error_msg"] = "liveness probe failed"
            for entry in service["config"]:
                entry.update(model_name="resnet50", status="running")
            self.services[service_id] = service
        if error is not None:
            raise error
        return ServiceAnswer({"service_id": service_id, "resource_ids": ["INF-1"]})

    def delete_service(self, service_id):
        self.calls.append(("DELETE", service_id))
        error, lands = self._fault("DELETE")
        if lands:
            self.services.pop(service_id, None)
        if error is not None:
            raise error
        return ServiceAnswer({})

    def update_service(self, service_id, body):
        self.calls.append(("PUT", service_id, copy.deepcopy(body)))
        service = self.services[service_id]
        if "status" in body:
            service["status"] = body["status"]
        else:
            service.update(copy.deepcopy(body))
            # As the API does: a stored change moves update_time and leaves an update record of it.
            service["update_time"] = (service.get("update_time") or 1700000000000) + 1
            self.records.setdefault(service_id, []).append({"update_time": service["update_time"], "result": "SUCCESS"})
        if self.after_put:
            self.after_put(service)
        return ServiceAnswer({})

    def update_records(self, service_id):
        return list(reversed(self.records.get(service_id, [])))

    def writes(self):
        return [call for call in self.calls if call[0] in ("POST", "PUT", "PATCH", "DELETE")]


def existing(**fields):
    service = {"service_id": "svc-1", "service_name": NAME, "infer_type": "real-time", "status": "running",
               "workspace_id": "0", "description": "", "update_time": 1700000000000,
               "config": [dict(CONFIG[0], model_name="resnet50", status="running", envs={"A": "1"})]}
    service.update(fields)
    return service


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def run(api, **params):
    """Run the lifecycle flow as modelarts_service does; returns (result, error, module)."""
    module = FakeModule(**params)
    clock = FakeClock()
    original = change.Deadline
    change.Deadline = lambda seconds: Deadline(seconds, clock=clock, sleep=clock.sleep)
    try:
        result, error = lifecycle.execute_service(module, api)
    finally:
        change.Deadline = original
    return result, error, module


# --- create ------------------------------------------------------------------------------------

def test_create_stopped_deploys_then_stops():
    api = InMemoryServiceApi()
    result, error, _module = run(api, state="stopped")
    assert error is None and result["service"]["status"] == "stopped"
    assert [call[0] for call in api.writes()] == ["POST", "PUT"]
    assert api.writes()[1][2] == {"status": "stopped"}


def test_create_needs_the_required_entry_fields():
    api = InMemoryServiceApi()
    _result, error, _module = run(api, config=[{"model_id": MODEL, "weight": 100, "instance_count": 1}])
    assert "config[0].specification is required" in str(error)
    assert api.writes() == []


@pytest.mark.parametrize("name, rule", [
    ("has space", "only letters, digits"),
    ("x" * 65, "1 to 64 characters"),
    ("svc.v1", "'.'"),
])
def test_bad_names_fail_before_any_request(name, rule):
    api = InMemoryServiceApi()
    _result, error, _module = run(api, name=name)
    assert isinstance(error, ModelArtsConfigError) and rule in str(error)
    assert api.calls == []


def test_chinese_names_are_accepted():
    api = InMemoryServiceApi()
    result, error, _module = run(api, name=u"图像分类-v1_a")
    assert error is None and result["changed"] is True


def test_a_create_description_refuses_what_the_create_api_refuses():
    api = InMemoryServiceApi()
    _result, error, _module = run(api, description="Great!")
    assert "description must not contain" in str(error) and "!" in str(error)
    assert api.writes() == []


def test_vpc_needs_subnet_and_security_group():
    api = InMemoryServiceApi()
    _result, error, _module = run(api, vpc_id="vpc-1")
    assert "subnet_network_id and security_group_id" in str(error)
    assert api.writes() == []


def test_service_id_of_a_missing_service_fails_with_present():
    api = InMemoryServiceApi()
    _result, error, _module = run(api, name=None, service_id="svc-404")
    assert isinstance(error, ModelArtsLookupError) and "give name to create it" in str(error)
    assert error.to_result()["error"]["error_code"] == "ModelArts.3502"
    assert api.writes() == []


def test_several_services_with_the_name_fail_and_change_nothing():
    api = InMemoryServiceApi(existing(), existing(service_id="svc-2"))
    for state in ("present", "absent"):
        _result, error, _module = run(api, state=state)
        assert isinstance(error, ModelArtsLookupError) and "2 services are named" in str(error)
    assert api.writes() == []


def test_a_create_only_option_that_differs_fails_clearly():
    api = InMemoryServiceApi(existing(vpc_id="vpc-1", subnet_network_id="s", security_group_id="g"))
    _result, error, _module = run(api, vpc_id="vpc-2", subnet_network_id="s", security_group_id="g")
    assert "vpc_id is 'vpc-1', the task asks 'vpc-2'" in str(error)
    assert api.writes() == []
    result, error, _module = run(api, vpc_id="vpc-1", workspace_id="0")
    assert error is None and result["changed"] is False


# --- never two services ------------------------------------------------------------------------

def posts(api):
    return [call for call in api.calls if call[0] == "POST"]


@pytest.mark.parametrize("status, code", [(400, "ModelArts.0104"), (409, "ModelArts.3503"), (403, "ModelArts.0108")])
def test_a_clear_refusal_is_neither_relisted_nor_resent(status, code):
    api = InMemoryServiceApi()
    api.faults["POST"] = [(ModelArtsApiError(status, code, "no", "rid", "POST", URL), False)]
    result, error, _module = run(api)
    assert error.error_code == code and result["changed"] is False
    assert [call[0] for call in api.calls] == ["LIST", "POST"]


def test_an_ambiguous_post_that_now_shows_two_services_fails_without_writing_again():
    api = InMemoryServiceApi()
    original = api.create_service

    def create_then_race(body):
        try:
            return original(body)
        finally:
            api.services["svc-other"] = existing(service_id="svc-other")
    api.create_service = create_then_race
    api.faults["POST"] = [(dropped("POST"), True)]
    result, error, _module = run(api)
    assert "2 resources are service %r now (" % NAME in str(error) and "Nothing more was sent" in str(error)
    # Which of the two is this task's cannot be known, but one may be: the task reports a change.
    assert result["changed"] is True and result["ids"] == ["svc-new-1", "svc-other"]
    assert len(posts(api)) == 1


# --- delete ------------------------------------------------------------------------------------

def test_delete_by_id_of_a_missing_service_is_no_change():
    api = InMemoryServiceApi()
    result, error, _module = run(api, state="absent", name=None, service_id="svc-404")
    assert error is None and result["changed"] is False and api.writes() == []


# --- verify after write (lost updates) ----------------------------------------------------------

def test_a_change_a_concurrent_writer_replaced_is_applied_once_more():
    api = InMemoryServiceApi(existing())
    replaced = []

    def concurrent_writer(service):
        if not replaced:
            replaced.append(True)
            service["config"][0]["instance_count"] = 1
    api.after_put = concurrent_writer
    result, error, module = run(api, config=[{"model_id": MODEL, "instance_count": 3}])
    assert error is None and result["changed"] is True
    assert [call[0] for call in api.writes()] == ["PUT", "PUT"]
    assert api.services["svc-1"]["config"][0]["instance_count"] == 3
    # The other writer's field is not this task's business: the second PUT starts from the fresh read.
    assert api.services["svc-1"]["config"][0]["envs"] == {"A": "1"}
    assert "applied once more from a fresh read" in module.warnings[0]


def test_a_change_lost_twice_fails_clearly():
    api = InMemoryServiceApi(existing())

    def concurrent_writer(service):
        service["config"][0]["instance_count"] = 1
    api.after_put = concurrent_writer
    result, error, _module = run(api, config=[{"model_id": MODEL, "instance_count": 3}])
    assert "another change to the service is racing this one" in str(error)
    assert result["changed"] is True
    assert [call[0] for call in api.writes()] == ["PUT", "PUT"]


def test_verification_without_wait_reads_once_more():
    api = InMemoryServiceApi(existing())
    result, error, _module = run(api, wait=False, config=[{"model_id": MODEL, "instance_count": 2}])
    assert error is None and result["changed"] is True
    assert [call[0] for call in api.calls] == ["LIST", "GET", "PUT", "GET"]


# --- the entry point ---------------------------------------------------------------------------

def test_identity_is_checked_for_module_like_callers():
    api = InMemoryServiceApi()
    _result, error, _module = run(api, service_id="svc-1")
    assert isinstance(error, ModelArtsConfigError) and "both are set" in str(error)
    _result, error, _module = run(api, name=None)
    assert isinstance(error, ModelArtsConfigError)
    assert api.calls == []


def test_errors_are_model_arts_errors():
    assert issubclass(ModelArtsLookupError, ModelArtsError)


def test_run_service_fails_with_the_api_error_details(monkeypatch):
    api = InMemoryServiceApi()
    api.faults["POST"] = [(ModelArtsApiError(409, "ModelArts.3503", "exists", "rid-9", "POST", URL), False)]
    module = FakeModule()
    failed = {}

    def fail_json(**kwargs):
        failed.update(kwargs)
        raise SystemExit(1)
    module.fail_json = fail_json
    monkeypatch.setattr(_module, "require_requests", lambda _module: None)
    monkeypatch.setattr(lifecycle, "ServiceApi", lambda _client: api)
    built = []
    monkeypatch.setattr(_module, "build_client", lambda _params, **kwargs: built.append(kwargs) or "client")
    with pytest.raises(SystemExit):
        _module.run_module(module, lifecycle.run_service)
    # Every secret the client sends (options, IAM tokens) is registered with Ansible's no-log values.
    assert built == [{"register_secret": module.no_log_values.add}]
    assert failed["changed"] is False
    assert failed["error"]["error_code"] == "ModelArts.3503" and failed["error"]["request_id"] == "rid-9"
    assert "ModelArts.3503" in failed["msg"]


def test_the_flow_classes_other_modules_build_on_stay_importable():
    assert all(callable(name) for name in (Plan, ServiceAdapter, ServiceTask, run_service_patch, ServicePatch, ServicePut))
