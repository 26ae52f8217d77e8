# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The body of Importing a Model (CreateModel, ``POST /v1/{project_id}/models``), described once.

Each field is a Field: its documented type (in the schema language of ``_types``), whether the
page marks it mandatory, and its documented choices. From this one description come both the
schema the body is type-checked against (``body_schema``) and modelarts_model's argument spec
(``option_spec``), so the two cannot drift apart.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, FLOAT, INT, STRING

_ANSIBLE_TYPES = {STRING: "str", INT: "int", FLOAT: "float", BOOL: "bool"}


class Field:
    """One documented field: ``kind`` is a type name, a dict of Fields (an object), a list of one
    of those (an array), or ``MAP`` (a free-form object, ``Map<String,Object>``)."""

    def __init__(self, kind, required=False, choices=None):
        self.kind = kind
        self.required = required
        self.choices = list(choices) if choices else None


# A free-form JSON object: any members, any values.
MAP = {"*": ANY}


def body_schema(kind):
    """The ``_types`` schema of a field kind."""
    if isinstance(kind, Field):
        return body_schema(kind.kind)
    if isinstance(kind, list):
        return [body_schema(kind[0])]
    if isinstance(kind, dict) and "*" not in kind:
        return dict((name, body_schema(field)) for name, field in kind.items())
    return kind


def option_spec(field):
    """The Ansible argument spec of a Field (without ``required``: a module decides that)."""
    kind = field.kind
    spec = {}
    if isinstance(kind, list):
        element = kind[0]
        if isinstance(element, dict) and "*" not in element:
            spec = dict(type="list", elements="dict", options=suboptions(element))
        elif isinstance(element, dict):
            spec = dict(type="list", elements="dict")
        else:
            spec = dict(type="list", elements=_ANSIBLE_TYPES[element])
    elif isinstance(kind, dict) and "*" not in kind:
        spec = dict(type="dict", options=suboptions(kind))
    elif isinstance(kind, dict):
        spec = dict(type="dict")
    elif kind == ANY:
        spec = dict(type="raw")
    else:
        spec = dict(type=_ANSIBLE_TYPES[kind])
    if field.choices:
        spec["choices"] = list(field.choices)
    return spec


def suboptions(fields):
    options = {}
    for name, field in fields.items():
        options[name] = option_spec(field)
        if field.required:
            options[name]["required"] = True
    return options


MODEL_TYPES = ("TensorFlow", "MXNet", "Caffe", "Spark_MLlib", "Scikit_Learn", "XGBoost", "Image", "PyTorch", "Template",
               "Custom", "MindSpore")
TEMPLATE_TYPE = "Template"
INSTALL_TYPES = ("real-time", "batch", "edge")
# What the server shows for a model imported without install_type (the page's default).
DEFAULT_INSTALL_TYPE = ("real-time", "batch")

# CreateModel, params (input_params/output_params).
PARAMS = {
    "url": Field(STRING, required=True),
    "method": Field(STRING, required=True),
    "protocol": Field(STRING, required=True),
    "param_name": Field(STRING, required=True),
    # The page lists int, string, float, timestamp, date and file, but its own example sends "box": not a choice.
    "param_type": Field(STRING, required=True),
    "min": Field(FLOAT),
    "max": Field(FLOAT),
    "param_desc": Field(STRING),
}

# CreateModel, dependency and package.
DEPENDENCY = {
    "installer": Field(STRING, required=True, choices=("pip",)),
    "packages": Field([{
        "package_name": Field(STRING, required=True),
        "package_version": Field(STRING),
        "restraint": Field(STRING, choices=("EXACT", "ATLEAST", "ATMOST")),
    }], required=True),
}

# CreateModel, apis with InputParams/OutputParams (JSON Schema objects).
JSON_SCHEMA_OBJECT = {"type": Field(STRING), "properties": Field(MAP)}
API = {
    "url": Field(STRING),
    "method": Field(STRING),
    "protocol": Field(STRING),
    "input_params": Field(JSON_SCHEMA_OBJECT),
    "output_params": Field(JSON_SCHEMA_OBJECT),
}

# CreateModel, doc (GuideDoc).
DOC = {"doc_name": Field(STRING, required=True), "doc_url": Field(STRING, required=True)}

# CreateModel, Template and TemplateInputs.
TEMPLATE = {
    "template_id": Field(STRING, required=True),
    "infer_format": Field(STRING),
    "template_inputs": Field([{"input_id": Field(STRING, required=True), "input": Field(STRING, required=True)}],
                             required=True),
}

# CreateModel, the request body. model_name and model_version are the module's name and version.
BODY = {
    "model_name": Field(STRING, required=True),
    "model_version": Field(STRING, required=True),
    "source_location": Field(STRING),
    "source_job_id": Field(STRING),
    "source_job_version": Field(STRING),
    "source_type": Field(STRING, choices=("auto",)),
    "model_type": Field(STRING, choices=MODEL_TYPES),
    "runtime": Field(STRING),
    "description": Field(STRING),
    "model_algorithm": Field(STRING),
    "execution_code": Field(STRING),
    "input_params": Field([PARAMS]),
    "output_params": Field([PARAMS]),
    "dependencies": Field([DEPENDENCY]),
    "model_metrics": Field(STRING),
    "apis": Field([API]),
    "initial_config": Field(STRING),
    "workspace_id": Field(STRING),
    "model_docs": Field([DOC]),
    "install_type": Field([STRING], choices=INSTALL_TYPES),
    "template": Field(TEMPLATE),
    "source_copy": Field(STRING, choices=("true", "false")),
}

BODY_SCHEMA = body_schema(BODY)

# The module's options that are body fields under another name.
OPTION_NAMES = {"model_name": "name", "model_version": "version"}


def body_options():
    """modelarts_model's options for the body fields, derived from BODY (none of them required:
    an existing model is found by name and version alone)."""
    options = {}
    for api_name, field in BODY.items():
        spec = option_spec(field)
        name = OPTION_NAMES.get(api_name, api_name)
        if name != api_name:
            spec["aliases"] = [api_name]
        options[name] = spec
    return options


def body_from_params(params):
    """The POST body the options ask for: every set field, by its API name, without the nulls
    Ansible fills in for unset suboptions."""
    body = {}
    for api_name in BODY:
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
