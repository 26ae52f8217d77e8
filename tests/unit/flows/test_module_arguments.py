"""Bad input fails with a clear error naming the option and the rule, before any request.

Each case runs the module's main() in-process: the argument spec through Ansible's own validator,
then the module's checks, against the emulator, whose request log must stay empty.
"""

import pytest

from integration.harness import MODEL_V1, MODEL_V2, SERVICE_ID

INVALID_SERVICE_INPUTS = [
    (dict(description="x" * 101), "description may have at most 100 characters"),
    (dict(description="a <b>"), "description must not contain any of"),
    (dict(config=[{"model_id": MODEL_V1, "weight": 60}, {"model_id": MODEL_V2, "weight": 30}]),
     "weights must add up to 100"),
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
    (dict(wait_timeout=-1), "wait_timeout must be 0 or more"),
    (dict(api_timeout=0), "api_timeout must be a positive number"),
    (dict(state="sleeping"), "value of state must be one of"),
    (dict(schedule=[{"duration": 1, "time_unit": "WEEKS", "type": "stop"}]), "time_unit must be one of"),
    # The documented rules of the API reference (UpdateService, CreateService).
    (dict(config=[]), "config must list at least one model; the API refuses an empty config for every kind"),
    (dict(infer_type="batch", config=[{"model_id": MODEL_V1}, {"model_id": MODEL_V2}]),
     "config must list exactly one model for a batch service, it lists 2."),
    (dict(infer_type="batch", config=[{"model_id": MODEL_V1, "nodes": ["node-1"]}]),
     "config[0].nodes is only for edge services; this is a batch service."),
    (dict(infer_type="edge", config=[{"model_id": MODEL_V1, "req_uri": "/"}]),
     "config[0].req_uri is only for batch services; this is an edge service."),
    (dict(infer_type="batch", config=[{"model_id": MODEL_V1, "src_type": "Directory"}]),
     "config[0].src_type can only be ManifestFile"),
    (dict(additional_properties={"smn_notification": {"topic_urn": "urn:smn:cn-north-4:p:alerts", "events": []}}),
     "additional_properties.smn_notification.events must list at least one event"),
    (dict(additional_properties={"smn_notification": {"topic_urn": "", "events": [1]}}),
     "additional_properties.smn_notification.topic_urn must not be empty."),
    (dict(additional_properties={"log_report_channels": [
        {"type": "LTS", "configuration": {"log_group_id": "g" * 65, "log_stream_id": "s" * 36}}]}),
     "additional_properties.log_report_channels[0].configuration.log_group_id must have 1 to 64 characters, it has 65."),
    (dict(additional_properties={"log_report_channels": [
        {"type": "LTS", "configuration": {"log_group_id": "g" * 36, "log_stream_id": ""}}]}),
     "additional_properties.log_report_channels[0].configuration.log_stream_id must have 1 to 64 characters, it has 0."),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"LOG_LEVEL": None}}]),
     "config[0].envs.LOG_LEVEL is null; a map holds no null values: leave the key out instead."),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"OPTS": {"workers": 4}}}]), "config[0].envs.OPTS must be a string"),
    (dict(config=[{"model_id": MODEL_V1, "instance_count": True}]),
     "config[0].instance_count must be an integer, got a boolean (True)."),
    (dict(config=[{"model_id": MODEL_V1, "custom_spec": {"cpu": float("nan"), "memory": 1024}}]),
     "config[0].custom_spec.cpu must be a finite number, got nan."),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"max_surge": float("inf")}}]),
     "config[0].additional_properties.max_surge must be a finite number, got inf."),
    (dict(config=[{"model_id": ""}]), "config[0].model_id must not be empty."),
    (dict(config=[{"model_id": MODEL_V1, "specification": ""}]), "config[0].specification must not be empty."),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"log_volume": [
        {"host_path": "/var/log/x", "mount_path": ""}]}}]),
     "config[0].additional_properties.log_volume[0].mount_path must not be empty."),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"persistent_volumes": [{"mount_path": " "}]}}]),
     "config[0].additional_properties.persistent_volumes[0].mount_path must not be empty."),
    (dict(config=[{"specification": "modelarts.vm.cpu.2u"}]), "missing required arguments: model_id"),
    (dict(config=[{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu 2u"}]),
     "config[0].specification must be custom or a flavor name such as modelarts.vm.cpu.2u"),
    (dict(config=[{"model_id": MODEL_V1, "specification": "cpu2u"}]),
     "config[0].specification must be custom or a flavor name such as modelarts.vm.cpu.2u"),
    (dict(config=[{"model_id": MODEL_V1, "specification": u"modelarts.vm.cpu.2u\u202e"}]),
     "got 'modelarts.vm.cpu.2u\\u202e'"),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"": "x"}}]), "config[0].envs has an empty variable name"),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"LOG\nLEVEL": "x"}}]),
     "config[0].envs variable name 'LOG\\nLEVEL' contains whitespace, '=' or a control character"),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"A=B": "x"}}]), "config[0].envs variable name 'A=B' contains"),
    (dict(project_id=True), "project_id must be a string, got a boolean (True)"),
    (dict(config=[{"model_id": MODEL_V1, "instance_count": "three"}]), "instance_count"),
    (dict(service_id=SERVICE_ID, name="image-classifier"), "mutually exclusive"),
]


