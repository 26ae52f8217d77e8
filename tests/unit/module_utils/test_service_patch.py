# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_service_patch: JSON pointers, applying operations locally, validation messages, the change itself."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _json_pointer
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import patch as sp
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsConnectionError,
    ModelArtsError,
)

MODEL = "7f3c8d0e-1111-4a5b-9c8d-000000000001"
OTHER_MODEL = "7f3c8d0e-2222-4a5b-9c8d-000000000002"


def ops(*items):
    return sp.check_operations([dict(item) for item in items])


def entry(**fields):
    base = {"model_id": MODEL, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
            "envs": {"LOG_LEVEL": "info"}, "additional_properties": {}}
    base.update(fields)
    return base


# --- JSON pointers --------------------------------------------------------------------------------

@pytest.mark.parametrize("pointer, tokens", [
    ("", []),
    ("/", [""]),
    ("/config/0/envs", ["config", "0", "envs"]),
    ("/config/0/envs/A~1B", ["config", "0", "envs", "A/B"]),
    ("/config/0/envs/A~0B", ["config", "0", "envs", "A~B"]),
    # RFC 6901 section 4: ~01 is ~1 (unescape ~1 first, then ~0), never /.
    ("/config/0/envs/~01", ["config", "0", "envs", "~1"]),
    ("/config/0/envs/~10", ["config", "0", "envs", "/0"]),
    ("/config/0/envs/", ["config", "0", "envs", ""]),
    ("/a//b", ["a", "", "b"]),
])
def test_parse_pointer(pointer, tokens):
    assert _json_pointer.parse_pointer(pointer) == tokens


@pytest.mark.parametrize("pointer, reason", [
    ("config/0/envs", "starts with /"),
    ("/config/0/envs/a~2", "~ must be followed by 0 or 1"),
    ("/config/0/envs/a~", "~ must be followed by 0 or 1"),
    (None, "is a string"),
])
def test_parse_pointer_rejects(pointer, reason):
    with pytest.raises(ValueError, match=reason):
        _json_pointer.parse_pointer(pointer)


@pytest.mark.parametrize("tokens", [["config", "0", "envs", "a/b~c"], ["x", "~1", "/"], [""]])
def test_to_pointer_round_trips(tokens):
    assert _json_pointer.parse_pointer(_json_pointer.to_pointer(tokens)) == tokens


def test_array_index():
    assert _json_pointer.is_array_index("0") and _json_pointer.is_array_index("12")
    assert not _json_pointer.is_array_index("01") and not _json_pointer.is_array_index("-") and not _json_pointer.is_array_index("a")


# --- check_operations: accepted input -------------------------------------------------------------

def test_default_op_and_normalised_values():
    operations, tokens = ops(
        {"path": "/config/0/instance_count", "value": "3"},
        {"op": "replace", "path": "/config/0/custom_spec", "value": {"cpu": "1.5", "memory": "4096"}},
        {"path": "/config/0/envs", "value": {"WORKERS": 4, "DEBUG": True}},
        {"path": "/config/0/additional_properties/max_surge", "value": "1"},
        {"path": "/config/0/weight", "value": 100.0},
        {"path": "/config/0/envs/A~1B", "value": "x"},
    )
    assert [o["op"] for o in operations] == ["replace"] * 6
    assert operations[0]["value"] == 3
    assert operations[1]["value"] == {"cpu": 1.5, "memory": 4096}
    assert operations[2]["value"] == {"WORKERS": "4", "DEBUG": "true"}
    assert operations[3]["value"] == 1.0 and isinstance(operations[3]["value"], float)
    assert operations[4]["value"] == 100 and isinstance(operations[4]["value"], int)
    assert tokens == [["instance_count"], ["custom_spec"], ["envs"], ["additional_properties", "max_surge"],
                      ["weight"], ["envs", "A/B"]]
    # The user's path text is sent unchanged.
    assert operations[5]["path"] == "/config/0/envs/A~1B"


