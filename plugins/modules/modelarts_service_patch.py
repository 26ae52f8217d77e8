#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_service_patch
short_description: Change single fields of a ModelArts service's model configuration with a JSON patch
version_added: 0.1.0
description:
  - Changes fields of the first model configuration (C(config[0])) of an existing Huawei Cloud ModelArts service
    with C(PATCH /v1/{project_id}/services/{service_id}), whose body is a JSON patch (RFC 6902).
    Use it to change one field (an environment variable, the instance count, a mount) without restating
    the whole configuration as M(hwcloud.modelarts.modelarts_service) needs.
  - Every operation is checked before any request is sent. The path must be a JSON pointer (RFC 6901, with
    C(~0) for C(~) and C(~1) for C(/)) under C(/config/0/) whose first member is a documented ServiceConfig
    field, and the value must have that field's documented type, for example O(patch[].value) of
    C(/config/0/instance_count) an integer of at least 1 and of C(/config/0/envs) a map of strings.
    The error names the index of the operation, its path and the rule.
  - Number fields also accept numeric strings (C("2") for C(/config/0/instance_count), C("0.5") for
    C(/config/0/custom_spec/cpu)); string fields accept numbers and booleans (C(true)/C(false)).
    Values are normalised the way M(hwcloud.modelarts.modelarts_service) normalises them, and the operations
    are compared and sent with the normalised values.
  - The module reads the service, applies the operations in order to a copy of its current C(config[0]) and
    compares the result with the current configuration after the same normalisation as
    M(hwcloud.modelarts.modelarts_service), ignoring the read-only fields the server adds. When nothing differs
    it sends no PATCH and reports no change. Otherwise it sends all operations in one PATCH and waits as
    M(hwcloud.modelarts.modelarts_service) does.
  - A path of one member below C(/config/0/) (for example C(/config/0/pool_name)) sets that field whether or
    not the service shows it, because the API holds C(config[0]) as a typed object in which every documented field
    exists (unset ones as null), and its own example request replaces fields that way.
  - A deeper path (C(/config/0/envs/LOG_LEVEL), C(/config/0/custom_spec/cpu),
    C(/config/0/additional_properties/max_surge), C(/config/0/additional_properties/persistent_volumes/0))
    follows RFC 6902, where C(replace) requires its target to exist. Every parent on the path must exist in the
    service as the module reads it, and so must a list item or a map key (C(envs), C(mapping_rule)); only the
    last member may be missing when it is a documented member of a typed object (C(custom_spec),
    C(additional_properties), a C(log_volume) or C(persistent_volumes) item), for the same reason as a field.
    Otherwise the module fails before sending anything and names the parent to replace with its whole value
    instead, for example C(/config/0/envs) to add an environment variable. The list position C(-) is never a
    valid target of C(replace).
  - After applying the operations the documented rules of a model configuration are checked on the patched
    C(config[0]) (C(specification=custom) needs C(custom_spec), C(gpu_p4) and C(ascend_a310) are exclusive,
    C(log_volume) needs a dedicated pool, batch and edge fields are refused on a real-time service) and, when
    a weight is patched on a real-time service, that the weights still add up to 100. A rule that the
    current configuration already breaks is left to the API.
  - If the service is busy (C(deploying), C(stopping)) when the module starts and a change is needed, the module
    waits for it to settle first, within O(wait_timeout); with O(wait=false) it fails instead.
  - A PATCH that fails without a clear answer (connection lost, timeout, HTTP 5xx) is never sent again.
    The module reads the service and reports success, with a warning, if the change landed.
  - A service that serves no model (no C(config[0])) cannot be patched; the module fails with a clear message.
  - After the PATCH the module reads the service again and checks that the operations show. If a concurrent change
    replaced them, they are applied once more to that read; if they still do not show, the task fails.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
  - hwcloud.modelarts.service_change
attributes:
  check_mode:
    support: full
    details: Sends no PATCH and returns the service as it would be after the operations.
  diff_mode:
    support: full
    details: Shows the configuration (C(config)) before and after the operations.
