# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The body of Importing a Model (CreateModel, ``POST /v1/{project_id}/models``), described once.

Written in the ``_fields`` language (``MODEL_BODY``), typed as the page types each field, with the
mandatory members and documented choices of its tables. The ``_types`` schema the body is checked
against (``BODY_SCHEMA``) and modelarts_model's body options (``body_options``) both derive from it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._fields import list_of, map_of, obj, scalar
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, FLOAT, STRING

MODEL_TYPES = ("TensorFlow", "MXNet", "Caffe", "Spark_MLlib", "Scikit_Learn", "XGBoost", "Image", "PyTorch", "Template",
               "Custom", "MindSpore")
TEMPLATE_TYPE = "Template"
INSTALL_TYPES = ("real-time", "batch", "edge")
# What the server shows for a model imported without install_type (the page's default).
DEFAULT_INSTALL_TYPE = ("real-time", "batch")

# CreateModel, params (input_params and output_params).
PARAMS_FIELD = obj(dict(
    url=scalar(STRING, required=True),
    method=scalar(STRING, required=True),
    protocol=scalar(STRING, required=True),
    param_name=scalar(STRING, required=True),
    # The table lists int, string, float, timestamp, date and file, but the page's own example sends "box": no choices.
    param_type=scalar(STRING, required=True),
    min=scalar(FLOAT),
    max=scalar(FLOAT),
    param_desc=scalar(STRING),
))

# CreateModel, dependency and package.
DEPENDENCY_FIELD = obj(dict(
    installer=scalar(STRING, required=True, choices=("pip",)),
    packages=list_of(obj(dict(
        package_name=scalar(STRING, required=True),
        package_version=scalar(STRING),
        restraint=scalar(STRING, choices=("EXACT", "ATLEAST", "ATMOST")),
    )), required=True),
))

# CreateModel, apis; InputParams and OutputParams are JSON Schema objects (properties: Map<String,Object>).
JSON_SCHEMA_FIELD = obj(dict(type=scalar(STRING), properties=map_of(ANY)))
API_FIELD = obj(dict(
    url=scalar(STRING),
    method=scalar(STRING),
    protocol=scalar(STRING),
    input_params=JSON_SCHEMA_FIELD,
    output_params=JSON_SCHEMA_FIELD,
))

# CreateModel, doc (GuideDoc).
DOC_FIELD = obj(dict(doc_name=scalar(STRING, required=True), doc_url=scalar(STRING, required=True)))

# CreateModel, Template and TemplateInputs.
TEMPLATE_FIELD = obj(dict(
    template_id=scalar(STRING, required=True),
    infer_format=scalar(STRING),
    template_inputs=list_of(obj(dict(input_id=scalar(STRING, required=True), input=scalar(STRING, required=True))),
                            required=True),
))

# CreateModel, the request body. model_name and model_version are mandatory in the body, but not as
# options: a model given by model_id needs neither (rules.py checks them).
MODEL_BODY = obj(dict(
    model_name=scalar(STRING),
    model_version=scalar(STRING),
    source_location=scalar(STRING),
    source_job_id=scalar(STRING),
    source_job_version=scalar(STRING),
    source_type=scalar(STRING, choices=("auto",)),
    model_type=scalar(STRING, choices=MODEL_TYPES),
    runtime=scalar(STRING),
    description=scalar(STRING),
    model_algorithm=scalar(STRING),
    execution_code=scalar(STRING),
    input_params=list_of(PARAMS_FIELD),
    output_params=list_of(PARAMS_FIELD),
    dependencies=list_of(DEPENDENCY_FIELD),
    model_metrics=scalar(STRING),
    apis=list_of(API_FIELD),
    initial_config=scalar(STRING),
    workspace_id=scalar(STRING),
    model_docs=list_of(DOC_FIELD),
    install_type=list_of(scalar(STRING), choices=INSTALL_TYPES),
    template=TEMPLATE_FIELD,
    source_copy=scalar(STRING, choices=("true", "false")),
))

BODY_SCHEMA = MODEL_BODY.schema

# The module's options that are body fields under another name (the API's name stays an alias).
OPTION_NAMES = {"model_name": "name", "model_version": "version"}


def body_options():
    """modelarts_model's options for the body fields, derived from MODEL_BODY."""
    options = {}
    for api_name, spec in MODEL_BODY.options().items():
        name = OPTION_NAMES.get(api_name, api_name)
        if name != api_name:
            spec = dict(spec, aliases=[api_name])
        options[name] = spec
    return options


def body_from_params(params):
    """The POST body the options ask for: every set field, by its API name, without the nulls
    Ansible fills in for unset suboptions."""
    body = {}
    for api_name in MODEL_BODY.fields:
        value = _without_nulls(params.get(OPTION_NAMES.get(api_name, api_name)))
        if value is not None:
            body[api_name] = value
    return body


def _without_nulls(value):
    if isinstance(value, dict):
        return dict((key, _without_nulls(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value
