"""Bad input fails with a clear error naming the option and the rule, before any request.

Each case runs the module's main() in-process: the argument spec through Ansible's own validator,
then the module's checks, with a fake ModelArts that records every call (there must be none).
"""

import pytest

from flow_fakes import MODEL_V1, MODEL_V2, SERVICE_ID

INVALID_SERVICE_INPUTS = [
    (dict(description="x" * 101), "description may have at most 100 characters"),
    (dict(description="a <b>"), "description must not contain any of"),
    (dict(config=[{"model_id": MODEL_V1, "weight": 60}, {"model_id": MODEL_V2, "weight": 30}]),
     "weights must add up to 100"),
    (dict(config=[{"model_id": MODEL_V1, "specification": "custom"}]),
     "config[0].custom_spec is required when config[0].specification is custom"),
    (dict(config=[{"model_id": MODEL_V1, "custom_spec": {"cpu": 1, "memory": 1024, "gpu_p4": 1, "ascend_a310": 1}}]),
     "set either gpu_p4 or ascend_a310"),
    (dict(config=[{"model_id": MODEL_V1, "custom_spec": {"cpu": 0.001, "memory": 1024}}]),
     "config[0].custom_spec.cpu must be at least 0.01"),
    (dict(config=[{"model_id": MODEL_V1, "src_path": "obs://bucket/in/"}]),
     "config[0].src_path is only for batch services"),
    (dict(config=[{"model_id": MODEL_V1, "nodes": ["node-1"]}]), "config[0].nodes is only for edge services"),
    (dict(infer_type="batch", schedule=[{"duration": 1, "time_unit": "DAYS", "type": "stop"}]),
     "schedule can only be set on a real-time service"),
    (dict(config=[{"model_id": MODEL_V1, "instance_count": 0}]), "config[0].instance_count must be at least 1"),
    (dict(config=[{"model_id": MODEL_V1}, {"model_id": MODEL_V1}]), "is listed twice"),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"log_volume": [
        {"host_path": "/var/log/x", "mount_path": "/logs"}]}}]), "log_volume needs a dedicated resource pool"),
    (dict(wait_timeout=-1), "wait_timeout must be 0 or more"),
    (dict(api_timeout=0), "api_timeout must be a positive number"),
    (dict(state="sleeping"), "value of state must be one of"),
    (dict(schedule=[{"duration": 1, "time_unit": "WEEKS", "type": "stop"}]), "time_unit must be one of"),
    (dict(config=[{"specification": "modelarts.vm.cpu.2u"}]), "missing required arguments: model_id"),
    (dict(config=[{"model_id": MODEL_V1, "instance_count": "three"}]), "instance_count"),
    (dict(service_id=SERVICE_ID, name="image-classifier"), "mutually exclusive"),
]


@pytest.mark.parametrize("params, message", INVALID_SERVICE_INPUTS, ids=lambda value: str(value)[:40])
def test_modelarts_service_invalid_input_fails_before_any_request(fake, update, params, message):
    result = update(**dict(dict(service_id=SERVICE_ID), **params))
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert result.get("changed", False) is False
    assert fake.log == []


def test_neither_service_id_nor_name_is_refused(fake, update):
    result = update(description="x")
    assert result.failed and "one of the following is required: service_id, name" in result["msg"]
    assert fake.log == []


INVALID_PATCH_INPUTS = [
    (dict(patch=[{"path": "/config/0/envs", "value": {}, "op": "add"}]), "value of op must be one of: replace, got: add"),
    (dict(patch=[{"path": "/config/1/envs", "value": {}}]),
     "patch[0] (path /config/1/envs): the path must start with /config/0/"),
    (dict(patch=[{"path": "/config/0/replicas", "value": 2}]),
     "patch[0] (path /config/0/replicas): 'replicas' is not a documented ServiceConfig field"),
    (dict(patch=[{"path": "/config/0/instance_count", "value": 1}, {"path": "/config/0/instance_count", "value": "three"}]),
     "patch[1] (path /config/0/instance_count): value must be an integer, got 'three'."),
    (dict(patch=[{"path": "/config/0/envs", "value": ["LOG_LEVEL=debug"]}]),
     "patch[0] (path /config/0/envs): value must be an object (a mapping)."),
    (dict(patch=[{"path": "/config/0/instance_count", "value": 0}]),
     "patch[0] (path /config/0/instance_count): config[0].instance_count must be at least 1, got 0."),
    (dict(patch=[{"path": "/config/0/envs/A~2", "value": "x"}]), "not a JSON pointer (RFC 6901)"),
    (dict(patch=[{"path": "/config/0/envs", "value": None}]), "value is required and must not be null"),
    (dict(patch=[{"value": 2}]), "missing required arguments: path"),
    (dict(), "missing required arguments: patch"),
]


@pytest.mark.parametrize("params, message", INVALID_PATCH_INPUTS, ids=lambda value: str(value)[:40])
def test_modelarts_service_patch_invalid_input_fails_before_any_request(fake, patch, params, message):
    result = patch(**dict(dict(service_id=SERVICE_ID), **params))
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert fake.log == []
