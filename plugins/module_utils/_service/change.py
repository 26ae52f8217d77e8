# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The life of one change to a service, shared by the PUT and PATCH modules.

find the service, read it, plan the change, stop there in check mode or when nothing differs,
let a busy service settle, write (through the core's write protocol: _write.WriteProtocol), wait,
then read again and verify that what the task asked for is there (a concurrent writer may have
overwritten it: the change is re-planned from that read and applied once more, else the task
fails). The order of these steps is the core's ResourceStateMachine; ServiceAdapter here fills its hooks
from plain parts (the change's planner and writer, the create and the delete), and ServiceTask holds
what they share.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsError,
    ModelArtsLookupError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import UPDATE, ResourceAdapter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import SERVICE_MISSING, ServiceNameNotFound
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import changed_fields, diff, predict
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import check_selector
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import DEGRADED, REFUSES_CHANGES, REFUSES_START
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.waiting import change_taken, wait_until_settled
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import WAIT_OPTIONS, Deadline, check_wait_options
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import Landing, WriteProtocol

# Documented by the hwcloud.modelarts.service_change doc fragment.
SERVICE_CHANGE_OPTIONS = dict(
    service_id=dict(type="str"),
    name=dict(type="str", aliases=["service_name"]),
    **WAIT_OPTIONS
)


# service_id and name pick the service in two ways; a task gives exactly one of them.
SERVICE_CHANGE_RULES = dict(
    mutually_exclusive=[("service_id", "name")],
    required_one_of=[("service_id", "name")],
)


def check_service_identity(params):
    """SERVICE_CHANGE_RULES for callers that are not an AnsibleModule (a fleet's items)."""
    # An empty selector is named as such, not counted as left out.
    check_selector(params)
    given = [name for name in ("service_id", "name") if params.get(name)]
    if len(given) != 1:
        raise ModelArtsConfigError("Give exactly one of service_id and name to pick the service%s." % (
            "; both are set" if len(given) == 2 else ""))


def check_change_options(params):
    """The rules every module that changes one service checks before any request."""
    check_service_identity(params)
    check_wait_options(params)


class Plan:
    """What a run will change: the fields (with their wanted values) and the status to reach.
    It offers what the core's ResourcePlan offers (changes, changed_fields, predict, diff)."""

    def __init__(self, service, after, target_status=None, before=None):
        self.after = after
        # before: the service's current_state of the fields in after, when the planner has it already.
        self.fields = changed_fields(service, after, before)
        self.target_status = target_status
        # Tags to add ({key: value}): a separate call (tags.ServiceTags), planned by the adapter.
        self.tags = {}

    @property
    def writes_service(self):
        """Whether the plan changes the service itself (a PUT or PATCH), not only its tags."""
        return bool(self.fields or self.target_status)

    @property
    def changes(self):
        return bool(self.writes_service or self.tags)

    @property
    def changed_fields(self):
        return self.fields + (["status"] if self.target_status else []) + (["tags"] if self.tags else [])

    def body(self):
        return dict((field, self.after[field]) for field in self.fields)

    def diff(self, service):
        shown = diff(service, self.after, self.fields)
        if self.target_status:
            shown["before"]["status"] = service.get("status")
            shown["after"]["status"] = self.target_status
        if self.tags:
            # Only tags the project's tag list shows missing are added: before, the service has none of them.
            shown["before"]["tags"] = {}
            shown["after"]["tags"] = dict(self.tags)
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


# Check mode creates nothing, so a later task of the same play cannot find what an earlier one would create.
CHECK_MODE_MISSING = (" In check mode this is also what a task meets when an earlier task of the play would create the "
                      "service: check mode creates nothing, so there is no service to find yet. Preview the creating "
                      "task on its own, or run the play for real.")


class ServiceTask:
    """What every part of one task's change to one service shares: the ServiceApi, the task's params,
    the run's write protocol, wait deadline and result extras, and the service's id once known.

    ``protocol`` and ``extra`` are the ModuleRun's (so a failure result says whether anything was
    written and keeps what was learnt); without them the task has its own.
    """

    def __init__(self, module, api, protocol=None, extra=None):
        self.module = module
        self.api = api
        self.params = module.params
        self.warn = module.warn
        self.protocol = protocol if protocol is not None else WriteProtocol(module.warn)
        self.extra = extra if extra is not None else {}
        self.deadline = Deadline(self.params["wait_timeout"])
        self.service_id = None

    @property
    def check_mode(self):
        return bool(getattr(self.module, "check_mode", False))

    def write(self, verb, write, shows):
        """``write()`` through the write protocol: after an outcome it cannot know (no answer, a 5xx, a 2xx
        with a foreign body) a fresh read decides, ``shows(service)`` saying whether the write landed.
        The write's answer, or None when the read had to tell."""
        service_id = self.service_id

        def reread():
            current = self.api.get_service(service_id)
            if shows(current):
                return Landing(True, "service %s (now %s) shows the change" % (service_id, current.get("status")))
            return Landing(None, "service %s (now %s) does not show the change" % (service_id, current.get("status")))

        return self.protocol.send("%s of service %s" % (verb, service_id), write, reread).response

    def settle(self, target_status=None, fail_on_failed=True, taken=None):
        return wait_until_settled(self.api, self.service_id, self.deadline, fail_on_failed=fail_on_failed,
                                  target_status=target_status, taken=taken)

    def finish(self, service, plan, already_stopped=False):
        """The service after the change: waited for, or predicted when the user does not wait."""
        if self.params["wait"]:
            taken = None
            if "config" in plan.fields:
                # The first GET after a config write may still show the old state: success only
                # once the service shows the change was taken, then settled.
                taken = change_taken(self.api, self.service_id, service, {"config": plan.after["config"]},
                                     update_time=self.extra.get("update_time"),
                                     deploys=not already_stopped and service.get("status") != "stopped")
            settled = self.settle(target_status=plan.target_status, taken=taken)
            if settled.get("status") == DEGRADED:
                self.warn("Service %s settled as concerning: some of its instances are abnormal. The wait ended "
                          "there (a concerning service serves and counts as running); see its events and monitor."
                          % self.service_id)
            return settled
        predicted = plan.predict(service)
        if plan.target_status == "stopped":
            predicted["status"] = "stopped" if already_stopped else "stopping"
        elif plan.target_status == "running" or "config" in plan.fields and service.get("status") != "stopped":
            predicted["status"] = "deploying"
        return predicted


class ServiceAdapter(ResourceAdapter):
    """A service as the core's ResourceStateMachine sees it, composed of plain parts.

    ``changer`` plans and writes a change to an existing service (update.ServicePut or
    patch.ServicePatch: ``plan(service)``, ``apply(service, plan)``); ``creator`` (create.ServiceCreation)
    creates a missing one, and without it a missing service fails the task; ``deleter``
    (delete.ServiceDeletion) deletes one with ``state: absent``.
    """

    resource_key = "service"

    def __init__(self, task, changer, creator=None, deleter=None, tagger=None):
        self.task = task
        self.api = task.api
        self.params = task.params
        self.changer = changer
        self.creator = creator
        self.deleter = deleter
        # tags.ServiceTags when the task names tags: planned with the change, added after it.
        self.tagger = tagger
        self.reapplied = False
        # The service found already being deleted by someone else: waited for, never deleted again.
        self.deleting = None

    # --- the core's hooks ----------------------------------------------------------------------

    def find(self):
        service_id = self.params.get("service_id")
        if not (self.creator or self.wants_absent()):
            try:
                self.task.service_id = self.api.service_id_for(service_id, self.params.get("name"))
            except ServiceNameNotFound as error:
                if not self.task.check_mode:
                    raise
                raise ServiceNameNotFound("%s%s" % (error, CHECK_MODE_MISSING)) from None
            return self.api.get_service(self.task.service_id)
        if service_id:
            service = self.api.find_service(service_id) if self.wants_absent() else self.existing(service_id)
        else:
            service = self.named(self.params.get("name"))
        self.task.service_id = service["service_id"] if service is not None else None
        if service is not None and self.wants_absent() and self.deleter.under_way(service):
            # Someone else's DELETE is under way: this task waits for it (with wait, outside check mode)
            # instead of sending a second one, and reports what it waited for as no change of its own.
            waits = self.params["wait"] and not getattr(self.task.module, "check_mode", False)
            self.deleting = self.deleter.await_deletion(service, waits)
            return None
        return service

    def named(self, name):
        matches = self.api.services_named(name)
        if len(matches) > 1:
            raise ModelArtsLookupError("%d services are named %r in project %s; nothing was changed. Use service_id to "
                                       "pick one of %s." % (len(matches), name, self.api.project_id,
                                                            ", ".join(str(m.get("service_id", "?")) for m in matches)))
        if not matches:
            return None
        return self.api.get_service(matches[0]["service_id"])

    def existing(self, service_id):
        try:
            return self.api.get_service(service_id)
        except ModelArtsApiError as error:
            if SERVICE_MISSING.matches(error):
                raise ServiceIdNotFound(error, service_id, self.api.project_id) from error
            raise

    def wants_absent(self):
        return self.deleter is not None and self.deleter.wanted()

    def plan_create(self):
        # Only a task with a creator reaches this: without one, find() fails for a missing service.
        plan = self.creator.plan()
        plan.tags = self.tagger.plan(created=True) if self.tagger is not None else {}
        if plan.tags:
            plan.changed_fields.append("tags")
        return plan

    def plan_update(self, resource):
        plan = self.changer.plan(resource)
        if self.tagger is not None:
            plan.tags = self.tagger.plan()
        return plan

    def plan_delete(self, resource):
        return self.deleter.plan(resource)

    def prepare(self, action, resource, plan):
        if action == UPDATE and self.busy(resource, plan):
            resource = self.settle_first(resource)
            # Planned again from the fresh read; the tags planned stay (no service write adds or removes tags).
            tags, plan = plan.tags, self.changer.plan(resource)
            plan.tags = tags
        return resource, plan

    def create(self, plan):
        service = self.creator.create(plan)
        if self.tagger is not None:
            self.tagger.apply(plan.tags)
        return service

    def update(self, resource, plan):
        after = self.verify(self.changer.apply(resource, plan)) if plan.writes_service else resource
        if self.tagger is not None:
            self.tagger.apply(plan.tags)
        return after

    def delete(self, resource, plan):
        return self.deleter.delete(resource, plan)

    def verify(self, after):
        """Read the service again and re-plan: what this task asked for must leave nothing to change.

        With wait the flow's last step was such a read; without, one GET more. A field still to change
        means a concurrent writer replaced it (the PUT carries whole config entries, built from a read
        that may be stale): the change is re-planned from this read and applied once more, then the
        task fails if it is still not there.
        """
        service_id = self.task.service_id
        current = after if self.params["wait"] else self.api.get_service(service_id)
        again = self.changer.plan(current)
        if not again.fields:
            return after
        if self.reapplied:
            raise ModelArtsError(
                "After the write, service %s does not show %s as this task asks, even after applying the change once "
                "more from a fresh read: another change to the service is racing this one. Run the task again once "
                "the other change is done." % (service_id, ", ".join(again.fields)))
        self.reapplied = True
        self.task.warn("Service %s no longer shows %s as written (a concurrent change replaced it); the change "
                       "is applied once more from a fresh read." % (service_id, ", ".join(again.fields)))
        current, again = self.prepare(UPDATE, current, again)
        if not again.fields:
            return current
        return self.verify(self.changer.apply(current, again))

    @staticmethod
    def busy(service, plan):
        if not plan.writes_service:
            return False
        status = service.get("status")
        return status in REFUSES_CHANGES or plan.target_status == "running" and status in REFUSES_START

    def settle_first(self, service):
        if not self.params["wait"]:
            raise ModelArtsError(
                "Service %s is %s and refuses changes until it settles; run again later or set wait=true "
                "to wait for it (up to wait_timeout)." % (self.task.service_id, service.get("status")))
        return self.task.settle(fail_on_failed=False)

    def result(self, result, changed, resource, plan):
        if self.deleting is not None:
            # Not waited for (wait=false, or check mode): the service is still there, deleting.
            result[self.resource_key] = self.deleting
        result.update(changed_fields=plan.changed_fields if changed else [], waited=round(self.task.deadline.waited, 3))
        result.update(self.task.extra)
        if self.tagger is not None:
            self.tagger.result(result, plan)
        return result
