# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Names, versions and other patterned inputs are held to their whole documented shape: a trailing newline
(which ``$`` lets through) or a character outside the documented ranges fails before any request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import name_characters_outside
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model import rules as model_rules
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.create import check_service_name
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import check_specification
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service import rules as v2_rules
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.info import check_info_options

CHECKS = [
    ("v1 service name", check_service_name, u"svc-\u56fe\u50cf_1"),
    ("v2 service name", v2_rules.check_name, u"svc-\u56fe\u50cf_1"),
    ("v2 version", v2_rules.check_version, "1.0.2"),
    ("model name", model_rules.check_name, "resnet_50"),
    ("model version", model_rules.check_version, "1.2.3"),
    ("specification", lambda value: check_specification(value, "config[0].specification"), "modelarts.vm.cpu.2u"),
    ("v2 info workspace_id", lambda value: check_info_options({"workspace_id": value}), "0"),
]


@pytest.mark.parametrize("label, check, valid", CHECKS, ids=[label for label, _check, _valid in CHECKS])
def test_the_documented_shape_passes_and_a_trailing_newline_fails(label, check, valid):
    check(valid)
    for bad in (valid + "\n", valid + "\r\n", "\n" + valid):
        with pytest.raises(ModelArtsConfigError):
            check(bad)


def test_v1_service_names_take_both_cjk_blocks_the_page_allows_and_name_what_is_refused():
    check_service_name(u"\u3400\u4dbf\u4e00\u9fff")
    with pytest.raises(ModelArtsConfigError) as caught:
        check_service_name(u"svc.\u3000name")
    assert "'.'" in str(caught.value) and "'\\u3000'" in str(caught.value)


def test_v2_service_names_take_the_documented_range_only():
    v2_rules.check_name(u"\u4e00\u9fa5")
    for bad in (u"\u9fa6", u"\u3400", "a" * 65, "", "svc name", u"svc\uff0d"):
        with pytest.raises(ModelArtsConfigError):
            v2_rules.check_name(bad)
    v2_rules.check_name("a" * 64)


def test_name_characters_outside_is_sorted_and_distinct():
    assert name_characters_outside(u"b.a.c!\u4e00", ((0x4E00, 0x4E00),)) == ["!", "."]
    assert name_characters_outside("", ()) == []