def test_every_documented_field_and_nested_members_are_accepted():
    operations, _tokens = ops(
        {"path": "/config/0/model_id", "value": MODEL},
        {"path": "/config/0/specification", "value": "custom"},
        {"path": "/config/0/weight", "value": 100},
        {"path": "/config/0/instance_count", "value": 2},
        {"path": "/config/0/envs", "value": {}},
        {"path": "/config/0/custom_spec", "value": {"cpu": 2, "memory": 4096, "gpu_p4": 0.5}},
        {"path": "/config/0/custom_spec/ascend_a310", "value": 1},
        {"path": "/config/0/deploy_timeout_in_seconds", "value": 600},
        {"path": "/config/0/cluster_id", "value": "c-1"},
        {"path": "/config/0/pool_name", "value": "pool-1"},
        {"path": "/config/0/src_path", "value": "obs://in/"},
        {"path": "/config/0/dest_path", "value": "obs://out/"},
        {"path": "/config/0/req_uri", "value": "/predict"},
        {"path": "/config/0/mapping_type", "value": "csv"},
        {"path": "/config/0/mapping_rule", "value": {"type": "object", "properties": {}}},
        {"path": "/config/0/mapping_rule/anything/below", "value": [1, "x"]},
        {"path": "/config/0/src_type", "value": "ManifestFile"},
        {"path": "/config/0/nodes", "value": ["node-1"]},
        {"path": "/config/0/nodes/0", "value": "node-2"},
        {"path": "/config/0/additional_properties", "value": {
            "log_volume": [{"host_path": "/var/log/x", "mount_path": "/logs"}],
            "max_surge": 1, "max_unavailable": 0, "termination_grace_period_seconds": 30,
            "persistent_volumes": [{"name": "v", "mount_path": "/data", "storage_type": "obs_pfs",
                                    "source_address": "/bucket", "storage_type_text": "label"}]}},
        {"path": "/config/0/additional_properties/persistent_volumes/0/mount_path", "value": "/mnt"},
        {"path": "/config/0/additional_properties/log_volume/0", "value": {"host_path": "/h", "mount_path": "/m"}},
    )
    assert len(operations) == 22


@pytest.mark.parametrize("patch", [[], None])
def test_empty_patch_is_refused(patch):
    with pytest.raises(ModelArtsConfigError) as caught:
        sp.check_operations(patch)
    assert str(caught.value) == ("patch must list at least one operation, for example "
                                 "{path: /config/0/instance_count, value: 2}; an empty patch changes nothing.")


@pytest.mark.parametrize("operation, message", [
    ({"path": "/config/0/envs", "value": {"LOG_LEVEL": None, "A": "1"}},
     "patch[0] (path /config/0/envs): value.LOG_LEVEL is null; a map holds no null values: leave the key out instead."),
    ({"path": "/config/0/envs", "value": {"OPTS": {"a": 1}}},
     "patch[0] (path /config/0/envs): value.OPTS must be a string, got {'a': 1}."),
    ({"path": "/config/0/envs/OPTS", "value": ["a"]},
     "patch[0] (path /config/0/envs/OPTS): value must be a string, got ['a']."),
    ({"path": "/config/0/instance_count", "value": True},
     "patch[0] (path /config/0/instance_count): value must be an integer, got True."),
    ({"path": "/config/0/custom_spec/cpu", "value": float("nan")},
     "patch[0] (path /config/0/custom_spec/cpu): value must be a finite number, got nan."),
    ({"path": "/config/0/custom_spec/cpu", "value": "NaN"},
     "patch[0] (path /config/0/custom_spec/cpu): value must be a finite number, got nan."),
    ({"path": "/config/0/additional_properties/max_surge", "value": "Infinity"},
     "patch[0] (path /config/0/additional_properties/max_surge): value must be a finite number, got inf."),
    ({"path": "/config/0/mapping_rule", "value": {"a": float("inf")}},
     "patch[0] (path /config/0/mapping_rule): value.a must be a finite number, got inf."),
    ({"path": "/config/0/model_id", "value": ""},
     "patch[0] (path /config/0/model_id): config[0].model_id must not be empty."),
    ({"path": "/config/0/specification", "value": " "},
     "patch[0] (path /config/0/specification): config[0].specification must not be empty."),
    ({"path": "/config/0/additional_properties", "value": {"persistent_volumes": [{"mount_path": ""}]}},
     "patch[0] (path /config/0/additional_properties): "
     "config[0].additional_properties.persistent_volumes[0].mount_path must not be empty."),
    ({"path": "/config/0/src_type", "value": "Directory"},
     "patch[0] (path /config/0/src_type): config[0].src_type can only be ManifestFile"),
    ({"path": "/config/0/mapping_type", "value": "json"},
     "patch[0] (path /config/0/mapping_type): config[0].mapping_type must be file or csv, got 'json'."),
])
def test_careless_values_refused_before_any_request(operation, message):
    with pytest.raises(ModelArtsConfigError) as caught:
        sp.check_operations([operation])
    assert message in str(caught.value)


