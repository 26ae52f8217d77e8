# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The life of one resource in one task, for any resource: find it or learn it is absent, then
create, update, delete or leave it, with check mode and diff decided here and nowhere else.

A resource flow subclasses ResourceStateMachine and fills in the hooks; it never looks at
check mode itself, so a flow cannot write in check mode by forgetting to ask.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

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


class ResourceStateMachine:
    """``run()`` returns the result dict; hooks:

    - ``find()``: the resource, or None when it does not exist;
    - ``wants_absent()``: True when the task asks for the resource to be gone;
    - ``plan_create()``, ``plan_update(resource)``, ``plan_delete(resource)``: a plan, or raise to refuse;
    - ``prepare(action, resource, plan)``: right before writing (wait for a busy resource to settle,
      say); returns (resource, plan), re-planned if it had to wait;
    - ``create(plan)``, ``update(resource, plan)``, ``delete(resource, plan)``: write and return the
      resource afterwards (``{}`` once deleted);
    - ``result(changed, resource, plan, before)``: the result dict.
    """

    # The result key that holds the resource.
    resource_key = "resource"

    def __init__(self, module):
        self.module = module
        self.action = None

    @property
    def check_mode(self):
        return bool(getattr(self.module, "check_mode", False))

    @property
    def diff_mode(self):
        return bool(getattr(self.module, "_diff", False))

    def decide(self, resource):
        """The action the task needs and its plan, from what exists."""
        if self.wants_absent():
            if resource is None:
                return NOTHING, ResourcePlan(changes=False)
            return DELETE, self.plan_delete(resource)
        if resource is None:
            return CREATE, self.plan_create()
        plan = self.plan_update(resource)
        return (UPDATE if plan.changes else NOTHING), plan

    def run(self):
        resource = self.find()
        self.action, plan = self.decide(resource)
        if self.action == NOTHING:
            return self.result(False, resource or {}, plan, resource or {})
        if self.check_mode:
            return self.result(True, plan.predict(resource), plan, resource or {})
        if self.action != CREATE:
            resource, plan = self.prepare(self.action, resource, plan)
            if self.action == UPDATE and not plan.changes:
                # Someone else's change, waited for, already made ours.
                self.action = NOTHING
                return self.result(False, resource, plan, resource)
        before = resource or {}
        if self.action == CREATE:
            after = self.create(plan)
        elif self.action == UPDATE:
            after = self.update(resource, plan)
        else:
            after = self.delete(resource, plan)
        return self.result(True, after, plan, before)

    # --- hooks -------------------------------------------------------------------------------

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

    def result(self, changed, resource, plan, before):
        result = {"changed": changed, self.resource_key: resource}
        if changed and self.diff_mode:
            result["diff"] = plan.diff(before)
        return result
