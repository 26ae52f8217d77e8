# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The body description language: one field, its ``_types`` schema and its argument spec."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._fields import free_form, list_of, map_of, obj, scalar
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, DECIMAL2, INT, STRING, type_errors

BODY = obj(dict(
    name=scalar(STRING, required=True, aliases=["model_name"]),
    kind=scalar(STRING, choices=("a", "b"), default="a"),
    envs=map_of(STRING),
    rule=free_form(),
    spec=obj(dict(cpu=scalar(DECIMAL2, required=True), verbose=scalar(BOOL, default=False))),
    ports=list_of(scalar(INT), choices=(80, 443)),
    apis=list_of(obj(dict(type=scalar(STRING), url=scalar(STRING, required=True)))),
    token=scalar(STRING, no_log=True),
    state=scalar(STRING, option=False),
))


def test_the_schema_is_the_types_language():
    assert BODY.schema == {
        "name": STRING, "kind": STRING, "envs": {"*": STRING}, "rule": ANY, "spec": {"cpu": DECIMAL2, "verbose": BOOL},
        "ports": [INT], "apis": [{"type": STRING, "url": STRING}], "token": STRING, "state": STRING,
    }
    assert type_errors({"spec": {"cpu": "1"}}, BODY.schema, "body") == ["body.spec.cpu must be a number, got '1'"]


def test_the_options_are_the_argument_spec_of_every_field_but_those_that_are_no_option():
    assert BODY.options() == dict(
        name=dict(type="str", required=True, aliases=["model_name"]),
        kind=dict(type="str", choices=["a", "b"], default="a"),
        envs=dict(type="dict"),
        rule=dict(type="dict"),
        spec=dict(type="dict", options=dict(cpu=dict(type="float", required=True), verbose=dict(type="bool", default=False))),
        ports=dict(type="list", elements="int", choices=[80, 443]),
        apis=dict(type="list", elements="dict", options=dict(type=dict(type="str"), url=dict(type="str", required=True))),
        token=dict(type="str", no_log=True),
    )


def test_members_are_reached_by_name_and_an_ansible_type_can_be_given():
    assert BODY["apis"]["url"].spec == dict(type="str", required=True)
    assert scalar(INT, ansible_type="raw").spec == dict(type="raw")


def test_an_unknown_rule_is_a_mistake_in_the_description():
    with pytest.raises(TypeError, match="unknown field rules: require"):
        scalar(STRING, require=True)


def test_an_explicit_no_log_false_stays_and_required_false_goes():
    # no_log=False tells Ansible's sanity test that a name that sounds secret (a tag's key) holds none.
    assert scalar(STRING, no_log=False, required=False).spec == dict(type="str", no_log=False)
    assert scalar(STRING).spec == dict(type="str")
