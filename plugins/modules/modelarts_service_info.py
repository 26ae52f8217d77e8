#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_service_info
short_description: Read ModelArts services, with their update records and events
version_added: 0.1.0
description:
  - Reads the Huawei Cloud ModelArts services of a project, one by O(service_id), or all those that match
    O(name) and the list filters (O(infer_type), O(status), O(model_id), O(workspace_id)).
    With none of these options it reads every service of the project.
  - O(name) and the filters combine, and every option you set must match; O(name) narrows the filters down
    to the services with exactly that name.
  - Matches are found with the list API C(GET /v1/{project_id}/services), paged through until every match
    is read, 1000 services a request, so 1205 services take 2 list requests (3 if the server counts
    C(offset) in records rather than pages, see the notes).
  - The list answers with summaries, without C(config). See O(details) for when the module also reads
    each match in full with C(GET /v1/{project_id}/services/{service_id}), one request per service.
  - Nothing matching is not an error, the module then returns an empty RV(services).
    So does an unknown O(service_id).
  - O(include_update_records) and O(include_events) add one more request per service each (events are
    paged too), so use them with O(service_id), O(name) or narrow filters in large projects.
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
  service_id:
    description:
      - ID of the one service to read.
      - Cannot be combined with O(name), O(infer_type), O(status), O(model_id) or O(workspace_id).
    type: str
  name:
    description:
      - Exact name (C(service_name)) of the services to read. The list API is asked with this name, and every
        service whose name is not exactly this one is dropped from its answer.
      - Names need not be unique in a project, so this may match more than one service.
    type: str
    aliases: [service_name]
  infer_type:
    description:
      - Only services of this kind.
    type: str
    choices: [real-time, batch, edge]
  status:
    description:
      - Only services in this status when the list API is asked. The choices are the statuses the list API
        filters by.
      - The status returned in RV(services) is read afterwards and may have moved on in between, for example
        from C(deploying) to C(running).
    type: str
    choices: [running, deploying, concerning, failed, stopped, finished]
  model_id:
    description:
      - Only services that serve this model.
    type: str
  workspace_id:
    description:
      - Only services of this workspace. C(0) is the default workspace.
    type: str
  details:
    description:
      - Whether to read each matching service in full (C(GET /v1/{project_id}/services/{service_id}), one
        request per service, with its C(config) and C(access_address)) or to return the list entries as the
        list API gives them (no extra request).
      - When not set, services selected by O(service_id) or O(name) are read in full (a name normally
        matches one service), and the list entries are returned for a listing by the other filters or of
        the whole project.
      - V(true) reads every match in full, so 1205 matches cost 1205 GET requests after the list.
      - V(false) never does; with O(service_id) the list API is asked for that one service instead.
      - What a service looks like therefore depends on the options only, never on how many services match.
    type: bool
  include_update_records:
    description:
      - Add each service's update records (C(GET /v1/{project_id}/services/{service_id}/logs)) to it as
        RV(services[].update_records).
    type: bool
    default: false
  include_events:
    description:
      - Add each service's events (C(GET /v1/{project_id}/services/{service_id}/events)) to it as
        RV(services[].events), oldest first.
    type: bool
    default: false
  event_type:
    description:
      - Only events of this type. Requires O(include_events=true).
    type: str
    choices: [normal, abnormal]
notes:
  - Services are returned oldest first (ascending C(publish_at), the order the list is read in). A service
    deleted after the list was read is left out.
  - The API reference calls the list's C(offset) the start page, while generic clients treat it as a
    record offset. The module is right under both readings. It finds out from the second list request
    which one the server uses, drops duplicates, and fails with a clear message (never a partial list)
    when the server's pages do not add up to its C(total_count).
seealso:
  - module: hwcloud.modelarts.modelarts_service
  - module: hwcloud.modelarts.modelarts_service_patch
  - name: Obtaining Services (ListServices)
    description: The ModelArts API reference of C(GET /v1/{project_id}/services).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListServices.html
  - name: Obtaining Service Details (ShowService)
    description: The ModelArts API reference of C(GET /v1/{project_id}/services/{service_id}).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowService.html
'''

EXAMPLES = r'''
# The connection (region, credentials) comes from the HW_* environment variables here, or from the play's
# module_defaults for the group/hwcloud.modelarts.modelarts action group (see the collection README).
- name: Find the service by its name
  hwcloud.modelarts.modelarts_service_info:
    name: image-classifier
  register: found

- name: Stop unless exactly one service has that name and it is running
  ansible.builtin.assert:
    that:
      - found.services | length == 1
      - found.services[0].status == 'running'
    fail_msg: "{{ found.services | map(attribute='service_id') }} {{ found.services | map(attribute='status') }}"

