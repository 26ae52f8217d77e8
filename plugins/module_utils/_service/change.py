# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The life of one change to a service, shared by the PUT and PATCH modules.

find the service, read it, plan the change, stop there in check mode or when nothing differs,
let a busy service settle, write, recover from an ambiguous write by reading again, wait.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import changed_fields, diff, predict
from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import (
    build_client,
    connection_argument_spec,
    require_requests,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsConnectionError,
    ModelArtsError,
    fail_with_error,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import REFUSES_CHANGES, REFUSES_START
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.waiting import wait_until_settled
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline

# Documented by the hwcloud.modelarts.service_change doc fragment.
SERVICE_CHANGE_OPTIONS = dict(
    service_id=dict(type="str"),
    name=dict(type="str", aliases=["service_name"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1200),
)


def service_change_argument_spec(**module_options):
    return connection_argument_spec(**dict(SERVICE_CHANGE_OPTIONS, **module_options))


def run_service_change(module, check_options, change_class):
    """The main() of a module that changes one service.

    ``check_options(params)`` checks every rule it can before any request and returns the keyword
    arguments of ``change_class``. A failure after a write reports ``changed: true``.
    """
    require_requests(module)
    change = None
    try:
        if module.params["wait_timeout"] < 0:
            raise ModelArtsConfigError("wait_timeout must be 0 or more seconds, got %s." % module.params["wait_timeout"])
        checked = check_options(module.params)
        change = change_class(module, ServiceApi(build_client(module.params, register_secret=module.no_log_values.add)), **checked)
        result = change.run()
    except ModelArtsError as error:
        fail_with_error(module, error, changed=bool(change and change.wrote), **(change.extra if change else {}))
    module.exit_json(**result)


class Plan:
    """What a run will change: the fields (with their wanted values) and the status to reach."""

    def __init__(self, service, after, target_status=None):
        self.after = after
        self.fields = changed_fields(service, after)
        self.target_status = target_status

    @property
    def changes(self):
        return bool(self.fields or self.target_status)

    @property
    def changed_fields(self):
        return self.fields + (["status"] if self.target_status else [])

    def body(self):
        return dict((field, self.after[field]) for field in self.fields)

    def diff(self, service):
        shown = diff(service, self.after, self.fields)
        if self.target_status:
            shown["before"]["status"] = service.get("status")
            shown["after"]["status"] = self.target_status
        return shown

    def predict(self, service):
        predicted = predict(service, self.after, self.fields)
        if self.target_status:
            predicted["status"] = self.target_status
        return predicted


def ambiguous(error):
    """True when a failed write may still have been applied by the server."""
    if isinstance(error, (ModelArtsConnectionError, ModelArtsResponseError)):
        # No answer, or a success status with a body that is not the answer: it may have landed.
        return True
    return isinstance(error, ModelArtsApiError) and error.status >= 500


class ServiceChange:
    """Subclasses say what to change (``plan``) and how to write it (``apply``)."""

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.params = module.params
        self.deadline = Deadline(self.params["wait_timeout"])
        self.extra = {}
        self.wrote = False

    def plan(self, service):
        raise NotImplementedError

    def apply(self, service_id, service, plan):
        raise NotImplementedError

    def run(self):
        service_id = self.client.service_id_for(self.params.get("service_id"), self.params.get("name"))
        service = self.client.get_service(service_id)
        plan = self.plan(service)
        if not plan.changes:
            return self.result(False, service, plan, service)
        if self.module.check_mode:
            return self.result(True, plan.predict(service), plan, service)
        if self.busy(service, plan):
            service = self.settle_first(service_id, service)
            plan = self.plan(service)
            if not plan.changes:
                return self.result(False, service, plan, service)
        before = service
        service = self.apply(service_id, service, plan)
        return self.result(True, service, plan, before)

    @staticmethod
    def busy(service, plan):
        status = service.get("status")
        return status in REFUSES_CHANGES or plan.target_status == "running" and status in REFUSES_START

    def settle_first(self, service_id, service):
        if not self.params["wait"]:
            raise ModelArtsError(
                "Service %s is %s and refuses changes until it settles; run again later or set wait=true "
                "to wait for it (up to wait_timeout)." % (service_id, service.get("status")))
        return wait_until_settled(self.client, service_id, self.deadline, fail_on_failed=False)

    def send(self, write, landed, service_id):
        """Call ``write``; after a failure that may hide a success, read the service and ask ``landed``."""
        try:
            response = write()
        except (ModelArtsApiError, ModelArtsConnectionError) as error:
            if not ambiguous(error):
                raise
            current = self.client.get_service(service_id)
            if not landed(current):
                raise
            self.wrote = True
            self.module.warn("%s; the service shows the change was applied, so it was not sent again." % error)
            return None
        self.wrote = True
        return response

    def settle(self, service_id, target_status=None, fail_on_failed=True):
        return wait_until_settled(self.client, service_id, self.deadline, fail_on_failed=fail_on_failed,
                                  target_status=target_status)

    def finish(self, service_id, service, plan, already_stopped=False):
        """The service after the change: waited for, or predicted when the user does not wait."""
        if self.params["wait"]:
            return self.settle(service_id, target_status=plan.target_status)
        predicted = plan.predict(service)
        if plan.target_status == "stopped":
            predicted["status"] = "stopped" if already_stopped else "stopping"
        elif plan.target_status == "running" or "config" in plan.fields and service.get("status") != "stopped":
            predicted["status"] = "deploying"
        return predicted

    def result(self, changed, service, plan, before):
        result = dict(changed=changed, service=service, changed_fields=plan.changed_fields if changed else [],
                      waited=round(self.deadline.waited, 3))
        if changed and self.module._diff:
            result["diff"] = plan.diff(before)
        result.update(self.extra)
        return result
