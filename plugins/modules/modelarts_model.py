#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_model
short_description: Import and delete ModelArts models (AI applications)
version_added: 0.3.0
description:
  - Imports a Huawei Cloud ModelArts model (called an AI application in newer pages of the API reference) from an
    OBS path or an SWR image, waits until it is C(published), and deletes it again. The model's C(model_id) is what a
    service's C(config[].model_id) points at (M(hwcloud.modelarts.modelarts_service)).
  - O(name) and O(version) identify a model; the API keeps that pair unique in a project. The other options are the
    body fields of C(POST /v1/{project_id}/models) (Importing a Model), by their API names and typed as the page types
    them. Their documented rules are checked before any request.
  - When no model has O(name) and O(version), the module imports it and, with O(wait), polls
    C(GET /v1/{project_id}/models/{model_id}) until it is C(published). An import that ends C(failed) fails the task
    with the model's own failure text (with C(changed=true), since the model exists).
  - When the model exists, what the task sets is compared with what C(GET) shows, after normalising what the server adds
    (defaults, members the task left out, C(apis) shown as JSON text, O(initial_config) shown as C(config)). A model cannot
    be changed in place, so a difference fails the task naming the fields and sends nothing; the module never deletes
    and re-imports on its own. Fields C(GET) does not show (such as O(template)) are not compared.
  - Never two models. The import API has no idempotency key, so when a C(POST) ends without a clear answer (no answer,
    a 5xx, a success whose body is not an import answer) the name and version are looked up before anything is sent
    again; after an import the pair is looked up once more, and a second model (another run importing at the same
    time) fails the task naming both ids.
  - O(state=absent) deletes the model with C(DELETE /v1/{project_id}/models/{model_id}). The API answers C(200) even
    when it deletes nothing. A model a service uses comes back in C(delete_failed_list) (C(ModelArts.3009)). The module
    reports that as a failure naming the services that use the model (found with C(GET /v1/{project_id}/services?model_id=)),
    with C(changed=false).
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
attributes:
  check_mode:
    support: full
    details: Reads only; the result predicts the model after the import (or V({}) after a delete).
  diff_mode:
    support: full
    details: For an import C(before) is V({}) and C(after) the predicted model; for a delete the reverse.
