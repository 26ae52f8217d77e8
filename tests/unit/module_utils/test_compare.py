# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import (
    changed_fields,
    current_config,
    current_state,
    desired_state,
    diff,
    merge_config,
    normalize,
    predict,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import CUSTOM_SPEC, SERVICE_CONFIG
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, FLOAT, INT, STRING, field_schema

M1 = "7f3c8d0e-1111"
M2 = "7f3c8d0e-2222"
M3 = "7f3c8d0e-3333"


def served():
    """A service as GET returns it: read-only fields everywhere."""
    return {
        "service_id": "s1",
        "service_name": "image-classifier",
        "status": "running",
        "update_time": 1700000000000,
        "infer_type": "real-time",
        "description": "v1",
        "schedule": [{"duration": 2, "time_unit": "HOURS", "type": "stop"}],
        "additional_properties": {"websocket_upgrade": False, "smn_notification": {"topic_urn": "urn:1", "events": [1, 3]}},
        "config": [
            {"model_id": M1, "model_name": "resnet", "model_version": "1.0.0", "status": "running",
             "specification": "modelarts.vm.cpu.2u", "weight": 70, "instance_count": 1, "envs": {"A": "1"},
             "additional_properties": {"max_surge": 1.0, "max_unavailable": 0.0}},
            {"model_id": M2, "model_name": "resnet", "model_version": "2.0.0", "status": "running",
             "specification": "custom", "custom_spec": {"cpu": 2.0, "memory": 4096}, "weight": 30, "instance_count": 2},
        ],
    }


# normalize

@pytest.mark.parametrize("value, schema, expected", [
    ("100", INT, 100),
    (" 7 ", INT, 7),
    (2.0, INT, 2),
    ("2.0", INT, 2),
    (2.5, INT, 2.5),
    ("abc", INT, "abc"),
    (True, INT, True),
    (2, FLOAT, 2.0),
    ("0.5", FLOAT, 0.5),
    ("3", FLOAT, 3.0),
    (1, STRING, "1"),
    (True, STRING, "true"),
    (False, STRING, "false"),
    (1.5, STRING, "1.5"),
    ("yes", BOOL, True),
    (" Off ", BOOL, False),
    ("maybe", BOOL, "maybe"),
    (None, INT, None),
])
def test_normalize_scalars(value, schema, expected):
    result = normalize(value, schema)
    assert result == expected
    assert type(result) is type(expected)


def test_normalize_envs_are_strings():
    assert normalize({"A": 1, "B": True, "C": "x", "D": None, "E": False}, {"*": STRING}) == {
        "A": "1", "B": "true", "C": "x", "E": "false"}


def test_normalize_drops_none_members_at_every_depth():
    value = {"model_id": M1, "weight": None, "custom_spec": {"cpu": "1", "gpu_p4": None},
             "additional_properties": {"max_surge": None, "persistent_volumes": [{"name": "v", "mount_path": None}]}}
    assert normalize(value, SERVICE_CONFIG) == {
        "model_id": M1, "custom_spec": {"cpu": 1.0},
        "additional_properties": {"persistent_volumes": [{"name": "v"}]}}


def test_normalize_nested_lists_and_dicts():
    config = [{"model_id": M1, "weight": "100", "instance_count": 2.0, "custom_spec": {"cpu": 2, "memory": "4096"},
               "envs": {"N": 3}, "nodes": ["a", "b"],
               "additional_properties": {"max_surge": 1, "termination_grace_period_seconds": "30",
                                         "log_volume": [{"host_path": "/h", "mount_path": "/m"}]}}]
    result = normalize(config, [SERVICE_CONFIG])
    assert result == [{"model_id": M1, "weight": 100, "instance_count": 2, "custom_spec": {"cpu": 2.0, "memory": 4096},
                       "envs": {"N": "3"}, "nodes": ["a", "b"],
                       "additional_properties": {"max_surge": 1.0, "termination_grace_period_seconds": 30,
                                                 "log_volume": [{"host_path": "/h", "mount_path": "/m"}]}}]
    entry = result[0]
    assert (type(entry["instance_count"]).__name__, type(entry["custom_spec"]["cpu"]).__name__) == ("int", "float")


def test_normalize_any_keeps_values_and_drops_none():
    assert normalize({"a": [1, {"b": None, "c": "2"}], "d": None}, ANY) == {"a": [1, {"c": "2"}]}
    assert normalize(["x", 1], [INT]) == ["x", 1]
    assert normalize("scalar", [INT]) == "scalar"
    assert normalize("scalar", CUSTOM_SPEC) == "scalar"


def test_field_schema():
    assert field_schema(SERVICE_CONFIG, "weight") == INT
    assert field_schema(SERVICE_CONFIG, "model_name") is None
    assert field_schema({"*": STRING}, "anything") == STRING
    assert field_schema(INT, "x") is None


# merge_config

def test_merge_keeps_current_values_of_omitted_fields():
    merged = merge_config(current_config(served()), [{"model_id": M1, "instance_count": "3", "weight": None}])
    assert merged == [{"model_id": M1, "specification": "modelarts.vm.cpu.2u", "weight": 70, "instance_count": 3,
                       "envs": {"A": "1"}, "additional_properties": {"max_surge": 1.0, "max_unavailable": 0.0}}]


