# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE, SERVICE_CONFIG
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import (
    check_config,
    check_custom_spec,
    check_description,
    check_entry,
    check_entry_complete,
    check_entry_values,
    check_merged_config,
    check_model_additional_properties,
    check_one_way_switches,
    check_schedule,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import type_errors

RT = "real-time"


def entry(model_id="m1", **fields):
    base = {"model_id": model_id, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}
    base.update(fields)
    return base


def message_of(call, *args):
    with pytest.raises(ModelArtsConfigError) as caught:
        call(*args)
    return str(caught.value)


# description

@pytest.mark.parametrize("description", [None, "", "a" * 100, "plain text, with: punctuation (ok) - 100%"])
def test_description_ok(description):
    check_description(description)


def test_description_too_long():
    assert message_of(check_description, "a" * 101) == "description may have at most 100 characters, it has 101."


@pytest.mark.parametrize("description, bad", [("a<b", "<"), ("x=1 & y", "&="), ('say "hi"', '"'), ("it's", "'"),
                                              ("<>", "<>")])
def test_description_forbidden_characters(description, bad):
    text = message_of(check_description, description)
    assert text.startswith("description must not contain any of")
    assert text.endswith("it contains %s." % bad)


# schedule

def test_schedule_ok():
    check_schedule([{"duration": 1, "time_unit": "HOURS", "type": "stop"}], RT)
    check_schedule(None, "batch")
    check_schedule([], "edge")


def test_schedule_only_on_real_time():
    text = message_of(check_schedule, [{"duration": 1}], "batch")
    assert text == "schedule can only be set on a real-time service, not on a batch service."


def test_schedule_duration_positive():
    text = message_of(check_schedule, [{"duration": 2}, {"duration": 0}], RT)
    assert text == "schedule[1].duration must be a positive whole number, got 0."


# one entry

def test_entry_ok():
    check_entry(entry(instance_count=1, weight=0), "config[0]", RT)
    check_entry(entry(weight=100, specification="custom", custom_spec={"cpu": 0.01, "memory": 1}), "config[0]", RT)


@pytest.mark.parametrize("fields, expected", [
    ({"instance_count": 0}, "config[2].instance_count must be at least 1, got 0."),
    ({"weight": -1}, "config[2].weight must be between 0 and 100, got -1."),
    ({"weight": 101}, "config[2].weight must be between 0 and 100, got 101."),
    ({"model_id": ""}, "config[2].model_id must not be empty."),
    ({"specification": " "}, "config[2].specification must not be empty."),
    ({"src_type": "Directory"}, "config[2].src_type can only be ManifestFile (leave it out to read every file "
                                "under src_path), got 'Directory'."),
    ({"mapping_type": "json"}, "config[2].mapping_type must be file or csv, got 'json'."),
    ({"nodes": ["node-1", ""]}, "config[2].nodes[1] must not be empty."),
    ({"additional_properties": {"log_volume": [{"host_path": "/h", "mount_path": ""}]}},
     "config[2].additional_properties.log_volume[0].mount_path must not be empty."),
    ({"additional_properties": {"persistent_volumes": [{"mount_path": ""}]}},
     "config[2].additional_properties.persistent_volumes[0].mount_path must not be empty."),
])
def test_entry_rules(fields, expected):
    assert message_of(check_entry_values, entry(**fields), "config[2]") == expected
    # Value rules hold for every kind of service.
    for kind in (RT, "batch", "edge"):
        assert message_of(check_entry, entry(**fields), "config[2]", kind) == expected


@pytest.mark.parametrize("field, kind", [("src_path", "batch"), ("dest_path", "batch"), ("req_uri", "batch"),
                                         ("mapping_type", "batch"), ("mapping_rule", "batch"), ("src_type", "batch"),
                                         ("nodes", "edge")])
def test_batch_and_edge_fields_refused_on_real_time(field, kind):
    value = "file" if field == "mapping_type" else "ManifestFile" if field == "src_type" else "x"
    text = message_of(check_entry, entry(**{field: value}), "config[0]", RT)
    assert text == "config[0].%s is only for %s services; this is a real-time service." % (field, kind)
    check_entry(entry(**{field: value}), "config[0]", kind)


@pytest.mark.parametrize("field, value", [("src_path", "obs://in/"), ("dest_path", "obs://out/"), ("req_uri", "/"),
                                          ("mapping_type", "csv"), ("mapping_rule", {"a": 1}),
                                          ("src_type", "ManifestFile")])
def test_batch_fields_refused_on_edge(field, value):
    assert message_of(check_entry, entry(**{field: value}), "config[0]", "edge") == (
        "config[0].%s is only for batch services; this is an edge service." % field)


def test_nodes_refused_on_batch():
    assert message_of(check_entry, entry(nodes=["node-1"]), "config[0]", "batch") == (
        "config[0].nodes is only for edge services; this is a batch service.")


# whole entries (after the GET, with the current values merged in)

BATCH_ENTRY = dict(src_path="obs://in/", dest_path="obs://out/", req_uri="/", mapping_type="file")


def test_complete_entries_ok():
    check_entry_complete(entry(**BATCH_ENTRY), "config[0]", "batch")
    check_entry_complete(entry(**{**BATCH_ENTRY, "mapping_type": "csv", "mapping_rule": {"type": "object"}}),
                         "config[0]", "batch")
    check_entry_complete(entry(nodes=["node-1"]), "config[0]", "edge")
    custom = entry(specification="custom", custom_spec={"cpu": 1, "memory": 1024})
    check_entry_complete(dict(custom, cluster_id="c"), "config[0]", RT)
    check_entry_complete(dict(custom, pool_name="p"), "config[0]", RT)
    check_entry_complete(custom, "config[0]", RT, service_pool=True)


@pytest.mark.parametrize("missing", ["src_path", "dest_path", "req_uri", "mapping_type"])
def test_batch_entry_needs_its_mandatory_fields(missing):
    for absent in (None, ""):
        fields = dict(BATCH_ENTRY, **{missing: absent})
        assert message_of(check_entry_complete, entry(**fields), "config[0]", "batch") == (
            "config[0].%s is required for a batch service." % missing)


def test_csv_mapping_needs_a_mapping_rule():
    for rule in (None, {}):
        fields = {**BATCH_ENTRY, "mapping_type": "csv", "mapping_rule": rule}
        assert message_of(check_entry_complete, entry(**fields), "config[0]", "batch") == (
            "config[0].mapping_rule is required when config[0].mapping_type is csv.")


def test_edge_entry_needs_neither_nodes_nor_a_pool_for_custom():
    """The current CreateService page: nodes is optional for an edge service, and its edge example sends
    specification custom without a pool (https://support.huaweicloud.com/intl/en-us/api-modelarts/CreateService.html)."""
    for nodes in (None, []):
        check_entry_complete(entry(nodes=nodes), "config[1]", "edge")
    check_entry_complete(entry(specification="custom", custom_spec={"cpu": 1.5, "memory": 7500}), "config[1]", "edge")
    assert message_of(check_entry_complete, entry(specification="custom", custom_spec={"cpu": 1.5, "memory": 7500}),
                      "config[1]", RT).startswith("config[1].specification custom is only available in a dedicated")


@pytest.mark.parametrize("spec", [None, {}])
def test_custom_specification_needs_custom_spec(spec):
    assert message_of(check_entry_complete, entry(specification="custom", custom_spec=spec, cluster_id="c"),
                      "config[2]", RT) == "config[2].custom_spec is required when config[2].specification is custom."


def test_custom_specification_needs_a_dedicated_pool():
    custom = entry(specification="custom", custom_spec={"cpu": 1, "memory": 1024})
    assert message_of(check_entry_complete, custom, "config[0]", RT) == (
        "config[0].specification custom is only available in a dedicated resource pool: set config[0].cluster_id "
        "or config[0].pool_name (the service runs in no dedicated pool).")
    # The pool rules need the service: the entry alone does not decide them.
    check_entry(custom, "config[0]", RT)


# custom_spec

def test_custom_spec_ok():
    check_custom_spec(None, "config[0].custom_spec")
    check_custom_spec({"cpu": 0.01, "memory": 1, "gpu_p4": 0, "ascend_a310": None}, "config[0].custom_spec")
    check_custom_spec({"cpu": 2, "memory": 2048, "ascend_a310": 1}, "config[0].custom_spec")


@pytest.mark.parametrize("spec, expected", [
    ({"gpu_p4": 1, "ascend_a310": 1}, "config[1].custom_spec: set either gpu_p4 or ascend_a310, not both."),
    ({"cpu": 0.001}, "config[1].custom_spec.cpu must be at least 0.01 cores, got 0.001."),
    ({"cpu": 0}, "config[1].custom_spec.cpu must be at least 0.01 cores, got 0."),
    ({"memory": 0}, "config[1].custom_spec.memory must be a positive number of MB, got 0."),
    ({"gpu_p4": -1}, "config[1].custom_spec.gpu_p4 must not be negative, got -1."),
    ({"ascend_a310": -2}, "config[1].custom_spec.ascend_a310 must not be negative, got -2."),
])
def test_custom_spec_rules(spec, expected):
    assert message_of(check_custom_spec, spec, "config[1].custom_spec") == expected


def test_custom_spec_rule_reached_through_check_config():
    config = [entry("a", weight=50), entry("b", weight=50, specification="custom", custom_spec={"cpu": 0.001})]
    assert message_of(check_config, config, RT) == "config[1].custom_spec.cpu must be at least 0.01 cores, got 0.001."


# model additional_properties

def test_model_additional_properties_ok():
    where = "config[0].additional_properties"
    check_model_additional_properties(None, where)
    check_model_additional_properties({"max_surge": 0.1, "max_unavailable": 0}, where)
    volume = {"log_volume": [{"host_path": "/a", "mount_path": "/b"}]}
    check_entry_complete(entry(additional_properties=volume, pool_name="p"), "config[0]", RT)
    check_entry_complete(entry(additional_properties=volume, cluster_id="c"), "config[0]", RT)
    check_entry_complete(entry(additional_properties=volume), "config[0]", RT, service_pool=True)


@pytest.mark.parametrize("props, expected", [
    ({"max_surge": 0}, "config[0].additional_properties.max_surge must be greater than 0, got 0."),
    ({"max_unavailable": -0.5}, "config[0].additional_properties.max_unavailable must not be negative, got -0.5."),
])
def test_model_additional_properties_rules(props, expected):
    assert message_of(check_model_additional_properties, props, "config[0].additional_properties") == expected


def test_log_volume_needs_a_dedicated_pool_on_the_entry_or_the_service():
    volume = {"log_volume": [{"host_path": "/a", "mount_path": "/b"}]}
    assert message_of(check_entry_complete, entry(additional_properties=volume), "config[0]", RT) == (
        "config[0].additional_properties.log_volume needs a dedicated resource pool: set cluster_id or pool_name "
        "in the entry (the service runs in no dedicated pool).")
    # Checks that run before the GET never ask for the pool: the service may have one.
    check_entry_values({"additional_properties": volume}, "config[0]")
    check_entry(entry(additional_properties=volume), "config[0]", RT)
    check_config([entry(additional_properties=volume)], RT)


def test_log_volume_pool_judged_on_the_merged_entry():
    volume = {"additional_properties": {"log_volume": [{"host_path": "/a", "mount_path": "/b"}]}}
    served = entry("a", pool_name="pool-1")
    # The task restates only log_volume; the entry keeps the served pool_name.
    check_merged_config([dict(served, **volume)], ["a"], RT, [served])
    # The pool is set at service level.
    check_merged_config([entry("a", **volume)], ["a"], RT, [entry("a")], service_pool=True)
    text = message_of(check_merged_config, [entry("a", **volume)], ["a"], RT, [entry("a")])
    assert "config[0].additional_properties.log_volume needs a dedicated resource pool" in text


def test_merged_config_judges_batch_and_edge_entries_whole():
    served = entry("a", weight=None, **BATCH_ENTRY)
    check_merged_config([dict(served, instance_count=2)], ["a"], "batch", [served])
    new = entry("b", weight=None, src_path="obs://in/")
    assert message_of(check_merged_config, [new], ["b"], "batch", [served]) == (
        "config[0].dest_path is required for a batch service.")
    check_merged_config([entry("b", weight=None)], ["b"], "edge", [])


def test_model_additional_properties_reached_through_check_entry():
    text = message_of(check_entry, entry(additional_properties={"max_surge": -1}), "config[3]", RT)
    assert text == "config[3].additional_properties.max_surge must be greater than 0, got -1."


# config as listed

def test_config_ok():
    check_config(None, RT)
    check_config([entry("a", weight=30), entry("b", weight=70)], RT)
    check_config([entry("a", weight=None)], RT)
    check_config([entry("a", weight=10)], "batch")
    check_config([entry("a"), entry("b")], "edge")


@pytest.mark.parametrize("kind", [RT, "batch", "edge"])
def test_config_empty_for_every_kind(kind):
    assert message_of(check_config, [], kind) == (
        "config must list at least one model; the API refuses an empty config for every kind of service "
        "(leave config out to keep the models the service serves).")


def test_batch_config_has_exactly_one_model():
    assert message_of(check_config, [entry("a", weight=None), entry("b", weight=None)], "batch") == (
        "config must list exactly one model for a batch service, it lists 2.")


def test_config_model_listed_twice():
    text = message_of(check_config, [entry("a", weight=50), entry("a", weight=50)], RT)
    assert text == "config[1].model_id a is listed twice; list each model once."


def test_config_weights_must_add_up():
    text = message_of(check_config, [entry("a", weight=30), entry("b", weight=60)], RT)
    assert text == "config weights must add up to 100 for a real-time service; they add up to 90."


def test_config_entry_rules_name_the_index():
    text = message_of(check_config, [entry("a", weight=50), entry("b", weight=50, instance_count=0)], RT)
    assert text == "config[1].instance_count must be at least 1, got 0."


# config once merged with the service

def test_merged_config_ok():
    check_merged_config([entry("a", weight=40), entry("b", weight=60)], ["a"], RT)
    check_merged_config([entry("a", weight=None, **BATCH_ENTRY)], ["a"], "batch")


@pytest.mark.parametrize("missing", ["specification", "instance_count"])
def test_merged_config_needs_specification_and_instance_count(missing):
    merged = [entry("a", weight=50), entry("new", weight=50, **{missing: None})]
    text = message_of(check_merged_config, merged, ["a", "new"], RT)
    assert text == "config[1].%s is required for model new, which the service does not serve yet." % missing


def test_merged_config_needs_weight_on_real_time():
    text = message_of(check_merged_config, [entry("a", weight=None)], ["a"], RT)
    assert text == "config[0].weight is required for model a on a real-time service."


def test_merged_config_weights_with_current_values():
    text = message_of(check_merged_config, [entry("a", weight=70), entry("b", weight=70)], ["a"], RT)
    assert text == ("config weights must add up to 100 for a real-time service; with the current weights of a "
                    "they add up to 140.")


def test_merged_config_runs_entry_rules():
    text = message_of(check_merged_config, [entry("a", custom_spec={"memory": 0})], ["a"], RT)
    assert text == "config[0].custom_spec.memory must be a positive number of MB, got 0."


# one-way switches

def test_one_way_switches_ok():
    check_one_way_switches(None, None)
    check_one_way_switches({"websocket_upgrade": False}, {"websocket_upgrade": True})
    check_one_way_switches({"websocket_upgrade": True}, {"websocket_upgrade": True})
    check_one_way_switches({"log_report_channels": [{"type": "LTS"}]}, {"websocket_upgrade": True})
    check_one_way_switches({}, {"log_report_channels": []})


def test_websocket_upgrade_cannot_be_turned_off():
    text = message_of(check_one_way_switches, {"websocket_upgrade": True}, {"websocket_upgrade": False})
    assert text == "additional_properties.websocket_upgrade cannot be changed back to false once it is enabled."


LTS = {"type": "LTS", "configuration": {"log_group_id": "g1", "log_stream_id": "s1"}}


@pytest.mark.parametrize("wanted", [
    [],
    [{"type": "LTS", "configuration": {"log_group_id": "g2", "log_stream_id": "s1"}}],
    [LTS, LTS],
])
def test_log_report_channels_cannot_change_once_enabled(wanted):
    text = message_of(check_one_way_switches, {"log_report_channels": [LTS]}, {"log_report_channels": wanted})
    assert text == "additional_properties.log_report_channels cannot be changed once log reporting is enabled."


def test_log_report_channels_restated_or_left_out_are_fine():
    check_one_way_switches({"log_report_channels": [LTS]}, {"log_report_channels": [dict(LTS)]})
    check_one_way_switches({"log_report_channels": [LTS]}, {"websocket_upgrade": True})
    check_one_way_switches({}, {"log_report_channels": [LTS]})


# type_errors

def test_type_errors_none_for_a_well_typed_service():
    service = {
        "description": "d",
        "schedule": [{"duration": 1, "time_unit": "HOURS", "type": "stop"}],
        "config": [{"model_id": "m", "weight": 100, "instance_count": 2.0, "envs": {"A": "1"},
                    "custom_spec": {"cpu": 1, "memory": 1024, "gpu_p4": 0.5},
                    "mapping_rule": {"anything": [1]},
                    "additional_properties": {"persistent_volumes": [{"name": "v", "mount_path": "/m"}]}}],
        "additional_properties": {"websocket_upgrade": True, "smn_notification": {"topic_urn": "u", "events": [1, 3]}},
        "status": "running",
    }
    assert type_errors(service, SERVICE, "service") == []


def test_type_errors_name_the_nested_paths():
    config = [
        {"model_id": "m", "weight": 100},
        {"model_id": 5, "weight": "10", "instance_count": 1.5, "envs": {"A": 1},
         "custom_spec": {"cpu": "2", "memory": True, "unknown": 1},
         "additional_properties": {"persistent_volumes": {"name": "v"}, "max_surge": False}},
    ]
    assert type_errors(config, [SERVICE_CONFIG], "config") == [
        "config[1].model_id must be a string, got 5",
        "config[1].weight must be an integer, got '10'",
        "config[1].instance_count must be an integer, got 1.5",
        "config[1].envs.A must be a string, got 1",
        "config[1].custom_spec.cpu must be a number, got '2'",
        "config[1].custom_spec.memory must be an integer, got True",
        "config[1].custom_spec has no member 'unknown' (documented: ascend_a310, cpu, gpu_p4, memory)",
        "config[1].additional_properties.persistent_volumes must be a list",
        "config[1].additional_properties.max_surge must be a number, got False",
    ]


def test_type_errors_for_wrong_containers():
    assert type_errors("x", [SERVICE_CONFIG], "config") == ["config must be a list"]
    assert type_errors(["x"], [SERVICE_CONFIG], "config") == ["config[0] must be an object (a mapping)"]
    assert type_errors({"websocket_upgrade": "yes"}, SERVICE["additional_properties"], "value") == [
        "value.websocket_upgrade must be a boolean, got 'yes'"]
    assert type_errors({"events": [1, "3"]}, SERVICE["additional_properties"]["smn_notification"], "smn") == [
        "smn.events[1] must be an integer, got '3'"]


def test_an_entry_the_change_leaves_alone_is_not_judged_again():
    # Served with log_volume and the pool set at service level: the entry alone breaks the pool rule.
    served = {"model_id": "a", "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
              "additional_properties": {"log_volume": [{"host_path": "/h", "mount_path": "/m"}]}}
    check_merged_config([dict(served)], ["a"], RT, [served])
    check_merged_config([dict(served, instance_count=2)], ["a"], RT, [served])
    # A rule the change itself breaks still stops it.
    plain = {"model_id": "a", "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}
    with_logs = dict(plain, additional_properties=served["additional_properties"])
    assert "log_volume needs a dedicated resource pool" in message_of(check_merged_config, [with_logs], ["a"], RT, [plain])