- name: Show what the last update of that service did
  hwcloud.modelarts.modelarts_service_info:
    service_id: "{{ found.services[0].service_id }}"
    include_update_records: true
    include_events: true
    event_type: abnormal
  register: history

- name: Report the last update record and the abnormal events
  ansible.builtin.debug:
    msg:
      - "{{ history.services[0].update_records | last }}"
      - "{{ history.services[0].events | map(attribute='event_info') }}"

- name: List the real-time services that have failed, with the models they serve
  hwcloud.modelarts.modelarts_service_info:
    infer_type: real-time
    status: failed
    details: true
  register: failed_services

- name: Report why each failed
  ansible.builtin.debug:
    msg: "{{ item.service_name }}: {{ item.error_msg | default('') }} ({{ item.config | map(attribute='model_id') | join(', ') }})"
  loop: "{{ failed_services.services }}"
  loop_control:
    label: "{{ item.service_id }}"

- name: List the services that serve a given model, in the default workspace
  hwcloud.modelarts.modelarts_service_info:
    model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
    workspace_id: "0"
  register: users_of_model

- name: List every service of the project (list requests only, 1000 services each)
  hwcloud.modelarts.modelarts_service_info:
  register: all_services

- name: Report how many are running
  ansible.builtin.debug:
    msg: "{{ all_services.services | selectattr('status', 'equalto', 'running') | list | length }} of {{ all_services.services | length }} running"
