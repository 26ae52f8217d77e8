"""The emulator's answers have the shapes of the documented response examples (tests/fixtures/api_examples/responses/,
one JSON file per page): every member an example shows is there, with the example's JSON type, at every depth."""

import json
import os

import pytest

import emulator_testkit as kit
from emulator_testkit import config_entry

RESPONSES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "fixtures", "api_examples", "responses")
S_POOL = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def example(name):
    with open(os.path.join(RESPONSES_DIR, name + ".json")) as handle:
        return json.load(handle)["body"]


def json_type(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"  # JSON has one number type; the pages' Integer and Float fields alike
    return {str: "string", list: "array", dict: "object", type(None): "null"}[type(value)]


def shape_differences(documented, answered, where="$"):
    """Members of ``documented`` missing from ``answered`` or of another JSON type; list items are compared with
    the documented first item (an empty object documents no members)."""
    if json_type(documented) != json_type(answered):
        return ["%s: %s documented, %s answered" % (where, json_type(documented), json_type(answered))]
    found = []
    if isinstance(documented, dict):
        for key, value in documented.items():
            if key not in answered:
                found.append("%s.%s: missing" % (where, key))
            else:
                found.extend(shape_differences(value, answered[key], "%s.%s" % (where, key)))
    elif isinstance(documented, list) and documented:
        if not answered:
            found.append("%s: empty, the example has items" % where)
        for index, item in enumerate(answered):
            found.extend(shape_differences(documented[0], item, "%s[%d]" % (where, index)))
    return found


@pytest.fixture
def pooled(emu, api):
    """A running service in a dedicated pool (ShowService's example shows cluster_id), with one update record."""
    emu.seed({"services": [{"service_id": S_POOL, "service_name": "pooled", "project_id": kit.P1, "status": "running",
                            "cluster_id": "088458d9-5755-4110-97d8-1d21065ea10b", "config": [config_entry()]}]})
    assert api.put("/services/" + S_POOL, {"config": [config_entry(instance_count=2)]}).status_code == 200
    api.release(S_POOL)
    return api


def test_show_service(pooled):
    answer = pooled.service(S_POOL)
    assert shape_differences(example("show_service"), answer) == []
    # The example's entry is custom with "custom_spec": {}; a catalog flavor's entry shows {} too.
    assert answer["config"][0]["custom_spec"] == {} and answer["workspace_id"] == "0"


def test_list_services(pooled):
    answer = pooled.get("/services").json()
    assert shape_differences(example("list_services"), answer) == []
    assert {service["workspace_id"] for service in answer["services"]} == {0}  # a number in the example


def test_update_logs(pooled):
    answer = pooled.get("/services/%s/logs" % S_POOL).json()
    assert shape_differences(example("update_logs"), answer) == []
    # otcextensions' recorded update record: catalog flavor entries with custom_spec {}, envs {}, scaling false,
    # and the record's extend_config and cluster_id.
    record = answer["logs"][0]
    assert record["extend_config"] == [] and record["cluster_id"] == "088458d9-5755-4110-97d8-1d21065ea10b"
    entry = record["config"][0]
    assert entry["custom_spec"] == {} and entry["envs"] == {} and entry["scaling"] is False


def test_events(pooled):
    assert shape_differences(example("events"), pooled.get("/services/%s/events" % S_POOL).json()) == []


def test_monitor(pooled):
    answer = pooled.get("/services/%s/monitor" % S_POOL).json()
    assert shape_differences(example("monitor"), answer) == []


def test_specifications(api):
    answer = api.get("/services/specifications").json()
    assert shape_differences(example("specifications"), answer) == []
    # The example's flavors are offered with its CPU, memory and accelerator figures.
    offered = {flavor["specification"]: flavor for flavor in answer["specifications"]}
    for flavor in example("specifications")["specifications"]:
        ours = offered[flavor["specification"]]
        assert (ours["category"], ours["cpu_info"], ours["memory_info"]) == (flavor["category"], flavor["cpu_info"], flavor["memory_info"])
        if flavor["category"] == "GPU":
            assert (ours["gpu_info"]["gpu"], ours["gpu_info"]["memory"]) == (flavor["gpu_info"]["gpu"], flavor["gpu_info"]["memory"])


def test_the_comparison_sees_a_missing_member_and_a_changed_type():
    assert shape_differences({"a": {"b": [{"c": 1}]}}, {"a": {"b": [{"c": "1"}, {}]}}) == [
        "$.a.b[0].c: number documented, string answered", "$.a.b[1].c: missing"]
