# -*- coding: utf-8 -*-
"""An existing model compared with the task: what the server adds is no difference, what it shows otherwise is."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.compare import differences

SHOWN = {
    "model_id": "m1", "model_name": "mnist", "model_version": "1.0.0", "model_type": "TensorFlow", "model_status": "published",
    "source_location": "/bucket/mnist/", "description": "", "install_type": ["real-time", "batch"], "workspace_id": "0",
    "runtime": "python3.6", "apis": json.dumps([{"url": "/", "method": "post", "protocol": "http",
                                                 "input_params": {"type": "object", "properties": {"x": {"type": "string"}}}}]),
    "config": '{"model_type": "TensorFlow", "apis": []}',
    "dependencies": [{"installer": "pip", "packages": [{"package_name": "numpy", "package_version": "1.5.0",
                                                        "restraint": "ATLEAST", "package_id": "p-1"}]}],
    "input_params": [{"url": "/", "method": "post", "protocol": "http", "param_name": "x", "param_type": "int", "min": 0.0, "max": 9}],
}


def fields(body):
    return [option for option, _shown, _wanted in differences(SHOWN, body)]


def test_the_identity_and_what_the_task_leaves_out_are_not_compared():
    assert fields({"model_name": "other", "model_version": "9.9.9", "model_type": "TensorFlow"}) == []


def test_server_defaults_and_added_members_are_no_difference():
    assert fields({
        "install_type": ["batch", "real-time"],
        "workspace_id": "0",
        "dependencies": [{"installer": "pip", "packages": [{"package_name": "numpy", "package_version": "1.5.0", "restraint": "ATLEAST"}]}],
        "input_params": [{"url": "/", "method": "post", "protocol": "http", "param_name": "x", "param_type": "int", "min": 0, "max": 9.0}],
    }) == []


def test_json_text_the_server_shows_is_compared_by_what_it_says():
    assert fields({"apis": [{"url": "/", "method": "post", "protocol": "http",
                             "input_params": {"type": "object", "properties": {"x": {"type": "string"}}}}]}) == []
    assert fields({"initial_config": '{"apis": [], "model_type": "TensorFlow"}'}) == []
    assert fields({"initial_config": '{"apis": [], "model_type": "PyTorch"}'}) == ["initial_config"]
    assert fields({"apis": [{"url": "/other"}]}) == ["apis"]


def test_differences_name_the_options_with_both_values():
    assert differences(SHOWN, {"source_location": "/bucket/mnist-2/", "description": "new", "model_name": "mnist"}) == [
        ("description", "", "new"), ("source_location", "/bucket/mnist/", "/bucket/mnist-2/")]
    assert fields({"install_type": ["real-time"]}) == ["install_type"]
    assert fields({"dependencies": []}) == ["dependencies"]
    other_min = {"url": "/", "method": "post", "protocol": "http", "param_name": "x", "param_type": "int", "min": 1}
    assert fields({"input_params": [other_min]}) == ["input_params"]


def test_a_field_the_detail_does_not_show_cannot_differ():
    assert fields({"template": {"template_id": "t", "template_inputs": []}, "source_copy": "false"}) == []