# --- check_operations: every error message --------------------------------------------------------

@pytest.mark.parametrize("operation, message", [
    ({"op": "add", "path": "/config/0/envs", "value": {}},
     "patch[0] (path /config/0/envs): op 'add' is not supported; the API accepts only replace."),
    ({"op": "remove", "path": "/config/0/envs", "value": {}}, "op 'remove' is not supported"),
    ({"path": "", "value": 1}, "patch[0] (path ): path is required, a JSON pointer such as /config/0/instance_count."),
    ({"path": None, "value": 1}, "patch[0] (path None): path is required"),
    ({"path": "config/0/envs", "value": {}},
     "patch[0] (path config/0/envs): not a JSON pointer (RFC 6901): a JSON pointer starts with /."),
    ({"path": "/config/0/envs/a~2", "value": "x"},
     "patch[0] (path /config/0/envs/a~2): not a JSON pointer (RFC 6901): ~ must be followed by 0 or 1"),
    ({"path": "/config/1/envs", "value": {}},
     "patch[0] (path /config/1/envs): the path must start with /config/0/ and name a field of the first model's "
     "configuration (ServiceConfig)"),
    ({"path": "/description", "value": "x"}, "the path must start with /config/0/"),
    ({"path": "/config/0", "value": {}}, "the path must start with /config/0/"),
    ({"path": "/config/00/envs", "value": {}}, "the path must start with /config/0/"),
    ({"path": "/config/0/replicas", "value": 2},
     "patch[0] (path /config/0/replicas): 'replicas' is not a documented ServiceConfig field; the documented "
     "fields are additional_properties, affinity, cluster_id, custom_spec,"),
    ({"path": "/config/0/", "value": 2}, "'' is not a documented ServiceConfig field"),
    ({"path": "/config/0/model_name", "value": "x"}, "'model_name' is not a documented ServiceConfig field"),
    ({"path": "/config/0/custom_spec/disk", "value": 1},
     "patch[0] (path /config/0/custom_spec/disk): custom_spec has no documented member 'disk'; the documented "
     "members are ascend_a310, cpu, gpu_p4, memory."),
    ({"path": "/config/0/additional_properties/replicas", "value": 1},
     "additional_properties has no documented member 'replicas'"),
    ({"path": "/config/0/additional_properties/persistent_volumes/0/size", "value": 1},
     "additional_properties.persistent_volumes[0] has no documented member 'size'"),
    ({"path": "/config/0/nodes/first", "value": "x"},
     "patch[0] (path /config/0/nodes/first): nodes is a list, so 'first' must be a list index (0, 1, ...)."),
    ({"path": "/config/0/nodes/01", "value": "x"}, "must be a list index"),
    ({"path": "/config/0/nodes/-", "value": "x"},
     "patch[0] (path /config/0/nodes/-): nodes: replace cannot target '-' (the position after the last list item)"),
    ({"path": "/config/0/instance_count/x", "value": 1},
     "patch[0] (path /config/0/instance_count/x): instance_count is an integer; a path cannot go below it."),
    ({"path": "/config/0/envs/A/B", "value": "x"}, "envs.A is a string; a path cannot go below it."),
    ({"path": "/config/0/envs", "value": None},
     "patch[0] (path /config/0/envs): value is required and must not be null: replace sets a value, "
     "the API has no remove."),
    ({"path": "/config/0/instance_count", "value": "three"},
     "patch[0] (path /config/0/instance_count): value must be an integer, got 'three'."),
    ({"path": "/config/0/instance_count", "value": 2.5}, "value must be an integer, got 2.5"),
    ({"path": "/config/0/instance_count", "value": True}, "value must be an integer, got True"),
    ({"path": "/config/0/weight", "value": [100]}, "value must be an integer, got [100]"),
    ({"path": "/config/0/envs", "value": ["A=1"]},
     "patch[0] (path /config/0/envs): value must be an object (a mapping)."),
    ({"path": "/config/0/envs", "value": {"A": {"nested": 1}}}, "value.A must be a string, got {'nested': 1}"),
    ({"path": "/config/0/envs/LOG_LEVEL", "value": ["debug"]}, "value must be a string, got ['debug']"),
    ({"path": "/config/0/model_id", "value": {"id": 1}}, "value must be a string, got {'id': 1}"),
    ({"path": "/config/0/nodes", "value": "node-1"}, "value must be a list"),
    ({"path": "/config/0/custom_spec", "value": "big"}, "value must be an object (a mapping)"),
    ({"path": "/config/0/custom_spec", "value": {"cpu": "many", "memory": 1024}},
     "value.cpu must be a number, got 'many'"),
    ({"path": "/config/0/custom_spec", "value": {"cpu": 1, "memory": 1024, "disk": 10}},
     "value has no member 'disk' (documented: ascend_a310, cpu, gpu_p4, memory)"),
    ({"path": "/config/0/additional_properties", "value": {"max_surge": "lots"}},
     "value.max_surge must be a number, got 'lots'"),
    ({"path": "/config/0/additional_properties", "value": {"persistent_volumes": {"mount_path": "/x"}}},
     "value.persistent_volumes must be a list"),
    ({"path": "/config/0/additional_properties", "value": {"log_volume": ["/var/log:/logs"]}},
     "value.log_volume[0] must be an object (a mapping)"),
    ({"path": "/config/0/additional_properties", "value": {"log_volume": [{"host_path": ["/h"], "mount_path": "/m"}]}},
     "value.log_volume[0].host_path must be a string, got ['/h']"),
    # The entry rules that concern the value alone.
    ({"path": "/config/0/instance_count", "value": 0},
     "patch[0] (path /config/0/instance_count): config[0].instance_count must be at least 1, got 0."),
    ({"path": "/config/0/instance_count", "value": "-1"}, "config[0].instance_count must be at least 1, got -1."),
    ({"path": "/config/0/weight", "value": 101}, "config[0].weight must be between 0 and 100, got 101."),
    ({"path": "/config/0/custom_spec", "value": {"cpu": 0.001, "memory": 1024}},
     "config[0].custom_spec.cpu must be at least 0.01 cores, got 0.001."),
    ({"path": "/config/0/custom_spec/cpu", "value": "0.001"}, "config[0].custom_spec.cpu must be at least 0.01"),
    ({"path": "/config/0/custom_spec/memory", "value": 0}, "config[0].custom_spec.memory must be a positive number"),
    ({"path": "/config/0/custom_spec", "value": {"cpu": 1, "memory": 1, "gpu_p4": 1, "ascend_a310": 1}},
     "config[0].custom_spec: set either gpu_p4 or ascend_a310, not both."),
    ({"path": "/config/0/custom_spec/gpu_p4", "value": -1}, "config[0].custom_spec.gpu_p4 must not be negative"),
    ({"path": "/config/0/additional_properties/max_surge", "value": 0},
     "config[0].additional_properties.max_surge must be greater than 0, got 0"),
    ({"path": "/config/0/additional_properties", "value": {"max_unavailable": -0.5}},
     "config[0].additional_properties.max_unavailable must not be negative"),
])
def test_operation_errors(operation, message):
    with pytest.raises(ModelArtsConfigError) as caught:
        sp.check_operations([operation])
    assert message in str(caught.value)


