# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _arguments

SPEC = {
    "name": {"type": "str", "aliases": ["service_name"]},
    "api_timeout": {"type": "int"},
    "description": {"type": "str"},
}


def test_options_are_named_by_option_then_the_name_before_its_aliases_whatever_order_they_came_in():
    given = {"service_name": True, "description": "x", "name": False, "api_timeout": "yes", "unknown": 1, "none": None}
    assert _arguments._named(SPEC, given) == [
        ("api_timeout", "yes"), ("description", "x"), ("name", False), ("name", True)]
    assert _arguments.value_errors(given, SPEC) == [
        "name must be a string, got a boolean (False); quote the value if the word is meant",
        "name must be a string, got a boolean (True); quote the value if the word is meant",
    ]


def test_each_spec_is_read_for_its_own_aliases():
    spec = {"name": {"type": "str"}}
    assert _arguments._named(spec, {"name": "a", "alias": "b"}) == [("name", "a")]
    replaced = {"name": {"type": "str", "aliases": ["alias"]}}
    assert _arguments._named(replaced, {"name": "a", "alias": "b"}) == [("name", "a"), ("name", "b")]


def test_values_left_unset_are_skipped():
    assert _arguments._named(SPEC, {"name": None, "service_name": None}) == []
