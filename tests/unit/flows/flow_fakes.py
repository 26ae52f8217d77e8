"""In-process fakes for the change flows: the ModelArts service API, a module, a clock.

``FakeModelArts`` stands in for ``ModelArtsClient`` (``project_id``, ``call``, ``all_pages``), so
the flows run over the real ``ServiceApi``: whatever service call a flow makes (GET, list, PUT,
PATCH, POST, DELETE) reaches the fake as the HTTP method and path segments the real client
would send. Services are plain dicts shaped like the GET answer. A write that starts a
transition (deploying, stopping, deleting) ends it on the service's ``reads_to_settle``-th GET
(2 by default: a polling flow sees the transitional state once, then the settled one), when
the test releases it, or after ``seconds`` of fake time when the test gives it a duration.
Faults (an HTTP error, a connection dropped before or after the server applied the write) are
queued per method and path. ``log`` records every call: (method, path, body).

``FakeClock`` is time that moves only when something sleeps: the flows' ``Deadline`` runs on it,
so a 20-minute timeout takes microseconds, and the fake API's timed transitions see the same
clock.
"""

import copy
import functools
import itertools
import json
import re

from module_runner import run_main

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _connection, _waiter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConnectionError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response

PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com"
MODEL_V1 = "7f3c8d0e-1111-4a5b-9c8d-000000000001"
MODEL_V2 = "7f3c8d0e-2222-4a5b-9c8d-000000000002"
MODEL_BROKEN = "7f3c8d0e-9999-4a5b-9c8d-000000000009"
SERVICE_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000001"
SERVICE_NAME = "image-classifier"
BROKEN_MESSAGE = "Failed to start the model container: liveness probe failed on port 8080"

MODELS = {
    MODEL_V1: ("resnet50", "1.0.0", None),
    MODEL_V2: ("resnet50", "1.1.0", None),
    MODEL_BROKEN: ("resnet50", "2.0.0-rc1", BROKEN_MESSAGE),
}
BUSY = ("deploying", "stopping", "deleting")
WRITES = ("PUT", "PATCH", "POST", "DELETE")