options:
  patch:
    description:
      - The JSON patch operations (PatchServiceV2RequestBody), applied in order.
      - At least one operation; an empty list is refused before any request.
    type: list
    elements: dict
    required: true
    suboptions:
      op:
        description:
          - Operation type. The API supports only C(replace).
        type: str
        choices: [replace]
        default: replace
      path:
        description:
          - JSON pointer (RFC 6901) of the field to replace. It starts with C(/config/0/) followed by a
            documented ServiceConfig field, optionally with members or list indexes below it.
          - The ServiceConfig fields are C(model_id), C(specification), C(weight), C(instance_count), C(envs),
            C(custom_spec), C(deploy_timeout_in_seconds), C(cluster_id), C(pool_name), C(src_path), C(dest_path),
            C(req_uri), C(mapping_type), C(mapping_rule), C(src_type), C(nodes), C(additional_properties) and C(affinity)
            (current CreateService and UpdateService pages).
          - Members of C(custom_spec) are C(cpu), C(memory), C(gpu_p4) and C(ascend_a310); members of
            C(additional_properties) are C(log_volume), C(max_surge), C(max_unavailable),
            C(termination_grace_period_seconds) and C(persistent_volumes).
        type: str
        required: true
      value:
        description:
          - The new value, of the documented type of the field the path names (any JSON type).
          - Must not be null; the API has no operation that removes a field. A map value (C(/config/0/envs)) has
            no null members either; leave a variable out of the map to remove it. NaN and Infinity, a boolean for a
            number, and an empty string for C(model_id), C(specification) or a C(mount_path) are refused.
        type: raw
        required: true
  user_id:
    description:
      - User ID sent as the C(X-ModelArts-User-ID) header of the PATCH, needed when an agency token is used to
        check the workspace.
    type: str
