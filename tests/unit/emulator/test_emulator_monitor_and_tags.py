"""GET .../monitor (ShowServiceMonitorInfo) and the service tag calls (BatchCreateServiceTags, BatchDeleteServiceTags,
ListServiceTags)."""

import pytest

import emulator_testkit as kit
from emulator_testkit import config_entry

SERVICE = "/services/" + kit.S_RUN
TAGS = SERVICE + "/tags/"


def test_monitor_of_a_running_service(api):
    body = api.get(SERVICE + "/monitor").json()
    assert (body["service_id"], body["service_name"]) == (kit.S_RUN, "svc-running")
    (monitor,) = body["monitors"]
    assert (monitor["model_id"], monitor["model_name"], monitor["model_version"]) == (kit.M1, "resnet50", "1.0.0")
    # modelarts.vm.cpu.2u: 2 cores and 8 GiB an instance, one instance running.
    assert (monitor["cpu_core_total"], monitor["cpu_memory_total"], monitor["gpu_total"]) == (2.0, 8192, 0.0)
    assert 0 < monitor["cpu_core_usage"] <= monitor["cpu_core_total"] and 0 < monitor["cpu_memory_usage"] <= 8192
    assert (monitor["model_running_instance_count"], monitor["model_instance_count"]) == (1, 1)
    assert (body["service_running_instance_count"], body["service_instance_count"]) == (1, 1)


def test_monitor_of_a_stopped_service_and_a_traffic_split(api):
    stopped = api.get("/services/%s/monitor" % kit.S_STOP).json()["monitors"][0]
    assert stopped["model_running_instance_count"] == 0 and stopped["cpu_core_usage"] == 0
    split = [config_entry(kit.M1, 70, instance_count=2), config_entry(kit.M2, 30, specification="modelarts.vm.gpu.pnt004")]
    assert api.put(SERVICE, {"config": split}).status_code == 200
    api.release(kit.S_RUN)
    monitors = {monitor["model_id"]: monitor for monitor in api.get(SERVICE + "/monitor").json()["monitors"]}
    assert monitors[kit.M1]["model_instance_count"] == 2 and monitors[kit.M1]["cpu_core_total"] == 4.0
    assert monitors[kit.M2]["gpu_total"] == 1.0


def test_monitor_of_an_unknown_service(api):
    kit.assert_error(api.get("/services/%s/monitor" % "00000000-0000-4000-8000-000000000000"), 404, "ModelArts.3502")


def tags_of(api):
    return {tag["key"]: tag["values"] for tag in api.get("/services/tms/tags").json()["tags"]}


def test_create_overwrite_and_delete_tags(api):
    # The BatchCreateServiceTags page's own example.
    response = api.post(TAGS + "create", {"tags": [{"key": "test", "value": "service-gpu"}, {"key": "model_version", "value": "0.1"}]})
    assert response.status_code == 204 and response.content == b""
    assert tags_of(api) == {"model_version": ["0.1"], "test": ["service-gpu"]}
    assert api.post(TAGS + "create", {"tags": [{"key": "test", "value": "service-cpu"}]}).status_code == 204
    assert tags_of(api)["test"] == ["service-cpu"], "an existing key gets the new value"
    assert api.post("/services/%s/tags/create" % kit.S_SHARED, {"tags": [{"key": "test", "value": "other"}]}).status_code == 204
    assert tags_of(api)["test"] == ["service-cpu", "other"], "the project list merges the values of one key"
    delete = api.request("DELETE", TAGS + "delete", json={"tags": [{"key": "test", "value": "not-its-value"}, {"key": "model_version"}]})
    assert delete.status_code == 204 and delete.content == b""
    assert tags_of(api) == {"test": ["service-cpu", "other"]}, "a value that does not match keeps the tag"
    assert api.request("DELETE", TAGS + "delete", json={"tags": [{"key": "test"}, {"key": "never-set"}]}).status_code == 204
    assert tags_of(api) == {"test": ["other"]}


@pytest.mark.parametrize("tags, code", [
    (None, "ModelArts.3610"),
    ([], "ModelArts.3610"),
    ("test", "ModelArts.0101"),
    ([{"value": "v"}], "ModelArts.3610"),
    ([{"key": 1, "value": "v"}], "ModelArts.0101"),
    ([{"key": "k", "value": "v", "extra": 1}], "ModelArts.0101"),
    ([{"key": " padded", "value": "v"}], "ModelArts.0104"),
    ([{"key": "_sys_owner", "value": "v"}], "ModelArts.0104"),
    ([{"key": "k" * 129, "value": "v"}], "ModelArts.0104"),
    ([{"key": "a/b", "value": "v"}], "ModelArts.0104"),
    ([{"key": "k", "value": "v" * 256}], "ModelArts.0104"),
    ([{"key": "k", "value": "a#b"}], "ModelArts.0104"),
])
def test_tag_rules(api, tags, code):
    kit.assert_error(api.post(TAGS + "create", {"tags": tags}), 400, code)
    assert tags_of(api) == {}


def test_tags_only_for_real_time_services_and_known_services(emu, api):
    batch = {"model_id": kit.M1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "src_path": "https://b.obs/in/",
             "dest_path": "https://b.obs/out/", "req_uri": "/", "mapping_type": "file"}
    created = api.post("/services", {"service_name": "batch-tags", "infer_type": "batch", "config": [batch]}).json()["service_id"]
    kit.assert_error(api.post("/services/%s/tags/create" % created, {"tags": [{"key": "k", "value": "v"}]}), 400, "ModelArts.0104")
    unknown = "/services/00000000-0000-4000-8000-000000000000/tags/create"
    kit.assert_error(api.post(unknown, {"tags": [{"key": "k", "value": "v"}]}), 404, "ModelArts.3502")
    kit.assert_error(api.request("GET", TAGS + "create"), 404, "APIG.0101")
    # Unicode letters are letters ("any language").
    assert api.post(TAGS + "create", {"tags": [{"key": "团队 a.b:c=d+e-f@g", "value": "组/x"}]}).status_code == 204
