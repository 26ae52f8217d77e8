#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_v2_service_info
short_description: Read ModelArts new-version real-time services (v2 API)
version_added: 0.3.0
description:
  - Reads new-version real-time services (C(/v2/{project_id}/services)) by O(service_id), by exact O(name) or by the list
    filters, across all pages (C(GET /v2/{project_id}/services), oldest first), with their deployments, the deployments'
    versions and the services' events on demand.
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
  service_id:
    description:
    - ID of one service (C(GET /v2/{project_id}/services/{service_id})); nothing else may be given with it.
    type: str
  name:
    description:
    - The service named exactly this (the API's C(name) filter matches substrings; the answer is filtered here).
    type: str
  status:
    description:
    - Only services in this status.
    type: str
    choices:
    - DEPLOYING
    - RUNNING
    - CONCERNING
    - UPGRADING
    - STOPPING
    - STOPPED
    - DELETING
    - INTERRUPTING
    - FAILED
    - ERROR
  type:
    description:
    - Only services of this type.
    type: str
    choices:
    - REAL_TIME
    - ASYNC_REAL_TIME
  auth_type:
    description:
    - Only services called with this authentication.
    type: str
    choices:
    - TOKEN
    - API_KEY
    - NONE
  description:
    description:
    - Only services whose description contains this text.
    type: str
  pool_id:
    description:
    - Only services with a deployment in this pool.
    type: str
  workspace_id:
    description:
    - Only services of this workspace.
    type: str
  user_name:
    description:
    - Only services this user created.
    type: str
  tags:
    description:
    - Only services with every one of these tags (key and value).
    type: dict
  details:
    description:
    - Read each listed service's details (C(GET .../services/{service_id})) instead of the list's summary.
    type: bool
    default: false
  deployments:
    description:
    - Add each service's deployments under C(deployments) (details are read too).
    type: bool
    default: false
  versions:
    description:
    - Add each deployment's versions under C(deployments[].versions) (with the deployments).
    type: bool
    default: false
  events:
    description:
    - Add each service's events under C(events), oldest first.
    type: bool
    default: false
  event_type:
    description:
    - Only events of this type (with O(events)).
    type: str
    choices:
    - NORMAL
    - ABNORMAL
    - WARNING
seealso:
  - module: hwcloud.modelarts.modelarts_v2_service
  - name: Querying the Service List (ListInferServices)
    description: The list call, its filters and its paging.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListInferServices.html
  - name: Querying Service Details (ShowInferService)
    description: The details of one service.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowInferService.html
  - name: Querying Service Events (ListInferServiceEvents)
    description: The events call.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListInferServiceEvents.html
'''

EXAMPLES = r'''
- name: One service by name, with its deployments, their versions and its events
  hwcloud.modelarts.modelarts_v2_service_info:
    name: detector-v2
    deployments: true
    versions: true
    events: true
  register: found

- name: Every running service of the team
  hwcloud.modelarts.modelarts_v2_service_info:
    status: RUNNING
    tags:
      team: vision
'''

RETURN = r'''
services:
  description:
    - The matching services, oldest first; summaries from the list API, or in full (O(service_id), O(details), O(deployments),
      O(versions), O(events)), with C(deployments) (each with C(versions)) and C(events) when asked for.
  returned: success
  type: list
  elements: dict
  sample:
    - id: 2b0f6e3c-7d4a-4e0b-9d7e-5f1c2a3b4c5d
      name: detector-v2
      status: RUNNING
      version: 1.0.0
      type: REAL_TIME
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
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.info import INFO_OPTIONS, INFO_RULES, run_v2_service_info


def main():
    run_module(new_module(AnsibleModule, **module_args(INFO_OPTIONS, **INFO_RULES)), run_v2_service_info)


if __name__ == "__main__":
    main()
