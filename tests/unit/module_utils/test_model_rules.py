# -*- coding: utf-8 -*-
"""The model's documented fields and rules: one description for the body schema and the options,
the rules checked before any request, and the modules' docs in agreement with their specs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import yaml

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model import schema
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.info import INFO_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.lifecycle import MODEL_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.rules import check_body, check_model_options
from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_model, modelarts_model_info

BODY = {"model_name": "mnist", "model_version": "1.0.0", "model_type": "TensorFlow", "source_location": "/bucket/mnist/"}


def params(**changes):
    values = dict((name, None) for name in MODEL_OPTIONS)
    values.update(state="present", wait=True, wait_timeout=1200, name="mnist", version="1.0.0")
    values.update(changes)
    return values


@pytest.mark.parametrize("version", ["1.0.0", "0.0.1", "99.99.99", "10.2.0", "0.10.0"])
def test_versions_the_page_allows(version):
    check_body(dict(BODY, model_version=version))


@pytest.mark.parametrize("version", ["01.0.0", "1.00.0", "100.0.0", "1.0", "1.0.0.0", "v1.0.0", "1.0.0-rc1", "", "1..0"])
def test_versions_refused_naming_the_rule(version):
    with pytest.raises(ModelArtsConfigError, match="version must be three numbers X.Y.Z"):
        check_body(dict(BODY, model_version=version))


@pytest.mark.parametrize("name", ["", "a b", "a.b", "x" * 65, "名字"])
def test_names_refused(name):
    with pytest.raises(ModelArtsConfigError, match="name must be 1 to 64 letters"):
        check_body(dict(BODY, model_name=name))


def test_a_name_of_64_letters_digits_dashes_and_underscores():
    check_body(dict(BODY, model_name="a-_1" * 16))


def test_source_location_is_required_unless_template():
    with pytest.raises(ModelArtsConfigError, match="source_location is required"):
        check_body(dict((k, v) for k, v in BODY.items() if k != "source_location"))
    template = {"template_id": "t1", "template_inputs": [{"input_id": "model", "input": "/bucket/m/"}]}
    check_body({"model_name": "m", "model_version": "1.0.0", "model_type": "Template", "template": template})
    with pytest.raises(ModelArtsConfigError, match="template is required when model_type is Template"):
        check_body({"model_name": "m", "model_version": "1.0.0", "model_type": "Template", "source_location": "/b/"})


def test_model_type_is_required_to_import():
    with pytest.raises(ModelArtsConfigError, match="model_type is required"):
        check_body(dict((k, v) for k, v in BODY.items() if k != "model_type"))


@pytest.mark.parametrize("changes, message", [
    (dict(description="x" * 101), "description may have at most 100 characters"),
    (dict(description="a<b"), "description must not contain any of"),
    (dict(model_algorithm="1abc"), "model_algorithm must start with a letter"),
    (dict(model_docs=[{"doc_name": "d%d" % i, "doc_url": "https://x"} for i in range(4)]), "at most 3 documents"),
    (dict(model_docs=[{"doc_name": "1doc", "doc_url": "https://x"}]), r"model_docs\[0\].doc_name must start with a letter"),
    (dict(dependencies=[{"installer": "pip", "packages": [{"package_name": "numpy", "package_version": "1.5"}]}]),
     r"dependencies\[0\].packages\[0\].restraint is required"),
    (dict(input_params=[{"url": "/", "method": "post", "protocol": "http", "param_name": "x", "param_type": "int", "min": "low"}]),
     r"input_params\[0\].min must be a number"),
    (dict(apis=[{"input_params": {"type": "object", "properties": {"x": None}}}]), "a map holds no null values"),
    (dict(install_type="real-time"), "install_type must be a list"),
])
def test_documented_rules_name_the_option(changes, message):
    with pytest.raises(ModelArtsConfigError, match=message):
        check_body(dict(BODY, **changes))


def test_absent_needs_only_the_identity_and_an_id_needs_no_body():
    check_model_options(params(state="absent"), {"model_name": "mnist", "model_version": "1.0.0"})
    check_model_options(params(name=None, version=None, model_id="7f3c8d0e-1111"), {})
    with pytest.raises(ModelArtsConfigError, match="model_id"):
        check_model_options(params(name=None, version=None, model_id="../x"), {})
    with pytest.raises(ModelArtsConfigError, match="wait_timeout must be 0 or more"):
        check_model_options(params(wait_timeout=-1), BODY)


def test_the_body_is_the_options_by_their_api_names_without_nulls():
    values = params(source_location="/b/", model_type="PyTorch", dependencies=[
        {"installer": "pip", "packages": [{"package_name": "numpy", "package_version": None, "restraint": None}]}])
    assert schema.body_from_params(values) == {
        "model_name": "mnist", "model_version": "1.0.0", "source_location": "/b/", "model_type": "PyTorch",
        "dependencies": [{"installer": "pip", "packages": [{"package_name": "numpy"}]}]}


def test_options_and_body_schema_come_from_one_description():
    options = schema.body_options()
    assert sorted(options) == sorted(schema.OPTION_NAMES.get(key, key) for key in schema.MODEL_BODY.fields)
    assert options["name"]["aliases"] == ["model_name"]
    assert options["dependencies"]["options"]["packages"]["options"]["restraint"]["choices"] == ["EXACT", "ATLEAST", "ATMOST"]
    assert options["install_type"] == {"type": "list", "elements": "str", "choices": ["real-time", "batch", "edge"]}
    assert schema.BODY_SCHEMA["dependencies"] == [{"installer": "str", "packages": [
        {"package_name": "str", "package_version": "str", "restraint": "str"}]}]
    assert schema.BODY_SCHEMA["apis"][0]["input_params"]["properties"] == {"*": "any"}


# --- the modules' docs and their argument specs -----------------------------------------------------

SPEC_KEYS = ("type", "elements", "choices", "required", "default", "aliases")


def comparable(options, nested):
    """Name -> the spec keys that matter, with nested options (``nested`` names their key)."""
    found = {}
    for name, option in options.items():
        found[name] = dict((key, option[key]) for key in SPEC_KEYS if option.get(key) not in (None, False))
        if nested in option:
            found[name]["options"] = comparable(option[nested], nested)
    return found


@pytest.mark.parametrize("module, options", [(modelarts_model, MODEL_OPTIONS), (modelarts_model_info, INFO_OPTIONS)])
def test_documentation_matches_the_argument_spec(module, options):
    assert comparable(yaml.safe_load(module.DOCUMENTATION)["options"], "suboptions") == comparable(options, "options")


def test_the_model_package_is_built_on_the_core_alone():
    """The proof that the core takes a second resource: nothing in _model comes from another resource's package."""
    import ast
    import os

    package = os.path.dirname(schema.__file__)
    imported = []
    for filename in sorted(os.listdir(package)):
        if filename.endswith(".py"):
            with open(os.path.join(package, filename)) as handle:
                tree = ast.parse(handle.read())
            imported.extend((filename, node.module) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom))
    resources = [(filename, module) for filename, module in imported
                 if ".module_utils._" in module and module.split(".module_utils.")[1].split(".")[0] not in (
                     "_model", "_client", "_connection", "_errors", "_fields", "_inputs", "_module", "_paging", "_resource",
                     "_responses", "_types", "_waiter", "_write")]
    assert resources == []