@pytest.mark.parametrize("params, message", INVALID_SERVICE_INPUTS, ids=lambda value: str(value)[:40])
def test_modelarts_service_invalid_input_fails_before_any_request(world, update, params, message):
    result = update(**dict(dict(service_id=SERVICE_ID), **params))
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert result.get("changed", False) is False
    assert world.calls() == []


# service_id and name are the selectors themselves: these cases give them instead of SERVICE_ID.
INVALID_SELECTORS = [
    (dict(service_id="", description="x"), "service_id must not be empty"),
    (dict(name="", description="x"), "name must not be empty"),
]


@pytest.mark.parametrize("params, message", INVALID_SELECTORS, ids=lambda value: str(value)[:40])
def test_empty_selector_fails_before_any_request(world, update, params, message):
    result = update(**params)
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert world.calls() == []


def test_neither_service_id_nor_name_is_refused(world, update):
    result = update(description="x")
    assert result.failed and "one of the following is required: service_id, name" in result["msg"]
    assert world.calls() == []


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
    (dict(patch=[]), "patch must list at least one operation"),
    (dict(patch=[{"path": "/config/0/envs", "value": {"LOG_LEVEL": None, "MODE": "x"}}]),
     "patch[0] (path /config/0/envs): value.LOG_LEVEL is null; a map holds no null values: leave the key out instead."),
    (dict(patch=[{"path": "/config/0/envs", "value": {"OPTS": {"a": 1}}}]),
     "patch[0] (path /config/0/envs): value.OPTS must be a string"),
    (dict(patch=[{"path": "/config/0/instance_count", "value": True}]),
     "patch[0] (path /config/0/instance_count): value must be an integer, got True."),
    (dict(patch=[{"path": "/config/0/custom_spec/cpu", "value": float("nan")}]),
     "patch[0] (path /config/0/custom_spec/cpu): value must be a finite number, got nan."),
    (dict(patch=[{"path": "/config/0/additional_properties/max_surge", "value": "Infinity"}]),
     "patch[0] (path /config/0/additional_properties/max_surge): value must be a finite number, got inf."),
    (dict(patch=[{"path": "/config/0/model_id", "value": ""}]),
     "patch[0] (path /config/0/model_id): config[0].model_id must not be empty."),
    (dict(patch=[{"path": "/config/0/specification", "value": ""}]),
     "patch[0] (path /config/0/specification): config[0].specification must not be empty."),
    (dict(patch=[{"path": "/config/0/additional_properties/persistent_volumes",
                  "value": [{"mount_path": "", "storage_type": "obs_pfs"}]}]),
     "config[0].additional_properties.persistent_volumes[0].mount_path must not be empty."),
    (dict(patch=[{"path": "/config/0/src_type", "value": "Directory"}]), "config[0].src_type can only be ManifestFile"),
    (dict(service_id="", patch=[{"path": "/config/0/instance_count", "value": 2}]), "service_id must not be empty"),
    (dict(patch=[{"value": 2}]), "missing required arguments: path"),
    (dict(), "missing required arguments: patch"),
]


@pytest.mark.parametrize("params, message", INVALID_PATCH_INPUTS, ids=lambda value: str(value)[:40])
def test_modelarts_service_patch_invalid_input_fails_before_any_request(world, patch, params, message):
    result = patch(**dict(dict(service_id=SERVICE_ID), **params))
    assert result.failed is True
    assert message in result["msg"], result["msg"]
    assert world.calls() == []


@pytest.mark.parametrize("specification", [
    # (Not modelarts.vm.cpu.2u: the service serves its model on that flavor already, so nothing would be sent.)
    "modelarts.vm.cpu.4u", "modelarts.vm.gpu.p4", "modelarts.vm.ai1.a310", "modelsarts.vm.ai1.a310",
    "modelarts.bm.gpu.v100", "modelarts.vm.cpu.free", "modelarts.pool.visual.xlarge", "modelarts.kat1.xlarge",
])
def test_every_documented_form_of_specification_is_sent(world, update, specification):
    result = update(service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "specification": specification}])
    # Sent as given; the emulator's flavor catalogue (GET .../services/specifications) lacks some documented
    # forms, so its PUT may answer 400: that is the API's answer, not a check of the module.
    assert world.bodies("PUT")[0]["config"][0]["specification"] == specification, result.get("msg")
    assert result.failed is False or "specification %s is not supported" % specification in result["msg"]
