"""The request-model checker of tests/sdk_contract.py, on the SDK's v2 service models."""

import copy

import pytest

pytest.importorskip("huaweicloudsdkmodelarts.v1.model")

import sdk_contract  # noqa: E402  pylint: disable=wrong-import-position

MINIMAL_CREATE = {
    "name": "svc-a", "version": "1.0.0", "type": "REAL_TIME", "deploy_type": "SINGLE",
    "group_configs": [{"name": "deploy-1", "count": 1, "weight": 100,
                       "unit_configs": [{"image": {"source": "SWR", "swr_path": "swr.cn-north-4.myhuaweicloud.com/org/img:1.0.0"},
                                         "custom_spec": {"cpu": 2, "memory": 4096}, "envs": {"MODE": "prod"}}]}],
    "runtime_config": {"service_invoke": {"port": 8080, "protocol": "HTTPS", "auth_type": "TOKEN"},
                       "service_limit": {"rate_limit": {"num": 200, "unit": "SECONDS"}, "request_size_limit": 20, "request_timeout": 30}},
    "upgrade_config": {"type": "ROLLING", "rolling_update": {"max_surge": "50%", "max_unavailable": "50%"}},
}


def test_a_body_that_fits_has_no_problems():
    assert sdk_contract.body_problems(MINIMAL_CREATE, "ServiceCreateRequest") == []
    sdk_contract.assert_matches_model(MINIMAL_CREATE, "ServiceCreateRequest")


def test_a_model_class_works_like_its_name():
    from huaweicloudsdkmodelarts.v1.model import ServiceCreateRequest

    body = dict(MINIMAL_CREATE, nmae="typo")
    assert sdk_contract.body_problems(body, ServiceCreateRequest) == sdk_contract.body_problems(body, "ServiceCreateRequest")


def test_an_unknown_key_fails_with_its_path():
    body = copy.deepcopy(MINIMAL_CREATE)
    body["group_configs"][0]["unit_configs"][0]["readiness_health"] = {"check_method": "HTTP", "url": "/health", "command": "true"}
    problems = sdk_contract.body_problems(body, "ServiceCreateRequest")
    assert len(problems) == 1
    assert problems[0].startswith("$.group_configs[0].unit_configs[0].readiness_health.command: unknown key (Health knows ")


@pytest.mark.parametrize("path, value, expected", [
    (("runtime_config", "service_invoke", "port"), "8080", "$.runtime_config.service_invoke.port: expected int, got str '8080'"),
    (("runtime_config", "service_invoke", "port"), True, "$.runtime_config.service_invoke.port: expected int, got bool True"),
    (("runtime_config", "service_invoke", "port"), 80.5, "$.runtime_config.service_invoke.port: expected int, got float 80.5"),
    (("name",), 7, "$.name: expected str, got int 7"),
    (("group_configs",), {"name": "x"}, "$.group_configs: expected a list (list[GroupConfig]), got dict"),
    (("runtime_config",), [], "$.runtime_config: expected an object (RuntimeConfigCreateRequest), got list"),
    (("group_configs", 0, "unit_configs", 0, "envs"), ["A=1"], "$.group_configs[0].unit_configs[0].envs: expected an object (dict(str, str)), got list"),
    (("group_configs", 0, "unit_configs", 0, "envs", "MODE"), 1, "$.group_configs[0].unit_configs[0].envs.MODE: expected str, got int 1"),
    (("group_configs", 0, "unit_configs", 0, "custom_spec", "cpu"), "2", "$.group_configs[0].unit_configs[0].custom_spec.cpu: expected float, got str '2'"),
    (("group_configs", 0, "system_log_dump_enable"), "true", "$.group_configs[0].system_log_dump_enable: expected bool, got str 'true'"),
])
def test_a_wrong_type_fails_with_its_path(path, value, expected):
    body = copy.deepcopy(MINIMAL_CREATE)
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert sdk_contract.body_problems(body, "ServiceCreateRequest") == [expected]


def test_floats_take_integers_and_nulls_are_no_type_error():
    body = copy.deepcopy(MINIMAL_CREATE)
    body["group_configs"][0]["unit_configs"][0]["custom_spec"] = {"cpu": 0.5, "gpu": 1, "memory": 512}
    body["description"] = None
    assert sdk_contract.body_problems(body, "ServiceCreateRequest") == []


def test_the_body_itself_must_be_an_object():
    assert sdk_contract.body_problems([], "DeleteServicesRequest") == ["$: expected an object (DeleteServicesRequest), got list"]


def test_required_keys_come_from_the_model():
    assert sdk_contract.required_keys("ServiceCreateRequest") == (
        "name", "type", "deploy_type", "group_configs", "runtime_config", "custom_metrics_path")
    assert sdk_contract.required_keys("ImageInfo") == ("source", "swr_path")
    assert sdk_contract.required_keys("DeleteServicesRequest") == ("service_ids",)


def test_required_is_checked_only_when_asked_and_can_be_waived_by_path():
    body = copy.deepcopy(MINIMAL_CREATE)
    del body["group_configs"][0]["unit_configs"][0]["image"]["swr_path"]
    assert sdk_contract.body_problems(body, "ServiceCreateRequest") == []
    problems = sdk_contract.body_problems(body, "ServiceCreateRequest", required=True)
    assert problems == ["$.group_configs[0].unit_configs[0].image.swr_path: missing (required by ImageInfo)",
                        "$.custom_metrics_path: missing (required by ServiceCreateRequest)"]
    assert sdk_contract.body_problems(body, "ServiceCreateRequest", required=True, allow_missing=("$.custom_metrics_path",)) == [
        "$.group_configs[0].unit_configs[0].image.swr_path: missing (required by ImageInfo)"]


def test_assert_matches_model_lists_every_problem():
    body = dict(MINIMAL_CREATE, nmae="x", version=100)
    with pytest.raises(AssertionError) as failure:
        sdk_contract.assert_matches_model(body, "ServiceCreateRequest")
    message = str(failure.value)
    assert "body does not match ServiceCreateRequest" in message
    assert "$.nmae: unknown key" in message
    assert "$.version: expected str, got int 100" in message


def test_update_model_types_tags_as_a_string():
    # The SDK's ServiceUpdateRequest types tags as a string (the pages: an array); the checker reports what the SDK says.
    assert sdk_contract.body_problems({"tags": [{"key": "a", "value": "b"}]}, "ServiceUpdateRequest") == [
        "$.tags: expected str, got list [{'key': 'a', 'value': 'b'}]"]
