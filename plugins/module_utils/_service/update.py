# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_service: configuration and run state through PUT /v1/{project_id}/services/{service_id}."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import (
    changed_fields,
    current_state,
    desired_state,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import Plan, ServiceAdapter, ServiceTask
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.create import check_create_only
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import (
    check_merged_config,
    check_one_way_switches,
    dedicated_pool,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import HEADING_FOR, RUNNING_LIKE
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.waiting import change_taken

CONFIGURABLE = ("description", "schedule", "additional_properties", "config", "load_balancer_policy", "priority",
                "service_secrets")


def status_target(state, status):
    if state == "running" and status not in RUNNING_LIKE:
        return "running"
    if state == "stopped" and status != "stopped":
        return "stopped"
    return None


class ServicePut:
    """The PUT planner and writer of modelarts_service: plans the fields and the status a task asks for."""

    def __init__(self, task):
        self.task = task
        self.params = task.params

    def plan(self, service):
        check_create_only(service, self.params)
        infer_type = self.params["infer_type"]
        if service.get("infer_type") and service["infer_type"] != infer_type:
            raise ModelArtsError("Service %s is a %s service, not %s as infer_type says; nothing was changed." % (
                service.get("service_id"), service["infer_type"], infer_type))
        # The service's fields normalized once, for the plan, its checks and the comparison.
        before = current_state(service, CONFIGURABLE)
        after = desired_state(service, dict((field, self.params.get(field)) for field in CONFIGURABLE), before)
        if "config" in after:
            check_merged_config(after["config"], [entry["model_id"] for entry in self.params["config"]], infer_type,
                                before["config"], dedicated_pool(service))
        check_one_way_switches(before["additional_properties"], after.get("additional_properties"))
        return Plan(service, after, status_target(self.params["state"], service.get("status")), before)

    def put(self, body):
        def shows(current):
            if "status" in body:
                return current.get("status") in HEADING_FOR[body["status"]]
            return not changed_fields(current, body)
        task = self.task
        task.write("update", lambda: task.api.update_service(task.service_id, body), shows)

    def apply(self, service, plan):
        """Never status and config in one PUT (the API would drop the config): config goes in while
        the service is stopped, which costs one deployment instead of two."""
        task = self.task
        body = plan.body()
        if plan.target_status == "stopped":
            self.put({"status": "stopped"})
            if body:
                task.settle(target_status="stopped")
                self.put(body)
                return task.finish(service, plan, already_stopped=True)
        elif plan.target_status == "running":
            if body:
                self.put(body)
                # A config update redeploys a failed service, which may leave nothing to start; the read
                # right after the write may still show the old state, so it waits until the change shows.
                taken = change_taken(task.api, task.service_id, service, {"config": plan.after["config"]},
                                     deploys=service.get("status") != "stopped") if "config" in body else None
                current = task.settle(fail_on_failed=False, taken=taken)
                if current.get("status") in RUNNING_LIKE:
                    return task.finish(current, Plan(current, {}))
            self.put({"status": "running"})
        else:
            self.put(body)
        return task.finish(service, plan)


def update_flow(module, api, protocol=None, extra=None):
    """The state machine of a PUT to an existing service (no create, no delete)."""
    task = ServiceTask(module, api, protocol, extra)
    return ResourceStateMachine(module, ServiceAdapter(task, ServicePut(task)))