notes:
  - A config naming a model that does not exist fails the task unchanged. The API's error code table has two codes
    for this, HTTP 404 C(ModelArts.3507) (model does not exist; remedy, a correct model ID) and HTTP 400
    C(ModelArts.3529) (model under the service does not exist; remedy, a model of the target service); both are
    handled alike, and neither means that the service is missing.
  - The API patches only the first model configuration of a service (path prefix C(/config/0/)). To change
    another model, its weight relative to others, or the service description, schedule or status, use
    M(hwcloud.modelarts.modelarts_service).
  - Validation of each operation happens before any request. Rules that need the current service (deeper
    paths must exist, rules across fields of C(config[0]), mandatory batch and edge fields, a dedicated pool
    on the entry or the service for C(specification=custom) and C(log_volume), the weights) are checked after
    the service is read and before the PATCH, in check mode too.
  - "Where the API reference leaves the behaviour open, the module assumes the following; watch these on first
    use: the API patches a typed object in which every documented field exists, so a field the service does not
    show can be replaced (the reference's own example does so); a config change of a C(stopped) service does
    not redeploy it, while one of a C(failed) service redeploys it."
seealso:
  - module: hwcloud.modelarts.modelarts_service
  - module: hwcloud.modelarts.modelarts_service_info
  - name: Updating the Service Through the Patch Operation (PatchServiceV2)
    description: The ModelArts API reference of C(PATCH /v1/{project_id}/services/{service_id}).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/PatchServiceV2.html
  - name: Updating Service Configurations (UpdateService)
    description: The ModelArts API reference of the ServiceConfig fields a path names, with their types and rules.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/UpdateService.html
  - name: RFC 6902, JavaScript Object Notation (JSON) Patch
    description: The patch format.
    link: https://www.rfc-editor.org/rfc/rfc6902
  - name: Error Codes
    description: The ModelArts API error code table, with C(ModelArts.3507) and C(ModelArts.3529) for a missing model.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/modelarts_03_0095.html
'''

EXAMPLES = r'''
# The connection (region, credentials) comes from the HW_* environment variables here, or from the play's
# module_defaults for the group/hwcloud.modelarts.modelarts action group (see the collection README).
- name: Scale the first model of the classifier out to 3 instances
  hwcloud.modelarts.modelarts_service_patch:
    name: image-classifier
    patch:
      - path: /config/0/instance_count
        value: 3

- name: Change one environment variable (it must exist already, see the description)
  hwcloud.modelarts.modelarts_service_patch:
    name: image-classifier
    patch:
      - path: /config/0/envs/LOG_LEVEL
        value: debug

- name: Add an environment variable by replacing the whole map
  hwcloud.modelarts.modelarts_service_patch:
    name: image-classifier
    patch:
      - path: /config/0/envs
        value:
          LOG_LEVEL: info
          MAX_BATCH: "16"

- name: The API reference's example request, sent with an agency token's user ID
  hwcloud.modelarts.modelarts_service_patch:
    service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    user_id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
    patch:
      - op: replace
        path: /config/0/envs
        value: {}
      - op: replace
        path: /config/0/model_id
        value: a9542b46-8dfd-4184-bd81-c8d8946edb47
      - op: replace
        path: /config/0/additional_properties
        value:
          persistent_volumes:
            - storage_type: obs_pfs
              source_address: /dongcong4
              mount_path: /var/tmp
              storage_type_text: atelier_webservice_detail_model_config_volumes_type_obs
      - op: replace
        path: /config/0/specification
        value: modelarts.vm.ai1.a310
      - op: replace
        path: /config/0/pool_name
        value: pool-c8e2-04f258c84780d5a52f3bc00dc15aa5e7

- name: Give the first model custom resources, without waiting for the redeployment
  hwcloud.modelarts.modelarts_service_patch:
    service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    wait: false
    patch:
      - path: /config/0/specification
        value: custom
      - path: /config/0/custom_spec
        value:
          cpu: 2
          memory: 4096

- name: Preview a change in check mode with a diff
  hwcloud.modelarts.modelarts_service_patch:
    name: image-classifier
    patch:
      - path: /config/0/additional_properties/max_surge
        value: 0.5
  check_mode: true
  diff: true
  register: preview
'''

RETURN = r'''
service:
  description:
    - The service as C(GET /v1/{project_id}/services/{service_id}) returns it after the change.
    - In check mode, and with O(wait=false), the service as it would be after the change.
  returned: success
  type: dict
  sample:
    service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    service_name: image-classifier
    infer_type: real-time
    status: running
    config:
      - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
        model_name: resnet50
        model_version: 1.0.0
        specification: modelarts.vm.cpu.2u
        instance_count: 3
        weight: 100
        envs:
          LOG_LEVEL: debug
        status: running
    update_time: 1700625410586
operations:
  description:
    - The operations after validation, with their values normalised, as they were (or would be) sent.
  returned: success
  type: list
  elements: dict
  sample:
    - op: replace
      path: /config/0/instance_count
      value: 3
changed_fields:
  description: The top-level fields that differed and were (or in check mode would be) changed; C([config]) or C([]).
  returned: success
  type: list
  elements: str
  sample: [config]
update_time:
  description:
    - Time of the update (epoch milliseconds) from the PATCH response. Find the update record
      of this change with it (M(hwcloud.modelarts.modelarts_service_info)).
  returned: when the PATCH was sent and the API returned it
  type: int
  sample: 1700625410586
resource_ids:
  description: IDs of the updated resources, from the PATCH response.
  returned: when the PATCH was sent and the API returned them
  type: list
  elements: str
  sample:
    - INF-ae2aa85ce2a3fcac-1700530937033
    - INF-ae2aa85ca9542b46-1700530937026
request_id:
  description: Request ID (C(X-Request-Id)) of the PATCH, to quote to Huawei Cloud support.
  returned: when the PATCH was sent and answered
  type: str
  sample: 3b1d4a8f0f4c4e1e9d6c2b7a5e8f0c1d
waited:
  description: Seconds spent waiting for the service to settle.
  returned: success
  type: float
  sample: 42.5
diff:
  description: The configuration before and after the operations, when run with C(--diff).
  returned: changed and diff mode
  type: dict
  sample:
    before:
      config:
        - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
          instance_count: 1
          envs:
            LOG_LEVEL: info
    after:
      config:
        - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
          instance_count: 3
          envs:
            LOG_LEVEL: info
error:
  description:
    - Details of the failed API call, when the module fails on an API error.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status.
      type: int
      sample: 400
    error_code:
      description: ModelArts or API gateway error code.
      type: str
      sample: ModelArts.3519
    error_msg:
      description: Error message of the API.
      type: str
      sample: The service is deploying and cannot be updated.
    request_id:
      description: Request ID (C(X-Request-Id)) to quote to Huawei Cloud support.
      type: str
      sample: 3b1d4a8f0f4c4e1e9d6c2b7a5e8f0c1d
    method:
      description: HTTP method.
      type: str
      sample: PATCH
    url:
      description: Request URL.
      type: str
      sample: https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/services/7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
'''

from ansible.module_utils.basic import AnsibleModule

# First: the rest of this collection's imports then compile once from the module's zip.
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once  # noqa: F401 pylint: disable=unused-import
from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import new_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import SERVICE_CHANGE_OPTIONS, SERVICE_CHANGE_RULES
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.patch import run_service_patch

PATCH_OPTIONS = dict(
    patch=dict(type="list", elements="dict", required=True, options=dict(
        op=dict(type="str", choices=["replace"], default="replace"),
        path=dict(type="str", required=True),
        value=dict(type="raw", required=True),
    )),
    user_id=dict(type="str"),
)


def main():
    run_module(new_module(AnsibleModule, **module_args(dict(SERVICE_CHANGE_OPTIONS, **PATCH_OPTIONS), **SERVICE_CHANGE_RULES)),
               run_service_patch)


if __name__ == "__main__":
    main()
