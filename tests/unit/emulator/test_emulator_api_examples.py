"""Every documented request example of CreateService, UpdateService and PatchServiceV2 (tests/fixtures/api_examples/,
one JSON file each: the page, the example's title, method, path and body) is accepted by the emulator and lands."""

import glob
import json
import os

import pytest

import emulator_testkit as kit

EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "fixtures", "api_examples")
EXAMPLES = sorted(glob.glob(os.path.join(EXAMPLES_DIR, "*.json")))
S_EXAMPLE = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"


def load(path):
    with open(path) as handle:
        return json.load(handle)


def model_ids(example):
    """The models an example names (config entries, a PATCH of /config/0/model_id)."""
    body = example["body"]
    if isinstance(body, list):
        return [operation["value"] for operation in body if operation["path"] == "/config/0/model_id"]
    return [entry["model_id"] for entry in body.get("config") or []]


@pytest.fixture
def world(emu, api):
    """The models every example names, published in the project, and a service the PUT and PATCH examples act on."""
    ids = sorted(set(model_id for path in EXAMPLES for model_id in model_ids(load(path))))
    emu.seed({"models": [{"model_id": model_id, "model_name": "example-model", "model_version": "1.%d.0" % number, "project_id": kit.P1}
                         for number, model_id in enumerate(ids)]})
    return api


def test_every_page_example_has_a_fixture():
    names = sorted(os.path.basename(path)[:-len(".json")] for path in EXAMPLES)
    assert names == ["create_batch_csv", "create_batch_file", "create_edge", "create_real_time", "create_real_time_auto_stop",
                     "create_real_time_dedicated_pool_custom", "create_real_time_traffic_split", "patch_config", "update_real_time"]
    for path in EXAMPLES:
        example = load(path)
        assert example["page"].startswith("https://support.huaweicloud.com/intl/en-us/api-modelarts/")
        assert example["method"] in ("POST", "PUT", "PATCH") and example["path"].startswith("/v1/{project_id}/services")


@pytest.mark.parametrize("path", [p for p in EXAMPLES if load(p)["method"] == "POST"], ids=os.path.basename)
def test_create_examples_are_accepted_and_land(emu, world, path):
    example = load(path)
    body = example["body"]
    response = world.post("/services", body)
    assert response.status_code == 200, response.text
    service = world.service(response.json()["service_id"])
    assert service["service_name"] == body["service_name"] and service["infer_type"] == body["infer_type"]
    for sent, shown in zip(body["config"], service["config"]):
        assert shown["model_id"] == sent["model_id"] and shown["specification"] == sent["specification"]
        assert shown["instance_count"] == int(sent["instance_count"])
        if "weight" in sent:
            assert shown["weight"] == int(sent["weight"])
        for key in ("custom_spec", "envs", "nodes", "mapping_rule", "mapping_type", "src_path", "dest_path", "req_uri"):
            if key in sent:
                assert shown[key] == sent[key], key
    for key in ("cluster_id", "schedule"):
        if key in body:
            assert service[key] == body[key]


def test_update_example_is_accepted_and_only_its_status_is_applied(emu, world):
    example = load(os.path.join(EXAMPLES_DIR, "update_real_time.json"))
    model_id = example["body"]["config"][0]["model_id"]
    other = model_ids(load(os.path.join(EXAMPLES_DIR, "create_real_time.json")))[0]
    # A stopped service: the example sets status running together with config, and the page applies only the status.
    emu.seed({"services": [{"service_id": S_EXAMPLE, "service_name": "example", "project_id": kit.P1, "status": "stopped",
                            "config": [{"model_id": other, "weight": 100, "specification": "modelarts.vm.cpu.4u", "instance_count": 2}]}]})
    response = world.put("/services/" + S_EXAMPLE, example["body"])
    assert response.status_code == 200, response.text
    service = world.service(S_EXAMPLE)
    assert service["status"] == "deploying" and service["description"] == ""
    assert service["config"][0]["model_id"] == other != model_id


def test_patch_example_is_accepted_and_lands(emu, world):
    example = load(os.path.join(EXAMPLES_DIR, "patch_config.json"))
    first = model_ids(load(os.path.join(EXAMPLES_DIR, "create_real_time.json")))[0]
    emu.seed({"services": [{"service_id": S_EXAMPLE, "service_name": "example", "project_id": kit.P1, "status": "running",
                            "config": [{"model_id": first, "weight": 100, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                                        "envs": {"MODE": "prod"}}]}]})
    response = world.patch("/services/" + S_EXAMPLE, example["body"])
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"update_time", "resource_ids"}
    entry = world.service(S_EXAMPLE)["config"][0]
    values = {operation["path"][len("/config/0/"):]: operation["value"] for operation in example["body"]}
    assert entry["model_id"] == values["model_id"] and entry["specification"] == values["specification"]
    assert entry["pool_name"] == values["pool_name"] and entry["envs"] == {}
    assert entry["additional_properties"] == values["additional_properties"]