def test_error_names_the_index_of_the_failing_operation():
    with pytest.raises(ModelArtsConfigError) as caught:
        ops({"path": "/config/0/instance_count", "value": 2}, {"path": "/config/0/envs", "value": 3},
            {"path": "/config/0/replicas", "value": 1})
    assert str(caught.value).startswith("patch[1] (path /config/0/envs): value must be an object")


def test_rules_across_fields_wait_for_the_patched_entry():
    # specification custom needs custom_spec and log_volume a pool: neither is known from the value alone.
    ops({"path": "/config/0/specification", "value": "custom"},
        {"path": "/config/0/additional_properties", "value": {"log_volume": [{"host_path": "/h", "mount_path": "/m"}]}},
        {"path": "/config/0/additional_properties/log_volume", "value": [{"host_path": "/h", "mount_path": "/m"}]})


# --- apply_operations -----------------------------------------------------------------------------

def test_apply_to_a_copy_leaves_the_original_untouched():
    original = entry(additional_properties={"persistent_volumes": [{"mount_path": "/a"}]}, nodes=["n"])
    kept = copy.deepcopy(original)
    operations, tokens = ops(
        {"path": "/config/0/instance_count", "value": 3},
        {"path": "/config/0/envs/LOG_LEVEL", "value": "debug"},
        {"path": "/config/0/additional_properties/persistent_volumes/0/mount_path", "value": "/b"},
        {"path": "/config/0/nodes/0", "value": "m"},
    )
    patched = sp.apply_operations(original, operations, tokens)
    assert original == kept
    assert patched["instance_count"] == 3
    assert patched["envs"] == {"LOG_LEVEL": "debug"}
    assert patched["additional_properties"]["persistent_volumes"] == [{"mount_path": "/b"}]
    assert patched["nodes"] == ["m"]
    # The patched copy shares nothing with the operations either.
    patched["envs"]["X"] = "y"
    assert operations[1]["value"] == "debug"


