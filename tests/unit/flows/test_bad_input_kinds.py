"""Values of a kind an option rules out fail with the option and the rule, never with a traceback, and send nothing.

Each of these once raised inside Ansible's argument validation or the collection's own type checker
(a scalar for an option with sub-options, .inf for an integer, a 400-digit number), or reached the
HTTP library or a URL (api_timeout: yes, project_id: yes).
"""

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import fleet
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import input_errors, type_errors
from ansible_collections.hwcloud.modelarts.plugins.modules import (
    modelarts_fleet,
    modelarts_service,
    modelarts_service_info,
    modelarts_service_patch,
)

import flow_world
from integration.harness import MODEL_V1, SERVICE_ID

HUGE = int("9" * 400)


def entry(**fields):
    return [dict({"model_id": MODEL_V1}, **fields)]


BAD_SERVICE_INPUTS = [
    (dict(config=entry(custom_spec=True)), "config[0].custom_spec must be a mapping of its options"),
    (dict(config=entry(additional_properties=True)), "config[0].additional_properties must be a mapping of its options"),
    (dict(additional_properties=1), "additional_properties must be a mapping of its options"),
    (dict(config=[True]), "config[0] must be a mapping of config's options, got a boolean (True)"),
    (dict(config=entry(instance_count=float("inf"))), "config[0].instance_count must be a finite number, got inf"),
    (dict(config=entry(instance_count=".inf")), "config[0].instance_count must be a finite number, got .inf"),
    (dict(wait_timeout=float("-inf")), "wait_timeout must be a finite number, got -inf"),
    (dict(config=entry(weight=HUGE)), "config[0].weight must be between -9007199254740992 and 9007199254740992"),
    (dict(config=entry(custom_spec={"cpu": HUGE, "memory": 1024})),
     "config[0].custom_spec.cpu must be between -9007199254740992 and 9007199254740992"),
    (dict(config=entry(custom_spec={"cpu": True, "memory": 1024})),
     "config[0].custom_spec.cpu must be a number, got a boolean (True)"),
    (dict(api_timeout=True), "api_timeout must be an integer, got a boolean (True)"),
    (dict(retries=False), "retries must be an integer, got a boolean (False)"),
    (dict(project_id=True), "project_id must be a string, got a boolean (True)"),
    (dict(description=True), "description must be a string, got a boolean (True)"),
    (dict(additional_properties={"smn_notification": {"topic_urn": "urn:smn:x", "events": float("inf")}}),
     "additional_properties.smn_notification.events[0] must be a finite number, got inf"),
]


@pytest.mark.parametrize("params, message", BAD_SERVICE_INPUTS, ids=lambda value: str(value)[:50])
def test_a_value_of_the_wrong_kind_fails_cleanly_before_any_request(world, params, message):
    result = flow_world.run_module(modelarts_service, world, dict(dict(service_id=SERVICE_ID), **params))
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert world.calls() == []


@pytest.mark.parametrize("params, message", [
    (dict(patch=[True]), "patch[0] must be a mapping of patch's options, got a boolean (True)"),
    (dict(api_timeout=True), "api_timeout must be an integer, got a boolean (True)"),
    (dict(wait_timeout="-.inf"), "wait_timeout must be a finite number, got -.inf"),
])
def test_patch_refuses_the_wrong_kind_before_any_request(world, params, message):
    params = dict(dict(service_id=SERVICE_ID, patch=[{"path": "/config/0/instance_count", "value": 2}]), **params)
    result = flow_world.run_module(modelarts_service_patch, world, params)
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert world.calls() == []


@pytest.mark.parametrize("params, message", [
    (dict(api_timeout=True), "api_timeout must be an integer, got a boolean (True)"),
    (dict(project_id=True), "project_id must be a string, got a boolean (True)"),
    (dict(service_id=0), "service_id must be a string (an id), got a number (0)"),
    (dict(api_timeout=".inf"), "api_timeout must be a finite number, got .inf"),
])
def test_info_refuses_the_wrong_kind_before_any_request(world, params, message):
    result = flow_world.run_module(modelarts_service_info, world, params)
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert world.calls() == []


@pytest.mark.parametrize("item, message", [
    ({"service_id": SERVICE_ID, "config": entry(custom_spec=True)}, "config[0].custom_spec must be a mapping"),
    ({"service_id": SERVICE_ID, "additional_properties": True}, "additional_properties must be a mapping"),
    ({"service_id": SERVICE_ID, "wait_timeout": float("inf")}, "wait_timeout must be a finite number, got inf"),
    ({"service_id": SERVICE_ID, "additional_properties": {"smn_notification": {"topic_urn": "u", "events": float("inf")}}},
     "events[0] must be a finite number, got inf"),
])
def test_a_fleet_item_of_the_wrong_kind_is_named_and_nothing_is_sent(world, item, message):
    with pytest.raises(ModelArtsConfigError) as caught:
        fleet.validate_items([item], {})
    assert "services[0] (service_id %s): " % SERVICE_ID in str(caught.value)
    assert message in str(caught.value)
    result = flow_world.run_module(modelarts_fleet, world, {"services": [item]})
    assert result.failed is True and message in result["msg"], result["msg"]
    assert world.calls() == []


def test_the_type_checker_does_not_overflow_on_a_huge_number():
    assert type_errors(HUGE, "float", "cpu") == [
        "cpu must be between -9007199254740992 and 9007199254740992, got a number of 400 digits"]
    assert input_errors({"weight": HUGE}, {"weight": "int"}, "entry") == [
        "entry.weight must be between -9007199254740992 and 9007199254740992, got a number of 400 digits"]


def test_a_mapping_given_as_key_value_text_is_still_parsed_by_ansible(world):
    # custom_spec as "cpu=1,memory=1024" (Ansible's own string form of a dict) is converted, not refused.
    result = flow_world.run_module(modelarts_service, world, dict(service_id=SERVICE_ID, config=entry(
        specification="custom", cluster_id="pool-1", custom_spec="cpu=1,memory=1024")))
    assert "must be a mapping" not in result.get("msg", ""), result.get("msg")
