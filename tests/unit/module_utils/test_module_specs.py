# -*- coding: utf-8 -*-
"""What is written twice on purpose stays in agreement: the modules' argument specs with the
schema of documented fields, and the RETURN docs of the API error (ansible-core has no RETURN fragments)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import yaml

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import schema as _schema
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


def options(spec):
    return sorted(spec["options"])


@pytest.mark.parametrize("path, schema", [
    (("config",), _schema.SERVICE_CONFIG),
    (("config", "custom_spec"), _schema.CUSTOM_SPEC),
    (("config", "additional_properties"), _schema.MODEL_ADDITIONAL_PROPERTIES),
    (("config", "additional_properties", "persistent_volumes"), _schema.PERSISTENT_VOLUME),
    (("config", "additional_properties", "log_volume"), _schema.MODEL_ADDITIONAL_PROPERTIES["log_volume"][0]),
    (("schedule",), _schema.SCHEDULE[0]),
    (("additional_properties",), _schema.SERVICE_ADDITIONAL_PROPERTIES),
])
def test_modelarts_service_options_are_the_documented_fields(path, schema):
    spec = modelarts_service.SERVICE_OPTIONS[path[0]]
    for name in path[1:]:
        spec = spec["options"][name]
    assert options(spec) == sorted(schema)