def test_values_are_copied_not_shared():
    operations, tokens = ops({"path": "/config/0/envs", "value": {"A": "1"}})
    patched = sp.apply_operations(entry(), operations, tokens)
    patched["envs"]["B"] = "2"
    assert operations[0]["value"] == {"A": "1"}


def test_operations_apply_in_order():
    operations, tokens = ops(
        {"path": "/config/0/envs", "value": {"NEW": "1"}},
        {"path": "/config/0/envs/NEW", "value": "2"},
        {"path": "/config/0/instance_count", "value": 2},
        {"path": "/config/0/instance_count", "value": 4},
    )
    patched = sp.apply_operations(entry(), operations, tokens)
    assert patched["envs"] == {"NEW": "2"} and patched["instance_count"] == 4


def test_a_field_the_service_does_not_show_can_be_replaced():
    operations, tokens = ops({"path": "/config/0/pool_name", "value": "pool-1"},
                             {"path": "/config/0/custom_spec", "value": {"cpu": 1, "memory": 1024}})
    patched = sp.apply_operations({"model_id": MODEL}, operations, tokens)
    assert patched == {"model_id": MODEL, "pool_name": "pool-1", "custom_spec": {"cpu": 1.0, "memory": 1024}}


def test_a_documented_member_of_a_typed_object_can_be_replaced_when_unset():
    operations, tokens = ops({"path": "/config/0/additional_properties/max_surge", "value": 0.5},
                             {"path": "/config/0/custom_spec/gpu_p4", "value": 1})
    patched = sp.apply_operations(entry(custom_spec={"cpu": 1.0, "memory": 1024}), operations, tokens)
    assert patched["additional_properties"] == {"max_surge": 0.5}
    assert patched["custom_spec"] == {"cpu": 1.0, "memory": 1024, "gpu_p4": 1.0}


