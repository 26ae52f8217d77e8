# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_model's options and its one entry, ``run_model(run)``: the options checked before any
request, then the ResourceStateMachine driving the ModelAdapter."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.api import ModelApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.flow import ModelAdapter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.rules import STATES, check_model_options
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.schema import body_from_params, body_options
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import WAIT_OPTIONS

MODEL_OPTIONS = dict(
    body_options(),
    model_id=dict(type="str"),
    state=dict(type="str", choices=list(STATES), default="present"),
    **WAIT_OPTIONS
)

# AnsibleModule rules of modelarts_model (module_args(MODEL_OPTIONS, **MODEL_RULES)).
MODEL_RULES = dict(
    required_one_of=[("model_id", "name")],
    mutually_exclusive=[("model_id", "name"), ("model_id", "version")],
    required_together=[("name", "version")],
)


def run_model(run):
    """modelarts_model: the result dict, or a ModelArtsError (``_module.execute`` makes it the failure)."""
    body = body_from_params(run.params)
    check_model_options(run.params, body)
    adapter = ModelAdapter(run, ModelApi(run.client), body)
    return ResourceStateMachine(run.module, adapter).run()
