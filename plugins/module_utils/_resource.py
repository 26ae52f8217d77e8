# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The life of one resource in one task, for any resource: find it or learn it is absent, then
create, update, delete or leave it, with check mode and diff decided here and nowhere else.

A resource plugs in an adapter (a ResourceAdapter) that the state machine drives; the adapter
never looks at check mode itself, so it cannot write in check mode by forgetting to ask.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline

NOTHING = "nothing"
CREATE = "create"
UPDATE = "update"
DELETE = "delete"


class ResourcePlan:
    """What an action will do. Subclasses (or flows) fill ``predict`` and ``diff``."""

    def __init__(self, changes=True, changed_fields=()):
        self.changes = changes
        self.changed_fields = list(changed_fields)

    def predict(self, resource):
        return resource

    def diff(self, resource):
        return {"before": resource or {}, "after": self.predict(resource) or {}}


class CreatePlan(ResourcePlan):
    """A new resource: nothing before, ``after`` (the resource as GET would show it) after."""

    def __init__(self, after, changed_fields=()):
        super(CreatePlan, self).__init__(True, changed_fields)
        self.after = after

    def predict(self, resource):
        return self.after

    def diff(self, resource):
        return {"before": {}, "after": self.after}


class DeletePlan(ResourcePlan):
    """The resource goes: all of it before, nothing after."""

    def predict(self, resource):
        return {}

    def diff(self, resource):
        return {"before": resource, "after": {}}


class NotFoundRule:
    """The answers that mean "no such resource" for one resource, and nothing else.

    Only the API's own answer says a resource does not exist: a gateway 404 such as APIG.0101 (no
    such route: a wrong endpoint or a proxy in the way) is an error, never "absent".
    ``answers`` are (HTTP status, error_code) pairs.
    """

    def __init__(self, *answers):
        self.answers = frozenset(answers)

    def matches(self, error):
        return isinstance(error, ModelArtsApiError) and (error.status, error.error_code) in self.answers

    def read_or_none(self, read):
        """``read()``, or None when it fails with one of the answers."""
        try:
            return read()
        except ModelArtsApiError as error:
            if self.matches(error):
                return None
            raise


class ResourceAdapter:
    """What a resource plugs into the ResourceStateMachine; the machine calls:

    - ``find()``: the resource, or None when it does not exist;
    - ``wants_absent()``: True when the task asks for the resource to be gone;
    - ``plan_create()``, ``plan_update(resource)``, ``plan_delete(resource)``: a plan, or raise to refuse;
    - ``prepare(action, resource, plan)``: right before writing (wait for a busy resource to settle,
      say); returns (resource, plan), re-planned if it had to wait;
    - ``create(plan)``, ``update(resource, plan)``, ``delete(resource, plan)``: write and return the
      resource afterwards (``{}`` once deleted);
    - ``result(result, changed, resource, plan)``: add the resource's own keys to the result dict.

    ``resource_key`` is the result key that holds the resource.
    """

    resource_key = "resource"

    def find(self):
        raise NotImplementedError

    def wants_absent(self):
        return False

    def plan_create(self):
        raise NotImplementedError

    def plan_update(self, resource):
        raise NotImplementedError

    def plan_delete(self, resource):
        return DeletePlan()

    def prepare(self, action, resource, plan):
        return resource, plan

    def create(self, plan):
        raise NotImplementedError

    def update(self, resource, plan):
        raise NotImplementedError

    def delete(self, resource, plan):
        raise NotImplementedError

    def result(self, result, changed, resource, plan):
        return result


class RunAdapter(ResourceAdapter):
    """A ResourceAdapter of one module run: ``run`` is the ModuleRun (params, write protocol, extra result
    keys), ``api`` the resource's calls, ``body`` the request body the options ask for; every wait of the
    run shares ``deadline`` (the task's wait_timeout)."""

    def __init__(self, run, api, body, deadline=None):
        self.run = run
        self.params = run.params
        self.api = api
        self.body = body
        self.deadline = deadline or Deadline(self.params["wait_timeout"])
        self.waited = None


class ResourceStateMachine:
    """``run()`` returns the result dict, driving ``adapter`` (a ResourceAdapter).

    Check mode and diff are decided here: in check mode no write hook is ever called, and the
    result predicts what the write would leave.
    """

    def __init__(self, module, adapter):
        self.module = module
        self.adapter = adapter
        self.action = None

    @property
    def check_mode(self):
        return bool(getattr(self.module, "check_mode", False))

    @property
    def diff_mode(self):
        return bool(getattr(self.module, "_diff", False))

    def decide(self, resource):
        """The action the task needs and its plan, from what exists."""
        adapter = self.adapter
        if adapter.wants_absent():
            if resource is None:
                return NOTHING, ResourcePlan(changes=False)
            return DELETE, adapter.plan_delete(resource)
        if resource is None:
            return CREATE, adapter.plan_create()
        plan = adapter.plan_update(resource)
        return (UPDATE if plan.changes else NOTHING), plan

    def run(self):
        adapter = self.adapter
        resource = adapter.find()
        self.action, plan = self.decide(resource)
        if self.action == NOTHING:
            return self.report(False, resource or {}, plan, resource or {})
        if self.check_mode:
            return self.report(True, plan.predict(resource), plan, resource or {})
        if self.action != CREATE:
            resource, plan = adapter.prepare(self.action, resource, plan)
            if self.action == UPDATE and not plan.changes:
                # Someone else's change, waited for, already made ours.
                self.action = NOTHING
                return self.report(False, resource, plan, resource)
        before = resource or {}
        if self.action == CREATE:
            after = adapter.create(plan)
        elif self.action == UPDATE:
            after = adapter.update(resource, plan)
        else:
            after = adapter.delete(resource, plan)
        return self.report(True, after, plan, before)

    def report(self, changed, resource, plan, before):
        result = {"changed": changed, self.adapter.resource_key: resource}
        if changed and self.diff_mode:
            result["diff"] = plan.diff(before)
        return self.adapter.result(result, changed, resource, plan)