@pytest.mark.parametrize("operation, current, message", [
    ({"path": "/config/0/envs/NEW", "value": "x"}, entry(),
     "patch[0] (path /config/0/envs/NEW): the service's config[0].envs has no key 'NEW'; replace (RFC 6902) needs "
     "an existing target, so nothing was sent. Replace /config/0/envs with its whole value instead."),
    ({"path": "/config/0/envs/A", "value": "x"}, {"model_id": MODEL},
     "patch[0] (path /config/0/envs/A): the service's config[0] has no member 'envs'; replace (RFC 6902) needs an "
     "existing target, so nothing was sent. Replace /config/0/envs with its whole value instead."),
    ({"path": "/config/0/custom_spec/cpu", "value": 2}, entry(),
     "the service's config[0] has no member 'custom_spec'; replace (RFC 6902) needs an existing target, so nothing "
     "was sent. Replace /config/0/custom_spec with its whole value instead."),
    ({"path": "/config/0/nodes/1", "value": "x"}, entry(nodes=["a"]),
     "the service's config[0].nodes has no item 1 (it has 1); replace (RFC 6902) needs an existing target, so "
     "nothing was sent. Replace /config/0/nodes with its whole value instead."),
    ({"path": "/config/0/additional_properties/persistent_volumes/0/mount_path", "value": "/x"}, entry(),
     "the service's config[0].additional_properties has no member 'persistent_volumes'"),
    ({"path": "/config/0/additional_properties/persistent_volumes/2", "value": {"mount_path": "/x"}},
     entry(additional_properties={"persistent_volumes": [{"mount_path": "/a"}]}),
     "config[0].additional_properties.persistent_volumes has no item 2 (it has 1)"),
    ({"path": "/config/0/mapping_rule/a/b", "value": 1}, entry(mapping_rule={"a": "text"}),
     "the service's config[0].mapping_rule.a is 'text', which has no members; replace (RFC 6902) needs an existing "
     "target, so nothing was sent. Replace /config/0/mapping_rule/a with its whole value instead."),
    ({"path": "/config/0/mapping_rule/new", "value": 1}, entry(mapping_rule={}),
     "the service's config[0].mapping_rule has no key 'new'"),
])
def test_missing_targets_fail(operation, current, message):
    operations, tokens = ops(operation)
    with pytest.raises(ModelArtsConfigError) as caught:
        sp.apply_operations(current, operations, tokens)
    assert message in str(caught.value)


# --- rules on the patched config[0] ---------------------------------------------------------------

def test_patched_entry_rules():
    current = [entry()]
    custom = r"The patched config\[0\] breaks a documented rule, so nothing was sent: config\[0\].custom_spec is required"
    with pytest.raises(ModelArtsConfigError, match=custom):
        sp.check_patched_config(current, [entry(specification="custom")], "real-time", False)
    with pytest.raises(ModelArtsConfigError, match=r"config\[0\].src_path is only for batch services"):
        sp.check_patched_config(current, [entry(src_path="obs://in/")], "real-time", False)
    with pytest.raises(ModelArtsConfigError, match="log_volume needs a dedicated resource pool"):
        sp.check_patched_config(current, [entry(additional_properties={"log_volume": [{"host_path": "/h", "mount_path": "/m"}]})],
                                "real-time", False)
    with pytest.raises(ModelArtsConfigError, match="set either gpu_p4 or ascend_a310"):
        sp.check_patched_config(current, [entry(custom_spec={"cpu": 1, "memory": 1, "gpu_p4": 1, "ascend_a310": 1})],
                                "real-time", False)
    # Fine on a batch service, and with the pool set on the entry or at service level.
    batch = entry(src_path="obs://in/", dest_path="obs://out/", req_uri="/", mapping_type="file")
    sp.check_patched_config([batch], [dict(batch, src_path="obs://in/2/")], "batch", False)
    logs = {"log_volume": [{"host_path": "/h", "mount_path": "/m"}]}
    sp.check_patched_config(current, [entry(pool_name="p", additional_properties=logs)], "real-time", False)
    sp.check_patched_config(current, [entry(additional_properties=logs)], "real-time", False, True)


@pytest.mark.parametrize("patched, kind, message", [
    (dict(src_path="obs://in/", dest_path="obs://out/", req_uri="/", mapping_type="csv"), "batch",
     "config[0].mapping_rule is required when config[0].mapping_type is csv."),
    (dict(src_path="obs://in/", dest_path=None, req_uri="/", mapping_type="file"), "batch",
     "config[0].dest_path is required for a batch service."),
    (dict(nodes=["n"], src_path="obs://in/"), "edge", "config[0].src_path is only for batch services; this is an edge"),
    (dict(specification="custom", custom_spec={"cpu": 1, "memory": 1024}), "real-time",
     "config[0].specification custom is only available in a dedicated resource pool"),
])
def test_patched_entry_rules_of_each_kind(patched, kind, message):
    current = [entry(src_path="obs://in/", dest_path="obs://out/", req_uri="/", mapping_type="file")
               if kind == "batch" else entry(nodes=["n"]) if kind == "edge" else entry()]
    with pytest.raises(ModelArtsConfigError) as caught:
        sp.check_patched_config(current, [dict(current[0], **patched)], kind, False)
    assert message in str(caught.value)