class FakeClock:
    """Time stands still except when something sleeps."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0, seconds
        self.sleeps.append(seconds)
        self.now += seconds


class Fault:
    def __init__(self, method, path, status=None, error_code=None, error_msg=None, drop=None, landed=False, skip=0,
                 answer=None):
        assert status is not None or drop in ("before", "after") or answer is not None, \
            "a fault needs status, drop or answer"
        self.method = method
        self.path = re.compile(path)
        self.status = status
        self.error_code = error_code or ("ModelArts.6101" if status and status >= 500 else "ModelArts.0104")
        self.error_msg = error_msg or "Injected fault"
        self.drop = drop
        # An HTTP error after the server applied the write (a gateway timeout in front of a slow backend).
        self.landed = landed or drop == "after"
        self.skip = skip
        # (status, text): a 2xx answer that is not the API's (a proxy's HTML page, an empty body),
        # sent instead of the real one, after the write was applied if ``landed``.
        self.answer = answer


class FakeModelArts:
    """The service part of the ModelArts v1 API, in memory. See the module docstring."""

    def __init__(self, clock=None, reads_to_settle=2, transition_seconds=None):
        self.clock = clock or FakeClock()
        # How a transition started by a write ends: on its Nth GET, or after this many fake seconds
        # (either None: held until released).
        self.reads_to_settle = reads_to_settle
        self.transition_seconds = transition_seconds
        self.services = {}
        self.transitions = {}
        self.faults = []
        self.log = []
        self.records = {}
        self._ids = itertools.count(1)
        self.on_read = None  # callable(service_id, service dict) run before a GET answers

    # --- set-up, as a test writes it -------------------------------------------------------

    def add_service(self, service_id=SERVICE_ID, name=SERVICE_NAME, status="running", config=None, **fields):
        service = {
            "service_id": service_id, "service_name": name, "infer_type": "real-time", "status": status,
            "description": "Image classification", "project": PROJECT_ID, "update_time": 1700000000000,
            "config": [self._entry(entry, status) for entry in (config if config is not None else [{
                "model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
                "envs": {"LOG_LEVEL": "info"}}])],
            "additional_properties": {}, "invocation_times": 0, "failed_times": 0, "is_shared": False,
        }
        service.update(fields)
        self.services[service_id] = service
        return service

    def fail(self, method, path="", **spec):
        """Queue a fault for the next call of ``method`` whose path matches ``path`` (a regex)."""
        self.faults.append(Fault(method, path, **spec))

    def hold(self, service_id=SERVICE_ID):
        """The service's transition ends only when released (or by its fake-time duration)."""
        self.transitions[service_id]["reads_left"] = None

    def release(self, service_id=SERVICE_ID):
        self._settle(service_id)

    def begin(self, service_id, status, settle_to, seconds=None, error_msg=None):
        """Put a service into a transition directly (someone else's change under way)."""
        self.services[service_id]["status"] = status
        self._set_entry_status(self.services[service_id], status)
        if seconds is None:
            seconds = self.transition_seconds
        self.transitions[service_id] = {
            "settle_to": settle_to, "error_msg": error_msg,
            "reads_left": None if seconds is not None else self.reads_to_settle,
            "ends_at": None if seconds is None else self.clock.now + seconds}

    # --- what the test asserts -------------------------------------------------------------

    def calls(self, *methods):
        return [(method, path) for method, path, _body in self.log if not methods or method in methods]

    def writes(self):
        return [(method, path, body) for method, path, body in self.log if method in WRITES]

    def bodies(self, method):
        return [body for verb, _path, body in self.log if verb == method]

    # --- the ModelArtsClient interface the flows use ---------------------------------------

    project_id = PROJECT_ID

    def url(self, *segments):
        return "%s/v1/%s/%s" % (ENDPOINT, PROJECT_ID, "/".join(str(segment) for segment in segments))

    def call(self, method, *segments, **kwargs):
        body = copy.deepcopy(kwargs.get("body"))
        path = "/".join(str(segment) for segment in segments)
        self.log.append((method, path, body))
        fault = self._take_fault(method, path)
        if fault is not None and fault.drop == "before":
            raise ModelArtsConnectionError(method, self.url(*segments), "Connection aborted (injected before)")
        if fault is not None and fault.status is not None and not fault.landed:
            raise self._api_error(fault.status, fault.error_code, fault.error_msg, method, segments)
        if fault is not None and fault.answer is not None and not fault.landed:
            return self._foreign_answer(fault.answer, method, segments)
        response = self._route(method, list(segments), body, kwargs.get("pairs") or [])
        if fault is not None and fault.drop == "after":
            raise ModelArtsConnectionError(method, self.url(*segments), "Connection aborted (injected after)")
        if fault is not None and fault.answer is not None:
            return self._foreign_answer(fault.answer, method, segments)
        if fault is not None:
            raise self._api_error(fault.status, fault.error_code, fault.error_msg, method, segments)
        return response

    def all_pages(self, segments, key, pairs, identity=None, item_strings=()):
        """One page holds every item here (the pager itself is tested in tests/unit/module_utils);
        ``identity`` tells items apart and ``item_strings`` must be strings, as with the real client."""
        items = (self.call("GET", *segments, pairs=pairs).body or {}).get(key, [])
        for item in items:
            for name in item_strings:
                assert isinstance(item.get(name), str) and item[name], "the fake listed an item without %s" % name
        if identity is None:
            return items
        seen, distinct = set(), []
        for item in items:
            marker = repr(identity(item))
            if marker not in seen:
                seen.add(marker)
                distinct.append(item)
        return distinct

    # --- the API ---------------------------------------------------------------------------

    def _route(self, method, segments, body, pairs):
        if segments == ["services"] and method == "GET":
            return self._list(dict(pairs))
        if segments == ["services"] and method == "POST":
            return self._create(body)
        service_id = segments[1]
        if method == "DELETE":
            return self._delete(service_id)
        service = self._service(service_id, method, segments)
        if len(segments) == 3 and segments[2] == "logs":
            return self._ok({"service_id": service_id, "logs": list(reversed(self.records.get(service_id, [])))})
        if len(segments) == 3 and segments[2] == "events":
            return self._ok({"events": [], "total_count": 0})
        if method == "GET":
            return self._read(service_id)
        self._refuse_busy(service, method, segments)
        if method == "PUT":
            return self._put(service, body, method, segments)
        if method == "PATCH":
            return self._patch(service, body, method, segments)
        raise AssertionError("the fake has no %s %s" % (method, "/".join(segments)))

    def _ok(self, body, status=200):
        return Response(status, {"X-Request-Id": "req-%d" % len(self.log)}, body, "")

    def _foreign_answer(self, answer, method, segments):
        status, text = answer
        try:
            body = json.loads(text) if text.strip() else None
        except ValueError:
            body = None
        return Response(status, {"X-Request-Id": "req-%d" % len(self.log)}, body, text, method=method,
                        url=self.url(*segments))

    def _api_error(self, status, error_code, error_msg, method, segments):
        return ModelArtsApiError(status, error_code, error_msg, "req-%d" % len(self.log), method, self.url(*segments))

    def _service(self, service_id, method, segments):
        self._settle_if_due(service_id)
        if service_id not in self.services:
            raise self._api_error(404, "ModelArts.3502", "Service %s does not exist." % service_id, method, segments)
        return self.services[service_id]

    def _read(self, service_id):
        transition = self.transitions.get(service_id)
        if transition is not None and transition["reads_left"] is not None:
            transition["reads_left"] -= 1
            if transition["reads_left"] <= 0:
                self._settle(service_id)
        if service_id not in self.services:
            raise self._api_error(404, "ModelArts.3502", "Service %s does not exist." % service_id, "GET",
                                  ["services", service_id])
        if self.on_read is not None:
            self.on_read(service_id, self.services[service_id])
        return self._ok(copy.deepcopy(self.services[service_id]))

    def _list(self, filters):
        for service_id in list(self.transitions):
            self._settle_if_due(service_id)
        name = filters.get("service_name")
        found = [dict((key, value) for key, value in service.items() if key != "config")
                 for service in self.services.values() if not name or name.lower() in service["service_name"].lower()]
        return self._ok({"services": found, "total_count": len(found), "count": len(found)})

    def _refuse_busy(self, service, method, segments):
        if service["status"] in BUSY:
            raise self._api_error(400, "ModelArts.3519", "The service is %s and cannot be updated." % service["status"],
                                  method, segments)

    def _put(self, service, body, method, segments):
        for field in ("description", "schedule"):
            if field in body:
                service[field] = copy.deepcopy(body[field])
        if "additional_properties" in body:
            service["additional_properties"] = dict(service.get("additional_properties") or {}, **body["additional_properties"])
        if "status" in body:
            # As documented: with status in the body, config is ignored.
            target = body["status"]
            if target == service["status"]:
                raise self._api_error(400, "ModelArts.0104", "The service is already %s." % target, method, segments)
            if target == "running" and service["status"] in ("waiting", "concerning"):
                raise self._api_error(400, "ModelArts.3519", "The service cannot be started now.", method, segments)
            if target == "running":
                self._deploy(service)
            else:
                self.begin(service["service_id"], "stopping", "stopped")
        elif "config" in body:
            self._store_config(service, body["config"])
        return self._ok({})

    def _patch(self, service, operations, method, segments):
        entry = service["config"][0]
        for operation in operations:
            tokens = operation["path"].split("/")[3:]
            target = entry
            for token in tokens[:-1]:
                target = target[int(token)] if isinstance(target, list) else target.setdefault(token, {})
            target[tokens[-1]] = copy.deepcopy(operation["value"])
        update_time = self._store_config(service, service["config"])
        return self._ok({"update_time": update_time, "resource_ids": ["INF-%s" % service["service_id"][:8]]})

    def _create(self, body):
        service_id = "created-%d" % next(self._ids)
        self.add_service(service_id, body.get("service_name"), status="deploying", config=body.get("config") or [],
                         description=body.get("description", ""), infer_type=body.get("infer_type", "real-time"))
        for field in ("schedule", "additional_properties"):
            if field in body:
                self.services[service_id][field] = copy.deepcopy(body[field])
        self._deploy(self.services[service_id])
        return self._ok({"service_id": service_id, "resource_ids": []})

    def _delete(self, service_id):
        self._service(service_id, "DELETE", ["services", service_id])
        self.begin(service_id, "deleting", "deleted")
        return self._ok({})

    # --- the state machine -----------------------------------------------------------------

    @staticmethod
    def _entry(entry, status):
        entry = copy.deepcopy(entry)
        name, version, _fails = MODELS.get(entry.get("model_id"), ("", "", None))
        entry.setdefault("model_name", name)
        entry.setdefault("model_version", version)
        entry["status"] = status
        return entry

    @staticmethod
    def _set_entry_status(service, status):
        for entry in service.get("config") or []:
            entry["status"] = {"deleting": "stopped", "stopping": "stopped"}.get(status, status)

    def _store_config(self, service, config):
        previous = dict((entry.get("model_id"), entry) for entry in service.get("config") or [])
        entries = []
        for wanted in config:
            entry = self._entry(wanted, service["status"])
            served = previous.get(entry["model_id"])
            if served and "envs" not in wanted:
                entry["envs"] = served.get("envs", {})
            entries.append(entry)
        service["config"] = entries
        # As the API does: the stored config moves update_time and leaves an update record of that time.
        update_time = max(service.get("update_time") or 0, 1700000000000 + int(self.clock.now * 1000)) + 1
        service["update_time"] = update_time
        self.records.setdefault(service["service_id"], []).append(
            {"update_time": update_time, "result": "SUCCESS", "config": copy.deepcopy(config)})
        if service["status"] != "stopped":
            self._deploy(service)
        return update_time

    def _deploy(self, service):
        failing = [MODELS[entry["model_id"]][2] for entry in service["config"]
                   if entry.get("model_id") in MODELS and MODELS[entry["model_id"]][2]]
        self.begin(service["service_id"], "deploying", "failed" if failing else "running",
                   error_msg=failing[0] if failing else None)

    def _settle_if_due(self, service_id):
        transition = self.transitions.get(service_id)
        if transition is not None and transition["ends_at"] is not None and self.clock.now >= transition["ends_at"]:
            self._settle(service_id)

    def _settle(self, service_id):
        transition = self.transitions.pop(service_id, None)
        if transition is None:
            return
        if transition["settle_to"] == "deleted":
            del self.services[service_id]
            return
        service = self.services[service_id]
        service["status"] = transition["settle_to"]
        self._set_entry_status(service, transition["settle_to"])
        if transition["settle_to"] == "failed":
            service["error_msg"] = transition["error_msg"]
        else:
            service.pop("error_msg", None)

    def _take_fault(self, method, path):
        for fault in self.faults:
            if fault.method == method and fault.path.search(path):
                if fault.skip:
                    fault.skip -= 1
                    continue
                self.faults.remove(fault)
                return fault
        return None


# --- the module side ---------------------------------------------------------------------

# What a job's credential would give the module; the fake takes any token.
CONNECTION = {"region": "cn-north-4", "project_id": PROJECT_ID, "auth_token": "MIIfake-token-for-flow-tests"}


def run_module(module_code, fake, params, check_mode=False, diff=False):
    """The module's own main() in-process, against ``fake``: AnsibleModule is an InProcessModule with
    these params, the client built from the connection options is ``fake`` (the real build_client
    still checks those options; it sends nothing), and every Deadline runs on ``fake.clock``."""
    params = dict(CONNECTION, **params)
    real_build_client = _connection.build_client

    def build_client(checked_params, *args, **kwargs):
        real_build_client(checked_params, *args, **kwargs)
        return fake

    deadline = functools.partial(_waiter.Deadline, clock=fake.clock.time, sleep=fake.clock.sleep)
    return run_main(module_code, params, check_mode=check_mode, diff=diff,
                    replacements=[(real_build_client, build_client), (_waiter.Deadline, deadline)])
