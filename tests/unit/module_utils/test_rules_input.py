# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input the argument spec lets through and the rules refuse before any request: booleans for numbers,
NaN and Infinity, nulls and nested values in maps, empty selectors, SMN events, LTS channel IDs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import (
    check_input,
    check_input_options,
    check_selector,
    check_service_properties,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE, SERVICE_CONFIG
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import FLOAT, INT, input_errors, type_errors

NAN = float("nan")
INF = float("inf")


def message_of(call, *args):
    with pytest.raises(ModelArtsConfigError) as caught:
        call(*args)
    return str(caught.value)


# the type checker

@pytest.mark.parametrize("value", [NAN, INF, -INF])
@pytest.mark.parametrize("schema", [INT, FLOAT])
def test_type_errors_refuse_non_finite_numbers(value, schema):
    errors = type_errors(value, schema, "x")
    assert len(errors) == 1 and errors[0].startswith("x must be ")


def test_type_errors_name_a_non_finite_float():
    assert type_errors(NAN, FLOAT, "config[0].custom_spec.cpu") == ["config[0].custom_spec.cpu must be a finite number, got nan"]
    assert type_errors(INF, FLOAT, "v") == ["v must be a finite number, got inf"]


@pytest.mark.parametrize("schema", [INT, FLOAT])
def test_type_errors_refuse_booleans_for_numbers(schema):
    assert type_errors(True, schema, "v") == ["v must be %s, got True" % ("an integer" if schema == INT else "a number")]


def test_input_errors_find_nulls_in_maps_and_free_form_objects_only():
    assert input_errors({"envs": {"A": "1", "B": None}}, SERVICE_CONFIG, "config[0]") == [
        "config[0].envs.B is null; a map holds no null values: leave the key out instead"]
    assert input_errors({"mapping_rule": {"x": {"index": None}}}, SERVICE_CONFIG, "config[0]") == [
        "config[0].mapping_rule.x.index is null; a map holds no null values: leave the key out instead"]
    # A documented member left null is just not set.
    assert input_errors({"envs": None, "custom_spec": {"cpu": 1, "memory": 2, "gpu_p4": None}}, SERVICE_CONFIG, "c") == []


def test_input_errors_find_non_finite_numbers_anywhere():
    assert input_errors({"mapping_rule": {"a": [1, NAN]}}, SERVICE_CONFIG, "c") == [
        "c.mapping_rule.a[1] must be a finite number, got nan"]


# check_input: what the PUT module runs on its options

def test_check_input_accepts_what_the_normaliser_turns_into_the_documented_type():
    check_input([{"model_id": "m", "weight": "100", "instance_count": 2.0, "envs": {"A": 1, "B": True, "C": "x"},
                  "custom_spec": {"cpu": "0.5", "memory": 1024}}], SERVICE["config"], "config")
    check_input(None, SERVICE["config"], "config")


@pytest.mark.parametrize("field", ["instance_count", "weight", "deploy_timeout_in_seconds"])
def test_boolean_for_an_integer_field_is_refused(field):
    text = message_of(check_input, [{"model_id": "m", field: True}], SERVICE["config"], "config")
    assert text == "config[0].%s must be an integer, got True." % field


@pytest.mark.parametrize("value", [NAN, INF])
def test_nan_and_infinity_refused_for_float_fields(value):
    for path, config in (("custom_spec.cpu", {"custom_spec": {"cpu": value, "memory": 1}}),
                         ("additional_properties.max_surge", {"additional_properties": {"max_surge": value}})):
        text = message_of(check_input, [dict(config, model_id="m")], SERVICE["config"], "config")
        assert text == "config[0].%s must be a finite number, got %r." % (path, value)


def test_null_env_value_refused():
    text = message_of(check_input, [{"model_id": "m", "envs": {"LOG_LEVEL": None, "A": "1"}}], SERVICE["config"], "config")
    assert text == "config[0].envs.LOG_LEVEL is null; a map holds no null values: leave the key out instead."


@pytest.mark.parametrize("value", [{"nested": "map"}, ["a", "list"]])
def test_nested_env_value_refused(value):
    text = message_of(check_input, [{"model_id": "m", "envs": {"OPTS": value}}], SERVICE["config"], "config")
    assert text == "config[0].envs.OPTS must be a string, got %r." % (value,)


def test_check_input_options_names_each_option():
    params = {"description": None, "schedule": [{"duration": True, "time_unit": "DAYS", "type": "stop"}],
              "additional_properties": {"smn_notification": {"topic_urn": "u", "events": [True]}}, "config": None}
    assert message_of(check_input_options, params, ("description", "schedule")) == (
        "schedule[0].duration must be an integer, got True.")
    assert message_of(check_input_options, params, ("additional_properties",)) == (
        "additional_properties.smn_notification.events[0] must be an integer, got True.")


# selectors

@pytest.mark.parametrize("option, value", [("service_id", ""), ("service_id", "  "), ("name", "")])
def test_empty_selector_refused(option, value):
    text = message_of(check_selector, {"service_id": None, "name": None, option: value})
    assert text.startswith("%s must not be empty; " % option)


def test_selector_ok():
    check_selector({"service_id": "5e0c1d2e", "name": None})
    check_selector({"service_id": None, "name": "image-classifier"})


# service additional_properties

def test_service_properties_ok():
    check_service_properties(None)
    check_service_properties({"smn_notification": {"topic_urn": "urn:smn:x", "events": [1]},
                              "log_report_channels": [{"type": "LTS", "configuration": {
                                  "log_group_id": "a" * 36, "log_stream_id": "b" * 64}}]})
    check_service_properties({"log_report_channels": [{"type": "LTS", "configuration": None}]})


def test_smn_events_must_not_be_empty():
    assert message_of(check_service_properties, {"smn_notification": {"topic_urn": "urn:smn:x", "events": []}}) == (
        "additional_properties.smn_notification.events must list at least one event: 1 (failed), 3 (running), "
        "7 (concerning) or 11 (pending).")


def test_smn_topic_urn_must_not_be_empty():
    assert message_of(check_service_properties, {"smn_notification": {"topic_urn": "", "events": [1]}}) == (
        "additional_properties.smn_notification.topic_urn must not be empty.")


@pytest.mark.parametrize("member", ["log_group_id", "log_stream_id"])
@pytest.mark.parametrize("value", ["", "x" * 65])
def test_lts_ids_have_1_to_64_characters(member, value):
    configuration = {"log_group_id": "g" * 36, "log_stream_id": "s" * 36}
    configuration[member] = value
    text = message_of(check_service_properties, {"log_report_channels": [{"type": "LTS", "configuration": configuration}]})
    assert text == ("additional_properties.log_report_channels[0].configuration.%s must have 1 to 64 characters, "
                    "it has %d." % (member, len(value)))