def test_merge_merges_model_additional_properties_member_wise():
    merged = merge_config(current_config(served()), [{"model_id": M1, "additional_properties": {
        "max_unavailable": "0.5", "termination_grace_period_seconds": 60, "max_surge": None}}])
    assert merged[0]["additional_properties"] == {"max_surge": 1.0, "max_unavailable": 0.5,
                                                  "termination_grace_period_seconds": 60}


def test_merge_replaces_envs_and_custom_spec_wholesale():
    merged = merge_config(current_config(served()), [{"model_id": M2, "custom_spec": {"cpu": 4}},
                                                     {"model_id": M1, "envs": {"B": 2}}])
    assert merged[0]["custom_spec"] == {"cpu": 4.0}
    assert merged[1]["envs"] == {"B": "2"}


def test_merge_adds_new_entries_and_drops_unlisted_ones():
    merged = merge_config(current_config(served()), [
        {"model_id": M3, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 40},
        {"model_id": M1, "weight": 60},
    ])
    assert [entry["model_id"] for entry in merged] == [M3, M1]
    assert merged[0] == {"model_id": M3, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 40}
    assert merged[1]["weight"] == 60 and merged[1]["instance_count"] == 1


def test_merge_does_not_modify_the_current_entries():
    current = current_config(served())
    before = copy.deepcopy(current)
    merge_config(current, [{"model_id": M1, "weight": 1, "additional_properties": {"max_surge": 2}}])
    assert current == before


def test_merge_never_sends_back_empty_members_it_did_not_set():
    # GET shows custom_spec {} on a catalog flavor (ShowService's example), envs and additional_properties {}
    # on any entry; a PUT built from such an entry must not carry them (the service refuses custom_spec {}).
    service = served()
    service["config"][0].update({"custom_spec": {}, "envs": {}, "additional_properties": {"persistent_volumes": []},
                                 "cluster_id": ""})
    service["additional_properties"]["smn_notification"] = {}
    after = desired_state(service, {"config": [{"model_id": M1, "instance_count": 2}, {"model_id": M2}],
                                    "additional_properties": {"websocket_upgrade": True}})
    assert after["config"][0] == {"model_id": M1, "specification": "modelarts.vm.cpu.2u", "weight": 70, "instance_count": 2}
    assert after["config"][1]["custom_spec"] == {"cpu": 2.0, "memory": 4096}
    assert after["additional_properties"] == {"websocket_upgrade": True}


def test_merge_sends_empty_members_the_user_sets():
    merged = merge_config(current_config(served()), [{"model_id": M1, "envs": {}}])
    assert merged[0]["envs"] == {}


def test_current_config_drops_read_only_fields():
    entries = current_config(served())
    assert entries[1] == {"model_id": M2, "specification": "custom", "custom_spec": {"cpu": 2.0, "memory": 4096},
                          "weight": 30, "instance_count": 2}
    assert current_config({}) == []


# changed_fields and desired_state

def test_restating_the_served_config_changes_nothing():
    service = served()
    wanted = {"config": [
        {"model_id": M2, "specification": "custom", "custom_spec": {"cpu": "2", "memory": 4096.0}, "weight": "30",
         "instance_count": 2},
        {"model_id": M1, "weight": 70, "instance_count": 1},
    ], "description": "v1", "schedule": [{"duration": "2", "time_unit": "HOURS", "type": "stop"}],
        "additional_properties": {"websocket_upgrade": False}, "status": None}
    after = desired_state(service, wanted)
    assert sorted(after) == ["additional_properties", "config", "description", "schedule"]
    assert changed_fields(service, after) == []


def test_a_plan_given_the_current_state_computes_what_it_would_and_shares_nothing_with_it():
    service = served()
    wanted = {"config": [{"model_id": M1, "instance_count": 3}, {"model_id": M2}], "description": "v2",
              "additional_properties": {"websocket_upgrade": True}}
    before = current_state(service, ["config", "description", "additional_properties", "schedule"])
    kept = copy.deepcopy(before)
    after = desired_state(service, wanted, before)
    assert after == desired_state(service, wanted)
    assert changed_fields(service, after, before) == changed_fields(service, after) == [
        "config", "description", "additional_properties"]
    after["config"][1]["custom_spec"]["cpu"] = 64
    after["additional_properties"]["smn_notification"]["events"].append(11)
    assert before == kept and service == served()


def test_read_only_fields_never_count_as_changes():
    service = served()
    after = desired_state(service, {"config": [{"model_id": M1}, {"model_id": M2}]})
    other = copy.deepcopy(service)
    other["update_time"] = 1800000000000
    for entry, (name, version, status) in zip(other["config"], (("x", "9", "failed"), ("y", "8", "stopped"))):
        entry.update(model_name=name, model_version=version, status=status)
    assert changed_fields(other, after) == []
    assert changed_fields(service, after) == []


