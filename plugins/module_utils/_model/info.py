# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_model_info: models by id, by exact name (with or without version), or by list filters."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.api import MODEL_ID, ModelApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.rules import check_name, check_version
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.schema import MODEL_TYPES
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.status import (
    BUILDING,
    BUILDING_FAILED,
    FAILED,
    PUBLISHED,
    PUBLISHING,
)

# ListModels' filters, by option name (version is model_version).
FILTERS = ("version", "model_type", "model_status", "description", "workspace_id")

INFO_OPTIONS = dict(
    model_id=dict(type="str"),
    name=dict(type="str", aliases=["model_name"]),
    version=dict(type="str", aliases=["model_version"]),
    model_type=dict(type="str", choices=list(MODEL_TYPES)),
    model_status=dict(type="str", choices=[PUBLISHING, PUBLISHED, FAILED, BUILDING, BUILDING_FAILED]),
    description=dict(type="str"),
    workspace_id=dict(type="str"),
    details=dict(type="bool", default=False),
)

INFO_RULES = dict(mutually_exclusive=[("model_id", other) for other in ("name",) + FILTERS])


def check_info_options(params):
    if params.get("model_id"):
        check_id("model_id", params["model_id"], MODEL_ID)
    if params.get("name") is not None:
        check_name(params["name"])
    if params.get("version") is not None:
        check_version(params["version"])
    if params.get("workspace_id"):
        check_id("workspace_id", params["workspace_id"])
    if params.get("description") == "":
        raise ModelArtsConfigError("description must not be empty (it filters by the text it contains).")


def read_models(api, params):
    """The models the options select: details for an id (or with ``details``), list summaries otherwise."""
    if params.get("model_id"):
        model = api.find(params["model_id"])
        return [model] if model is not None else []
    models = api.list(name=params.get("name"), model_version=params.get("version"), model_type=params.get("model_type"),
                      model_status=params.get("model_status"), description=params.get("description"),
                      workspace_id=params.get("workspace_id"))
    if not params.get("details"):
        return models
    # A model deleted since the list was read is left out.
    return [model for model in (api.find(summary["model_id"]) for summary in models) if model is not None]


def run_model_info(run):
    check_info_options(run.params)
    return {"changed": False, "models": read_models(ModelApi(run.client), run.params)}
