"""Every documented request example of CreateService, UpdateService and PatchServiceV2 (tests/fixtures/api_examples/)
expressed as modelarts_service (or modelarts_service_patch) options: the body the collection sends, read from the
emulator's request log, is the example's body once both are normalised the way the collection compares bodies
(numbers given as strings, such as the pages' ``"weight": "100"``, are numbers)."""

import glob
import json
import os

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import normalize
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE
from integration.harness import PROJECT_ID, module_task

EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "api_examples")
EXAMPLE_SERVICE = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
# POST body fields whose option has another name.
OPTION_NAMES = {"service_name": "name"}


def load(name):
    with open(os.path.join(EXAMPLES_DIR, name + ".json")) as handle:
        return json.load(handle)


def names(method):
    return sorted(os.path.basename(path)[:-len(".json")] for path in glob.glob(os.path.join(EXAMPLES_DIR, "*.json"))
                  if load(os.path.basename(path)[:-len(".json")])["method"] == method)


def normalised(body):
    return dict((field, normalize(value, SERVICE[field]) if field in SERVICE else value) for field, value in body.items())


def models_of(body):
    if isinstance(body, list):
        return [operation["value"] for operation in body if operation["path"] == "/config/0/model_id"]
    return [entry["model_id"] for entry in body.get("config") or []]


def seed_models(emu, *bodies):
    ids = sorted(set(model_id for body in bodies for model_id in models_of(body)))
    emu.seed({"models": [{"model_id": model_id, "model_name": "example-model", "model_version": "1.%d.0" % number,
                          "project_id": PROJECT_ID} for number, model_id in enumerate(ids)]})


def sent(emu, method):
    return [r["body"] for r in emu.requests() if r["method"] == method]


def test_every_example_is_covered_here():
    assert names("POST") + names("PUT") + names("PATCH") == [
        "create_batch_csv", "create_batch_file", "create_edge", "create_real_time", "create_real_time_auto_stop",
        "create_real_time_dedicated_pool_custom", "create_real_time_traffic_split", "update_real_time", "patch_config"]


@pytest.mark.parametrize("name", names("POST"))
def test_create_example_as_options_sends_the_example_body(emu, in_process, name):
    body = load(name)["body"]
    seed_models(emu, body)
    options = dict((OPTION_NAMES.get(field, field), value) for field, value in body.items())
    task = module_task("hwcloud.modelarts.modelarts_service", "create", options)
    result = in_process.run([task, dict(task, name="again")])
    assert result.rc == 0, result.stdout
    assert result.task("create")["changed"] is True and result.task("again")["changed"] is False
    posts = sent(emu, "POST")
    assert len(posts) == 1 and [r["method"] for r in emu.writes()] == ["POST"]
    assert normalised(posts[0]) == normalised(body)


def test_update_example_as_options_sends_the_example_fields(emu, in_process):
    """The example sends status running with config. The page says the API then applies only the status, so the
    collection never sends them together: a stopped service gets the description and config first, then the
    status; the two PUTs together are the example's body."""
    body = load("update_real_time")["body"]
    seed_models(emu, body)
    emu.seed({"services": [{"service_id": EXAMPLE_SERVICE, "service_name": "example", "project_id": PROJECT_ID,
                            "status": "stopped", "description": "before",
                            "config": [{"model_id": body["config"][0]["model_id"], "weight": 100,
                                        "specification": "modelarts.vm.cpu.4u", "instance_count": 2}]}]})
    options = dict(service_id=EXAMPLE_SERVICE, description=body["description"], config=body["config"], state="running")
    task = module_task("hwcloud.modelarts.modelarts_service", "update", options)
    result = in_process.run([task, dict(task, name="again")])
    assert result.rc == 0, result.stdout
    assert result.task("again")["changed"] is False
    puts = sent(emu, "PUT")
    assert puts == [{"description": "", "config": puts[0]["config"]}, {"status": "running"}]
    merged = dict(puts[0], **puts[1])
    assert normalised(merged) == normalised(body)


def test_patch_example_as_options_sends_the_example_body(emu, in_process):
    body = load("patch_config")["body"]
    seed_models(emu, body, {"config": [{"model_id": "0e07b41b-173e-42db-8c16-8e1b44cc0d44"}]})
    emu.seed({"services": [{"service_id": EXAMPLE_SERVICE, "service_name": "example", "project_id": PROJECT_ID,
                            "status": "running", "config": [{
                                "model_id": "0e07b41b-173e-42db-8c16-8e1b44cc0d44", "weight": 100,
                                "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "envs": {"MODE": "prod"}}]}]})
    task = module_task("hwcloud.modelarts.modelarts_service_patch", "patch", dict(service_id=EXAMPLE_SERVICE, patch=body))
    result = in_process.run([task, dict(task, name="again")])
    assert result.rc == 0, result.stdout
    assert result.task("patch")["changed"] is True and result.task("again")["changed"] is False
    assert sent(emu, "PATCH") == [body]