def test_entry_order_is_not_a_change():
    service = served()
    after = desired_state(service, {"config": [{"model_id": M2}, {"model_id": M1}]})
    assert [entry["model_id"] for entry in after["config"]] == [M2, M1]
    assert changed_fields(service, after) == []


def test_changes_are_detected_per_field():
    service = served()
    after = desired_state(service, {"description": "v2", "schedule": [{"duration": 2, "time_unit": "HOURS", "type": "stop"}],
                                    "config": [{"model_id": M1, "weight": 70}, {"model_id": M2, "instance_count": 3}]})
    assert changed_fields(service, after) == ["description", "config"]


def test_dropping_an_entry_is_a_change():
    service = served()
    after = desired_state(service, {"config": [{"model_id": M1, "weight": 100}]})
    assert changed_fields(service, after) == ["config"]


def test_service_additional_properties_merge_member_wise():
    service = served()
    after = desired_state(service, {"additional_properties": {"websocket_upgrade": True, "log_report_channels": None}})
    assert after["additional_properties"] == {"websocket_upgrade": True,
                                              "smn_notification": {"topic_urn": "urn:1", "events": [1, 3]}}
    assert changed_fields(service, after) == ["additional_properties"]


def test_a_field_missing_from_the_service_is_a_change():
    service = served()
    del service["description"]
    after = desired_state(service, {"description": "new"})
    assert changed_fields(service, after) == ["description"]


# diff and predict

def test_diff_shows_only_the_changed_fields():
    service = served()
    after = desired_state(service, {"description": "v2", "schedule": [{"duration": 2, "time_unit": "HOURS", "type": "stop"}],
                                    "config": [{"model_id": M1, "weight": 100}]})
    fields = changed_fields(service, after)
    shown = diff(service, after, fields)
    assert sorted(shown["before"]) == sorted(shown["after"]) == ["config", "description"]
    assert shown["before"]["description"] == "v1" and shown["after"]["description"] == "v2"
    assert shown["before"]["config"] == current_config(service)
    assert shown["after"]["config"] == [{"model_id": M1, "specification": "modelarts.vm.cpu.2u", "weight": 100,
                                         "instance_count": 1, "envs": {"A": "1"},
                                         "additional_properties": {"max_surge": 1.0, "max_unavailable": 0.0}}]
    assert "model_name" not in shown["before"]["config"][0]


def test_predict_keeps_read_only_fields_of_matched_entries():
    service = served()
    after = desired_state(service, {"description": "v2", "config": [
        {"model_id": M2, "instance_count": 4},
        {"model_id": M3, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 0},
    ]})
    predicted = predict(service, after, changed_fields(service, after))
    assert predicted["description"] == "v2"
    assert predicted["update_time"] == service["update_time"]
    assert predicted["service_name"] == "image-classifier"
    first, second = predicted["config"]
    assert first["model_id"] == M2 and first["instance_count"] == 4
    assert (first["model_name"], first["model_version"], first["status"]) == ("resnet", "2.0.0", "running")
    assert second == {"model_id": M3, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 0}
    assert len(predicted["config"]) == 2
    # The service itself is untouched.
    assert service == served()


def test_predict_only_touches_the_given_fields():
    service = served()
    after = desired_state(service, {"description": "v2", "config": [{"model_id": M1, "weight": 100}]})
    predicted = predict(service, after, ["description"])
    assert predicted["config"] == service["config"]
    assert predicted["description"] == "v2"


# Empty values and the API's rounding

@pytest.mark.parametrize("field, wanted", [
    ("schedule", []),
    ("description", ""),
    ("additional_properties", {}),
])
def test_an_empty_value_equals_an_absent_one(field, wanted):
    service = dict(served())
    service.pop(field)
    assert changed_fields(service, desired_state(service, {field: wanted})) == []


def test_an_empty_envs_map_equals_none_shown_but_clears_one_that_is_set():
    service = served()
    assert "envs" not in service["config"][1]
    wanted = [{"model_id": M1}, {"model_id": M2, "envs": {}}]
    assert changed_fields(service, desired_state(service, {"config": wanted})) == []
    clearing = [{"model_id": M1, "envs": {}}, {"model_id": M2}]
    after = desired_state(service, {"config": clearing})
    assert changed_fields(service, after) == ["config"]
    assert after["config"][0]["envs"] == {}


def test_cpu_and_gpu_compare_at_two_decimals_like_the_api_keeps_them():
    assert normalize({"cpu": 0.016, "gpu_p4": "1.004", "memory": "2048"}, CUSTOM_SPEC) == {
        "cpu": 0.02, "gpu_p4": 1.0, "memory": 2048}
    assert normalize({"cpu": 0.016}, CUSTOM_SPEC, round_decimals=False) == {"cpu": 0.016}
    service = served()
    service["config"][1]["custom_spec"] = {"cpu": 2.35, "memory": 4096}
    wanted = [{"model_id": M1}, {"model_id": M2, "custom_spec": {"cpu": 2.349, "memory": 4096}}]
    assert changed_fields(service, desired_state(service, {"config": wanted})) == []