def test_a_rule_the_current_entry_already_breaks_is_left_to_the_api():
    current = [entry(nodes=["n"])]
    sp.check_patched_config(current, [entry(nodes=["n"], instance_count=2)], "real-time", False)


def test_patched_weight_must_keep_the_sum():
    current = [entry(weight=60), {"model_id": OTHER_MODEL, "weight": 40}]
    sp.check_patched_config(current, [entry(weight=60), current[1]], "real-time", True)
    with pytest.raises(ModelArtsConfigError, match="with the patched config\\[0\\].weight they add up to 90"):
        sp.check_patched_config(current, [entry(weight=50), current[1]], "real-time", True)
    sp.check_patched_config(current, [entry(weight=50), current[1]], "batch", True)


# --- the change: plan and apply with a fake client ------------------------------------------------

class FakeModule:
    def __init__(self, check_mode=False, diff=False, **params):
        self.params = dict(service_id="svc-1", name=None, user_id=None, wait=True, wait_timeout=60)
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


class PatchAnswer:
    def __init__(self, body, request_id="req-1"):
        self.body = body
        self.request_id = request_id


class PatchableServiceClient:
    """A service that PATCH changes; ``patch_error`` makes the PATCH fail (after landing if ``lands``)."""

    def __init__(self, service, patch_error=None, lands=False):
        self.service = service
        self.patch_error = patch_error
        self.lands = lands
        self.calls = []

    def service_id_for(self, service_id=None, name=None):
        return service_id

    def get_service(self, service_id):
        self.calls.append(("GET", service_id))
        return copy.deepcopy(self.service)

    def patch_service(self, service_id, operations, user_id=None):
        self.calls.append(("PATCH", service_id, copy.deepcopy(operations), user_id))
        if self.patch_error is None or self.lands:
            config = self.service["config"]
            operations_, tokens = sp.check_operations(operations)
            config[0] = sp.apply_operations(config[0], operations_, tokens)
        if self.patch_error is not None:
            raise self.patch_error
        return PatchAnswer({"update_time": "1700625410586", "resource_ids": "INF-a,INF-b"})

    def update_records(self, service_id):
        # The service above stays "running" after a PATCH: its update record says the change was rolled out.
        self.calls.append(("LOGS", service_id))
        patched = any(call[0] == "PATCH" for call in self.calls)
        return [{"update_time": 1700625410586, "result": "SUCCESS"}] if patched else []


def served(**fields):
    config = dict(entry(), model_name="resnet50", model_version="1.0.0", status="running", scaling=False)
    config.update(fields)
    return {"service_id": "svc-1", "infer_type": "real-time", "status": "running", "config": [config]}


def run(client, patch, **params):
    module = FakeModule(**params)
    operations, tokens = sp.check_operations(patch)
    return sp.patch_flow(module, client, operations, tokens).run(), module


def test_no_op_sends_no_patch():
    client = PatchableServiceClient(served())
    result, _module = run(client, [{"path": "/config/0/envs/LOG_LEVEL", "value": "info"},
                                   {"path": "/config/0/weight", "value": "100"}])
    assert result["changed"] is False and result["changed_fields"] == []
    assert [call[0] for call in client.calls] == ["GET"]
    assert "update_time" not in result and "request_id" not in result


def test_change_sends_one_patch_and_returns_the_response():
    client = PatchableServiceClient(served())
    result, _module = run(client, [{"path": "/config/0/instance_count", "value": "2"}], user_id="u-1")
    patches = [call for call in client.calls if call[0] == "PATCH"]
    assert patches == [("PATCH", "svc-1", [{"op": "replace", "path": "/config/0/instance_count", "value": 2}], "u-1")]
    assert result["changed"] is True and result["changed_fields"] == ["config"]
    assert result["update_time"] == 1700625410586
    assert result["resource_ids"] == ["INF-a", "INF-b"]
    assert result["request_id"] == "req-1"
    assert result["operations"] == [{"op": "replace", "path": "/config/0/instance_count", "value": 2}]
    assert result["service"]["config"][0]["instance_count"] == 2


