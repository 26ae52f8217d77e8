# -*- coding: utf-8 -*-
"""The core's ResourceStateMachine with a toy resource: what a second resource flow relies on."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import (
    CREATE,
    DELETE,
    NOTHING,
    UPDATE,
    CreatePlan,
    NotFoundRule,
    ResourceAdapter,
    ResourcePlan,
    ResourceStateMachine,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError


class Module:
    def __init__(self, check_mode=False, diff=False, **params):
        self.params = params
        self.check_mode = check_mode
        self._diff = diff


class ToyAdapter(ResourceAdapter):
    """A named thing with a size, stored in a dict."""

    def __init__(self, module, store):
        self.module = module
        self.store = store
        self.writes = []

    def find(self):
        return self.store.get(self.module.params["name"])

    def wants_absent(self):
        return self.module.params.get("state") == "absent"

    def plan_create(self):
        return CreatePlan({"name": self.module.params["name"], "size": self.module.params["size"]}, ["size"])

    def plan_update(self, resource):
        wanted = self.module.params["size"]
        plan = ResourcePlan(changes=resource["size"] != wanted, changed_fields=["size"])
        plan.predict = lambda current: dict(current, size=wanted)
        return plan

    def create(self, plan):
        self.writes.append(CREATE)
        self.store[plan.after["name"]] = dict(plan.after)
        return self.store[plan.after["name"]]

    def update(self, resource, plan):
        self.writes.append(UPDATE)
        self.store[resource["name"]]["size"] = self.module.params["size"]
        return self.store[resource["name"]]

    def delete(self, resource, plan):
        self.writes.append(DELETE)
        del self.store[resource["name"]]
        return {}


def machine(module, store):
    return ResourceStateMachine(module, ToyAdapter(module, store))


@pytest.mark.parametrize("store, params, action, after", [
    ({}, dict(name="a", size=1), CREATE, {"name": "a", "size": 1}),
    ({"a": {"name": "a", "size": 1}}, dict(name="a", size=1), NOTHING, {"name": "a", "size": 1}),
    ({"a": {"name": "a", "size": 1}}, dict(name="a", size=2), UPDATE, {"name": "a", "size": 2}),
    ({"a": {"name": "a", "size": 1}}, dict(name="a", state="absent"), DELETE, {}),
    ({}, dict(name="a", state="absent"), NOTHING, {}),
])
def test_dispatch_check_mode_and_diff(store, params, action, after):
    before = dict((k, dict(v)) for k, v in store.items())
    checked = machine(Module(check_mode=True, diff=True, **params), store)
    predicted = checked.run()
    assert checked.action == action and checked.adapter.writes == [] and store == before
    assert predicted["changed"] is (action != NOTHING)
    assert predicted["resource"] == after
    if action == NOTHING:
        assert "diff" not in predicted
    else:
        assert predicted["diff"]["after"] == after
        assert predicted["diff"]["before"] == before.get("a", {})
    applied = machine(Module(**params), store).run()
    assert applied["changed"] is (action != NOTHING) and applied["resource"] == after
    assert "diff" not in applied
    again = machine(Module(**params), store)
    assert again.run()["changed"] is False and again.adapter.writes == []


def test_the_adapter_adds_its_own_result_keys():
    class Sized(ToyAdapter):
        resource_key = "toy"

        def result(self, result, changed, resource, plan):
            result["changed_fields"] = plan.changed_fields if changed else []
            return result

    module = Module(name="a", size=3)
    result = ResourceStateMachine(module, Sized(module, {})).run()
    assert result == {"changed": True, "toy": {"name": "a", "size": 3}, "changed_fields": ["size"]}


def api_error(status, code):
    return ModelArtsApiError(status, code, "message", "req-1", "GET", "https://example.invalid/v1/p/things/x")


def test_only_the_resources_own_not_found_answers_mean_absent():
    rule = NotFoundRule((404, "ModelArts.3507"), (400, "ModelArts.3529"))

    def failing(error):
        def read():
            raise error
        return read

    assert rule.read_or_none(lambda: {"id": "x"}) == {"id": "x"}
    assert rule.read_or_none(failing(api_error(404, "ModelArts.3507"))) is None
    assert rule.read_or_none(failing(api_error(400, "ModelArts.3529"))) is None
    # A gateway's 404 (no such route) or another resource's code is an error, never "absent".
    for error in (api_error(404, "APIG.0101"), api_error(404, "ModelArts.3502"), api_error(400, "ModelArts.3507")):
        with pytest.raises(ModelArtsApiError):
            rule.read_or_none(failing(error))
