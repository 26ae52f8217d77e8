# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The life of one change to a service, shared by the PUT and PATCH modules.

find the service, read it, plan the change, stop there in check mode or when nothing differs,
let a busy service settle, write (through the core's write protocol: _write.WriteProtocol), wait,
then read again and verify that what the task asked for is there (a concurrent writer may have
overwritten it: the change is re-planned from that read and applied once more, else the task
fails). The order of these steps is the core's ResourceStateMachine; this file fills its hooks.
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
    ModelArtsError,
    ModelArtsLookupError,
    fail_with_error,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import UPDATE, ResourceAdapter, ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import SERVICE_NOT_FOUND, ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import check_selector
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import REFUSES_CHANGES, REFUSES_START
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.waiting import change_taken, wait_until_settled
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import Landing, WriteProtocol

# Documented by the hwcloud.modelarts.service_change doc fragment.
SERVICE_CHANGE_OPTIONS = dict(
    service_id=dict(type="str"),
    name=dict(type="str", aliases=["service_name"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1200),
)


# service_id and name pick the service in two ways; a task gives exactly one of them.
SERVICE_CHANGE_RULES = dict(
    mutually_exclusive=[("service_id", "name")],
    required_one_of=[("service_id", "name")],
)


def service_change_argument_spec(**module_options):
    return connection_argument_spec(**dict(SERVICE_CHANGE_OPTIONS, **module_options))


def service_change_module_args(**module_options):
    """The AnsibleModule arguments of a module that changes one service."""
    return dict(argument_spec=service_change_argument_spec(**module_options), supports_check_mode=True,
                **SERVICE_CHANGE_RULES)


def check_service_identity(params):
    """SERVICE_CHANGE_RULES for callers that are not an AnsibleModule (a fleet's items)."""
    # An empty selector is named as such, not counted as left out.
    check_selector(params)
    given = [name for name in ("service_id", "name") if params.get(name)]
    if len(given) != 1:
        raise ModelArtsConfigError("Give exactly one of service_id and name to pick the service%s." % (
            "; both are set" if len(given) == 2 else ""))


def run_service_change(module, check_options, change_class):
    """The main() of a module that changes one service.

    ``check_options(params)`` checks every rule it can before any request and returns the keyword
    arguments of ``change_class``. A failure after a write reports ``changed: true``.
    """
    require_requests(module)
    change = None
    try:
        check_service_identity(module.params)
        if module.params["wait_timeout"] < 0:
            raise ModelArtsConfigError("wait_timeout must be 0 or more seconds, got %s." % module.params["wait_timeout"])
        checked = check_options(module.params)
        change = change_class(module, ServiceApi(build_client(module.params, register_secret=module.no_log_values.add)), **checked)
        result = change.run()
    except ModelArtsError as error:
        fail_with_error(module, error, changed=bool(change and change.wrote), **(change.extra if change else {}))
    module.exit_json(**result)


class Plan:
    """What a run will change: the fields (with their wanted values) and the status to reach.
    It offers what the core's ResourcePlan offers (changes, changed_fields, predict, diff)."""

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


class ServiceIdNotFound(ModelArtsLookupError):
    """A service_id that names no service, where the task needs one: the API's answer is kept."""

    def __init__(self, api_error, service_id, project_id):
        super(ServiceIdNotFound, self).__init__(
            "No service has service_id %s in project %s. The API chooses the ids of new services, so a service cannot "
            "be created with one: give name to create it. (%s)" % (service_id, project_id, api_error))
        self.api_error = api_error

    def to_result(self):
        return self.api_error.to_result()


class ServiceChange(ResourceStateMachine, ResourceAdapter):
    """Subclasses say what to change (``plan``) and how to write it (``apply``).

    ``creates`` is set by flows that create a missing service; the others fail when it is missing.
    """

    creates = False
    resource_key = "service"

    def __init__(self, module, client):
        super(ServiceChange, self).__init__(module, self)
        self.client = client
        self.params = module.params
        self.deadline = Deadline(self.params["wait_timeout"])
        self.extra = {}
        self.protocol = WriteProtocol(module.warn)
        self.service_id = None
        self.reapplied = False

    @property
    def wrote(self):
        """True once a write may have changed something: a failure then reports ``changed: true``."""
        return self.protocol.wrote

    def plan(self, service):
        raise NotImplementedError

    def apply(self, service_id, service, plan):
        raise NotImplementedError

    # --- the core's hooks ----------------------------------------------------------------------

    def find(self):
        service_id = self.params.get("service_id")
        if not (self.creates or self.wants_absent()):
            self.service_id = self.client.service_id_for(service_id, self.params.get("name"))
            return self.client.get_service(self.service_id)
        if service_id:
            service = self.client.find_service(service_id) if self.wants_absent() else self.existing(service_id)
            self.service_id = service_id if service is not None else None
            return service
        name = self.params.get("name")
        matches = self.client.services_named(name)
        if len(matches) > 1:
            raise ModelArtsLookupError("%d services are named %r in project %s; nothing was changed. Use service_id to "
                                       "pick one of %s." % (len(matches), name, self.client.project_id,
                                                            ", ".join(str(m.get("service_id", "?")) for m in matches)))
        if not matches:
            return None
        self.service_id = matches[0]["service_id"]
        return self.client.get_service(self.service_id)

    def existing(self, service_id):
        try:
            return self.client.get_service(service_id)
        except ModelArtsApiError as error:
            if error.status == 404 and error.error_code == SERVICE_NOT_FOUND:
                raise ServiceIdNotFound(error, service_id, self.client.project_id) from error
            raise

    # The core's hooks name their argument ``resource``; here it is the service.

    def plan_update(self, resource):
        return self.plan(resource)

    def prepare(self, action, resource, plan):
        if action == UPDATE and self.busy(resource, plan):
            resource = self.settle_first(self.service_id, resource)
            plan = self.plan(resource)
        return resource, plan

    def update(self, resource, plan):
        return self.verify(self.apply(self.service_id, resource, plan))

    def verify(self, after):
        """Read the service again and re-plan: what this task asked for must leave nothing to change.

        With wait the flow's last step was such a read; without, one GET more. A field still to change
        means a concurrent writer replaced it (the PUT carries whole config entries, built from a read
        that may be stale): the change is re-planned from this read and applied once more, then the
        task fails if it is still not there.
        """
        current = after if self.params["wait"] else self.client.get_service(self.service_id)
        again = self.plan(current)
        if not again.fields:
            return after
        if self.reapplied:
            raise ModelArtsError(
                "After the write, service %s does not show %s as this task asks, even after applying the change once "
                "more from a fresh read: another change to the service is racing this one. Run the task again once "
                "the other change is done." % (self.service_id, ", ".join(again.fields)))
        self.reapplied = True
        self.module.warn("Service %s no longer shows %s as written (a concurrent change replaced it); the change "
                         "is applied once more from a fresh read." % (self.service_id, ", ".join(again.fields)))
        current, again = self.prepare(UPDATE, current, again)
        if not again.fields:
            return current
        return self.verify(self.apply(self.service_id, current, again))

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

    def write(self, verb, write, shows):
        """``write()`` through the write protocol: after an outcome it cannot know (no answer, a 5xx, a 2xx
        with a foreign body) a fresh read decides, ``shows(service)`` saying whether the write landed.
        The write's answer, or None when the read had to tell."""
        service_id = self.service_id

        def reread():
            current = self.client.get_service(service_id)
            if shows(current):
                return Landing(True, "service %s (now %s) shows the change" % (service_id, current.get("status")))
            return Landing(None, "service %s (now %s) does not show the change" % (service_id, current.get("status")))

        return self.protocol.send("%s of service %s" % (verb, service_id), write, reread).response

    def settle(self, service_id, target_status=None, fail_on_failed=True, taken=None):
        return wait_until_settled(self.client, service_id, self.deadline, fail_on_failed=fail_on_failed,
                                  target_status=target_status, taken=taken)

    def finish(self, service_id, service, plan, already_stopped=False):
        """The service after the change: waited for, or predicted when the user does not wait."""
        if self.params["wait"]:
            taken = None
            if "config" in plan.fields:
                # The first GET after a config write may still show the old state: success only
                # once the service shows the change was taken, then settled.
                taken = change_taken(self.client, service_id, service, {"config": plan.after["config"]},
                                     update_time=self.extra.get("update_time"),
                                     deploys=not already_stopped and service.get("status") != "stopped")
            return self.settle(service_id, target_status=plan.target_status, taken=taken)
        predicted = plan.predict(service)
        if plan.target_status == "stopped":
            predicted["status"] = "stopped" if already_stopped else "stopping"
        elif plan.target_status == "running" or "config" in plan.fields and service.get("status") != "stopped":
            predicted["status"] = "deploying"
        return predicted

    def result(self, result, changed, resource, plan):
        result.update(changed_fields=plan.changed_fields if changed else [], waited=round(self.deadline.waited, 3))
        result.update(self.extra)
        return result
