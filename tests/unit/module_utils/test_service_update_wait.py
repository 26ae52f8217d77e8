# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The PUT flow after a config write when the API is slow to show it (a stale read right after the write)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import update as _update
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.fleet import ItemModule, validate_items
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline

MODEL = "m-1"


class Clock(object):
    def __init__(self):
        self.now = 0.0

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class LaggingApi(object):
    """After each PUT the next ``lag`` GETs still show the service as it was; then the scripted states follow."""

    def __init__(self, service, after_put, lag=2):
        self.service = service
        self.after_put = after_put
        self.lag = lag
        self.calls = []
        self.pending = []

    def service_id_for(self, service_id=None, name=None):
        return service_id

    def get_service(self, service_id):
        self.calls.append("GET")
        if self.pending:
            self.service = self.pending.pop(0)
        return copy.deepcopy(self.service)

    def update_service(self, service_id, body):
        self.calls.append("PUT %s" % ",".join(sorted(body)))
        script = self.after_put.pop(0)
        self.pending = [copy.deepcopy(self.service)] * self.lag + script
        return Response(200, {}, {}, "{}")

    def update_records(self, service_id):
        return []


def failed_service(**fields):
    service = {"service_id": "s", "service_name": "s", "infer_type": "real-time", "status": "failed",
               "error_msg": "old failure", "update_time": 1000,
               "config": [{"model_id": MODEL, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                           "weight": 100}]}
    service.update(fields)
    return service


def run(api, **options):
    item = validate_items([dict({"service_id": "s"}, **options)], {})[0]
    clock = Clock()
    machine = _update.update_flow(ItemModule(item.params, False, False), api)
    machine.adapter.task.deadline = Deadline(item.params["wait_timeout"], clock=clock.clock, sleep=clock.sleep)
    return machine.run()


def test_a_failed_service_redeploying_on_its_config_is_not_started_on_a_stale_read():
    redeployed = failed_service(status="deploying", update_time=2000, error_msg=None,
                                config=[dict(failed_service()["config"][0], instance_count=2)])
    running = dict(redeployed, status="running")
    api = LaggingApi(failed_service(), after_put=[[redeployed, running]], lag=2)
    result = run(api, state="running", config=[{"model_id": MODEL, "instance_count": 2}])
    # Two stale "failed" reads did not lead to a status=running PUT (which the deploying service would refuse).
    assert api.calls.count("PUT config") == 1 and "PUT status" not in api.calls
    assert result["changed"] is True and result["service"]["status"] == "running"


def test_a_stale_running_after_a_config_put_is_not_reported_as_the_result():
    running = failed_service(status="running", error_msg=None)
    deploying = dict(running, status="deploying", update_time=2000,
                     config=[dict(running["config"][0], instance_count=3)])
    done = dict(deploying, status="running")
    api = LaggingApi(running, after_put=[[deploying, done]], lag=3)
    result = run(api, config=[{"model_id": MODEL, "instance_count": 3}])
    assert result["service"]["update_time"] == 2000 and result["service"]["config"][0]["instance_count"] == 3
    assert api.calls == ["GET", "PUT config"] + ["GET"] * 5