'''

RETURN = r'''
services:
  description:
    - The matching services, oldest first, plus RV(services[].update_records) and RV(services[].events)
      when asked for.
    - Each service is exactly as C(GET /v1/{project_id}/services/{service_id}) returns it when read in full
      (see O(details)), otherwise exactly as the list API C(GET /v1/{project_id}/services) returns it, which
      has no RV(services[].config) and no RV(services[].access_address).
    - Empty when nothing matches.
    - Only the most used fields are described here; the API reference lists them all.
  returned: success
  type: list
  elements: dict
  contains:
    service_id:
      description: Service ID.
      type: str
      returned: success
    service_name:
      description: Service name.
      type: str
      returned: success
    description:
      description: Service description.
      type: str
      returned: success
    infer_type:
      description: Kind of service, C(real-time), C(batch) or C(edge).
      type: str
      returned: success
    status:
      description:
        - Service status, for example C(running), C(deploying), C(concerning), C(failed) or C(stopped).
      type: str
      returned: success
    error_msg:
      description: Why the service failed.
      type: str
      returned: when the service failed
    progress:
      description: Deployment progress in percent.
      type: int
      returned: while deploying, and when running
    access_address:
      description: Address to call a deployed real-time service at.
      type: str
      returned: when a real-time service was deployed and is read in full (O(details))
    workspace_id:
      description: Workspace of the service, C(0) for the default one.
      type: str
      returned: success
    update_time:
      description: Time of the last update, in milliseconds since the epoch.
      type: int
      returned: success
    config:
      description:
        - The models the service serves, one entry per model, with the server's read-only fields
          (C(model_name), C(model_version), per-model C(status)).
      type: list
      elements: dict
      returned: when the service is read in full (O(details))
    update_records:
      description:
        - The update records of the service, as C(GET /v1/{project_id}/services/{service_id}/logs) returns
          them in C(logs).
      type: list
      elements: dict
      returned: when O(include_update_records=true)
      contains:
        update_time:
          description: Time of the update, in milliseconds since the epoch.
          type: int
          returned: success
        result:
          description: Outcome of the update, C(SUCCESS), C(FAIL) or C(RUNNING).
          type: str
          returned: success
        config:
          description: The models the update deployed.
          type: list
          elements: dict
          returned: success
        cluster_id:
          description: Dedicated resource pool of the update.
          type: str
          returned: when the service runs in a dedicated resource pool
        extend_config:
          description: Personalised configuration of the update.
          type: list
          elements: dict
          returned: success
    events:
      description:
        - The events of the service, of O(event_type) only when it is set, oldest first, as
          C(GET /v1/{project_id}/services/{service_id}/events) returns them in C(events) (every page;
          an event repeated with the same type, text and time is listed once).
      type: list
      elements: dict
      returned: when O(include_events=true)
      contains:
        event_type:
          description: C(normal) or C(abnormal).
          type: str
          returned: success
        event_info:
          description: What happened.
          type: str
          returned: success
        occur_time:
          description: When it happened, in milliseconds since the epoch.
          type: int
          returned: success
  sample:
    - service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
      service_name: image-classifier
      description: Image classification
      tenant: 05041fffa40025702f6dc009cc6f8f33
      project: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
      owner: 05041fffa40025702f6dc009cc6f8f33
      publish_at: 1700611200512
      update_time: 1700625410586
      infer_type: real-time
      workspace_id: "0"
      status: running
      progress: 100
      config:
        - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
          model_name: resnet50
          model_version: 1.1.0
          status: running
          specification: modelarts.vm.cpu.2u
          weight: 100
          instance_count: 2
          envs:
            LOG_LEVEL: info
          additional_properties: {}
          scaling: false
          support_debug: false
      access_address: https://05041fffa40025702f6dc009cc6f8f33.apig.cn-north-4.huaweicloudapis.com/v1/infers/7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
      invocation_times: 1520
      failed_times: 3
      is_shared: false
      shared_count: 0
      is_free: false
      operation_time: 1700625410586
      transition_at: 1700625452117
      additional_properties: {}
      update_records:
        - update_time: 1700625410586
          result: SUCCESS
          config:
            - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
              model_name: resnet50
              model_version: 1.1.0
              weight: 100
              specification: modelarts.vm.cpu.2u
              envs:
                LOG_LEVEL: info
              instance_count: 2
          extend_config: []
      events:
        - event_type: normal
          event_info: start to update service
          occur_time: 1700625410586
        - event_type: normal
          event_info: deploy service success, the service is running
          occur_time: 1700625452117
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
      sample: https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/services
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import (
    build_client,
    connection_argument_spec,
    require_requests,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsError,
    fail_with_error,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import SERVICE_NOT_FOUND, ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import LISTABLE_STATUSES

LIST_FILTERS = ("infer_type", "status", "model_id", "workspace_id")

INFO_OPTIONS = dict(
    service_id=dict(type="str"),
    name=dict(type="str", aliases=["service_name"]),
    infer_type=dict(type="str", choices=["real-time", "batch", "edge"]),
    status=dict(type="str", choices=list(LISTABLE_STATUSES)),
    model_id=dict(type="str"),
    workspace_id=dict(type="str"),
    details=dict(type="bool"),
    include_update_records=dict(type="bool", default=False),
    include_events=dict(type="bool", default=False),
    event_type=dict(type="str", choices=["normal", "abnormal"]),
)


def check_options(params):
    if params["event_type"] and not params["include_events"]:
        raise ModelArtsConfigError("event_type requires include_events=true.")
    if params["service_id"] is not None and not params["service_id"].strip():
        # An empty id would address the list URL; it is a templating mistake, not "no service".
        raise ModelArtsConfigError("service_id must not be empty.")


def reads_in_full(params):
    """Whether each service is read with its own GET (see the details option)."""
    if params["details"] is not None:
        return params["details"]
    return params["service_id"] is not None or params["name"] is not None


def listed_services(client, params):
    """The list entries of the matching services (every page), oldest first."""
    if params["service_id"] is not None:
        return client.list_services(service_id=params["service_id"])
    filters = dict((key, params[key]) for key in LIST_FILTERS)
    if params["name"] is None:
        return client.list_services(**filters)
    return client.services_named(params["name"], **filters)


def read_services(client, params):
    if not reads_in_full(params):
        services = listed_services(client, params)
    else:
        if params["service_id"] is not None:
            # One GET and no list request; an unknown id reads as nothing.
            service_ids = [params["service_id"]]
        else:
            service_ids = [summary["service_id"] for summary in listed_services(client, params)]
        # None: an unknown service_id, or a service deleted since the list was read.
        services = [service for service in map(client.find_service, service_ids) if service is not None]
    return [service for service in services if add_history(client, service, params)]


def add_history(client, service, params):
    """Add the update records and events asked for; False when the service has gone meanwhile."""
    try:
        if params["include_update_records"]:
            service["update_records"] = client.update_records(service["service_id"])
        if params["include_events"]:
            service["events"] = client.events(service["service_id"], params["event_type"])
    except ModelArtsApiError as error:
        if error.status == 404 and error.error_code == SERVICE_NOT_FOUND:
            return False
        raise
    return True


def main():
    module = AnsibleModule(
        argument_spec=connection_argument_spec(**INFO_OPTIONS),
        mutually_exclusive=[("service_id", other) for other in ("name",) + LIST_FILTERS],
        supports_check_mode=True,
    )
    require_requests(module)
    try:
        check_options(module.params)
        client = ServiceApi(build_client(module.params, register_secret=module.no_log_values.add))
        services = read_services(client, module.params)
    except ModelArtsError as error:
        fail_with_error(module, error)
    module.exit_json(changed=False, services=services)


if __name__ == "__main__":
    main()