options:
  name:
    description:
      - Name of the model (C(model_name)), 1 to 64 letters, digits, hyphens (V(-)) or underscores (V(_)).
      - Required with O(version) unless O(model_id) is given.
    type: str
    aliases: [model_name]
  version:
    description:
      - Version of the model (C(model_version)), three numbers C(X.Y.Z), each 0 to 99 without a leading zero
        (V(1.0.0); V(01.0.0) is refused).
    type: str
    aliases: [model_version]
  model_id:
    description:
      - ID of an existing model, instead of O(name) and O(version). A model that does not exist cannot be imported
        by its id. With O(state=present) the task fails, with O(state=absent) nothing happens.
    type: str
  state:
    description:
      - V(present) imports the model when it does not exist and compares it when it does.
      - V(absent) deletes it; a model that does not exist is left alone (C(changed=false), no request but the lookup).
        Options other than the identity are ignored.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until an import (this task's or one already under way) ends C(published). Fails if it ends C(failed),
        with the model's failure text.
      - With V(false) the module returns right after the import is accepted, with the model as it is (C(publishing)).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait in all for the import to end.
    type: int
    default: 1200
  source_location:
    description:
      - OBS path of the model, or the SWR image for O(model_type=Image).
      - Required to import a model unless O(model_type=Template).
    type: str
  model_type:
    description:
      - Model type. Required to import a model.
      - V(Template) imports from a template (O(template) is then required and O(source_location) is not).
    type: str
    choices: [TensorFlow, MXNet, Caffe, Spark_MLlib, Scikit_Learn, XGBoost, Image, PyTorch, Template, Custom, MindSpore]
  runtime:
    description: Runtime environment of the model (the AI engine and its version, for example C(python3.6)).
    type: str
  execution_code:
    description: OBS path of the inference code (C(customize_service.py) in the model directory).
    type: str
  description:
    description: Remarks, at most 100 characters, none of C(&!'"<>=).
    type: str
  source_job_id:
    description: ID of the training job the model comes from, for tracing.
    type: str
  source_job_version:
    description: Version of the training job the model comes from, for tracing.
    type: str
  source_type:
    description: Source type; only V(auto) (an ExeML model) is documented. Leave it out otherwise.
    type: str
    choices: [auto]
  model_algorithm:
    description: Model algorithm (for example C(image_classification)); starts with a letter, at most 36 characters.
    type: str
  model_metrics:
    description: Model precision, as the JSON text the page shows (for example C({"f1":0.52,"accuracy":0.62})).
    type: str
  initial_config:
    description: The model's configuration file as text (C(config.json)); it can provide O(apis), O(dependencies) and the parameters.
    type: str
  workspace_id:
    description: ID of the workspace the model belongs to; C(0) is the default workspace.
    type: str
  install_type:
    description: Service types the model can be deployed as; the server's default is V(real-time) and V(batch).
    type: list
    elements: str
    choices: [real-time, batch, edge]
  source_copy:
    description: Whether the image is copied (only for O(model_type=Image)); the server's default is V(true).
    type: str
    choices: ['true', 'false']
  input_params:
    description: Input parameters of the model (unneeded when O(initial_config) holds them).
    type: list
    elements: dict
    suboptions: &params
      url:
        description: API URL.
        type: str
        required: true
      method:
        description: Request method, V(post) or V(get).
        type: str
        required: true
      protocol:
        description: Request protocol.
        type: str
        required: true
      param_name:
        description: Parameter name.
        type: str
        required: true
      param_type:
        description: Parameter type, for example V(int), V(string), V(float), V(timestamp), V(date) or V(file).
        type: str
        required: true
      min:
        description: Lowest value, for V(int) and V(float) parameters.
        type: float
      max:
        description: Highest value, for V(int) and V(float) parameters.
        type: float
      param_desc:
        description: Parameter description.
        type: str
  output_params:
    description: Output parameters of the model, as O(input_params).
    type: list
    elements: dict
    suboptions: *params
  dependencies:
    description: Packages the inference code and the model need.
    type: list
    elements: dict
    suboptions:
      installer:
        description: Installation mode; only V(pip).
        type: str
        required: true
        choices: [pip]
      packages:
        description: The packages.
        type: list
        elements: dict
        required: true
        suboptions:
          package_name:
            description: Package name.
            type: str
            required: true
          package_version:
            description: Package version; the latest when left out.
            type: str
          restraint:
            description: How the version restrains the package; required with O(dependencies[].packages[].package_version).
            type: str
            choices: [EXACT, ATLEAST, ATMOST]
  apis:
    description: Input and output of each API of the model, in JSON Schema.
    type: list
    elements: dict
    suboptions:
      url:
        description: Inference request URL.
        type: str
      method:
        description: Request method, V(POST) or V(GET).
        type: str
      protocol:
        description: Request protocol.
        type: str
      input_params:
        description: Input, as a JSON Schema object.
        type: dict
        suboptions: &jsonschema
          type:
            description: JSON Schema type, for example V(object).
            type: str
          properties:
            description: JSON Schema properties.
            type: dict
      output_params:
        description: Output, as a JSON Schema object.
        type: dict
        suboptions: *jsonschema
  model_docs:
    description: Up to three documents describing the model.
    type: list
    elements: dict
    suboptions:
      doc_name:
        description: Document name; starts with a letter, 1 to 48 letters, digits, V(-) or V(_).
        type: str
        required: true
      doc_url:
        description: HTTP(S) link of the document.
        type: str
        required: true
  template:
    description: Template settings; required when O(model_type=Template).
    type: dict
    suboptions:
      template_id:
        description: ID of the template.
        type: str
        required: true
      infer_format:
        description: Input and output mode, instead of the template's own.
        type: str
      template_inputs:
        description: Where each input of the template comes from.
        type: list
        elements: dict
        required: true
        suboptions:
          input_id:
            description: Input item ID, from the template's details.
            type: str
            required: true
          input:
            description: OBS file or directory of the input.
            type: str
            required: true
notes:
  - The options are the body of Importing a Model; the API reference is the authority on what each field means.
seealso:
  - module: hwcloud.modelarts.modelarts_model_info
  - module: hwcloud.modelarts.modelarts_service
  - name: Creating an AI Application (CreateModel)
    description: The ModelArts API reference of C(POST /v1/{project_id}/models), with every field of the body.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/CreateModel.html
  - name: Querying the AI Application List (ListModels)
    description: The list call the module finds a model by name and version with.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListModels.html
  - name: Obtaining Details About an AI Application (ShowModel)
    description: The call the module polls while an import runs and compares an existing model with.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowModel.html
  - name: Deleting an AI Application (DeleteModel)
    description: The delete call, with C(delete_success_list) and C(delete_failed_list).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/DeleteModel.html
'''

EXAMPLES = r'''
- name: Import the classifier from OBS and wait until it is published
  hwcloud.modelarts.modelarts_model:
    name: resnet50
    version: 1.0.0
    model_type: PyTorch
    runtime: pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64
    source_location: /models-bucket/resnet50/1.0.0/model/
    description: Image classification
  register: model

- name: Deploy a service from it
  hwcloud.modelarts.modelarts_service:
    name: image-classifier
    config:
      - model_id: "{{ model.model.model_id }}"
        specification: modelarts.vm.cpu.2u
        instance_count: 1
        weight: 100

- name: Import a custom image from SWR without waiting
  hwcloud.modelarts.modelarts_model:
    name: detector
    version: 2.1.0
    model_type: Image
    source_location: swr.cn-north-4.myhuaweicloud.com/team/detector:2.1.0
    install_type: [real-time]
    wait: false

- name: Delete a version no service uses any more
  hwcloud.modelarts.modelarts_model:
    name: resnet50
    version: 1.0.0
    state: absent
'''

RETURN = r'''
model:
  description:
    - The model as C(GET /v1/{project_id}/models/{model_id}) returns it, with C(model_id) and C(model_status).
    - In check mode, the model as the import would leave it (no C(model_id) yet).
    - With O(state=absent), V({}) once it is deleted.
  returned: success
  type: dict
  sample:
    model_id: 10eb0091-887f-4839-9929-cbc884f1e20e
    model_name: resnet50
    model_version: 1.0.0
    model_type: PyTorch
    model_status: published
    source_location: /models-bucket/resnet50/1.0.0/model/
    install_type: [real-time, batch]
    create_at: 1700625410586
waited:
  description: Seconds spent waiting for the import to end.
  returned: when the module waited
  type: float
  sample: 42.5
differing_fields:
  description: The options whose values differ from the existing model's, when the task fails for that.
  returned: failure
  type: list
  elements: str
  sample: [source_location, description]
delete_failed_list:
  description: What C(DELETE) answered in C(delete_failed_list) when it did not delete the model.
  returned: failure
  type: list
  elements: dict
  sample:
    - model_id: 10eb0091-887f-4839-9929-cbc884f1e20e
      error_code: ModelArts.3009
      error_msg: Failed to delete model, model (10eb0091-887f-4839-9929-cbc884f1e20e) already deploy service.
diff:
  description: Before and after, when run with C(--diff).
  returned: changed and diff mode
  type: dict
  sample:
    before: {}
    after:
      model_name: resnet50
      model_version: 1.0.0
      model_status: published
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
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.lifecycle import MODEL_OPTIONS, MODEL_RULES, run_model
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module


def main():
    run_module(new_module(AnsibleModule, **module_args(MODEL_OPTIONS, **MODEL_RULES)), run_model)


if __name__ == "__main__":
    main()
