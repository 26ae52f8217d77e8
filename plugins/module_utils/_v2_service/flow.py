# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The new-version service as a ResourceAdapter: the ResourceStateMachine drives it, the WriteProtocol sends its writes.

- Found by ``service_id``, or by its exact name (unique in a project until deleted).
- Missing: created once (``create_once``: after an answer that may hide a landed POST the name is
  looked up before anything is sent again, and a twin after the create fails the task), then
  waited for until it and its deployment settle; FAILED or ERROR fails the task with the
  server's ``failure_reason``.
- Present: compared with what the task sets (compare.py). A changed configuration is a new
  version (UpdateInferService refuses to change one in place): the task's ``version``, or the
  current one with its last part up by one. The description alone edits the current version;
  tags, schedule and task_type change in place. ``running`` and ``stopped`` start or stop it.
  Every write is verified by reading the service again.
- Absent: BatchDeleteInferServices for the one service, then waited for until show answers 404.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError, ModelArtsLookupError, ModelArtsWaitError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import shown
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import CreatePlan, DeletePlan, ResourcePlan, RunAdapter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service import status as v2_status
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.compare import (
    IN_VERSION,
    differences,
    failed_logs,
    next_version,
    tags_text,
    update_value,
    version_of,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.rules import check_create
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.schema import FIXED, IN_PLACE, VERSIONED, option_name
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import Landing

RESOURCE_KEY = "service"
START = "start"
STOP = "stop"


class ServiceDiffersError(ModelArtsError):
    """An existing service differs in a field that cannot change, or in a way the task cannot apply."""

    def __init__(self, message, fields, service):
        super(ServiceDiffersError, self).__init__(message)
        self.fields = fields
        self.service = service

    def to_result(self):
        return {"differing_fields": self.fields, RESOURCE_KEY: self.service}


class V2ServicePlan(ResourcePlan):
    """An update: ``new_version`` (a PUT making a new version, with ``versioned`` fields), ``description``
    (a PUT editing the current version), ``in_place`` (tags, schedule, task_type) and ``power`` (start, stop)."""

    def __init__(self, body, new_version=None, versioned=(), description=False, in_place=(), power=None, after_status=None,
                 changed_fields=()):
        changes = bool(new_version or description or in_place or power)
        super(V2ServicePlan, self).__init__(changes, changed_fields)
        self.body = body
        self.new_version = new_version
        self.versioned = list(versioned)
        self.description = description
        self.in_place = list(in_place)
        self.power = power
        self.after_status = after_status

    def predict(self, resource):
        service = copy.deepcopy(resource)
        version = service.get("version") if isinstance(service.get("version"), dict) else {}
        service["version"] = version
        for key in self.versioned + (["description"] if self.description else []) + self.in_place:
            if key == "group_configs":
                version["instance_groups"] = update_value(resource, key, self.body[key])
            elif key in IN_VERSION:
                version[key] = update_value(resource, key, self.body[key])
            else:
                service[key] = copy.deepcopy(self.body[key])
        if self.new_version:
            version["version"] = self.new_version
        if self.after_status:
            service["status"] = self.after_status
        return service


class V2ServiceAdapter(RunAdapter):
    """A RunAdapter whose ``api`` is a V2ServiceApi and ``body`` the create body the options ask for."""

    resource_key = RESOURCE_KEY

    # --- identity ---------------------------------------------------------------------------------

    @property
    def state(self):
        return self.params.get("state") or "present"

    @property
    def what(self):
        if self.params.get("service_id"):
            return "service %s" % self.params["service_id"]
        return "service %r" % self.params["name"]

    def lookup(self):
        return self.api.named(self.params["name"])

    def find(self):
        if self.params.get("service_id"):
            service = self.api.find(self.params["service_id"])
            if service is None and not self.wants_absent():
                raise ModelArtsLookupError("No new-version service has service_id %s in project %s; give name (and what to "
                                           "create) to create one." % (self.params["service_id"], self.api.project_id))
            if service is not None and self.params.get("name") and service["name"] != self.params["name"]:
                raise ModelArtsLookupError("Service %s is named %r, not %r; a service cannot be renamed." % (
                    service["id"], service["name"], self.params["name"]))
            return self.settled_first(service)
        found = self.lookup()
        if len(found) > 1:
            raise ModelArtsLookupError("%d services are named %r in project %s (%s); nothing was sent. Use service_id to pick one." % (
                len(found), self.params["name"], self.api.project_id, ", ".join(s["id"] for s in found)))
        # The list shows summaries: the detail has every field to compare.
        return self.settled_first(self.api.find(found[0]["id"]) if found else None)

    def settled_first(self, service):
        """A change under way (a run before this one, or someone else's) is waited for before it is compared."""
        if service is None or self.wants_absent() or not self.params["wait"] or v2_status.settled(service):
            return service
        return self.wait_settled(service["id"], first=service, fail_on_failure=False)

    def wants_absent(self):
        return self.state == "absent"

    # --- plans ------------------------------------------------------------------------------------

    def settled_status(self, current=None):
        """The status the task leaves the service in once settled (waiting or not)."""
        if self.state == "stopped":
            return v2_status.STOPPED if self.params["wait"] else v2_status.STOPPING
        if current in (v2_status.STOPPED,) and self.state == "present":
            return current
        return v2_status.RUNNING if self.params["wait"] else v2_status.DEPLOYING

    def plan_create(self):
        check_create(self.body)
        predicted = dict(copy.deepcopy(self.body), status=self.settled_status())
        return CreatePlan(predicted, changed_fields=sorted(option_name(key) for key in self.body))

    def plan_update(self, resource):
        service = resource
        status = v2_status.status_of(service)
        found = differences(service, self.body)
        fixed = [entry for entry in found if entry[0] in FIXED]
        if fixed:
            raise ServiceDiffersError(
                "%s (%s) exists and differs from the task in %s, which cannot change once a service exists: %s. Nothing was "
                "sent; create the service under another name, or delete this one first (state=absent)." % (
                    self.what, service["id"], ", ".join(option for _key, option, _s, _w in fixed),
                    "; ".join("%s is %s, the task sets %s" % (option, shown(s), shown(w)) for _key, option, s, w in fixed)),
                [option for _key, option, _s, _w in fixed], service)
        for log_type, reason in failed_logs(service):
            self.run.module.warn("%s (%s): its %s log configuration is FAILED: %s." % (self.what, service["id"], log_type, reason))
        changed = [key for key, _option, _s, _w in found]
        versioned = [key for key in changed if key in VERSIONED]
        current = version_of(service)
        wanted_version = self.body.get("version")
        new_version = None
        if wanted_version and wanted_version != current:
            new_version = wanted_version
            # A new version carries every configuration field the task sets.
            versioned = [key for key in VERSIONED if key in self.body]
        elif versioned:
            if wanted_version:
                raise ServiceDiffersError(
                    "%s (%s) differs from the task in %s, but version %s is its current version and a changed configuration "
                    "needs a new one (UpdateInferService). Nothing was sent; set version to a new one, or leave it out to have "
                    "the last part raised by one." % (self.what, service["id"], ", ".join(option_name(k) for k in versioned),
                                                      current),
                    [option_name(k) for k in versioned], service)
            new_version = next_version(current or "1.0.0")
            if new_version is None:
                raise ServiceDiffersError("%s (%s) is at version %s, the last one there is; set version to a free one." % (
                    self.what, service["id"], current), [option_name(k) for k in versioned], service)
        description = "description" in changed
        in_place = [key for key in changed if key in IN_PLACE]
        power = self.power_after(status, bool(new_version), service)
        after_status = status
        if power == START or (new_version and status != v2_status.STOPPED):
            after_status = v2_status.RUNNING if self.params["wait"] else v2_status.DEPLOYING
        if power == STOP:
            after_status = v2_status.STOPPED if self.params["wait"] else v2_status.STOPPING
        if not (new_version or description or in_place or power) and status in v2_status.FAILURES and self.state == "present":
            raise ModelArtsWaitError("%s (%s) is %s: %s. Change its configuration, start it (state=running) or delete it "
                                     "(state=absent)." % (self.what, service["id"], status, self.failure_summary(service)),
                                     resource=service, resource_key=RESOURCE_KEY)
        fields = [option_name(key) for key in versioned + (["description"] if description else []) + in_place]
        if new_version and "version" not in fields:
            fields.append("version")
        if power:
            fields.append("state")
        return V2ServicePlan(self.body, new_version=new_version, versioned=versioned, description=description, in_place=in_place,
                             power=power, after_status=after_status, changed_fields=fields)

    def power_after(self, status, updating, service):
        """START, STOP or None: what the state asks for beyond the update."""
        if self.state == "running":
            if status == v2_status.STOPPED or (status in v2_status.STARTABLE and not updating):
                return START
            if status == v2_status.INIT and not updating:
                raise ModelArtsError("%s (%s) has no deployment to start; set deployments." % (self.what, service["id"]))
        if self.state == "stopped" and status in v2_status.STOPPABLE:
            return STOP
        return None

    def plan_delete(self, resource):
        return DeletePlan(changes=True)

    def prepare(self, action, resource, plan):
        if action == "delete" or v2_status.settled(resource) or not self.params["wait"]:
            return resource, plan
        # A change under way (a run before this one, or someone else's) is waited for, then planned again.
        service = self.wait_settled(resource["id"], first=resource, fail_on_failure=False)
        return service, self.plan_update(service)

    # --- writes -----------------------------------------------------------------------------------

    def create(self, plan):
        service_id = self.run.protocol.create_once(
            "service %r" % self.params["name"],
            post=lambda: self.api.create(self.body),
            lookup=self.lookup,
            id_of=lambda service: service["id"],
            answered_id=lambda response: response.body.get("id"))
        service = self.api.get(service_id)
        if self.params["wait"]:
            service = self.wait_settled(service_id, first=service)
        if self.state == "stopped" and v2_status.status_of(service) in v2_status.STOPPABLE:
            service = self.power(service, STOP)
        return service

    def update(self, resource, plan):
        service = resource
        service_id = service["id"]
        if plan.new_version:
            body = {"id": service_id, "version": plan.new_version}
            for key in plan.versioned:
                body[key] = update_value(service, key, self.body[key])
            if plan.description:
                body["description"] = self.body["description"]
            self.put(service_id, body, "new version %s of service %s" % (plan.new_version, service_id),
                     lambda current: version_of(current) == plan.new_version)
        elif plan.description:
            body = {"id": service_id, "version": version_of(service), "description": self.body["description"]}
            self.put(service_id, body, "description of service %s" % service_id,
                     lambda current: (current.get("version") or {}).get("description") == self.body["description"])
        if plan.in_place:
            body = {"id": service_id}
            for key in plan.in_place:
                body[key] = tags_text(service, self.body[key]) if key == "tags" else copy.deepcopy(self.body[key])
            self.put(service_id, body, "%s of service %s" % ("/".join(plan.in_place), service_id),
                     lambda current: not differences(current, dict((k, self.body[k]) for k in plan.in_place)))
        service = self.api.get(service_id)
        if self.params["wait"]:
            service = self.wait_settled(service_id, first=service)
        power = plan.power
        if plan.new_version or plan.description or plan.in_place:
            # The update may have settled the question (or left a stopped service stopped).
            power = self.power_after(v2_status.status_of(service), False, service)
        if power:
            service = self.power(service, power)
        return service

    def put(self, service_id, body, what, landed):
        def reread():
            current = self.api.get(service_id)
            done = landed(current)
            return Landing(True if done else None, "service %s shows it" % service_id if done else "service %s does not show it" % service_id)

        self.run.protocol.send("update (%s)" % what, lambda: self.api.update(service_id, body), reread)

    def power(self, service, action):
        service_id = service["id"]
        moved = (v2_status.DEPLOYING, v2_status.RUNNING, v2_status.CONCERNING) if action == START else (v2_status.STOPPING, v2_status.STOPPED)

        def reread():
            current = self.api.get(service_id)
            done = v2_status.status_of(current) in moved
            return Landing(True if done else None, "service %s is %s" % (service_id, v2_status.status_of(current)))

        write = self.api.start if action == START else self.api.stop
        self.run.protocol.send("%s of service %s" % (action, service_id), lambda: write(service_id), reread)
        service = self.api.get(service_id)
        if self.params["wait"]:
            service = self.wait_settled(service_id, first=service, fail_on_failure=(action == START))
        return service

    def delete(self, resource, plan):
        service_id = resource["id"]

        def reread():
            current = self.api.find(service_id)
            gone = current is None or v2_status.status_of(current) == v2_status.DELETING
            return Landing(True if gone else None, "service %s is %s" % (service_id, "deleting or gone" if gone else v2_status.status_of(current)))

        self.run.protocol.send("delete of service %s" % service_id, lambda: self.api.delete(service_id), reread, resend=True)
        if self.params["wait"]:
            poll_until(lambda: self.api.find(service_id), lambda current: current is None, self.deadline,
                       lambda current: "service %s to be deleted: it is still %s" % (service_id, v2_status.status_of(current)),
                       resource_key=RESOURCE_KEY)
            self.waited = round(self.deadline.waited, 3)
        return {}

    # --- waiting ----------------------------------------------------------------------------------

    def failure_summary(self, service):
        return "; ".join("%s %s: %s" % (what, status, text.rstrip(".")) for what, status, text in v2_status.failures(service)) \
            or "%s gives no reason" % v2_status.status_of(service)

    def wait_settled(self, service_id, first=None, fail_on_failure=True):
        """Poll until the service and its deployments settle; FAILED or ERROR fails with the server's failure_reason."""
        reads = [first] if first is not None else []

        def read():
            return reads.pop() if reads else self.api.get(service_id)

        def settled(service):
            if not v2_status.settled(service):
                return False
            if fail_on_failure and v2_status.failures(service):
                raise ModelArtsWaitError("%s (%s) ended %s: %s." % (self.what, service_id, v2_status.status_of(service),
                                                                    self.failure_summary(service)),
                                         resource=service, waited=round(self.deadline.waited, 3), resource_key=RESOURCE_KEY)
            return True

        service = poll_until(read, settled, self.deadline,
                             lambda service: "%s (%s) to settle: it is still %s" % (self.what, service_id, v2_status.status_of(service)),
                             resource_key=RESOURCE_KEY)
        self.waited = round(self.deadline.waited, 3)
        return service

    def result(self, result, changed, resource, plan):
        if self.waited is not None:
            result["waited"] = self.waited
        return result