def test_check_mode_predicts_and_diff_shows_before_and_after():
    client = PatchableServiceClient(served())
    module = FakeModule(check_mode=True, diff=True)
    operations, tokens = sp.check_operations([{"path": "/config/0/instance_count", "value": 3}])
    result = sp.patch_flow(module, client, operations, tokens).run()
    assert [call[0] for call in client.calls] == ["GET"]
    assert result["changed"] is True
    assert result["service"]["config"][0]["instance_count"] == 3
    assert result["service"]["config"][0]["model_name"] == "resnet50"
    assert result["diff"]["before"]["config"][0]["instance_count"] == 1
    assert result["diff"]["after"]["config"][0]["instance_count"] == 3
    assert "model_name" not in result["diff"]["before"]["config"][0]


def test_service_without_config_fails_clearly():
    client = PatchableServiceClient({"service_id": "svc-1", "status": "running", "config": []})
    with pytest.raises(ModelArtsError, match=r"Service svc-1 has no config\[0\] \(it serves no model\)"):
        run(client, [{"path": "/config/0/instance_count", "value": 2}])


def test_log_volume_accepted_when_the_service_runs_in_a_dedicated_pool():
    client = PatchableServiceClient(dict(served(), pool_name="pool-1"))
    result, _module = run(client, [{"path": "/config/0/additional_properties/log_volume",
                                    "value": [{"host_path": "/var/log/m", "mount_path": "/logs"}]}])
    assert result["changed"] is True and [call[0] for call in client.calls][:2] == ["GET", "PATCH"]


def test_log_volume_refused_without_a_dedicated_pool_before_any_patch():
    client = PatchableServiceClient(served())
    with pytest.raises(ModelArtsConfigError, match="log_volume needs a dedicated resource pool"):
        run(client, [{"path": "/config/0/additional_properties/log_volume",
                      "value": [{"host_path": "/var/log/m", "mount_path": "/logs"}]}])
    assert [call[0] for call in client.calls] == ["GET"]


def test_missing_target_fails_after_the_get_before_any_patch():
    client = PatchableServiceClient(served())
    with pytest.raises(ModelArtsConfigError, match="has no key 'NEW'"):
        run(client, [{"path": "/config/0/envs/NEW", "value": "1"}])
    assert [call[0] for call in client.calls] == ["GET"]


def test_ambiguous_failure_that_landed_is_not_sent_again():
    error = ModelArtsConnectionError("PATCH", "http://x/v1/p/services/svc-1", "connection reset")
    client = PatchableServiceClient(served(), patch_error=error, lands=True)
    result, module = run(client, [{"path": "/config/0/instance_count", "value": 2}], wait=False)
    # The last GET verifies the change is there after the write.
    assert [call[0] for call in client.calls] == ["GET", "PATCH", "GET", "GET"]
    assert result["changed"] is True and "request_id" not in result
    assert result["service"]["status"] == "deploying"
    assert "was not sent again" in module.warnings[0]


def test_ambiguous_failure_that_did_not_land_is_raised_not_repeated():
    error = ModelArtsApiError(503, "ModelArts.6101", "System busy", "r-9", "PATCH", "http://x")
    client = PatchableServiceClient(served(), patch_error=error, lands=False)
    with pytest.raises(ModelArtsApiError):
        run(client, [{"path": "/config/0/instance_count", "value": 2}])
    assert [call[0] for call in client.calls] == ["GET", "PATCH", "GET"]


def test_clear_failure_is_raised_without_reading_again():
    error = ModelArtsApiError(400, "ModelArts.0104", "Parameter error", "r-1", "PATCH", "http://x")
    client = PatchableServiceClient(served(), patch_error=error)
    with pytest.raises(ModelArtsApiError):
        run(client, [{"path": "/config/0/instance_count", "value": 2}])
    assert [call[0] for call in client.calls] == ["GET", "PATCH"]
