#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_model_info
short_description: Read ModelArts models (AI applications)
version_added: 0.3.0
description:
  - Reads the Huawei Cloud ModelArts models of a project, one by O(model_id), or all those that match O(name) and the
    list filters (O(version), O(model_type), O(model_status), O(description), O(workspace_id)). With none of these
    options it reads every model of the project.
  - O(name) is exact, never a prefix or a substring. The list API is asked with C(exact_match=true) and every model
    whose name is not exactly O(name) is dropped from its answer as well.
  - Matches are found with the list API C(GET /v1/{project_id}/models), paged through until every match is read,
    1000 models a request, whether the server counts C(offset) in pages (as the reference says) or in records.
  - The list answers with summaries. With O(details) each match is read in full with
    C(GET /v1/{project_id}/models/{model_id}), one request per model; a model read by O(model_id) is always in full.
  - Nothing matching is not an error, the module then returns an empty RV(models). So does an unknown O(model_id).
  - The module only reads. It never reports a change, and runs the same in check mode.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
attributes:
  check_mode:
    support: full
    details: The module only reads, so it does the same in check mode.
  diff_mode:
    support: N/A
    details: The module changes nothing.
options:
  model_id:
    description:
      - ID of the one model to read.
      - Cannot be combined with O(name) or the list filters.
    type: str
  name:
    description:
      - Exact name (C(model_name)) of the models to read; every version of it unless O(version) is set.
    type: str
    aliases: [model_name]
  version:
    description:
      - Only models of this version (C(model_version), C(X.Y.Z)).
    type: str
    aliases: [model_version]
  model_type:
    description:
      - Only models of this type.
    type: str
    choices: [TensorFlow, MXNet, Caffe, Spark_MLlib, Scikit_Learn, XGBoost, Image, PyTorch, Template, Custom, MindSpore]
  model_status:
    description:
      - Only models in this status.
    type: str
    choices: [publishing, published, failed, building, building_failed]
  description:
    description:
      - Only models whose description contains this text (the API's match).
    type: str
  workspace_id:
    description:
      - Only models of this workspace.
    type: str
  details:
    description:
      - Read each listed model in full (one more request per model).
    type: bool
    default: false
seealso:
  - module: hwcloud.modelarts.modelarts_model
  - name: Querying the AI Application List (ListModels)
    description: The ModelArts API reference of C(GET /v1/{project_id}/models), with its filters and the summary fields.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListModels.html
  - name: Obtaining Details About an AI Application (ShowModel)
    description: The ModelArts API reference of C(GET /v1/{project_id}/models/{model_id}).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowModel.html
'''

EXAMPLES = r'''
- name: Every version of resnet50
  hwcloud.modelarts.modelarts_model_info:
    name: resnet50
  register: resnet

- name: One version, in full
  hwcloud.modelarts.modelarts_model_info:
    name: resnet50
    version: 1.0.0
    details: true

- name: One model by its id
  hwcloud.modelarts.modelarts_model_info:
    model_id: 10eb0091-887f-4839-9929-cbc884f1e20e

- name: Every published image model
  hwcloud.modelarts.modelarts_model_info:
    model_type: Image
    model_status: published
'''

RETURN = r'''
models:
  description:
    - The matching models, oldest first; summaries from the list API, or in full (O(model_id), O(details)).
  returned: success
  type: list
  elements: dict
  sample:
    - model_id: 10eb0091-887f-4839-9929-cbc884f1e20e
      model_name: resnet50
      model_version: 1.0.0
      model_type: PyTorch
      model_status: published
      install_type: [real-time, batch]
      create_at: 1700625410586
error:
  description:
    - Details of the failed API call, when the module fails on an API error.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status.
      type: int
      sample: 401
    error_code:
      description: ModelArts or API gateway error code.
      type: str
      sample: APIG.0301
    error_msg:
      description: Error message of the API.
      type: str
      sample: "Incorrect IAM authentication information: verify aksk signature fail"
    request_id:
      description: Request ID (C(X-Request-Id)) to quote to Huawei Cloud support.
      type: str
      sample: 3b1d4a8f0f4c4e1e9d6c2b7a5e8f0c1d
    method:
      description: HTTP method.
      type: str
      sample: GET
    url:
      description: Request URL.
      type: str
      sample: https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/models
'''

from ansible.module_utils.basic import AnsibleModule

# First: the rest of this collection's imports then compile once from the module's zip.
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once  # noqa: F401 pylint: disable=unused-import
from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import new_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.info import INFO_OPTIONS, INFO_RULES, run_model_info
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module


def main():
    run_module(new_module(AnsibleModule, **module_args(INFO_OPTIONS, **INFO_RULES)), run_model_info)


if __name__ == "__main__":
    main()
