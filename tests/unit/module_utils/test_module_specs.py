# -*- coding: utf-8 -*-
"""What is written twice on purpose stays in agreement: the RETURN docs of the API error (ansible-core
has no RETURN fragments)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import yaml

from ansible_collections.hwcloud.modelarts.plugins.modules import (
    modelarts_service,
    modelarts_service_info,
    modelarts_service_patch,
)

MODULES = (modelarts_service, modelarts_service_patch, modelarts_service_info)


def without_samples(doc):
    if isinstance(doc, dict):
        return dict((key, without_samples(value)) for key, value in doc.items() if key != "sample")
    return doc


def test_the_api_error_is_documented_alike_in_every_module():
    errors = [without_samples(yaml.safe_load(module.RETURN)["error"]) for module in MODULES]
    assert errors[0] == errors[1] == errors[2]
    assert sorted(errors[0]["contains"]) == ["error_code", "error_msg", "method", "request_id", "status", "url"]
